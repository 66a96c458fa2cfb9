import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  enterprise,
  fundAcceptance,
  fundAdjustment,
  fundAllocation,
  fundApplication,
  fundBan,
  fundBudget,
  fundExpertScore,
  fundObjection,
  fundPayment,
  fundProgram,
  fundProject,
  fundRecovery,
  fundReviewStep,
  FUNDS_ACCOUNTS,
  journal,
  type FundApplicationStatus,
} from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { rowsOf } from "#db/client";
import { workingCalendar } from "../calendar.server";
import { accountByCode, ensureAccount, postJournal } from "#db/ledger";
import {
  acceptanceRouting,
  adjustmentPermission,
  CITES,
  citeText,
  applicationBanEnd,
  checkAllocationBounds,
  checkAllocationCaps,
  checkProposedAmount,
  type Citation,
  checkApplicationDocuments,
  checkCrossFundDuplicates,
  checkSupportMode,
  formatMoney,
  paramAt,
  parentPrefecture,
  prepaymentLimit,
  publicityEndDate,
  requiredApplicationDocuments,
  RuleDateError,
  SUPPORT_MODE_ZH,
  SZH_DUPLICATE_BAN,
  SZH_PREPAY_SHARE,
  type DatedParam,
  type Fen,
  type FundId,
  type LegalDate,
} from "#rules";
import {
  FORBIDDEN_PAYEE_ACCOUNTS,
  PAYEE_ACCOUNT_LABELS,
  type acceptanceSchema,
  type adjustmentSchema,
  type allocateSchema,
  type expertScoreSchema,
  type fileApplicationSchema,
  type objectionSchema,
  type paymentSchema,
  type reviewStepSchema,
  type sanctionSchema,
} from "~/lib/forms/funds";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { providedDocuments } from "./documents.server";
import { guideFor } from "./guides.server";
import { fundsToday, isProvince, pastDate, rule, verdictRecord } from "./projects.server";
import { requireEventDate } from "../event-dates.server";
import { checkPriorDecision } from "../perf/evaluations.server";

const PROVINCE = "520000";

/** The project in the actor's scope, row-locked; out of scope looks like missing. */
async function lockProject(tx: Tx, scope: Scope, projectId: number) {
  const [p] = await tx
    .select()
    .from(fundProject)
    .where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode)))
    .for("update");
  if (!p) throw new UserInputError("", "找不到该项目");
  const [program] = await tx.select().from(fundProgram).where(eq(fundProgram.id, p.programId));
  return { project: p, program, fund: program.ruleSet as FundId };
}

async function lockApplication(tx: Tx, projectId: number, allowed: readonly FundApplicationStatus[]) {
  const [a] = await tx.select().from(fundApplication).where(eq(fundApplication.projectId, projectId)).orderBy(sql`${fundApplication.year} desc`).limit(1).for("update");
  if (!a) throw new UserInputError("", "该项目尚未申报");
  if (!allowed.includes(a.status)) throw new UserInputError("", "该申报当前状态不能执行此操作（已由他人处理或尚未到这一步）");
  return a;
}

async function addStep(tx: Tx, actor: Actor, applicationId: number, step: string, onDate: string, note?: string | null) {
  await tx.insert(fundReviewStep).values({ applicationId, step, onDate, byName: actor.name, byUserId: actor.userId, note: note ?? null });
}

/** The program's own term (an administrator's program may be shorter than its rule set's). */
function inProgramTerm(program: typeof fundProgram.$inferSelect, onDate: string, field = "onDate") {
  if (onDate < program.termFrom || onDate > program.termTo) {
    throw new UserInputError(field, `该日期不在${program.name}实施期内（${program.termFrom} 至 ${program.termTo}）（依据：${citeText(program.ruleSet === "GXZJ" ? CITES.GXZJ_ART34 : CITES.ZXZJ_ART35)}及该专项资金设定的实施期）`);
  }
}

function provinceOnly(scope: Scope) {
  if (!isProvince(scope)) throw new UserInputError("", "此环节由省工业和信息化厅办理");
}

/** Whether a dated parameter has a version on the date (a measure with a term, such as SZH-25, may have ended). */
function inForce(param: DatedParam<unknown>, date: LegalDate): boolean {
  try {
    paramAt(param, date);
    return true;
  } catch (err) {
    if (err instanceof RuleDateError) return false;
    throw err;
  }
}

/** Active GXZJ-35 Art.30 ban of the unit on the date, if any. */
export async function activeBan(tx: Tx, enterpriseId: number, programId: number, on: string) {
  const [b] = await tx
    .select()
    .from(fundBan)
    .where(and(eq(fundBan.enterpriseId, enterpriseId), eq(fundBan.programId, programId), gte(fundBan.lastBannedDay, on), sql`${fundBan.decidedOn} <= ${on}`));
  return b ?? null;
}

/**
 * The 市县 department files an application for its unit (GXZJ-35 Art.14, 16; ZXZJ-206 Art.13, 15): the project must be in the library
 * (GXZJ: reviewed), the unit not banned, the date in the fund's term, the support mode allowed.
 */
