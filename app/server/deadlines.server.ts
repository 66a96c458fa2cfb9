import { and, eq, gte, isNull, lte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { rowsOf } from "#db/client";
import {
  enterprise,
  fundAcceptance,
  fundAllocation,
  fundApplication,
  fundBan,
  fundProgram,
  fundProject,
  ledgerAccount,
  organisation,
  poolContribution,
  xdtBank,
  xdtClaim,
  xdtLoan,
  xdtMonthlyReport,
  xdtQuarterlyReport,
  xdtRecovery,
  xdtRiskEvent,
} from "#db/schema";
import { addDays, addMonths, CITES, DEADLINES, formatCitation, fromParts, monthlyReportDue, monthOf, quarterlyReportDue, yearOf, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { CurrentUser } from "./auth.server";
import type { Tx } from "./db.server";
import { workingCalendar } from "./calendar.server";
import { ownerOrgCondition, regionCondition } from "./scope.server";
import { openRectifications } from "./perf/monitoring.server";
import { carryOverClocks } from "./funds/overview.server";
import { parseListParams } from "./list.server";

/**
 * 待办 (issue 6 §7): every clock the rules set that concerns the signed-in user, in their scope, sorted by due date
 * with overdue first. Clock names and bases come from the rule book's DEADLINES catalogue; scope is applied in SQL.
 */
export interface DeadlineItem {
  key: string;
  clock: string;
  area: "信贷通" | "专项资金" | "企业" | "基础数据";
  subject: string;
  href: string | null;
  due: string;
  status: "overdue" | "due";
  /** who must act, per the rule */
  actor: string;
  basis: string;
}

/** How far ahead the page looks for clocks that have no event yet (reviews, ends of periods). */
const LOOKAHEAD_DAYS = 90;

type Audience = "bank" | "trustee" | "office" | "industry" | "finance" | "auditor" | "admin" | "none";

function audienceOf(user: CurrentUser): Audience {
  if (user.role === "bank") return "bank";
  if (user.role === "trustee") return "trustee";
  if (user.role === "auditor") return "auditor";
  if (user.role === "industry") return user.orgKind === "xdt_office" ? "office" : "industry";
  if (user.role === "finance") return "finance";
  if (user.role === "admin") return "admin";
  return "none";
}

function catalogue(id: string) {
  const entry = DEADLINES.find((d) => d.id === id);
  if (!entry) throw new Error(`rules DEADLINES has no clock ${id}`);
  return { clock: entry.name, actor: entry.actor, basis: entry.cites.map(formatCitation).join("；") };
}

function item(id: string, key: string, area: DeadlineItem["area"], subject: string, href: string | null, due: string, today: LegalDate): DeadlineItem {
  return { key, area, subject, href, due, status: today > due ? "overdue" : "due", ...catalogue(id) };
}

interface Counts {
  total: number;
  overdue: number;
}

/**
 * One kind of clock: its items for the 待办 page, and its counts for the navigation — from the same SQL query, so
 * the badge always agrees with the page, and the layout counts in the database instead of building every item.
 */
interface Source {
  items(tx: Tx, audience: Audience, scope: Scope, today: LegalDate): Promise<DeadlineItem[]>;
  counts(tx: Tx, audience: Audience, scope: Scope, today: LegalDate): Promise<Counts>;
}

const NONE: Counts = { total: 0, overdue: 0 };

/** Counts the rows of a clock query (a drizzle select) and those whose due date column `due` has passed. */
async function countClocks(tx: Tx, query: SQLWrapper, dueColumn: string, today: LegalDate): Promise<Counts> {
  const [row] = rowsOf<{ total: number; overdue: number }>(
    await tx.execute(sql`select count(*)::int as total, (count(*) filter (where clocks.${sql.identifier(dueColumn)} < ${today}))::int as overdue from (${query}) as clocks`),
  );
  return { total: Number(row.total), overdue: Number(row.overdue) };
}

/** A source whose clocks are the rows of one query (null: not this audience's clock). */
function querySource<Q extends SQLWrapper & PromiseLike<unknown[]>>(
  query: (tx: Tx, audience: Audience, scope: Scope, today: LegalDate) => Q | null,
  dueColumn: string,
  toItem: (row: Awaited<Q>[number], today: LegalDate) => DeadlineItem,
): Source {
  return {
    async items(tx, audience, scope, today) {
      const q = query(tx, audience, scope, today);
      return q ? ((await q) as Awaited<Q>[number][]).map((r) => toItem(r, today)) : [];
    },
    async counts(tx, audience, scope, today) {
      const q = query(tx, audience, scope, today);
      return q ? countClocks(tx, q, dueColumn, today) : NONE;
    },
  };
}

/** A bank's own records only; the 信贷通 roles and auditors all; anyone else none. */
function xdtScope(audience: Audience, scope: Scope, bankColumn: Parameters<typeof ownerOrgCondition>[1]): SQL | undefined | "skip" {
  if (audience === "bank") return ownerOrgCondition(scope, bankColumn);
  if (audience === "trustee" || audience === "office" || audience === "auditor") return undefined;
  return "skip";
}

/**
 * D-11: clocks cannot run into a year the calendar lacks. The State Council publishes the next year's schedule in
 * autumn; the administrator enters it by 1 December (README Decision), before the longest working-day clocks
 * (10 working days, 公示) reach into January.
 */
async function calendarItems(tx: Tx, audience: Audience, _scope: Scope, today: LegalDate): Promise<DeadlineItem[]> {
  if (audience !== "admin") return [];
  const next = yearOf(today) + 1;
  if ((await workingCalendar(tx)).toYear >= next) return [];
  const due = `${yearOf(today)}-12-01`;
  return [
    {
      key: `calendar-${next}`,
      clock: "录入下一年度节假日安排",
      area: "基础数据",
      subject: `工作日历尚未覆盖 ${next} 年：请按国务院办公厅通知录入放假和调休上班日期`,
      href: `/admin/calendar?year=${next}`,
      due,
      status: today > due ? "overdue" : "due",
      actor: "系统管理员",
      basis: "RULES.md D-11（工作日以国务院节假日安排为准，含调休）",
    },
  ];
}

/** At most one item: counted from the item itself. */
const calendarCoverage: Source = {
  items: calendarItems,
  async counts(tx, audience, scope, today) {
    const items = await calendarItems(tx, audience, scope, today);
    return { total: items.length, overdue: items.filter((i) => i.status === "overdue").length };
  },
};

const admissions = querySource(
  (tx, audience, scope) => {
    const where = audience === "office" ? "skip" : xdtScope(audience, scope, xdtLoan.bankOrgId);
    if (where === "skip") return null;
    return tx
      .select({ id: xdtLoan.id, contractNo: xdtLoan.contractNo, due: xdtLoan.admissionDue, enterprise: enterprise.name })
      .from(xdtLoan)
      .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
      .where(and(eq(xdtLoan.admissionStatus, "pending"), sql`${xdtLoan.admissionDue} is not null`, where));
  },
  "admission_due",
  (r, today) => item("xdt.admissionDecision", `loan-${r.id}`, "信贷通", `贷款 ${r.contractNo}（${r.enterprise}）待入库审核`, `/xdt/loans/${r.id}`, r.due!, today),
);

/** A claim's clock: the payment after the decision, else the trustee's plan (a claim with neither has no clock). */
const claimDue = sql<string>`case when ${xdtClaim.status} = 'approved' then ${xdtClaim.paymentDue} else ${xdtClaim.planDue} end`;

const claims = querySource(
  (tx, audience, scope) => {
    const where = audience === "office" ? "skip" : xdtScope(audience, scope, xdtClaim.bankOrgId);
    if (where === "skip") return null;
    return tx
      .select({ id: xdtClaim.id, status: xdtClaim.status, due: claimDue.as("due"), enterprise: enterprise.name })
      .from(xdtClaim)
      .innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId))
      .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
      .where(and(sql`${xdtClaim.status} in ('filed', 'verified', 'approved')`, sql`${claimDue} is not null`, where));
  },
  "due",
  (r, today) =>
    r.status === "approved"
      ? item("xdt.compensationPayment", `claim-pay-${r.id}`, "信贷通", `代偿申请 ${r.id}（${r.enterprise}）待支付补偿`, `/xdt/claims/${r.id}`, r.due, today)
      : item("xdt.claimPlan", `claim-plan-${r.id}`, "信贷通", `代偿申请 ${r.id}（${r.enterprise}）待形成补偿方案`, `/xdt/claims/${r.id}`, r.due, today),
);

