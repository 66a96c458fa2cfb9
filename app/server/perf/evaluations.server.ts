import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, ilike, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { enterprise, fundAllocation, fundPayment, fundProgram, fundProject, perfEvaluation, perfResultsDecision, region, type PerfDecisionAction, type PerfEvaluationKind } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { CITES, citeText, gradeForScore, resultsApplication, RESULTS_ACTION_ZH, type Grade, type LegalDate, type ResultsAction } from "#rules";
import type { decisionSchema, keyEvaluationSchema, publishSchema, selfEvaluationSchema, spotCheckSchema } from "~/lib/forms/perf";
import { PERF_ACTION_LABELS, PERF_KIND_LABELS } from "~/lib/forms/perf";
import type { Scope } from "~/lib/permissions";
import type { Role } from "~/lib/roles";
import type { Tx } from "../db.server";
import { likePattern, type ListParams } from "../list.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { checkMaterialFile, MATERIAL_MAX_BYTES } from "../xdt/claims.server";
import { fundsToday, isProvince, pastDate, rule, verdictRecord } from "../funds/projects.server";
import { requireEventDate } from "../event-dates.server";

/**
 * 绩效评价 (RULES.md §3; GXZJ-35 Art.26-27, ZXZJ-206 Art.23-26): the unit's self-evaluation filed by its 市县
 * department with the evidence, finance's spot-check of it, the key evaluation by finance or an auditor (grade from
 * `gradeForScore`, D-10), its publication, and the results-application decision (`resultsApplication`, SZH-25 三（三）).
 */

/** Which decisions the rule's action allows: SZH-25's "削减或取消" leaves the choice between cut and cancel. */
export const ALLOWED_DECISIONS: Record<ResultsAction, readonly PerfDecisionAction[]> = {
  priority: ["priority"],
  improve: ["improve"],
  cut_or_cancel: ["cut", "cancel"],
  recover: ["recover"],
};

/** Decisions a later allocation to the same unit and program must explicitly acknowledge. */
export const ACK_REQUIRED: readonly PerfDecisionAction[] = ["cancel", "recover"];

const points = (centi: number) => centi / 100;

function grade(scoreCentiValue: number, onDate: LegalDate) {
  return rule(() => gradeForScore(points(scoreCentiValue), onDate), "score");
}

/** The project in scope (out of scope looks like missing), with its allocation of the evaluated year. */
async function projectAndAllocation(tx: Tx, scope: Scope, projectId: number, year: number) {
  const [p] = await tx.select().from(fundProject).where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode))).for("update");
  if (!p) throw new UserInputError("", "找不到该项目");
  const [al] = await tx.select().from(fundAllocation).where(and(eq(fundAllocation.projectId, projectId), eq(fundAllocation.year, year)));
  if (!al) throw new UserInputError("year", `该项目没有 ${year} 年度的资金安排，无需评价`);
  return { project: p, allocation: al };
}

async function evaluationOf(tx: Tx, projectId: number, year: number, kind: PerfEvaluationKind) {
  const [row] = await tx.select().from(perfEvaluation).where(and(eq(perfEvaluation.projectId, projectId), eq(perfEvaluation.year, year), eq(perfEvaluation.kind, kind)));
  return row ?? null;
}

function provinceOnly(scope: Scope, what: string) {
  if (!isProvince(scope)) throw new UserInputError("", `${what}由省级办理`);
}

async function insertEvaluation(tx: Tx, actor: Actor, role: Role, values: Omit<typeof perfEvaluation.$inferInsert, "byName" | "byUserId" | "byRole">) {
  const [row] = await tx.insert(perfEvaluation).values({ ...values, byName: actor.name, byUserId: actor.userId, byRole: role }).returning({ id: perfEvaluation.id, grade: perfEvaluation.grade });
  await writeAudit(tx, actor, {
    entity: "perf-evaluation",
    entityId: row.id,
    action: values.kind === "self" ? "self-evaluate" : values.kind === "spot_check" ? "spot-check" : "key-evaluate",
    after: { projectId: values.projectId, year: values.year, kind: values.kind, scoreCenti: values.scoreCenti, grade: values.grade, evidenceSha256: values.evidenceSha256 ?? null },
    regionCode: values.regionCode,
  });
  return row;
}

