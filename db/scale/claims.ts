/**
 * From the loans that stopped paying: risk events (5 working days, XDT-TZ22 §二), claims filed once the 60/90-day
 * trigger is met (rules/xdt/claims.ts claimEligibility) at every stage of the workflow — filed, returned, verified,
 * planned, compiled, approved, rejected, paid — with their steps, materials and audit records; the loss and
 * compensation = round_half_up(loss × 70%) from the rule book (D-3); payments drawn by splitClaimPayment (the
 * claiming bank's deposit account first, the shortfall from the others by their deposits, XDT-BF Art.17) and posted
 * as `xdt.compensation` journals exactly as payClaim does; recoveries and the pool's share returned
 * (`xdt.recovery-return`, XDT-BF Art.19). The pool is topped up each year before the year's payments (contributions
 * into the trustee's special account, then deposits with the banks), so no guarded account is ever overdrawn in
 * value-date order, the demo's own payments included. Finally the banks' monthly and quarterly reports get a
 * corrected version that includes the bulk book (the first version, and its lateness, stays).
 */
import { addDays, type LegalDate } from "../../rules/core/dates";
import { RuleDateError } from "../../rules/core/errors";
import { DEFAULT_CALENDAR, addWorkingDays } from "../../rules/reference/calendar";
import { claimEligibility, splitClaimPayment } from "../../rules/xdt/claims";
import { claimPlanDue, compensationPaymentDue, riskEventReportDue } from "../../rules/xdt/deadlines";
import { recoveryReturn } from "../../rules/xdt/recovery";
import { XDT_CLAIM_MATERIALS, type XdtClaimStatus } from "../schema";
import { claimOnFiling, verdictJson, type FiledClaimFigures } from "../seed/steps/xdt";
import { loanPosition } from "../xdt";
import { Batch } from "./copy";
import { at, audit, journal, type Person, type ScaleContext } from "./context";
import { MONTHS, monthIndex, type BookFigures, type DefaultedLoan } from "./loans";
import { BANK_PROFILES, TODAY, WAN } from "./plan";

const cal = DEFAULT_CALENDAR;
const lte = (a: string, b: string) => a <= b;
const PAYMENT_MEMO = "信贷通风险补偿（管理办法第十七条：本行存款户先付，不足部分由其他合作银行按存入比例分担）";

interface Claim extends FiledClaimFigures {
  id: number;
  loan: DefaultedLoan;
  claimDate: string;
  status: XdtClaimStatus;
  receivedOn: string | null;
  planDue: string | null;
  returnedReason: string | null;
  decisionDate: string | null;
  decisionRef: string | null;
  paymentDue: string | null;
  paidOn: string | null;
  steps: { step: string; onDate: string; note?: string | null; who: Person }[];
  journalId?: number;
  split?: { bankId: string; amount: number; kind: string }[];
}

export interface ClaimsSummary {
  riskEvents: number;
  claims: number;
  byStatus: Record<string, number>;
  paidFen: number;
  recoveries: number;
  topUpFen: number;
  heldForRatio: number;
}

const CLAIM_COLUMNS = [
  "id", "loan_id", "bank_org_id", "status", "claim_date", "unpaid_principal_fen", "unpaid_interest_fen", "loss_fen", "compensation_fen", "verdict",
  "received_on", "plan_due", "returned_reason", "plan_note", "decision_date", "decision_ref", "approved_fen", "payment_due", "paid_on",
  "payment_journal_id", "payment_split", "created_at",
] as const;
const STEP_COLUMNS = ["claim_id", "step", "on_date", "by_name", "by_user_id", "note", "at"] as const;
const MATERIAL_COLUMNS = ["claim_id", "kind", "marked_only", "note", "by_name", "at"] as const;
const EVENT_COLUMNS = ["bank_org_id", "loan_id", "event_date", "due_date", "reported_on", "description", "details"] as const;
const RECOVERY_COLUMNS = ["id", "claim_id", "bank_org_id", "recovery_date", "recovered_fen", "costs", "deductible_fen", "to_pool_fen", "due_date", "verdict", "returned_on", "return_journal_id", "reported_by_name", "created_at"] as const;
const POOL_OP_COLUMNS = ["kind", "journal_id", "from_account_id", "to_account_id", "amount_fen", "value_date", "reference", "reason", "recorded_by_user_id", "recorded_by_name", "recorded_at"] as const;
const CONTRIBUTION_PAYMENT_COLUMNS = ["contribution_id", "journal_id"] as const;

function orNull(f: () => string): string | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof RuleDateError) return null;
    throw err;
  }
}

const day = (d: string) => Math.floor(Date.parse(d) / 86_400_000);

