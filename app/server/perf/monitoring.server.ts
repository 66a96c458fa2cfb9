import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import {
  enterprise,
  fundAdjustment,
  fundAllocation,
  fundGoal,
  fundPayment,
  fundProgram,
  fundProject,
  fundRecovery,
  journal,
  ledgerAccount,
  perfEvidence,
  perfGoalRevision,
  perfMonitoring,
  perfRectification,
  posting,
  region,
  type GoalSpec,
  type MonitoredIndicator,
} from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { endedMonitoringPeriods, MONITORING_TOLERANCES, monitoringDeviation, monitoringPeriod, paramAt, rectificationDue, type Fen, type FundId, type LegalDate } from "#rules";
import { goalsFrom } from "~/lib/forms/funds";
import type { goalChangeSchema, monitorSchema, rectifySchema } from "~/lib/forms/perf-monitoring";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { adjust } from "../funds/workflow.server";
import { pastDate, rule, verdictRecord } from "../funds/projects.server";
import { likePattern, type ListParams } from "../list.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { checkMaterialFile, MATERIAL_MAX_BYTES } from "../xdt/claims.server";

/**
 * 双监控 (RULES.md §3; GXZJ-35 Art.27, ZXZJ-206 Art.25): per allocated project and half-year, execution progress
 * (paid ÷ allocated, read from the ledger — never typed in) and goal attainment (actuals with evidence against the
 * goal version in force), flagged by the rule book's monitoringDeviation; a flagged record raises a rectification
 * task due per rectificationDue. Goals change only through an approved adjustment, as a new version.
 */

const GOAL_DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

/** The project in the user's scope (row-locked for writes); out of scope looks like missing. */
async function projectInScope(tx: Tx, scope: Scope, projectId: number, lock = false) {
  const q = tx
    .select()
    .from(fundProject)
    .where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode)));
  const [p] = lock ? await q.for("update") : await q;
  return p ?? null;
}

/** The project's latest allocation (a project is allocated once per application year; the latest is monitored). */
async function latestAllocation(tx: Tx, projectId: number) {
  const [al] = await tx.select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId)).orderBy(desc(fundAllocation.year), desc(fundAllocation.id)).limit(1);
  return al ?? null;
}

export interface LedgerEntry {
  journalId: number;
  valueDate: string;
  kind: string;
  memo: string;
  /** signed: + paid to the payee, − taken back */
  amountFen: number;
}

/**
 * What the ledger says was paid on an allocation by `asOf`: the postings on the 专项资金 "paid" accounts of the
 * journals its payments and recoveries posted, dated on or before `asOf`. Returned with the journals it came from.
 */
export async function ledgerExecution(tx: Tx, allocationId: number, asOf: string): Promise<{ paidFen: number; entries: LedgerEntry[] }> {
  const journalIds = sql`(select ${fundPayment.journalId} from ${fundPayment} where ${fundPayment.allocationId} = ${allocationId}
    union select ${fundRecovery.journalId} from ${fundRecovery} where ${fundRecovery.allocationId} = ${allocationId})`;
  const rows = await tx
    .select({ journalId: journal.id, valueDate: journal.valueDate, kind: journal.kind, memo: journal.memo, amountFen: posting.amountFen })
    .from(posting)
    .innerJoin(journal, eq(journal.id, posting.journalId))
    .innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId))
    .where(and(sql`${posting.journalId} in ${journalIds}`, sql`${ledgerAccount.code} like 'funds:paid:%'`, lte(journal.valueDate, asOf)))
    .orderBy(asc(journal.valueDate), asc(journal.id));
  return { paidFen: rows.reduce((s, r) => s + r.amountFen, 0), entries: rows };
}

export interface GoalVersion {
  version: number;
  effectiveFrom: string | null;
  goals: GoalSpec[];
  adjustmentId: number | null;
  adjustmentContent: string | null;
  approver: string | null;
  reason: string;
  byName: string;
}

