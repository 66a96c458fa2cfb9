/**
 * 信贷通 demo data (issue 4), made as users make it (issue 12 §6): the history from the banks' applications in late
 * 2021 to the demo's today is run forward in date order, and every event goes through the function its route calls,
 * as a seeded user of the role that acts, with the event's date as that function's "today" — the partner-bank
 * lifecycle and the yearly lists (信贷通办, the trustee signs), the trustee's deposits and pool operations, the
 * blacklist decision, ~2,000 loans filed by the banks (fileLoan: every admission rule, the 3% stop, the blacklist as of
 * that day) and admitted or rejected by the trustee, the repayments the banks record, risk events, claims at every
 * stage (filed, materials, returned, verified, planned, compiled, decided by the leading group, paid by
 * splitClaimPayment), recoveries and their return, and the banks' monthly reports. So the demo data can hold nothing
 * the rules forbid: a filing they refuse is not stored (the suspended bank's later filings are refused as its own
 * would be), and the 3% stop falls where the payments put it.
 *
 * What is random is drawn first (the plan: dates, amounts, who defaults, how far each claim has come); what depends on
 * the history — whether a filing passes, when a bank is stopped, whether the leading group can approve a claim without
 * taking a bank to its line — is decided when the event happens.
 */
import { eq, sql } from "drizzle-orm";
import { ledgerAccount, shareholder, xdtBank, xdtRiskEvent, XDT_CLAIM_MATERIALS, type XdtClaimMaterial } from "../../schema";
import type { Actor } from "../../audit";
import { XDT_ACCOUNTS } from "../../accounts";
import { buildSchedule, loanPosition, type Due, type Repayment } from "../../xdt";
import { addDays, addMonths, compareDates, fromParts, type LegalDate } from "../../../rules/core/dates";
import { DEFAULT_CALENDAR, addWorkingDays } from "../../../rules/reference/calendar";
import { INITIAL_LPR_TABLE, lprForTerm } from "../../../rules/reference/lpr";
import { checkLoanAdmission } from "../../../rules/xdt/admission";
import { claimEligibility, compensation } from "../../../rules/xdt/claims";
import { monthlyReportDue } from "../../../rules/xdt/deadlines";
import { explain, type Verdict } from "../../../rules/core/verdict";
import type { Fen } from "../../../rules/core/money";
import type { Scope } from "../../../app/lib/permissions";
import type { PoolOperationInput } from "../../../app/lib/forms/xdt";
import { UserInputError } from "../../../app/server/users.server";
import { decideAdmission, draftLoan, fileLoan, insertDrafts, loadFilingContext, recordRepayment, type FileLoanInput } from "../../../app/server/xdt/loans.server";
import { claimStep, fileClaim, saveMaterial, type ClaimStepInput } from "../../../app/server/xdt/claims.server";
import { recordReturn, reportRecovery } from "../../../app/server/xdt/recoveries.server";
import { fileMonthlyReport, reportRiskEvent, riskEventDue } from "../../../app/server/xdt/reports.server";
import { advanceBank, publishYearList, recordApplication } from "../../../app/server/xdt/partners.server";
import { addToBlacklist } from "../../../app/server/xdt/blacklist.server";
import { recordPoolOperation } from "../../../app/server/xdt/pool-ops.server";
import { DEMO_USERS } from "../demo-users";
import { need, type SeedContext, type SeedRefs, type SeedStep } from "../context";

/** The demo's "today": fixed so the data is the same on every run. */
export const XDT_DEMO_TODAY = "2026-11-27";
export const BANK_CODES = ["GZB", "GYB", "ICBC", "ABC", "BOC", "CCB", "BOCOM", "GZRCU"];
const SUSPENDED_BANK = 6; // 交通银行: its claims take it past 3%, and the stop follows
const NEAR_BANK = 2; // 工商银行: kept just under 3%
const LOANS_PER_YEAR: [number, number][] = [[2022, 330], [2023, 395], [2024, 460], [2025, 495], [2026, 520]];
const WAN = 1_000_000;
const YI = 10_000_000_000;
const cal = DEFAULT_CALENDAR;
/** how many numbers of the demo's shared sequence this step used to take (it took them while it wrote rows itself) */
const SHARED_DRAWS = 27_379;
const ALL: Scope = { kind: "all" };

/**
 * The partner banks' lifecycle (XDT-BF 第五条): applications in November 2021, the office's evaluation, the leading
 * group's approval, the trustee's agreement, the 2022 list (published 2022-01-20) and the start of business the next
 * day — the first loans follow it.
 */
const LIFECYCLE = { apply: "2021-11-20", evaluate: "2021-12-01", approve: "2021-12-10", sign: "2021-12-20", activate: "2022-01-21" } as const;
/** The yearly lists (XDT-TZ22 一（一）: by 31 January); 2025's came out late. */
const YEAR_LISTS: [number, string, string][] = [
  [2022, "2022-01-20", "黔信贷通办〔2022〕1号"],
  [2023, "2023-01-16", "黔信贷通办〔2023〕2号"],
  [2024, "2024-01-29", "黔信贷通办〔2024〕1号"],
  [2025, "2025-02-12", "黔信贷通办〔2025〕4号"],
  [2026, "2026-01-27", "黔信贷通办〔2026〕1号"],
];
const FIRST_LOAN_DAY = "2022-01-24"; // the first working Monday after the banks started business
/**
 * XDT-TZ22 (2022-06-01, "on putting 信贷通 into practice") set the trustee's 5-working-day admission clock; a bank "可定期
 * 向受托管理机构报送已投放清单" (二（二）, L21224-21230). The loans the banks disbursed before it are filed as each bank's
 * list of loans already disbursed, through the import's own path, in the first days of June 2022 (the app has no
 * admission clock for an earlier filing day: admissionDecisionDue is not in force before 2022-06-01).
 */