export async function generateClaims(ctx: ScaleContext, book: BookFigures): Promise<ClaimsSummary> {
  const { rng, ids, refs, people, sql } = ctx;
  const banks = refs.org.banks;
  const bankIndex = new Map(banks.map((b, i) => [b.id, i]));
  const batch = new Batch("代偿 claims");
  const summary: ClaimsSummary = { riskEvents: 0, claims: 0, byStatus: {}, paidFen: 0, recoveries: 0, topUpFen: 0, heldForRatio: 0 };

  // --- the demo's figures the ratio check and the money simulation build on
  const demoLending = await sql`select bank_org_id, to_char(disbursement_date, 'YYYY-MM') as m, sum(amount_fen)::bigint as fen from xdt_loan where admission_status = 'admitted' group by 1, 2`;
  const cumLending = banks.map(() => new Array(MONTHS).fill(0));
  for (const r of demoLending) {
    const m = monthIndex(`${r.m}-01`);
    const b = bankIndex.get(Number(r.bank_org_id));
    if (b !== undefined && m >= 0 && m < MONTHS) cumLending[b][m] += Number(r.fen);
  }
  for (let b = 0; b < banks.length; b++) {
    for (let m = 0; m < MONTHS; m++) cumLending[b][m] += book.admittedFen[b][m] + (m > 0 ? cumLending[b][m - 1] : 0);
  }
  const demoPaid = (await sql`select bank_org_id, paid_on::text as paid_on, coalesce(approved_fen, compensation_fen)::bigint as fen from xdt_claim where status = 'paid' order by paid_on`).map((r) => ({ bank: bankIndex.get(Number(r.bank_org_id))!, date: r.paid_on as string, fen: Number(r.fen) }));
  const demoPaidBefore = (bank: number, date: string) => demoPaid.filter((p) => p.bank === bank && lte(p.date, date)).reduce((s, p) => s + p.fen, 0);

  // --- risk events and claims
  const claims: Claim[] = [];
  const events: { loan: DefaultedLoan; eventDate: string; due: string | null; reportedOn: string | null }[] = [];
  const defaulted = [...book.defaulted].sort((a, b) => (a.stopDate < b.stopDate ? -1 : a.stopDate > b.stopDate ? 1 : a.id - b.id));
  const bankPerson = (loan: DefaultedLoan) => people.bank(loan.bankOrgId);
  for (const loan of defaulted) {
    const eventDate = addDays(loan.stopDate as LegalDate, 1);
    if (!lte(eventDate, TODAY)) continue;
    const due = orNull(() => riskEventReportDue(eventDate, cal).value.due);
    const reportedOn = rng.chance(0.9) ? addWorkingDays(eventDate, rng.int(1, 5), cal) : addWorkingDays(eventDate, rng.int(6, 9), cal);
    events.push({ loan, eventDate, due, reportedOn: lte(reportedOn, TODAY) ? reportedOn : null });

    const pos0 = loanPosition(loan.dues, loan.repayments, TODAY);
    const elig0 = claimEligibility({ principalFirstUnpaidDueDate: pos0.principalFirstUnpaidDue as LegalDate | null, interestFirstUnpaidDueDate: pos0.interestFirstUnpaidDue as LegalDate | null, claimDate: TODAY as LegalDate, onProjectList: true });
    if (!elig0.value.eligible) continue; // not yet 60/90 days: overdue, not claimable
    const from = [elig0.value.principalEligibleFrom, elig0.value.interestEligibleFrom].filter((d): d is LegalDate => d !== null && lte(d, TODAY)).sort()[0];
    let claimDate: string = addDays(from, rng.int(0, 45));
    if (claimDate < "2022-08-01") claimDate = addDays("2022-08-01" as LegalDate, rng.int(0, 20));
    if (!lte(claimDate, TODAY)) claimDate = TODAY;
    if (rng.chance(0.25)) continue; // filing is the bank's choice ("可启动"): some pursue the borrower or collateral first
    const filed = claimOnFiling(loan, claimDate);
    if (!filed) continue;
    claims.push({
      id: 0,
      loan,
      claimDate,
      status: "filed",
      ...filed,
      receivedOn: null,
      planDue: null,
      returnedReason: null,
      decisionDate: null,
      decisionRef: null,
      paymentDue: null,
      paidOn: null,
      steps: [],
    });
  }
  claims.sort((a, b) => (a.claimDate < b.claimDate ? -1 : a.claimDate > b.claimDate ? 1 : a.loan.id - b.loan.id));

  // --- stages by age (as the demo): a bank near the 3% line waits for the next meeting instead of being paid
  const paidBulk = banks.map(() => 0);
  for (const c of claims) {
    c.id = ids.take("xdt_claim");
    const bank = bankPerson(c.loan);
    const age = day(TODAY) - day(c.claimDate);
    c.steps.push({ step: "filed", onDate: c.claimDate, who: bank });
    // each step happens when the workflow's pace puts it, and only if that day is not after today
    if (age < 6) {
      const back = addWorkingDays(c.claimDate as LegalDate, 1, cal);
      if (rng.chance(0.35) && lte(back, TODAY)) {
        c.status = "returned";
        c.returnedReason = "缺少“税收情况”“劳动用工情况”材料，请补充后重新提交";
        c.steps.push({ step: "returned", onDate: back, note: c.returnedReason, who: people.trustee });
        continue;
      }
    }
    c.receivedOn = c.claimDate;
    c.planDue = claimPlanDue(c.claimDate as LegalDate, cal).value.due;
    if (age < 6) continue;
    const verified = addWorkingDays(c.claimDate as LegalDate, rng.int(1, 3), cal);
    if (!lte(verified, TODAY)) continue;
    c.status = "verified";
    c.steps.push({ step: "verified", onDate: verified, note: "贷款在项目名单内，九项材料齐全", who: people.trustee });
    if (age < 14) continue;
    const planned = addWorkingDays(c.claimDate as LegalDate, rng.weighted([[6, 3], [8, 4], [10, 4], [12, 1]] as const), cal);
    if (!lte(planned, TODAY)) continue;
    c.status = "planned";
    c.steps.push({ step: "planned", onDate: planned, note: `拟补偿 ${(c.comp / 100).toFixed(2)} 元`, who: people.trustee });
    if (age < 25) continue;
    const compiled = addWorkingDays(planned, rng.int(2, 6), cal);
    if (!lte(compiled, TODAY)) continue;
    c.status = "compiled";
    c.steps.push({ step: "compiled", onDate: compiled, who: people.office });
    if (age < 40) continue;
    const decision = addWorkingDays(compiled, rng.int(5, 12), cal);
    if (!lte(decision, TODAY)) continue;
    const b = c.loan.bank;
    if (age >= 52) {
      const payDay = addWorkingDays(decision, 3, cal);
      const paid = demoPaidBefore(b, payDay) + paidBulk[b] + c.comp;
      const cum = cumLending[b][Math.min(MONTHS - 1, monthIndex(payDay))];
      if (paid * 10_000 >= cum * 290) {
        summary.heldForRatio++;
        continue; // stays compiled: paying would take the bank to the 3% stop (XDT-BF Art.21)
      }
    }
    c.decisionDate = decision;
    c.decisionRef = `黔信贷通领会议纪要〔${decision.slice(0, 4)}〕${rng.int(1, 12)}号`;
    if (rng.chance(0.06)) {
      c.status = "rejected";
      c.decisionRef = null;
      c.steps.push({ step: "rejected", onDate: decision, note: "贷款用途与合同约定不符，不予补偿", who: people.office });
      continue;
    }
    c.status = "approved";
    c.paymentDue = compensationPaymentDue(decision, cal).value.due;
    c.steps.push({ step: "approved", onDate: decision, note: c.decisionRef, who: people.office });
    if (age < 52) continue;
    const paidOn = addWorkingDays(decision, rng.weighted([[1, 3], [2, 4], [3, 4]] as const), cal);
    if (!lte(paidOn, TODAY)) continue;
    c.paidOn = paidOn;
    c.status = "paid";
    paidBulk[b] += c.comp;
  }
  const paid = claims.filter((c) => c.paidOn).sort((a, b) => (a.paidOn! < b.paidOn! ? -1 : a.paidOn! > b.paidOn! ? 1 : a.id - b.id));

  // --- recoveries on some paid claims (planned before the money simulation: their returns feed the trust account)
  interface Rec {
    id: number;
    claim: Claim;
    date: string;
    recovered: number;
    costs: { kind: "litigation"; amount: number; actuallyIncurred: boolean; note: string }[];
    v: ReturnType<typeof recoveryReturn>;
    returnedOn: string | null;
  }
  const recoveries: Rec[] = [];
  for (const c of paid) {
    if (!rng.chance(0.3)) continue;
    const date = addDays(c.paidOn! as LegalDate, rng.int(40, 300));
    if (!lte(date, addDays(TODAY as LegalDate, -1))) continue;
    const recovered = Math.round((c.loss * rng.int(10, 50)) / 100);
    const costs = [{ kind: "litigation" as const, amount: Math.round(recovered * 0.03), actuallyIncurred: true, note: "诉讼费、保全费" }];
    const v = recoveryReturn({ recovered: recovered as never, costs: costs as never, claimApprovalDate: c.decisionDate! as LegalDate, recoveryDate: date as LegalDate }, cal);
    const n = recoveries.length + 1;
    const open = !lte(v.value.due, TODAY) || n % 11 === 7;
    const late = n % 9 === 4;
    let returnedOn: string | null = open ? null : late ? addWorkingDays(v.value.due, rng.int(2, 6), cal) : addWorkingDays(date as LegalDate, rng.int(1, 3), cal);
    if (returnedOn && !lte(returnedOn, TODAY)) returnedOn = null;
    recoveries.push({ id: ids.take("xdt_recovery"), claim: c, date, recovered, costs, v, returnedOn });
  }

  // --- money: top-ups per year and bank, simulated with the demo's movements in value-date order
  const trust = refs.accounts.trust;
  const deposit = (bankOrgId: number) => refs.accounts.deposits.get(bankOrgId)!;
  const depositAccounts = new Set(refs.accounts.deposits.values());
  const demoMoves = (
    await sql`select j.id, j.value_date::text as d, j.kind, p.account_id, p.amount_fen from posting p join journal j on j.id = p.journal_id
              where p.account_id in ${sql([trust, ...depositAccounts])} order by j.value_date, j.id`
  ).map((r) => ({ journal: Number(r.id), date: r.d as string, kind: r.kind as string, account: Number(r.account_id), fen: Number(r.amount_fen) }));
  const years = [2022, 2023, 2024, 2025, 2026];
  const topUpDate = (y: number) => (y === 2022 ? "2022-07-20" : `${y}-01-08`);
  const contributionDate = (y: number) => (y === 2022 ? "2022-07-15" : `${y}-01-05`);
  const yearOfPayment = (d: string) => {
    const y = Number(d.slice(0, 4));
    return lte(topUpDate(y), d) ? y : y - 1;
  };
  const topUps = new Map<string, number>(); // `${year}:${bankOrgId}` → fen
  for (const c of paid) {
    const key = `${yearOfPayment(c.paidOn!)}:${c.loan.bankOrgId}`;
    topUps.set(key, (topUps.get(key) ?? 0) + c.comp);
  }
  for (const [key, need] of topUps) {
    const cover = BANK_PROFILES[bankIndex.get(Number(key.split(":")[1]))!].depositCover;
    topUps.set(key, Math.ceil((need * cover) / (100 * WAN)) * 100 * WAN);
  }

  type Move = { date: string; order: number; apply: (bal: Map<number, number>, dep: Map<number, number>) => void; check: number[]; claim?: Claim };
  let splits = new Map<number, { bankId: string; amount: number; kind: string }[]>();
  for (let round = 0; ; round++) {
    if (round > 50) throw new Error("scale: the pool top-ups did not converge");
    const moves: Move[] = [];
    for (const m of demoMoves) {
      moves.push({
        date: m.date,
        order: 2,
        check: [m.account],
        apply: (bal, dep) => {
          bal.set(m.account, (bal.get(m.account) ?? 0) + m.fen);
          if (depositAccounts.has(m.account) && (m.kind === "xdt.deposit" || m.kind === "xdt.withdrawal" || m.kind === "xdt.transfer")) dep.set(m.account, (dep.get(m.account) ?? 0) + m.fen);
        },
      });
    }
    for (const [key, fen] of topUps) {
      const [y, bankOrgId] = key.split(":").map(Number);
      const acct = deposit(bankOrgId);
      moves.push({ date: contributionDate(y), order: 0, check: [], apply: (bal) => bal.set(trust, (bal.get(trust) ?? 0) + fen) });
      moves.push({
        date: topUpDate(y),
        order: 1,
        check: [trust],
        apply: (bal, dep) => {
          bal.set(trust, bal.get(trust)! - fen);
          bal.set(acct, (bal.get(acct) ?? 0) + fen);
          dep.set(acct, (dep.get(acct) ?? 0) + fen);
        },
      });
    }
    for (const r of recoveries) {
      if (r.returnedOn && r.v.value.toPool > 0) moves.push({ date: r.returnedOn, order: 3, check: [], apply: (bal) => bal.set(trust, (bal.get(trust) ?? 0) + r.v.value.toPool) });
    }
    const newSplits = new Map<number, { bankId: string; amount: number; kind: string }[]>();
    for (const c of paid) {
      moves.push({
        date: c.paidOn!,
        order: 4,
        check: [],
        claim: c,
        apply: (bal, dep) => {
          const split = splitClaimPayment({
            amount: c.comp as never,
            claimingBankId: String(c.loan.bankOrgId),
            accounts: banks.map((b) => ({ bankId: String(b.id), balance: Math.max(0, bal.get(deposit(b.id)) ?? 0) as never, deposited: Math.max(0, dep.get(deposit(b.id)) ?? 0) as never })),
          });
          const parts = split.value.parts.map((p) => ({ bankId: p.bankId, amount: p.amount as number, kind: p.kind as string }));
          if (split.value.uncovered > 0) parts.push({ bankId: String(c.loan.bankOrgId), amount: split.value.uncovered, kind: "own" }); // shows up as an overdraft below
          for (const p of parts) bal.set(deposit(Number(p.bankId)), (bal.get(deposit(Number(p.bankId))) ?? 0) - p.amount);
          newSplits.set(c.id, parts);
        },
      });
    }
    moves.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
    const bal = new Map<number, number>();
    const dep = new Map<number, number>();
    // every overdraft found in this pass becomes a top-up before it (the pass goes on as if it had been covered)
    const needs = new Map<string, number>();
    for (const mv of moves) {
      mv.apply(bal, dep);
      const touched = mv.claim ? depositAccounts : mv.check;
      for (const a of touched) {
        const b = bal.get(a) ?? 0;
        if (b >= 0) continue;
        const bankOrgId = [...refs.accounts.deposits].find(([, acct]) => acct === a)?.[0];
        if (bankOrgId === undefined) throw new Error(`scale: the trust account would be overdrawn on ${mv.date}`);
        let y = yearOfPayment(mv.date);
        if (y < 2022) y = 2022;
        if (!lte(topUpDate(y), mv.date)) throw new Error(`scale: bank ${bankOrgId} overdrawn on ${mv.date}, before any top-up`);
        const key = `${y}:${bankOrgId}`;
        needs.set(key, (needs.get(key) ?? 0) - b);
        bal.set(a, 0);
      }
    }
    if (needs.size === 0) {
      splits = newSplits;
      break;
    }
    for (const [key, fen] of needs) topUps.set(key, (topUps.get(key) ?? 0) + Math.ceil((fen * 1.1) / (100 * WAN)) * 100 * WAN);
  }

  // --- write: journals first (claims and recoveries reference them)
  const contributions = await sql`select id, source, contributor_org_id, account_id from pool_contribution order by id`;
  const province = contributions.find((c) => c.source === "province_finance")!;
  const prefectures = contributions.filter((c) => c.source === "prefecture");
  const dueIncrease = new Map<number, number>();
  const yearTotals = new Map<number, number>();
  for (const [key, fen] of topUps) {
    const y = Number(key.split(":")[0]);
    yearTotals.set(y, (yearTotals.get(y) ?? 0) + fen);
  }
  for (const y of years) {
    const total = yearTotals.get(y) ?? 0;
    if (total === 0) continue;
    // 70% 省财政, 30% shared by the 市州 (and 贵安新区) — the pool grows with the lending it backs
    const prefShare = Math.floor((total * 0.3) / prefectures.length / WAN) * WAN;
    const parts: [typeof province, number][] = [[province, total - prefShare * prefectures.length], ...prefectures.map((p) => [p, prefShare] as [typeof province, number])];
    for (const [c, fen] of parts) {
      if (fen <= 0) continue;
      const d = contributionDate(y);
      const jid = journal(batch, ids, {
        idempotencyKey: `scale:contribution:${c.id}:${y}`,
        kind: "xdt.contribution",
        memo: `${c.source === "province_finance" ? "省财政" : "市州（含贵安新区）财政"}${y}年度追加出资到账`,
        valueDate: d,
        postings: [
          { accountId: trust, amountFen: fen },
          { accountId: Number(c.account_id), amountFen: -fen },
        ],
        at: at(rng, d),
        who: people.trustee,
      });
      batch.add("pool_contribution_payment", CONTRIBUTION_PAYMENT_COLUMNS, [Number(c.id), jid]);
      dueIncrease.set(Number(c.id), (dueIncrease.get(Number(c.id)) ?? 0) + fen);
    }
  }
  let opSeq = 0;
  for (const [key, fen] of [...topUps].sort()) {
    const [y, bankOrgId] = key.split(":").map(Number);
    const d = topUpDate(y);
    const when = at(rng, d);
    const jid = journal(batch, ids, {
      idempotencyKey: `scale:deposit:${y}:${bankOrgId}`,
      kind: "xdt.deposit",
      memo: "受托管理机构存入合作银行信贷通存款户",
      valueDate: d,
      postings: [
        { accountId: deposit(bankOrgId), amountFen: fen },
        { accountId: trust, amountFen: -fen },
      ],
      bankOrgId,
      at: when,
      who: people.trustee,
    });
    batch.add("xdt_pool_operation", POOL_OP_COLUMNS, ["deposit", jid, trust, deposit(bankOrgId), fen, d, `QSGZ-${y}-${d.slice(5, 7)}-S${String(++opSeq).padStart(3, "0")}`, "按年度代偿需求追加存入信贷通存款户", people.trustee.userId, people.trustee.name, when]);
    summary.topUpFen += fen;
  }
  const compAccounts = new Map<number, number>();
  const recAccounts = new Map<number, number>();
  for (const r of await sql`select id, code from ledger_account where code like 'xdt:compensation:%' or code like 'xdt:recovery:%'`) {
    const [, kind, org] = (r.code as string).split(":");
    (kind === "compensation" ? compAccounts : recAccounts).set(Number(org), Number(r.id));
  }
  for (const c of paid) {
    const parts = splits.get(c.id)!;
    const when = at(rng, c.paidOn!);
    c.split = parts;
    c.journalId = journal(batch, ids, {
      idempotencyKey: `xdt:claim:${c.id}:payment`,
      kind: "xdt.compensation",
      memo: PAYMENT_MEMO,
      valueDate: c.paidOn!,
      postings: [{ accountId: compAccounts.get(c.loan.bankOrgId)!, amountFen: c.comp }, ...parts.map((p) => ({ accountId: deposit(Number(p.bankId)), amountFen: -p.amount }))],
      bankOrgId: c.loan.bankOrgId,
      at: when,
      who: people.trustee,
    });
    c.steps.push({ step: "paid", onDate: c.paidOn!, note: `分录 ${c.journalId}`, who: people.trustee });
    summary.paidFen += c.comp;
  }
  const returnJournal = new Map<number, number>();
  for (const r of recoveries) {
    if (!r.returnedOn || r.v.value.toPool <= 0) continue;
    returnJournal.set(
      r.id,
      journal(batch, ids, {
        idempotencyKey: `xdt:recovery:${r.id}:return`,
        kind: "xdt.recovery-return",
        memo: `追偿款返还（代偿申请 ${r.claim.id}）`,
        valueDate: r.returnedOn,
        postings: [
          { accountId: trust, amountFen: r.v.value.toPool },
          { accountId: recAccounts.get(r.claim.loan.bankOrgId)!, amountFen: -r.v.value.toPool },
        ],
        bankOrgId: r.claim.loan.bankOrgId,
        at: at(rng, r.returnedOn),
        who: people.trustee,
      }),
    );
  }

  // --- risk events, claims, steps, materials, recoveries, with their audit records
  for (const e of events) {
    batch.add("xdt_risk_event", EVENT_COLUMNS, [e.loan.bankOrgId, e.loan.id, e.eventDate, e.due, e.reportedOn, "借款企业未按期支付利息，经营出现困难", null]);
    if (e.reportedOn) audit(batch, { at: at(rng, e.reportedOn), who: bankPerson(e.loan), entity: "xdt-risk-event", entityId: e.loan.id, action: "report-risk", after: { loanId: e.loan.id, eventDate: e.eventDate, reportedOn: e.reportedOn }, bankOrgId: e.loan.bankOrgId });
  }
  summary.riskEvents = events.length;
  const ACTIONS: Record<string, string> = { filed: "file", returned: "return", verified: "verify", planned: "plan", compiled: "compile", approved: "approve", rejected: "reject-claim", paid: "pay" };
  const PREV: Record<string, string> = { returned: "filed", verified: "filed", planned: "verified", compiled: "planned", approved: "compiled", rejected: "compiled", paid: "approved" };
  for (const c of claims) {
    const filedAt = at(rng, c.claimDate);
    batch.add("xdt_claim", CLAIM_COLUMNS, [
      c.id, c.loan.id, c.loan.bankOrgId, c.status, c.claimDate, c.principal, c.interest, c.loss, c.comp, c.verdict, c.receivedOn, c.planDue, c.returnedReason,
      c.steps.some((s) => s.step === "planned") ? "同意按70%补偿" : null, c.decisionDate, c.decisionRef, c.status === "approved" || c.status === "paid" ? c.comp : null,
      c.paymentDue, c.paidOn, c.journalId ?? null, c.split ?? null, filedAt,
    ]);
    for (const s of c.steps) {
      const when = s.step === "filed" ? filedAt : at(rng, s.onDate);
      batch.add("xdt_claim_step", STEP_COLUMNS, [c.id, s.step, s.onDate, s.who.name, s.who.userId, s.note ?? null, when]);
      const after =
        s.step === "filed"
          ? { loanId: c.loan.id, lossFen: c.loss, compensationFen: c.comp, status: "filed" }
          : s.step === "paid"
            ? { status: "paid", paidOn: c.paidOn, journalId: c.journalId, parts: c.split }
            : s.step === "approved"
              ? { status: "approved", approvedFen: c.comp, decisionDate: c.decisionDate, paymentDue: c.paymentDue }
              : s.step === "returned"
                ? { status: "returned", reason: c.returnedReason }
                : { status: s.step };
      audit(batch, { at: when, who: s.who, entity: "xdt-claim", entityId: c.id, action: ACTIONS[s.step], before: PREV[s.step] ? { status: PREV[s.step] } : undefined, after, bankOrgId: c.loan.bankOrgId });
    }
    for (const kind of XDT_CLAIM_MATERIALS) {
      if (c.status === "returned" && (kind === "tax" || kind === "employment")) continue;
      if (c.status === "filed" && kind === "collection_plan" && c.id % 2 === 0) continue;
      batch.add("xdt_claim_material", MATERIAL_COLUMNS, [c.id, kind, true, "纸质材料已报送", bankPerson(c.loan).name, filedAt]);
    }
    summary.byStatus[c.status] = (summary.byStatus[c.status] ?? 0) + 1;
  }
  summary.claims = claims.length;
  for (const r of recoveries) {
    const bank = bankPerson(r.claim.loan);
    const reportedAt = at(rng, r.date);
    batch.add("xdt_recovery", RECOVERY_COLUMNS, [
      r.id, r.claim.id, r.claim.loan.bankOrgId, r.date, r.recovered, r.costs, r.v.value.deductible, r.v.value.toPool, r.v.value.due, verdictJson(r.v), r.returnedOn,
      returnJournal.get(r.id) ?? null, bank.name, reportedAt,
    ]);
    audit(batch, { at: reportedAt, who: bank, entity: "xdt-recovery", entityId: r.id, action: "report-recovery", after: { id: r.id, claimId: r.claim.id, recoveredFen: r.recovered, toPoolFen: r.v.value.toPool, dueDate: r.v.value.due }, bankOrgId: r.claim.loan.bankOrgId });
    if (r.returnedOn) audit(batch, { at: at(rng, r.returnedOn), who: people.trustee, entity: "xdt-recovery", entityId: r.id, action: "return-recovery", before: { returnedOn: null }, after: { returnedOn: r.returnedOn, journalId: returnJournal.get(r.id) ?? null, late: r.returnedOn > r.v.value.due }, bankOrgId: r.claim.loan.bankOrgId });
  }
  summary.recoveries = recoveries.length;

  // --- the banks' reports: a corrected version with the bulk book added
  const nplDiff = banks.map(() => new Array(MONTHS + 1).fill(0));
  const badDiff = banks.map(() => new Array(MONTHS + 1).fill(0));
  const paidOf = new Map(claims.filter((c) => c.paidOn).map((c) => [c.loan.id, c.paidOn!]));
  for (const loan of book.defaulted) {
    const b = loan.bank;
    const compensatedOn = paidOf.get(loan.id);
    const start = monthIndex(loan.disbursementDate);
    const end = compensatedOn ? monthIndex(compensatedOn) : MONTHS;
    book.balanceDiff[b][start] += loan.amountFen;
    book.balanceDiff[b][end] -= loan.amountFen;
    if (compensatedOn) badDiff[b][end] += loan.amountFen;
    const nplFrom = monthIndex(addDays(loan.stopDate as LegalDate, 90));
    if (nplFrom < end) {
      nplDiff[b][nplFrom] += loan.amountFen;
      nplDiff[b][end] -= loan.amountFen;
    }
  }
  const prefix = (diff: number[]) => {
    const out: number[] = [];
    let s = 0;
    for (let m = 0; m < MONTHS; m++) out.push((s += diff[m]));
    return out;
  };
  const cumulative = (xs: number[]) => {
    const out: number[] = [];
    let s = 0;
    for (let m = 0; m < MONTHS; m++) out.push((s += xs[m]));
    return out;
  };
  const compByQuarter = new Map<string, number>();
  for (const c of paid) {
    const key = `${c.loan.bankOrgId}:${quarterOf(c.paidOn!)}`;
    compByQuarter.set(key, (compByQuarter.get(key) ?? 0) + c.comp);
  }
  const recByQuarter = new Map<string, number>();
  for (const r of recoveries) {
    const key = `${r.claim.loan.bankOrgId}:${quarterOf(r.date)}`;
    recByQuarter.set(key, (recByQuarter.get(key) ?? 0) + r.recovered);
  }
  const monthly = await sql`select distinct on (bank_org_id, month) bank_org_id, month::text as month, version, balance_fen, cumulative_lending_fen, npl_fen, bad_debt_fen, due_date::text as due_date, submitted_on::text as submitted_on
                            from xdt_monthly_report order by bank_org_id, month, version desc`;
  const quarterly = await sql`select distinct on (bank_org_id, quarter) bank_org_id, quarter::text as quarter, version, loans_count, lending_fen, balance_fen, overdue_fen, compensation_fen, recovered_fen, narrative, due_date::text as due_date, submitted_on::text as submitted_on
                              from xdt_quarterly_report order by bank_org_id, quarter, version desc`;
  const bankFigures = banks.map((_, b) => ({ balance: prefix(book.balanceDiff[b]), npl: prefix(nplDiff[b]), bad: prefix(badDiff[b]), cum: cumulative(book.admittedFen[b]) }));
  const reason = "纳入全部历史信贷通贷款后更正（规模数据）";
  for (const r of monthly) {
    const b = bankIndex.get(Number(r.bank_org_id));
    if (b === undefined || BANK_PROFILES[b].share === 0) continue;
    const m = monthIndex(r.month);
    const f = bankFigures[b];
    const balance = Number(r.balance_fen) + f.balance[m];
    const submittedOn = minDate(addDays(r.submitted_on as LegalDate, rng.int(1, 3)), TODAY);
    batch.add("xdt_monthly_report", ["bank_org_id", "month", "balance_fen", "cumulative_lending_fen", "npl_fen", "bad_debt_fen", "due_date", "submitted_on", "version", "correction_reason", "filed_by_name", "source", "filed_at"], [
      Number(r.bank_org_id), r.month, balance, Number(r.cumulative_lending_fen) + f.cum[m], Math.min(balance, Number(r.npl_fen) + f.npl[m]), Number(r.bad_debt_fen) + f.bad[m],
      r.due_date, submittedOn, Number(r.version) + 1, reason, people.bank(Number(r.bank_org_id)).name, "seed", at(rng, submittedOn),
    ]);
  }
  for (const r of quarterly) {
    const b = bankIndex.get(Number(r.bank_org_id));
    if (b === undefined || BANK_PROFILES[b].share === 0) continue;
    const q0 = monthIndex(r.quarter);
    const qEnd = Math.min(q0 + 2, MONTHS - 1);
    let count = 0;
    let lendingFen = 0;
    for (let m = q0; m <= qEnd; m++) {
      count += book.admittedCount[b][m];
      lendingFen += book.admittedFen[b][m];
    }
    const f = bankFigures[b];
    const balance = Number(r.balance_fen) + f.balance[qEnd];
    const key = `${r.bank_org_id}:${r.quarter}`;
    const loansCount = Number(r.loans_count) + count;
    const submittedOn = minDate(addDays(r.submitted_on as LegalDate, rng.int(1, 3)), TODAY);
    batch.add("xdt_quarterly_report", ["bank_org_id", "quarter", "loans_count", "lending_fen", "balance_fen", "overdue_fen", "compensation_fen", "recovered_fen", "narrative", "due_date", "submitted_on", "version", "correction_reason", "filed_by_name", "source", "filed_at"], [
      Number(r.bank_org_id), r.quarter, loansCount, Number(r.lending_fen) + lendingFen, balance, Math.min(balance, Number(r.overdue_fen) + f.npl[qEnd]),
      Number(r.compensation_fen) + (compByQuarter.get(key) ?? 0), Number(r.recovered_fen) + (recByQuarter.get(key) ?? 0),
      `${r.quarter.slice(0, 4)}年第${Math.floor(Number(r.quarter.slice(5, 7)) / 3) + 1}季度新发放信贷通贷款${loansCount}笔，按规定审核入库；贷后管理正常开展，逾期贷款均已落实催收措施。`,
      r.due_date, submittedOn, Number(r.version) + 1, reason, people.bank(Number(r.bank_org_id)).name, "seed", at(rng, submittedOn),
    ]);
  }
  await ctx.loader.submit(batch);
  await ctx.loader.drain();
  // the commitments grow with the top-ups, so each contributor's "due vs paid" still reads as in the demo
  for (const [id, fen] of dueIncrease) await sql`update pool_contribution set due_fen = due_fen + ${fen} where id = ${id}`;
  return summary;
}

function quarterOf(d: string): string {
  const m = Number(d.slice(5, 7));
  return `${d.slice(0, 4)}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
