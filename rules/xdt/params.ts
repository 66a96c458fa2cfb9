/**
 * 信贷通 parameters, each a list of dated versions with its citation (RULES.md §1).
 * The date that matters: loan disbursement date (admission), claim approval date (recovery deductions),
 * the event date (deadlines), the as-of date (risk ratios).
 */
import { CITES } from "../core/cite";
import { parseLegalDate as d, type LegalDate } from "../core/dates";
import { formatPercent, wan, type Bp, type Fen } from "../core/money";
import { defineParam, paramAt, type DatedParam } from "../core/params";

/** 信贷通 starts with XDT-FA, 2021-08-31. */
export const XDT_START = d("2021-08-31");

export type RateCapRule =
  /** rate ≤ LPR × hardMultiplierBp / 10000 (hard); optional soft ceiling ≤ LPR × softMultiplierBp / 10000. */
  | { kind: "relative"; softMultiplierBp: Bp | null; hardMultiplierBp: Bp }
  /** rate ≤ LPR + hardSpreadBp (hard). */
  | { kind: "spread"; hardSpreadBp: Bp };

/** Rate ceiling by disbursement date (XDT-FA → XDT-BF Art.9 → XDT-TZ22 一（二）; D-2 relative reading). */
export const XDT_RATE_CAP = defineParam<RateCapRule>("xdt.rateCap", "信贷通贷款利率上限", [
  { from: XDT_START, to: d("2021-12-23"), value: { kind: "relative", softMultiplierBp: null, hardMultiplierBp: 11_000 }, cite: [CITES.XDT_FA_FINANCING, CITES.D2] },
  { from: d("2021-12-24"), to: d("2022-05-31"), value: { kind: "relative", softMultiplierBp: 11_000, hardMultiplierBp: 12_000 }, cite: [CITES.XDT_BF_ART9, CITES.D2] },
  { from: d("2022-06-01"), value: { kind: "spread", hardSpreadBp: 74 }, cite: [CITES.XDT_TZ22_RATE] },
]);

/** Per-enterprise total of outstanding 信贷通 loans, across banks (soft, "原则上"). */
export const XDT_ENTERPRISE_CAP = defineParam<Fen>("xdt.enterpriseCap", "单户信贷通融资额度上限（原则上）", [
  { from: XDT_START, value: wan(5000), cite: [CITES.XDT_FA_FINANCING, CITES.XDT_BF_ART9] },
]);

/** Term ceiling in months (soft, "原则上"). */
export const XDT_TERM_CAP_MONTHS = defineParam<number>("xdt.termCapMonths", "信贷通贷款期限上限（月，原则上）", [
  { from: XDT_START, value: 36, cite: [CITES.XDT_FA_FINANCING, CITES.XDT_BF_ART9] },
]);

export type EnhancementRule =
  /** XDT-FA: a single loan ≥ threshold needs 增信措施 (hard). */
  | { kind: "single_loan_required"; thresholdFen: Fen }
  /** XDT-BF Art.9: enterprise total ≥ threshold needs 增信措施 (hard); credit loans < threshold need controller + spouse guarantee (soft). */
  | { kind: "enterprise_required_plus_guarantee"; thresholdFen: Fen }
  /** XDT-TZ22: a single loan ≥ threshold: the bank decides and records the 增信措施; controller + spouse guarantee for credit loans < threshold stays soft. */
  | { kind: "bank_decides_plus_guarantee"; thresholdFen: Fen };

export const XDT_ENHANCEMENT = defineParam<EnhancementRule>("xdt.creditEnhancement", "信贷通增信措施规则", [
  { from: XDT_START, to: d("2021-12-23"), value: { kind: "single_loan_required", thresholdFen: wan(2000) }, cite: [CITES.XDT_FA_FINANCING] },
  { from: d("2021-12-24"), to: d("2022-05-31"), value: { kind: "enterprise_required_plus_guarantee", thresholdFen: wan(2000) }, cite: [CITES.XDT_BF_ART9] },
  { from: d("2022-06-01"), value: { kind: "bank_decides_plus_guarantee", thresholdFen: wan(2000) }, cite: [CITES.XDT_TZ22_RATE, CITES.XDT_BF_ART9] },
]);

