import { eq } from "drizzle-orm";
import { hashPassword, passwordProblems } from "../app/server/password.server";
import { SYSTEM_ACTOR, writeAudit } from "./audit";
import type { Db } from "./client";
import { appUser, organisation } from "./schema";

/**
 * The first administrator of a real deployment (there is no built-in admin password): created from the
 * command line (`npm run create-admin`), in the system organisation, audited.
 */
export async function createAdministrator(db: Db, input: { username: string; displayName: string; password: string }) {
  const problem = passwordProblems(input.password);
  if (problem) throw new Error(problem);
  if (!/^[a-zA-Z0-9._-]{3,40}$/.test(input.username)) throw new Error("登录名只能包含字母、数字、点、下划线和连字符（3–40 个字符）");
  return db.transaction(async (tx) => {
    let [system] = await tx.select().from(organisation).where(eq(organisation.kind, "system"));
    if (!system) {
      [system] = await tx.insert(organisation).values({ name: "资金通系统管理", shortName: "系统管理", kind: "system", regionCode: "520000" }).returning();
    }
    const [user] = await tx
      .insert(appUser)
      .values({ username: input.username, displayName: input.displayName, role: "admin", organisationId: system.id, passwordHash: await hashPassword(input.password) })
      .returning({ id: appUser.id, username: appUser.username, role: appUser.role });
    await writeAudit(tx, { ...SYSTEM_ACTOR, name: "命令行 create-admin", requestId: "cli" }, { entity: "user", entityId: user.id, action: "create", after: user });
    return user;
  });
}
