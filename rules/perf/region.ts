/**
 * GXZJ-35 第三十条 (seed L22214-22218): the 市县 whose performance goals went poorly, whose disbursement is slow, or
 * where audit or finance inspections found many problems — "视情况减少该地区下一年度专项资金支持".
 */
import { CITES } from "../core/cite";
import { parseLegalDate as d, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { type Bp, type Fen } from "../core/money";
import { defineParam, paramAt } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { gradeForScore, monitoringDeviation, type Grade } from "./performance";

/** "问题较多": this many findings or more (PRODUCT parameter; the policy gives no number). */
export const REGION_FINDINGS_THRESHOLD = defineParam<number>("perf.regionFindingsThreshold", "市县监督检查问题较多阈值（个）", [
  { from: d("2020-01-01"), value: 3, cite: [CITES.P_REGION_REVIEW] },
]);

export interface RegionReviewInput {
  asOf: LegalDate;
  /** the budget period the money belongs to (its year) */
  periodStart: LegalDate;
  periodEnd: LegalDate;
  /** transfers issued to the region in the period, and paid out of them (both from the ledger) */
  issued: Fen;
  paid: Fen;
  /** key-evaluation scores of the region's projects (0–100) */
  keyScores: readonly number[];
  /** audit / finance inspection findings about the region */
  findings: number;
}

export interface RegionReviewResult {
  timeElapsedBp: Bp;
  /** paid ÷ issued, bp; null when nothing was issued */
  disbursementBp: Bp | null;
  slowDisbursement: boolean;
  /** grade of the mean key-evaluation score (D-10); null without key evaluations */
  meanScore: number | null;
  meanGrade: Grade | null;
  poorPerformance: boolean;
  manyFindings: boolean;
  flagged: boolean;
}

/**
 * Each of the three grounds of Art.30 from the rule book: slow disbursement = the dual-monitoring execution lag
 * (`monitoringDeviation`: paid ÷ issued behind the time elapsed by more than the tolerance); poor performance = the
 * mean key-evaluation score graded 差 (`gradeForScore`, D-10); many findings ≥ REGION_FINDINGS_THRESHOLD.
 */
export function regionSupportReview(input: RegionReviewInput): Verdict<RegionReviewResult> {
  if (!Number.isSafeInteger(input.findings) || input.findings < 0) throw new RuleInputError(`问题数量必须是非负整数：${input.findings}`);
  const findings: Finding[] = [];
  const cites = [CITES.GXZJ_ART30_REGION, CITES.P_REGION_REVIEW];
  const trace = [];
  let timeElapsedBp = 0;
  let disbursementBp: Bp | null = null;
  let slowDisbursement = false;
  if (input.issued > 0) {
    const m = monitoringDeviation({ asOf: input.asOf, periodStart: input.periodStart, periodEnd: input.periodEnd, allocated: input.issued, paid: input.paid, goals: [] });
    timeElapsedBp = m.value.timeElapsedBp;
    disbursementBp = m.value.executionBp;
    slowDisbursement = m.value.executionFlag;
    trace.push(...m.trace);
    cites.push(...m.cites);
    if (slowDisbursement) findings.push({ code: "PERF_REGION_SLOW_DISBURSEMENT", severity: "warn", message: `资金拨付进度较慢：${m.findings.map((f) => f.message).join("；")}` });
  }
  let meanScore: number | null = null;
  let meanGrade: Grade | null = null;
  if (input.keyScores.length > 0) {
    // scores are hundredths of a point: average the integers and round once, half-up (59.00 and 59.23 → 59.12)
    const sum = input.keyScores.reduce((s, x) => s + Math.round(x * 100), 0);
    const n = input.keyScores.length;
    meanScore = Math.floor((2 * sum + n) / (2 * n)) / 100;
    const g = gradeForScore(meanScore, input.asOf);
    meanGrade = g.value.grade;
    trace.push(...g.trace);
    cites.push(...g.cites);
  }
  const poorPerformance = meanGrade === "差";
  if (poorPerformance) findings.push({ code: "PERF_REGION_POOR_PERFORMANCE", severity: "warn", message: `预算绩效目标完成情况不佳：重点评价平均分${meanScore}，等级「差」` });
  const threshold = paramAt(REGION_FINDINGS_THRESHOLD, input.asOf);
  trace.push(threshold.trace);
  const manyFindings = input.findings >= threshold.value;
  if (manyFindings) findings.push({ code: "PERF_REGION_MANY_FINDINGS", severity: "warn", message: `监督检查中发现问题较多：${input.findings}个（阈值${threshold.value}个）` });
  const flagged = slowDisbursement || poorPerformance || manyFindings;
  if (flagged) findings.push({ code: "PERF_REGION_REDUCE_SUPPORT", severity: "warn", message: "视情况减少该地区下一年度专项资金支持（GXZJ-35 第三十条）" });
  return makeVerdict("regionSupportReview", { timeElapsedBp, disbursementBp, slowDisbursement, meanScore, meanGrade, poorPerformance, manyFindings, flagged }, findings, cites, trace);
}