const recoveryReturns = querySource(
  (tx, audience, scope, today) => {
    // the bank returns the money; late returns are flagged to the trustee and the office (XDT-BF Art.19)
    const where = xdtScope(audience, scope, xdtRecovery.bankOrgId);
    if (where === "skip") return null;
    return tx
      .select({ id: xdtRecovery.id, claimId: xdtRecovery.claimId, due: xdtRecovery.dueDate, bank: organisation.shortName })
      .from(xdtRecovery)
      .innerJoin(organisation, eq(organisation.id, xdtRecovery.bankOrgId))
      .where(and(isNull(xdtRecovery.returnedOn), sql`${xdtRecovery.toPoolFen} > 0`, where, audience === "bank" ? undefined : lte(xdtRecovery.dueDate, today)));
  },
  "due_date",
  (r, today) => item("xdt.recoveryReturn", `recovery-${r.id}`, "信贷通", `${r.bank} 代偿申请 ${r.claimId} 的追回款待返还`, `/xdt/claims/${r.claimId}`, r.due, today),
);

const riskEvents = querySource(
  (tx, audience, scope) => {
    const where = xdtScope(audience, scope, xdtRiskEvent.bankOrgId);
    if (where === "skip") return null;
    return tx
      .select({ id: xdtRiskEvent.id, due: xdtRiskEvent.dueDate, description: xdtRiskEvent.description, bank: organisation.shortName })
      .from(xdtRiskEvent)
      .innerJoin(organisation, eq(organisation.id, xdtRiskEvent.bankOrgId))
      .where(and(isNull(xdtRiskEvent.reportedOn), sql`${xdtRiskEvent.dueDate} is not null`, where));
  },
  "due_date",
  (r, today) => item("xdt.riskEventReport", `risk-${r.id}`, "信贷通", `${r.bank}：${r.description}`, "/xdt/reports?tab=risk&state=open", r.due!, today),
);

