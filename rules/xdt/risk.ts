/**
 * Risk ratios, risk stop/restart, and the partner bank's yearly test.
 * Ratios are compared by cross-multiplication in BigInt; the bp figure is for display only.
 */
import { CITES, type Citation } from "../core/cite";
import { parseLegalDate, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { fenFromBig, formatBp, formatMoney, formatPercent, nonNegativeFen, ratioAbove, ratioAtLeast, ratioBp, type Bp, type Fen } from "../core/money";
import { paramAt } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { XDT_BANK_TEST, XDT_RISK_STOP, type RiskStopRule } from "./params";

export interface RiskFigures {
  /** Cumulative compensation actually paid (to that bank, or by the pool). */
  compensationPaid: Fen;
  /** D-6: cumulative 信贷通 loans disbursed (by that bank, or by all banks). */
  cumulativeLoans: Fen;
}

export interface ConventionalFigures {
  /** Loans ≥ 90 days overdue (from the monthly reports). */
  overdue90Balance: Fen;
  outstandingBalance: Fen;
}

export interface RiskRatioResult {
  /** D-6 ratio, bp, rounded half-up (display). */
  ratioBp: Bp;
  thresholdBp: Bp;
  /** Threshold reached (≥ under XDT-BF; > under XDT-FA). Decided exactly, not from `ratioBp`. */
  reached: boolean;
  /** The conventional NPL measure, labelled as the other measure (never mixed into `reached`). */
  conventionalBp: Bp | null;
}

function checkFigures(f: RiskFigures): void {
  nonNegativeFen(f.compensationPaid, "实际补偿金额");
  nonNegativeFen(f.cumulativeLoans, "累计贷款金额");
  if (f.cumulativeLoans === 0 && f.compensationPaid > 0) throw new RuleInputError("累计贷款为0时不可能有补偿金额，请检查数据");
}

function reachedBy(f: RiskFigures, rule: RiskStopRule): boolean {
  if (f.cumulativeLoans === 0) return false;
  return rule.inclusive
    ? ratioAtLeast(f.compensationPaid, f.cumulativeLoans, rule.thresholdBp)
    : ratioAbove(f.compensationPaid, f.cumulativeLoans, rule.thresholdBp);
}

function ratioVerdict(
  ruleName: string,
  scope: "bank" | "pool",
  figures: RiskFigures,
  asOf: LegalDate,
  conventional?: ConventionalFigures,
): Verdict<RiskRatioResult> {
  checkFigures(figures);
  const p = paramAt(XDT_RISK_STOP, asOf);
  const applies = scope === "pool" || p.value.perBank;
  const reached = applies && reachedBy(figures, p.value);
  const value: RiskRatioResult = {
    ratioBp: ratioBp(figures.compensationPaid, figures.cumulativeLoans),
    thresholdBp: p.value.thresholdBp,
    reached,
    conventionalBp: conventional ? ratioBp(nonNegativeFen(conventional.overdue90Balance), nonNegativeFen(conventional.outstandingBalance)) : null,
  };
  const who = scope === "bank" ? "该合作银行" : "信贷通整体";
  const findings: Finding[] = [];
  if (reached) {
    findings.push({
      code: scope === "bank" ? "XDT_BANK_RATIO_REACHED" : "XDT_POOL_RATIO_REACHED",
      severity: "block",
      message: `${who}不良率（实际补偿${formatMoney(figures.compensationPaid)} ÷ 累计贷款${formatMoney(figures.cumulativeLoans)} ≈ ${formatBp(value.ratioBp)}）${p.value.inclusive ? "达到" : "超过"}${formatBp(p.value.thresholdBp)}，暂停新增信贷通贷款投放`,
    });
  } else if (!applies) {
    findings.push({ code: "XDT_BANK_RATIO_NOT_APPLICABLE", severity: "info", message: `${p.version.from}至${p.version.to ?? "今"}适用的规定仅按信贷通整体不良率叫停，不按单一银行不良率叫停` });
  }
  if (value.conventionalBp !== null) {
    findings.push({
      code: "XDT_CONVENTIONAL_NPL",
      severity: "info",
      message: `另一口径（常规不良率：逾期90天以上贷款 ÷ 贷款余额）为${formatBp(value.conventionalBp)}，仅供参考，不用于叫停判断`,
      cites: [CITES.D6],
    });
  }
  return makeVerdict(ruleName, value, findings, [...p.version.cite, CITES.D6], [p.trace]);
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第二十一条 (seed L20914-20919):
 * "当单一合作金融机构不良贷款率达到3%（该金融机构实际补偿金额与该合作金融机构对于中小企业信贷通贷款之间的比例）……
 *  暂停该金融机构新增中小企业信贷通贷款投放". D-6: cumulative compensation ÷ cumulative loans disbursed.
 */
export function bankRiskRatio(figures: RiskFigures, asOf: LegalDate, conventional?: ConventionalFigures): Verdict<RiskRatioResult> {
  return ratioVerdict("bankRiskRatio", "bank", figures, asOf, conventional);
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第二十一条 (seed L20914-20918): "……或中小企业信贷通整体贷款不良率达到3%时"
 * (XDT-FA 六（二） L19529-19531 "超过3%" before 2021-12-24). An overall breach suspends new loans for every bank.
 */
export function poolRiskRatio(figures: RiskFigures, asOf: LegalDate, conventional?: ConventionalFigures): Verdict<RiskRatioResult> {
  return ratioVerdict("poolRiskRatio", "pool", figures, asOf, conventional);
}

export interface RestartDecision {
  /** Date the leading group recorded its decision to restart. */
  date: LegalDate;
  /** Reference of the minutes / decision. */
  ref: string;
}

export interface RiskStopInput {
  asOf: LegalDate;
  bank: RiskFigures;
  pool: RiskFigures;
  /** The bank's lending is currently suspended on risk grounds. */
  currentlySuspended: boolean;
  /** The leading group's recorded restart decision, if any (taken after the suspension). */
  restartDecision?: RestartDecision | null;
}

export interface RiskStopResult {
  suspended: boolean;
  reason: "bank_ratio" | "pool_ratio" | "awaiting_restart_decision" | null;
  bankRatioBp: Bp;
  poolRatioBp: Bp;
  restarted: boolean;
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第二十一条 (seed L20921-20925):
 * "若后期通过压降贷款不良率使合作金融机构贷款不良率或中小企业信贷通整体贷款不良率低于3%，受托管理机构报协调领导小组决策是否重新启动中小企业信贷通贷款投放。"
 * D-7: suspended from the moment a ratio reaches 3 %; restart needs ratios below 3 % **and** a recorded decision.
 */
export function riskStopStatus(input: RiskStopInput): Verdict<RiskStopResult> {
  const bank = bankRiskRatio(input.bank, input.asOf);
  const pool = poolRiskRatio(input.pool, input.asOf);
  const findings: Finding[] = [...bank.findings, ...pool.findings].filter((f) => f.severity !== "info");
  let reason: RiskStopResult["reason"] = null;
  let restarted = false;
  if (bank.value.reached) reason = "bank_ratio";
  else if (pool.value.reached) reason = "pool_ratio";
  else if (input.currentlySuspended) {
    const dec = input.restartDecision;
    if (dec && parseLegalDate(dec.date) <= input.asOf) {
      restarted = true;
      findings.push({
        code: "XDT_RESTARTED",
        severity: "info",
        message: `不良率已低于${formatPercent(bank.value.thresholdBp)}，协调领导小组已于${dec.date}决定重新启动贷款投放（${dec.ref}）`,
      });
    } else {
      reason = "awaiting_restart_decision";
      findings.push({
        code: "XDT_AWAITING_RESTART_DECISION",
        severity: "block",
        message: `不良率已低于${formatPercent(bank.value.thresholdBp)}，但须经协调领导小组决策后方可重新启动新增贷款投放`,
        cites: [CITES.XDT_BF_ART21, CITES.D7],
      });
    }
  }
  const cites: Citation[] = [...bank.cites, ...pool.cites, CITES.D7];
  return makeVerdict(
    "riskStopStatus",
    { suspended: reason !== null, reason, bankRatioBp: bank.value.ratioBp, poolRatioBp: pool.value.ratioBp, restarted },
    findings,
    cites,
    bank.trace,
  );
}

export interface BankYearlyTestInput {
  /** The evaluated year (data as of 31 December of that year). */
  year: number;
  /** Cumulative lending to Guizhou SMEs in the year. */
  lending: Fen;
  priorYearLending: Fen;
  smeCount: number;
  priorYearSmeCount: number;
}

export interface BankYearlyTestResult {
  passed: boolean;
  growthBp: Bp | null;
  growthOk: boolean;
  countOk: boolean;
}

/**
 * The least lending in `year` that passes the growth test of 第十四条 (seed L20865-20867, "较上年增长不低于20%"):
 * prior × (1 + minimum growth), rounded up to the fen because the test is "不低于". A chart's target line, decided here.
 */
export function bankLendingTarget(year: number, priorYearLending: Fen): Fen {
  if (!Number.isSafeInteger(year)) throw new RuleInputError(`年份无效：${year}`);
  const p = paramAt(XDT_BANK_TEST, parseLegalDate(`${year}-12-31`));
  const scaled = BigInt(nonNegativeFen(priorYearLending, "上年累计投放")) * BigInt(10_000 + p.value.minGrowthBp);
  return fenFromBig((scaled + 9_999n) / 10_000n);
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第十四条 (seed L20865-20872):
 * "合作金融机构需满足对我省中小企业（中小工业企业占90%以上）累计投放金额较上年增长不低于20%，当年支持的中小企业户数每年度不低于上年度户数两个基本要求……
 *  若合作金融机构未达到上述要求，暂停中小信贷通合作，但不影响合作期内已纳入补偿范围的贷款于存续期内出现不良的风险补偿。"
 */
export function bankYearlyTest(input: BankYearlyTestInput): Verdict<BankYearlyTestResult> {
  if (!Number.isSafeInteger(input.year)) throw new RuleInputError(`年份无效：${input.year}`);
  for (const n of [input.smeCount, input.priorYearSmeCount]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RuleInputError(`企业户数必须是非负整数：${n}`);
  }
  const cur = nonNegativeFen(input.lending, "当年累计投放");
  const prior = nonNegativeFen(input.priorYearLending, "上年累计投放");
  const p = paramAt(XDT_BANK_TEST, parseLegalDate(`${input.year}-12-31`));
  const growthOk = BigInt(cur) * 10_000n >= BigInt(prior) * BigInt(10_000 + p.value.minGrowthBp);
  const countOk = input.smeCount >= input.priorYearSmeCount;
  const growthBp = prior === 0 ? null : ratioBp(cur, prior) - 10_000;
  const findings: Finding[] = [];
  if (!growthOk) {
    findings.push({
      code: "XDT_BANK_GROWTH_LOW",
      severity: "block",
      message: `${input.year}年累计投放${formatMoney(cur)}，较上年${formatMoney(prior)}增长${formatBp(growthBp as number)}，低于${formatBp(p.value.minGrowthBp)}`,
    });
  }
  if (!countOk) {
    findings.push({
      code: "XDT_BANK_COUNT_LOW",
      severity: "block",
      message: `${input.year}年支持中小企业${input.smeCount}户，少于上年${input.priorYearSmeCount}户`,
    });
  }
  if (!growthOk || !countOk) {
    findings.push({
      code: "XDT_BANK_COOPERATION_SUSPENDED",
      severity: "info",
      message: "未达到基本要求：暂停信贷通合作；合作期内已纳入补偿范围的贷款在存续期内出现不良仍可补偿",
    });
  }
  const v = makeVerdict("bankYearlyTest", { passed: false, growthBp, growthOk, countOk }, findings, [...p.version.cite], [p.trace]);
  v.value.passed = growthOk && countOk;
  return v;
}
