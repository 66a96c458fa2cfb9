/**
 * ~N 信贷通 loans 2022-01 … 2026-11-27 in disbursement order, each checked by the rule book's admission check
 * (rules/xdt/admission.ts) with the firm's other open 信贷通 loans, its schedule from buildSchedule (db/xdt.ts), the
 * trustee's decision (5 working days, XDT-TZ22 §二), repayments that settle each component's dues in due-date order
 * (some late, some still unpaid today), loans that stop paying at one interest date (the claims of claims.ts), and
 * renewals of matured loans (admitted automatically, XDT-BF Art.12). Every filing, decision and repayment has the
 * audit record the app writes. Loans are written with their dues and repayments in one transaction per batch; the
 * arrears triggers of the stored figures fire on those inserts.
 */
import { addDays, addMonths, minDate, type LegalDate } from "../../rules/core/dates";
import { RuleDateError } from "../../rules/core/errors";
import { DEFAULT_CALENDAR, addWorkingDays } from "../../rules/reference/calendar";
import { INITIAL_LPR_TABLE, lprForTerm } from "../../rules/reference/lpr";
import { checkLoanAdmission } from "../../rules/xdt/admission";
import { admissionDecisionDue } from "../../rules/xdt/deadlines";
import { BANK_CODES, verdictJson } from "../seed/steps/xdt";
import { buildSchedule, type Due } from "../xdt";
import { Batch } from "./copy";
import { at, audit, tick, type ScaleContext } from "./context";
import type { Ent } from "./enterprises";
import { AMOUNT_WAN, BANK_PROFILES, FIRST_DAY, MONTH_WEIGHT, SIZE_RISK, TERMS, TODAY, WAN, YEAR_WEIGHT, type SizeClass } from "./plan";

/** Month index: 0 = 2022-01 … 58 = 2026-11. */
export const MONTHS = 59;
export function monthIndex(date: string): number {
  return (Number(date.slice(0, 4)) - 2022) * 12 + Number(date.slice(5, 7)) - 1;
}
export function monthStart(m: number): string {
  return `${2022 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01`;
}

/** A loan that stopped paying: what claims.ts needs to file, pay and report it. */
export interface DefaultedLoan {
  id: number;
  bank: number;
  bankOrgId: number;
  enterpriseId: number;
  regionCode: string;
  amountFen: number;
  disbursementDate: string;
  maturityDate: string;
  dues: Due[];
  repayments: { component: "principal" | "interest"; paidOn: string; amountFen: number }[];
  /** the first interest due left (wholly or partly) unpaid */
  stopDate: string;
}

/** Per bank (index), per month: what the monthly and quarterly reports need from the bulk book. */
export interface BookFigures {
  admittedFen: number[][];
  admittedCount: number[][];
  /** difference array of the loan balance at month end (performing loans; defaulted ones are added by claims.ts) */
  balanceDiff: number[][];
  loans: number;
  pending: number;
  rejected: number;
  renewals: number;
  defaulted: DefaultedLoan[];
  blockedAtFiling: number;
  repayments: number;
  dues: number;
}

const LOAN_COLUMNS = [
  "id", "bank_org_id", "enterprise_id", "contract_no", "amount_fen", "annual_rate_bp", "term_months", "disbursement_date", "maturity_date",
  "is_credit_loan", "credit_enhancement", "controller_spouse_guarantee", "renewal_of_loan_id", "request_date", "admission_due", "admission_status",
  "admission_verdict", "decided_on", "decided_by_name", "decision_note", "source", "created_at",
] as const;
const DUE_COLUMNS = ["loan_id", "component", "due_date", "amount_fen"] as const;
const REPAYMENT_COLUMNS = ["id", "loan_id", "component", "paid_on", "amount_fen", "recorded_by_name", "created_at"] as const;

const ENHANCEMENTS = ["厂房抵押", "应收账款质押", "知识产权质押", "担保公司保证", "设备抵押", "股权质押", "存货质押"];
const REJECT_NOTES = ["企业实际经营地不在贵州省内，不予入库", "贷款用途为偿还他行贷款，不符合信贷通支持方向", "企业存在未结清的不良贷款记录，不予入库", "报备资料与合同不一致，不予入库"];
const lte = (a: string, b: string) => a <= b;