const PRACTICE_DAY = "2022-06-01";
const listDay = (bank: number) => addWorkingDays("2022-05-31" as LegalDate, 1 + (bank % 4), cal);
/** The trustee places 13.8亿 of the paid-in pool as 信贷通 deposits with the banks (XDT-BF Art.17 draws on them). */
const DEPOSIT_DAY = "2022-07-01";
const DEPOSIT_SHARES = [2.6, 2.2, 2.0, 1.8, 1.6, 1.4, 1.2, 1.0]; // 亿元
const BLACKLIST_DAY = "2024-03-15";
/**
 * The leading group approves a claim only if paying it keeps the bank (and the pool) under these lines; otherwise the
 * claim waits for a later monthly meeting (XDT-TZ22 四: "原则上每月"), when more lending has come in. The suspended bank
 * has no line: its payments take it to 3% and the stop (XDT-BF 第二十一条) follows by itself.
 */
const LINE_BP = { near: 290, other: 220, pool: 250 };

export function verdictJson(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })), explain: explain(v) };
}

/**
 * A claim as the bank files it on `claimDate` (the scale data): null when the loan does not meet the 60/90-day
 * trigger then; otherwise the unpaid principal and interest, the loss and the 70% the rule book decides.
 */
export interface FiledClaimFigures {
  principal: number;
  interest: number;
  loss: number;
  comp: number;
  verdict: unknown;
}

export function claimOnFiling(loan: { dues: Due[]; repayments: Repayment[] }, claimDate: string): FiledClaimFigures | null {
  const pos = loanPosition(loan.dues, loan.repayments, claimDate);
  const elig = claimEligibility({ principalFirstUnpaidDueDate: pos.principalFirstUnpaidDue as LegalDate | null, interestFirstUnpaidDueDate: pos.interestFirstUnpaidDue as LegalDate | null, claimDate: claimDate as LegalDate, onProjectList: true });
  if (!elig.value.eligible) return null;
  const comp = compensation({ unpaidPrincipal: pos.outstandingPrincipalFen as never, unpaidInterest: pos.unpaidInterestDueFen as never, poolAvailable: 1e14 as never, claimDate: claimDate as LegalDate });
  return {
    principal: pos.outstandingPrincipalFen,
    interest: pos.unpaidInterestDueFen,
    loss: comp.value.loss,
    comp: comp.value.compensation,
    verdict: { eligibility: verdictJson(elig), compensation: verdictJson(comp) },
  };
}

const lte = (a: string, b: string) => compareDates(a as LegalDate, b as LegalDate) <= 0;
const wd = (date: string, n: number) => addWorkingDays(date as LegalDate, n, cal);

// ------------------------------------------------------------------------------------------------ the plan

interface PlanLoan {
  idx: number;
  bank: number;
  bankOrgId: number;
  enterprise: SeedRefs["enterprises"][number];
  contractNo: string;
  amountFen: number;
  rateBp: number;
  termMonths: number;
  disbursementDate: string;
  requestDate: string;
  dues: Due[];
  isCreditLoan: boolean;
  enhancement: string | null;
  /** what the trustee will decide, and when (null: not decided by today) */
  decision: "admit" | "reject" | null;
  decidedOn: string | null;
  /** index of the first interest period left unpaid, or null for a performing loan */
  defaultAt: number | null;
  /** the repayments the bank will record (every due up to today before the default point) */
  plannedRepayments: Repayment[];
  riskEvent: { eventDate: string; reportedOn: string | null } | null;
  claim: PlanClaim | null;
  // --- what happened
  id: number | null;
  state: "planned" | "refused" | "pending" | "admitted" | "rejected";
  repayments: Repayment[];
  compensatedOn: string | null;
}

interface PlanClaim {
  loan: PlanLoan;
  claimDate: string;
  /** materials the bank has not provided (a returned claim lacks two, a filed one may lack its collection plan) */
  missing: XdtClaimMaterial[];
  returnOn: string | null;
  verifyOn: string | null;
  planOn: string | null;
  compileOn: string | null;
  decideOn: string | null;
  reject: boolean;
  meetingNo: number;
  /** working days from the decision to the payment, or null when not paid by today */
  payLag: number | null;
  // --- what happened
  id: number | null;
  comp: number;
  loss: number;
}

const RETURN_REASON = "缺少“税收情况”“劳动用工情况”材料，请补充后重新提交";

