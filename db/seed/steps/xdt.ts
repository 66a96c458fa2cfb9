/**
 * 信贷通 demo data (issue 4): partner-bank lifecycle, ~2,000 loans 2022–2026 with schedules and repayments, overdue
 * loans, risk events, claims at every stage with their steps and materials, payments drawn by splitClaimPayment and
 * posted to the ledger, recoveries and their returns, monthly reports, a blacklisted enterprise, one bank near the
 * 3% line and one past it (suspended). Every verdict comes from rules/; the ledger stays balanced.
 */
import { eq, inArray } from "drizzle-orm";
import {
  enterprise,
  shareholder,
  xdtBank,
  xdtBankStatusChange,
  xdtBlacklist,
  xdtClaim,
  xdtClaimMaterial,
  xdtClaimStep,
  xdtLoan,
  xdtLoanDue,
  xdtMonthlyReport,
  xdtRecovery,
  xdtRepayment,
  xdtRiskEvent,
  XDT_CLAIM_MATERIALS,
  type XdtClaimStatus,
} from "../../schema";
import { accountBalances, ensureAccount, postJournal } from "../../ledger";
import { XDT_ACCOUNTS } from "../../accounts";
import { buildSchedule, loanPosition, type Due, type Repayment } from "../../xdt";
import { addDays, addMonths, compareDates, fromParts, type LegalDate } from "../../../rules/core/dates";
import { DEFAULT_CALENDAR, addWorkingDays } from "../../../rules/reference/calendar";
import { INITIAL_LPR_TABLE, lprForTerm } from "../../../rules/reference/lpr";
import { checkLoanAdmission } from "../../../rules/xdt/admission";
import { claimEligibility, compensation, splitClaimPayment } from "../../../rules/xdt/claims";
import { recoveryReturn } from "../../../rules/xdt/recovery";
import { bankRiskRatio } from "../../../rules/xdt/risk";
import {
  admissionDecisionDue,
  claimPlanDue,
  compensationPaymentDue,
  monthlyReportDue,
  riskEventReportDue,
} from "../../../rules/xdt/deadlines";
import { explain, type Verdict } from "../../../rules/core/verdict";
import { RuleDateError } from "../../../rules/core/errors";
import { need, type SeedContext, type SeedStep } from "../context";

/** The demo's "today": fixed so the data is the same on every run. */
export const XDT_DEMO_TODAY = "2026-11-27";
export const BANK_CODES = ["GZB", "GYB", "ICBC", "ABC", "BOC", "CCB", "BOCOM", "GZRCU"];
const SUSPENDED_BANK = 6; // 交通银行: past 3%
const NEAR_BANK = 2; // 工商银行: just under 3%
const LOANS_PER_YEAR: [number, number][] = [[2022, 330], [2023, 395], [2024, 460], [2025, 495], [2026, 520]];
const WAN = 1_000_000;
const cal = DEFAULT_CALENDAR;

export function verdictJson(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })), explain: explain(v) };
}

/**
 * A claim as the bank files it on `claimDate` (demo and scale data alike): null when the loan does not meet the
 * 60/90-day trigger then; otherwise the unpaid principal and interest, the loss and the 70% the rule book decides.
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

interface GenLoan {
  idx: number;
  bank: number;
  bankOrgId: number;
  enterpriseId: number;
  contractNo: string;
  amountFen: number;
  rateBp: number;
  termMonths: number;
  disbursementDate: string;
  requestDate: string;
  maturityDate: string;
  dues: Due[];
  repayments: Repayment[];
  status: "pending" | "admitted" | "rejected";
  decidedOn: string | null;
  admissionDue: string | null;
  verdict: ReturnType<typeof verdictJson>;
  isCreditLoan: boolean;
  enhancement: string | null;
  /** index of the first interest period left unpaid, or null for a performing loan */
  defaultAt: number | null;
  id?: number;
}

/** A clock that was not yet in force on that date has no due date (RuleDateError → null). */
function dueOrNull(f: () => Verdict<{ due: LegalDate }>): string | null {
  try {
    return f().value.due;
  } catch (err) {
    if (err instanceof RuleDateError) return null;
    throw err;
  }
}

const lte = (a: string, b: string) => compareDates(a as LegalDate, b as LegalDate) <= 0;