function dueOrNull(requestDate: string): string | null {
  try {
    return admissionDecisionDue(requestDate as LegalDate, DEFAULT_CALENDAR).value.due;
  } catch (err) {
    if (err instanceof RuleDateError) return null;
    throw err;
  }
}

interface Renewal {
  priorId: number;
  bank: number;
  ent: Ent;
  amountFen: number;
  termMonths: number;
  date: string;
}

interface OpenLoan {
  bankOrgId: number;
  amountFen: number;
  maturityDate: string;
}

export async function generateLoans(ctx: ScaleContext, ents: Ent[]): Promise<BookFigures> {
  const { rng, plan, loader, ids, refs, people } = ctx;
  const banks = refs.org.banks;
  const bankWeights = BANK_PROFILES.filter((b) => b.share > 0).map((b) => [b.index, b.share] as const);
  const blacklist = new Set((await ctx.sql`select identifier from xdt_blacklist`).map((r) => r.identifier as string));
  const figures: BookFigures = {
    admittedFen: banks.map(() => new Array(MONTHS).fill(0)),
    admittedCount: banks.map(() => new Array(MONTHS).fill(0)),
    balanceDiff: banks.map(() => new Array(MONTHS + 1).fill(0)),
    loans: 0,
    pending: 0,
    rejected: 0,
    renewals: 0,
    defaulted: [],
    blockedAtFiling: 0,
    repayments: 0,
    dues: 0,
  };

  // borrowers by (home bank, size) and by size
  const pools = new Map<string, Ent[]>();
  for (const e of ents) {
    if (e.size === "large") continue; // not an SME: XDT-BF Art.8 bars it
    for (const key of [`${e.homeBank}:${e.size}`, `*:${e.size}`]) {
      const list = pools.get(key) ?? [];
      list.push(e);
      pools.set(key, list);
    }
  }
  const open = new Map<number, OpenLoan[]>();
  const renewals: Renewal[][] = Array.from({ length: MONTHS }, () => []);

  // new loans per month: yearly growth and seasonality, the first and the last month partial
  const weights: number[] = [];
  for (let m = 0; m < MONTHS; m++) {
    const y = 2022 + Math.floor(m / 12);
    let w = YEAR_WEIGHT[y] * MONTH_WEIGHT[m % 12];
    if (m === 0) w *= 28 / 31;
    if (m === MONTHS - 1) w *= 27 / 30;
    weights.push(w);
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  let seq = 0;
  // repayments are written before dues: the arrears trigger then finds nothing to change for a loan whose principal is
  // not yet repaid (one UPDATE of the loan instead of two); the stored state after the dues is the same either way
  const newBatch = () => new Batch("贷款 loans").declare("xdt_loan", LOAN_COLUMNS).declare("xdt_repayment", REPAYMENT_COLUMNS).declare("xdt_loan_due", DUE_COLUMNS);
  let batch = newBatch();
  const flushIfFull = async () => {
    if (batch.rows < 60_000) return;
    await loader.submit(batch);
    batch = newBatch();
    await tick();
  };

  for (let m = 0; m < MONTHS; m++) {
    const first = m === 0 ? FIRST_DAY : monthStart(m);
    const last = m === MONTHS - 1 ? TODAY : addDays(monthStart(m + 1) as LegalDate, -1);
    const span = Number(last.slice(8, 10)) - Number(first.slice(8, 10));
    const due = renewals[m];
    const fresh = Math.max(0, Math.round((plan.loans * weights[m]) / totalWeight) - due.length);
    const events: ({ kind: "new"; date: string } | { kind: "renewal"; r: Renewal })[] = [];
    for (let k = 0; k < fresh; k++) events.push({ kind: "new", date: addDays(first as LegalDate, rng.int(0, span)) });
    for (const r of due) events.push({ kind: "renewal", r });
    const dateOf = (e: (typeof events)[number]) => (e.kind === "new" ? e.date : e.r.date);
    events.sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0));

    for (const ev of events) {
      const date = dateOf(ev);
      let bank: number;
      let ent: Ent | undefined;
      let termMonths: number;
      let amountFen: number;
      let renewalOf: number | null = null;
      if (ev.kind === "renewal") {
        ({ bank, ent, termMonths, amountFen } = ev.r);
        renewalOf = ev.r.priorId;
        if (ent.defaultedFrom !== null && lte(ent.defaultedFrom, date)) continue;
      } else {
        bank = rng.weighted(bankWeights);
        const profile = BANK_PROFILES[bank];
        const size = rng.weighted([["micro", profile.sizes[0]], ["small", profile.sizes[1]], ["medium", profile.sizes[2]]] as const) as Exclude<SizeClass, "large">;
        for (let tries = 0; tries < 6 && !ent; tries++) {
          const pool = (rng.chance(0.8) ? pools.get(`${bank}:${size}`) : undefined) ?? pools.get(`*:${size}`)!;
          const candidate = pool[rng.int(0, pool.length - 1)];
          if (candidate.defaultedFrom === null || !lte(candidate.defaultedFrom, date)) ent = candidate;
        }
        if (!ent) continue;
        termMonths = rng.weighted(TERMS[size]);
        const [lo, hi] = AMOUNT_WAN[size];
        const wan = Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
        amountFen = Math.max(lo, Math.round(wan / 5) * 5) * WAN;
      }
      const bankOrgId = banks[bank].id;
      const profile = BANK_PROFILES[bank];

      // the firm's other open 信贷通 loans (all banks): the 5000万 per-firm limit (soft) is kept, not overridden
      const mine = (open.get(ent.id) ?? []).filter((l) => !lte(l.maturityDate, date));
      const others = mine.reduce((s, l) => s + l.amountFen, 0);
      if (others + amountFen > 5000 * WAN) amountFen = Math.floor((5000 * WAN - others) / (10 * WAN)) * 10 * WAN;
      if (amountFen < 30 * WAN) continue;

      const lpr = lprForTerm(INITIAL_LPR_TABLE, date as LegalDate, termMonths).bp;
      // before 2022-06-01: ≤ LPR × 1.10 (the soft line of XDT-BF Art.9); from 2022-06-01: ≤ LPR + 74bp (XDT-TZ22, hard)
      const rateBp = date < "2022-06-01" ? lpr + rng.int(0, Math.floor(lpr / 10)) : lpr + rng.int(profile.spread[0], profile.spread[1]);
      // 2000万: per firm (all its open loans) before 2022-06-01, per loan from then on (XDT-BF Art.9; XDT-TZ22 §一(二))
      const big = (date < "2022-06-01" ? others + amountFen : amountFen) >= 2000 * WAN;
      const isCreditLoan = !big && rng.chance(ent.size === "micro" ? 0.8 : ent.size === "small" ? 0.6 : 0.3);
      const enhancement = isCreditLoan ? null : rng.pick(ENHANCEMENTS);
      const guarantee = isCreditLoan ? true : rng.chance(0.5);
      // filed once disbursed (a loan dated after its filing day is refused: rules/xdt/admission.ts), never after today
      const lag = ev.kind === "renewal" ? 0 : rng.int(0, 3);
      const requestDate = minDate(addDays(date as LegalDate, lag), TODAY as LegalDate);
      const verdict = checkLoanAdmission(
        {
          bankId: String(bankOrgId),
          disbursementDate: date as LegalDate,
          asOf: requestDate,
          amount: amountFen as never,
          termMonths,
          annualRateBp: rateBp,
          enterprise: { creditCode: ent.creditCode, regionCode: ent.regionCode, isSme: true, shareholderIds: ent.holders },
          otherOutstandingLoans: mine.map((l) => ({ bankId: String(l.bankOrgId), outstanding: l.amountFen as never })),
          blacklist,
          isCreditLoan,
          creditEnhancement: enhancement,
          controllerSpouseGuarantee: guarantee,
          renewalOfAdmittedLoanId: renewalOf === null ? null : String(renewalOf),
        },
        { lpr: INITIAL_LPR_TABLE },
      );
      if (verdict.outcome === "block") {
        figures.blockedAtFiling++; // refused at filing: never stored (the app refuses it the same way)
        continue;
      }
      const { maturityDate, dues } = buildSchedule(amountFen, rateBp, termMonths, date);
      const admissionDue = dueOrNull(requestDate);
      let status: "pending" | "admitted" | "rejected";
      let decidedOn: string | null;
      if (ev.kind === "renewal") {
        status = "admitted";
        decidedOn = requestDate;
      } else {
        decidedOn = addWorkingDays(requestDate as LegalDate, rng.chance(0.95) ? rng.weighted([[1, 2], [2, 3], [3, 3], [4, 2], [5, 2]] as const) : rng.int(6, 8), DEFAULT_CALENDAR);
        const lateTrustee = lte(addDays(TODAY as LegalDate, -15), requestDate) && rng.chance(0.08);
        if (!lte(decidedOn, TODAY) || lateTrustee) {
          status = "pending";
          decidedOn = null;
        } else status = rng.chance(0.02) ? "rejected" : "admitted";
      }
      const id = ids.take("xdt_loan");
      seq++;
      const contractNo = `${BANK_CODES[bank]}-XDT-${date.slice(0, 4)}-S${String(seq).padStart(7, "0")}`;
      const verdictRecord = verdictJson(verdict);
      const decidedBy = ev.kind === "renewal" ? "系统（续贷自动入库，XDT-BF 第十二条）" : decidedOn ? people.trustee.name : null;
      const decisionNote = status === "rejected" ? rng.pick(REJECT_NOTES) : null;
      const filedAt = at(rng, requestDate);
      batch.add("xdt_loan", LOAN_COLUMNS, [
        id, bankOrgId, ent.id, contractNo, amountFen, rateBp, termMonths, date, maturityDate, isCreditLoan, enhancement, guarantee, renewalOf,
        requestDate, admissionDue, status, verdictRecord, decidedOn, decidedBy, decisionNote, "seed", filedAt,
      ]);
      for (const d of dues) batch.add("xdt_loan_due", DUE_COLUMNS, [id, d.component, d.dueDate, d.amountFen]);
      figures.dues += dues.length;
      figures.loans++;
      const bankPerson = people.bank(bankOrgId);
      audit(batch, {
        at: filedAt,
        who: bankPerson,
        entity: "xdt-loan",
        entityId: id,
        action: "file",
        after: {
          id, bankOrgId, enterpriseId: ent.id, contractNo, amountFen, annualRateBp: rateBp, termMonths, disbursementDate: date, maturityDate, isCreditLoan,
          creditEnhancement: enhancement, controllerSpouseGuarantee: guarantee, renewalOfLoanId: renewalOf, requestDate, admissionDue,
          admissionStatus: ev.kind === "renewal" ? "admitted" : "pending", decidedOn: ev.kind === "renewal" ? decidedOn : null, decidedByName: ev.kind === "renewal" ? decidedBy : null,
          source: "seed", admissionVerdict: { outcome: verdictRecord.outcome, findings: verdictRecord.findings },
        },
        bankOrgId,
        regionCode: ent.regionCode,
      });
      if (ev.kind === "new" && decidedOn) {
        audit(batch, {
          at: at(rng, decidedOn),
          who: people.trustee,
          entity: "xdt-loan",
          entityId: id,
          action: status === "admitted" ? "admit" : "reject",
          before: { admissionStatus: "pending" },
          after: { admissionStatus: status, decidedOn, note: decisionNote },
          bankOrgId,
        });
      }
      if (status === "pending") figures.pending++;
      if (status === "rejected") figures.rejected++;
      if (ev.kind === "renewal") figures.renewals++;
      if (status !== "admitted") {
        if (status === "pending") open.set(ent.id, [...mine, { bankOrgId, amountFen, maturityDate }]);
        await flushIfFull();
        continue;
      }
      open.set(ent.id, [...mine, { bankOrgId, amountFen, maturityDate }]);
      figures.admittedFen[bank][m] += amountFen;
      figures.admittedCount[bank][m]++;

      // does it stop paying, and from which interest date?
      const interestDues = dues.filter((d) => d.component === "interest");
      const pDefault = profile.defaultRate * SIZE_RISK[ent.size as Exclude<SizeClass, "large">];
      const stopDate = rng.chance(pDefault) ? interestDues[rng.int(0, interestDues.length - 1)].dueDate : null;
      if (stopDate !== null && lte(stopDate, TODAY) && (ent.defaultedFrom === null || stopDate < ent.defaultedFrom)) ent.defaultedFrom = stopDate;

      const repaid: DefaultedLoan["repayments"] = [];
      let principalPaidOn: string | null = null;
      for (const d of dues) {
        if (!lte(d.dueDate, TODAY)) continue;
        let amount = d.amountFen;
        let paidOn = d.dueDate;
        if (stopDate !== null && lte(stopDate, d.dueDate)) {
          // the first missed interest date: sometimes a part of it is still paid on the day
          if (d.dueDate !== stopDate || d.component !== "interest" || !rng.chance(0.25)) continue;
          amount = Math.floor((d.amountFen * rng.int(20, 80)) / 100);
          if (amount <= 0) continue;
        } else if (rng.chance(0.04)) {
          paidOn = addDays(d.dueDate as LegalDate, rng.int(1, 75)); // paid late (under 90 days), or not yet
          if (!lte(paidOn, TODAY)) continue;
        }
        const repId = ids.take("xdt_repayment");
        const createdAt = at(rng, paidOn);
        batch.add("xdt_repayment", REPAYMENT_COLUMNS, [repId, id, d.component, paidOn, amount, bankPerson.name, createdAt]);
        audit(batch, {
          at: createdAt,
          who: bankPerson,
          entity: "xdt-loan",
          entityId: id,
          action: "repay",
          after: { id: repId, loanId: id, component: d.component, paidOn, amountFen: amount, recordedByName: bankPerson.name, createdAt, requestKey: null },
          bankOrgId,
        });
        figures.repayments++;
        repaid.push({ component: d.component, paidOn, amountFen: amount });
        if (d.component === "principal") principalPaidOn = paidOn;
      }

      if (stopDate === null) {
        // performing: in the balance from disbursement to the month its principal came back
        figures.balanceDiff[bank][m] += amountFen;
        if (principalPaidOn) figures.balanceDiff[bank][monthIndex(principalPaidOn)] -= amountFen;
        // a share of matured loans is renewed with the same bank on the day (admitted automatically)
        if (principalPaidOn === maturityDate && lte(maturityDate, TODAY) && rng.chance(0.3)) {
          const rm = monthIndex(maturityDate);
          if (rm < MONTHS) {
            const newAmount = Math.max(30, Math.round(((amountFen / WAN) * rng.int(80, 120)) / 100 / 5) * 5) * WAN;
            renewals[rm].push({ priorId: id, bank, ent, amountFen: newAmount, termMonths, date: maturityDate });
          }
        }
      } else {
        figures.defaulted.push({
          id, bank, bankOrgId, enterpriseId: ent.id, regionCode: ent.regionCode, amountFen, disbursementDate: date, maturityDate, dues, repayments: repaid, stopDate,
        });
      }
      if ((figures.loans & 1023) === 0) await tick();
      await flushIfFull();
    }
    // loans matured before this month are no longer open: keep the map small
    if (m % 6 === 5) {
      const cutoff = addMonths(monthStart(m) as LegalDate, 1);
      for (const [k, list] of open) {
        const kept = list.filter((l) => !lte(l.maturityDate, cutoff));
        if (kept.length === 0) open.delete(k);
        else open.set(k, kept);
      }
    }
  }
  await loader.submit(batch);
  return figures;
}