export async function fileApplication(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof fileApplicationSchema>) {
  const onDate = pastDate(v.onDate);
  const { project, program, fund } = await lockProject(tx, scope, projectId);
  if (project.libraryStatus !== "entered") throw new UserInputError("", fund === "GXZJ" ? `项目尚未通过入库审核，不能申报（未纳入项目储备库的项目不得给予专项资金支持：${citeText(CITES.GXZJ_ART14)}）` : `项目未入库，不能申报（未纳入项目库的项目不得给予专项资金支持：${citeText(CITES.ZXZJ_ART13)}）`);
  inProgramTerm(program, onDate);
  rule(() => checkSupportMode({ fund, date: onDate, mode: v.supportMode, level: "transfer" }), "onDate");
  const mode = checkSupportMode({ fund, date: onDate, mode: v.supportMode, level: project.provincialEnterprise ? "provincial" : "transfer" });
  if (mode.outcome === "block") throw new UserInputError("supportMode", mode.findings.map((f) => f.message).join("；"));
  const ban = await activeBan(tx, project.enterpriseId, program.id, onDate);
  if (ban) throw new UserInputError("", `项目单位被取消专项资金申报资格至 ${ban.lastBannedDay}（${ban.reason}；${citeText(CITES.GXZJ_ART30)}）`);
  const [dup] = await tx.select({ id: fundApplication.id }).from(fundApplication).where(and(eq(fundApplication.projectId, projectId), eq(fundApplication.year, v.year)));
  if (dup) throw new UserInputError("year", `该项目已申报 ${v.year} 年度资金`);
  // the documents it must carry: the law's two and the year's published guide's extras (snapshot at filing)
  const guide = await guideFor(tx, program.id, v.year);
  const required = rule(() => requiredApplicationDocuments({ fund, date: onDate, isProvincialEnterprise: project.provincialEnterprise, guideExtras: guide?.extraDocuments ?? [] }), "onDate");
  const [app] = await tx
    .insert(fundApplication)
    .values({ projectId, programId: program.id, year: v.year, status: "filed", supportMode: v.supportMode, requestedFen: v.requested, filedOn: onDate, documents: required.value.map((d) => d.name) })
    .returning();
  await addStep(tx, actor, app.id, "filed", onDate);
  await writeAudit(tx, actor, { entity: "fund-application", entityId: app.id, action: "file", after: app });
  return app;
}

const NEXT: Record<string, { from: FundApplicationStatus[]; to: FundApplicationStatus; province: boolean; label: string }> = {
  resubmit: { from: ["returned"], to: "filed", province: false, label: "重新提交" },
  prereview: { from: ["filed"], to: "prereviewed", province: false, label: "形式预审通过" },
  return: { from: ["filed", "prereviewed", "first_reviewed"], to: "returned", province: false, label: "退回补正" },
  "first-review": { from: ["prereviewed"], to: "first_reviewed", province: true, label: "初审通过" },
  "close-expert": { from: ["first_reviewed"], to: "expert_reviewed", province: true, label: "专家评审完成" },
  "site-visit": { from: ["expert_reviewed"], to: "site_visited", province: true, label: "实地核查完成" },
  rank: { from: ["expert_reviewed", "site_visited"], to: "ranked", province: true, label: "排序完成" },
  decide: { from: ["ranked"], to: "decided", province: true, label: "集体决策" },
  publicity: { from: ["decided"], to: "publicity", province: true, label: "开始公示" },
  approve: { from: ["publicity"], to: "approved", province: true, label: "公示期满" },
  reject: { from: ["filed", "prereviewed", "first_reviewed", "expert_reviewed", "site_visited", "ranked", "decided"], to: "rejected", province: true, label: "不予支持" },
};

