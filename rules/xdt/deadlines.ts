/**
 * Every 信贷通 clock (seed-rules-core.md §12.6) as a function returning `Verdict<Deadline>`, plus `clockStatus`.
 * "N个工作日内" counts from the day after the event; the N-th working day (official calendar with 调休) is the due date.
 * Calendar-day clocks ("15日内", "次月10日前", "1月末") are not moved off weekends or holidays (product choice,
 * `CITES.P_DEADLINE_DATES`): the texts do not say they are.
 */
import { CITES, type Citation } from "../core/cite";
import { addDays, endOfMonth, fromParts, monthOf, parseLegalDate, yearOf, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { formatCountZh } from "../core/money";
import { paramAt, type DatedParam } from "../core/params";
import { makeVerdict, type Verdict } from "../core/verdict";
import { addWorkingDays, type WorkingDayCalendar } from "../reference/calendar";
import { GXZJ_SETTINGS } from "../funds/params";
import {
  XDT_ADMISSION_DAYS,
  XDT_CLAIM_PLAN_DAYS,
  XDT_MONTHLY_REPORT_DAY,
  XDT_PARTNER_LIST_DUE,
  XDT_PAYMENT_DAYS,
  XDT_QUARTERLY_REPORT_DAYS,
  XDT_RECOVERY_RETURN_DAYS,
  XDT_RISK_EVENT_DAYS,
} from "./params";

export type DeadlineId =
  | "xdt.admissionDecision"
  | "xdt.riskEventReport"
  | "xdt.claimPlan"
  | "xdt.claimReview"
  | "xdt.compensationPayment"
  | "xdt.recoveryReturn"
  | "xdt.monthlyReport"
  | "xdt.quarterlyReport"
  | "xdt.partnerList"
  | "xdt.annualData"
  | "funds.publicity"
  | "funds.applicationBan"
  | "funds.carryOver";

export interface Deadline {
  clock: DeadlineId;
  /** The event (or period end) the clock runs from. */
  from: LegalDate;
  /** Last day to act (inclusive). */
  due: LegalDate;
}

export interface DeadlineInfo {
  id: DeadlineId;
  /** Chinese name for the 待办 page. */
  name: string;
  /** Who must act. */
  actor: string;
  /** The rule in Chinese. */
  rule: string;
  /** The function that computes it (null for cadence-only clocks). */
  fn: string | null;
  cites: readonly Citation[];
}

/** The value of a parameter's newest version: the catalogue describes the clocks as they stand now. */
function latest<T>(param: DatedParam<T>): T {
  return param.versions[param.versions.length - 1].value;
}

/** Catalogue of every clock, for the app's 待办 page; each rule's numbers come from its parameter's newest version. */
export const DEADLINES: readonly DeadlineInfo[] = [
  { id: "xdt.admissionDecision", name: "信贷通入库审核", actor: "受托管理机构", get rule() { return `收到合作银行入库申请后${latest(XDT_ADMISSION_DAYS)}个工作日内审核是否纳入`; }, fn: "admissionDecisionDue", cites: [CITES.XDT_TZ22_ADMISSION] },
  { id: "xdt.riskEventReport", name: "风险事项书面报告", actor: "合作银行", get rule() { return `企业不能按期付息、还本等风险事项发生后${latest(XDT_RISK_EVENT_DAYS)}个工作日内书面报送信贷通领导小组办公室`; }, fn: "riskEventReportDue", cites: [CITES.XDT_TZ22_RISK_EVENT] },
  { id: "xdt.claimPlan", name: "补偿方案上报", actor: "受托管理机构", get rule() { return `收到补偿申请后${latest(XDT_CLAIM_PLAN_DAYS)}个工作日内核查并形成方案上报信贷通办公室`; }, fn: "claimPlanDue", cites: [CITES.XDT_TZ22_PLAN] },
  { id: "xdt.claimReview", name: "协调领导小组审议补偿", actor: "协调领导小组", rule: "原则上每月审议一次补偿申请", fn: null, cites: [CITES.XDT_TZ22_REVIEW] },
  { id: "xdt.compensationPayment", name: "补偿资金支付", actor: "受托管理机构", get rule() { return `审定后${latest(XDT_PAYMENT_DAYS)}个工作日内将补偿资金支付至合作银行指定账户`; }, fn: "compensationPaymentDue", cites: [CITES.XDT_TZ22_PAYMENT] },
  { id: "xdt.recoveryReturn", name: "追回款返还", actor: "合作银行", get rule() { return `追回款扣除可扣费用后按风险共担比例清算，${latest(XDT_RECOVERY_RETURN_DAYS)}个工作日内返还信贷通账户`; }, fn: "recoveryReturnDue", cites: [CITES.XDT_BF_ART19, CITES.XDT_TZ22_RECOVERY] },
  { id: "xdt.monthlyReport", name: "月度数据报送", actor: "合作银行", get rule() { return `次月${latest(XDT_MONTHLY_REPORT_DAY)}日前报送截至上月末的贷款余额、累计发生额、不良贷款及坏账`; }, fn: "monthlyReportDue", cites: [CITES.XDT_TZ22_MONTHLY] },
  { id: "xdt.quarterlyReport", name: "季度执行情况报告", actor: "合作银行", get rule() { return `每季度结束后${latest(XDT_QUARTERLY_REPORT_DAYS)}日内报送该季度贷款项目及信贷通执行情况`; }, fn: "quarterlyReportDue", cites: [CITES.XDT_FA_QUARTERLY] },
  { id: "xdt.partnerList", name: "公布年度合作金融机构名单", actor: "省工信厅", get rule() { const [m, d] = latest(XDT_PARTNER_LIST_DUE).split("-").map(Number); return `每年${m}月${d}日前在政府网站公布当年合作金融机构名单`; }, fn: "partnerListDue", cites: [CITES.XDT_TZ22_LIST] },
  { id: "xdt.annualData", name: "年度绩效评价数据", actor: "合作银行", rule: "提供上年度截至12月31日的信贷通业务数据，供年初绩效评价", fn: null, cites: [CITES.XDT_BF_ART24] },
  { id: "funds.publicity", name: "专项资金公示期", actor: "省工信厅", get rule() { return `拟支持项目公示，默认${latest(GXZJ_SETTINGS).publicityWorkingDays}个工作日（按项目参数）`; }, fn: "publicityEndDate", cites: [CITES.GXZJ_ART17, CITES.ZXZJ_ART16, CITES.D9] },
  { id: "funds.applicationBan", name: "专项资金申报资格取消期", actor: "省工信厅、省财政厅", get rule() { return `违规单位视情况取消${formatCountZh(latest(GXZJ_SETTINGS).applicationBanYears ?? 0)}年内专项资金申报资格`; }, fn: "applicationBanEnd", cites: [CITES.GXZJ_ART30] },
  { id: "funds.carryOver", name: "结转资金收回", actor: "财政部门", get rule() { const y = formatCountZh(latest(GXZJ_SETTINGS).carryOverYears); return `结转${y}年以上（连续${y}年未用完）的资金收回`; }, fn: "carryOverStatus", cites: [CITES.GXZJ_ART24, CITES.ZXZJ_ART21_PROV, CITES.ZXZJ_ART21_TRANSFER] },
];

function workingDayClock(
  rule: string,
  clock: DeadlineId,
  param: DatedParam<number>,
  from: LegalDate,
  calendar: WorkingDayCalendar,
): Verdict<Deadline> {
  const p = paramAt(param, from);
  const due = addWorkingDays(from, p.value, calendar);
  return makeVerdict(rule, { clock, from, due }, [], [...p.version.cite, CITES.D11, CITES.P_DEADLINE_DATES], [p.trace]);
}

/** XDT-TZ22 二 (seed L21208, L21222): "受托管理机构……5个工作日内审核是否纳入贵州省中小企业信贷通入库项目". */
export function admissionDecisionDue(requestDate: LegalDate, calendar: WorkingDayCalendar): Verdict<Deadline> {
  return workingDayClock("admissionDecisionDue", "xdt.admissionDecision", XDT_ADMISSION_DAYS, requestDate, calendar);
}

/** XDT-TZ22 二 (seed L21232-21236): "将相关信息在5个工作日内以书面形式报送至省中小企业信贷通领导小组办公室". */
export function riskEventReportDue(eventDate: LegalDate, calendar: WorkingDayCalendar): Verdict<Deadline> {
  return workingDayClock("riskEventReportDue", "xdt.riskEventReport", XDT_RISK_EVENT_DAYS, eventDate, calendar);
}

/** XDT-TZ22 四（三） (seed L21269-21273): "形成方案后于10个工作日内上报省中小企业信贷通办公室" (from receipt of the claim). */
export function claimPlanDue(claimReceivedDate: LegalDate, calendar: WorkingDayCalendar): Verdict<Deadline> {
  return workingDayClock("claimPlanDue", "xdt.claimPlan", XDT_CLAIM_PLAN_DAYS, claimReceivedDate, calendar);
}

/** XDT-TZ22 四（五） (seed L21281-21283): "受托管理机构于审定后3个工作日内根据审定方案将补偿资金支付至合作金融机构指定账户". */
export function compensationPaymentDue(decisionDate: LegalDate, calendar: WorkingDayCalendar): Verdict<Deadline> {
  return workingDayClock("compensationPaymentDue", "xdt.compensationPayment", XDT_PAYMENT_DAYS, decisionDate, calendar);
}

/** XDT-BF 第十九条 (seed L20906) / XDT-TZ22 四（六） (L21289): "并于3个工作日内返还至中小企业信贷通账户". */
export function recoveryReturnDue(recoveryDate: LegalDate, calendar: WorkingDayCalendar): Verdict<Deadline> {
  return workingDayClock("recoveryReturnDue", "xdt.recoveryReturn", XDT_RECOVERY_RETURN_DAYS, recoveryDate, calendar);
}

/**
 * XDT-TZ22 五（四） (seed L21312-21316): "合作银行须在次月10日前将截至上月末的贷款余额、累计发生额、不良贷款及坏账等报送至协调工作小组办公室".
 * `anyDayOfMonth` is any date in the reported month; the due date is the 10th of the next month (inclusive).
 */
export function monthlyReportDue(anyDayOfMonth: LegalDate): Verdict<Deadline> {
  const monthEnd = endOfMonth(anyDayOfMonth);
  const next = addDays(monthEnd, 1);
  const p = paramAt(XDT_MONTHLY_REPORT_DAY, monthEnd);
  const due = fromParts(yearOf(next), monthOf(next), p.value);
  return makeVerdict("monthlyReportDue", { clock: "xdt.monthlyReport", from: monthEnd, due }, [], p.version.cite, [p.trace]);
}

/**
 * XDT-FA 五（二） (seed L19508-19512): "合作金融机构应于每季度结束后15日内，向协调领导小组报送该季度贷款项目基本情况及中小信贷通执行情况".
 * `anyDayOfQuarter` is any date in the quarter; due = quarter end + 15 calendar days.
 */
export function quarterlyReportDue(anyDayOfQuarter: LegalDate): Verdict<Deadline> {
  const q = Math.floor((monthOf(anyDayOfQuarter) - 1) / 3);
  const quarterEnd = endOfMonth(fromParts(yearOf(anyDayOfQuarter), q * 3 + 3, 1));
  const p = paramAt(XDT_QUARTERLY_REPORT_DAYS, quarterEnd);
  return makeVerdict(
    "quarterlyReportDue",
    { clock: "xdt.quarterlyReport", from: quarterEnd, due: addDays(quarterEnd, p.value) },
    [],
    p.version.cite,
    [p.trace],
  );
}

/** XDT-TZ22 一（一） (seed L21168-21172): "于每年1月末在政府网站上公布当年合作金融机构名单". */
export function partnerListDue(year: number): Verdict<Deadline> {
  if (!Number.isSafeInteger(year)) throw new RuleInputError(`年份无效：${year}`);
  const jan1 = fromParts(year, 1, 1);
  const probe = fromParts(year, 1, 31);
  const p = paramAt(XDT_PARTNER_LIST_DUE, probe);
  return makeVerdict("partnerListDue", { clock: "xdt.partnerList", from: jan1, due: parseLegalDate(`${year}-${p.value}`) }, [], p.version.cite, [p.trace]);
}

export type ClockStatus = "done" | "due" | "overdue";

/** 'done' once acted on (`doneOn` given), 'overdue' when `asOf` is after `due`, otherwise 'due'. */
export function clockStatus(due: LegalDate, asOf: LegalDate, doneOn?: LegalDate | null): ClockStatus {
  if (doneOn) return "done";
  return asOf > due ? "overdue" : "due";
}

/** True when an action done on `doneOn` missed `due`. */
export function wasLate(due: LegalDate, doneOn: LegalDate): boolean {
  return doneOn > due;
}
