/**
 * 融资贴息 (D-8) and prepayment of key projects (SZH-25 三（二）).
 */
import { CITES } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { applyBp, fen, fenFromBig, formatBp, formatCountZh, formatMoney, mulDivHalfUp, nonNegativeFen, type Fen } from "../core/money";
import { paramAt } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { lprAt, type LprTable } from "../reference/lpr";
import { fundSettingsAt, SZH_PREPAY_SHARE, type FundId } from "./params";

export interface InterestSubsidyInput {
  fund: FundId;
  /** Actual financing amount (实际发生额). */
  amount: Fen;
  /** The date that matters: approval date (LPR "最近一次公布" as of that day; must be in the fund's term). */
  approvalDate: LegalDate;
  /** Days financed (actual days). */
  days: number;
  /** Interest actually paid, if known (for the warning). */
  interestPaid?: Fen | null;
}

export interface InterestSubsidyResult {
  subsidy: Fen;
  lpr1yBp: number;
  daysCounted: number;
  dayBasis: number;
}

/**
 * 《贵州省工业和信息化发展专项资金管理办法》第九条（二） (seed L21980-21982) and 《贵州省中小企业发展专项资金管理办法》第九条（一）
 * (seed L23015-23017): "按照项目融资实际发生额，以最近一次公布的一年期市场报价利率（LPR）给予一次性贴息，融资贴息期限原则上不超过两年。"
 * D-8: round_half_up(amount × LPR1Y(approval date) × min(days, 730) / 360 / 10000) fen; warn when it exceeds the interest paid.
 */
export function interestSubsidy(input: InterestSubsidyInput, ctx: { lpr: LprTable }): Verdict<InterestSubsidyResult> {
  const s = fundSettingsAt(input.fund, input.approvalDate);
  const amount = nonNegativeFen(input.amount, "融资金额");
  if (!Number.isSafeInteger(input.days) || input.days < 0) throw new RuleInputError(`贴息天数必须是非负整数：${input.days}`);
  const findings: Finding[] = [];
  const lpr = lprAt(ctx.lpr, input.approvalDate, "1y");
  const max = s.value.interestSubsidyMaxDays;
  const daysCounted = Math.min(input.days, max);
  const subsidy = fenFromBig(mulDivHalfUp(amount, BigInt(lpr.bp) * BigInt(daysCounted), BigInt(s.value.interestDayBasis) * 10_000n));
  if (input.days > daysCounted) {
    findings.push({
      code: "FUNDS_SUBSIDY_DAYS_CAPPED",
      severity: "info",
      message: `融资${input.days}天，贴息期限原则上不超过${max % 365 === 0 ? `${formatCountZh(max / 365)}年` : `${max}天`}，按${daysCounted}天计算`,
    });
  }
  if (input.interestPaid !== undefined && input.interestPaid !== null && subsidy > nonNegativeFen(input.interestPaid, "实付利息")) {
    findings.push({
      code: "FUNDS_SUBSIDY_EXCEEDS_INTEREST",
      severity: "warn",
      message: `按一年期LPR ${formatBp(lpr.bp)}计算的贴息${formatMoney(subsidy)}超过实际支付的利息${formatMoney(input.interestPaid)}`,
    });
  }
  return makeVerdict(
    "interestSubsidy",
    { subsidy, lpr1yBp: lpr.bp, daysCounted, dayBasis: s.value.interestDayBasis },
    findings,
    [input.fund === "GXZJ" ? CITES.GXZJ_ART9_SUBSIDY : CITES.ZXZJ_ART9_SUBSIDY, CITES.D8, CITES.D1],
    [s.trace, lpr.trace],
  );
}

export interface PrepaymentInput {
  /** Planned award (拟奖补资金). */
  plannedAward: Fen;
  /** Designated a key project by the competent department. */
  isKeyProject: boolean;
  /** The prepayment asked for, if any. */
  requested?: Fen | null;
  /** The date that matters: the prepayment decision date (within SZH-25's term). */
  date: LegalDate;
}

export interface PrepaymentResult {
  maxPrepayment: Fen;
  /** Paid after acceptance. */
  remainderAfterAcceptance: Fen;
}

/**
 * 《支持工业领域数字化转型的若干政策措施》三（二） (seed L21130-21135): "本措施奖补政策以事后奖补为主……对部分重点项目，经行业主管部门认定后，
 *  可采取预拨方式支持项目建设，预拨资金为拟奖补资金的50%，项目建成验收合格后拨付剩余资金。"
 */
export function prepaymentLimit(input: PrepaymentInput): Verdict<PrepaymentResult> {
  const p = paramAt(SZH_PREPAY_SHARE, input.date);
  const award = nonNegativeFen(input.plannedAward, "拟奖补资金");
  const max = input.isKeyProject ? applyBp(award, p.value) : fen(0);
  const findings: Finding[] = [];
  if (!input.isKeyProject) {
    findings.push({ code: "FUNDS_EX_POST_ONLY", severity: "info", message: "非重点项目以事后奖补为主，验收或绩效评估达到预期目标后拨付" });
  }
  if (input.requested !== undefined && input.requested !== null && nonNegativeFen(input.requested, "申请预拨金额") > max) {
    findings.push({
      code: "FUNDS_PREPAYMENT_OVER_LIMIT",
      severity: "block",
      message: `申请预拨${formatMoney(input.requested)}，超过可预拨上限${formatMoney(max)}`,
    });
  }
  return makeVerdict(
    "prepaymentLimit",
    { maxPrepayment: max, remainderAfterAcceptance: fen(award - max) },
    findings,
    p.version.cite,
    [p.trace],
  );
}