function planLoans(ctx: SeedContext, org: SeedRefs["org"], candidates: SeedRefs["enterprises"], black: SeedRefs["enterprises"][number], holders: Map<number, string[]>): PlanLoan[] {
  const { rng } = ctx;
  const today = XDT_DEMO_TODAY;
  const bankWeights = org.banks.map((_, i) => [i, [16, 15, 14, 12, 12, 11, 10, 10][i]] as const);
  const blacklisted = new Set([black.creditCode, ...(holders.get(black.id) ?? [])]);
  const loans: PlanLoan[] = [];
  let seq = 0;
  for (const [year, count] of LOANS_PER_YEAR) {
    const dates: string[] = [];
    const first = year === 2022 ? FIRST_LOAN_DAY : fromParts(year, 1, 4);
    const span = year === 2026 ? 325 : year === 2022 ? 340 : 360; // 2026: up to late November
    for (let k = 0; k < count; k++) dates.push(addDays(first as LegalDate, rng.int(0, span)));
    dates.sort();
    for (const disbursementDate of dates) {
      const bank = rng.weighted(bankWeights);
      const ent = rng.pick(candidates);
      // the banks stopped lending to the enterprise when its fraud came to light, before the leading group's decision
      if (ent.id === black.id && !lte(disbursementDate, "2023-12-31")) continue;
      const termMonths = rng.weighted([[12, 70], [24, 20], [36, 10]] as const);
      const amountFen = rng.int(5, 150) * 10 * WAN; // 50万 – 1500万
      const lpr = lprForTerm(INITIAL_LPR_TABLE, disbursementDate as LegalDate, termMonths).bp;
      const rateBp = lte(disbursementDate, "2022-05-31") ? lpr + rng.int(0, Math.floor(lpr / 10)) : lpr + rng.int(0, 74);
      const isCreditLoan = rng.chance(0.6);
      const enhancement = isCreditLoan ? null : rng.pick(["厂房抵押", "应收账款质押", "知识产权质押", "担保公司保证"]);
      const open = loans.filter((l) => l.enterprise.id === ent.id && l.decision !== "reject" && !lte(addMonths(l.disbursementDate as LegalDate, l.termMonths), disbursementDate));
      // filed once disbursed (a loan dated after its filing day is refused), never after today
      const lag = rng.int(0, 3);
      const requestDate = !lte(PRACTICE_DAY, disbursementDate) ? listDay(bank) : lte(addDays(disbursementDate as LegalDate, lag), today) ? addDays(disbursementDate as LegalDate, lag) : today;
      // the bank files only what it expects the rules to take (caps, rate, enhancement, the blacklist it knows of); the
      // app's own check at filing decides, with what it holds then (a stop, a loan at another bank…)
      const expected = checkLoanAdmission(
        {
          bankId: String(org.banks[bank].id),
          disbursementDate: disbursementDate as LegalDate,
          asOf: requestDate as LegalDate,
          amount: amountFen as Fen,
          termMonths,
          annualRateBp: rateBp,
          enterprise: { creditCode: ent.creditCode, regionCode: ent.regionCode, isSme: ent.sizeClass !== "large", shareholderIds: holders.get(ent.id) ?? [] },
          otherOutstandingLoans: open.map((l) => ({ bankId: String(l.bankOrgId), outstanding: l.amountFen as Fen })),
          blacklist: lte(disbursementDate, BLACKLIST_DAY) ? new Set<string>() : blacklisted,
          isCreditLoan,
          creditEnhancement: enhancement,
          controllerSpouseGuarantee: true,
        },
        { lpr: INITIAL_LPR_TABLE },
      );
      if (expected.outcome === "block") continue;
      const { dues } = buildSchedule(amountFen, rateBp, termMonths, disbursementDate);
      // the trustee's queue: most loans filed in the last days are still waiting
      const recent = lte(addDays(today as LegalDate, lag - 8), disbursementDate);
      let decision: PlanLoan["decision"] = recent && rng.chance(0.7) ? null : rng.chance(0.02) ? "reject" : "admit";
      let decidedOn: string | null = decision === null ? null : wd(requestDate, rng.weighted([[1, 2], [2, 3], [3, 3], [4, 2], [5, 2], [6, 1]] as const));
      const defaultRate = bank === SUSPENDED_BANK ? 0.14 : bank === NEAR_BANK ? 0.05 : bank === 0 ? 0.035 : 0.025;
      const interestDues = dues.filter((d) => d.component === "interest");
      let defaultAt = decision === "admit" && rng.chance(defaultRate) ? rng.int(0, interestDues.length - 1) : null;
      // a share of live loans went overdue in the last months: claims in flight at every stage today
      const recentIdx = interestDues.findIndex((d) => lte(addDays(today as LegalDate, -200), d.dueDate) && lte(d.dueDate, addDays(today as LegalDate, -95)));
      if (defaultAt === null && decision === "admit" && recentIdx >= 0 && rng.chance(0.05)) defaultAt = recentIdx;
      // a decision after today has not been taken yet (such a loan is days old: no interest due, no default lost)
      if (decidedOn !== null && !lte(decidedOn, today)) {
        decision = null;
        decidedOn = null;
        defaultAt = null;
      }
      seq++;
      const stopAt = defaultAt === null ? null : interestDues[defaultAt].dueDate;
      const plannedRepayments =
        decision === "admit" ? dues.filter((d) => lte(d.dueDate, today) && !(stopAt !== null && lte(stopAt, d.dueDate))).map((d) => ({ component: d.component, paidOn: d.dueDate, amountFen: d.amountFen })) : [];
      loans.push({
        idx: seq,
        bank,
        bankOrgId: org.banks[bank].id,
        enterprise: ent,
        contractNo: `${BANK_CODES[bank]}-XDT-${disbursementDate.slice(0, 4)}-${String(seq).padStart(5, "0")}`,
        amountFen,
        rateBp,
        termMonths,
        disbursementDate,
        requestDate,
        dues,
        isCreditLoan,
        enhancement,
        decision,
        decidedOn,
        defaultAt,
        plannedRepayments,
        riskEvent: null,
        claim: null,
        id: null,
        state: "planned",
        repayments: [],
        compensatedOn: null,
      });
    }
  }
  return loans;
}