/** Every version of a project's goals, oldest first: 1 = the library entry's, then each approved change. */
export async function goalVersions(tx: Tx, projectId: number): Promise<GoalVersion[]> {
  const base = await tx.select().from(fundGoal).where(eq(fundGoal.projectId, projectId)).orderBy(fundGoal.id);
  const revisions = await tx
    .select({ r: perfGoalRevision, content: fundAdjustment.content, approver: fundAdjustment.approver })
    .from(perfGoalRevision)
    .innerJoin(fundAdjustment, eq(fundAdjustment.id, perfGoalRevision.adjustmentId))
    .where(eq(perfGoalRevision.projectId, projectId))
    .orderBy(perfGoalRevision.version);
  return [
    { version: 1, effectiveFrom: null, goals: base.map((g) => ({ name: g.name, unit: g.unit, target: g.target, direction: g.direction, weight: g.weight })), adjustmentId: null, adjustmentContent: null, approver: null, reason: "项目入库时设定的绩效目标", byName: "项目库" },
    ...revisions.map(({ r, content, approver }) => ({ version: r.version, effectiveFrom: r.effectiveFrom, goals: r.goals, adjustmentId: r.adjustmentId, adjustmentContent: content, approver, reason: r.reason, byName: r.byName })),
  ];
}

/** The version in force on a date: the latest approved change effective by then, else the library goals. */
export function goalVersionAt(versions: GoalVersion[], on: string): GoalVersion {
  return [...versions].reverse().find((v) => v.effectiveFrom === null || v.effectiveFrom <= on)!;
}

/** The monitoring page of one project: goals with history, records with the ledger figures, tasks, and what can be recorded. */
export async function projectMonitoring(tx: Tx, scope: Scope, projectId: number, today: LegalDate) {
  const project = await projectInScope(tx, scope, projectId);
  if (!project) return null;
  const [program] = await tx.select().from(fundProgram).where(eq(fundProgram.id, project.programId));
  const [ent] = await tx.select({ name: enterprise.name }).from(enterprise).where(eq(enterprise.id, project.enterpriseId));
  const allocation = await latestAllocation(tx, projectId);
  const versions = await goalVersions(tx, projectId);
  const recordRows = await tx.select().from(perfMonitoring).where(eq(perfMonitoring.projectId, projectId)).orderBy(desc(perfMonitoring.asOf));
  const ids = recordRows.map((r) => r.id);
  const evidence = ids.length
    ? await tx.select({ id: perfEvidence.id, monitoringId: perfEvidence.monitoringId, indicator: perfEvidence.indicator, fileName: perfEvidence.fileName, sizeBytes: perfEvidence.sizeBytes, sha256: perfEvidence.sha256 }).from(perfEvidence).where(inArray(perfEvidence.monitoringId, ids)).orderBy(perfEvidence.id)
    : [];
  const tasks = ids.length ? await tx.select().from(perfRectification).where(inArray(perfRectification.monitoringId, ids)) : [];
  const records = [];
  for (const r of recordRows) {
    // the figure as the ledger shows it now, with the journals it came from (a later back-dated entry would differ: shown)
    const ledger = await ledgerExecution(tx, r.allocationId, r.asOf);
    const task = tasks.find((t) => t.monitoringId === r.id) ?? null;
    records.push({
      ...r,
      ledgerPaidFen: ledger.paidFen,
      entries: ledger.entries,
      evidence: evidence.filter((e) => e.monitoringId === r.id),
      why: (r.verdict as { explain?: string }).explain ?? "",
      task: task ? { ...task, overdue: task.status === "open" && today > task.dueOn, why: (task.dueVerdict as { explain?: string }).explain ?? "" } : null,
    });
  }
  const recorded = new Set(recordRows.filter((r) => r.allocationId === allocation?.id).map((r) => r.period));
  const periods = allocation && allocation.status !== "recovered" ? endedMonitoringPeriods(allocation.decidedOn as LegalDate, today).filter((p) => !recorded.has(p.label)) : [];
  const liveLedger = allocation ? await ledgerExecution(tx, allocation.id, today) : null;
  return {
    project: { id: project.id, name: project.name, regionCode: project.regionCode, constructionStart: project.constructionStart, constructionEnd: project.constructionEnd },
    program: { code: program.code, name: program.name, ruleSet: program.ruleSet as FundId },
    enterprise: ent.name,
    allocation: allocation ? { id: allocation.id, year: allocation.year, amountFen: allocation.amountFen, decidedOn: allocation.decidedOn, status: allocation.status, paidNowFen: liveLedger!.paidFen } : null,
    versions,
    current: goalVersionAt(versions, today),
    records,
    periods: periods.map((p) => ({ label: p.label, end: p.end, goals: goalVersionAt(versions, p.end) })),
  };
}