/** One step of the review chain (GXZJ-35 Art.17; ZXZJ-206 Art.15-16), with the library review for GXZJ. */
export async function reviewStep(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof reviewStepSchema>) {
  const onDate = pastDate(v.onDate);
  const { project, program, fund } = await lockProject(tx, scope, projectId);
  if (v.intent === "library-enter" || v.intent === "library-refuse") {
    provinceOnly(scope);
    if (project.libraryStatus !== "pending_review") throw new UserInputError("", "该项目不在入库审核中");
    if (v.intent === "library-refuse" && !v.note) throw new UserInputError("note", "不予入库须说明理由");
    const status = v.intent === "library-enter" ? "entered" : "refused";
    await tx.update(fundProject).set({ libraryStatus: status, enteredOn: status === "entered" ? onDate : null, libraryNote: v.note ?? null }).where(eq(fundProject.id, projectId));
    await writeAudit(tx, actor, { entity: "fund-project", entityId: projectId, action: v.intent, before: { libraryStatus: project.libraryStatus }, after: { libraryStatus: status, note: v.note ?? null } });
    return { message: status === "entered" ? "已审核入库" : "已不予入库" };
  }
  const t = NEXT[v.intent];
  const app = await lockApplication(tx, projectId, t.from);
  if (t.province) provinceOnly(scope);
  requireEventDate("onDate", { label: "日期", date: onDate, asOf: fundsToday(), notBefore: { date: app.filedOn as LegalDate, label: "申报日期" } });
  const patch: Partial<typeof fundApplication.$inferInsert> = { status: t.to };
  let message = t.label;
  if (v.intent === "return" || v.intent === "reject") {
    if (!v.note) throw new UserInputError("note", v.intent === "return" ? "退回须说明需补正的内容" : "不予支持须说明理由");
    if (v.intent === "return") patch.returnedReason = v.note;
  }
  if (v.intent === "prereview") {
    // GXZJ-35 Art.17（一）/ ZXZJ-206 Art.16（一）: only complete applications pass the formal pre-review
    // the snapshot taken at filing is what this application must carry
    const provided = await providedDocuments(tx, app.id);
    // the documents are those the application had to carry when it was filed: the rule's date is the filing date
    const docs = rule(() => checkApplicationDocuments({ fund, date: app.filedOn as LegalDate, isProvincialEnterprise: project.provincialEnterprise, guideExtras: app.documents, provided }), "onDate");
    if (docs.outcome === "block") throw new UserInputError("", docs.findings.map((f) => f.message).join("；"));
  }
  if (v.intent === "close-expert") {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(fundExpertScore).where(eq(fundExpertScore.applicationId, app.id));
    if (n < 3) throw new UserInputError("", `专家评审至少需要 3 位专家评分（现有 ${n} 位）`);
  }
  if (v.intent === "rank") {
    const score = Number(v.rankScore);
    if (!v.rankScore || !Number.isFinite(score) || score < 0 || score > 100) throw new UserInputError("rankScore", "请填写 0–100 的综合排序得分");
    patch.rankScore = Math.round(score * 100);
  }
  if (v.intent === "decide") {
    if (!v.ref) throw new UserInputError("ref", "请填写集体决策文号或会议纪要编号");
    // the decision fixes the amount proposed (拟支持金额), which the 公示 publishes and the allocation may not exceed
    if (v.proposed === undefined) throw new UserInputError("proposed", "请填写集体决策确定的拟支持金额");
    const proposed = rule(() => checkProposedAmount({ fund, requested: app.requestedFen as Fen, proposed: v.proposed as Fen }), "proposed");
    if (proposed.outcome === "block") throw new UserInputError("proposed", withBasis(proposed));
    patch.decisionRef = v.ref;
    patch.decidedOn = onDate;
    patch.proposedFen = v.proposed;
    message = `集体决策：拟支持 ${formatMoney(v.proposed as Fen)}`;
  }
  if (v.intent === "publicity") {
    const calendar = await workingCalendar(tx);
    const pub = rule(() => publicityEndDate({ fund, startDate: onDate, workingDays: program.publicityWorkingDays }, calendar), "onDate");
    patch.publicityStart = pub.value.start;
    patch.publicityEnd = pub.value.end;
    message = `开始公示，${pub.value.workingDays} 个工作日，至 ${pub.value.end}`;
  }
  if (v.intent === "approve") {
    if (!app.publicityEnd || onDate <= app.publicityEnd) throw new UserInputError("onDate", `公示期至 ${app.publicityEnd}，期满后方可下达`);
    const [open] = await tx.select({ id: fundObjection.id }).from(fundObjection).where(and(eq(fundObjection.applicationId, app.id), inArray(fundObjection.status, ["filed", "verified"])));
    if (open) throw new UserInputError("", "尚有未处理完毕的异议，不能下达");
    if (!v.ref) throw new UserInputError("ref", fund === "GXZJ" ? "请填写资金安排计划文号" : "请填写报送省财政厅的资金申请文号");
    patch.approvalRef = v.ref;
    patch.approvedOn = onDate;
    message = fund === "GXZJ" ? "公示无异议，省财政厅会同省工信厅下达资金安排计划" : "公示无异议，已向省财政厅报送资金申请";
  }
  await tx.update(fundApplication).set(patch).where(eq(fundApplication.id, app.id));
  await addStep(tx, actor, app.id, t.to, onDate, v.intent === "decide" ? `${v.ref}：拟支持 ${formatMoney(v.proposed as Fen)}` : (v.note ?? v.ref ?? null));
  await writeAudit(tx, actor, { entity: "fund-application", entityId: app.id, action: v.intent, before: { status: app.status }, after: patch });
  return { message };
}

/** An expert scores once; the others' scores stay hidden from them until they have (getProject). */
export async function scoreApplication(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof expertScoreSchema>) {
  provinceOnly(scope);
  await lockProject(tx, scope, projectId);
  const app = await lockApplication(tx, projectId, ["first_reviewed"]);
  const expertId = actor.userId ?? 0;
  const [mine] = await tx.select({ id: fundExpertScore.id }).from(fundExpertScore).where(and(eq(fundExpertScore.applicationId, app.id), eq(fundExpertScore.expertUserId, expertId)));
  if (mine) throw new UserInputError("score", "您已对该项目评分，评分提交后不能修改");
  const [row] = await tx.insert(fundExpertScore).values({ applicationId: app.id, expertUserId: expertId, expertName: actor.name, scoreCenti: v.score, comment: v.comment || null }).returning();
  await writeAudit(tx, actor, { entity: "fund-application", entityId: app.id, action: "score", after: { scoreCenti: row.scoreCenti } });
  return { message: "评分已提交" };
}

/** Objections during 公示 (GXZJ-35 Art.17（五）): filed → verified → upheld (application stops) | rejected. */
export async function handleObjection(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof objectionSchema>) {
  const onDate = pastDate(v.onDate);
  provinceOnly(scope);
  await lockProject(tx, scope, projectId);
  if (v.intent === "objection-file") {
    const app = await lockApplication(tx, projectId, ["publicity"]);
    if (!app.publicityEnd || onDate < app.publicityStart! || onDate > app.publicityEnd) throw new UserInputError("onDate", `异议应在公示期（${app.publicityStart} 至 ${app.publicityEnd}）内提出`);
    if (!v.objector || !v.content) throw new UserInputError("content", "请填写异议人和异议内容");
    const [o] = await tx.insert(fundObjection).values({ applicationId: app.id, filedOn: onDate, objector: v.objector, content: v.content, status: "filed" }).returning();
    await writeAudit(tx, actor, { entity: "fund-objection", entityId: o.id, action: "objection-file", after: { applicationId: app.id, filedOn: onDate } });
    return { message: "异议已登记" };
  }
  const app = await lockApplication(tx, projectId, ["publicity"]);
  const [o] = await tx.select().from(fundObjection).where(and(eq(fundObjection.id, v.objectionId ?? 0), eq(fundObjection.applicationId, app.id))).for("update");
  if (!o) throw new UserInputError("", "找不到该异议");
  if (v.intent === "objection-verify") {
    if (o.status !== "filed") throw new UserInputError("", "该异议已核实");
    await tx.update(fundObjection).set({ status: "verified", finding: v.finding ?? o.finding }).where(eq(fundObjection.id, o.id));
  } else {
    if (o.status !== "verified") throw new UserInputError("", "异议须先核实再作结论");
    if (!v.finding) throw new UserInputError("finding", "请填写核实结论");
    const upheld = v.intent === "objection-uphold";
    await tx.update(fundObjection).set({ status: upheld ? "upheld" : "rejected", finding: v.finding, decidedOn: onDate }).where(eq(fundObjection.id, o.id));
    if (upheld) {
      await tx.update(fundApplication).set({ status: "objection_upheld" }).where(eq(fundApplication.id, app.id));
      await addStep(tx, actor, app.id, "objection_upheld", onDate, v.finding);
    }
  }
  await writeAudit(tx, actor, { entity: "fund-objection", entityId: o.id, action: v.intent, before: { status: o.status }, after: { finding: v.finding ?? null } });
  return { message: v.intent === "objection-verify" ? "已核实" : v.intent === "objection-uphold" ? "异议成立，项目不予支持" : "异议不成立" };
}