export const xdtStep: SeedStep = {
  name: "xdt",
  async run(ctx) {
    const { tx, rng } = ctx;
    const org = need(ctx, "org");
    const accounts = need(ctx, "accounts");
    const enterprises = need(ctx, "enterprises");
    const today = XDT_DEMO_TODAY;
    const actorName = ctx.actor.name;

    // --- blacklist: one enterprise and all its shareholders (XDT-FA §六(一))
    const candidates = enterprises.filter((e) => e.sizeClass !== "large");
    const black = candidates[7];
    const blackHolders = await tx.select().from(shareholder).where(eq(shareholder.enterpriseId, black.id));
    const blacklistDate = "2024-03-15";
    await tx.insert(xdtBlacklist).values([
      { identifier: black.creditCode, name: black.name, kind: "enterprise", enterpriseId: black.id, reason: "虚构贸易背景骗取信贷通贷款，贷款资金挪用于房地产投资", decisionRef: "黔信贷通领〔2024〕3号", decisionDate: blacklistDate, createdByName: actorName },
      ...blackHolders.map((h) => ({ identifier: h.identifier, name: h.name, kind: "shareholder" as const, enterpriseId: black.id, reason: `${black.name}的股东（XDT-FA 六（一）：企业及其全部股东列入黑名单）`, decisionRef: "黔信贷通领〔2024〕3号", decisionDate: blacklistDate, createdByName: actorName })),
    ]);
    const blacklist = new Set<string>();
    const allHolders = await tx.select().from(shareholder).where(inArray(shareholder.enterpriseId, candidates.map((e) => e.id)));
    const holdersOf = new Map<number, string[]>();
    for (const h of allHolders) holdersOf.set(h.enterpriseId, [...(holdersOf.get(h.enterpriseId) ?? []), h.identifier]);

    // --- loans, in disbursement order
    const bankWeights = org.banks.map((_, i) => [i, [16, 15, 14, 12, 12, 11, 10, 10][i]] as const);
    const loans: GenLoan[] = [];
    const outstandingByEnterprise = new Map<number, GenLoan[]>();
    let seq = 0;
    for (const [year, count] of LOANS_PER_YEAR) {
      const dates: string[] = [];
      const lastDay = year === 2026 ? 325 : 360; // 2026: up to late November
      for (let k = 0; k < count; k++) dates.push(addDays(fromParts(year, 1, 4), rng.int(0, lastDay)));
      dates.sort();
      for (const disbursementDate of dates) {
        const bank = rng.weighted(bankWeights);
        const ent = rng.pick(candidates);
        if (ent.id === black.id && !lte(disbursementDate, "2023-12-31")) continue;
        const termMonths = rng.weighted([[12, 70], [24, 20], [36, 10]] as const);
        const amountFen = rng.int(5, 150) * 10 * WAN; // 50万 – 1500万
        const lpr = lprForTerm(INITIAL_LPR_TABLE, disbursementDate as LegalDate, termMonths).bp;
        const rateBp = lte(disbursementDate, "2022-05-31") ? lpr + rng.int(0, Math.floor(lpr / 10)) : lpr + rng.int(0, 74);
        const isCreditLoan = rng.chance(0.6);
        const enhancement = isCreditLoan ? null : rng.pick(["厂房抵押", "应收账款质押", "知识产权质押", "担保公司保证"]);
        const open = (outstandingByEnterprise.get(ent.id) ?? []).filter((l) => l.status !== "rejected" && !lte(l.maturityDate, disbursementDate));
        // filed once disbursed (a loan dated after its filing day is refused: rules/xdt/admission.ts), never after today
        const lag = rng.int(0, 3);
        const requestDate = (lte(addDays(disbursementDate as LegalDate, lag), today) ? addDays(disbursementDate as LegalDate, lag) : today) as LegalDate;
        const verdict = checkLoanAdmission(
          {
            bankId: String(org.banks[bank].id),
            disbursementDate: disbursementDate as LegalDate,
            asOf: requestDate,
            amount: amountFen as never,
            termMonths,
            annualRateBp: rateBp,
            enterprise: { creditCode: ent.creditCode, regionCode: ent.regionCode, isSme: ent.sizeClass !== "large", shareholderIds: holdersOf.get(ent.id) ?? [] },
            otherOutstandingLoans: open.map((l) => ({ bankId: String(l.bankOrgId), outstanding: l.amountFen as never })),
            blacklist: lte(disbursementDate, blacklistDate) ? blacklist : new Set([black.creditCode, ...blackHolders.map((h) => h.identifier)]),
            isCreditLoan,
            creditEnhancement: enhancement,
            controllerSpouseGuarantee: true,
          },
          { lpr: INITIAL_LPR_TABLE },
        );
        if (verdict.outcome === "block") continue;
        const { maturityDate, dues } = buildSchedule(amountFen, rateBp, termMonths, disbursementDate);
        const admissionDue = dueOrNull(() => admissionDecisionDue(requestDate, cal));
        // the demo's pending share: loans disbursed in the last (8 − lag) days (the same loans as when the filing day
        // preceded the disbursement, so the random draws — and with them the rest of the demo data — stay the same)
        const recent = lte(addDays(today as LegalDate, lag - 8), disbursementDate);
        let status: "pending" | "rejected" | "admitted" = recent && rng.chance(0.7) ? "pending" : rng.chance(0.02) ? "rejected" : "admitted";
        let decidedOn: string | null = status === "pending" ? null : addWorkingDays(requestDate, rng.weighted([[1, 2], [2, 3], [3, 3], [4, 2], [5, 2], [6, 1]] as const), cal);
        const defaultRate = bank === SUSPENDED_BANK ? 0.14 : bank === NEAR_BANK ? 0.05 : bank === 0 ? 0.035 : 0.025;
        const interestPeriods = dues.filter((d) => d.component === "interest").length;
        let defaultAt = status === "admitted" && rng.chance(defaultRate) ? rng.int(0, interestPeriods - 1) : null;
        // a share of live loans went overdue in the last months: claims in flight at every stage today
        const recentIdx = dues.filter((d) => d.component === "interest").findIndex((d) => lte(addDays(today as LegalDate, -200), d.dueDate) && lte(d.dueDate, addDays(today as LegalDate, -95)));
        if (defaultAt === null && status === "admitted" && recentIdx >= 0 && rng.chance(0.05)) defaultAt = recentIdx;
        // a decision is an event too: one that would fall after today has not been taken yet (after the draws above,
        // which stay as they were; such a loan is days old, its first interest not due, so no default is lost)
        if (decidedOn !== null && !lte(decidedOn, today)) {
          status = "pending";
          decidedOn = null;
          defaultAt = null;
        }
        seq++;
        const loan: GenLoan = {
          idx: seq,
          bank,
          bankOrgId: org.banks[bank].id,
          enterpriseId: ent.id,
          contractNo: `${BANK_CODES[bank]}-XDT-${disbursementDate.slice(0, 4)}-${String(seq).padStart(5, "0")}`,
          amountFen,
          rateBp,
          termMonths,
          disbursementDate,
          requestDate,
          maturityDate,
          dues,
          repayments: [],
          status,
          decidedOn,
          admissionDue,
          verdict: verdictJson(verdict),
          isCreditLoan,
          enhancement,
          defaultAt,
        };
        // repayments: every due up to today paid on its date, except from the default point on
        const interestDues = dues.filter((d) => d.component === "interest");
        const stopAt = defaultAt === null ? null : interestDues[defaultAt].dueDate;
        for (const d of dues) {
          if (!lte(d.dueDate, today)) continue;
          if (stopAt !== null && lte(stopAt, d.dueDate)) continue;
          if (status !== "admitted") continue;
          loan.repayments.push({ component: d.component, paidOn: d.dueDate, amountFen: d.amountFen });
        }
        loans.push(loan);
        outstandingByEnterprise.set(ent.id, [...(outstandingByEnterprise.get(ent.id) ?? []), loan]);
      }
    }
    blacklist.add(black.creditCode);

    // --- claims: defaulted loans whose trigger is met by today
    interface GenClaim extends FiledClaimFigures {
      loan: GenLoan;
      claimDate: string;
      status: XdtClaimStatus;
      receivedOn: string | null;
      planDue: string | null;
      steps: { step: string; onDate: string; note?: string }[];
      decisionDate: string | null;
      paymentDue: string | null;
      paidOn: string | null;
      returnedReason: string | null;
    }
    const claims: GenClaim[] = [];
    for (const loan of loans) {
      if (loan.defaultAt === null) continue;
      const pos0 = loanPosition(loan.dues, loan.repayments, today);
      const elig0 = claimEligibility({ principalFirstUnpaidDueDate: pos0.principalFirstUnpaidDue as LegalDate | null, interestFirstUnpaidDueDate: pos0.interestFirstUnpaidDue as LegalDate | null, claimDate: today as LegalDate, onProjectList: true });
      if (!elig0.value.eligible) continue;
      const from = [elig0.value.principalEligibleFrom, elig0.value.interestEligibleFrom].filter((d): d is LegalDate => Boolean(d) && lte(d!, today)).sort()[0];
      let claimDate = addDays(from, rng.int(0, 30));
      if (!lte(claimDate, today)) claimDate = today as LegalDate;
      if (!lte("2022-08-01", claimDate)) continue;
      if (rng.chance(0.12)) continue; // some banks have not filed yet (filing is the bank's choice)
      const filed = claimOnFiling(loan, claimDate);
      if (!filed) continue;
      claims.push({
        loan,
        claimDate,
        status: "filed",
        ...filed,
        receivedOn: null,
        planDue: null,
        steps: [],
        decisionDate: null,
        paymentDue: null,
        paidOn: null,
        returnedReason: null,
      });
    }
    claims.sort((a, b) => (a.claimDate < b.claimDate ? -1 : a.claimDate > b.claimDate ? 1 : a.loan.idx - b.loan.idx));

    // stages by age; payments in date order so the ratio per bank can be followed
    const paidByBank = new Map<number, number>();
    const cumLoansAt = (bank: number, date: string) => loans.filter((l) => l.bank === bank && l.status === "admitted" && lte(l.disbursementDate, date)).reduce((s, l) => s + l.amountFen, 0);
    for (const c of claims) {
      const age = Math.floor((Date.parse(today) - Date.parse(c.claimDate)) / 86_400_000);
      c.steps.push({ step: "filed", onDate: c.claimDate });
      if (age < 6) {
        if (rng.chance(0.35)) {
          c.status = "returned";
          c.returnedReason = "缺少“税收情况”“劳动用工情况”材料，请补充后重新提交";
          c.steps.push({ step: "returned", onDate: addWorkingDays(c.claimDate as LegalDate, 1, cal), note: c.returnedReason });
        }
        continue;
      }
      c.receivedOn = c.claimDate;
      c.planDue = claimPlanDue(c.claimDate as LegalDate, cal).value.due;
      const verified = addWorkingDays(c.claimDate as LegalDate, rng.int(1, 3), cal);
      c.status = "verified";
      c.steps.push({ step: "verified", onDate: verified, note: "贷款在项目名单内，九项材料齐全" });
      if (age < 14) continue;
      const planned = addWorkingDays(c.claimDate as LegalDate, rng.weighted([[6, 3], [8, 4], [10, 4], [12, 1]] as const), cal);
      c.status = "planned";
      c.steps.push({ step: "planned", onDate: planned, note: `拟补偿 ${(c.comp / 100).toFixed(2)} 元` });
      if (age < 25) continue;
      const compiled = addWorkingDays(planned as LegalDate, rng.int(2, 6), cal);
      c.status = "compiled";
      c.steps.push({ step: "compiled", onDate: compiled });
      if (age < 40) continue;
      const decision = addWorkingDays(compiled as LegalDate, rng.int(5, 12), cal);
      // a bank at its line waits for the next meeting (the near bank stays just under 3%)
      if (age >= 52 && c.loan.bank !== SUSPENDED_BANK) {
        const after = (paidByBank.get(c.loan.bank) ?? 0) + c.comp;
        const ratio = bankRiskRatio({ compensationPaid: after as never, cumulativeLoans: cumLoansAt(c.loan.bank, today) as never }, today as LegalDate);
        if (ratio.value.ratioBp >= (c.loan.bank === NEAR_BANK ? 290 : 220)) continue;
      }
      c.decisionDate = decision;
      if (rng.chance(0.06)) {
        c.status = "rejected";
        c.steps.push({ step: "rejected", onDate: decision, note: "贷款用途与合同约定不符，不予补偿" });
        continue;
      }
      c.status = "approved";
      c.paymentDue = compensationPaymentDue(decision as LegalDate, cal).value.due;
      c.steps.push({ step: "approved", onDate: decision, note: `黔信贷通领会议纪要〔${decision.slice(0, 4)}〕${rng.int(1, 12)}号` });
      if (age < 52) continue;
      c.paidOn = addWorkingDays(decision as LegalDate, rng.weighted([[1, 3], [2, 4], [3, 4]] as const), cal);
      c.status = "paid";
      c.steps.push({ step: "paid", onDate: c.paidOn });
      paidByBank.set(c.loan.bank, (paidByBank.get(c.loan.bank) ?? 0) + c.comp);
    }

    // the demo shows every stage: if chance left none returned for more materials, the latest claim still with the trustee is
    if (!claims.some((c) => c.status === "returned")) {
      const c = [...claims].reverse().find((x) => x.status === "filed" || x.status === "verified");
      if (c) {
        const back = addWorkingDays(c.claimDate as LegalDate, 1, cal);
        c.status = "returned";
        c.receivedOn = null;
        c.planDue = null;
        c.returnedReason = "缺少“税收情况”“劳动用工情况”材料，请补充后重新提交";
        c.steps = [c.steps[0], { step: "returned", onDate: lte(back, today) ? back : c.claimDate, note: c.returnedReason }];
      }
    }

    // the suspended bank: the day its ratio reached 3%; it files no loan after that day (D-7)
    const suspendedOrg = org.banks[SUSPENDED_BANK].id;
    let suspendedOn: string | null = null;
    for (let round = 0; round < 4; round++) {
      let paid = 0;
      suspendedOn = null;
      for (const c of claims.filter((x) => x.loan.bank === SUSPENDED_BANK && x.paidOn).sort((a, b) => (a.paidOn! < b.paidOn! ? -1 : 1))) {
        paid += c.comp;
        const r = bankRiskRatio({ compensationPaid: paid as never, cumulativeLoans: cumLoansAt(SUSPENDED_BANK, c.paidOn!) as never }, c.paidOn! as LegalDate);
        if (r.value.reached) {
          suspendedOn = c.paidOn!;
          break;
        }
      }
      if (!suspendedOn) break;
      const before = loans.length;
      const keep = loans.filter((l) => !(l.bank === SUSPENDED_BANK && !lte(l.requestDate, suspendedOn!) && !claims.some((c) => c.loan === l)));
      loans.length = 0;
      loans.push(...keep);
      if (loans.length === before) break;
    }

    // --- write banks and their history
    for (const [i, b] of org.banks.entries()) {
      const suspended = i === SUSPENDED_BANK && suspendedOn !== null;
      await tx.insert(xdtBank).values({ orgId: b.id, status: suspended ? "suspended" : "active", suspensionReason: suspended ? "bank_ratio" : null, code: BANK_CODES[i] });
      const history: (typeof xdtBankStatusChange.$inferInsert)[] = [
        { bankOrgId: b.id, fromStatus: null, toStatus: "applied", basis: "提交合作申请（XDT-BF 第五条）", decisionDate: "2021-11-20", recordedByName: actorName },
        { bankOrgId: b.id, fromStatus: "applied", toStatus: "evaluated", basis: "信贷通办评估通过", decisionRef: "黔信贷通办〔2021〕12号", decisionDate: "2021-12-01", recordedByName: actorName },
        { bankOrgId: b.id, fromStatus: "evaluated", toStatus: "approved", basis: "协调领导小组审定", decisionRef: "黔信贷通领〔2021〕5号", decisionDate: "2021-12-10", recordedByName: actorName },
        { bankOrgId: b.id, fromStatus: "approved", toStatus: "agreement_signed", basis: "受托管理机构签订合作协议", decisionRef: `XDT-HZ-2021-${String(i + 1).padStart(2, "0")}`, decisionDate: "2021-12-20", recordedByName: actorName },
        { bankOrgId: b.id, fromStatus: "agreement_signed", toStatus: "listed", basis: "列入2022年度合作金融机构名单", decisionRef: "2022年度名单", decisionDate: "2022-01-20", recordedByName: actorName },
        { bankOrgId: b.id, fromStatus: "listed", toStatus: "active", basis: "开展信贷通业务", decisionDate: "2022-01-21", recordedByName: actorName },
      ];
      if (suspended) history.push({ bankOrgId: b.id, fromStatus: "active", toStatus: "suspended", basis: "不良率（实际补偿÷累计贷款）达到3%，暂停新增信贷通贷款（XDT-BF 第二十一条）", decisionDate: suspendedOn!, recordedByName: actorName });
      await tx.insert(xdtBankStatusChange).values(history);
    }

    // --- write loans, dues, repayments (batched)
    for (let k = 0; k < loans.length; k += 500) {
      const batch = loans.slice(k, k + 500);
      const rows = await tx
        .insert(xdtLoan)
        .values(
          batch.map((l) => ({
            bankOrgId: l.bankOrgId,
            enterpriseId: l.enterpriseId,
            contractNo: l.contractNo,
            amountFen: l.amountFen,
            annualRateBp: l.rateBp,
            termMonths: l.termMonths,
            disbursementDate: l.disbursementDate,
            maturityDate: l.maturityDate,
            isCreditLoan: l.isCreditLoan,
            creditEnhancement: l.enhancement,
            controllerSpouseGuarantee: true,
            requestDate: l.requestDate,
            admissionDue: l.admissionDue,
            admissionStatus: l.status,
            admissionVerdict: l.verdict,
            decidedOn: l.decidedOn,
            decidedByName: l.decidedOn ? "黔晟国资 周经理（trustee）" : null,
            decisionNote: l.status === "rejected" ? "企业实际经营地不在贵州省内，不予入库" : null,
            source: "seed" as const,
          })),
        )
        .returning({ id: xdtLoan.id });
      batch.forEach((l, j) => (l.id = rows[j].id));
      await tx.insert(xdtLoanDue).values(batch.flatMap((l) => l.dues.map((d) => ({ loanId: l.id!, ...d }))));
      const reps = batch.flatMap((l) => l.repayments.map((r) => ({ loanId: l.id!, ...r, recordedByName: actorName })));
      for (let r = 0; r < reps.length; r += 1000) await tx.insert(xdtRepayment).values(reps.slice(r, r + 1000));
    }

    // --- risk events for defaulted loans (5 working days, XDT-TZ22 §二)
    const events = loans
      .filter((l) => l.defaultAt !== null)
      .map((l) => {
        const eventDate = addDays(l.dues.filter((d) => d.component === "interest")[l.defaultAt!].dueDate as LegalDate, 1);
        if (!lte(eventDate, today)) return null;
        const due = dueOrNull(() => riskEventReportDue(eventDate, cal));
        const reportedOn = rng.chance(0.9) ? addWorkingDays(eventDate, rng.int(1, 5), cal) : addWorkingDays(eventDate, rng.int(6, 9), cal);
        return { bankOrgId: l.bankOrgId, loanId: l.id!, eventDate, dueDate: due, reportedOn: lte(reportedOn, today) ? reportedOn : null, description: "借款企业未按期支付利息，经营出现困难" };
      })
      .filter((e) => e !== null);
    if (events.length) await tx.insert(xdtRiskEvent).values(events);

    // --- claims, steps, materials; payments through splitClaimPayment and the ledger
    const balances = await accountBalances(tx, [...accounts.deposits.values()]);
    const deposited = new Map<number, number>(); // the trustee's deposits (weights for a shortfall)
    for (const [bankOrgId, acct] of accounts.deposits) {
      deposited.set(bankOrgId, balances.get(acct) ?? 0);
    }
    const compAccounts = new Map<number, number>();
    const recAccounts = new Map<number, number>();
    for (const b of org.banks) {
      compAccounts.set(b.id, (await ensureAccount(tx, { code: XDT_ACCOUNTS.compensation(b.id), name: `信贷通风险补偿支出（${b.shortName}）`, kind: "expense", book: "xdt", ownerOrgId: b.id })).id);
      recAccounts.set(b.id, (await ensureAccount(tx, { code: XDT_ACCOUNTS.recovery(b.id), name: `信贷通追偿返还收入（${b.shortName}）`, kind: "income", book: "xdt", ownerOrgId: b.id })).id);
    }
    const liveClaims = claims.filter((c) => c.loan.id !== undefined);
    const claimRows = await tx
      .insert(xdtClaim)
      .values(
        liveClaims.map((c) => ({
          loanId: c.loan.id!,
          bankOrgId: c.loan.bankOrgId,
          status: c.status,
          claimDate: c.claimDate,
          unpaidPrincipalFen: c.principal,
          unpaidInterestFen: c.interest,
          lossFen: c.loss,
          compensationFen: c.comp,
          verdict: c.verdict,
          receivedOn: c.receivedOn,
          planDue: c.planDue,
          returnedReason: c.returnedReason,
          planNote: c.steps.some((s) => s.step === "planned") ? "同意按70%补偿" : null,
          decisionDate: c.decisionDate,
          decisionRef: c.decisionDate ? (c.steps.find((s) => s.step === "approved" || s.step === "rejected")?.note ?? null) : null,
          approvedFen: c.status === "approved" || c.status === "paid" ? c.comp : null,
          paymentDue: c.paymentDue,
          paidOn: c.paidOn,
        })),
      )
      .returning({ id: xdtClaim.id });
    const steps: (typeof xdtClaimStep.$inferInsert)[] = [];
    const materials: (typeof xdtClaimMaterial.$inferInsert)[] = [];
    const WHO: Record<string, string> = { filed: "合作银行经办人", returned: "黔晟国资 周经理（trustee）", verified: "黔晟国资 周经理（trustee）", planned: "黔晟国资 周经理（trustee）", compiled: "信贷通办 刘主任（xdt）", approved: "信贷通办 刘主任（xdt）", rejected: "信贷通办 刘主任（xdt）", paid: "黔晟国资 周经理（trustee）" };
    liveClaims.forEach((c, j) => {
      const claimId = claimRows[j].id;
      for (const s of c.steps) steps.push({ claimId, step: s.step, onDate: s.onDate, byName: WHO[s.step], note: s.note ?? null });
      for (const kind of XDT_CLAIM_MATERIALS) {
        if (c.status === "returned" && (kind === "tax" || kind === "employment")) continue;
        if (c.status === "filed" && kind === "collection_plan" && j % 2 === 0) continue;
        materials.push({ claimId, kind, markedOnly: true, note: "纸质材料已报送", byName: "合作银行经办人" });
      }
    });
    for (let k = 0; k < steps.length; k += 1000) await tx.insert(xdtClaimStep).values(steps.slice(k, k + 1000));
    for (let k = 0; k < materials.length; k += 1000) await tx.insert(xdtClaimMaterial).values(materials.slice(k, k + 1000));

    const paid = liveClaims.map((c, j) => ({ c, id: claimRows[j].id })).filter((x) => x.c.paidOn).sort((a, b) => (a.c.paidOn! < b.c.paidOn! ? -1 : a.c.paidOn! > b.c.paidOn! ? 1 : a.id - b.id));
    const balance = new Map<number, number>([...accounts.deposits].map(([bankOrgId, acct]) => [bankOrgId, balances.get(acct) ?? 0]));
    for (const { c, id } of paid) {
      const split = splitClaimPayment({
        amount: c.comp as never,
        claimingBankId: String(c.loan.bankOrgId),
        accounts: [...balance].map(([bankOrgId, bal]) => ({ bankId: String(bankOrgId), balance: bal as never, deposited: (deposited.get(bankOrgId) ?? 0) as never })),
      });
      if (split.outcome === "block") throw new Error(`demo data: claim ${id} cannot be paid`);
      const postings = split.value.parts.map((p) => ({ accountId: accounts.deposits.get(Number(p.bankId))!, amountFen: -p.amount }));
      for (const p of split.value.parts) balance.set(Number(p.bankId), balance.get(Number(p.bankId))! - p.amount);
      const { journalId } = await postJournal(tx, ctx.actor, {
        idempotencyKey: `xdt:claim:${id}:payment`,
        kind: "xdt.compensation",
        memo: "信贷通风险补偿（管理办法第十七条：本行存款户先付，不足部分由其他合作银行按存入比例分担）",
        valueDate: c.paidOn!,
        postings: [{ accountId: compAccounts.get(c.loan.bankOrgId)!, amountFen: c.comp }, ...postings],
        bankOrgId: c.loan.bankOrgId,
      });
      await tx.update(xdtClaim).set({ paymentJournalId: journalId, paymentSplit: split.value.parts }).where(eq(xdtClaim.id, id));
    }

    // --- recoveries on some paid claims: returned on time, one late, some still open
    let recoveryCount = 0;
    for (const { c, id } of paid) {
      if (!rng.chance(0.3)) continue;
      const recoveryDate = addDays(c.paidOn! as LegalDate, rng.int(40, 300));
      if (!lte(recoveryDate, addDays(today as LegalDate, -1))) continue;
      const recovered = Math.round((c.loss * rng.int(10, 50)) / 100);
      const costs = [{ kind: "litigation" as const, amount: Math.round(recovered * 0.03) as never, actuallyIncurred: true, note: "诉讼费、保全费" }];
      const v = recoveryReturn({ recovered: recovered as never, costs, claimApprovalDate: c.decisionDate! as LegalDate, recoveryDate: recoveryDate as LegalDate }, cal);
      recoveryCount++;
      const late = recoveryCount % 9 === 4;
      const open = !lte(v.value.due, today) || recoveryCount % 11 === 7;
      const returnedOn = open ? null : late ? addWorkingDays(v.value.due, rng.int(2, 6), cal) : addWorkingDays(recoveryDate as LegalDate, rng.int(1, 3), cal);
      const [row] = await tx
        .insert(xdtRecovery)
        .values({ claimId: id, bankOrgId: c.loan.bankOrgId, recoveryDate, recoveredFen: recovered, costs, deductibleFen: v.value.deductible, toPoolFen: v.value.toPool, dueDate: v.value.due, verdict: verdictJson(v), returnedOn: returnedOn && lte(returnedOn, today) ? returnedOn : null, reportedByName: "合作银行经办人" })
        .returning({ id: xdtRecovery.id });
      if (returnedOn && lte(returnedOn, today) && v.value.toPool > 0) {
        const { journalId } = await postJournal(tx, ctx.actor, {
          idempotencyKey: `xdt:recovery:${row.id}:return`,
          kind: "xdt.recovery-return",
          memo: `追偿款返还（代偿申请 ${id}）`,
          valueDate: returnedOn,
          postings: [
            { accountId: accounts.trust, amountFen: v.value.toPool },
            { accountId: recAccounts.get(c.loan.bankOrgId)!, amountFen: -v.value.toPool },
          ],
          bankOrgId: c.loan.bankOrgId,
        });
        await tx.update(xdtRecovery).set({ returnJournalId: journalId }).where(eq(xdtRecovery.id, row.id));
      }
    }

    // --- monthly reports (XDT-TZ22 §五(四), in force from 2022-06-01): due the 10th of the next month
    const reports: (typeof xdtMonthlyReport.$inferInsert)[] = [];
    const paidLoanIds = new Map(paid.map((x) => [x.c.loan.id!, x.c.paidOn!]));
    for (const [i, b] of org.banks.entries()) {
      const mine = loans.filter((l) => l.bank === i && l.status === "admitted");
      for (let m = fromParts(2022, 6, 1); lte(addMonths(m, 1), "2026-11-01"); m = addMonths(m, 1)) {
        const end = addDays(addMonths(m, 1), -1);
        let balanceFen = 0;
        let cumulative = 0;
        let npl = 0;
        let bad = 0;
        for (const l of mine) {
          if (!lte(l.disbursementDate, end)) continue;
          cumulative += l.amountFen;
          const compensatedOn = paidLoanIds.get(l.id!);
          if (compensatedOn && lte(compensatedOn, end)) {
            bad += l.amountFen;
            continue;
          }
          const pos = loanPosition(l.dues, l.repayments, end);
          if (pos.outstandingPrincipalFen === 0) continue;
          balanceFen += pos.outstandingPrincipalFen;
          const first = [pos.principalFirstUnpaidDue, pos.interestFirstUnpaidDue].filter(Boolean).sort()[0];
          if (first && Date.parse(end) - Date.parse(first) >= 90 * 86_400_000) npl += pos.outstandingPrincipalFen;
        }
        const due = monthlyReportDue(m as LegalDate).value.due;
        const submittedOn = rng.chance(0.93) ? addDays(due, -rng.int(0, 8)) : addDays(due, rng.int(1, 5));
        reports.push({ bankOrgId: b.id, month: m, balanceFen, cumulativeLendingFen: cumulative, nplFen: npl, badDebtFen: bad, dueDate: due, submittedOn });
      }
    }
    await tx.insert(xdtMonthlyReport).values(reports);

    ctx.refs.xdt = {
      loans: loans.length,
      claims: liveClaims.length,
      suspendedBankOrgId: suspendedOrg,
      nearBankOrgId: org.banks[NEAR_BANK].id,
      blacklistedEnterpriseId: black.id,
    };
    void enterprise;
  },
};

export type { SeedContext };