/**
 * Records one period's monitoring (the 市县 officer or the province): actual values with one evidence file each,
 * execution from the ledger at the period end, the rule's verdict, and — when flagged — a rectification task.
 */
export async function recordMonitoring(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof monitorSchema>, files: (File | null)[], today: LegalDate) {
  const project = await projectInScope(tx, scope, projectId, true);
  if (!project) throw new UserInputError("", "找不到该项目");
  const al = await latestAllocation(tx, projectId);
  if (!al) throw new UserInputError("", "该项目尚未安排资金，无需双监控");
  if (al.status === "recovered") throw new UserInputError("", "该项目资金已收回，不再监控");
  const period = rule(() => monitoringPeriod(v.period), "period");
  if (period.end > today) throw new UserInputError("period", `监控期间 ${period.label} 尚未结束（期末 ${period.end}）`);
  if (period.end < al.decidedOn) throw new UserInputError("period", `资金安排日（${al.decidedOn}）之前的期间无需监控`);
  const [dup] = await tx.select({ id: perfMonitoring.id }).from(perfMonitoring).where(and(eq(perfMonitoring.allocationId, al.id), eq(perfMonitoring.period, period.label)));
  if (dup) throw new UserInputError("period", `${period.label} 已有监控记录`);
  const version = goalVersionAt(await goalVersions(tx, projectId), period.end);
  const actuals = version.goals.map((g, i) => {
    const a = (v.actual?.[i] ?? "").trim();
    if (!a) throw new UserInputError("actual", `请填写「${g.name}」的实际值`);
    if (!GOAL_DECIMAL.test(a)) throw new UserInputError("actual", `「${g.name}」的实际值应为非负数字`);
    return a;
  });
  const checked: { indicator: number; name: string; mime: string; bytes: Uint8Array }[] = [];
  for (const [i, g] of version.goals.entries()) {
    const f = files[i];
    if (!f || f.size === 0) throw new UserInputError("actual", `请上传「${g.name}」实际值的佐证材料`);
    if (f.size > MATERIAL_MAX_BYTES) throw new UserInputError("actual", `「${g.name}」的佐证材料超过 10 MB（${(f.size / 1024 / 1024).toFixed(1)} MB）`);
    const bytes = new Uint8Array(await f.arrayBuffer());
    let mime: string;
    try {
      mime = checkMaterialFile(f.name, bytes).mime;
    } catch (err) {
      if (err instanceof UserInputError) throw new UserInputError("actual", `「${g.name}」的佐证材料：${err.message}`);
      throw err;
    }
    checked.push({ indicator: i, name: f.name.slice(-200), mime, bytes });
  }
  const ledger = await ledgerExecution(tx, al.id, period.end);
  const verdict = rule(
    () =>
      monitoringDeviation({
        asOf: period.end,
        periodStart: al.decidedOn as LegalDate,
        periodEnd: project.constructionEnd as LegalDate,
        allocated: al.amountFen as Fen,
        paid: ledger.paidFen as Fen,
        goals: version.goals.map((g, i) => ({ id: String(i), name: g.name, target: Number(g.target), actual: Number(actuals[i]), direction: g.direction, weight: g.weight })),
      }),
    "period",
  );
  const r = verdict.value;
  const indicators: MonitoredIndicator[] = version.goals.map((g, i) => ({ ...g, actual: actuals[i], attainmentBp: r.perGoal[i].attainmentBp }));
  const flagged = r.executionFlag || r.goalFlag;
  const [row] = await tx
    .insert(perfMonitoring)
    .values({
      allocationId: al.id,
      projectId,
      programId: al.programId,
      regionCode: project.regionCode,
      period: period.label,
      asOf: period.end,
      windowStart: al.decidedOn,
      windowEnd: project.constructionEnd,
      allocatedFen: al.amountFen,
      paidFen: ledger.paidFen,
      goalVersion: version.version,
      indicators,
      timeElapsedBp: r.timeElapsedBp,
      executionBp: r.executionBp,
      goalAttainmentBp: r.goalAttainmentBp,
      executionFlag: r.executionFlag,
      goalFlag: r.goalFlag,
      flagged,
      verdict: verdictRecord(verdict),
      note: v.note || null,
      recordedOn: today,
      byName: actor.name,
      byUserId: actor.userId,
    })
    .returning();
  for (const c of checked) {
    await tx.insert(perfEvidence).values({ monitoringId: row.id, indicator: c.indicator, fileName: c.name, mimeType: c.mime, sizeBytes: c.bytes.byteLength, sha256: createHash("sha256").update(c.bytes).digest("hex"), content: c.bytes, byName: actor.name });
  }
  await writeAudit(tx, actor, {
    entity: "perf-monitoring",
    entityId: row.id,
    action: "monitor",
    after: { projectId, period: period.label, paidFen: ledger.paidFen, allocatedFen: al.amountFen, executionBp: r.executionBp, goalAttainmentBp: r.goalAttainmentBp, flagged, evidence: checked.map((c) => c.name) },
  });
  let due: string | null = null;
  if (flagged) {
    const dueVerdict = rule(() => rectificationDue(today));
    due = dueVerdict.value.due;
    const issues = verdict.findings.filter((f) => f.severity === "warn").map((f) => f.message).join("；");
    const [task] = await tx.insert(perfRectification).values({ monitoringId: row.id, projectId, regionCode: project.regionCode, issues, dueOn: due, dueVerdict: verdictRecord(dueVerdict) }).returning();
    await writeAudit(tx, actor, { entity: "perf-rectification", entityId: task.id, action: "raise", after: { monitoringId: row.id, issues, dueOn: due } });
  }
  return { record: row, message: flagged ? `已记录 ${period.label} 监控：发现偏差，须于 ${due} 前完成整改` : `已记录 ${period.label} 监控：无偏差` };
}

