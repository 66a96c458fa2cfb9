/**
 * The demo data holds nothing the rules forbid (issue 12 §6). Every stored 信贷通 record of the WHOLE demo data set is
 * re-checked against the rule book with the history as it stood on the record's own date:
 * - every loan not rejected: checkLoanAdmission as of its filing day — the bank's status then (not stopped), the rate
 *   ceiling for its disbursement date, term, the enterprise total with the loans outstanding then, the blacklist as
 *   of then — and the stored verdict agrees; the trustee admits a disbursed loan, within no stop, no blacklist entry;
 * - repayments: after disbursement, never more than the schedule, none after the loan's claim;
 * - every claim: the 60/90-day trigger and the loss and 70% compensation re-derived from the stored schedule and
 *   repayments (D-3 with the accrued interest); the workflow's steps in order, the nine materials before verification,
 *   the approved amount within the compensation, one payment journal of it;
 * - recoveries: the deductible costs, the pool's share and the due date re-derived; what returns ≤ the compensation;
 * - the 3% stop: a bank whose ratio (or the pool's) reached 3% on a payment was suspended that day; no restart
 *   without a recorded decision;
 * - dates: no event after the demo's today or before 信贷通 began (XDT-FA, 2021-08-31), none before what it follows;
 * - the ledger: every journal balanced, no guarded account overdrawn in value-date order, stored balances equal.
 * Each check lists what it finds; the test expects every list to be empty.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bankRiskRatio,
  checkLoanAdmission,
  claimEligibility,
  compensation,
  poolRiskRatio,
  recoveryReturn,
  riskEventReportDue,
  XDT_RISK_EVENT_DAYS,
  XDT_START,
  type LegalDate,
  type LprTable,
  type RecoveryCost,
  type WorkingDayCalendar,
} from "#rules";
import { loanPosition, type Due, type Repayment } from "#db/xdt";
import { XDT_CLAIM_MATERIALS } from "#db/schema";
import { XDT_DEMO_TODAY } from "#db/seed/steps/xdt";
import { workingCalendar } from "~/server/calendar.server";
import { lprTable } from "~/server/xdt/reference.server";
import { useAppDatabase } from "../setup/db";

const { db } = useAppDatabase();
const TODAY = XDT_DEMO_TODAY as LegalDate;

async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  const r = await db().execute(q);
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
}

interface Loan {
  id: number;
  bank: number;
  enterprise: number;
  contract: string;
  amount: number;
  rate: number;
  term: number;
  disbursed: string;
  maturity: string;
  requested: string;
  status: "pending" | "admitted" | "rejected";
  decided: string | null;
  credit: boolean;
  enhancement: string | null;
  spouse: boolean;
  renewalOf: number | null;
  verdict: { outcome: string; override?: { by: string; reason: string } };
  dues: Due[];
  repayments: Repayment[];
}

/** Everything the checks read, loaded once. */
interface World {
  loans: Loan[];
  byId: Map<number, Loan>;
  enterprises: Map<number, { creditCode: string; regionCode: string; sizeClass: string; holders: string[] }>;
  statusChanges: Map<number, { from: string | null; to: string; on: string; ref: string | null; id: number }[]>;
  blacklist: { identifier: string; on: string }[];
  claims: { id: number; loanId: number; bank: number; status: string; claimDate: string; principal: number; interest: number; loss: number; comp: number; approved: number | null; decisionDate: string | null; paidOn: string | null; journalId: number | null; verdict: { compensation?: { findings?: { code: string }[] } } }[];
  lpr: LprTable;
  calendar: WorkingDayCalendar;
}

let w: World;

/** The status a bank had on `date` (its changes up to that day, in the order recorded). */
function statusOn(world: World, bank: number, date: string): string | null {
  let status: string | null = null;
  for (const c of world.statusChanges.get(bank) ?? []) if (c.on <= date) status = c.to;
  return status;
}

/** A short name for a loan in a finding. */
const nameOf = (l: Loan) => `贷款 ${l.contract}（#${l.id}）`;