/** Claims: defaulted loans whose trigger is met by today, filed by most banks within a month; how far each has come. */
function planClaims(ctx: SeedContext, loans: PlanLoan[]): PlanClaim[] {
  const { rng } = ctx;
  const today = XDT_DEMO_TODAY;
  const claims: PlanClaim[] = [];
  for (const loan of loans) {
    if (loan.defaultAt === null) continue;
    const pos0 = loanPosition(loan.dues, loan.plannedRepayments, today);
    const elig0 = claimEligibility({ principalFirstUnpaidDueDate: pos0.principalFirstUnpaidDue as LegalDate | null, interestFirstUnpaidDueDate: pos0.interestFirstUnpaidDue as LegalDate | null, claimDate: today as LegalDate, onProjectList: true });
    if (!elig0.value.eligible) continue;
    const from = [elig0.value.principalEligibleFrom, elig0.value.interestEligibleFrom].filter((d): d is LegalDate => Boolean(d) && lte(d!, today)).sort()[0];
    let claimDate: string = addDays(from, rng.int(0, 30));
    if (!lte(claimDate, today)) claimDate = today;
    if (!lte("2022-08-01", claimDate)) continue;
    if (rng.chance(0.12)) continue; // some banks have not filed yet (filing is the bank's choice)
    if (!claimOnFiling({ dues: loan.dues, repayments: loan.plannedRepayments }, claimDate)) continue;
    const claim: PlanClaim = { loan, claimDate, missing: [], returnOn: null, verifyOn: null, planOn: null, compileOn: null, decideOn: null, reject: false, meetingNo: 1, payLag: null, id: null, comp: 0, loss: 0 };
    loan.claim = claim;
    claims.push(claim);
  }
  claims.sort((a, b) => (a.claimDate < b.claimDate ? -1 : a.claimDate > b.claimDate ? 1 : a.loan.idx - b.loan.idx));

  // stages by age (each step on a working day after the previous one, none after today)
  claims.forEach((c, j) => {
    const age = Math.floor((Date.parse(today) - Date.parse(c.claimDate)) / 86_400_000);
    const upTo = (d: string) => (lte(d, today) ? d : null);
    if (age < 6) {
      if (rng.chance(0.35)) {
        c.returnOn = upTo(wd(c.claimDate, 1));
        if (c.returnOn) c.missing = ["tax", "employment"];
      }
      if (!c.returnOn && j % 2 === 0) c.missing = ["collection_plan"];
      return;
    }
    c.verifyOn = upTo(wd(c.claimDate, rng.int(1, 3)));
    if (age < 14 || !c.verifyOn) return;
    c.planOn = upTo(wd(c.claimDate, rng.weighted([[6, 3], [8, 4], [10, 4], [12, 1]] as const)));
    if (age < 25 || !c.planOn) return;
    c.compileOn = upTo(wd(c.planOn, rng.int(2, 6)));
    if (age < 40 || !c.compileOn) return;
    c.decideOn = wd(c.compileOn, rng.int(5, 12));
    c.reject = rng.chance(0.06);
    c.meetingNo = rng.int(1, 12);
    const payLag = rng.weighted([[1, 3], [2, 4], [3, 4]] as const);
    if (!lte(c.decideOn, today)) c.decideOn = null;
    else if (age >= 52 && !c.reject) c.payLag = payLag;
  });

  // the demo shows every stage: if chance left none returned for more materials, the latest claim still with the trustee is
  if (!claims.some((c) => c.returnOn)) {
    const c = [...claims].reverse().find((x) => !x.planOn);
    if (c) {
      const back = wd(c.claimDate, 1);
      c.returnOn = lte(back, today) ? back : c.claimDate;
      c.verifyOn = null;
      c.missing = ["tax", "employment"];
    }
  }
  // …and one verified whose plan the trustee has not sent yet: the latest planned one, if chance left none
  if (!claims.some((c) => c.verifyOn && !c.planOn)) {
    const c = [...claims].reverse().find((x) => x.planOn);
    if (c) Object.assign(c, { planOn: null, compileOn: null, decideOn: null, payLag: null, reject: false });
  }
  return claims;
}

// ------------------------------------------------------------------------------------------------ the timeline

/** Events in date order; within a day: decisions on the bank and the pool, payments, repayments, admission, filing… */
const PHASE = { lifecycle: 0, pool: 1, claimDecision: 2, repayment: 3, admission: 4, filing: 5, claimWork: 6, recovery: 7, report: 8 } as const;

interface Ev {
  date: string;
  phase: number;
  seq: number;
  what: string;
  run: () => Promise<void>;
}

/** A min-heap of events by (date, phase, order of scheduling); an event may schedule later ones, never earlier ones. */
class Timeline {
  private heap: Ev[] = [];
  private seq = 0;
  now = "0000-00-00";
  /** called when the history reaches a new month (before its first event) */
  onMonth: (month: string) => Promise<void> = async () => {};
  constructor(private readonly today: string) {}

  /** false (and nothing scheduled) for a date after today: that has not happened yet */
  at(date: string, phase: number, what: string, run: () => Promise<void>): boolean {
    if (!lte(date, this.today)) return false;
    if (date < this.now) throw new Error(`demo data: "${what}" (${date}) would be recorded after ${this.now}: history runs forward`);
    this.heap.push({ date, phase, seq: this.seq++, what, run });
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(this.heap[i], this.heap[p])) break;
      [this.heap[i], this.heap[p]] = [this.heap[p], this.heap[i]];
      i = p;
    }
    return true;
  }

  async run(): Promise<void> {
    while (this.heap.length > 0) {
      const top = this.heap[0];
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < this.heap.length && before(this.heap[l], this.heap[m])) m = l;
          if (r < this.heap.length && before(this.heap[r], this.heap[m])) m = r;
          if (m === i) break;
          [this.heap[i], this.heap[m]] = [this.heap[m], this.heap[i]];
          i = m;
        }
      }
      if (top.date.slice(0, 7) !== this.now.slice(0, 7)) await this.onMonth(top.date.slice(0, 7));
      this.now = top.date;
      const t0 = PROFILE ? performance.now() : 0;
      try {
        await top.run();
        if (PROFILE) {
          const kind = top.what.replace(/[A-Z]+-XDT-\d{4}-\d{5}/, "…").replace(/\d{4}-\d{2}/, "…");
          const k = (PROFILE.get(kind) ?? { n: 0, ms: 0 });
          PROFILE.set(kind, { n: k.n + 1, ms: k.ms + performance.now() - t0 });
        }
      } catch (err) {
        if (err instanceof UserInputError) throw new Error(`demo data: ${top.what} on ${top.date} was refused: ${err.message}`);
        throw err;
      }
    }
  }
}

