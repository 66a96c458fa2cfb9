import { randomUUID } from "node:crypto";
/**
 * Recoveries (issue 4 §5): the bank reports money recovered after compensation and its costs; the pool's share and
 * its 3-working-day due date come from the rules (D-4, D-5); the trustee's receipt posts one journal; a late
 * return is flagged on the list the trustee and the office read.
 */
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, journal, ledgerAccount, posting, xdtClaim, xdtRecovery } from "#db/schema";
import { addWorkingDays, DEFAULT_CALENDAR } from "#rules";
import { formatYuan } from "~/lib/money";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { orgIdOf, today } from "../support/xdt";

const { db } = useAppDatabase();

async function trustBalance() {
  const [r] = await db().select({ s: sql<string>`coalesce(sum(${posting.amountFen}),0)::text` }).from(posting).innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId)).where(eq(ledgerAccount.code, "xdt:trust"));
  return Number(r.s);
}

describe("recoveries and their return", () => {
  it("the bank reports a recovery: only litigation costs actually incurred are deducted (after 2022-06-01), 70% to the pool, due in 3 working days", async () => {
    const me = await orgIdOf(db(), "bank.a");
    const [claim] = await db().select().from(xdtClaim).where(and(eq(xdtClaim.bankOrgId, me), eq(xdtClaim.status, "paid"))).limit(1);
    const bank = await signedIn("bank.a");
    const report = { intent: "report-recovery", requestId: randomUUID(), recoveryDate: today(), recovered: "100,000.00", litigationCost: "3,000.00", recoveryCost: "1,000.00" };
    const res = await bank.post(`/xdt/claims/${claim.id}`, report);
    // the same form sent again (double-click, retry) records the recovery once
    expect((await bank.post(`/xdt/claims/${claim.id}`, report)).status).toBe(302);
    expect(await db().select().from(xdtRecovery).where(eq(xdtRecovery.requestKey, report.requestId))).toHaveLength(1);
    expect(res.status, await res.clone().text()).toBe(302);
    const [rec] = await db().select().from(xdtRecovery).where(and(eq(xdtRecovery.claimId, claim.id), eq(xdtRecovery.recoveryDate, today())));
    expect(rec.deductibleFen).toBe(300_000);
    expect(rec.toPoolFen).toBe(6_790_000); // (100,000 − 3,000) × 70% = 67,900.00 元
    expect(rec.dueDate).toBe(addWorkingDays(today(), 3, DEFAULT_CALENDAR));
    const page = await pageText(await bank.get(`/xdt/claims/${claim.id}`));
    expect(page).toContain(formatYuan(6_790_000));
    expect(page).toContain("不予扣除");

    // bad input: never a 500
    const bad = await bank.post(`/xdt/claims/${claim.id}`, { intent: "report-recovery", requestId: randomUUID(), recoveryDate: "2099-01-01", recovered: "abc" });
    expect(bad.status).toBe(400);
    expect(await pageText(bad)).toContain("追回金额格式不正确");

    // the trustee records the return once: trust account +67,900.00 and one journal
    const trustee = await signedIn("trustee");
    const before = await trustBalance();
    expect((await trustee.post(`/xdt/claims/${claim.id}`, { intent: "return-recovery", recoveryId: String(rec.id) })).status).toBe(302);
    expect((await trustee.post(`/xdt/claims/${claim.id}`, { intent: "return-recovery", recoveryId: String(rec.id) })).status).toBe(302);
    expect(await trustBalance()).toBe(before + 6_790_000);
    expect(await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:recovery:${rec.id}:return`))).toHaveLength(1);
    const [after] = await db().select().from(xdtRecovery).where(eq(xdtRecovery.id, rec.id));
    expect(after.returnedOn).toBe(today());
  });

  it("a bank cannot report on a claim that is not paid, nor record a return", async () => {
    const me = await orgIdOf(db(), "bank.a");
    const [open] = await db().select().from(xdtClaim).where(and(eq(xdtClaim.bankOrgId, me), sql`${xdtClaim.status} <> 'paid'`)).limit(1);
    const bank = await signedIn("bank.a");
    const res = await bank.post(`/xdt/claims/${open.id}`, { intent: "report-recovery", requestId: randomUUID(), recoveryDate: today(), recovered: "1,000.00" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("只有已支付补偿");
    const [rec] = await db().select().from(xdtRecovery).where(eq(xdtRecovery.bankOrgId, me)).limit(1);
    expect((await bank.post(`/xdt/claims/${rec.claimId}`, { intent: "return-recovery", recoveryId: String(rec.id) })).status).toBe(403);
  });

  it("a return still open past its due date is flagged late; recording it marks it late in the audit trail", async () => {
    const [open] = await db().select().from(xdtRecovery).where(and(isNull(xdtRecovery.returnedOn), lt(xdtRecovery.dueDate, today()))).limit(1);
    expect(open, "the demo data has an overdue return").toBeTruthy();
    const office = await signedIn("xdt");
    const list = await pageText(await office.get("/xdt/recoveries?state=late"));
    expect(list).toContain(`/xdt/claims/${open.claimId}`);
    expect(list).toContain("逾期");
    const trustee = await signedIn("trustee");
    const res = await trustee.post(`/xdt/claims/${open.claimId}`, { intent: "return-recovery", recoveryId: String(open.id) });
    expect(res.status).toBe(302);
    const [a] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-recovery"), eq(auditLog.entityId, String(open.id)), eq(auditLog.action, "return-recovery")));
    expect((a.after as { late: boolean }).late).toBe(true);
  });
});