/** Records a rectification task as completed (by the officer of the project's region, or the province). */
export async function completeRectification(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof rectifySchema>) {
  const onDate = pastDate(v.onDate);
  const project = await projectInScope(tx, scope, projectId, true);
  if (!project) throw new UserInputError("", "找不到该项目");
  const [task] = await tx
    .select()
    .from(perfRectification)
    .where(and(eq(perfRectification.id, v.rectificationId), eq(perfRectification.projectId, projectId)))
    .for("update");
  if (!task) throw new UserInputError("", "找不到该整改任务");
  if (task.status === "done") throw new UserInputError("", "该整改任务已完成（已由他人记录）");
  const [rec] = await tx.select({ recordedOn: perfMonitoring.recordedOn }).from(perfMonitoring).where(eq(perfMonitoring.id, task.monitoringId));
  if (onDate < rec.recordedOn) throw new UserInputError("onDate", `完成日期不能早于发现偏差的日期（${rec.recordedOn}）`);
  await tx.update(perfRectification).set({ status: "done", completedOn: onDate, completionNote: v.note, completedByName: actor.name }).where(eq(perfRectification.id, task.id));
  await writeAudit(tx, actor, { entity: "perf-rectification", entityId: task.id, action: "rectify", before: { status: task.status }, after: { status: "done", completedOn: onDate, late: onDate > task.dueOn, note: v.note } });
  return { message: onDate > task.dueOn ? `整改已完成（逾期 ${task.dueOn}）` : "整改已完成" };
}

/**
 * A goal change rides on an adjustment (GXZJ-35 Art.23; ZXZJ-206 Art.20): the adjustment is decided by the funds
 * workflow's own rules; only if approved is the new goal set stored as the next version, linked to it.
 */
export async function changeGoals(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof goalChangeSchema>) {
  const { goals, error } = goalsFrom(v);
  if (error) throw new UserInputError("goalName", error);
  if (goals.length === 0) throw new UserInputError("goalName", "请填写调整后的绩效指标");
  for (const g of goals) if (!GOAL_DECIMAL.test(g.target)) throw new UserInputError("goalName", `「${g.name}」的目标值应为数字`);
  const { goalName: _n, goalUnit: _u, goalTarget: _t, goalDirection: _d, goalWeight: _w, ...adjustment } = v;
  const outcome = await adjust(tx, actor, scope, projectId, { ...adjustment, intent: "adjust" });
  // the allocation is row-locked by adjust(): the adjustment it just wrote is the allocation's latest
  const al = await latestAllocation(tx, projectId);
  const [adj] = await tx.select().from(fundAdjustment).where(eq(fundAdjustment.allocationId, al!.id)).orderBy(desc(fundAdjustment.id)).limit(1);
  if (!adj || adj.status !== "approved") return { message: `${outcome.message}；绩效目标未变更` };
  const versions = await goalVersions(tx, projectId);
  const version = versions.at(-1)!.version + 1;
  const [rev] = await tx.insert(perfGoalRevision).values({ projectId, version, adjustmentId: adj.id, effectiveFrom: adj.requestedOn, goals, reason: v.content, byName: actor.name }).returning();
  await writeAudit(tx, actor, { entity: "perf-goal-revision", entityId: rev.id, action: "revise-goals", before: { version: version - 1, goals: versions.at(-1)!.goals }, after: { version, goals, adjustmentId: adj.id } });
  return { message: `${outcome.message}；绩效目标已更新为第 ${version} 版` };
}

