import { hashPassword } from "../../../app/server/password.server";
import { appUser } from "../../schema";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUser } from "../demo-users";
import { need, type SeedStep } from "../context";
import type { SeedRefs } from "../context";

function orgIdFor(org: SeedRefs["org"], key: DemoUser["org"]): number {
  if (key === "bank0") return org.banks[0].id;
  if (key === "bank1") return org.banks[1].id;
  if (key.startsWith("finance:")) return org.prefectureFinance.get(key.slice(8))!;
  if (key.startsWith("industry:")) return org.prefectureIndustry.get(key.slice(9))!;
  return org[key as "system"];
}

export const usersStep: SeedStep = {
  name: "users",
  async run(ctx) {
    const org = need(ctx, "org");
    const users = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const [row] = await ctx.tx
        .insert(appUser)
        .values({ username: u.username, displayName: u.displayName, role: u.role, organisationId: orgIdFor(org, u.org), passwordHash: await hashPassword(DEMO_PASSWORD) })
        .returning({ id: appUser.id });
      users.set(u.username, row.id);
    }
    ctx.refs.users = users;
  },
};