/** Reporting banks (listed, active or suspended) in scope that have not filed `period` in `table`; `due` is the period's. */
function banksMissingReport(tx: Tx, audience: Audience, scope: Scope, table: typeof xdtMonthlyReport | typeof xdtQuarterlyReport, period: string, due: string) {
  const where = xdtScope(audience, scope, xdtBank.orgId);
  if (where === "skip") return null;
  const periodColumn = table === xdtMonthlyReport ? xdtMonthlyReport.month : xdtQuarterlyReport.quarter;
  return tx
    .select({ orgId: xdtBank.orgId, bank: organisation.shortName, due: sql<string>`${due}::date`.as("due") })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .where(
      and(
        sql`${xdtBank.status} in ('active', 'suspended', 'listed')`,
        sql`not exists (select 1 from ${table} r where r.bank_org_id = ${xdtBank.orgId} and r.${sql.raw(periodColumn.name)} = ${period})`,
        where,
      ),
    );
}

function lastMonthOf(today: LegalDate) {
  return addMonths(fromParts(yearOf(today), monthOf(today), 1), -1);
}

function lastQuarterOf(today: LegalDate) {
  return addMonths(fromParts(yearOf(today), Math.floor((monthOf(today) - 1) / 3) * 3 + 1, 1), -3);
}