beforeAll(async () => {
  const loans = await rows<Omit<Loan, "dues" | "repayments" | "amount" | "verdict"> & { amount: string; verdict: Loan["verdict"] }>(sql`
    select id::int, bank_org_id::int as bank, enterprise_id::int as enterprise, contract_no as contract, amount_fen::text as amount, annual_rate_bp as rate,
      term_months as term, disbursement_date::text as disbursed, maturity_date::text as maturity, request_date::text as requested,
      admission_status as status, decided_on::text as decided, is_credit_loan as credit, credit_enhancement as enhancement,
      controller_spouse_guarantee as spouse, renewal_of_loan_id::int as "renewalOf", admission_verdict as verdict
    from xdt_loan order by request_date, id`);
  const list: Loan[] = loans.map((l) => ({ ...l, amount: Number(l.amount), dues: [], repayments: [] }));
  const byId = new Map(list.map((l) => [l.id, l]));
  for (const d of await rows<{ loan: number; component: "principal" | "interest"; due: string; amount: string }>(sql`select loan_id::int as loan, component, due_date::text as due, amount_fen::text as amount from xdt_loan_due order by due_date, id`)) {
    byId.get(d.loan)?.dues.push({ component: d.component, dueDate: d.due, amountFen: Number(d.amount) });
  }
  for (const r of await rows<{ loan: number; component: "principal" | "interest"; paid: string; amount: string }>(sql`select loan_id::int as loan, component, paid_on::text as paid, amount_fen::text as amount from xdt_repayment order by paid_on, id`)) {
    byId.get(r.loan)?.repayments.push({ component: r.component, paidOn: r.paid, amountFen: Number(r.amount) });
  }
  const enterprises = new Map<number, { creditCode: string; regionCode: string; sizeClass: string; holders: string[] }>();
  for (const e of await rows<{ id: number; code: string; region: string; size: string }>(sql`select id::int, credit_code as code, region_code as region, size_class as size from enterprise`)) {
    enterprises.set(e.id, { creditCode: e.code, regionCode: e.region, sizeClass: e.size, holders: [] });
  }
  for (const h of await rows<{ ent: number; identifier: string }>(sql`select enterprise_id::int as ent, identifier from shareholder order by id`)) enterprises.get(h.ent)?.holders.push(h.identifier);
  const statusChanges = new Map<number, { from: string | null; to: string; on: string; ref: string | null; id: number }[]>();
  for (const c of await rows<{ id: number; bank: number; from: string | null; to: string; on: string; ref: string | null }>(sql`select id::int, bank_org_id::int as bank, from_status as from, to_status as to, decision_date::text as on, decision_ref as ref from xdt_bank_status_change order by decision_date, id`)) {
    statusChanges.set(c.bank, [...(statusChanges.get(c.bank) ?? []), c]);
  }
  const blacklist = await rows<{ identifier: string; on: string }>(sql`select identifier, decision_date::text as on from xdt_blacklist`);
  const claims = (
    await rows<{ id: number; loanId: number; bank: number; status: string; claimDate: string; principal: string; interest: string; loss: string; comp: string; approved: string | null; decisionDate: string | null; paidOn: string | null; journalId: number | null; verdict: World["claims"][number]["verdict"] }>(sql`
      select id::int, loan_id::int as "loanId", bank_org_id::int as bank, status, claim_date::text as "claimDate", unpaid_principal_fen::text as principal, unpaid_interest_fen::text as interest,
        loss_fen::text as loss, compensation_fen::text as comp, approved_fen::text as approved, decision_date::text as "decisionDate", paid_on::text as "paidOn", payment_journal_id::int as "journalId", verdict
      from xdt_claim order by id`)
  ).map((c) => ({ ...c, principal: Number(c.principal), interest: Number(c.interest), loss: Number(c.loss), comp: Number(c.comp), approved: c.approved === null ? null : Number(c.approved) }));
  w = { loans: list, byId, enterprises, statusChanges, blacklist, claims, lpr: await lprTable(db() as never), calendar: await workingCalendar(db() as never) };
});

