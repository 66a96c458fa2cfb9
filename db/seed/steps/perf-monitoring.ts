/**
 * 绩效 双监控 demo data (issue 6 §2, §8): for every allocated demo project, the monitoring records of the last two
 * ended half-years (2025H2, 2026H1) — execution read from the ledger at the period end (the same postings the app
 * reads), actual values with a small PDF as evidence, the rule book's flags; flagged records carry a rectification
 * task due per rectificationDue: the 2025H2 ones done, the 2026H1 ones partly done, partly open, one overdue.
 * One project's goals were changed by an approved adjustment (version 2), which its 2026H1 record uses.
 */
import { createHash } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { fundAdjustment, fundAllocation, fundGoal, fundProgram, fundProject, perfEvidence, perfGoalRevision, perfMonitoring, perfRectification, type GoalSpec, type MonitoredIndicator } from "../../schema";
import { addDays, daysBetween, type LegalDate } from "../../../rules/core/dates";
import type { Fen } from "../../../rules/core/money";
import { explain, type Verdict } from "../../../rules/core/verdict";
import { adjustmentPermission } from "../../../rules/funds/projects";
import type { FundId } from "../../../rules/funds/params";
import { monitoringDeviation, monitoringPeriod, rectificationDue } from "../../../rules/perf/performance";
import type { SeedStep } from "../context";
import { rowsOf } from "../../client";

const TODAY = "2026-11-27";
const PERIODS = ["2025H2", "2026H1"];
const EVIDENCE = new TextEncoder().encode("%PDF-1.4\n% 资金通演示佐证材料\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function record(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, override: f.override ?? null })), explain: explain(v) };
}

