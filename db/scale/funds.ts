/**
 * ~N/10 special-fund projects over six more programs under the two rule sets (GXZJ-35 2023–2026, ZXZJ-206
 * 2024–2025), each program with its yearly guide. A project moves through the review chain with the app's steps
 * (pre-review, first review, expert scores, ranking, collective decision, 公示 by publicityEndDate, plan/request,
 * allocation within the caps of checkAllocationCaps per unit, fund and year) as far as its dates reach by today; some
 * are returned, rejected or upheld on objection. Allocated projects are paid by tranches (50% prepaid for key
 * projects, SZH-25 三(二)), adjusted, accepted (acceptanceRouting) or failed and recovered, a few sanctioned and
 * banned. Budgets are approved per line and issued to the 市州 (one journal each, as budgets.server.ts posts them),
 * sized to what was allocated plus some spare; two-year-old unallocated GXZJ transfers are partly taken back
 * (carryOverStatus). Every movement of money is a balanced journal; no budget account goes below zero.
 */
import { createHash } from "node:crypto";
import { addDays, type LegalDate } from "../../rules/core/dates";
import { RuleInputError } from "../../rules/core/errors";
import type { Fen } from "../../rules/core/money";
import { explain, type Verdict } from "../../rules/core/verdict";
import { DEFAULT_CALENDAR, addWorkingDays, nextWorkingDayOnOrAfter } from "../../rules/reference/calendar";
import { GUIZHOU_REGIONS } from "../../rules/reference/regions";
import { checkAllocationCaps } from "../../rules/funds/allocation";
import { requiredApplicationDocuments } from "../../rules/funds/applications";
import { fundSettingsAt, type ExemptCategory, type FundId, type SupportMode } from "../../rules/funds/params";
import { acceptanceRouting, adjustmentPermission, applicationBanEnd, carryOverStatus, publicityEndDate } from "../../rules/funds/projects";
import { prepaymentLimit } from "../../rules/funds/subsidy";
import { FUNDS_ACCOUNTS } from "../schema";
import { Batch } from "./copy";
import { LEDGER_ACCOUNT_COLUMNS, at, audit, journal, tick, type Person, type ScaleContext } from "./context";
import type { Ent } from "./enterprises";
import { PREFECTURES, TODAY, WAN } from "./plan";

const PROVINCE = "520000";
const cal = DEFAULT_CALENDAR;
const lte = (a: string, b: string) => a <= b;
const minD = (a: string, b: string) => (a < b ? a : b);
const maxD = (a: string, b: string) => (a > b ? a : b);

/** The shape the demo's funds step stores verdicts in (db/seed/steps/funds.ts `record`). */
function record(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, override: f.override ?? null })), explain: explain(v) };
}

interface ProgramDef {
  code: string;
  ruleSet: FundId;
  name: string;
  weight: number;
  categories: string[];
  /** guide window per year (open from, open to) */
  windows: Record<number, [string, string]>;
  publicityDays: number;
}

const std = (y: number): [string, string] => [`${y}-01-15`, `${y}-03-31`];
const PROGRAMS: ProgramDef[] = [
  { code: "GXZJ-JSGZ", ruleSet: "GXZJ", name: "贵州省工业和信息化发展专项资金（技术改造）", weight: 3, categories: ["技术改造", "智能化改造", "设备更新"], windows: { 2023: ["2023-05-10", "2023-06-30"], 2024: std(2024), 2025: std(2025), 2026: std(2026) }, publicityDays: 5 },
  { code: "GXZJ-SZZX", ruleSet: "GXZJ", name: "贵州省工业和信息化发展专项资金（数字化转型）", weight: 2.5, categories: ["数字化转型", "工业互联网平台应用", "数字化车间"], windows: { 2023: ["2023-05-10", "2023-06-30"], 2024: std(2024), 2025: std(2025), 2026: ["2026-06-01", "2026-07-31"] }, publicityDays: 5 },
  { code: "GXZJ-LSZZ", ruleSet: "GXZJ", name: "贵州省工业和信息化发展专项资金（绿色制造）", weight: 1.5, categories: ["绿色制造", "节能降耗", "资源综合利用"], windows: { 2023: ["2023-06-01", "2023-07-15"], 2024: std(2024), 2025: std(2025), 2026: ["2026-08-15", "2026-09-30"] }, publicityDays: 7 },
  { code: "GXZJ-CYXT", ruleSet: "GXZJ", name: "贵州省工业和信息化发展专项资金（产业链协同）", weight: 1.5, categories: ["产业链协同", "新材料", "装备制造"], windows: { 2024: std(2024), 2025: std(2025), 2026: ["2026-09-01", "2026-10-20"] }, publicityDays: 5 },
  { code: "ZXZJ-ZJTX", ruleSet: "ZXZJ", name: "贵州省中小企业发展专项资金（专精特新）", weight: 2, categories: ["专精特新培育", "创新能力提升", "质量品牌建设"], windows: { 2024: std(2024), 2025: std(2025) }, publicityDays: 5 },
  { code: "ZXZJ-GGFW", ruleSet: "ZXZJ", name: "贵州省中小企业发展专项资金（公共服务和融资贴息）", weight: 1.5, categories: ["中小企业公共服务", "融资贴息", "创业创新基地"], windows: { 2024: std(2024), 2025: std(2025) }, publicityDays: 5 },
];
const YEAR_WEIGHT: Record<number, number> = { 2023: 0.7, 2024: 1, 2025: 1.15, 2026: 1.25 };
const PROJECT_WORDS = ["智能化生产线改造", "数字化车间建设", "节能降耗技术改造", "工业互联网平台应用", "新产品产业化", "质量提升工程", "扩能升级", "绿色工厂建设", "关键工序自动化改造", "研发中心建设", "供应链协同平台", "检验检测能力提升"];
const GUIDE_EXTRAS: Record<FundId, string[]> = { GXZJ: ["营业执照", "近一年财务审计报告"], ZXZJ: ["营业执照", "绩效目标申报表"] };
const DEMO_PDF = new TextEncoder().encode("%PDF-1.4\n% 资金通演示材料\n%%EOF\n");
const DEMO_PDF_SHA256 = createHash("sha256").update(DEMO_PDF).digest("hex");
const ORDER = ["filed", "prereviewed", "first_reviewed", "expert_reviewed", "ranked", "decided", "publicity", "approved", "allocated"] as const;

