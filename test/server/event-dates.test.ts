/**
 * Issue 12 item 4 and "Dates and bounds that the rules imply": no event is dated after today or before what it follows
 * (信贷通's start, the disbursement, the allocation…); a loan disbursed after its filing day is refused at admission
 * (rules/xdt/admission.ts) and so never reaches the D-6 denominator; a repayment is at most what is outstanding. Each
 * refusal in Chinese with its basis, nothing stored; both sides of each boundary. The demo data holds none of it.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fundAcceptance, fundAllocation, fundBudget, fundProgram, fundProject, xdtLendingMonth, xdtLoan, xdtLoanDue, xdtRepayment } from "#db/schema";
import { rowsOf } from "#db/client";
import { addDays, type LegalDate } from "#rules";
import type { Tx } from "~/server/db.server";
import { accept, pay } from "~/server/funds/workflow.server";
import { approveBudget } from "~/server/funds/budgets.server";
import { recordRepayment } from "~/server/xdt/loans.server";
import { useAppDatabase } from "../setup/db";
import { actorOf, attempt as attemptIn, refusal } from "../support/service";
import { signedIn, type Client } from "../support/app";
import { pageText } from "../support/text";
import { cleanEnterprise, orgIdOf, overdueLoan, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();
const actor = (username: string) => actorOf(db(), username);
const attempt = (fn: (tx: Tx) => Promise<unknown>) => attemptIn(db(), fn);
const ALL = { kind: "all" } as const;




describe("the demo data holds no event after today or before what it follows", () => {
  it("信贷通: loans filed once disbursed, decisions, lending months, repayments, risk events, claims, recoveries", async () => {
    const t = today();
    const [r] = rowsOf<Record<string, number>>(
      await db().execute(sql`select
        (select count(*) from xdt_loan where disbursement_date > request_date)::int as filed_before_disbursed,
        (select count(*) from xdt_loan where disbursement_date > ${t} or request_date > ${t} or decided_on > ${t})::int as loan_future,
        (select count(*) from xdt_loan where disbursement_date < '2021-08-31' or decided_on < request_date)::int as loan_early,
        (select count(*) from xdt_lending_month where month > date_trunc('month', ${t}::date))::int as lending_future,
        (select count(*) from xdt_repayment r join xdt_loan l on l.id = r.loan_id where r.paid_on > ${t} or r.paid_on < l.disbursement_date)::int as repayments,
        (select count(*) from xdt_risk_event e left join xdt_loan l on l.id = e.loan_id where e.event_date > ${t} or e.event_date < coalesce(l.disbursement_date, '2021-08-31'))::int as risk_events,
        (select count(*) from xdt_claim c join xdt_loan l on l.id = c.loan_id where c.claim_date > ${t} or c.claim_date < l.disbursement_date or c.decision_date > ${t} or c.paid_on > ${t} or c.paid_on < c.decision_date)::int as claims,
        (select count(*) from xdt_recovery v join xdt_claim c on c.id = v.claim_id where v.recovery_date > ${t} or v.recovery_date < c.paid_on)::int as recoveries`),
    );
    expect(r).toEqual({ filed_before_disbursed: 0, loan_future: 0, loan_early: 0, lending_future: 0, repayments: 0, risk_events: 0, claims: 0, recoveries: 0 });
    // and repayments never exceed what was due, per loan and component
    const [over] = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from (
        select r.loan_id, r.component, sum(r.amount_fen) as paid,
          (select sum(d.amount_fen) from xdt_loan_due d where d.loan_id = r.loan_id and d.component = r.component) as due
        from xdt_repayment r group by 1, 2) x where paid > due`),
    );
    expect(over.n).toBe(0);
  });

  it("专项资金: decisions, allocations, payments, acceptances, adjustments and recoveries within their order and by today", async () => {
    const t = today();
    const [r] = rowsOf<Record<string, number>>(
      await db().execute(sql`select
        (select count(*) from fund_allocation al join fund_program p on p.id = al.program_id where al.decided_on > ${t} or al.decided_on < p.term_from or al.decided_on > p.term_to)::int as allocations,
        (select count(*) from fund_payment x join fund_allocation al on al.id = x.allocation_id where x.paid_on > ${t} or x.paid_on < al.decided_on)::int as payments,
        (select count(*) from fund_acceptance x join fund_allocation al on al.id = x.allocation_id where x.accepted_on > ${t} or x.accepted_on < al.decided_on)::int as acceptances,
        (select count(*) from fund_adjustment x join fund_allocation al on al.id = x.allocation_id where x.requested_on > ${t} or x.requested_on < al.decided_on)::int as adjustments,
        (select count(*) from fund_recovery x left join fund_allocation al on al.id = x.allocation_id where x.decided_on > ${t} or x.decided_on < coalesce(al.decided_on, '2023-04-17'))::int as recoveries,
        (select count(*) from fund_application a where a.filed_on > ${t} or a.decided_on < a.filed_on or a.approved_on > ${t})::int as applications`),
    );
    expect(r).toEqual({ allocations: 0, payments: 0, acceptances: 0, adjustments: 0, recoveries: 0, applications: 0 });
  });
});

describe("a loan disbursed after its filing day is refused at admission (issue 12 item 4)", () => {
  let bank: Client;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
  });
  const form = (creditCode: string, contractNo: string, disbursementDate: string) => ({ creditCode, contractNo, amount: "3,000,000.00", rate: rateText(50), termMonths: "12", disbursementDate, isCreditLoan: "on", controllerSpouseGuarantee: "on" });

  it("tomorrow: 400 with the reason and its basis, nothing stored; today: filed", async () => {
    const ent = await cleanEnterprise(db(), 3);
    const [{ n: before }] = await db().select({ n: count() }).from(xdtLoan);
    const res = await bank.post("/xdt/loans/new", form(ent.creditCode, "TEST-FUTURE-0001", addDays(today(), 1)));
    expect(res.status).toBe(400);
    const text = await pageText(res);
    expect(text).toContain(`放款日期${addDays(today(), 1)}晚于报备日期${today()}`);
    expect(text).toContain("已投放清单");
    expect(text).toContain("产品决定 D-6");
    const [{ n: after }] = await db().select({ n: count() }).from(xdtLoan);
    expect(after).toBe(before);
    const ok = await bank.post("/xdt/loans/new", form(ent.creditCode, "TEST-FUTURE-0002", today()));
    expect(ok.status, await ok.clone().text()).toBe(302);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-FUTURE-0002"));
    expect(loan.disbursementDate).toBe(today());
  });

  it("a loan filed before this check with a future date is not admitted by the trustee, and adds nothing to the D-6 denominator", async () => {
    const bankOrgId = await orgIdOf(db(), "bank.a");
    const ent = await cleanEnterprise(db(), 4);
    // as an old filing would be: pending, disbursement date in the future
    const { loan } = await overdueLoan(db(), bankOrgId, ent.id, "TEST-FUTURE-OLD", 100_000_000, 0);
    const tomorrow = addDays(today(), 1);
    await db().delete(xdtLoanDue).where(eq(xdtLoanDue.loanId, loan.id));
    await db().update(xdtLoan).set({ admissionStatus: "pending", decidedOn: null, disbursementDate: tomorrow, requestDate: today() }).where(eq(xdtLoan.id, loan.id));
    const lending = async () => Number((await db().select({ fen: sql<string>`coalesce(sum(${xdtLendingMonth.admittedFen}), 0)::text` }).from(xdtLendingMonth).where(eq(xdtLendingMonth.bankOrgId, bankOrgId)))[0].fen);
    const before = await lending();
    const trustee = await signedIn("trustee");
    const res = await trustee.post(`/xdt/loans/${loan.id}`, { intent: "admit" });
    expect(res.status).toBe(400);
    const text = await pageText(res);
    expect(text).toContain(`放款日期${tomorrow}晚于今天（${today()}）：尚未发放的贷款不能入库`);
    expect(text).toContain("产品决定 已发放贷款报备");
    const [still] = await db().select().from(xdtLoan).where(eq(xdtLoan.id, loan.id));
    expect(still.admissionStatus).toBe("pending");
    expect(await lending()).toBe(before);
    // on its disbursement day it is an ordinary loan: admitted, and counted
    await db().update(xdtLoan).set({ disbursementDate: today() }).where(eq(xdtLoan.id, loan.id));
    expect((await trustee.post(`/xdt/loans/${loan.id}`, { intent: "admit" })).status).toBe(302);
    expect(await lending()).toBe(before + 100_000_000);
  });
});

describe("a repayment: by today, not before the disbursement, at most what is outstanding", () => {
  it("both sides of each boundary, refused in Chinese with the basis, nothing stored", async () => {
    const bankOrgId = await orgIdOf(db(), "bank.a");
    const ent = await cleanEnterprise(db(), 5);
    const { loan } = await overdueLoan(db(), bankOrgId, ent.id, "TEST-REPAY-BOUNDS", 100_000_000, 4);
    const bank = await actor("bank.a");
    const dues = await db().select().from(xdtLoanDue).where(and(eq(xdtLoanDue.loanId, loan.id), eq(xdtLoanDue.component, "interest")));
    const owed = dues.reduce((s, d) => s + d.amountFen, 0);
    const repay = (paidOn: string, amount: number) => attempt((tx) => recordRepayment(tx, bank, bankOrgId, loan.id, { intent: "repay", component: "interest", paidOn, amount: amount as never, requestId: randomUUID() }, today()));
    const stored = async () => (await db().select({ n: count() }).from(xdtRepayment).where(eq(xdtRepayment.loanId, loan.id)))[0].n;

    const tomorrow = await repay(addDays(today(), 1), 100);
    expect(refusal(tomorrow)).toBe(`还款日期（${addDays(today(), 1)}）不能晚于今天（${today()}）：只能登记已经发生的事项（依据：产品决定 事件日期）`);
    const early = await repay(addDays(loan.disbursementDate as LegalDate, -1), 100);
    expect(refusal(early)).toContain(`不能早于该贷款的放款日（${loan.disbursementDate}）`);
    const tooMuch = await repay(today(), owed + 1);
    expect(refusal(tooMuch)).toContain("还款不能多于尚未归还的利息");
    expect(await stored()).toBe(0);

    expect(await repay(loan.disbursementDate, 100)).toEqual({ ok: true });
    expect(await repay(today(), owed - 100)).toEqual({ ok: true });
    expect(await stored()).toBe(2);
    // nothing is outstanding any more: one fen is too much
    expect(refusal(await repay(today(), 1))).toContain("还款金额超过该类未还合计（0.00 元）");
  });
});

describe("专项资金: an acceptance, a payment and a sanction are not dated before the allocation", () => {
  it("the allocation day passes, the day before is refused with its reason", async () => {
    const industry = await actor("industry");
    const finance = await actor("finance");
    const [al] = await db()
      .select({ projectId: fundAllocation.projectId, decidedOn: fundAllocation.decidedOn })
      .from(fundAllocation)
      .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
      .where(and(eq(fundAllocation.status, "active"), eq(fundAllocation.paidFen, 0), eq(fundProject.keyProject, false), sql`${fundAllocation.decidedOn} > '2026-01-01'`, sql`not exists (select 1 from fund_acceptance x where x.allocation_id = ${fundAllocation.id})`, sql`exists (select 1 from region r where r.code = ${fundProject.regionCode} and r.level = 'county')`))
      .orderBy(fundAllocation.id)
      .limit(1);
    expect(al, "an unpaid, unaccepted 2026 allocation in the demo data").toBeDefined();
    const dayBefore = addDays(al.decidedOn as LegalDate, -1);
    const payment = (onDate: string) => ({ intent: "pay" as const, amount: 100, kind: "progress" as const, onDate, payeeAccountType: "enterprise_basic" as const, payeeAccountNo: "6217000000002222", requestId: randomUUID() });
    expect(refusal(await attempt((tx) => pay(tx, finance, ALL, al.projectId, payment(dayBefore))))).toBe(`拨付日期（${dayBefore}）不能早于资金安排日期（${al.decidedOn}）（依据：产品决定 事件日期）`);
    expect(refusal(await attempt((tx) => accept(tx, industry, ALL, al.projectId, { intent: "accept", onDate: dayBefore, result: "passed" })))).toBe(`验收日期（${dayBefore}）不能早于资金安排日期（${al.decidedOn}）（依据：产品决定 事件日期）`);
    expect(await db().select().from(fundAcceptance).innerJoin(fundAllocation, eq(fundAllocation.id, fundAcceptance.allocationId)).where(eq(fundAllocation.projectId, al.projectId))).toEqual([]);
    expect(await attempt((tx) => pay(tx, finance, ALL, al.projectId, payment(al.decidedOn)))).toEqual({ ok: true });
    expect(await attempt((tx) => accept(tx, industry, ALL, al.projectId, { intent: "accept", onDate: al.decidedOn, result: "passed" }))).toEqual({ ok: true });
  });

  it("any funds date after today is refused with the basis", async () => {
    const industry = await actor("industry");
    const [al] = await db().select({ projectId: fundAllocation.projectId }).from(fundAllocation).where(eq(fundAllocation.status, "active")).orderBy(fundAllocation.id).limit(1);
    const tomorrow = addDays(today(), 1);
    expect(refusal(await attempt((tx) => accept(tx, industry, ALL, al.projectId, { intent: "accept", onDate: tomorrow, result: "passed" })))).toBe(`日期（${tomorrow}）不能晚于今天（${today()}）：只能登记已经发生的事项（依据：产品决定 事件日期）`);
  });
});

describe("专项资金: a budget is not approved before its program began", () => {
  it("a program the administrator added from 2026-01-01 (its rule set began 2023): 2025-12-31 refused, 2026-01-01 approved", async () => {
    const finance = await actor("finance");
    const [gx] = await db().select().from(fundProgram).where(eq(fundProgram.code, "GXZJ"));
    const { id: _id, ...copy } = gx;
    await db().insert(fundProgram).values({ ...copy, code: "SZZX-T", name: "数字化转型测试专项资金", termFrom: "2026-01-01", termTo: "2027-12-31" });
    const approve = (onDate: string) => attempt((tx) => approveBudget(tx, finance, ALL, { programCode: "SZZX-T", year: 2026, regionCode: "520000", amount: 1000 * 1_000_000, onDate }));
    expect(refusal(await approve("2025-12-31"))).toBe("批复日期（2025-12-31）不能早于数字化转型测试专项资金实施期开始日（2026-01-01）（依据：产品决定 事件日期）");
    expect(await db().select().from(fundBudget).where(sql`${fundBudget.programId} = (select id from fund_program where code = 'SZZX-T')`)).toEqual([]);
    expect(await approve("2026-01-01")).toEqual({ ok: true });
  });
});