/** The unit's self-evaluation, filed by the 市县 department of the project's region, with the evidence file. */
export async function fileSelfEvaluation(tx: Tx, actor: Actor, role: Role, scope: Scope, projectId: number, v: z.infer<typeof selfEvaluationSchema>, file: File | null) {
  if (scope.kind !== "region") throw new UserInputError("", "单位自评由项目所在市县主管部门报送");
  const onDate = pastDate(v.onDate);
  const { project, allocation } = await projectAndAllocation(tx, scope, projectId, v.year);
  if (await evaluationOf(tx, projectId, v.year, "self")) throw new UserInputError("year", `${v.year} 年度自评已报送`);
  if (!file || typeof file === "string" || file.size === 0) throw new UserInputError("file", "请上传自评报告或佐证材料");
  if (file.size > MATERIAL_MAX_BYTES) throw new UserInputError("file", `文件超过 10 MB（${(file.size / 1024 / 1024).toFixed(1)} MB）`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { mime } = checkMaterialFile(file.name, bytes);
  const g = grade(v.score, onDate);
  const row = await insertEvaluation(tx, actor, role, {
    projectId,
    allocationId: allocation.id,
    programId: project.programId,
    regionCode: project.regionCode,
    year: v.year,
    kind: "self",
    scoreCenti: v.score,
    grade: g.value.grade,
    gradeVerdict: verdictRecord(g),
    note: v.note,
    evidenceName: file.name.slice(-200),
    evidenceMime: mime,
    evidenceSize: bytes.byteLength,
    evidenceSha256: createHash("sha256").update(bytes).digest("hex"),
    evidence: bytes,
    evaluatedOn: onDate,
  });
  return { message: `自评已报送：${points(v.score)} 分，「${row.grade}」` };
}

/** Finance's spot-check of a self-evaluation: its own score and a note of the deviation. */
export async function recordSpotCheck(tx: Tx, actor: Actor, role: Role, scope: Scope, projectId: number, v: z.infer<typeof spotCheckSchema>) {
  provinceOnly(scope, "自评抽查");
  const onDate = pastDate(v.onDate);
  const { project, allocation } = await projectAndAllocation(tx, scope, projectId, v.year);
  const self = await evaluationOf(tx, projectId, v.year, "self");
  if (!self) throw new UserInputError("year", `${v.year} 年度尚无单位自评，无从抽查`);
  if (await evaluationOf(tx, projectId, v.year, "spot_check")) throw new UserInputError("year", `${v.year} 年度自评已抽查`);
  requireEventDate("onDate", { label: "抽查日期", date: onDate, asOf: fundsToday(), notBefore: { date: self.evaluatedOn as LegalDate, label: "自评日期" } });
  const g = grade(v.score, onDate);
  await insertEvaluation(tx, actor, role, { projectId, allocationId: allocation.id, programId: project.programId, regionCode: project.regionCode, year: v.year, kind: "spot_check", scoreCenti: v.score, grade: g.value.grade, gradeVerdict: verdictRecord(g), selfEvaluationId: self.id, note: v.note, evaluatedOn: onDate });
  const deviation = (v.score - self.scoreCenti) / 100;
  return { message: `抽查已记录：${points(v.score)} 分（与自评偏差 ${deviation > 0 ? "+" : ""}${deviation} 分）` };
}

/** The key evaluation by 省财政厅 or the audit office: score, D-10 grade (rule book) and findings. */
export async function recordKeyEvaluation(tx: Tx, actor: Actor, role: Role, scope: Scope, projectId: number, v: z.infer<typeof keyEvaluationSchema>) {
  provinceOnly(scope, "重点评价");
  const onDate = pastDate(v.onDate);
  const { project, allocation } = await projectAndAllocation(tx, scope, projectId, v.year);
  if (await evaluationOf(tx, projectId, v.year, "key")) throw new UserInputError("year", `${v.year} 年度重点评价已记录`);
  const g = grade(v.score, onDate);
  const row = await insertEvaluation(tx, actor, role, { projectId, allocationId: allocation.id, programId: project.programId, regionCode: project.regionCode, year: v.year, kind: "key", scoreCenti: v.score, grade: g.value.grade, gradeVerdict: verdictRecord(g), findings: v.findings, evaluatedOn: onDate });
  return { message: `重点评价已记录：${points(v.score)} 分，等级「${row.grade}」` };
}

/** Releases a key evaluation's result to the public disclosure pages (GXZJ-35 Art.29, 32). */
export async function publishKeyEvaluation(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof publishSchema>) {
  provinceOnly(scope, "评价结果公开");
  const onDate = pastDate(v.onDate);
  await projectAndAllocation(tx, scope, projectId, v.year);
  const key = await evaluationOf(tx, projectId, v.year, "key");
  if (!key) throw new UserInputError("year", `${v.year} 年度尚无重点评价`);
  if (key.publishedOn) throw new UserInputError("year", `已于 ${key.publishedOn} 公开`);
  requireEventDate("onDate", { label: "公开日期", date: onDate, asOf: fundsToday(), notBefore: { date: key.evaluatedOn as LegalDate, label: "评价日期" } });
  await tx.update(perfEvaluation).set({ publishedOn: onDate, publishedBy: actor.name }).where(eq(perfEvaluation.id, key.id));
  await writeAudit(tx, actor, { entity: "perf-evaluation", entityId: key.id, action: "publish", before: { publishedOn: null }, after: { publishedOn: onDate }, regionCode: key.regionCode });
  return { message: "评价结果已公开" };
}

/** What the rule book says for a key evaluation: idle money (nothing paid two years after allocation) → recover. */
export async function ruleForKey(tx: Tx, key: typeof perfEvaluation.$inferSelect, onDate: LegalDate) {
  const [al] = await tx.select({ decidedOn: fundAllocation.decidedOn, paid: sql<string>`coalesce((select sum(p.amount_fen) from ${fundPayment} p where p.allocation_id = ${fundAllocation.id}), 0)::text` }).from(fundAllocation).where(eq(fundAllocation.id, key.allocationId));
  const idleSince = al && Number(al.paid) === 0 ? (al.decidedOn as LegalDate) : null;
  return rule(() => resultsApplication({ grade: key.grade as Grade, date: onDate, idleSince }), "onDate");
}

/** The results-application decision (SZH-25 三（三）), within what the rule allows for the key evaluation's grade. */
export async function recordDecision(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof decisionSchema>) {
  provinceOnly(scope, "结果应用决定");
  const onDate = pastDate(v.onDate);
  const { project } = await projectAndAllocation(tx, scope, projectId, v.year);
  const key = await evaluationOf(tx, projectId, v.year, "key");
  if (!key) throw new UserInputError("year", "结果应用以重点评价结果为依据，请先记录重点评价");
  const [done] = await tx.select({ id: perfResultsDecision.id }).from(perfResultsDecision).where(and(eq(perfResultsDecision.projectId, projectId), eq(perfResultsDecision.year, v.year)));
  if (done) throw new UserInputError("year", `${v.year} 年度结果应用已决定`);
  requireEventDate("onDate", { label: "决定日期", date: onDate, asOf: fundsToday(), notBefore: { date: key.evaluatedOn as LegalDate, label: "重点评价日期" } });
  const verdict = await ruleForKey(tx, key, onDate);
  const allowed = ALLOWED_DECISIONS[verdict.value.action];
  if (!allowed.includes(v.action)) throw new UserInputError("action", `${verdict.findings.map((f) => f.message).join("；")}，应选择：${allowed.map((a) => PERF_ACTION_LABELS[a]).join("或")}（${citeText(CITES.SZH_RESULTS)}）`);
  const [row] = await tx
    .insert(perfResultsDecision)
    .values({ projectId, programId: project.programId, enterpriseId: project.enterpriseId, regionCode: project.regionCode, year: v.year, keyEvaluationId: key.id, action: v.action, basis: v.basis, verdict: verdictRecord(verdict), decidedOn: onDate, byName: actor.name })
    .returning({ id: perfResultsDecision.id });
  await writeAudit(tx, actor, { entity: "perf-results-decision", entityId: row.id, action: "decide", after: { projectId, year: v.year, action: v.action, rule: verdict.value.action }, regionCode: project.regionCode });
  return { message: `结果应用：${PERF_ACTION_LABELS[v.action]}` };
}

/**
 * The latest results-application decision for the unit and program from an earlier year than `year`: shown on the
 * allocation form and, for cancel / recover, to be acknowledged by whoever allocates (README Decisions).
 */
export async function priorDecisionFor(tx: Tx, enterpriseId: number, programId: number, year: number) {
  const [row] = await tx
    .select({ id: perfResultsDecision.id, year: perfResultsDecision.year, action: perfResultsDecision.action, basis: perfResultsDecision.basis, decidedOn: perfResultsDecision.decidedOn, byName: perfResultsDecision.byName, projectId: perfResultsDecision.projectId, projectName: fundProject.name, grade: perfEvaluation.grade, scoreCenti: perfEvaluation.scoreCenti, verdict: perfResultsDecision.verdict })
    .from(perfResultsDecision)
    .innerJoin(fundProject, eq(fundProject.id, perfResultsDecision.projectId))
    .innerJoin(perfEvaluation, eq(perfEvaluation.id, perfResultsDecision.keyEvaluationId))
    .where(and(eq(perfResultsDecision.enterpriseId, enterpriseId), eq(perfResultsDecision.programId, programId), lt(perfResultsDecision.year, year)))
    .orderBy(desc(perfResultsDecision.year), desc(perfResultsDecision.id))
    .limit(1);
  if (!row) return null;
  return { ...row, actionLabel: PERF_ACTION_LABELS[row.action], needsAck: ACK_REQUIRED.includes(row.action), verdict: row.verdict as ReturnType<typeof verdictRecord> };
}
export type PriorDecision = NonNullable<Awaited<ReturnType<typeof priorDecisionFor>>>;

/** Called by allocate(): a prior cancel / recover decision blocks the allocation unless acknowledged. */
export async function checkPriorDecision(tx: Tx, enterpriseId: number, programId: number, year: number, acknowledged: boolean) {
  const prior = await priorDecisionFor(tx, enterpriseId, programId, year);
  if (prior?.needsAck && !acknowledged) {
    throw new UserInputError("acknowledgePriorDecision", `项目单位 ${prior.year} 年度绩效结果应用决定为「${prior.actionLabel}」（${prior.basis}；${citeText(CITES.SZH_RESULTS)}）：确需安排须勾选确认已知悉`);
  }
  return prior;
}

/** Everything the project's evaluation page shows, in scope; null when the project is out of scope. */
export async function projectEvaluation(tx: Tx, scope: Scope, projectId: number, today: LegalDate) {
  const [p] = await tx
    .select({ id: fundProject.id, name: fundProject.name, regionCode: fundProject.regionCode, regionName: region.name, program: fundProgram.code, programId: fundProgram.id, enterprise: enterprise.name, enterpriseId: enterprise.id })
    .from(fundProject)
    .innerJoin(fundProgram, eq(fundProgram.id, fundProject.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .innerJoin(region, eq(region.code, fundProject.regionCode))
    .where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode)));
  if (!p) return null;
  const allocations = await tx
    .select({ id: fundAllocation.id, year: fundAllocation.year, amountFen: fundAllocation.amountFen, decidedOn: fundAllocation.decidedOn, status: fundAllocation.status, paidFen: sql<string>`coalesce((select sum(x.amount_fen) from fund_payment x where x.allocation_id = ${fundAllocation.id}), 0)::text` })
    .from(fundAllocation)
    .where(eq(fundAllocation.projectId, projectId))
    .orderBy(asc(fundAllocation.year));
  const evaluations = await tx
    .select({ id: perfEvaluation.id, year: perfEvaluation.year, kind: perfEvaluation.kind, scoreCenti: perfEvaluation.scoreCenti, grade: perfEvaluation.grade, gradeVerdict: perfEvaluation.gradeVerdict, note: perfEvaluation.note, findings: perfEvaluation.findings, evidenceName: perfEvaluation.evidenceName, evidenceSize: perfEvaluation.evidenceSize, evidenceSha256: perfEvaluation.evidenceSha256, evaluatedOn: perfEvaluation.evaluatedOn, byName: perfEvaluation.byName, publishedOn: perfEvaluation.publishedOn })
    .from(perfEvaluation)
    .where(eq(perfEvaluation.projectId, projectId))
    .orderBy(asc(perfEvaluation.year), asc(perfEvaluation.id));
  const decisions = await tx.select().from(perfResultsDecision).where(eq(perfResultsDecision.projectId, projectId)).orderBy(asc(perfResultsDecision.year));
  const years = [];
  for (const al of allocations) {
    const ev = evaluations.filter((e) => e.year === al.year);
    const key = ev.find((e) => e.kind === "key") ?? null;
    const self = ev.find((e) => e.kind === "self") ?? null;
    const spot = ev.find((e) => e.kind === "spot_check") ?? null;
    const decision = decisions.find((d) => d.year === al.year) ?? null;
    let suggestion: { action: ResultsAction; actionZh: string; allowed: readonly PerfDecisionAction[]; explain: string } | null = null;
    if (key && !decision) {
      const [full] = await tx.select().from(perfEvaluation).where(eq(perfEvaluation.id, key.id));
      try {
        const v = await ruleForKey(tx, full, today);
        suggestion = { action: v.value.action, actionZh: RESULTS_ACTION_ZH[v.value.action], allowed: ALLOWED_DECISIONS[v.value.action], explain: verdictRecord(v).explain };
      } catch (err) {
        if (!(err instanceof UserInputError)) throw err;
      }
    }
    years.push({
      ...al,
      paidFen: Number(al.paidFen),
      self: self && { ...self, gradeVerdict: self.gradeVerdict as ReturnType<typeof verdictRecord> },
      spot: spot && { ...spot, gradeVerdict: spot.gradeVerdict as ReturnType<typeof verdictRecord>, deviationCenti: self ? spot.scoreCenti - self.scoreCenti : null },
      key: key && { ...key, gradeVerdict: key.gradeVerdict as ReturnType<typeof verdictRecord> },
      decision: decision && { ...decision, verdict: decision.verdict as ReturnType<typeof verdictRecord> },
      suggestion,
    });
  }
  return { project: p, years };
}

