import { randomUUID } from "node:crypto";
/**
 * 专项资金 money taken back (issue 5): a failed acceptance and a refused GXZJ adjustment recover what was paid with
 * one balanced journal back to the province-level line; the allocation is closed to further payments.
 */
import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fundAllocation, fundPayment, fundProgram, fundProject, fundRecovery, journal, posting } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

/** 贵阳 GXZJ allocations still active, paid in part, not accepted, routed locally (under 5亿, not a provincial SOE). */
async function paidActive(n: number) {
  return db()
    .select({ al: fundAllocation, p: fundProject })
    .from(fundAllocation)
    .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
    .innerJoin(fundProgram, eq(fundProgram.id, fundAllocation.programId))
    .where(
      and(
        eq(fundProgram.code, "GXZJ"),
        eq(fundAllocation.status, "active"),
        like(fundProject.regionCode, "5201%"),
        eq(fundProject.provincialEnterprise, false),
        eq(fundProject.filingLevel, "county"),
        sql`${fundProject.totalInvestmentFen} < 50000000000`,
        sql`exists (select 1 from fund_payment x where x.allocation_id = ${fundAllocation.id})`,
        sql`not exists (select 1 from fund_acceptance x where x.allocation_id = ${fundAllocation.id})`,
      ),
    )
    .orderBy(fundAllocation.id)
    .limit(n);
}

async function paidOf(allocationId: number) {
  const rows = await db().select().from(fundPayment).where(eq(fundPayment.allocationId, allocationId));
  return rows.reduce((s, r) => s + r.amountFen, 0);
}

describe("recoveries through the ledger", () => {
  it("a failed acceptance recovers everything paid; no further payment is possible", async () => {
    const [{ al, p }] = await paidActive(1);
    const paid = await paidOf(al.id);
    const city = await signedIn("industry.gy");
    const res = await city.post(`/funds/projects/${p.id}`, { intent: "accept", onDate: "2026-11-20", result: "failed", note: "主要绩效目标未完成" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [rec] = await db().select().from(fundRecovery).where(and(eq(fundRecovery.allocationId, al.id), eq(fundRecovery.kind, "acceptance_failed")));
    expect(rec.amountFen).toBe(paid);
    const lines = await db().select().from(posting).where(eq(posting.journalId, rec.journalId));
    expect(lines.reduce((s, l) => s + l.amountFen, 0)).toBe(0);
    expect(Math.max(...lines.map((l) => l.amountFen))).toBe(paid);
    const [after] = await db().select().from(fundAllocation).where(eq(fundAllocation.id, al.id));
    expect(after.status).toBe("recovered");
    const pay = await (await signedIn("finance.gy")).post(`/funds/projects/${p.id}`, { intent: "pay", amount: "1.00", kind: "progress", onDate: "2026-11-21", payeeAccountType: "enterprise_basic", payeeAccountNo: "6217000000000001", requestId: randomUUID() });
    expect(pay.status).toBe(400);
    expect(await pageText(pay)).toContain("已收回");
  });

  it("a refused GXZJ adjustment (county-filed: the 市州 approves) recovers the money", async () => {
    const [, { al, p }] = await paidActive(2);
    const paid = await paidOf(al.id);
    const city = await signedIn("industry.gy");
    const res = await city.post(`/funds/projects/${p.id}`, { intent: "adjust", onDate: "2026-11-20", content: "变更项目实施地点", decision: "refused" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [rec] = await db().select().from(fundRecovery).where(and(eq(fundRecovery.allocationId, al.id), eq(fundRecovery.kind, "adjustment_refused")));
    expect(rec.amountFen).toBe(paid);
    const [j] = await db().select().from(journal).where(eq(journal.id, rec.journalId));
    expect(j.idempotencyKey).toBe(`funds:recovery:adjustment_refused:${al.id}`);
  });
});