const C = {
  program: ["id", "code", "rule_set", "name", "term_from", "term_to", "unit_year_cap_fen", "project_cap_fen", "exempt_categories", "support_modes", "publicity_working_days", "created_at"],
  guide: ["program_id", "year", "title", "directions", "conditions", "open_from", "open_to", "published_on", "extra_documents"],
  project: ["id", "program_id", "enterprise_id", "region_code", "name", "category", "exempt_category", "implementation_plan", "total_investment_fen", "fixed_asset_investment_fen", "construction_start", "construction_end", "filing_level", "provincial_enterprise", "key_project", "research_project", "jobs", "tax_fen", "above_scale_new", "library_status", "entered_on", "library_note", "created_by_name", "created_at"],
  goal: ["project_id", "name", "unit", "target", "direction", "weight", "actual"],
  application: ["id", "project_id", "program_id", "year", "status", "support_mode", "requested_fen", "filed_on", "documents", "rank_score", "decision_ref", "decided_on", "proposed_fen", "publicity_start", "publicity_end", "approval_ref", "approved_on", "returned_reason", "created_at"],
  document: ["application_id", "kind", "file_name", "mime_type", "size_bytes", "sha256", "content", "by_name", "at"],
  step: ["application_id", "step", "on_date", "by_name", "by_user_id", "note", "at"],
  score: ["application_id", "expert_user_id", "expert_name", "score_centi", "comment", "at"],
  objection: ["application_id", "filed_on", "objector", "content", "status", "finding", "decided_on"],
  allocation: ["id", "application_id", "project_id", "program_id", "enterprise_id", "year", "support_mode", "level", "budget_region_code", "amount_fen", "prepay_max_fen", "decided_on", "cap_verdict", "duplicate_verdict", "override_by", "override_reason", "status", "adjustments", "created_at"],
  adjustment: ["allocation_id", "requested_on", "content", "status", "approver", "verdict", "by_name"],
  acceptance: ["id", "allocation_id", "level", "body", "result", "accepted_on", "note", "verdict", "by_name"],
  budget: ["id", "program_id", "year", "level", "region_code", "amount_fen", "approved_on", "issued_on", "advance", "approve_journal_id", "issue_journal_id", "created_at"],
  payment: ["id", "allocation_id", "tranche", "kind", "amount_fen", "paid_on", "payee_name", "payee_account_type", "payee_account_no", "journal_id", "by_name"],
  recovery: ["id", "kind", "budget_id", "allocation_id", "region_code", "amount_fen", "decided_on", "reason", "verdict", "journal_id", "by_name"],
  ban: ["id", "enterprise_id", "program_id", "decided_on", "last_banned_day", "reason", "by_name"],
} as const;

interface Allocated {
  id: number;
  program: ProgramDef & { id: number };
  year: number;
  ent: Ent;
  projectId: number;
  regionCode: string;
  prefecture: string;
  level: "provincial" | "transfer";
  budgetRegion: string;
  amount: number;
  decidedOn: string;
  keyProject: boolean;
  provincialEnterprise: boolean;
  totalInvestment: number;
  filingLevel: "county" | "prefecture" | "province";
  constructionEnd: string;
}

export interface FundsSummary {
  projects: number;
  applications: number;
  allocations: number;
  payments: number;
  /** acceptances the rule book cannot route (left unaccepted) */
  unroutable: number;
}

/** The year's key dates of a program's budget (GXZJ-35 came into force on 2023-04-17). */
function budgetDates(year: number): { approved: string; issued: string } {
  return year === 2023 ? { approved: "2023-05-20", issued: "2023-06-10" } : { approved: `${year}-03-15`, issued: `${year}-04-20` };
}