/** ZJT_SEED_PROFILE=1: time spent per kind of event, printed when the history has run */
const PROFILE = process.env.ZJT_SEED_PROFILE === "1" ? new Map<string, { n: number; ms: number }>() : null;

function before(a: Ev, b: Ev): boolean {
  return a.date !== b.date ? a.date < b.date : a.phase !== b.phase ? a.phase < b.phase : a.seq < b.seq;
}

/** A UUID-shaped request id (the pool-operation form's), the same on every run. */
function formId(n: number): string {
  return `5eed0000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** Who acts: the demo users (as their routes' actorOf names them), and each bank without a demo user by its own staff. */
export function actorsOf(ctx: SeedContext, org: SeedRefs["org"]) {
  const users = need(ctx, "users");
  const user = (username: string, orgId: number): Actor => {
    const u = DEMO_USERS.find((x) => x.username === username)!;
    return { userId: users.get(username)!, name: `${u.displayName}（${u.username}）`, orgId, requestId: "seed", ip: null };
  };
  const banks = org.banks.map((b, i): Actor => (i === 0 ? user("bank.a", b.id) : i === 1 ? user("bank.b", b.id) : { userId: null, name: `${b.shortName} 信贷通经办（演示数据）`, orgId: b.id, requestId: "seed", ip: null }));
  return { bank: (i: number) => banks[i], trustee: user("trustee", org.trustee), office: user("xdt", org.xdtOffice) };
}

export const xdtStep: SeedStep = {
  name: "xdt",
  async run(ctx) {
    // the plan draws from where the demo's sequence stands (as the step's earlier version did: the same loans); the
    // shared sequence then moves on as that version left it, so the steps after this one (special funds, performance,
    // the auditor) draw what they drew before, whatever this history holds
    const rng = ctx.rng.fork();
    for (let k = 0; k < SHARED_DRAWS; k++) ctx.rng.next();
    const plan = { ...ctx, rng };
    const { tx } = ctx;
    const org = need(ctx, "org");
    const accounts = need(ctx, "accounts");
    const enterprises = need(ctx, "enterprises");
    const today = XDT_DEMO_TODAY;
    const who = actorsOf(ctx, org);
    const timeline = new Timeline(today);

    // --- the plan (every random draw)
    const candidates = enterprises.filter((e) => e.sizeClass !== "large");
    const black = candidates[7];
    const holders = new Map<number, string[]>();
    for (const h of await tx.select({ enterpriseId: shareholder.enterpriseId, identifier: shareholder.identifier }).from(shareholder).orderBy(shareholder.id)) holders.set(h.enterpriseId, [...(holders.get(h.enterpriseId) ?? []), h.identifier]);
    const loans = planLoans(plan, org, candidates, black, holders);
    planClaims(plan, loans);
    for (const l of loans) {
      if (l.defaultAt === null) continue;
      const eventDate = addDays(l.dues.filter((d) => d.component === "interest")[l.defaultAt].dueDate as LegalDate, 1);
      if (!lte(eventDate, today)) continue;
      const reportedOn = rng.chance(0.9) ? wd(eventDate, rng.int(1, 5)) : wd(eventDate, rng.int(6, 9));
      l.riskEvent = { eventDate, reportedOn: lte(reportedOn, today) ? reportedOn : null };
    }
    const monthly: { bank: number; month: string; submittedOn: string }[] = [];
    for (const [i] of org.banks.entries()) {
      for (let m = fromParts(2022, 6, 1); lte(addMonths(m, 1), "2026-11-01"); m = addMonths(m, 1)) {
        const due = monthlyReportDue(m as LegalDate).value.due;
        monthly.push({ bank: i, month: m, submittedOn: rng.chance(0.93) ? addDays(due, -rng.int(0, 8)) : addDays(due, rng.int(1, 5)) });
      }
    }

    // --- what the leading group weighs before approving a claim: compensation approved and lending admitted so far
    const committed = new Map<number, number>();
    const lending = new Map<number, number>();
    let poolCommitted = 0;
    let poolLending = 0;
    const add = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
    const stays = (bank: number, comp: number) => {
      const reaches = (paid: number, lent: number, lineBp: number) => BigInt(paid) * 10_000n >= BigInt(lineBp) * BigInt(lent);
      if (reaches(poolCommitted + comp, poolLending, LINE_BP.pool)) return false;
      if (bank === SUSPENDED_BANK) return true;
      return !reaches((committed.get(bank) ?? 0) + comp, lending.get(bank) ?? 0, bank === NEAR_BANK ? LINE_BP.near : LINE_BP.other);
    };

    // --- the banks become partners (XDT-BF 第五条), the office publishing the lists
    const basis = { apply: "在黔设有营业网点，申请成为信贷通合作金融机构（XDT-BF 第五条）", evaluate: "信贷通办评估通过", approve: "协调领导小组审定", sign: "受托管理机构签订合作协议", activate: "列入2022年度合作金融机构名单，开展信贷通业务" };
    for (const [i, b] of org.banks.entries()) {
      timeline.at(LIFECYCLE.apply, PHASE.lifecycle, `${b.shortName}的合作申请`, async () => {
        await recordApplication(tx, who.office, { intent: "apply", bankOrgId: b.id, basis: basis.apply, decisionRef: `${b.shortName}函〔2021〕${31 + i}号`, decisionDate: LIFECYCLE.apply }, LIFECYCLE.apply as LegalDate);
      });
      const step = (intent: "evaluate" | "approve" | "sign" | "activate", ref: string, actor: Actor) =>
        timeline.at(LIFECYCLE[intent], PHASE.lifecycle, `${b.shortName}：${intent}`, async () => {
          await advanceBank(tx, actor, ALL, b.id, { intent, basis: basis[intent], decisionRef: ref, decisionDate: LIFECYCLE[intent] }, LIFECYCLE[intent] as LegalDate);
        });
      step("evaluate", "黔信贷通办〔2021〕12号", who.office);
      step("approve", "黔信贷通领〔2021〕5号", who.office);
      step("sign", `XDT-HZ-2021-${String(i + 1).padStart(2, "0")}`, who.trustee);
      step("activate", "黔信贷通办〔2022〕2号", who.office);
    }
    for (const [year, publishedOn, documentRef] of YEAR_LISTS) {
      timeline.at(publishedOn, PHASE.lifecycle, `${year}年度合作名单`, async () => {
        await publishYearList(tx, who.office, { intent: "publish", year, publishedOn, documentRef, bankOrgId: org.banks.map((b) => b.id) }, publishedOn as LegalDate);
      });
    }

    // --- the trustee's deposits and later operations between the pool's accounts
    let forms = 0;
    for (const [i, b] of org.banks.entries()) {
      timeline.at(DEPOSIT_DAY, PHASE.pool, `存入${b.shortName}信贷通存款户`, async () => {
        await recordPoolOperation(tx, who.trustee, { intent: "deposit", toBank: b.id, amount: Math.round(DEPOSIT_SHARES[i % DEPOSIT_SHARES.length] * 10) * (YI / 10), valueDate: DEPOSIT_DAY, reference: `QSGZ-2022-07-${String(i + 1).padStart(3, "0")}`, reason: "首次存入信贷通存款户（按合作协议约定的存入额度）", requestId: formId(++forms) }, DEPOSIT_DAY as LegalDate);
      });
    }
    const ops: PoolOperationInput[] = [
      { intent: "transfer", fromBank: org.banks[0].id, toBank: org.banks[7].id, amount: 1000 * WAN, valueDate: "2026-06-30", reference: "QSGZ-2026-06-018", reason: "按年度业务量调整存入额度", requestId: formId(101) },
      { intent: "withdrawal", fromBank: org.banks[1].id, amount: 500 * WAN, valueDate: "2026-09-15", reference: "QSGZ-2026-09-007", reason: "存款到期转回专户", requestId: formId(102) },
    ];
    for (const op of ops) {
      timeline.at(op.valueDate, PHASE.pool, `资金${op.intent}`, async () => {
        await recordPoolOperation(tx, who.trustee, op, op.valueDate as LegalDate);
      });
    }

    // --- the blacklist: one enterprise and all its shareholders (XDT-FA §六(一)), the leading group's decision
    timeline.at(BLACKLIST_DAY, PHASE.lifecycle, "黑名单决定", async () => {
      await addToBlacklist(tx, who.office, { creditCode: black.creditCode, reason: "虚构贸易背景骗取信贷通贷款，贷款资金挪用于房地产投资", decisionRef: "黔信贷通领〔2024〕3号", decisionDate: BLACKLIST_DAY }, BLACKLIST_DAY as LegalDate);
    });

    // --- loans: filed by the bank (the rules decide, a refusal stores nothing), decided by the trustee
    let filed = 0;
    const inputOf = (l: PlanLoan): FileLoanInput => ({
      creditCode: l.enterprise.creditCode,
      contractNo: l.contractNo,
      amount: l.amountFen as Fen,
      rate: l.rateBp,
      termMonths: l.termMonths,
      disbursementDate: l.disbursementDate,
      isCreditLoan: l.isCreditLoan ? "on" : undefined,
      creditEnhancement: l.enhancement ?? undefined,
      controllerSpouseGuarantee: "on",
      renewalOf: undefined,
      overrideReason: undefined,
      enterprise: undefined,
    });
    const refused = (l: PlanLoan, err: unknown) => {
      if (!(err instanceof UserInputError)) throw err;
      l.state = "refused";
    };
    const filedOk = (l: PlanLoan, id: number) => {
      l.id = id;
      l.state = "pending";
      filed++;
      if (l.decision && l.decidedOn) timeline.at(l.decidedOn, PHASE.admission, `贷款 ${l.contractNo} 入库审核`, () => decide(l));
    };
    // the loans disbursed before XDT-TZ22: each bank's list of loans already disbursed, checked and written as an import
    for (const [bank, b] of org.banks.entries()) {
      const backlog = loans.filter((l) => l.bank === bank && !lte(PRACTICE_DAY, l.disbursementDate));
      if (backlog.length === 0) continue;
      const day = listDay(bank);
      timeline.at(day, PHASE.filing, `${b.shortName}已投放清单`, async () => {
        const inputs = backlog.map(inputOf);
        const fctx = await loadFilingContext(tx, who.bank(bank), b.id, day, inputs, "import");
        const drafts: ReturnType<typeof draftLoan>[] = [];
        const kept: PlanLoan[] = [];
        backlog.forEach((l, k) => {
          try {
            drafts.push(draftLoan(fctx, inputs[k]));
            kept.push(l);
          } catch (err) {
            refused(l, err);
          }
        });
        const rows = await insertDrafts(tx, who.bank(bank), drafts, "import");
        const byContract = new Map(rows.map((r) => [r.contractNo, r.id]));
        for (const l of kept) filedOk(l, byContract.get(l.contractNo)!);
      });
    }
    // later loans: each filed by the bank on its form (the rules decide; a refusal stores nothing)
    for (const l of loans) {
      if (!lte(PRACTICE_DAY, l.disbursementDate)) continue;
      timeline.at(l.requestDate, PHASE.filing, `贷款 ${l.contractNo} 报备`, async () => {
        try {
          // a savepoint, as the form's submitOrReply: a refused filing leaves nothing behind
          const loan = await tx.transaction((sp) => fileLoan(sp, who.bank(l.bank), l.bankOrgId, inputOf(l), l.requestDate as LegalDate));
          filedOk(l, loan.id);
        } catch (err) {
          refused(l, err);
        }
      });
    }

    const decide = async (l: PlanLoan) => {
      const on = l.decidedOn as LegalDate;
      // D-7: from the day a bank is stopped its new loans are not admitted; the trustee declines what is still queued
      const [bank] = await tx.select({ status: xdtBank.status }).from(xdtBank).where(eq(xdtBank.orgId, l.bankOrgId));
      const stopped = bank.status !== "active";
      if (l.decision === "reject" || stopped) {
        const note = stopped ? "该行新增信贷通贷款已暂停（XDT-BF 第二十一条），不予入库" : "企业实际经营地不在贵州省内，不予入库";
        await decideAdmission(tx, who.trustee, l.id!, { intent: "reject", note }, on);
        l.state = "rejected";
        return;
      }
      try {
        await tx.transaction((sp) => decideAdmission(sp, who.trustee, l.id!, { intent: "admit" }, on));
      } catch (err) {
        // listed since the filing (the enterprise or a shareholder): the trustee declines it, as the refusal says
        if (!(err instanceof UserInputError)) throw err;
        await decideAdmission(tx, who.trustee, l.id!, { intent: "reject", note: err.message.slice(0, 500) }, on);
        l.state = "rejected";
        return;
      }
      l.state = "admitted";
      add(lending, l.bank, l.amountFen);
      poolLending += l.amountFen;
      for (const r of l.plannedRepayments) {
        // a repayment received before the loan was admitted (the June 2022 lists) is recorded once it is
        timeline.at(lte(on, r.paidOn) ? r.paidOn : on, PHASE.repayment, `贷款 ${l.contractNo} 还款`, async () => {
          await recordRepayment(tx, who.bank(l.bank), l.bankOrgId, l.id!, { intent: "repay", component: r.component, paidOn: r.paidOn, amount: r.amountFen as Fen }, timeline.now as LegalDate);
          l.repayments.push(r);
        });
      }
      // a risk event before the loan was filed (no clock before XDT-TZ22) is reported once it is on the list
      if (l.riskEvent) riskEvent(l, { eventDate: l.riskEvent.eventDate, reportedOn: l.riskEvent.reportedOn && !lte(l.riskEvent.reportedOn, on) ? l.riskEvent.reportedOn : l.riskEvent.reportedOn && on });
      if (l.claim) timeline.at(l.claim.claimDate, PHASE.claimWork, `贷款 ${l.contractNo} 代偿申请`, () => fileTheClaim(l.claim!));
    };

    // --- risk events (XDT-TZ22 二: in writing within 5 working days); one the bank has not reported yet stays open
    const riskEvent = (l: PlanLoan, ev: { eventDate: string; reportedOn: string | null }) => {
      const description = "借款企业未按期支付利息，经营出现困难";
      if (ev.reportedOn) {
        timeline.at(ev.reportedOn, PHASE.claimWork, `风险事项 ${l.contractNo}`, async () => {
          await reportRiskEvent(tx, who.bank(l.bank), l.bankOrgId, { intent: "report-risk", eventDate: ev.eventDate, description, loanId: l.id! }, ev.reportedOn as LegalDate);
        });
      } else {
        // the overdue as the system holds it, not yet reported in writing (reportPendingRiskEvent answers it)
        timeline.at(ev.eventDate, PHASE.claimWork, `逾期 ${l.contractNo}`, async () => {
          await tx.insert(xdtRiskEvent).values({ bankOrgId: l.bankOrgId, loanId: l.id!, eventDate: ev.eventDate, dueDate: await riskEventDue(tx, ev.eventDate as LegalDate), reportedOn: null, description });
        });
      }
    };

    // --- claims: the bank files with its materials; the trustee verifies and plans; the office compiles; the leading
    // group decides (recorded by the office); the trustee pays; the bank reports what it recovers
    let claimCount = 0;
    const fileTheClaim = async (c: PlanClaim) => {
      const l = c.loan;
      const on = c.claimDate as LegalDate;
      const row = await fileClaim(tx, who.bank(l.bank), l.bankOrgId, l.id!, on);
      c.id = row.id;
      c.comp = row.compensationFen;
      c.loss = row.lossFen;
      claimCount++;
      for (const kind of XDT_CLAIM_MATERIALS) {
        if (c.missing.includes(kind)) continue;
        await saveMaterial(tx, who.bank(l.bank), l.bankOrgId, c.id, { intent: "mark", kind, note: "纸质材料已报送" }, null);
      }
      const next = (date: string | null, what: string, input: ClaimStepInput, actor: Actor, then?: () => void) => {
        if (date) timeline.at(date, PHASE.claimWork, `代偿 ${l.contractNo}：${what}`, async () => {
          await claimStep(tx, actor, ALL, c.id!, input, date as LegalDate);
          then?.();
        });
      };
      if (c.returnOn) return next(c.returnOn, "退回", { intent: "return", reason: RETURN_REASON }, who.trustee);
      next(c.verifyOn, "核实", { intent: "verify" }, who.trustee, () =>
        next(c.planOn, "补偿方案", { intent: "plan", note: `贷款在项目名单内，九项材料齐全；同意按70%补偿，拟补偿 ${(c.comp / 100).toFixed(2)} 元` }, who.trustee, () =>
          next(c.compileOn, "汇总", { intent: "compile" }, who.office, () => {
            if (c.decideOn) timeline.at(c.decideOn, PHASE.claimDecision, `代偿 ${l.contractNo}：决定`, () => decideClaim(c, c.decideOn!));
          }),
        ),
      );
    };

    const decideClaim = async (c: PlanClaim, on: string) => {
      const l = c.loan;
      if (!c.reject && !stays(l.bank, c.comp)) {
        // paying it would take the bank (or the pool) to its line: the leading group takes it up at a later meeting
        const later = addMonths(on as LegalDate, 1);
        timeline.at(later, PHASE.claimDecision, `代偿 ${l.contractNo}：决定（续议）`, () => decideClaim(c, later));
        return;
      }
      const decisionRef = `黔信贷通领会议纪要〔${on.slice(0, 4)}〕${c.meetingNo}号`;
      await claimStep(tx, who.office, ALL, c.id!, { intent: "decide", outcome: c.reject ? "reject" : "approve", meetingDate: on, decisionRef }, on as LegalDate);
      if (c.reject) return;
      add(committed, l.bank, c.comp);
      poolCommitted += c.comp;
      if (c.payLag === null) return;
      const payOn = wd(on, c.payLag);
      timeline.at(payOn, PHASE.claimDecision, `代偿 ${l.contractNo}：支付`, async () => {
        // the payment draws the deposits (XDT-BF 第十七条) and checks the 3% stop at once (D-7)
        await claimStep(tx, who.trustee, ALL, c.id!, { intent: "pay" }, payOn);
        l.compensatedOn = payOn;
        recovery(c, payOn);
      });
    };

    // --- recoveries on some paid claims: returned on time, one late, some still open
    let recoveryCount = 0;
    const recovery = (c: PlanClaim, paidOn: string) => {
      if (!rng.chance(0.3)) return;
      const recoveryDate = addDays(paidOn as LegalDate, rng.int(40, 300));
      const share = rng.int(10, 50);
      const lateBy = rng.int(2, 6);
      const onTimeBy = rng.int(1, 3);
      if (!lte(recoveryDate, addDays(today as LegalDate, -1))) return;
      const n = ++recoveryCount;
      const l = c.loan;
      timeline.at(recoveryDate, PHASE.recovery, `追偿 ${l.contractNo}`, async () => {
        const recovered = Math.round((c.loss * share) / 100);
        const rec = await reportRecovery(
          tx,
          who.bank(l.bank),
          l.bankOrgId,
          c.id!,
          { intent: "report-recovery", requestId: `seed-recovery-${c.id}`, recoveryDate, recovered: recovered as Fen, litigationCost: Math.round(recovered * 0.03) as Fen, recoveryCost: 0 },
          recoveryDate,
        );
        const late = n % 9 === 4;
        if (!lte(rec.dueDate, today) || n % 11 === 7) return; // not returned yet
        const returnedOn = late ? wd(rec.dueDate, lateBy) : wd(recoveryDate, onTimeBy);
        timeline.at(returnedOn, PHASE.recovery, `追偿返还 ${l.contractNo}`, async () => {
          await recordReturn(tx, who.trustee, rec.id, returnedOn as LegalDate);
        });
      });
    };

    // --- monthly reports (XDT-TZ22 §五(四), from 2022-06-01): due the 10th of the next month, figures as of month end
    for (const r of monthly) {
      timeline.at(r.submittedOn, PHASE.report, `月报 ${r.month}`, async () => {
        const end = addDays(addMonths(r.month as LegalDate, 1), -1);
        let balance = 0;
        let cumulative = 0;
        let npl = 0;
        let bad = 0;
        for (const l of loans) {
          if (l.bank !== r.bank || l.state !== "admitted" || !lte(l.disbursementDate, end)) continue;
          cumulative += l.amountFen;
          if (l.compensatedOn && lte(l.compensatedOn, end)) {
            bad += l.amountFen;
            continue;
          }
          const pos = loanPosition(l.dues, l.repayments, end);
          if (pos.outstandingPrincipalFen === 0) continue;
          balance += pos.outstandingPrincipalFen;
          const first = [pos.principalFirstUnpaidDue, pos.interestFirstUnpaidDue].filter(Boolean).sort()[0];
          if (first && Date.parse(end) - Date.parse(first) >= 90 * 86_400_000) npl += pos.outstandingPrincipalFen;
        }
        await fileMonthlyReport(tx, who.bank(r.bank), org.banks[r.bank].id, { intent: "file-monthly", month: r.month.slice(0, 7), balance, cumulativeLending: cumulative, npl, badDebt: bad }, r.submittedOn as LegalDate);
      });
    }

    // each month is committed (superseded loan rows are then pruned), and the tables' statistics refreshed as they grow
    // from nothing: the app's queries stay on their indexes (the arrears refresh otherwise scans every schedule)
    timeline.onMonth = async () => {
      await ctx.checkpoint();
      await tx.execute(sql`analyze xdt_loan, xdt_loan_due, xdt_repayment, xdt_claim, xdt_lending_month, ledger_account, posting, journal`);
    };
    await timeline.run();
    if (PROFILE) for (const [kind, { n, ms }] of [...PROFILE].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${kind.padEnd(24)} ${String(n).padStart(6)} × ${(ms / n).toFixed(1).padStart(7)} ms = ${(ms / 1000).toFixed(1)} s`);

    // the deposit accounts the agreements opened, for the later steps
    for (const b of org.banks) {
      const [a] = await tx.select({ id: ledgerAccount.id }).from(ledgerAccount).where(eq(ledgerAccount.code, XDT_ACCOUNTS.deposit(b.id)));
      accounts.deposits.set(b.id, a.id);
    }
    ctx.refs.xdt = {
      loans: filed,
      claims: claimCount,
      suspendedBankOrgId: org.banks[SUSPENDED_BANK].id,
      nearBankOrgId: org.banks[NEAR_BANK].id,
      blacklistedEnterpriseId: black.id,
    };
  },
};

export type { SeedContext };
