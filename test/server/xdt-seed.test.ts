/**
 * The 信贷通 demo data (issue 4 §11) is consistent with the rules and the ledger: ~2,000 loans 2022–2026 across
 * the 8 banks, claims at every stage, compensation journals equal to the paid claims, one bank past 3% (suspended)
 * and one just under, a blacklisted enterprise with its shareholders, monthly reports on their clock.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journal, posting, xdtBank, xdtBlacklist, xdtClaim, xdtLoan, xdtMonthlyReport, xdtRecovery, XDT_CLAIM_STATUSES } from "#db/schema";
import { bankRiskRatio, type LegalDate } from "#rules";
import { XDT_DEMO_TODAY } from "#db/seed/steps/xdt";
import { useAppDatabase } from "../setup/db";

const { db } = useAppDatabase();

const rows = async <T,>(q: ReturnType<typeof sql>) => {
  const r = await db().execute(q);
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
};

describe("信贷通 demo data", () => {
  it("has about 2,000 loans from 2022 to 2026 across the 8 banks", async () => {
    const [{ n, banks, first, last }] = await rows<{ n: number; banks: number; first: string; last: string }>(sql`select count(*)::int as n, count(distinct bank_org_id)::int as banks, min(disbursement_date)::text as first, max(disbursement_date)::text as last from xdt_loan`);
    expect(n).toBeGreaterThan(1800);
    expect(n).toBeLessThan(2300);
    expect(banks).toBe(8);
    expect(first.startsWith("2022")).toBe(true);
    expect(last.startsWith("2026")).toBe(true);
  });

  it("has claims at every stage", async () => {
    const found = await db().select({ s: xdtClaim.status }).from(xdtClaim).groupBy(xdtClaim.status);
    for (const s of XDT_CLAIM_STATUSES) expect(found.map((f) => f.s), s).toContain(s);
  });

  it("pays every paid claim by exactly one balanced journal of its approved amount", async () => {
    const paid = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "paid"));
    expect(paid.length).toBeGreaterThan(20);
    for (const c of paid) {
      const [j] = await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:claim:${c.id}:payment`));
      expect(j, `claim ${c.id}`).toBeTruthy();
      expect(c.paymentJournalId).toBe(j.id);
      const lines = await db().select().from(posting).where(eq(posting.journalId, j.id));
      expect(lines.reduce((s, l) => s + l.amountFen, 0)).toBe(0);
      expect(lines.filter((l) => l.amountFen > 0).reduce((s, l) => s + l.amountFen, 0)).toBe(c.approvedFen);
    }
  });

  it("has one bank past 3% and suspended, one just under 3%, the others below", async () => {
    const banks = await rows<{ org_id: number; status: string; paid: string; loans: string }>(sql`
      select b.org_id, b.status,
        (select coalesce(sum(p.amount_fen), 0) from posting p join ledger_account a on a.id = p.account_id where a.code = 'xdt:compensation:' || b.org_id)::text as paid,
        (select coalesce(sum(l.amount_fen), 0) from xdt_loan l where l.bank_org_id = b.org_id and l.admission_status = 'admitted')::text as loans
      from xdt_bank b order by b.org_id`);
    const ratios = banks.map((b) => ({ ...b, v: bankRiskRatio({ compensationPaid: Number(b.paid) as never, cumulativeLoans: Number(b.loans) as never }, XDT_DEMO_TODAY as LegalDate).value }));
    const suspended = ratios.filter((r) => r.status === "suspended");
    expect(suspended).toHaveLength(1);
    expect(suspended[0].v.reached).toBe(true);
    for (const r of ratios.filter((x) => x.status === "active")) expect(r.v.reached).toBe(false);
    expect(ratios.some((r) => r.status === "active" && r.v.ratioBp >= 250 && r.v.ratioBp < 300)).toBe(true);
    const [bank] = await db().select().from(xdtBank).where(eq(xdtBank.orgId, suspended[0].org_id));
    expect(bank.suspensionReason).toBe("bank_ratio");
  });

  it("has a blacklisted enterprise with all its shareholders, and no loan of it after the decision", async () => {
    const list = await db().select().from(xdtBlacklist);
    const ent = list.find((b) => b.kind === "enterprise")!;
    expect(list.filter((b) => b.kind === "shareholder" && b.enterpriseId === ent.enterpriseId).length).toBeGreaterThan(0);
    const after = await db().select().from(xdtLoan).where(sql`${xdtLoan.enterpriseId} = ${ent.enterpriseId} and ${xdtLoan.requestDate} > ${ent.decisionDate}`);
    expect(after).toHaveLength(0);
  });

  it("has monthly reports for every bank with their due dates, some late; recoveries, some returned late", async () => {
    const reports = await db().select().from(xdtMonthlyReport);
    expect(new Set(reports.map((r) => r.bankOrgId)).size).toBe(8);
    for (const r of reports) expect(r.dueDate.slice(8)).toBe("10");
    expect(reports.some((r) => r.submittedOn > r.dueDate)).toBe(true);
    const recs = await db().select().from(xdtRecovery);
    expect(recs.length).toBeGreaterThan(3);
    expect(recs.some((r) => r.returnedOn && r.returnedOn > r.dueDate)).toBe(true);
  });
});
