import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import {
  enterprise,
  fundAcceptance,
  fundAdjustment,
  fundAllocation,
  fundApplication,
  fundBan,
  fundExpertScore,
  fundGoal,
  fundGuide,
  fundObjection,
  fundPayment,
  fundProgram,
  fundProject,
  fundRecovery,
  fundReviewStep,
  region,
} from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { checkGuideWindow, CITES, citeText, explain, parseLegalDate, RuleDateError, RuleInputError, type EventDateInput, type FundId, type LegalDate, type Verdict } from "#rules";
import { todayInChina } from "~/lib/dates";
import { goalsFrom, type createProjectSchema } from "~/lib/forms/funds";
import { PROVINCE_CODE, type Scope } from "~/lib/permissions";
import type { z } from "zod";
import type { Tx } from "../db.server";
import { countUpTo, likePattern, type ListParams } from "../list.server";
import { documentsOf } from "./documents.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { requireEventDate } from "../event-dates.server";

/** "Today" for the special funds: the legal date in Beijing. */
export function fundsToday(): LegalDate {
  return parseLegalDate(todayInChina());
}

/**
 * A date typed into a form: valid, not in the future and, where given, not before what the event follows (the
 * allocation, the filing, the program's start) — refused in Chinese with its basis (rules/core/event-dates.ts).
 */
export function pastDate(value: string, field = "onDate", notBefore?: EventDateInput["notBefore"], label = "日期"): LegalDate {
  let d: LegalDate;
  try {
    d = parseLegalDate(value);
  } catch {
    throw new UserInputError(field, "日期无效");
  }
  return requireEventDate(field, { label, date: d, asOf: fundsToday(), notBefore });
}

/** Runs a rule; a date outside a fund's term (RuleDateError) or bad input comes back as the rule's Chinese message. */
export function rule<T>(fn: () => T, field = ""): T {
  try {
    return fn();
  } catch (err) {
    // a working-day clock past the entered calendar says so in its own words; other date errors are the fund's term
    if (err instanceof RuleDateError) throw new UserInputError(field, err.code === "CALENDAR_NOT_COVERED" ? err.message : `该日期不在资金（政策）实施期内：${err.message}`);
    if (err instanceof RuleInputError) throw new UserInputError(field, err.message);
    throw err;
  }
}

export function verdictRecord(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, override: f.override ?? null })), explain: explain(v) };
}
export type VerdictRecord = ReturnType<typeof verdictRecord>;

export function isProvince(scope: Scope) {
  return scope.kind === "all";
}

export async function programByCode(tx: Tx, code: string) {
  const [p] = await tx.select().from(fundProgram).where(eq(fundProgram.code, code));
  if (!p) throw new UserInputError("programCode", "没有该专项资金");
  return p;
}

export const PROJECT_SORTS = ["id", "name", "enterprise", "amount", "status", "region"] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export interface ProjectFilters {
  program?: FundId;
  year?: number;
  status?: string;
  region?: string;
}

export function parseProjectFilters(url: URL): ProjectFilters {
  const p = url.searchParams;
  const program = p.get("program") ?? "";
  const year = Number(p.get("year"));
  const status = p.get("status") ?? "";
  const reg = p.get("region") ?? "";
  return {
    program: program === "GXZJ" || program === "ZXZJ" ? program : undefined,
    year: Number.isSafeInteger(year) && year >= 2020 && year <= 2100 ? year : undefined,
    status: /^[a-z_]{3,30}$/.test(status) ? status : undefined,
    region: /^\d{6}$/.test(reg) ? reg : undefined,
  };
}

const latestApp = sql`(select a.id from fund_application a where a.project_id = ${fundProject.id} order by a.year desc, a.id desc limit 1)`;