/** A stored evidence file, for users whose scope reaches its project (resource route). */
export async function getEvidence(tx: Tx, scope: Scope, evaluationId: number) {
  const [row] = await tx
    .select({ fileName: perfEvaluation.evidenceName, mimeType: perfEvaluation.evidenceMime, content: perfEvaluation.evidence })
    .from(perfEvaluation)
    .where(and(eq(perfEvaluation.id, evaluationId), regionCondition(scope, perfEvaluation.regionCode)));
  return row && row.content ? row : null;
}

export const EVALUATION_SORTS = ["evaluatedOn", "score", "project", "region", "year"] as const;
export type EvaluationSort = (typeof EVALUATION_SORTS)[number];
export interface EvaluationFilters {
  kind?: PerfEvaluationKind;
  grade?: Grade;
  program?: string;
  year?: number;
}

export function parseEvaluationFilters(url: URL): EvaluationFilters {
  const p = url.searchParams;
  const kind = p.get("kind") ?? "";
  const g = p.get("grade") ?? "";
  const program = p.get("program") ?? "";
  const year = Number(p.get("year"));
  return {
    kind: kind === "self" || kind === "spot_check" || kind === "key" ? kind : undefined,
    grade: g === "优" || g === "良" || g === "中" || g === "差" ? g : undefined,
    program: program === "GXZJ" || program === "ZXZJ" ? program : undefined,
    year: Number.isSafeInteger(year) && year >= 2020 && year <= 2100 ? year : undefined,
  };
}