/** Last month's data is due by the 10th (XDT-TZ22 §五(四)): listed for every active bank that has not sent it. */
const monthlyReports = querySource(
  (tx, audience, scope, today) => banksMissingReport(tx, audience, scope, xdtMonthlyReport, lastMonthOf(today), monthlyReportDue(lastMonthOf(today)).value.due),
  "due",
  (r, today) => item("xdt.monthlyReport", `monthly-${r.orgId}-${lastMonthOf(today)}`, "信贷通", `${r.bank} ${lastMonthOf(today).slice(0, 7)} 月度数据`, "/xdt/reports?tab=monthly", r.due, today),
);

/** Last quarter's report is due 15 days after its end (XDT-FA §五(二)): listed for every reporting bank that has not sent it. */
const quarterlyReports = querySource(
  (tx, audience, scope, today) => banksMissingReport(tx, audience, scope, xdtQuarterlyReport, lastQuarterOf(today), quarterlyReportDue(lastQuarterOf(today)).value.due),
  "due",
  (r, today) => {
    const lastQuarter = lastQuarterOf(today);
    const label = `${lastQuarter.slice(0, 4)}年第${Math.floor((monthOf(lastQuarter) - 1) / 3) + 1}季度`;
    return item("xdt.quarterlyReport", `quarterly-${r.orgId}-${lastQuarter}`, "信贷通", `${r.bank} ${label}季度报告`, "/xdt/reports?tab=quarterly", r.due, today);
  },
);

/** Contributions not yet fully paid in (XDT-FA §一(三)): finance in its region; the trustee and auditors all. */
const contributions = querySource(
  (tx, audience, scope) => {
    if (!["finance", "trustee", "auditor"].includes(audience)) return null;
    return tx
      .select({ id: poolContribution.id, due: poolContribution.dueDate, contributor: organisation.name })
      .from(poolContribution)
      .innerJoin(organisation, eq(organisation.id, poolContribution.contributorOrgId))
      .innerJoin(ledgerAccount, eq(ledgerAccount.id, poolContribution.accountId))
      // paid in = the credit on the contribution account (its stored balance, negated)
      .where(and(sql`-${ledgerAccount.balanceFen} < ${poolContribution.dueFen}`, audience === "finance" ? ownerOrgCondition(scope, poolContribution.contributorOrgId) : undefined));
  },
  "due_date",
  (r, today) => ({
    key: `contribution-${r.id}`,
    clock: "信贷通出资到位",
    area: "信贷通" as const,
    subject: `${r.contributor} 出资尚未全部到位`,
    href: "/pool",
    due: r.due,
    status: today > r.due ? ("overdue" as const) : ("due" as const),
    actor: "出资单位",
    basis: "《贵州省中小企业信贷通设立方案》（黔工信办〔2021〕8号）一（三）",
  }),
);

/** Special-fund clocks, in the user's region (project location). */
function fundsAudience(audience: Audience, wanted: Audience[]): boolean {
  return audience === "auditor" || wanted.includes(audience);
}

const publicityEnds = querySource(
  (tx, audience, scope) => {
    if (!fundsAudience(audience, ["industry", "finance"])) return null;
    return tx
      .select({ id: fundApplication.id, projectId: fundProject.id, project: fundProject.name, end: fundApplication.publicityEnd })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
      .where(and(eq(fundApplication.status, "publicity"), sql`${fundApplication.publicityEnd} is not null`, regionCondition(scope, fundProject.regionCode)));
  },
  "publicity_end",
  (r, today) => item("funds.publicity", `publicity-${r.id}`, "专项资金", `${r.project} 公示期结束`, `/funds/projects/${r.projectId}`, r.end!, today),
);