/** A stored evidence file, for users whose scope reaches its project. */
export async function getEvidenceFile(tx: Tx, scope: Scope, id: number) {
  const [row] = await tx
    .select({ fileName: perfEvidence.fileName, mimeType: perfEvidence.mimeType, content: perfEvidence.content })
    .from(perfEvidence)
    .innerJoin(perfMonitoring, eq(perfMonitoring.id, perfEvidence.monitoringId))
    .innerJoin(fundProject, eq(fundProject.id, perfMonitoring.projectId))
    .where(and(eq(perfEvidence.id, id), regionCondition(scope, fundProject.regionCode)));
  return row ?? null;
}

// ---------- the list across projects and the chart ----------

export const MONITORING_SORTS = ["asOf", "project", "region", "execution", "attainment", "due"] as const;
export type MonitoringSort = (typeof MONITORING_SORTS)[number];

export interface MonitoringFilters {
  program?: FundId;
  region?: string;
  period?: string;
  flag?: "flagged" | "ok" | "open" | "overdue";
}

export function parseMonitoringFilters(url: URL): MonitoringFilters {
  const p = url.searchParams;
  const program = p.get("program") ?? "";
  const reg = p.get("region") ?? "";
  const period = p.get("period") ?? "";
  const flag = p.get("flag") ?? "";
  return {
    program: program === "GXZJ" || program === "ZXZJ" ? program : undefined,
    region: /^\d{6}$/.test(reg) ? reg : undefined,
    period: /^\d{4}H[12]$/.test(period) ? period : undefined,
    flag: flag === "flagged" || flag === "ok" || flag === "open" || flag === "overdue" ? flag : undefined,
  };
}

function monitoringWhere(scope: Scope, filters: MonitoringFilters, today: LegalDate, q = ""): SQL | undefined {
  return and(
    regionCondition(scope, fundProject.regionCode),
    q ? or(ilike(fundProject.name, likePattern(q)), ilike(enterprise.name, likePattern(q))) : undefined,
    filters.program ? eq(fundProgram.code, filters.program) : undefined,
    filters.region ? sql`${fundProject.regionCode} in (select r.code from region r where r.code = ${filters.region} or r.parent_code = ${filters.region})` : undefined,
    filters.period ? eq(perfMonitoring.period, filters.period) : undefined,
    filters.flag === "flagged" ? eq(perfMonitoring.flagged, true) : undefined,
    filters.flag === "ok" ? eq(perfMonitoring.flagged, false) : undefined,
    filters.flag === "open" ? eq(perfRectification.status, "open") : undefined,
    filters.flag === "overdue" ? and(eq(perfRectification.status, "open"), sql`${perfRectification.dueOn} < ${today}`) : undefined,
  );
}

