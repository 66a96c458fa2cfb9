/**
 * 绩效评价 demo data (issue 6 items 3-4): self-evaluations with their evidence filed by the 市县, spot-checks,
 * key evaluations by 省财政厅 and 省审计厅 across all four D-10 grades, published results, and results-application
 * decisions from the rule book — on the 2024 and 2025 allocations the funds step made. One 市州 (六盘水) is evaluated
 * poorly on its 2025 money, so the region scorecard flags it under GXZJ-35 Art.30. Deterministic (ordered by id).
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { perfEvaluation, perfResultsDecision } from "../../schema";
import type { LegalDate } from "../../../rules/core/dates";
import { explain, type Verdict } from "../../../rules/core/verdict";
import { gradeForScore, resultsApplication, type ResultsAction } from "../../../rules/perf/performance";
import { parentPrefecture } from "../../../rules/reference/regions";
import type { SeedStep } from "../context";
import { rowsOf } from "../../client";

function record(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, override: f.override ?? null })), explain: explain(v) };
}

/** The poorly performing 市州 of the demo (its 2025 key evaluations are all 差). */
export const PERF_DEMO_POOR_REGION = "520200";

/** Scores in hundredths cycling through every grade, including the band edges (90.00 优, 89.50 良, 60.00 中, 59.90 差). */
const KEY_SCORES = [9350, 9000, 8950, 8420, 8000, 7680, 7100, 6000, 5990, 4850, 9120, 8260];
const POOR_SCORES = [5200, 4680, 5750, 3900];

export const perfEvaluationsStep: SeedStep = {
  name: "perf-evaluations",
  async run(ctx) {
    const { tx } = ctx;
    const allocations = rowsOf<{ id: number; project_id: number; program_id: number; enterprise_id: number; region_code: string; name: string; year: number; decided_on: string; paid: string; region_name: string }>(
      await tx.execute(sql`
        select a.id, a.project_id, a.program_id, a.enterprise_id, fp.region_code, fp.name, a.year, a.decided_on::text as decided_on, r.name as region_name,
          coalesce((select sum(p.amount_fen) from fund_payment p where p.allocation_id = a.id), 0)::text as paid
        from fund_allocation a join fund_project fp on fp.id = a.project_id join region r on r.code = fp.region_code
        where a.year in (2024, 2025) order by a.id`),
    );
    let k = 0;
    let poor = 0;
    for (const [i, al] of allocations.entries()) {
      const year = Number(al.year);
      const prefecture = parentPrefecture(al.region_code)?.code ?? al.region_code;
      const isPoor = year === 2025 && prefecture === PERF_DEMO_POOR_REGION;
      // the poor region: every 2025 project key-evaluated; elsewhere about half
      const keyed = isPoor || i % 2 === 0;
      const selfFiled = isPoor || i % 3 !== 2;
      // about a quarter of the projects are not evaluated yet
      if ((!keyed && !selfFiled) || (!isPoor && i % 4 === 3)) continue;
      const keyScore = isPoor ? POOR_SCORES[poor++ % POOR_SCORES.length] : KEY_SCORES[k++ % KEY_SCORES.length];
      const base = { projectId: al.project_id, allocationId: al.id, programId: al.program_id, regionCode: al.region_code, year };
      let selfId: number | null = null;
      let selfScore = 0;
      if (selfFiled) {
        // units rate themselves a little higher than the evaluators do
        selfScore = Math.min(10000, keyScore + 300 + (i % 5) * 100);
        const on = `${year + 1}-03-${String(10 + (i % 15)).padStart(2, "0")}` as LegalDate;
        const g = gradeForScore(selfScore / 100, on);
        const evidence = new TextEncoder().encode(`%PDF-1.4\n% ${al.name} ${year}年度绩效自评报告（演示）\n%%EOF\n`);
        const [row] = await tx
          .insert(perfEvaluation)
          .values({ ...base, kind: "self", scoreCenti: selfScore, grade: g.value.grade, gradeVerdict: record(g), note: "绩效目标基本完成，资金按进度拨付，详见自评报告", evidenceName: `${year}年度绩效自评报告.pdf`, evidenceMime: "application/pdf", evidenceSize: evidence.byteLength, evidenceSha256: createHash("sha256").update(evidence).digest("hex"), evidence, evaluatedOn: on, byName: `${al.region_name}工业和信息化主管部门（演示）`, byRole: "industry" })
          .returning({ id: perfEvaluation.id });
        selfId = row.id;
      }
      // finance spot-checks every fifth self-evaluation
      if (selfId && i % 5 === 0) {
        const on = `${year + 1}-04-20` as LegalDate;
        const score = Math.max(0, selfScore - 650);
        const g = gradeForScore(score / 100, on);
        await tx.insert(perfEvaluation).values({ ...base, kind: "spot_check", scoreCenti: score, grade: g.value.grade, gradeVerdict: record(g), selfEvaluationId: selfId, note: "抽查发现自评对产出指标完成情况估计偏高，佐证材料不完整，核减6.5分", evaluatedOn: on, byName: "省财政厅（演示）", byRole: "finance" });
      }
      if (!keyed) continue;
      const on = `${year + 1}-06-${String(10 + (i % 15)).padStart(2, "0")}` as LegalDate;
      const g = gradeForScore(keyScore / 100, on);
      const byAuditor = i % 4 === 0;
      const published = year === 2024 || i % 3 === 0;
      const [key] = await tx
        .insert(perfEvaluation)
        .values({
          ...base,
          kind: "key",
          scoreCenti: keyScore,
          grade: g.value.grade,
          gradeVerdict: record(g),
          findings: g.value.grade === "差" ? "主要产出指标完成不足一半，资金使用效益低，存在资金闲置" : g.value.grade === "中" ? "部分效益指标未达预期，项目管理制度执行不到位" : "绩效目标完成较好，资金使用规范",
          evaluatedOn: on,
          byName: byAuditor ? "省审计厅（演示）" : "省财政厅（演示）",
          byRole: byAuditor ? "auditor" : "finance",
          publishedOn: published ? `${year + 1}-07-15` : null,
          publishedBy: published ? "省财政厅（演示）" : null,
        })
        .returning({ id: perfEvaluation.id });
      // results application from the rule book; SZH-25's "削减或取消": cancel where nothing has been paid, else cut
      const decidedOn = `${year + 1}-08-10` as LegalDate;
      const v = resultsApplication({ grade: g.value.grade, date: decidedOn, idleSince: Number(al.paid) === 0 ? (al.decided_on as LegalDate) : null });
      const action = ({ priority: "priority", improve: "improve", recover: "recover", cut_or_cancel: Number(al.paid) === 0 ? "cancel" : "cut" } as const satisfies Record<ResultsAction, string>)[v.value.action];
      await tx.insert(perfResultsDecision).values({
        projectId: al.project_id,
        programId: al.program_id,
        enterpriseId: al.enterprise_id,
        regionCode: al.region_code,
        year,
        keyEvaluationId: key.id,
        action,
        basis: `${year}年度重点评价 ${keyScore / 100} 分「${g.value.grade}」：${v.value.actionZh}`,
        verdict: record(v),
        decidedOn,
        byName: "省财政厅、省工业和信息化厅（演示）",
      });
    }
  },
};