/** Evaluations in scope, searched, filtered, sorted and paged in SQL. */
export async function listEvaluations(tx: Tx, scope: Scope, params: ListParams<EvaluationSort>, filters: EvaluationFilters) {
  const where = and(
    regionCondition(scope, perfEvaluation.regionCode),
    params.q ? or(ilike(fundProject.name, likePattern(params.q)), ilike(enterprise.name, likePattern(params.q))) : undefined,
    filters.kind ? eq(perfEvaluation.kind, filters.kind) : undefined,
    filters.grade ? eq(perfEvaluation.grade, filters.grade) : undefined,
    filters.program ? eq(fundProgram.code, filters.program) : undefined,
    filters.year ? eq(perfEvaluation.year, filters.year) : undefined,
  );
  const sorts = { evaluatedOn: perfEvaluation.evaluatedOn, score: perfEvaluation.scoreCenti, project: fundProject.name, region: perfEvaluation.regionCode, year: perfEvaluation.year };
  const order = params.dir === "asc" ? asc(sorts[params.sort]) : desc(sorts[params.sort]);
  const rows = await tx
    .select({ id: perfEvaluation.id, projectId: fundProject.id, project: fundProject.name, unit: enterprise.name, region: region.name, program: fundProgram.code, year: perfEvaluation.year, kind: perfEvaluation.kind, scoreCenti: perfEvaluation.scoreCenti, grade: perfEvaluation.grade, evaluatedOn: perfEvaluation.evaluatedOn, byName: perfEvaluation.byName, publishedOn: perfEvaluation.publishedOn })
    .from(perfEvaluation)
    .innerJoin(fundProject, eq(fundProject.id, perfEvaluation.projectId))
    .innerJoin(fundProgram, eq(fundProgram.id, perfEvaluation.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .innerJoin(region, eq(region.code, perfEvaluation.regionCode))
    .where(where)
    .orderBy(order, desc(perfEvaluation.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx
    .select({ n: count() })
    .from(perfEvaluation)
    .innerJoin(fundProject, eq(fundProject.id, perfEvaluation.projectId))
    .innerJoin(fundProgram, eq(fundProgram.id, perfEvaluation.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .where(where);
  return { rows: rows.map((r) => ({ ...r, kindLabel: PERF_KIND_LABELS[r.kind] })), total: n };
}