/** A blocking verdict as one Chinese sentence per finding, each with its basis as users read it. */
function withBasis(v: { findings: readonly { severity: string; message: string; cites?: readonly Citation[] }[] }) {
  return v.findings
    .filter((f) => f.severity === "block")
    .map((f) => (f.cites && f.cites.length ? `${f.message}（依据：${citeText(...f.cites)}）` : f.message))
    .join("；");
}

/**
 * What the program's budget for the year and the line an allocation is paid from still hold: approved, less the
 * allocations not recovered and the money taken back from the lines as carry-over (fund_recovery kind carry_over).
 */
async function budgetRooms(tx: Tx, program: typeof fundProgram.$inferSelect, year: number, line: typeof fundBudget.$inferSelect) {
  const [r] = rowsOf<{ total: string; allocated: string; carried: string; line_allocated: string; line_carried: string; region_name: string }>(
    await tx.execute(sql`select
      (select coalesce(sum(b.amount_fen), 0) from fund_budget b where b.program_id = ${program.id} and b.year = ${year})::text as total,
      (select coalesce(sum(a.amount_fen), 0) from fund_allocation a where a.program_id = ${program.id} and a.year = ${year} and a.status <> 'recovered')::text as allocated,
      (select coalesce(sum(x.amount_fen), 0) from fund_recovery x join fund_budget b on b.id = x.budget_id where x.kind = 'carry_over' and b.program_id = ${program.id} and b.year = ${year})::text as carried,
      (select coalesce(sum(a.amount_fen), 0) from fund_allocation a where a.program_id = ${program.id} and a.year = ${year} and a.budget_region_code = ${line.regionCode} and a.status <> 'recovered')::text as line_allocated,
      (select coalesce(sum(x.amount_fen), 0) from fund_recovery x where x.kind = 'carry_over' and x.budget_id = ${line.id})::text as line_carried,
      (select r.name from region r where r.code = ${line.regionCode}) as region_name`),
  );
  return {
    program: { name: `${program.name}${year}年度预算`, total: Number(r.total) as Fen, committed: (Number(r.allocated) + Number(r.carried)) as Fen },
    region: { name: `${r.region_name}${year}年度${line.level === "provincial" ? "省本级预算" : "转移支付"}`, total: line.amountFen as Fen, committed: (Number(r.line_allocated) + Number(r.line_carried)) as Fen },
  };
}

/** The money line an allocation is paid from: province-level or the project's 市州 transfer. */
function budgetRegionFor(level: "provincial" | "transfer", projectRegion: string) {
  if (level === "provincial") return PROVINCE;
  return parentPrefecture(projectRegion)?.code ?? projectRegion;
}

/**
 * Allocation after 公示 (GXZJ-35 Art.10, 17-18; ZXZJ-206 Art.10, 16; SZH-25 三（一）（二）): support mode, the caps
 * per project and per unit per year across the fund (exemptions; a soft breach only with a provincial user's
 * written reason), the cross-fund duplicate check, and the prepayment limit for key projects.
 */
