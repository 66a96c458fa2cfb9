import { organisation } from "../../schema";
import type { LegalDate } from "../../../rules/core/dates";
import { recordApplication } from "../../../app/server/xdt/partners.server";
import { DEMO_USERS } from "../demo-users";
import { need, type SeedStep } from "../context";

const APPLIED_ON = "2026-11-16";

/**
 * Issue 4 item 2 on the demo data: one bank that has applied (XDT-BF 第五条) and waits for the office's evaluation,
 * its application recorded by the 信贷通办 as the page records it. (The partner lists, the deposits and the pool
 * operations are part of the 信贷通 step's history, in date order.) Runs last: the new organisation shifts no other
 * step's ids.
 */
export const xdtPartnersStep: SeedStep = {
  name: "xdt-partners",
  async run(ctx) {
    const org = need(ctx, "org");
    const users = need(ctx, "users");
    const { tx } = ctx;
    const office = DEMO_USERS.find((u) => u.username === "xdt")!;
    const actor = { userId: users.get("xdt")!, name: `${office.displayName}（${office.username}）`, orgId: org.xdtOffice, requestId: "seed", ip: null };
    const [applicant] = await tx.insert(organisation).values({ name: "兴业银行股份有限公司贵阳分行", shortName: "兴业银行", kind: "bank", regionCode: "520000" }).returning({ id: organisation.id });
    await recordApplication(
      tx,
      actor,
      { intent: "apply", bankOrgId: applicant.id, basis: "在黔设有 28 个营业网点，申请成为信贷通合作金融机构（XDT-BF 第五条）", decisionRef: "兴银黔函〔2026〕57号", decisionDate: APPLIED_ON },
      APPLIED_ON as LegalDate,
    );
  },
};