const acceptances = querySource(
  (tx, audience, scope, today) => {
    if (!fundsAudience(audience, ["industry"])) return null;
    return tx
      .select({ id: fundAllocation.id, projectId: fundProject.id, project: fundProject.name, end: fundProject.constructionEnd, program: fundProgram.ruleSet })
      .from(fundAllocation)
      .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
      .innerJoin(fundProgram, eq(fundProgram.id, fundAllocation.programId))
      .where(
        and(
          eq(fundAllocation.status, "active"),
          lte(fundProject.constructionEnd, addDays(today, LOOKAHEAD_DAYS)),
          sql`not exists (select 1 from ${fundAcceptance} a where a.allocation_id = ${fundAllocation.id})`,
          regionCondition(scope, fundProject.regionCode),
        ),
      );
  },
  "construction_end",
  (r, today) => ({
    key: `acceptance-${r.id}`,
    clock: "项目验收",
    area: "专项资金" as const,
    subject: today > r.end ? `${r.project} 已完工未验收` : `${r.project} 建设期将结束，需组织验收`,
    href: `/funds/projects/${r.projectId}`,
    due: r.end,
    status: today > r.end ? ("overdue" as const) : ("due" as const),
    actor: "验收组织部门",
    basis: r.program === "GXZJ" ? "《贵州省工业和信息化发展专项资金管理办法》（黔财工〔2023〕35号）项目验收" : "《贵州省中小企业发展专项资金管理办法》（黔财工〔2023〕206号）项目验收",
  }),
);

/**
 * Carry-over (GXZJ-35 Art.24; ZXZJ-206 Art.21): what the rule book's carryOverStatus says will be or is recovered —
 * unallocated budget-line money and unpaid allocated money reaching the 2-year mark within the look-ahead
 * (`carryOverClocks`, the carry-over page's verdicts). The rule decides in TypeScript, so these clocks are counted
 * from their items: a region holds a few dozen budget lines and a few hundred allocations.
 */
async function carryOverItems(tx: Tx, audience: Audience, scope: Scope, today: LegalDate): Promise<DeadlineItem[]> {
  if (!fundsAudience(audience, ["finance"])) return [];
  const clocks = await carryOverClocks(tx, scope, today, addDays(today, LOOKAHEAD_DAYS));
  // each item cites the article its verdict applied (the transfer or the provincial clause), not the catalogue's three
  return clocks.map((c) => ({ ...item("funds.carryOver", c.key, "专项资金", c.subject, c.href, c.due, today), basis: c.basis || catalogue("funds.carryOver").basis }));
}

const carryOvers: Source = {
  items: carryOverItems,
  async counts(tx, audience, scope, today) {
    const items = await carryOverItems(tx, audience, scope, today);
    return { total: items.length, overdue: items.filter((i) => i.status === "overdue").length };
  },
};

const banEnds = querySource(
  (tx, audience, scope, today) => {
    if (!fundsAudience(audience, ["industry", "finance"])) return null;
    return tx
      .select({ id: fundBan.id, enterprise: enterprise.name, last: fundBan.lastBannedDay })
      .from(fundBan)
      .innerJoin(enterprise, eq(enterprise.id, fundBan.enterpriseId))
      .where(and(gte(fundBan.lastBannedDay, today), lte(fundBan.lastBannedDay, addDays(today, LOOKAHEAD_DAYS)), regionCondition(scope, enterprise.regionCode)));
  },
  "last_banned_day",
  (r, today) => item("funds.applicationBan", `ban-${r.id}`, "专项资金", `${r.enterprise} 申报资格取消期届满`, null, r.last, today),
);

/** 专精特新 recognitions ending soon, for a re-review (TDPY-71: recognitions are valid for a fixed term). */
const tierRenewals = querySource(
  (tx, audience, scope, today) => {
    if (!fundsAudience(audience, ["industry"])) return null;
    return tx
      .select({ id: enterprise.id, name: enterprise.name, validTo: enterprise.srdiValidTo })
      .from(enterprise)
      .where(and(sql`${enterprise.srdiTier} is not null`, gte(enterprise.srdiValidTo, addDays(today, -30)), lte(enterprise.srdiValidTo, addDays(today, LOOKAHEAD_DAYS)), regionCondition(scope, enterprise.regionCode)));
  },
  "srdi_valid_to",
  (r, today) => ({
    key: `tier-${r.id}`,
    clock: "梯度培育认定到期",
    area: "企业" as const,
    subject: `${r.name} 认定有效期届满，需复核`,
    href: `/enterprises/${r.id}`,
    due: r.validTo!,
    status: today > r.validTo! ? ("overdue" as const) : ("due" as const),
    actor: "工信部门",
    basis: "《贵州省优质中小企业梯度培育管理实施细则（暂行）》（黔工信中小〔2022〕71号）",
  }),
);