/** Fails with the first findings (and how many there are) when a list is not empty. */
function expectNone(findings: string[]) {
  expect(findings.length === 0 ? [] : [`${findings.length} 项：`, ...findings.slice(0, 25)]).toEqual([]);
}

describe("the whole 信贷通 demo data set, re-checked by the rule book", () => {
  it("has the demo's records to check", () => {
    expect(w.loans.length).toBeGreaterThan(1800);
    expect(w.claims.length).toBeGreaterThan(40);
  });

  it("admits no loan the admission rules refuse as of its filing day (XDT-BF 第九条, 第二十一条; XDT-FA 六（一）)", () => {
    const findings: string[] = [];
    for (const l of w.loans) {
      if (l.status === "rejected") continue;
      const ent = w.enterprises.get(l.enterprise)!;
      const status = statusOn(w, l.bank, l.requested);
      // the enterprise's other loans as the filing found them: filed before it, not refused by then, still running
      const others = w.loans.filter((o) => {
        if (o.enterprise !== l.enterprise || o === l) return false;
        if (o.requested > l.requested || (o.requested === l.requested && o.id > l.id)) return false;
        if (o.status === "rejected" && o.decided !== null && o.decided <= l.requested) return false;
        return o.maturity > l.disbursed && o.id !== l.renewalOf;
      });
      const outstanding = (o: Loan) => o.amount - o.repayments.filter((r) => r.component === "principal" && r.paidOn <= l.requested).reduce((s, r) => s + r.amountFen, 0);
      const verdict = checkLoanAdmission(
        {
          bankId: String(l.bank),
          disbursementDate: l.disbursed as LegalDate,
          asOf: l.requested as LegalDate,
          amount: l.amount as never,
          termMonths: l.term,
          annualRateBp: l.rate,
          enterprise: { creditCode: ent.creditCode, regionCode: ent.regionCode, isSme: ent.sizeClass !== "large", shareholderIds: ent.holders },
          otherOutstandingLoans: others.map((o) => ({ loanId: String(o.id), bankId: String(o.bank), outstanding: outstanding(o) as never })),
          blacklist: new Set(w.blacklist.filter((b) => b.on <= l.requested).map((b) => b.identifier)),
          isCreditLoan: l.credit,
          creditEnhancement: l.enhancement,
          controllerSpouseGuarantee: l.spouse,
          renewalOfAdmittedLoanId: l.renewalOf === null ? null : String(l.renewalOf),
          bankSuspended: status !== "active",
          override: l.verdict.override ? { by: l.verdict.override.by, reason: l.verdict.override.reason } : undefined,
        },
        { lpr: w.lpr },
      );
      if (verdict.outcome === "block") {
        const why = verdict.findings.filter((f) => f.severity === "block").map((f) => f.code);
        findings.push(`${nameOf(l)} 报备于 ${l.requested}（银行当日状态：${status ?? "无"}）：${why.join("、")}`);
      } else if (verdict.outcome !== l.verdict.outcome) {
        findings.push(`${nameOf(l)}：保存的准入结论为 ${l.verdict.outcome}，按规则重算为 ${verdict.outcome}`);
      }
    }
    expectNone(findings);
  });

  it("admits a loan only once disbursed, after its filing, within no stop and no blacklist entry (D-7, XDT-FA 六（一）)", () => {
    const findings: string[] = [];
    const listedOn = new Map(w.blacklist.map((b) => [b.identifier, b.on]));
    for (const l of w.loans) {
      if (l.status === "pending") {
        if (l.decided) findings.push(`${nameOf(l)} 待审核却有审核日 ${l.decided}`);
        continue;
      }
      if (!l.decided) {
        findings.push(`${nameOf(l)} ${l.status} 但无审核日`);
        continue;
      }
      if (l.decided < l.requested) findings.push(`${nameOf(l)} 审核日 ${l.decided} 早于报备日 ${l.requested}`);
      if (l.status !== "admitted") continue;
      if (l.decided < l.disbursed) findings.push(`${nameOf(l)} 入库日 ${l.decided} 早于放款日 ${l.disbursed}`);
      if (l.renewalOf === null && statusOn(w, l.bank, l.decided) !== "active") findings.push(`${nameOf(l)} 入库于 ${l.decided}，该行当日已暂停新增（${statusOn(w, l.bank, l.decided)}）`);
      const ent = w.enterprises.get(l.enterprise)!;
      for (const id of [ent.creditCode, ...ent.holders]) {
        const on = listedOn.get(id);
        if (on && on <= l.decided) findings.push(`${nameOf(l)} 入库于 ${l.decided}，${id} 已于 ${on} 列入黑名单`);
      }
    }
    expectNone(findings);
  });

  it("records repayments only on admitted loans, after disbursement, within the schedule and before any claim", () => {
    const findings: string[] = [];
    const claimOf = new Map(w.claims.map((c) => [c.loanId, c]));
    for (const l of w.loans) {
      if (l.repayments.length === 0) continue;
      if (l.status !== "admitted") findings.push(`${nameOf(l)}（${l.status}）有还款记录`);
      for (const component of ["principal", "interest"] as const) {
        const due = l.dues.filter((d) => d.component === component).reduce((s, d) => s + d.amountFen, 0);
        const paid = l.repayments.filter((r) => r.component === component).reduce((s, r) => s + r.amountFen, 0);
        if (paid > due) findings.push(`${nameOf(l)} ${component} 还款 ${paid} 超过计划 ${due}`);
      }
      const claim = claimOf.get(l.id);
      for (const r of l.repayments) {
        if (r.paidOn < l.disbursed) findings.push(`${nameOf(l)} 还款日 ${r.paidOn} 早于放款日`);
        if (claim && r.paidOn > claim.claimDate) findings.push(`${nameOf(l)} 代偿申请（${claim.claimDate}）后又登记还款 ${r.paidOn}`);
      }
    }
    expectNone(findings);
  });

  it("holds claims that meet the 60/90-day trigger, with the loss and 70% re-derived from the stored history (XDT-BF 第十三条, D-3)", async () => {
    const findings: string[] = [];
    const materials = new Map<number, Set<string>>();
    for (const m of await rows<{ claim: number; kind: string }>(sql`select claim_id::int as claim, kind from xdt_claim_material`)) materials.set(m.claim, new Set([...(materials.get(m.claim) ?? []), m.kind]));
    const steps = new Map<number, { step: string; on: string }[]>();
    for (const s of await rows<{ claim: number; step: string; on: string }>(sql`select claim_id::int as claim, step, on_date::text as on from xdt_claim_step order by id`)) steps.set(s.claim, [...(steps.get(s.claim) ?? []), s]);
    for (const c of w.claims) {
      const l = w.byId.get(c.loanId)!;
      const tag = `代偿申请 #${c.id}（${nameOf(l)}，${c.claimDate}）`;
      if (c.bank !== l.bank) findings.push(`${tag}：申请银行不是放款银行`);
      if (l.status !== "admitted" || !l.decided || l.decided > c.claimDate) findings.push(`${tag}：申请日贷款不在入库名单内`);
      const pos = loanPosition(l.dues, l.repayments, c.claimDate);
      const elig = claimEligibility({ principalFirstUnpaidDueDate: pos.principalFirstUnpaidDue as LegalDate | null, interestFirstUnpaidDueDate: pos.interestFirstUnpaidDue as LegalDate | null, claimDate: c.claimDate as LegalDate, onProjectList: true });
      if (!elig.value.eligible) findings.push(`${tag}：未达代偿条件（${elig.findings.filter((f) => f.severity === "block").map((f) => f.code).join("、")}）`);
      const comp = compensation({
        unpaidPrincipal: pos.outstandingPrincipalFen as never,
        unpaidInterest: pos.unpaidInterestDueFen as never,
        accrual: { annualRateBp: l.rate, disbursementDate: l.disbursed as LegalDate, maturityDate: l.maturity as LegalDate, interestDueDates: l.dues.filter((d) => d.component === "interest").map((d) => d.dueDate as LegalDate) },
        poolAvailable: Number.MAX_SAFE_INTEGER as never,
        claimDate: c.claimDate as LegalDate,
      });
      const capped = (c.verdict.compensation?.findings ?? []).some((f) => f.code === "XDT_POOL_INSUFFICIENT");
      if (c.principal !== pos.outstandingPrincipalFen || c.interest !== pos.unpaidInterestDueFen + comp.value.accruedInterest || c.loss !== comp.value.loss) {
        findings.push(`${tag}：保存的损失 ${c.principal}+${c.interest}=${c.loss}，按还款记录重算为 ${pos.outstandingPrincipalFen}+${pos.unpaidInterestDueFen + comp.value.accruedInterest}=${comp.value.loss}`);
      }
      if (capped ? c.comp > comp.value.compensation : c.comp !== comp.value.compensation) findings.push(`${tag}：保存的补偿额 ${c.comp}，按规则重算为 ${comp.value.compensation}`);
      if (c.approved !== null && c.approved > c.comp) findings.push(`${tag}：批准额 ${c.approved} 超过补偿额 ${c.comp}`);
      // the workflow: steps in date order from the claim date; what each state requires
      const st = steps.get(c.id) ?? [];
      if (st[0]?.step !== "filed" || st[0]?.on !== c.claimDate) findings.push(`${tag}：第一步不是当日的申请`);
      for (let k = 1; k < st.length; k++) if (st[k].on < st[k - 1].on) findings.push(`${tag}：步骤“${st[k].step}”（${st[k].on}）早于上一步（${st[k - 1].on}）`);
      const reached = new Set(st.map((s) => s.step));
      if (reached.has("verified") && XDT_CLAIM_MATERIALS.some((k) => !materials.get(c.id)?.has(k))) findings.push(`${tag}：材料不齐却已核实`);
      if (["approved", "rejected", "paid"].includes(c.status) && (!c.decisionDate || c.decisionDate < c.claimDate)) findings.push(`${tag}：决定日 ${c.decisionDate} 不在申请之后`);
      if (c.status === "paid" && (!c.paidOn || !c.decisionDate || c.paidOn < c.decisionDate || c.journalId === null)) findings.push(`${tag}：已支付但支付日 ${c.paidOn} 或分录缺失`);
      if (c.status !== "paid" && (c.paidOn !== null || c.journalId !== null)) findings.push(`${tag}：未支付却有支付记录`);
    }
    expectNone(findings);
  });

  it("pays each paid claim by one balanced journal of its approved amount on its payment day", async () => {
    const findings: string[] = [];
    const journals = new Map<number, { on: string; debit: number; kind: string }>();
    for (const j of await rows<{ id: number; on: string; debit: string; kind: string }>(sql`select j.id::int, j.value_date::text as on, j.kind, coalesce(sum(p.amount_fen) filter (where p.amount_fen > 0), 0)::text as debit from journal j join posting p on p.journal_id = j.id where j.kind = 'xdt.compensation' group by j.id`)) {
      journals.set(j.id, { on: j.on, debit: Number(j.debit), kind: j.kind });
    }
    const used = new Set<number>();
    for (const c of w.claims.filter((x) => x.status === "paid")) {
      const j = journals.get(c.journalId!);
      if (!j) findings.push(`代偿申请 #${c.id}：没有补偿分录`);
      else if (j.debit !== c.approved || j.on !== c.paidOn) findings.push(`代偿申请 #${c.id}：分录 ${c.journalId} 为 ${j.debit}（${j.on}），批准 ${c.approved}（${c.paidOn}）`);
      used.add(c.journalId!);
    }
    for (const id of journals.keys()) if (!used.has(id)) findings.push(`补偿分录 ${id} 不属于任何已支付的代偿申请`);
    expectNone(findings);
  });

  it("returns recoveries as the rules split them, never more than the compensation paid (XDT-BF 第十九条, D-4, D-5)", async () => {
    const findings: string[] = [];
    const claims = new Map(w.claims.map((c) => [c.id, c]));
    const shares = new Map((await rows<{ bank: number; share: number }>(sql`select org_id::int as bank, pool_share_bp as share from xdt_bank`)).map((b) => [b.bank, b.share]));
    const recs = await rows<{ id: number; claim: number; bank: number; on: string; recovered: string; costs: RecoveryCost[]; deductible: string; toPool: string; due: string; returnedOn: string | null; journal: number | null; journalAmount: string | null; journalOn: string | null }>(sql`
      select r.id::int, r.claim_id::int as claim, r.bank_org_id as bank, r.recovery_date::text as on, r.recovered_fen::text as recovered, r.costs, r.deductible_fen::text as deductible, r.to_pool_fen::text as "toPool",
        r.due_date::text as due, r.returned_on::text as "returnedOn", r.return_journal_id::int as journal,
        (select sum(p.amount_fen) filter (where p.amount_fen > 0) from posting p where p.journal_id = r.return_journal_id)::text as "journalAmount",
        (select j.value_date::text from journal j where j.id = r.return_journal_id) as "journalOn"
      from xdt_recovery r order by r.id`);
    const toPoolByClaim = new Map<number, number>();
    const recoveredByClaim = new Map<number, number>();
    for (const r of recs) {
      const c = claims.get(r.claim)!;
      const tag = `追偿 #${r.id}（代偿申请 #${r.claim}，${r.on}）`;
      if (c.status !== "paid" || !c.paidOn || r.on < c.paidOn) findings.push(`${tag}：补偿尚未支付`);
      if (r.bank !== c.bank) findings.push(`${tag}：报告银行不是申请银行`);
      const v = recoveryReturn({ recovered: Number(r.recovered) as never, costs: r.costs, claimApprovalDate: c.decisionDate as LegalDate, recoveryDate: r.on as LegalDate, agreementPoolShareBp: (shares.get(r.bank) ?? null) as never }, w.calendar);
      if (v.value.deductible !== Number(r.deductible) || v.value.toPool !== Number(r.toPool) || v.value.due !== r.due) findings.push(`${tag}：保存 ${r.deductible}/${r.toPool}/${r.due}，重算 ${v.value.deductible}/${v.value.toPool}/${v.value.due}`);
      toPoolByClaim.set(r.claim, (toPoolByClaim.get(r.claim) ?? 0) + Number(r.toPool));
      recoveredByClaim.set(r.claim, (recoveredByClaim.get(r.claim) ?? 0) + Number(r.recovered));
      if (r.returnedOn !== null) {
        if (r.returnedOn < r.on) findings.push(`${tag}：返还日 ${r.returnedOn} 早于收回日`);
        if (Number(r.toPool) > 0 && (Number(r.journalAmount) !== Number(r.toPool) || r.journalOn !== r.returnedOn)) findings.push(`${tag}：返还分录 ${r.journal} 与应返还额或日期不符`);
      } else if (r.journal !== null) findings.push(`${tag}：未返还却有分录`);
    }
    for (const [claimId, toPool] of toPoolByClaim) {
      const c = claims.get(claimId)!;
      if (toPool > (c.approved ?? 0)) findings.push(`代偿申请 #${claimId}：追偿返还合计 ${toPool} 超过已付补偿 ${c.approved}`);
      if ((recoveredByClaim.get(claimId) ?? 0) > c.loss) findings.push(`代偿申请 #${claimId}：追回合计超过损失 ${c.loss}`);
    }
    expectNone(findings);
  });

  it("stops a bank the day its ratio (or the pool's) reaches 3% on a payment, restarts none without a recorded decision (XDT-BF 第二十一条, D-6, D-7)", async () => {
    const findings: string[] = [];
    const payments = await rows<{ bank: number; on: string; amount: string }>(sql`
      select a.owner_org_id::int as bank, j.value_date::text as on, sum(p.amount_fen)::text as amount
      from journal j join posting p on p.journal_id = j.id join ledger_account a on a.id = p.account_id
      where a.code like 'xdt:compensation:%' group by 1, 2 order by 2`);
    const admitted = w.loans.filter((l) => l.status === "admitted");
    const lent = (bank: number | null, on: string) => admitted.filter((l) => (bank === null || l.bank === bank) && l.decided! <= on).reduce((s, l) => s + l.amount, 0);
    const paid = (bank: number | null, on: string) => payments.filter((p) => (bank === null || p.bank === bank) && p.on <= on).reduce((s, p) => s + Number(p.amount), 0);
    for (const p of payments) {
      const bank = bankRiskRatio({ compensationPaid: paid(p.bank, p.on) as never, cumulativeLoans: lent(p.bank, p.on) as never }, p.on as LegalDate);
      if (bank.value.reached && statusOn(w, p.bank, p.on) === "active") findings.push(`银行 ${p.bank} 于 ${p.on} 不良率 ${bank.value.ratioBp}bp 达到 3%，当日未暂停新增`);
      const pool = poolRiskRatio({ compensationPaid: paid(null, p.on) as never, cumulativeLoans: lent(null, p.on) as never }, p.on as LegalDate);
      if (pool.value.reached) for (const b of w.statusChanges.keys()) if (statusOn(w, b, p.on) === "active") findings.push(`整体不良率于 ${p.on} 达到 3%，银行 ${b} 当日未暂停`);
    }
    for (const [bank, changes] of w.statusChanges) {
      for (const c of changes) {
        if (c.from === "suspended" && c.to === "active" && !c.ref) findings.push(`银行 ${bank} 于 ${c.on} 恢复新增，没有协调领导小组决定`);
        if (c.from === "suspended" && c.to === "active") {
          const r = bankRiskRatio({ compensationPaid: paid(bank, c.on) as never, cumulativeLoans: lent(bank, c.on) as never }, c.on as LegalDate);
          if (r.value.reached) findings.push(`银行 ${bank} 于 ${c.on} 恢复新增时不良率仍达 3%`);
        }
      }
    }
    expectNone(findings);
  });

  it("dates no event after the demo's today or before 信贷通 began, nor before what it follows", async () => {
    const findings: string[] = [];
    const events = await rows<{ what: string; id: string; on: string }>(sql`
      select 'loan disbursed' as what, id::text, disbursement_date::text as on from xdt_loan
      union all select 'loan filed', id::text, request_date::text from xdt_loan
      union all select 'loan decided', id::text, decided_on::text from xdt_loan where decided_on is not null
      union all select 'repayment', id::text, paid_on::text from xdt_repayment
      union all select 'risk event', id::text, event_date::text from xdt_risk_event
      union all select 'risk event reported', id::text, reported_on::text from xdt_risk_event where reported_on is not null
      union all select 'claim', id::text, claim_date::text from xdt_claim
      union all select 'claim received', id::text, received_on::text from xdt_claim where received_on is not null
      union all select 'claim decided', id::text, decision_date::text from xdt_claim where decision_date is not null
      union all select 'claim paid', id::text, paid_on::text from xdt_claim where paid_on is not null
      union all select 'claim step', id::text, on_date::text from xdt_claim_step
      union all select 'recovery', id::text, recovery_date::text from xdt_recovery
      union all select 'recovery returned', id::text, returned_on::text from xdt_recovery where returned_on is not null
      union all select 'bank status', id::text, decision_date::text from xdt_bank_status_change
      union all select 'blacklist', id::text, decision_date::text from xdt_blacklist
      union all select 'monthly report', id::text, submitted_on::text from xdt_monthly_report
      union all select 'quarterly report', id::text, submitted_on::text from xdt_quarterly_report
      union all select 'year list', year::text, published_on::text from xdt_bank_list
      union all select 'pool operation', id::text, value_date::text from xdt_pool_operation
      union all select 'xdt journal', id::text, value_date::text from journal where kind like 'xdt.%'`);
    for (const e of events) if (e.on > TODAY || e.on < XDT_START) findings.push(`${e.what} ${e.id}：${e.on}`);
    for (const l of w.loans) {
      if (l.requested < l.disbursed) findings.push(`${nameOf(l)} 报备日 ${l.requested} 早于放款日 ${l.disbursed}（按已发放的贷款报备）`);
    }
    const risk = await rows<{ id: number; loan: number | null; on: string; reported: string | null; due: string | null }>(sql`select id::int, loan_id::int as loan, event_date::text as on, reported_on::text as reported, due_date::text as due from xdt_risk_event`);
    for (const r of risk) {
      const l = r.loan === null ? null : w.byId.get(r.loan)!;
      if (l && r.on < l.disbursed) findings.push(`风险事项 #${r.id}：发生日 ${r.on} 早于放款日`);
      if (r.reported && r.reported < r.on) findings.push(`风险事项 #${r.id}：报送日早于发生日`);
      const due = r.on < XDT_RISK_EVENT_DAYS.versions[0].from ? null : riskEventReportDue(r.on as LegalDate, w.calendar).value.due;
      if (due !== r.due) findings.push(`风险事项 #${r.id}：报送时限 ${r.due}，按规则为 ${due}`);
    }
    const months = await rows<{ id: number; month: string; submitted: string; balance: string; cumulative: string; npl: string }>(sql`select id::int, month::text, submitted_on::text as submitted, balance_fen::text as balance, cumulative_lending_fen::text as cumulative, npl_fen::text as npl from xdt_monthly_report`);
    for (const m of months) {
      const end = new Date(Date.parse(`${m.month}T00:00:00Z`));
      end.setUTCMonth(end.getUTCMonth() + 1);
      if (m.submitted < end.toISOString().slice(0, 10)) findings.push(`月报 #${m.id}（${m.month}）报送于月末之前`);
      if (Number(m.npl) > Number(m.balance) || Number(m.balance) > Number(m.cumulative)) findings.push(`月报 #${m.id}：不良 ≤ 余额 ≤ 累计发放不成立`);
    }
    expectNone(findings);
  });

  it("keeps the ledger balanced and no guarded account overdrawn in value-date order (Decision 2)", async () => {
    const findings: string[] = [];
    for (const j of await rows<{ id: number; n: number; total: string }>(sql`select j.id::int, count(p.id)::int as n, coalesce(sum(p.amount_fen), 0)::text as total from journal j left join posting p on p.journal_id = j.id group by j.id having count(p.id) < 2 or coalesce(sum(p.amount_fen), 0) <> 0`)) {
      findings.push(`分录 ${j.id}：${j.n} 行，合计 ${j.total}`);
    }
    for (const a of await rows<{ code: string; stored: string; derived: string }>(sql`select a.code, a.balance_fen::text as stored, coalesce(sum(p.amount_fen), 0)::text as derived from ledger_account a left join posting p on p.account_id = a.id group by a.id having a.balance_fen <> coalesce(sum(p.amount_fen), 0)`)) {
      findings.push(`账户 ${a.code}：保存余额 ${a.stored}，分录合计 ${a.derived}`);
    }
    const lines = await rows<{ code: string; on: string; journal: number; amount: string }>(sql`
      select a.code, j.value_date::text as on, j.id::int as journal, p.amount_fen::text as amount
      from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id
      where a.must_not_go_negative and a.book = 'xdt' order by a.code, j.value_date, j.id`);
    const balance = new Map<string, number>();
    const reported = new Set<string>();
    for (const l of lines) {
      const b = (balance.get(l.code) ?? 0) + Number(l.amount);
      balance.set(l.code, b);
      if (b < 0 && !reported.has(l.code)) {
        reported.add(l.code);
        findings.push(`账户 ${l.code} 于 ${l.on}（分录 ${l.journal}）透支：${b}`);
      }
    }
    expectNone(findings);
  });
});