export async function allocate(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof allocateSchema>) {
  const onDate = pastDate(v.onDate);
  provinceOnly(scope);
  const { project, program, fund } = await lockProject(tx, scope, projectId);
  const app = await lockApplication(tx, projectId, ["approved"]);
  requireEventDate("onDate", { label: "决定日期", date: onDate, asOf: fundsToday(), notBefore: { date: (app.approvedOn ?? app.filedOn) as LegalDate, label: fund === "GXZJ" ? "资金安排计划下达日期" : "资金申请报送日期" } });
  inProgramTerm(program, onDate);
  const mode = rule(() => checkSupportMode({ fund, date: onDate, mode: v.supportMode, level: v.level }), "onDate");
  if (mode.outcome === "block") throw new UserInputError("supportMode", mode.findings.map((f) => f.message).join("；"));
  // the budget line it is paid from, locked so two allocations from one line serialise
  const budgetRegionCode = budgetRegionFor(v.level, project.regionCode);
  const [line] = await tx.select().from(fundBudget).where(and(eq(fundBudget.programId, program.id), eq(fundBudget.year, app.year), eq(fundBudget.regionCode, budgetRegionCode))).for("update");
  if (!line) throw new UserInputError("level", `${app.year} 年度没有该层级（${budgetRegionCode}）的预算`);
  // no more than requested, decided and published (拟支持金额), nor than the program's and the line's budgets still hold
  const rooms = await budgetRooms(tx, program, app.year, line);
  const bounds = checkAllocationBounds({ fund, amount: v.amount as Fen, requested: app.requestedFen as Fen, proposed: app.proposedFen as Fen | null, programBudget: rooms.program, regionBudget: rooms.region });
  // SZH-25 三（三）: last results-application decision for this unit and program; cancel / recover must be acknowledged
  const prior = await checkPriorDecision(tx, project.enterpriseId, program.id, app.year, v.acknowledgePriorDecision === "on");
  // the unit's allocations in the fund and year, locked so two allocations to one unit serialise
  const existing = await tx
    .select({ projectId: fundAllocation.projectId, amount: fundAllocation.amountFen, category: fundProject.exemptCategory })
    .from(fundAllocation)
    .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
    // the law's caps are per fund: every program under the same rule set counts
    .where(and(eq(fundAllocation.enterpriseId, project.enterpriseId), sql`${fundAllocation.programId} in (select id from fund_program where rule_set = ${program.ruleSet})`, eq(fundAllocation.year, app.year), ne(fundAllocation.status, "recovered")))
    .for("update", { of: fundAllocation });
  const override = v.overrideReason ? { by: actor.name, reason: v.overrideReason } : undefined;
  const caps = rule(() =>
    checkAllocationCaps({
      fund,
      date: onDate,
      year: app.year,
      unitId: String(project.enterpriseId),
      projectId: String(projectId),
      amount: v.amount as Fen,
      category: project.exemptCategory,
      existingAllocations: existing.map((e) => ({ projectId: String(e.projectId), amount: e.amount as Fen, category: e.category })),
      override,
      programCaps: { name: program.name, unitYearCap: program.unitYearCapFen as Fen, projectCap: program.projectCapFen as Fen },
    }),
  );
  // every bound in one answer: the hard ones with their basis, then the caps ("原则上": a written reason can let those through)
  if (bounds.outcome === "block" || caps.outcome === "block") {
    const soft = caps.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；");
    const hint = soft && bounds.outcome !== "block" ? "。如确需突破（原则上限制），由省级经办人填写书面理由" : "";
    throw new UserInputError("amount", `${[withBasis(bounds), soft].filter(Boolean).join("；")}${hint}`);
  }
  // SZH-25 三（一）: the same unit and project in another provincial fund. "不能重复申请" judges the application, so the
  // date that matters is its filing date; an application filed after SZH-25's term is not subject to it
  let duplicate = null;
  if (inForce(SZH_DUPLICATE_BAN, app.filedOn as LegalDate)) {
    const [ent] = await tx.select({ creditCode: enterprise.creditCode }).from(enterprise).where(eq(enterprise.id, project.enterpriseId));
    const others = await tx
      .select({ fund: fundProgram.code, name: fundProject.name, ref: fundApplication.id })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
      .innerJoin(fundProgram, eq(fundProgram.id, fundApplication.programId))
      .where(and(eq(fundProject.enterpriseId, project.enterpriseId), ne(fundApplication.programId, program.id), ne(fundApplication.status, "rejected"), ne(fundApplication.status, "returned")));
    const dup = checkCrossFundDuplicates({
      candidate: { unitId: ent.creditCode, projectKey: project.name, fund: program.code },
      others: others.map((o) => ({ unitId: ent.creditCode, projectKey: o.name, fund: o.fund, ref: `申报 ${o.ref}` })),
      date: app.filedOn as LegalDate,
    });
    if (dup.outcome === "block") throw new UserInputError("", dup.findings.map((f) => f.message).join("；"));
    duplicate = verdictRecord(dup);
  }
  // SZH-25 三（二）: the allocation decides the prepayment allowance (none once the measure's term has ended)
  const prepay = inForce(SZH_PREPAY_SHARE, onDate) ? prepaymentLimit({ plannedAward: v.amount as Fen, isKeyProject: project.keyProject, date: onDate }).value.maxPrepayment : 0;
  const [row] = await tx
    .insert(fundAllocation)
    .values({
      applicationId: app.id,
      projectId,
      programId: program.id,
      enterpriseId: project.enterpriseId,
      year: app.year,
      supportMode: v.supportMode,
      level: v.level,
      budgetRegionCode,
      amountFen: v.amount,
      prepayMaxFen: prepay,
      decidedOn: onDate,
      capVerdict: verdictRecord(caps),
      duplicateVerdict: duplicate,
      overrideBy: caps.outcome === "warn" && override ? override.by : null,
      overrideReason: caps.outcome === "warn" && override ? override.reason : null,
    })
    .returning();
  await tx.update(fundApplication).set({ status: "allocated" }).where(eq(fundApplication.id, app.id));
  const priorNote = prior ? `；已知悉 ${prior.year} 年度绩效结果应用「${prior.actionLabel}」` : "";
  await addStep(tx, actor, app.id, "allocated", onDate, `${SUPPORT_MODE_ZH[v.supportMode]} ${formatMoney(v.amount)}${priorNote}`);
  await writeAudit(tx, actor, { entity: "fund-allocation", entityId: row.id, action: "allocate", after: { amountFen: row.amountFen, requestedFen: app.requestedFen, proposedFen: app.proposedFen, budgetRoom: { program: bounds.value.programRoom, region: bounds.value.regionRoom }, overrideBy: row.overrideBy, overrideReason: row.overrideReason, cap: caps.outcome, priorDecision: prior ? { id: prior.id, year: prior.year, action: prior.action, acknowledged: prior.needsAck } : null } });
  return { allocation: row, message: `已安排 ${formatMoney(v.amount)}${row.overrideReason ? "（突破额度上限，已记录理由）" : ""}` };
}