export async function generateFunds(ctx: ScaleContext, ents: Ent[]): Promise<FundsSummary> {
  const { rng, ids, loader, refs, people, plan, sql } = ctx;
  const summary: FundsSummary = { projects: 0, applications: 0, allocations: 0, payments: 0, unroutable: 0 };
  const experts = (await sql`select id, display_name, username from app_user where username like 'expert.%' order by username`).map((u) => ({ id: Number(u.id), name: `${u.display_name}（${u.username}）` }));
  const county = (code: string) => GUIZHOU_REGIONS.find((r) => r.code === code)!;
  const regionName = (code: string) => county(code).name;
  const financeOf = (region: string) => (region === PROVINCE ? refs.org.provinceFinance : refs.org.prefectureFinance.get(region)!);
  const localIndustry: Person = { userId: null, name: "市县工业和信息化主管部门经办人", orgId: null };
  const provinceReview: Person = people.industry;

  // --- programs and guides
  let batch = new Batch("专项资金 funds");
  const programs = PROGRAMS.map((p) => ({ ...p, id: ids.take("fund_program") }));
  for (const p of programs) {
    const s = fundSettingsAt(p.ruleSet, (p.ruleSet === "GXZJ" ? "2023-04-17" : "2023-12-04") as LegalDate).value;
    batch.add("fund_program", C.program, [p.id, p.code, p.ruleSet, p.name, p.ruleSet === "GXZJ" ? "2023-04-17" : "2023-12-04", s.termEnd, s.unitYearCap, s.projectCap, [...s.exemptCategories], [...s.supportModes], p.publicityDays, at(rng, p.ruleSet === "GXZJ" ? "2023-04-28" : "2023-12-15")]);
    for (const [y, [from, to]] of Object.entries(p.windows)) {
      batch.add("fund_guide", C.guide, [
        p.id, Number(y), `${y}年度${p.name}项目申报指南`, `支持${p.categories.join("、")}等方向`,
        "在贵州省内依法登记注册、具有独立法人资格；项目已纳入项目库并设定绩效目标；近三年无严重失信记录；同一单位同一项目不得重复申请省级部门管理的资金",
        from, to, addDays(from as LegalDate, -5), GUIDE_EXTRAS[p.ruleSet],
      ]);
    }
  }

  // --- projects through the review chain, as far as their dates reach by today
  const unitYear = new Map<string, { projectId: string; amount: number; category: string | null }[]>();
  const lineNeeds = new Map<string, number>();
  const allocated: Allocated[] = [];
  const pairs = programs.flatMap((p) => Object.keys(p.windows).map((y) => [[p, Number(y)] as const, p.weight * YEAR_WEIGHT[Number(y)]] as const));
  const smes = ents.filter((e) => e.size !== "large");
  const usedNames = new Set<string>();
  const flush = async () => {
    if (batch.rows < 60_000) return;
    await loader.submit(batch);
    batch = new Batch("专项资金 funds");
    await tick();
  };

  for (let i = 0; i < plan.projects; i++) {
    const [program, year] = rng.weighted(pairs);
    const fund = program.ruleSet;
    const ent = fund === "ZXZJ" ? smes[rng.int(0, smes.length - 1)] : ents[rng.int(0, ents.length - 1)];
    const [winFrom, winTo] = program.windows[year];
    const span = Math.round((Date.parse(winTo) - Date.parse(winFrom)) / 86_400_000);
    const filed = addDays(winFrom as LegalDate, rng.int(0, span));
    const regionCode = ent.regionCode;
    const prefecture = ent.prefecture;
    const provincialEnterprise = ent.size === "large" && rng.chance(0.3);
    const keyProject = rng.chance(1 / 7);
    const filingLevel: Allocated["filingLevel"] = provincialEnterprise ? "province" : regionCode !== prefecture ? "county" : "prefecture";
    let name = `${ent.name.replace(/(股份有限公司|有限责任公司|有限公司)$/, "")}${rng.pick(PROJECT_WORDS)}项目`;
    if (usedNames.has(name)) name = name.replace(/项目$/, `（${year}年）项目`);
    for (let k = 2; usedNames.has(name); k++) name = name.replace(/(（\d+期）)?项目$/, `（${k}期）项目`);
    usedNames.add(name);
    const settings = fundSettingsAt(fund, filed as LegalDate).value;
    const exempt = fund === "GXZJ" && program.code === "GXZJ-LSZZ" && rng.chance(0.03) ? "phosphogypsum" : null;
    let amount = (fund === "GXZJ" ? rng.int(30, 900) : rng.int(20, 450)) * WAN;
    if (exempt) amount = rng.int(1200, 3000) * WAN;
    const totalInvestment = rng.chance(0.02) ? rng.int(50_000, 120_000) * WAN : amount * rng.int(3, 12);
    const start = addDays(filed as LegalDate, -rng.int(30, 200));
    const constructionEnd = addDays(filed as LegalDate, rng.int(360, 720));
    const projectId = ids.take("fund_project");
    const createdAt = addDays(filed as LegalDate, -rng.int(10, 60));
    // library: GXZJ projects are reviewed into the library; a few are still waiting or refused
    const libraryRoll = rng.next();
    const libraryStatus = fund === "GXZJ" && libraryRoll < 0.02 && lte(addDays(TODAY as LegalDate, -60), createdAt) ? "pending_review" : fund === "GXZJ" && libraryRoll < 0.03 ? "refused" : "entered";
    const enteredOn = libraryStatus === "entered" ? minD(addDays(createdAt as LegalDate, rng.int(3, 20)), filed) : null;
    batch.add("fund_project", C.project, [
      projectId, program.id, ent.id, regionCode, name, exempt ? "磷石膏综合利用" : rng.pick(program.categories), exempt,
      `${start} 开工，${constructionEnd} 前建成；分设备购置、安装调试、试生产三个阶段实施。`, totalInvestment, Math.round(totalInvestment * 0.7), start, constructionEnd,
      filingLevel, provincialEnterprise, keyProject, fund === "ZXZJ" && rng.chance(0.03), rng.int(5, 400), rng.int(10, 5000) * WAN, rng.chance(0.3),
      libraryStatus, enteredOn, libraryStatus === "refused" ? "项目内容属于负面清单（楼堂馆所建设），不予入库" : null, localIndustry.name, at(rng, createdAt),
    ]);
    audit(batch, { at: at(rng, createdAt), who: localIndustry, entity: "fund-project", entityId: projectId, action: "create", after: { id: projectId, programId: program.id, enterpriseId: ent.id, name, regionCode, totalInvestmentFen: totalInvestment }, regionCode });
    const goals: [string, string, string, "higher" | "lower", number][] = [
      ["新增产值", "万元", String(rng.int(20, 200) * 100), "higher", 40],
      ["新增就业", "人", String(rng.int(10, 200)), "higher", 30],
      ["单位产值综合能耗", "吨标煤/万元", (rng.int(30, 120) / 100).toFixed(2), "lower", 30],
    ];
    summary.projects++;
    // no application: still in the library (or refused), or the unit did not apply this year
    if (libraryStatus !== "entered" || rng.chance(0.06)) {
      for (const g of goals) batch.add("fund_goal", C.goal, [projectId, ...g, null]);
      await flush();
      continue;
    }

    // the chain's dates, as far as they reach by today (the working-day calendar ends with 2026)
    const dates: Record<string, string> = { filed };
    const next = (from: string, lo: number, hi: number) => (lte(from, TODAY) ? addWorkingDays(from as LegalDate, rng.int(lo, hi), cal) : "9999-12-31");
    dates.prereviewed = next(filed, 4, 12);
    dates.first_reviewed = next(dates.prereviewed, 5, 12);
    dates.expert_reviewed = next(dates.first_reviewed, 6, 15);
    dates.ranked = next(dates.expert_reviewed, 4, 10);
    dates.decided = next(dates.ranked, 4, 10);
    const pubStart = lte(dates.decided, TODAY) ? nextWorkingDayOnOrAfter(minD(addDays(dates.decided as LegalDate, rng.int(1, 5)), TODAY) as LegalDate, cal) : null;
    const pub = pubStart ? publicityEndDate({ fund, startDate: pubStart, workingDays: program.publicityDays }, cal).value : { start: "9999-12-31" as LegalDate, end: "9999-12-31" as LegalDate };
    dates.publicity = pub.start;
    dates.approved = lte(pub.end, TODAY) ? next(pub.end, 3, 8) : "9999-12-31";
    dates.allocated = next(dates.approved, 2, 6);
    let reached = -1;
    for (const [n, st] of ORDER.entries()) if (lte(dates[st], TODAY)) reached = n;
    let status: string = ORDER[reached];
    let returnedReason: string | null = null;
    let outcome: "returned" | "rejected" | "objection_upheld" | null = null;
    const roll = rng.next();
    if (roll < 0.04) outcome = "returned";
    else if (roll < 0.14 && reached >= 4) outcome = "rejected";
    else if (roll < 0.145 && reached >= 6 && lte(addDays(pub.start, 4), TODAY)) outcome = "objection_upheld";
    const appId = ids.take("fund_application");
    const required = requiredApplicationDocuments({ fund, date: filed as LegalDate, isProvincialEnterprise: provincialEnterprise, guideExtras: GUIDE_EXTRAS[fund] }).value.map((d) => d.name);
    if (outcome === "returned") {
      status = "returned";
      reached = 0;
      returnedReason = `缺少${required.at(-1)}，请补正后重新提交`;
    } else if (outcome === "rejected") {
      status = "rejected";
      reached = 4;
    } else if (outcome === "objection_upheld") {
      status = "objection_upheld";
      reached = 6;
    }
    // allocation within the caps (per unit, fund and year across every program of the fund; per project)
    let decidedOn = dates.allocated;
    if (fund === "ZXZJ" && decidedOn > "2025-12-31") decidedOn = "2025-12-20";
    const key = `${fund}:${year}:${ent.id}`;
    const existing = unitYear.get(key) ?? [];
    const capInput = (a: number) => ({
      fund, date: decidedOn as LegalDate, year, unitId: String(ent.id), projectId: String(projectId), amount: a as Fen, category: exempt as ExemptCategory | null,
      existingAllocations: existing.map((e) => ({ ...e, amount: e.amount as Fen, category: e.category as never })),
      programCaps: { name: program.name, unitYearCap: settings.unitYearCap, projectCap: settings.projectCap },
    });
    const requested = amount;
    let caps: ReturnType<typeof checkAllocationCaps> | null = null;
    if (status === "allocated") {
      caps = checkAllocationCaps(capInput(amount));
      if (caps.outcome === "block") {
        amount = Math.floor(Math.min(caps.value.projectRoom, caps.value.unitYearRoom) / WAN) * WAN;
        if (amount >= 10 * WAN) caps = checkAllocationCaps(capInput(amount));
      }
      if (amount < 10 * WAN || caps.outcome === "block") {
        // no room left under the unit's yearly cap in this fund: the collective decision did not support it
        status = "rejected";
        reached = 4;
      }
    }
    const supportMode: SupportMode = fund === "GXZJ" ? rng.pick(["direct_subsidy", "award_in_lieu", "award_in_lieu", "interest_subsidy"] as const) : rng.pick(["award_in_lieu", "direct_subsidy", "interest_subsidy"] as const);
    const filedAt = at(rng, filed);
    const decisionRef = reached >= 5 ? `${fund === "GXZJ" ? "黔工信资" : "黔中小资"}〔${year}〕${rng.int(10, 90)}号` : null;
    const approvalRef = reached >= 7 ? `${fund === "GXZJ" ? "黔财工" : "黔工信函"}〔${year}〕${rng.int(20, 90)}号` : null;
    batch.add("fund_application", C.application, [
      appId, projectId, program.id, year, status, supportMode, requested, filed, required, reached >= 4 ? rng.int(6000, 9500) : null, decisionRef,
      reached >= 5 ? dates.decided : null, reached >= 5 ? requested : null, reached >= 6 ? pub.start : null, reached >= 6 ? pub.end : null, approvalRef, reached >= 7 ? dates.approved : null, returnedReason, filedAt,
    ]);
    const uploaded = status === "returned" || (status === "filed" && rng.chance(0.5)) ? required.slice(0, -1) : required;
    for (const kind of uploaded) batch.add("fund_application_document", C.document, [appId, kind, `${kind}.pdf`, "application/pdf", DEMO_PDF.byteLength, DEMO_PDF_SHA256, DEMO_PDF, localIndustry.name, filedAt]);
    audit(batch, { at: filedAt, who: localIndustry, entity: "fund-application", entityId: appId, action: "file", after: { id: appId, projectId, programId: program.id, year, status: "filed", requestedFen: requested }, regionCode });
    summary.applications++;
    const step = (st: string, onDate: string, who: Person, note: string | null = null) => {
      const when = at(rng, onDate);
      batch.add("fund_review_step", C.step, [appId, st, onDate, who.name, who.userId, note, when]);
      if (st !== "filed") audit(batch, { at: when, who, entity: "fund-application", entityId: appId, action: st, after: { status: st, note }, regionCode });
    };
    step("filed", filed, localIndustry);
    if (status === "returned") step("returned", addWorkingDays(filed as LegalDate, rng.int(2, 6), cal), localIndustry, "材料不全");
    for (const [n, st] of ORDER.entries()) {
      if (n === 0 || n > reached || st === "allocated") continue;
      step(st, dates[st], n === 1 ? localIndustry : n >= 7 ? people.finance : provinceReview);
    }
    if (reached >= 3) {
      for (const ex of experts) {
        const when = at(rng, dates.expert_reviewed);
        const score = rng.int(6500, 9600);
        batch.add("fund_expert_score", C.score, [appId, ex.id, ex.name, score, "方案可行，绩效目标明确", when]);
        audit(batch, { at: when, who: { userId: ex.id, name: ex.name, orgId: refs.org.provinceIndustry }, entity: "fund-application", entityId: appId, action: "score", after: { scoreCenti: score } });
      }
    }
    if (status === "rejected") step("rejected", dates.ranked, provinceReview, caps ? "单位本年度在该专项资金的支持额度已满，集体决策未予支持" : "排序靠后，集体决策未予支持");
    if (status === "objection_upheld") {
      batch.add("fund_objection", C.objection, [appId, addDays(pub.start, 1), "匿名举报人（联系电话 139****0000）", "该项目设备已于上年度获其他省级资金支持", "upheld", "经核实，该项目同一设备已获省级资金支持，异议成立，取消支持", addDays(pub.start, 4)]);
      step("objection_upheld", addDays(pub.start, 4), provinceReview);
    } else if (status === "publicity" && rng.chance(0.15)) {
      const on = minD(addDays(pub.start, 1), TODAY);
      batch.add("fund_objection", C.objection, [appId, on, "同行企业（联系人 王某）", "质疑申报的新增就业人数与社保缴纳人数不符", rng.chance(0.5) ? "filed" : "verified", null, null]);
    } else if (reached >= 7 && rng.chance(0.03)) {
      batch.add("fund_objection", C.objection, [appId, addDays(pub.start, 1), "个人来信", "反映企业存在环保问题", "rejected", "经核实，企业环保手续齐全，无行政处罚记录，异议不成立", addDays(pub.start, 3)]);
    }
    if (status !== "allocated") {
      for (const g of goals) batch.add("fund_goal", C.goal, [projectId, ...g, null]);
      await flush();
      continue;
    }

    existing.push({ projectId: String(projectId), amount, category: exempt });
    unitYear.set(key, existing);
    const level: Allocated["level"] = provincialEnterprise || rng.chance(0.1) ? "provincial" : "transfer";
    const budgetRegion = level === "provincial" ? PROVINCE : prefecture;
    const lineKey = `${program.id}:${year}:${budgetRegion}`;
    lineNeeds.set(lineKey, (lineNeeds.get(lineKey) ?? 0) + amount);
    const allocationId = ids.take("fund_allocation");
    const a: Allocated = { id: allocationId, program, year, ent, projectId, regionCode, prefecture, level, budgetRegion, amount, decidedOn, keyProject, provincialEnterprise, totalInvestment, filingLevel, constructionEnd };
    allocated.push(a);
    step("allocated", decidedOn, people.finance, `${supportMode === "award_in_lieu" ? "以奖代补" : supportMode === "interest_subsidy" ? "融资贴息" : "直接补助"} ${(amount / 100).toFixed(2)} 元`);
    const prepay = lte(decidedOn, "2025-12-31") ? prepaymentLimit({ plannedAward: amount as Fen, isKeyProject: keyProject, date: decidedOn as LegalDate }).value.maxPrepayment : 0;
    const allocAt = at(rng, decidedOn);
    (a as Allocated & { row: unknown[] }).row = [allocationId, appId, projectId, program.id, ent.id, year, supportMode, level, budgetRegion, amount, prepay, decidedOn, record(caps!), null, null, null];
    (a as Allocated & { at: string }).at = allocAt;
    audit(batch, { at: allocAt, who: people.finance, entity: "fund-allocation", entityId: allocationId, action: "allocate", after: { amountFen: amount, overrideBy: null, overrideReason: null, cap: caps!.outcome, priorDecision: null }, regionCode });
    (a as Allocated & { goals: typeof goals }).goals = goals;
    await flush();
  }

  // --- after allocation: tranches, adjustments, acceptance, recoveries (planned here, money written below)
  interface Tranche {
    a: Allocated;
    n: number;
    kind: "prepayment" | "progress" | "final";
    amount: number;
    on: string;
  }
  const tranches: Tranche[] = [];
  const recoveries: { a: Allocated; kind: "acceptance_failed" | "sanction"; amount: number; on: string; reason: string }[] = [];
  for (const a of allocated) {
    const fund = a.program.ruleSet;
    // the allocation row goes first (its adjustment and acceptance reference it); it is written once its status is known
    const after: [string, readonly string[], unknown[]][] = [];
    const termEnd = fund === "ZXZJ" ? "2025-12-31" : TODAY;
    const payLimit = minD(TODAY, fund === "ZXZJ" ? "2025-12-31" : TODAY);
    const issued = a.level === "transfer" ? budgetDates(a.year).issued : budgetDates(a.year).approved;
    const earliest = addDays(maxD(a.decidedOn, issued) as LegalDate, 1);
    const prepaid = a.keyProject && lte(a.decidedOn, "2025-12-31");
    const plan: Tranche[] = [];
    const d1 = maxD(addDays(a.decidedOn as LegalDate, rng.int(20, 60)), earliest);
    if (prepaid && lte(d1, payLimit)) plan.push({ a, n: 1, kind: "prepayment", amount: Math.floor(a.amount / 2), on: d1 });
    else if (!prepaid && rng.chance(0.65) && lte(d1, payLimit)) plan.push({ a, n: 1, kind: "progress", amount: Math.round((a.amount * rng.int(30, 60)) / 100), on: d1 });
    let accOn: string | null = addDays(a.decidedOn as LegalDate, rng.int(270, 480));
    if (fund === "ZXZJ") accOn = lte(accOn, termEnd) ? accOn : lte(addDays(a.decidedOn as LegalDate, 150), "2025-12-30") ? "2025-12-30" : null;
    if (accOn && !lte(accOn, TODAY)) accOn = null;
    const sanctioned = fund === "GXZJ" && plan.length > 0 && rng.chance(0.004);
    let result: "passed" | "failed" | null = null;
    let adjustments = 0;
    if (rng.chance(0.05)) {
      const reqOn = minD(addDays(a.decidedOn as LegalDate, rng.int(60, 200)), a.constructionEnd);
      if (lte(reqOn, TODAY) && (fund === "GXZJ" || lte(reqOn, "2025-12-31"))) {
        const v = adjustmentPermission({ fund, requestDate: reqOn as LegalDate, filingLevel: a.filingLevel, constructionPeriodEnd: a.constructionEnd as LegalDate, priorAdjustments: 0 });
        if (v.value.allowed) {
          after.push(["fund_adjustment", C.adjustment, [a.id, reqOn, "主要设备由进口改为国产同类设备，建设内容和绩效目标不变", "approved", v.value.approver, record(v), v.value.approver]]);
          audit(batch, { at: at(rng, reqOn), who: people.industry, entity: "fund-allocation", entityId: a.id, action: "adjust", before: { adjustments: 0 }, after: { status: "active", approver: v.value.approver, recovered: 0 } });
          adjustments = 1;
        }
      }
    }
    // the rule book cannot route a ZXZJ project at a 市州-level location funded by the province (no county to accept
    // it, ZXZJ-206 Art.22); the app refuses those acceptances too, so such projects stay unaccepted here
    let routing: ReturnType<typeof acceptanceRouting> | null = null;
    if (!sanctioned && accOn) {
      try {
        routing = acceptanceRouting({ fund, date: accOn as LegalDate, totalInvestment: a.totalInvestment as Fen, isProvincialEnterprise: a.provincialEnterprise, fundingLevel: a.level === "provincial" ? "province" : a.regionCode !== a.prefecture ? "county" : "prefecture", regionCode: a.regionCode });
      } catch (err) {
        if (!(err instanceof RuleInputError)) throw err;
        summary.unroutable++;
      }
    }
    if (routing && accOn) {
      result = rng.chance(0.96) ? "passed" : "failed";
      const v = routing;
      const acceptanceId = ids.take("fund_acceptance");
      after.push(["fund_acceptance", C.acceptance, [acceptanceId, a.id, v.value.level, v.value.body, result, accOn, result === "passed" ? "建设内容和绩效目标基本完成" : "主要绩效目标未完成，验收不通过", record(v), v.value.body]]);
      audit(batch, { at: at(rng, accOn), who: people.industry, entity: "fund-acceptance", entityId: acceptanceId, action: "accept", after: { result, body: v.value.body } });
      if (result === "passed") {
        const paid = plan.reduce((s, t) => s + t.amount, 0);
        const fin = maxD(addDays(accOn as LegalDate, rng.int(10, 40)), earliest);
        if (lte(fin, payLimit) && a.amount - paid > 0) plan.push({ a, n: plan.length + 1, kind: "final", amount: a.amount - paid, on: fin });
      } else {
        const paid = plan.reduce((s, t) => s + t.amount, 0);
        if (paid > 0) recoveries.push({ a, kind: "acceptance_failed", amount: paid, on: accOn, reason: "验收不通过，收回已拨付资金" });
      }
    }
    if (sanctioned) {
      const on = minD(addDays(plan[0].on as LegalDate, rng.int(60, 300)), TODAY);
      recoveries.push({ a, kind: "sanction", amount: plan.reduce((s, t) => s + t.amount, 0), on, reason: "项目单位虚报冒领专项资金，追回已拨付资金并取消三年申报资格（GXZJ-35 第三十条）" });
      const ban = applicationBanEnd({ fund: "GXZJ", decisionDate: on as LegalDate });
      const banId = ids.take("fund_ban");
      after.push(["fund_ban", C.ban, [banId, a.ent.id, a.program.id, on, ban.value.lastBannedDay, "虚报冒领专项资金，追回资金并取消三年内专项资金申报资格", people.finance.name]]);
      audit(batch, { at: at(rng, on), who: people.finance, entity: "fund-ban", entityId: banId, action: "ban", after: { enterpriseId: a.ent.id, programId: a.program.id, decidedOn: on, lastBannedDay: ban.value.lastBannedDay } });
    }
    tranches.push(...plan);
    const paidAll = plan.reduce((s, t) => s + t.amount, 0) === a.amount;
    const status = sanctioned || result === "failed" ? "recovered" : result === "passed" && paidAll ? "completed" : "active";
    const extra = a as Allocated & { row: unknown[]; at: string; goals: [string, string, string, string, number][] };
    batch.add("fund_allocation", C.allocation, [...extra.row, status, adjustments, extra.at]);
    for (const [table, cols, values] of after) batch.add(table, cols, values as never);
    for (const g of extra.goals) batch.add("fund_goal", C.goal, [a.projectId, ...g, result === "passed" && g[0] === "新增就业" ? String(rng.int(10, 200)) : null]);
    summary.allocations++;
    await flush();
  }
  await loader.submit(batch);
  batch = new Batch("专项资金账务 funds ledger");

  // --- accounts, budgets (one approve journal per line, one issue journal per transfer), payments, recoveries
  const accounts = new Map<string, number>();
  const account = (code: string, name: string, kind: "asset" | "equity" | "expense", owner: number, guard: boolean) => {
    let id = accounts.get(code);
    if (id === undefined) {
      id = ids.take("ledger_account");
      accounts.set(code, id);
      batch.add("ledger_account", LEDGER_ACCOUNT_COLUMNS, [id, code, name, kind, "funds", owner, guard, "2023-04-20 09:00:00+08"]);
    }
    return id;
  };
  const regions = [PROVINCE, ...PREFECTURES.map((p) => p.code)];
  interface Line {
    id: number;
    program: (typeof programs)[number];
    year: number;
    region: string;
    amount: number;
    need: number;
    issuedOn: string | null;
  }
  const lines: Line[] = [];
  for (const p of programs) {
    for (const y of Object.keys(p.windows).map(Number)) {
      for (const r of regions) {
        const need = lineNeeds.get(`${p.id}:${y}:${r}`) ?? 0;
        const spare = r === PROVINCE ? rng.int(5, 30) * 100 * WAN : rng.chance(0.45) ? rng.int(2, 30) * 10 * WAN : need === 0 ? 50 * WAN : 0;
        lines.push({ id: ids.take("fund_budget"), program: p, year: y, region: r, amount: need + spare, need, issuedOn: r === PROVINCE ? null : budgetDates(y).issued });
        account(FUNDS_ACCOUNTS.budget(p.code, y, r), `${p.code} ${y} ${r === PROVINCE ? "省级预算（省财政厅）" : `${regionName(r)}转移支付`}`, "asset", financeOf(r), true);
      }
      account(FUNDS_ACCOUNTS.appropriation(p.code, y), `${p.name}${y}年度预算`, "equity", refs.org.provinceFinance, false);
    }
    for (const r of PREFECTURES) account(FUNDS_ACCOUNTS.paid(p.code, r.code), `${p.code} 已拨付（${r.name}项目）`, "expense", financeOf(r.code), false);
  }
  for (const l of lines) {
    const { approved, issued } = budgetDates(l.year);
    const approveAt = at(rng, approved);
    const provinceAcct = accounts.get(FUNDS_ACCOUNTS.budget(l.program.code, l.year, PROVINCE))!;
    const approveJournal = journal(batch, ids, {
      idempotencyKey: `funds:budget:${l.id}`,
      kind: "funds.budget",
      memo: `${l.year}年度${l.program.code}预算批复（${regionName(l.region)}${l.region === PROVINCE ? "省本级" : "转移支付"}）`,
      valueDate: approved,
      postings: [
        { accountId: provinceAcct, amountFen: l.amount },
        { accountId: accounts.get(FUNDS_ACCOUNTS.appropriation(l.program.code, l.year))!, amountFen: -l.amount },
      ],
      at: approveAt,
      who: people.finance,
    });
    let issueJournal: number | null = null;
    if (l.region !== PROVINCE) {
      issueJournal = journal(batch, ids, {
        idempotencyKey: `funds:issue:${l.id}`,
        kind: "funds.issue",
        memo: `下达${regionName(l.region)}${l.year}年度${l.program.code}专项资金`,
        valueDate: issued,
        postings: [
          { accountId: accounts.get(FUNDS_ACCOUNTS.budget(l.program.code, l.year, l.region))!, amountFen: l.amount },
          { accountId: provinceAcct, amountFen: -l.amount },
        ],
        at: at(rng, issued),
        who: people.finance,
      });
    }
    batch.add("fund_budget", C.budget, [l.id, l.program.id, l.year, l.region === PROVINCE ? "provincial" : "transfer", l.region, l.amount, approved, l.issuedOn, false, approveJournal, issueJournal, approveAt]);
    audit(batch, { at: approveAt, who: people.finance, entity: "fund-budget", entityId: l.id, action: "approve", after: { id: l.id, programId: l.program.id, year: l.year, regionCode: l.region, amountFen: l.amount, journalId: approveJournal } });
    if (issueJournal) audit(batch, { at: at(rng, issued), who: people.finance, entity: "fund-budget", entityId: l.id, action: "issue", after: { issuedOn: issued, journalId: issueJournal } });
  }
  await loader.submit(batch);
  batch = new Batch("专项资金账务 funds ledger");

  tranches.sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : x.a.id - y.a.id || x.n - y.n));
  const payees = ["enterprise_basic", "enterprise_general"] as const;
  for (const t of tranches) {
    const a = t.a;
    const when = at(rng, t.on);
    const jid = journal(batch, ids, {
      idempotencyKey: `funds:payment:${a.id}:${t.n}`,
      kind: "funds.payment",
      memo: `拨付 ${a.ent.name} 第${t.n}笔`,
      valueDate: t.on,
      postings: [
        { accountId: accounts.get(FUNDS_ACCOUNTS.paid(a.program.code, a.prefecture))!, amountFen: t.amount },
        { accountId: accounts.get(FUNDS_ACCOUNTS.budget(a.program.code, a.year, a.budgetRegion))!, amountFen: -t.amount },
      ],
      at: when,
      who: people.finance,
    });
    const paymentId = ids.take("fund_payment");
    batch.add("fund_payment", C.payment, [paymentId, a.id, t.n, t.kind, t.amount, t.on, a.ent.name, payees[t.n % 2], `6217${String(a.ent.id).padStart(8, "0")}${t.n}`, jid, people.finance.name]);
    audit(batch, { at: when, who: people.finance, entity: "fund-payment", entityId: paymentId, action: "pay", after: { allocationId: a.id, tranche: t.n, amountFen: t.amount, journalId: jid } });
    summary.payments++;
    if (batch.rows >= 60_000) {
      await loader.submit(batch);
      batch = new Batch("专项资金账务 funds ledger");
      await tick();
    }
  }
  for (const r of recoveries) {
    const when = at(rng, r.on);
    const jid = journal(batch, ids, {
      idempotencyKey: `funds:recovery:${r.kind}:${r.a.id}`,
      kind: "funds.recovery",
      memo: `收回专项资金（${r.reason.slice(0, 40)}）`,
      valueDate: r.on,
      postings: [
        { accountId: accounts.get(FUNDS_ACCOUNTS.budget(r.a.program.code, r.a.year, PROVINCE))!, amountFen: r.amount },
        { accountId: accounts.get(FUNDS_ACCOUNTS.paid(r.a.program.code, r.a.prefecture))!, amountFen: -r.amount },
      ],
      at: when,
      who: people.finance,
    });
    const recoveryId = ids.take("fund_recovery");
    batch.add("fund_recovery", C.recovery, [recoveryId, r.kind, null, r.a.id, r.a.regionCode, r.amount, r.on, r.reason, null, jid, people.finance.name]);
    audit(batch, { at: when, who: people.finance, entity: "fund-recovery", entityId: recoveryId, action: "recover", after: { kind: r.kind, amountFen: r.amount, journalId: jid } });
  }
  // two-year-old unallocated GXZJ transfers: most taken back to the province (GXZJ-35 Art.24), the rest on the due list
  for (const l of lines) {
    if (l.program.ruleSet !== "GXZJ" || l.region === PROVINCE || !l.issuedOn) continue;
    const spare = l.amount - l.need;
    const twoYears = addDays(`${Number(l.issuedOn.slice(0, 4)) + 2}${l.issuedOn.slice(4)}` as LegalDate, rng.int(5, 60));
    if (spare <= 0 || !lte(twoYears, TODAY) || !rng.chance(0.6)) continue;
    const v = carryOverStatus({ fund: "GXZJ", approvalDate: l.issuedOn as LegalDate, asOf: twoYears as LegalDate, unused: spare as Fen, level: "transfer", allocated: false });
    const when = at(rng, twoYears);
    const jid = journal(batch, ids, {
      idempotencyKey: `funds:carry-over:${l.id}`,
      kind: "funds.carry-over",
      memo: `${l.year}年度${l.program.code}转移支付结转两年未分配，收回省级`,
      valueDate: twoYears,
      postings: [
        { accountId: accounts.get(FUNDS_ACCOUNTS.budget(l.program.code, l.year, PROVINCE))!, amountFen: spare },
        { accountId: accounts.get(FUNDS_ACCOUNTS.budget(l.program.code, l.year, l.region))!, amountFen: -spare },
      ],
      at: when,
      who: people.finance,
    });
    const recoveryId = ids.take("fund_recovery");
    batch.add("fund_recovery", C.recovery, [recoveryId, "carry_over", l.id, null, l.region, spare, twoYears, "市县财政尚未分配并结转两年以上，通过上下级结算收回省级财政总预算（GXZJ-35 第二十四条）", record(v), jid, people.finance.name]);
    audit(batch, { at: when, who: people.finance, entity: "fund-recovery", entityId: recoveryId, action: "recover", after: { kind: "carry_over", amountFen: spare, journalId: jid } });
  }
  await loader.submit(batch);
  return summary;
}
