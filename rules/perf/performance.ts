/**
 * Performance (绩效): grade bands (D-10), dual monitoring (双监控) and results application (SZH-25 三（三）).
 */
import { CITES, cite } from "../core/cite";
import { addDays, addYears, daysBetween, parseLegalDate as d, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { formatBp, nonNegativeFen, ratioBp, type Bp, type Fen } from "../core/money";
import { defineParam, paramAt, type TraceEntry } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";

export type Grade = "优" | "良" | "中" | "差";

export interface GradeBands {
  /** Lowest score of each grade (inclusive). */
  excellent: number;
  good: number;
  fair: number;
}

/** D-10 grade bands (the national 项目支出绩效评价管理办法's bands), a parameter. */
export const GRADE_BANDS = defineParam<GradeBands>("perf.gradeBands", "绩效评价等级分档", [
  { from: d("2020-01-01"), value: { excellent: 90, good: 80, fair: 60 }, cite: [CITES.D10] },
]);

/**
 * D-10: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60 on a 100-point score (a score of 89.5 is 良: bands are [90,100], [80,90), [60,80), [0,60)).
 * Basis: GXZJ-35 第二十六条 (seed L22174-22180) "花钱必问效，无效必问责"; ZXZJ-206 第二十六条 (seed L23228-23234).
 */
export function gradeForScore(score: number, evaluationDate: LegalDate): Verdict<{ grade: Grade; score: number }> {
  if (!Number.isFinite(score) || score < 0 || score > 100) throw new RuleInputError(`绩效评分应在0–100之间：${score}`);
  const p = paramAt(GRADE_BANDS, evaluationDate);
  const b = p.value;
  const grade: Grade = score >= b.excellent ? "优" : score >= b.good ? "良" : score >= b.fair ? "中" : "差";
  return makeVerdict(
    "gradeForScore",
    { grade, score },
    [{ code: "PERF_GRADE", severity: "info", message: `评分${score}，等级「${grade}」` }],
    [CITES.D10, CITES.GXZJ_ART26, CITES.ZXZJ_ART26],
    [p.trace],
  );
}

export interface MonitoringTolerances {
  /** Flag when execution progress lags the time elapsed by more than this. */
  executionLagBp: Bp;
  /** Flag when weighted goal attainment lags the time elapsed by more than this. */
  goalLagBp: Bp;
}

export const MONITORING_TOLERANCES = defineParam<MonitoringTolerances>("perf.monitoringTolerances", "双监控偏差容差（基点）", [
  { from: d("2020-01-01"), value: { executionLagBp: 1_000, goalLagBp: 1_000 }, cite: [CITES.P_TOLERANCE] },
]);

export interface MonitoringGoal {
  id: string;
  name: string;
  /** Full-period target value. */
  target: number;
  /** Actual value so far. */
  actual: number;
  /** 'higher' = higher is better (output, jobs); 'lower' = lower is better (cost, energy use). */
  direction: "higher" | "lower";
  /** Weight (any positive integers; default 1). */
  weight?: number;
}

export interface MonitoringInput {
  asOf: LegalDate;
  periodStart: LegalDate;
  periodEnd: LegalDate;
  allocated: Fen;
  paid: Fen;
  goals: readonly MonitoringGoal[];
}

export interface MonitoringResult {
  /** Time elapsed in the period, bp (0–10000). */
  timeElapsedBp: Bp;
  /** paid ÷ allocated, bp. */
  executionBp: Bp;
  /** Weighted goal attainment, bp (each goal capped at 10000); null without goals. */
  goalAttainmentBp: Bp | null;
  perGoal: { id: string; attainmentBp: Bp }[];
  executionFlag: boolean;
  goalFlag: boolean;
}

const SCALE = 1_000_000;
function scaled(n: number, what: string): bigint {
  if (!Number.isFinite(n) || n < 0) throw new RuleInputError(`${what}必须是非负数：${n}`);
  return BigInt(Math.round(n * SCALE));
}

/** Attainment of one goal as a fraction num/den (capped at 1). */
function attainment(g: MonitoringGoal): [bigint, bigint] {
  const t = scaled(g.target, `目标「${g.name}」的目标值`);
  const a = scaled(g.actual, `目标「${g.name}」的实际值`);
  if (g.direction === "higher") {
    if (t === 0n) return [1n, 1n];
    return a >= t ? [1n, 1n] : [a, t];
  }
  if (a <= t) return [1n, 1n];
  return [t, a];
}

/**
 * 双监控: GXZJ-35 第二十七条 (seed L22182-22186) "严格落实预算绩效目标实现程度和预算执行进度“双监控”";
 * ZXZJ-206 第二十五条 (seed L23222-23226) "对绩效监控中发现的绩效目标执行偏差和管理漏洞，采取措施予以纠正".
 * Execution progress = paid ÷ allocated; goal attainment = weighted mean of each goal's attainment (higher-is-better:
 * actual ÷ target; lower-is-better: target ÷ actual; each capped at 100 %). Each is flagged when it lags the fraction
 * of the period elapsed by more than its tolerance (PRODUCT parameter, default 10 points). Exact in BigInt.
 */
export function monitoringDeviation(input: MonitoringInput): Verdict<MonitoringResult> {
  const total = daysBetween(input.periodStart, input.periodEnd);
  if (total <= 0) throw new RuleInputError("监控期间的结束日须晚于开始日");
  const allocated = nonNegativeFen(input.allocated, "下达金额");
  const paid = nonNegativeFen(input.paid, "支付金额");
  if (allocated === 0) throw new RuleInputError("下达金额为0，无法计算执行进度");
  const elapsed = Math.min(Math.max(daysBetween(input.periodStart, input.asOf), 0), total);
  const p = paramAt(MONITORING_TOLERANCES, input.asOf);
  const trace: TraceEntry[] = [p.trace];
  const T = BigInt(total);
  const E = BigInt(elapsed);
  // execution lags when paid/allocated < elapsed/total − tol/10000  ⇔  paid·total·10000 < (elapsed·10000 − tol·total)·allocated
  const executionFlag = BigInt(paid) * T * 10_000n < (E * 10_000n - BigInt(p.value.executionLagBp) * T) * BigInt(allocated);
  const perGoal: { id: string; attainmentBp: Bp }[] = [];
  let num = 0n;
  let den = 0n;
  for (const g of input.goals) {
    const w = BigInt(g.weight ?? 1);
    if (w <= 0n) throw new RuleInputError(`目标「${g.name}」的权重必须是正整数`);
    const [an, ad] = attainment(g);
    perGoal.push({ id: g.id, attainmentBp: Number((an * 10_000n) / ad) });
    // Σ w·an/ad over a common denominator: accumulate as fraction num/den.
    if (den === 0n) {
      num = w * an;
      den = ad;
    } else {
      num = num * ad + w * an * den;
      den = den * ad;
    }
  }
  const W = input.goals.reduce((s, g) => s + BigInt(g.weight ?? 1), 0n);
  let goalAttainmentBp: Bp | null = null;
  let goalFlag = false;
  if (input.goals.length > 0) {
    // attainment = num / (den·W)
    goalAttainmentBp = Number((num * 10_000n) / (den * W));
    goalFlag = num * T * 10_000n < (E * 10_000n - BigInt(p.value.goalLagBp) * T) * den * W;
  }
  const timeElapsedBp = Number((E * 10_000n) / T);
  const executionBp = ratioBp(paid, allocated);
  const findings: Finding[] = [];
  if (executionFlag) {
    findings.push({
      code: "PERF_EXECUTION_LAG",
      severity: "warn",
      message: `预算执行进度${formatBp(executionBp)}落后于时间进度${formatBp(timeElapsedBp)}超过${formatBp(p.value.executionLagBp)}，应分析原因并纠正`,
    });
  }
  if (goalFlag) {
    findings.push({
      code: "PERF_GOAL_LAG",
      severity: "warn",
      message: `绩效目标完成度${formatBp(goalAttainmentBp as number)}落后于时间进度${formatBp(timeElapsedBp)}超过${formatBp(p.value.goalLagBp)}，应采取措施予以纠正`,
    });
  }
  return makeVerdict(
    "monitoringDeviation",
    { timeElapsedBp, executionBp, goalAttainmentBp, perGoal, executionFlag, goalFlag },
    findings,
    [CITES.GXZJ_ART27, CITES.ZXZJ_ART25, CITES.P_TOLERANCE],
    trace,
  );
}

export type ResultsAction = "priority" | "improve" | "cut_or_cancel" | "recover";

export const RESULTS_ACTION_ZH: Record<ResultsAction, string> = {
  priority: "资金原则上优先保障",
  improve: "督促改进",
  cut_or_cancel: "资金一律削减或取消",
  recover: "资金一律收回，统筹用于亟需支持的项目和领域",
};

export interface ResultsMapping {
  byGrade: Record<Grade, ResultsAction>;
  /** Idle this many years counts as "长期沉淀" (proxy: the 2-year carry-over rules). */
  idleYears: number;
}

/** Grade → action (PRODUCT mapping of SZH-25's good / average / low-or-no-effect onto D-10's four grades). */
export const RESULTS_MAPPING = defineParam<ResultsMapping>("perf.resultsMapping", "绩效结果应用对应关系", [
  {
    from: d("2022-04-12"),
    value: { byGrade: { 优: "priority", 良: "priority", 中: "improve", 差: "cut_or_cancel" }, idleYears: 2 },
    cite: [CITES.SZH_RESULTS, CITES.GXZJ_ART24, CITES.ZXZJ_ART21_PROV, CITES.D10],
  },
]);

export interface ResultsApplicationInput {
  grade: Grade;
  /** The date that matters: the evaluation (or budget) date. */
  date: LegalDate;
  /** Date since which the money has sat unused, if it has. */
  idleSince?: LegalDate | null;
}

/**
 * 《支持工业领域数字化转型的若干政策措施》三（三） (seed L21139-21145): "对绩效好的项目，资金原则上优先保障；对绩效一般的项目，督促改进；
 *  对低效无效的项目，资金一律削减或取消；对长期沉淀的项目，资金一律收回". Long idle (≥ 2 years, the carry-over proxy) → recover, whatever the grade.
 */
export function resultsApplication(input: ResultsApplicationInput): Verdict<{ action: ResultsAction; actionZh: string; idle: boolean }> {
  const p = paramAt(RESULTS_MAPPING, input.date);
  const idle = !!input.idleSince && input.date >= addYears(input.idleSince, p.value.idleYears);
  const action: ResultsAction = idle ? "recover" : p.value.byGrade[input.grade];
  const findings: Finding[] = [
    {
      code: "PERF_RESULTS_ACTION",
      severity: action === "cut_or_cancel" || action === "recover" ? "warn" : "info",
      message: idle ? `资金沉淀已满${p.value.idleYears}年：${RESULTS_ACTION_ZH[action]}` : `绩效等级「${input.grade}」：${RESULTS_ACTION_ZH[action]}`,
    },
  ];
  return makeVerdict("resultsApplication", { action, actionZh: RESULTS_ACTION_ZH[action], idle }, findings, [CITES.SZH_RESULTS, CITES.D10], [p.trace]);
}

// ---------- 双监控: periods and rectification (issue 6 §2; the policies are silent on both, so PRODUCT decisions) ----------

const P_MONITORING_PERIOD = cite("PRODUCT", "双监控期间", undefined, "绩效运行监控按半年度开展（1–6月、7–12月），以期末为监控时点；时间进度按项目实施期（资金安排日至建设期截止日）计算");
const P_RECTIFICATION = cite("PRODUCT", "偏差整改期限", undefined, "双监控发现偏差的，自监控记录之日起30日内完成整改（日历日，截止日含当日，不顺延）");

export interface MonitoringPeriod {
  /** e.g. "2026H1" */
  label: string;
  start: LegalDate;
  /** the monitoring date (期末时点) */
  end: LegalDate;
}

/** A half-year monitoring period from its label "YYYYH1" / "YYYYH2" (PRODUCT decision: monitoring is half-yearly). */
export function monitoringPeriod(label: string): MonitoringPeriod {
  const m = /^(\d{4})H([12])$/.exec(label);
  if (!m) throw new RuleInputError(`监控期间格式应为“2026H1”或“2026H2”：${label}`);
  const year = Number(m[1]);
  return m[2] === "1" ? { label, start: d(`${year}-01-01`), end: d(`${year}-06-30`) } : { label, start: d(`${year}-07-01`), end: d(`${year}-12-31`) };
}

/** The half-year periods that have ended on or before `asOf`, from the one containing `from`, newest first. */
export function endedMonitoringPeriods(from: LegalDate, asOf: LegalDate): MonitoringPeriod[] {
  const out: MonitoringPeriod[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(asOf.slice(0, 4)); y++) {
    for (const h of [1, 2]) {
      const p = monitoringPeriod(`${y}H${h}`);
      if (p.end >= from && p.end <= asOf) out.push(p);
    }
  }
  return out.reverse();
}

export const RECTIFICATION_DAYS = defineParam<number>("perf.rectificationDays", "双监控偏差整改期限（日历日）", [{ from: d("2020-01-01"), value: 30, cite: [P_RECTIFICATION] }]);

/**
 * When a monitoring record is flagged (GXZJ-35 第二十七条; ZXZJ-206 第二十五条 "采取措施予以纠正"), the deviation is to be
 * corrected by a due date: `flaggedOn` + RECTIFICATION_DAYS calendar days (PRODUCT parameter, default 30; the policies set no term).
 */
export function rectificationDue(flaggedOn: LegalDate): Verdict<{ clock: string; from: LegalDate; due: LegalDate }> {
  const p = paramAt(RECTIFICATION_DAYS, flaggedOn);
  const due = addDays(flaggedOn, p.value);
  return makeVerdict(
    "rectificationDue",
    { clock: "双监控偏差整改", from: flaggedOn, due },
    [{ code: "PERF_RECTIFICATION_DUE", severity: "info", message: `监控发现偏差，应于 ${due} 前完成整改（${p.value}日）` }],
    [CITES.GXZJ_ART27, CITES.ZXZJ_ART25, P_RECTIFICATION, P_MONITORING_PERIOD],
    [p.trace],
  );
}