async function lockAllocation(tx: Tx, scope: Scope, projectId: number) {
  const [inScope] = await tx.select({ id: fundProject.id }).from(fundProject).where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode)));
  if (!inScope) throw new UserInputError("", "找不到该项目");
  const [al] = await tx
    .select()
    .from(fundAllocation)
    .where(eq(fundAllocation.projectId, projectId))
    .orderBy(sql`${fundAllocation.id} desc`)
    .limit(1)
    .for("update");
  if (!al) throw new UserInputError("", "该项目尚未安排资金");
  return al;
}

/**
 * A tranche to the final payee (GXZJ-35 Art.21; ZXZJ-206 Art.19; SZH-25 三（二）): forbidden account types refused; prepayment within
 * the key-project limit; never more than allocated — the allocation row is locked and the total re-read inside the
 * transaction, so concurrent payments serialise. Idempotent per (allocation, tranche).
 */
export async function pay(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof paymentSchema>) {
  const onDate = pastDate(v.onDate);
  const [project] = await tx.select().from(fundProject).where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode)));
  if (!project) throw new UserInputError("", "找不到该项目");
  const [program] = await tx.select().from(fundProgram).where(eq(fundProgram.id, project.programId));
  if (FORBIDDEN_PAYEE_ACCOUNTS.includes(v.payeeAccountType)) {
    const basis = program.ruleSet === "GXZJ" ? CITES.GXZJ_ART21 : CITES.ZXZJ_ART19;
    throw new UserInputError("payeeAccountType", `不得拨付至${PAYEE_ACCOUNT_LABELS[v.payeeAccountType]}：资金应直接拨付至最终收款单位（项目单位）账户（${citeText(basis)}）`);
  }
  const al = await lockAllocation(tx, scope, projectId);
  if (al.status !== "active") throw new UserInputError("", al.status === "recovered" ? "该项目资金已收回，不能拨付" : "该项目已拨付完毕");
  if (scope.kind === "region") {
    // a 市州 finance bureau pays from its own transfer; province-level money is paid by 省财政厅
    if (al.budgetRegionCode === PROVINCE) throw new UserInputError("", "省本级资金由省财政厅拨付");
  }
  requireEventDate("onDate", { label: "拨付日期", date: onDate, asOf: fundsToday(), notBefore: { date: al.decidedOn as LegalDate, label: "资金安排日期" } });
  // the allocation is locked: a second submission of the same form waits here, then finds the first one's journal
  const idempotencyKey = `funds:payment:${al.id}:${v.requestId}`;
  const [earlier] = await tx
    .select({ payment: fundPayment })
    .from(fundPayment)
    .innerJoin(journal, eq(journal.id, fundPayment.journalId))
    .where(eq(journal.idempotencyKey, idempotencyKey));
  if (earlier) return { payment: earlier.payment, message: `第 ${earlier.payment.tranche} 笔 ${formatMoney(earlier.payment.amountFen)} 已拨付（重复提交，未再次拨付）` };
  const paid = await tx.select({ tranche: fundPayment.tranche, amount: fundPayment.amountFen, kind: fundPayment.kind }).from(fundPayment).where(eq(fundPayment.allocationId, al.id));
  const paidTotal = paid.reduce((s, p) => s + p.amount, 0);
  if (paidTotal + v.amount > al.amountFen) throw new UserInputError("amount", `超过安排金额：已拨付 ${formatMoney(paidTotal)}，尚可拨付 ${formatMoney(al.amountFen - paidTotal)}`);
  const [acc] = await tx.select({ result: fundAcceptance.result }).from(fundAcceptance).where(eq(fundAcceptance.allocationId, al.id));
  if (v.kind === "prepayment") {
    if (acc) throw new UserInputError("kind", "项目已验收，不属于预拨");
    const prepaid = paid.filter((p) => p.kind === "prepayment").reduce((s, p) => s + p.amount, 0);
    if (!project.keyProject) throw new UserInputError("amount", `非重点项目以事后奖补为主，不能预拨（${citeText(CITES.SZH_PREPAY)}）`);
    // the prepayment was decided with the allocation (prepayMaxFen): the share in force on its decision date applies,
    // so a tranche paid after SZH-25's term of an allocation decided within it is still judged by it
    if (!inForce(SZH_PREPAY_SHARE, al.decidedOn as LegalDate)) throw new UserInputError("kind", `资金安排日（${al.decidedOn}）不在重点项目预拨政策实施期内，不能预拨（${citeText(CITES.SZH_PREPAY, CITES.SZH_TERM)}）`);
    const limit = rule(() => prepaymentLimit({ plannedAward: al.amountFen as Fen, isKeyProject: true, requested: (prepaid + v.amount) as Fen, date: al.decidedOn as LegalDate }), "kind");
    if (limit.outcome === "block") throw new UserInputError("amount", limit.findings.map((f) => f.message).join("；"));
  }
  if (v.kind === "final" && !acc) {
    // SZH-25 三（二）: key projects get the rest after acceptance
    if (project.keyProject && paid.some((p) => p.kind === "prepayment")) throw new UserInputError("kind", "重点项目预拨后，其余资金在验收后拨付");
  }
  const tranche = paid.reduce((m, p) => Math.max(m, p.tranche), 0) + 1;
  const from = await accountByCode(tx, FUNDS_ACCOUNTS.budget(program.code, al.year, al.budgetRegionCode));
  if (!from) throw new UserInputError("", "该预算尚未下达到位，不能拨付");
  const pref = parentPrefecture(project.regionCode)?.code ?? project.regionCode;
  const to = await ensureAccount(tx, { code: FUNDS_ACCOUNTS.paid(program.code, pref), name: `${program.code} 已拨付（${pref}项目）`, kind: "expense", book: "funds", ownerOrgId: from.ownerOrgId });
  const [ent] = await tx.select({ name: enterprise.name }).from(enterprise).where(eq(enterprise.id, project.enterpriseId));
  let journalId: number;
  try {
    journalId = (
      await postJournal(tx, actor, {
        idempotencyKey,
        kind: "funds.payment",
        memo: `拨付 ${ent.name} 第${tranche}笔`,
        valueDate: onDate,
        postings: [
          { accountId: to.id, amountFen: v.amount },
          { accountId: from.id, amountFen: -v.amount },
        ],
      })
    ).journalId;
  } catch (err) {
    if (err instanceof Error && err.name === "LedgerError") throw new UserInputError("amount", `${err.message}（预算余额不足）`);
    throw err;
  }
  const [row] = await tx.insert(fundPayment).values({ allocationId: al.id, tranche, kind: v.kind, amountFen: v.amount, paidOn: onDate, payeeName: ent.name, payeeAccountType: v.payeeAccountType, payeeAccountNo: v.payeeAccountNo, journalId, byName: actor.name }).returning();
  if (paidTotal + v.amount === al.amountFen && acc?.result === "passed") await tx.update(fundAllocation).set({ status: "completed" }).where(eq(fundAllocation.id, al.id));
  await writeAudit(tx, actor, { entity: "fund-payment", entityId: row.id, action: "pay", after: { allocationId: al.id, tranche, amountFen: v.amount, journalId } });
  return { payment: row, message: `第 ${tranche} 笔 ${formatMoney(v.amount)} 已拨付` };
}