/** A decimal text with at most 2 places (goal values are decimal text, as typed). */
function dec(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export const perfMonitoringStep: SeedStep = {
  name: "perf-monitoring",
  async run({ tx, rng }) {
    const evidenceSha = createHash("sha256").update(EVIDENCE).digest("hex");
    const allocations = await tx
      .select({ al: fundAllocation, region: fundProject.regionCode, constructionEnd: fundProject.constructionEnd, filingLevel: fundProject.filingLevel, ruleSet: fundProgram.ruleSet })
      .from(fundAllocation)
      .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
      .innerJoin(fundProgram, eq(fundProgram.id, fundAllocation.programId))
      .where(inArray(fundAllocation.status, ["active", "completed"]))
      .orderBy(fundAllocation.id);
    const goals = await tx.select().from(fundGoal).where(inArray(fundGoal.projectId, allocations.map((a) => a.al.projectId))).orderBy(fundGoal.id);
    const goalsOf = new Map<number, GoalSpec[]>();
    for (const g of goals) goalsOf.set(g.projectId, [...(goalsOf.get(g.projectId) ?? []), { name: g.name, unit: g.unit, target: g.target, direction: g.direction, weight: g.weight }]);

    // one goal change through an approved adjustment (a GXZJ project in construction, not yet adjusted)
    const revised = allocations.find((a) => a.ruleSet === "GXZJ" && a.al.adjustments === 0 && a.al.decidedOn < "2025-12-01" && a.constructionEnd > "2026-06-30" && (goalsOf.get(a.al.projectId)?.length ?? 0) === 3);
    if (revised) {
      const on = "2026-03-16" as LegalDate;
      const v = adjustmentPermission({ fund: revised.ruleSet as FundId, requestDate: on, filingLevel: revised.filingLevel, constructionPeriodEnd: revised.constructionEnd as LegalDate, priorAdjustments: 0 });
      const content = "受市场需求变化影响，产能规划由两条生产线调整为一条，新增产值目标相应下调、新增就业目标下调";
      const [adj] = await tx.insert(fundAdjustment).values({ allocationId: revised.al.id, requestedOn: on, content, status: "approved", approver: v.value.approver, verdict: record(v), byName: "工信部门（演示）" }).returning();
      await tx.update(fundAllocation).set({ adjustments: 1 }).where(eq(fundAllocation.id, revised.al.id));
      const old = goalsOf.get(revised.al.projectId)!;
      const next: GoalSpec[] = [
        { ...old[0], target: dec(Number(old[0].target) * 0.6), weight: 40 },
        { ...old[1], target: String(Math.max(5, Math.round(Number(old[1].target) * 0.7))), weight: 30 },
        { ...old[2], weight: 30 },
      ];
      await tx.insert(perfGoalRevision).values({ projectId: revised.al.projectId, version: 2, adjustmentId: adj.id, effectiveFrom: on, goals: next, reason: content, byName: "工信部门（演示）" });
      goalsOf.set(-revised.al.projectId, next);
    }

    // rows are written in batches with explicit monitoring ids (the sequence is moved past them afterwards)
    const monitoringBase = Number(rowsOf<{ m: number }>(await tx.execute(sql`select coalesce(max(id), 0)::int as m from perf_monitoring`))[0].m);
    const monitoringRows: (typeof perfMonitoring.$inferInsert)[] = [];
    const evidenceRows: (typeof perfEvidence.$inferInsert)[] = [];
    const taskRows: (typeof perfRectification.$inferInsert)[] = [];
    let overdueDone = false;
    let n = 0;
    for (const label of PERIODS) {
      const period = monitoringPeriod(label);
      // what the ledger says was paid on each allocation by the period end: the payment and recovery journals' postings on the "paid" accounts
      const paidRows = rowsOf<{ allocation_id: number; paid: string }>(
        await tx.execute(sql`select x.allocation_id, coalesce(sum(p.amount_fen), 0)::text as paid
          from (select allocation_id, journal_id from fund_payment union all select allocation_id, journal_id from fund_recovery where allocation_id is not null) x
          join journal j on j.id = x.journal_id join posting p on p.journal_id = j.id join ledger_account a on a.id = p.account_id
          where a.code like 'funds:paid:%' and j.value_date <= ${period.end} group by x.allocation_id`),
      );
      const paidOf = new Map(paidRows.map((r) => [Number(r.allocation_id), Number(r.paid)]));
      for (const a of allocations) {
        const al = a.al;
        if (period.end < al.decidedOn || a.constructionEnd <= al.decidedOn) continue;
        const useRevision = revised?.al.id === al.id && period.end >= "2026-03-16";
        const spec = (useRevision ? goalsOf.get(-al.projectId) : goalsOf.get(al.projectId)) ?? [];
        const elapsed = Math.min(1, Math.max(0, daysBetween(al.decidedOn as LegalDate, period.end) / daysBetween(al.decidedOn as LegalDate, a.constructionEnd as LegalDate)));
        // about a quarter of the projects fall short of their goals; the rest keep up with time (or better)
        const short = rng.chance(0.25);
        const actuals = spec.map((g) => {
          const t = Number(g.target);
          const progress = short ? Math.max(0, elapsed - 0.35 + rng.int(0, 10) / 100) : Math.min(1.1, elapsed + rng.int(0, 25) / 100);
          return g.direction === "higher" ? (g.unit === "人" ? String(Math.round(t * progress)) : dec(t * progress)) : dec(t * (short ? 1.6 : rng.int(85, 100) / 100));
        });
        const paid = paidOf.get(al.id) ?? 0;
        const v = monitoringDeviation({
          asOf: period.end,
          periodStart: al.decidedOn as LegalDate,
          periodEnd: a.constructionEnd as LegalDate,
          allocated: al.amountFen as Fen,
          paid: paid as Fen,
          goals: spec.map((g, i) => ({ id: String(i), name: g.name, target: Number(g.target), actual: Number(actuals[i]), direction: g.direction, weight: g.weight })),
        });
        const r = v.value;
        const flagged = r.executionFlag || r.goalFlag;
        n++;
        // H2 records were made in mid-January; the 2026H1 ones mostly in November (one in July: its task is now overdue)
        let recordedOn = label === "2025H2" ? addDays("2026-01-10" as LegalDate, n % 10) : addDays("2026-11-02" as LegalDate, n % 15);
        const makeOverdue = label === "2026H1" && flagged && !overdueDone && a.region.startsWith("5201");
        if (makeOverdue) recordedOn = "2026-07-15" as LegalDate;
        const indicators: MonitoredIndicator[] = spec.map((g, i) => ({ ...g, actual: actuals[i], attainmentBp: r.perGoal[i].attainmentBp }));
        const row = { id: monitoringBase + monitoringRows.length + 1 };
        monitoringRows.push({
          id: row.id,
          allocationId: al.id,
          projectId: al.projectId,
          programId: al.programId,
          regionCode: a.region,
          period: label,
          asOf: period.end,
          windowStart: al.decidedOn,
          windowEnd: a.constructionEnd,
          allocatedFen: al.amountFen,
          paidFen: paid,
          goalVersion: useRevision ? 2 : 1,
          indicators,
          timeElapsedBp: r.timeElapsedBp,
          executionBp: r.executionBp,
          goalAttainmentBp: r.goalAttainmentBp,
          executionFlag: r.executionFlag,
          goalFlag: r.goalFlag,
          flagged,
          verdict: record(v),
          note: flagged ? "项目单位说明：进度受设备到货和审批影响，正在追赶" : null,
          recordedOn,
          byName: a.region.startsWith("5201") ? "贵阳市工信局（演示）" : "市县工信部门（演示）",
        });
        evidenceRows.push(...spec.map((g, i) => ({ monitoringId: row.id, indicator: i, fileName: `${g.name}佐证材料.pdf`, mimeType: "application/pdf", sizeBytes: EVIDENCE.byteLength, sha256: evidenceSha, content: EVIDENCE, byName: "市县工信部门（演示）" })));
        if (!flagged) continue;
        const due = rectificationDue(recordedOn);
        const issues = v.findings.filter((f) => f.severity === "warn").map((f) => f.message).join("；");
        // done: every 2025H2 task, and two in three of the 2026H1 ones (never the overdue one)
        const done = label === "2025H2" || (!makeOverdue && n % 3 !== 0);
        const completedOn = done ? (addDays(recordedOn, 10 + (n % 15)) < TODAY ? addDays(recordedOn, 10 + (n % 15)) : TODAY) : null;
        taskRows.push({
          monitoringId: row.id,
          projectId: al.projectId,
          regionCode: a.region,
          issues,
          dueOn: due.value.due,
          dueVerdict: record(due),
          status: done ? "done" : "open",
          completedOn,
          completionNote: done ? "已督促项目单位加快拨付与建设进度，补充完成情况佐证" : null,
          completedByName: done ? "市县工信部门（演示）" : null,
        });
        if (makeOverdue) overdueDone = true;
      }
    }
    for (let k = 0; k < monitoringRows.length; k += 200) await tx.insert(perfMonitoring).values(monitoringRows.slice(k, k + 200));
    await tx.execute(sql`select setval(pg_get_serial_sequence('perf_monitoring', 'id'), (select coalesce(max(id), 1) from perf_monitoring))`);
    for (let k = 0; k < evidenceRows.length; k += 500) await tx.insert(perfEvidence).values(evidenceRows.slice(k, k + 500));
    for (let k = 0; k < taskRows.length; k += 500) await tx.insert(perfRectification).values(taskRows.slice(k, k + 500));
    if (!overdueDone) throw new Error("demo data: no flagged 贵阳 project for the overdue rectification task");
  },
};