/** Library projects in scope with their latest application and allocation, searched, filtered, sorted and paged in SQL. */
export async function listProjects(tx: Tx, scope: Scope, params: ListParams<ProjectSort>, filters: ProjectFilters) {
  const statusExpr = sql<string>`coalesce(${fundApplication.status}, case when ${fundProject.libraryStatus} = 'entered' then 'library' else ${fundProject.libraryStatus} end)`;
  const where = and(
    regionCondition(scope, fundProject.regionCode),
    params.q ? or(ilike(fundProject.name, likePattern(params.q)), ilike(enterprise.name, likePattern(params.q)), ilike(enterprise.creditCode, likePattern(params.q.toUpperCase()))) : undefined,
    filters.program ? eq(fundProgram.code, filters.program) : undefined,
    filters.year ? eq(fundApplication.year, filters.year) : undefined,
    filters.status ? sql`${statusExpr} = ${filters.status}` : undefined,
    filters.region ? sql`${fundProject.regionCode} in (select r.code from region r where r.code = ${filters.region} or r.parent_code = ${filters.region})` : undefined,
  );
  const sorts = { id: fundProject.id, name: fundProject.name, enterprise: enterprise.name, amount: fundAllocation.amountFen, status: statusExpr, region: fundProject.regionCode };
  const order = params.dir === "asc" ? asc(sorts[params.sort]) : desc(sorts[params.sort]);
  const base = tx
    .select({
      id: fundProject.id,
      name: fundProject.name,
      program: fundProgram.code,
      enterprise: enterprise.name,
      region: region.name,
      year: fundApplication.year,
      status: statusExpr,
      requestedFen: fundApplication.requestedFen,
      allocatedFen: fundAllocation.amountFen,
      overrideBy: fundAllocation.overrideBy,
      overrideReason: fundAllocation.overrideReason,
      paidFen: sql<string>`${fundAllocation.paidFen}::text`,
      publicityEnd: fundApplication.publicityEnd,
    })
    .from(fundProject)
    .innerJoin(fundProgram, eq(fundProgram.id, fundProject.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .innerJoin(region, eq(region.code, fundProject.regionCode))
    .leftJoin(fundApplication, sql`${fundApplication.id} = ${latestApp}`)
    .leftJoin(fundAllocation, eq(fundAllocation.applicationId, fundApplication.id));
  const rows = await base.where(where).orderBy(order, desc(fundProject.id)).limit(params.limit).offset(params.offset);
  const matching = tx
    .select({ one: sql`1` })
    .from(fundProject)
    .innerJoin(fundProgram, eq(fundProgram.id, fundProject.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .leftJoin(fundApplication, sql`${fundApplication.id} = ${latestApp}`)
    .where(where);
  return { rows: rows.map((r) => ({ ...r, paidFen: Number(r.paidFen) })), total: await countUpTo(tx, matching) };
}

/** Regions a user may filter by: its own region and counties (province: the 市州). */
export async function regionOptions(tx: Tx, scope: Scope) {
  if (scope.kind === "all") return tx.select({ code: region.code, name: region.name }).from(region).where(eq(region.level, "prefecture")).orderBy(region.code);
  if (scope.kind === "region") return tx.select({ code: region.code, name: region.name }).from(region).where(or(eq(region.code, scope.regionCode), eq(region.parentCode, scope.regionCode))).orderBy(region.code);
  return [];
}

/**
 * 入库状态 is the library entry's own state, not the application's progress: a funded project is still 已入库,
 * never "已入库（未申报）" (the list's combined status for an entry with no application yet).
 */
export const LIBRARY_STATUS_LABELS: Record<(typeof fundProject.$inferSelect)["libraryStatus"], string> = { pending_review: "待入库审核", entered: "已入库", refused: "不予入库" };

/** One project in scope with everything its page shows; null when missing or out of scope (→ 404). */
export async function getProject(tx: Tx, scope: Scope, id: number, viewerUserId: number) {
  const [p] = await tx
    .select({ project: fundProject, program: fundProgram, enterprise: { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode }, regionName: region.name })
    .from(fundProject)
    .innerJoin(fundProgram, eq(fundProgram.id, fundProject.programId))
    .innerJoin(enterprise, eq(enterprise.id, fundProject.enterpriseId))
    .innerJoin(region, eq(region.code, fundProject.regionCode))
    .where(and(eq(fundProject.id, id), regionCondition(scope, fundProject.regionCode)));
  if (!p) return null;
  const goals = await tx.select().from(fundGoal).where(eq(fundGoal.projectId, id)).orderBy(fundGoal.id);
  const apps = await tx.select().from(fundApplication).where(eq(fundApplication.projectId, id)).orderBy(desc(fundApplication.year));
  const appIds = apps.map((a) => a.id);
  const steps = appIds.length ? await tx.select().from(fundReviewStep).where(inArray(fundReviewStep.applicationId, appIds)).orderBy(fundReviewStep.id) : [];
  const scores = appIds.length ? await tx.select().from(fundExpertScore).where(inArray(fundExpertScore.applicationId, appIds)).orderBy(fundExpertScore.id) : [];
  const objections = appIds.length ? await tx.select().from(fundObjection).where(inArray(fundObjection.applicationId, appIds)).orderBy(fundObjection.id) : [];
  const allocations = await tx.select().from(fundAllocation).where(eq(fundAllocation.projectId, id)).orderBy(fundAllocation.id);
  const allocIds = allocations.map((a) => a.id);
  const payments = allocIds.length ? await tx.select().from(fundPayment).where(inArray(fundPayment.allocationId, allocIds)).orderBy(fundPayment.tranche) : [];
  const adjustments = allocIds.length ? await tx.select().from(fundAdjustment).where(inArray(fundAdjustment.allocationId, allocIds)).orderBy(fundAdjustment.id) : [];
  const acceptances = allocIds.length ? await tx.select().from(fundAcceptance).where(inArray(fundAcceptance.allocationId, allocIds)) : [];
  const recoveries = allocIds.length ? await tx.select().from(fundRecovery).where(inArray(fundRecovery.allocationId, allocIds)) : [];
  const bans = await tx.select().from(fundBan).where(eq(fundBan.enterpriseId, p.enterprise.id)).orderBy(desc(fundBan.decidedOn));
  const documents = await documentsOf(tx, appIds);
  const guides = apps.length ? await tx.select().from(fundGuide).where(and(eq(fundGuide.programId, p.program.id), inArray(fundGuide.year, apps.map((a) => a.year)))) : [];
  /** GXZJ-35 / ZXZJ-206 Art.11: was the application filed within its year's published guide? (a warning only) */
  const guideCheck = (a: (typeof apps)[number]) => {
    const g = guides.find((x) => x.year === a.year && x.publishedOn);
    try {
      return verdictRecord(checkGuideWindow({ fund: p.program.ruleSet as FundId, date: a.filedOn as LegalDate, year: a.year, guide: g ?? null }));
    } catch {
      return null;
    }
  };
  return {
    ...p.project,
    libraryStatusLabel: LIBRARY_STATUS_LABELS[p.project.libraryStatus],
    program: { code: p.program.code, ruleSet: p.program.ruleSet as FundId, name: p.program.name, termFrom: p.program.termFrom, termTo: p.program.termTo, publicityWorkingDays: p.program.publicityWorkingDays, unitYearCapFen: p.program.unitYearCapFen, projectCapFen: p.program.projectCapFen },
    enterprise: p.enterprise,
    regionName: p.regionName,
    goals,
    applications: apps.map((a) => {
      const mine = scores.filter((s) => s.applicationId === a.id);
      const submitted = mine.some((s) => s.expertUserId === viewerUserId);
      // an expert sees the others' scores only after submitting; everyone once the expert review is closed
      const closed = !["filed", "returned", "prereviewed", "first_reviewed"].includes(a.status);
      const visible = closed || submitted;
      const values = mine.map((s) => s.scoreCenti);
      const avg = values.length ? Math.round(values.reduce((x, y) => x + y, 0) / values.length) : null;
      const spread = values.length ? Math.max(...values) - Math.min(...values) : null;
      return {
        ...a,
        steps: steps.filter((s) => s.applicationId === a.id),
        scores: visible ? mine.map((s) => ({ expertName: s.expertName, scoreCenti: s.scoreCenti, comment: s.comment })) : [],
        scoreCount: mine.length,
        scoredByMe: submitted,
        averageCenti: visible ? avg : null,
        spreadCenti: visible ? spread : null,
        objections: objections.filter((o) => o.applicationId === a.id),
        uploaded: documents.filter((d) => d.applicationId === a.id),
        guideCheck: guideCheck(a),
      };
    }),
    allocations: allocations.map((al) => ({
      ...al,
      capVerdict: al.capVerdict as VerdictRecord,
      duplicateVerdict: al.duplicateVerdict as VerdictRecord | null,
      payments: payments.filter((x) => x.allocationId === al.id),
      paidFen: payments.filter((x) => x.allocationId === al.id).reduce((s, x) => s + x.amountFen, 0),
      adjustments: adjustments.filter((x) => x.allocationId === al.id).map((x) => ({ ...x, verdict: x.verdict as VerdictRecord })),
      acceptance: (acceptances.find((x) => x.allocationId === al.id) as (typeof acceptances)[number] | undefined) ?? null,
      recoveries: recoveries.filter((x) => x.allocationId === al.id),
    })),
    bans,
  };
}
export type ProjectDetail = NonNullable<Awaited<ReturnType<typeof getProject>>>;

/**
 * A library entry (GXZJ-35 Art.14-15; ZXZJ-206 Art.13, 23): ZXZJ requires performance goals to enter; GXZJ enters
 * pending a review. The project unit must be in the officer's region.
 */
export async function createProject(tx: Tx, actor: Actor, scope: Scope, v: z.infer<typeof createProjectSchema>, today: LegalDate) {
  const program = await programByCode(tx, v.programCode);
  // the library is kept beyond a fund's term (projects are checked against the term when they apply)
  void today;
  const { goals, error } = goalsFrom(v);
  if (error) throw new UserInputError("goalName", error);
  if (program.ruleSet === "ZXZJ" && goals.length === 0) throw new UserInputError("goalName", `中小企业发展专项资金项目须设定绩效目标后方可入库（绩效目标是项目入库的前置条件：${citeText(CITES.ZXZJ_ART13, CITES.ZXZJ_ART23)}）`);
  if (v.exemptCategory && !program.exemptCategories.includes(v.exemptCategory)) throw new UserInputError("exemptCategory", `${program.name}没有该豁免类别`);
  const [ent] = await tx
    .select()
    .from(enterprise)
    .where(and(eq(enterprise.creditCode, v.creditCode.toUpperCase()), regionCondition(scope, enterprise.regionCode)));
  if (!ent) throw new UserInputError("creditCode", "本辖区企业库中没有该统一社会信用代码的企业");
  const status = program.ruleSet === "GXZJ" ? "pending_review" : "entered";
  const [row] = await tx
    .insert(fundProject)
    .values({
      programId: program.id,
      enterpriseId: ent.id,
      regionCode: ent.regionCode,
      name: v.name,
      category: v.category,
      exemptCategory: v.exemptCategory ?? null,
      implementationPlan: v.implementationPlan,
      totalInvestmentFen: v.totalInvestment,
      fixedAssetInvestmentFen: v.fixedAssetInvestment,
      constructionStart: v.constructionStart,
      constructionEnd: v.constructionEnd,
      filingLevel: v.filingLevel,
      keyProject: v.keyProject === "on",
      provincialEnterprise: v.provincialEnterprise === "on",
      jobs: v.jobs,
      libraryStatus: status,
      enteredOn: status === "entered" ? today : null,
      createdByName: actor.name,
    })
    .returning();
  if (goals.length) await tx.insert(fundGoal).values(goals.map((g) => ({ ...g, projectId: row.id })));
  await writeAudit(tx, actor, { entity: "fund-project", entityId: row.id, action: "create", after: { ...row, goals } });
  return row;
}

export { PROVINCE_CODE };