/** 双监控 rectification tasks (rules: rectificationDue): the region's industry and finance officers who monitor; auditors (late ones). */
const rectifications = querySource(
  (tx, audience, scope) => (fundsAudience(audience, ["industry", "finance"]) ? openRectifications(tx, scope) : null),
  "due_on",
  (r, today) => ({
    key: `rectification-${r.id}`,
    clock: "双监控偏差整改",
    area: "专项资金" as const,
    subject: `${r.project} ${r.period} 双监控偏差整改`,
    href: `/funds/projects/${r.projectId}/monitoring`,
    due: r.dueOn,
    status: today > r.dueOn ? ("overdue" as const) : ("due" as const),
    actor: "项目主管部门（督促项目单位）",
    basis: [CITES.GXZJ_ART27, CITES.ZXZJ_ART25].map(formatCitation).join("；") + "；产品决定 偏差整改期限",
  }),
);

const SOURCES: Source[] = [calendarCoverage, admissions, claims, recoveryReturns, riskEvents, monthlyReports, quarterlyReports, contributions, publicityEnds, acceptances, carryOvers, banEnds, tierRenewals, rectifications];

export async function deadlinesFor(tx: Tx, user: CurrentUser, today: LegalDate): Promise<DeadlineItem[]> {
  const audience = audienceOf(user);
  if (audience === "none") return [];
  const items: DeadlineItem[] = [];
  for (const source of SOURCES) items.push(...(await source.items(tx, audience, user.scope, today)));
  // an auditor watches what is late, not every open clock
  const shown = audience === "auditor" ? items.filter((i) => i.status === "overdue") : items;
  return shown.sort((a, b) => (a.status === b.status ? a.due.localeCompare(b.due) || a.key.localeCompare(b.key) : a.status === "overdue" ? -1 : 1));
}

/** What the navigation shows on every page: how many clocks, how many late — counted in SQL, no item built. */
export async function deadlineCounts(tx: Tx, user: CurrentUser, today: LegalDate): Promise<Counts> {
  const audience = audienceOf(user);
  if (audience === "none") return NONE;
  let total = 0;
  let overdue = 0;
  for (const source of SOURCES) {
    const c = await source.counts(tx, audience, user.scope, today);
    total += c.total;
    overdue += c.overdue;
  }
  // an auditor's list holds only what is late
  return audience === "auditor" ? { total: overdue, overdue } : { total, overdue };
}

/**
 * The 待办 page (issue 11 §4): grouped by clock with each group's count and overdue count, filtered by clock and by
 * state, fifty items a page in the list's order — a page shows what it says, never thousands of rows.
 */
export function todoPage(items: DeadlineItem[], url: URL) {
  const groups = new Map<string, { clock: string; area: DeadlineItem["area"]; total: number; overdue: number }>();
  for (const i of items) {
    const g = groups.get(i.clock) ?? { clock: i.clock, area: i.area, total: 0, overdue: 0 };
    g.total += 1;
    if (i.status === "overdue") g.overdue += 1;
    groups.set(i.clock, g);
  }
  const asked = url.searchParams.get("clock") ?? "";
  const clock = groups.has(asked) ? asked : null;
  const stateParam = url.searchParams.get("state");
  const state = stateParam === "overdue" || stateParam === "due" ? stateParam : null;
  const shown = items.filter((i) => (clock === null || i.clock === clock) && (state === null || i.status === state));
  const { page, offset, limit } = parseListParams(url, ["due"], "due", "asc");
  return {
    total: items.length,
    overdue: items.filter((i) => i.status === "overdue").length,
    groups: [...groups.values()].sort((a, b) => b.overdue - a.overdue || b.total - a.total || a.clock.localeCompare(b.clock)),
    clock,
    state,
    shown: shown.length,
    page,
    pageSize: limit,
    items: shown.slice(offset, offset + limit),
  };
}