export interface ClaimTrigger {
  principalDays: number;
  interestDays: number;
}

/** Overdue days that make a loan claimable ("逾期达", read as ≥). */
export const XDT_CLAIM_TRIGGER = defineParam<ClaimTrigger>("xdt.claimTrigger", "代偿申请触发逾期天数", [
  { from: XDT_START, value: { principalDays: 60, interestDays: 90 }, cite: [CITES.XDT_FA_COMPENSATION, CITES.XDT_BF_ART13, CITES.XDT_TZ22_CLAIM] },
]);

/** Share of the loss the pool compensates. */
export const XDT_COMPENSATION_SHARE = defineParam<Bp>("xdt.compensationShareBp", "风险补偿比例（基点）", [
  { from: XDT_START, value: 7_000, cite: [CITES.XDT_FA_COMPENSATION, CITES.XDT_BF_ART13, CITES.XDT_TZ22_CLAIM, CITES.D3] },
]);

/** D-3: day basis of the contractual interest accrued since the last due date (actual days / 360, RULES.md D-8's convention). */
export const XDT_INTEREST_DAY_BASIS = defineParam<number>("xdt.interestDayBasis", "应计利息的年计息天数（实际天数 ÷ 该天数）", [
  { from: XDT_START, value: 360, cite: [CITES.D3, CITES.P_CLAIM_ACCRUAL] },
]);

/** D-4: which recovery costs are deductible, by claim approval date. */
export type DeductibleCosts = "recovery_and_litigation" | "litigation_actually_incurred";
export const XDT_RECOVERY_DEDUCTIBLE = defineParam<DeductibleCosts>("xdt.recoveryDeductible", "追回款可扣除费用范围", [
  { from: XDT_START, to: d("2022-05-31"), value: "recovery_and_litigation", cite: [CITES.XDT_FA_COMPENSATION, CITES.XDT_BF_ART19, CITES.D4] },
  { from: d("2022-06-01"), value: "litigation_actually_incurred", cite: [CITES.XDT_TZ22_RECOVERY, CITES.D4] },
]);

/** D-5: the pool's share of net recoveries (default; an agreement may set its own). */
export const XDT_RECOVERY_POOL_SHARE = defineParam<Bp>("xdt.recoveryPoolShareBp", "追回款返还资金池比例（基点，默认）", [
  { from: XDT_START, value: 7_000, cite: [CITES.D5] },
]);

export interface RiskStopRule {
  thresholdBp: Bp;
  /** true: "达到" (≥); false: "超过" (>). */
  inclusive: boolean;
  /** Whether a single bank's own ratio triggers its suspension. */
  perBank: boolean;
}

/** Risk stop (XDT-FA 六（二） "超过3%" pool only → XDT-BF Art.21 "达到3%" per bank or pool). */
export const XDT_RISK_STOP = defineParam<RiskStopRule>("xdt.riskStop", "风险叫停阈值", [
  { from: XDT_START, to: d("2021-12-23"), value: { thresholdBp: 300, inclusive: false, perBank: false }, cite: [CITES.XDT_FA_STOP] },
  { from: d("2021-12-24"), value: { thresholdBp: 300, inclusive: true, perBank: true }, cite: [CITES.XDT_BF_ART21, CITES.D6, CITES.D7] },
]);

export interface BankYearlyTestRule {
  minGrowthBp: Bp;
}

/** Partner bank yearly test: cumulative lending growth ≥ 20 %, SME count ≥ prior year. */
export const XDT_BANK_TEST = defineParam<BankYearlyTestRule>("xdt.bankYearlyTest", "合作银行年度基本要求", [
  { from: XDT_START, to: d("2021-12-23"), value: { minGrowthBp: 2_000 }, cite: [CITES.XDT_FA_BANK_TEST] },
  { from: d("2021-12-24"), value: { minGrowthBp: 2_000 }, cite: [CITES.XDT_BF_ART14] },
]);