/** Money taken back from an allocation: a journal crediting what was paid, returned to the province-level line. */
async function recoverPaid(tx: Tx, actor: Actor, al: typeof fundAllocation.$inferSelect, project: typeof fundProject.$inferSelect, kind: "sanction" | "adjustment_refused" | "acceptance_failed", onDate: string, reason: string) {
  const [{ paid }] = await tx.select({ paid: sql<string>`coalesce(sum(${fundPayment.amountFen}), 0)::text` }).from(fundPayment).where(eq(fundPayment.allocationId, al.id));
  const [{ back }] = await tx.select({ back: sql<string>`coalesce(sum(${fundRecovery.amountFen}), 0)::text` }).from(fundRecovery).where(eq(fundRecovery.allocationId, al.id));
  const amount = Number(paid) - Number(back);
  await tx.update(fundAllocation).set({ status: "recovered" }).where(eq(fundAllocation.id, al.id));
  if (amount <= 0) return 0;
  const [program] = await tx.select().from(fundProgram).where(eq(fundProgram.id, al.programId));
  const pref = parentPrefecture(project.regionCode)?.code ?? project.regionCode;
  const to = await accountByCode(tx, FUNDS_ACCOUNTS.budget(program.code, al.year, PROVINCE));
  const paidAcct = await accountByCode(tx, FUNDS_ACCOUNTS.paid(program.code, pref));
  const { journalId } = await postJournal(tx, actor, {
    idempotencyKey: `funds:recovery:${kind}:${al.id}`,
    kind: "funds.recovery",
    memo: `收回专项资金（${reason.slice(0, 40)}）`,
    valueDate: onDate,
    postings: [
      { accountId: to!.id, amountFen: amount },
      { accountId: paidAcct!.id, amountFen: -amount },
    ],
  });
  const [r] = await tx.insert(fundRecovery).values({ kind, allocationId: al.id, regionCode: project.regionCode, amountFen: amount, decidedOn: onDate, reason, journalId, byName: actor.name }).returning();
  await writeAudit(tx, actor, { entity: "fund-recovery", entityId: r.id, action: "recover", after: { kind, amountFen: amount, journalId } });
  return amount;
}

/**
 * Adjustment (GXZJ-35 Art.23: approval by filing level, refused → recovered; ZXZJ-206 Art.20: within the construction
 * period, once — a second one only with a written reason; after the period refused, recovered if changed anyway).
 */
