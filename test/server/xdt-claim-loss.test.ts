/**
 * Filing a claim counts the interest accrued since the last due date up to the claim date (issue 12 item 8, RULES.md
 * D-3): the stored unpaid interest is the periods due plus the accrual, the loss is principal + interest, and the
 * claim's "why" (shown on the claim page) carries the accrual's arithmetic in 元. A claim filed on a due date accrues nothing.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "#db/audit";
import { appUser } from "#db/schema";
import { formatYuan } from "~/lib/money";
import { fileClaim } from "~/server/xdt/claims.server";
import { addMonths, daysBetween } from "#rules";
import { useAppDatabase } from "../setup/db";
import { cleanEnterprise, orgIdOf, overdueLoan, today } from "../support/xdt";

const { db } = useAppDatabase();

describe("D-3: the claim's loss includes the interest accrued since the last due date", () => {
  let bank: Actor;
  let bankOrgId: number;
  beforeAll(async () => {
    const [u] = await db().select().from(appUser).where(eq(appUser.username, "bank.a"));
    bank = { userId: u.id, name: u.displayName, orgId: u.organisationId, requestId: "test", ip: null };
    bankOrgId = await orgIdOf(db(), "bank.a");
  });

  async function fileFor(contractNo: string, monthsAgo: number, skip: number) {
    const ent = await cleanEnterprise(db(), skip);
    const { loan, dues } = await overdueLoan(db(), bankOrgId, ent.id, contractNo, 500_000_000, monthsAgo);
    const claim = await db().transaction((tx) => fileClaim(tx, bank, bankOrgId, loan.id, today()));
    const dueInterest = dues.filter((d) => d.component === "interest" && d.dueDate <= today()).reduce((s, d) => s + d.amountFen, 0);
    return { loan, claim, dueInterest };
  }

  it("filed 31 days after the last due date: the accrual is in the loss and in the why", async () => {
    const { loan, claim, dueInterest } = await fileFor("TEST-ACCRUAL-0001", 10, 20);
    const lastDue = addMonths(loan.disbursementDate as never, 9);
    const days = daysBetween(lastDue, today());
    expect(days).toBeGreaterThan(0);
    // round_half_up(500万元 × rate × days / 360 / 10000)
    const accrued = Math.floor((500_000_000 * loan.annualRateBp * days * 2 + 3_600_000) / (2 * 3_600_000));
    expect(accrued).toBeGreaterThan(0);
    expect(claim.unpaidInterestFen).toBe(dueInterest + accrued);
    expect(claim.lossFen).toBe(500_000_000 + dueInterest + accrued);
    expect(claim.compensationFen).toBe(Math.floor((claim.lossFen * 7000 + 5000) / 10000));
    const why = (claim.verdict as { compensation: { explain: string } }).compensation.explain;
    expect(why).toContain(`应计利息：自上一结息日${lastDue}至申请日${today()}共${days}天`);
    expect(why).toContain(`× ${days}天 ÷ 360计算，为${formatYuan(accrued)}元`);
    expect(why).toContain(`+ 应计利息${formatYuan(accrued)}元 = ${formatYuan(claim.lossFen)}元`);
  });

  it("filed on a due date: nothing accrues, that period's interest is due", async () => {
    const { claim, dueInterest } = await fileFor("TEST-ACCRUAL-0002", 9, 21);
    expect(claim.unpaidInterestFen).toBe(dueInterest);
    expect(claim.lossFen).toBe(500_000_000 + dueInterest);
    expect((claim.verdict as { compensation: { explain: string } }).compensation.explain).toContain(`申请日${today()}恰为结息日`);
  });
});