/** Working-day clocks (number of working days), dated by the event date. */
export const XDT_ADMISSION_DAYS = defineParam<number>("xdt.admissionDecisionDays", "受托管理机构入库审核时限（工作日）", [
  { from: d("2022-06-01"), value: 5, cite: [CITES.XDT_TZ22_ADMISSION] },
]);
export const XDT_RISK_EVENT_DAYS = defineParam<number>("xdt.riskEventReportDays", "风险事项书面报送时限（工作日）", [
  { from: d("2022-06-01"), value: 5, cite: [CITES.XDT_TZ22_RISK_EVENT] },
]);
export const XDT_CLAIM_PLAN_DAYS = defineParam<number>("xdt.claimPlanDays", "补偿方案上报时限（工作日）", [
  { from: d("2022-06-01"), value: 10, cite: [CITES.XDT_TZ22_PLAN] },
]);
export const XDT_PAYMENT_DAYS = defineParam<number>("xdt.compensationPaymentDays", "补偿资金支付时限（工作日）", [
  { from: d("2022-06-01"), value: 3, cite: [CITES.XDT_TZ22_PAYMENT] },
]);
export const XDT_RECOVERY_RETURN_DAYS = defineParam<number>("xdt.recoveryReturnDays", "追回款返还时限（工作日）", [
  { from: d("2021-12-24"), to: d("2022-05-31"), value: 3, cite: [CITES.XDT_BF_ART19] },
  { from: d("2022-06-01"), value: 3, cite: [CITES.XDT_TZ22_RECOVERY, CITES.XDT_BF_ART19] },
]);
/** Monthly data: by this day of the following month. */
export const XDT_MONTHLY_REPORT_DAY = defineParam<number>("xdt.monthlyReportDay", "月度数据报送截止日（次月几日）", [
  { from: d("2022-06-01"), value: 10, cite: [CITES.XDT_TZ22_MONTHLY, CITES.P_DEADLINE_DATES] },
]);
/** Quarterly report: calendar days after quarter end. */
export const XDT_QUARTERLY_REPORT_DAYS = defineParam<number>("xdt.quarterlyReportDays", "季度报告报送时限（季度结束后日历日）", [
  { from: XDT_START, value: 15, cite: [CITES.XDT_FA_QUARTERLY, CITES.P_DEADLINE_DATES] },
]);
/** The year's partner-bank list: by this month-day. */
export const XDT_PARTNER_LIST_DUE = defineParam<string>("xdt.partnerListDue", "年度合作金融机构名单公布截止（月-日）", [
  { from: d("2022-06-01"), value: "01-31", cite: [CITES.XDT_TZ22_LIST] },
]);

/**
 * The policy figures a 信贷通 page states in its own words ("应补偿（损失的 70%）", "10 个工作日内报送补偿方案"), as
 * they stand on `date` — the date of the event the page shows (a claim's filing, its decision), or today for a page
 * that describes the process. Pages say these, never literals (one road: a new version of a parameter changes them).
 */
export function xdtStatedFigures(date: LegalDate) {
  // a date before a parameter's first version (a clock introduced later) states the first version
  const opt = <T>(param: DatedParam<T>) => paramAt(param, date < param.versions[0].from ? param.versions[0].from : date).value;
  return {
    compensationShare: formatPercent(opt(XDT_COMPENSATION_SHARE)),
    riskStopThreshold: formatPercent(opt(XDT_RISK_STOP).thresholdBp),
    admissionDays: opt(XDT_ADMISSION_DAYS),
    riskEventDays: opt(XDT_RISK_EVENT_DAYS),
    claimPlanDays: opt(XDT_CLAIM_PLAN_DAYS),
    paymentDays: opt(XDT_PAYMENT_DAYS),
    recoveryReturnDays: opt(XDT_RECOVERY_RETURN_DAYS),
  };
}