export async function adjust(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof adjustmentSchema>) {
  const onDate = pastDate(v.onDate);
  const { project, fund } = await lockProject(tx, scope, projectId);
  const al = await lockAllocation(tx, scope, projectId);
  if (al.status === "recovered") throw new UserInputError("", "该项目资金已收回");
  const override = v.overrideReason ? { by: actor.name, reason: v.overrideReason } : undefined;
  if (override && !isProvince(scope)) throw new UserInputError("overrideReason", "突破“原则上只准予一次”须由省级经办人决定");
  // the procedure comes from the settings the project was funded under (its allocation decision), as acceptance's
  // does; ZXZJ-206 Art.20's construction period judges the request date — a fund's term ending strands nothing
  const verdict = rule(
    () =>
      adjustmentPermission({ fund, requestDate: onDate, fundedOn: al.decidedOn as LegalDate, filingLevel: project.filingLevel, constructionPeriodEnd: project.constructionEnd as LegalDate, priorAdjustments: al.adjustments, changedWithoutApproval: v.changedWithoutApproval === "on", override }),
    "onDate",
  );
  // GXZJ: the approver is the 市州 for county-filed projects, else the province
  if (fund === "GXZJ" && project.filingLevel !== "county" && !isProvince(scope)) throw new UserInputError("", `该项目由${verdict.value.approver}审批`);
  if (verdict.value.recover) {
    await tx.insert(fundAdjustment).values({ allocationId: al.id, requestedOn: onDate, content: v.content, status: "refused", approver: verdict.value.approver, verdict: verdictRecord(verdict), byName: actor.name });
    const amount = await recoverPaid(tx, actor, al, project, "adjustment_refused", onDate, `超出建设期且未履行调整手续但项目实际发生调整，收回相关专项资金（${citeText(CITES.ZXZJ_ART20)}）`);
    await writeAudit(tx, actor, { entity: "fund-allocation", entityId: al.id, action: "adjust-refused", after: { recover: true, amount } });
    return { message: `调整申请不予受理，已收回 ${formatMoney(amount)}` };
  }
  if (!verdict.value.allowed) throw new UserInputError("onDate", verdict.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；"));
  const status = v.decision;
  await tx.insert(fundAdjustment).values({ allocationId: al.id, requestedOn: onDate, content: v.content, status, approver: verdict.value.approver, verdict: verdictRecord(verdict), byName: actor.name });
  if (status === "approved") await tx.update(fundAllocation).set({ adjustments: al.adjustments + 1 }).where(eq(fundAllocation.id, al.id));
  let recovered = 0;
  if (status === "refused" && fund === "GXZJ") recovered = await recoverPaid(tx, actor, al, project, "adjustment_refused", onDate, `项目调整审批不通过，资金按程序收回（${citeText(CITES.GXZJ_ART23)}）`);
  await writeAudit(tx, actor, { entity: "fund-allocation", entityId: al.id, action: "adjust", before: { adjustments: al.adjustments }, after: { status, approver: verdict.value.approver, recovered } });
  return { message: status === "approved" ? `调整已批准（${verdict.value.approver}）` : `调整未获批准${recovered ? `，已收回 ${formatMoney(recovered)}` : ""}` };
}

/** Acceptance with its routing (GXZJ-35 Art.25; ZXZJ-206 Art.22) and result; a failed one recovers what was paid. */
export async function accept(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof acceptanceSchema>) {
  const onDate = pastDate(v.onDate);
  const { project, fund } = await lockProject(tx, scope, projectId);
  const al = await lockAllocation(tx, scope, projectId);
  const [done] = await tx.select({ id: fundAcceptance.id }).from(fundAcceptance).where(eq(fundAcceptance.allocationId, al.id));
  if (done) throw new UserInputError("", "该项目已验收");
  requireEventDate("onDate", { label: "验收日期", date: onDate, asOf: fundsToday(), notBefore: { date: al.decidedOn as LegalDate, label: "资金安排日期" } });
  const pref = parentPrefecture(project.regionCode);
  const routing = rule(() =>
    acceptanceRouting({
      fund,
      // the settings the project was funded under (allocation decision date), not the acceptance date: a fund's term
      // ending does not strand the projects it funded (GXZJ-35 Art.25 / ZXZJ-206 Art.22 still say who accepts them)
      date: al.decidedOn as LegalDate,
      totalInvestment: project.totalInvestmentFen as Fen,
      isProvincialEnterprise: project.provincialEnterprise,
      fundingLevel: al.level === "provincial" ? "province" : pref && pref.code !== project.regionCode ? "county" : "prefecture",
      regionCode: project.regionCode,
    }),
  );
  if (routing.value.level === "province" && !isProvince(scope)) throw new UserInputError("", `该项目由${routing.value.body}组织验收`);
  const [row] = await tx.insert(fundAcceptance).values({ allocationId: al.id, level: routing.value.level, body: routing.value.body, result: v.result, acceptedOn: onDate, note: v.note || null, verdict: verdictRecord(routing), byName: actor.name }).returning();
  let recovered = 0;
  if (v.result === "failed") recovered = await recoverPaid(tx, actor, al, project, "acceptance_failed", onDate, "验收不通过，收回已拨付资金");
  await writeAudit(tx, actor, { entity: "fund-acceptance", entityId: row.id, action: "accept", after: { result: v.result, body: routing.value.body, recovered } });
  return { message: v.result === "passed" ? `验收通过（${routing.value.body}）` : `验收不通过，已收回 ${formatMoney(recovered)}` };
}

/** GXZJ-35 Art.30: recover and, optionally, ban the unit from applying for 3 years. 省财政厅 records it. */
export async function sanction(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof sanctionSchema>) {
  const onDate = pastDate(v.onDate);
  provinceOnly(scope);
  const { project, program, fund } = await lockProject(tx, scope, projectId);
  const al = await lockAllocation(tx, scope, projectId);
  if (al.status === "recovered") throw new UserInputError("", "该项目资金已收回");
  requireEventDate("onDate", { label: "决定日期", date: onDate, asOf: fundsToday(), notBefore: { date: al.decidedOn as LegalDate, label: "资金安排日期" } });
  const amount = await recoverPaid(tx, actor, al, project, "sanction", onDate, v.reason);
  let until: string | null = null;
  if (v.ban === "on") {
    // the ban's length is the fund's rule in force when the project was funded
    const ban = rule(() => applicationBanEnd({ fund, decisionDate: onDate, fundedOn: al.decidedOn as LegalDate }), "ban");
    until = ban.value.lastBannedDay;
    const [b] = await tx.insert(fundBan).values({ enterpriseId: project.enterpriseId, programId: program.id, decidedOn: onDate, lastBannedDay: until, reason: v.reason, byName: actor.name }).returning();
    await writeAudit(tx, actor, { entity: "fund-ban", entityId: b.id, action: "ban", after: b });
  }
  return { message: `已收回 ${formatMoney(amount)}${until ? `，取消申报资格至 ${until}` : ""}` };
}