/** Monitoring records in scope, filtered, sorted and paged in SQL. */
export async function listMonitoring(tx: Tx, scope: Scope, params: ListParams<MonitoringSort>, filters: MonitoringFilters, today: LegalDate) {
  const where = monitoringWhere(scope, filters, today, params.q);
  const sorts = { asOf: perfMonitoring.asOf, project: fundProject.name, region: fundProject.regionCode, execution: perfMonitoring.executionBp, attainment: perfMonitoring.goalAttainmentBp, due: perfRectification.dueOn };
  const order = params.dir === "asc" ? sql`${sorts[params.sort]} asc nulls last` : sql`${sorts[params.sort]} desc nulls last`;
  const rows = await tx
    .select({
      id: perfMonitoring.id,
      projectId: fundProject.id,
      project: fundProject.name,
      enterprise: enterprise.name,
      program: fundProgram.code,
      region: region.name,
      period: perfMonitoring.period,
      asOf: perfMonitoring.asOf,
      allocatedFen: perfMonitoring.allocatedFen,
      paidFen: perfMonitoring.paidFen,
      timeElapsedBp: perfMonitoring.timeElapsedBp,
      executionBp: perfMonitoring.executionBp,
      goalAttainmentBp: perfMonitoring.goalAttainmentBp,
      executionFlag: perfMonitoring.executionFlag,
      goalFlag: perfMonitoring.goalFlag,
      taskStatus: perfRectification.status,
      dueOn: perfRectification.dueOn,
      completedOn: perfRectification.completedOn,
    })
    .from(perfMonitoring)
    .innerJoin(fundProject, eq(fundProject.id, perfMonitoring.projectId))
    .innerJoin(fundProgram, eq(fundProgram.id, fundProject.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .innerJoin(region, eq(region.code, fundProject.regionCode))
    .leftJoin(perfRectification, eq(perfRectification.monitoringId, perfMonitoring.id))
    .where(where)
    .orderBy(order, desc(perfMonitoring.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx
    .select({ n: count() })
    .from(perfMonitoring)
    .innerJoin(fundProject, eq(fundProject.id, perfMonitoring.projectId))
    .innerJoin(fundProgram, eq(fundProgram.id, fundProject.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .leftJoin(perfRectification, eq(perfRectification.monitoringId, perfMonitoring.id))
    .where(where);
  return { rows: rows.map((r) => ({ ...r, overdue: r.taskStatus === "open" && r.dueOn !== null && today > r.dueOn })), total: n };
}

/** The periods that have records in scope (filter options). */
export async function monitoringPeriods(tx: Tx, scope: Scope): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ period: perfMonitoring.period })
    .from(perfMonitoring)
    .innerJoin(fundProject, eq(fundProject.id, perfMonitoring.projectId))
    .where(regionCondition(scope, fundProject.regionCode))
    .orderBy(desc(perfMonitoring.period));
  return rows.map((r) => r.period);
}

export const CHART_LIMIT = 60;

/**
 * Execution vs attainment per project for one period, with the deviation band: time elapsed and the line below it
 * by the rule book's tolerance (MONITORING_TOLERANCES as of the period end) — a bar under its line is flagged.
 */
export async function monitoringChart(tx: Tx, scope: Scope, filters: MonitoringFilters, today: LegalDate, limit = CHART_LIMIT) {
  const periods = await monitoringPeriods(tx, scope);
  const period = filters.period && periods.includes(filters.period) ? filters.period : periods[0];
  if (!period) return { period: null, rows: [], total: 0, tolerance: null };
  const { rows, total } = await listMonitoring(tx, scope, { q: "", page: 1, sort: "project", dir: "asc", limit, offset: 0 }, { ...filters, period }, today);
  const tolerance = paramAt(MONITORING_TOLERANCES, monitoringPeriod(period).end).value;
  return {
    period,
    total,
    tolerance,
    rows: rows.map((r) => ({
      id: r.id,
      projectId: r.projectId,
      project: r.project,
      region: r.region,
      timeElapsedBp: r.timeElapsedBp,
      executionLineBp: Math.max(0, r.timeElapsedBp - tolerance.executionLagBp),
      goalLineBp: Math.max(0, r.timeElapsedBp - tolerance.goalLagBp),
      executionBp: r.executionBp,
      goalAttainmentBp: r.goalAttainmentBp,
      executionFlag: r.executionFlag,
      goalFlag: r.goalFlag,
    })),
  };
}

/** Open rectification tasks in scope (待办), with the project they belong to: a query the badge can also count. */
export function openRectifications(tx: Tx, scope: Scope) {
  return tx
    .select({ id: perfRectification.id, projectId: fundProject.id, project: fundProject.name, period: perfMonitoring.period, dueOn: perfRectification.dueOn, dueVerdict: perfRectification.dueVerdict })
    .from(perfRectification)
    .innerJoin(perfMonitoring, eq(perfMonitoring.id, perfRectification.monitoringId))
    .innerJoin(fundProject, eq(fundProject.id, perfRectification.projectId))
    .where(and(eq(perfRectification.status, "open"), regionCondition(scope, fundProject.regionCode)));
}

