/**
 * The banks' reporting duties (RULES.md §1 "Reporting duties of banks"; issue 4 §3): monthly data by the 10th of the
 * next month (XDT-TZ22 §五(四)), the quarterly report within 15 days of quarter end (XDT-FA §五(二)) and risk events
 * in writing within 5 working days (XDT-TZ22 §二, a clock in force from 2022-06-01). Due dates come from the rule
 * book's clocks; a correction of a filed period is a new version (the earlier ones stay); the page and the API call
 * the same functions.
 */
import { int32Id } from "../http.server";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { organisation, xdtBank, xdtLoan, xdtMonthlyReport, xdtQuarterlyReport, xdtRiskEvent } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import {
  XDT_RISK_EVENT_DAYS,
  addMonths,
  clockStatus,
  endOfMonth,
  fromParts,
  monthOf,
  monthlyReportDue,
  parseLegalDate,
  quarterlyReportDue,
  riskEventReportDue,
  yearOf,
  type LegalDate,
} from "#rules";
import type { MonthlyReportInput, QuarterlyReportInput, RiskEventInput } from "~/lib/forms/xdt-reports";
import { formatYuan } from "~/lib/money";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import type { ListParams } from "../list.server";
import { bankRecordCondition, loanRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { requireEventDate, XDT_BEGAN } from "../event-dates.server";
import { workingCalendar } from "../calendar.server";

export type ReportSource = "form" | "api";

/** The first day a bank's duty applies: the bank was listed or became active (earlier duties were not its own). */
const dutyStart = sql`coalesce((select min(c.decision_date) from xdt_bank_status_change c where c.bank_org_id = ${xdtBank.orgId} and c.to_status in ('listed', 'active')), date '2022-01-01')`;
/** Banks that owe reports: on the list, active or suspended (a suspended bank still reports: its loans stay covered). */
const reportingBank = sql`${xdtBank.status} in ('listed', 'active', 'suspended')`;

export function quarterStartOf(date: LegalDate): LegalDate {
  return fromParts(yearOf(date), Math.floor((monthOf(date) - 1) / 3) * 3 + 1, 1);
}
export function quarterLabel(quarterStart: string): string {
  return `${quarterStart.slice(0, 4)}-Q${Math.floor((Number(quarterStart.slice(5, 7)) - 1) / 3) + 1}`;
}
function parseQuarter(label: string): LegalDate {
  const [y, q] = label.split("-Q");
  return fromParts(Number(y), (Number(q) - 1) * 3 + 1, 1);
}

async function lockBank(tx: Tx, bankOrgId: number) {
  // serialises two filings of the same bank (two tabs, the page and the API): versions are numbered in order
  const [bank] = await tx.select({ orgId: xdtBank.orgId }).from(xdtBank).where(eq(xdtBank.orgId, bankOrgId)).for("update");
  if (!bank) throw new UserInputError("", "该机构不是信贷通合作金融机构，无报送义务");
}

function lateness(due: string, firstSubmittedOn: string) {
  return { late: firstSubmittedOn > due, lateDays: firstSubmittedOn > due ? Math.round((Date.parse(firstSubmittedOn) - Date.parse(due)) / 86_400_000) : 0 };
}

/**
 * Monthly data (XDT-TZ22 §五(四)): balance, cumulative lending, NPLs (≥ 90 days overdue) and bad debts as of month
 * end, due the 10th of the next month. A month already filed takes a correction only with its reason, as the next
 * version; the month's lateness stays that of its first filing.
 */
export async function fileMonthlyReport(tx: Tx, actor: Actor, bankOrgId: number, input: MonthlyReportInput, today: LegalDate, source: ReportSource = "form") {
  const month = parseLegalDate(`${input.month}-01`);
  if (endOfMonth(month) >= today) throw new UserInputError("month", "只能报送已经结束的月份（截至月末的数据）");
  const due = monthlyReportDue(month).value.due;
  if (input.npl > input.balance) throw new UserInputError("npl", "不良贷款余额不能超过贷款余额");
  if (input.balance > input.cumulativeLending) throw new UserInputError("balance", "贷款余额不能超过累计发放额");
  await lockBank(tx, bankOrgId);
  const versions = await tx.select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankOrgId), eq(xdtMonthlyReport.month, month))).orderBy(xdtMonthlyReport.version);
  const latest = versions.at(-1);
  if (latest) {
    if (!input.correctionReason) throw new UserInputError("correctionReason", `${input.month} 的数据已于 ${versions[0].submittedOn} 报送（第 ${latest.version} 版）。如需更正，请填写更正原因：更正作为第 ${latest.version + 1} 版保存，原数据保留`);
    if (latest.balanceFen === input.balance && latest.cumulativeLendingFen === input.cumulativeLending && latest.nplFen === input.npl && latest.badDebtFen === input.badDebt) {
      throw new UserInputError("", `与第 ${latest.version} 版数据相同，无需更正`);
    }
  }
  const [row] = await tx
    .insert(xdtMonthlyReport)
    .values({
      bankOrgId,
      month,
      balanceFen: input.balance,
      cumulativeLendingFen: input.cumulativeLending,
      nplFen: input.npl,
      badDebtFen: input.badDebt,
      dueDate: due,
      submittedOn: today,
      version: (latest?.version ?? 0) + 1,
      correctionReason: latest ? input.correctionReason! : null,
      filedByUserId: actor.userId,
      filedByName: actor.name,
      source,
    })
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-monthly-report", entityId: row.id, action: latest ? "correct-report" : "file-report", before: latest ?? null, after: row, bankOrgId });
  return { ...row, ...lateness(due, versions[0]?.submittedOn ?? today) };
}

/** The quarterly report (XDT-FA §五(二)): due 15 calendar days after quarter end; corrections as new versions. */
export async function fileQuarterlyReport(tx: Tx, actor: Actor, bankOrgId: number, input: QuarterlyReportInput, today: LegalDate, source: ReportSource = "form") {
  const quarter = parseQuarter(input.quarter);
  const clock = quarterlyReportDue(quarter).value;
  if (clock.from >= today) throw new UserInputError("quarter", "只能报送已经结束的季度");
  if (input.overdue > input.balance) throw new UserInputError("overdue", "季末逾期贷款余额不能超过季末贷款余额");
  await lockBank(tx, bankOrgId);
  const versions = await tx.select().from(xdtQuarterlyReport).where(and(eq(xdtQuarterlyReport.bankOrgId, bankOrgId), eq(xdtQuarterlyReport.quarter, quarter))).orderBy(xdtQuarterlyReport.version);
  const latest = versions.at(-1);
  if (latest && !input.correctionReason) {
    throw new UserInputError("correctionReason", `${input.quarter} 季度报告已于 ${versions[0].submittedOn} 报送（第 ${latest.version} 版）。如需更正，请填写更正原因：更正作为第 ${latest.version + 1} 版保存，原报告保留`);
  }
  const [row] = await tx
    .insert(xdtQuarterlyReport)
    .values({
      bankOrgId,
      quarter,
      loansCount: input.loansCount,
      lendingFen: input.lending,
      balanceFen: input.balance,
      overdueFen: input.overdue,
      compensationFen: input.compensation,
      recoveredFen: input.recovered,
      narrative: input.narrative,
      dueDate: clock.due,
      submittedOn: today,
      version: (latest?.version ?? 0) + 1,
      correctionReason: latest ? input.correctionReason! : null,
      filedByUserId: actor.userId,
      filedByName: actor.name,
      source,
    })
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-quarterly-report", entityId: row.id, action: latest ? "correct-report" : "file-report", before: latest ?? null, after: row, bankOrgId });
  return { ...row, ...lateness(clock.due, versions[0]?.submittedOn ?? today) };
}

/** The 5-working-day clock of a risk event, or null before the clock was in force (XDT-TZ22 took effect 2022-06-01). */
export async function riskEventDue(tx: Tx, eventDate: LegalDate): Promise<LegalDate | null> {
  if (eventDate < XDT_RISK_EVENT_DAYS.versions[0].from) return null;
  return riskEventReportDue(eventDate, await workingCalendar(tx)).value.due;
}

/**
 * A risk event reported in writing (XDT-TZ22 §二: "企业不能按期付息、还本等风险事项" within 5 working days): the
 * loan, if named, must be the bank's own; the report is dated today and flagged late past its clock.
 */
export async function reportRiskEvent(tx: Tx, actor: Actor, bankOrgId: number, input: RiskEventInput & { loanId?: number }, today: LegalDate, source: ReportSource = "form") {
  let eventDate: LegalDate;
  try {
    eventDate = parseLegalDate(input.eventDate);
  } catch {
    throw new UserInputError("eventDate", "发生日期应为 YYYY-MM-DD 格式的有效日期");
  }
  requireEventDate("eventDate", { label: "发生日期", date: eventDate, asOf: today, notBefore: XDT_BEGAN });
  let loanId: number | null = null;
  if (input.loanId !== undefined || input.contractNo) {
    const [loan] = await tx
      .select({ id: xdtLoan.id, disbursementDate: xdtLoan.disbursementDate })
      .from(xdtLoan)
      .where(and(eq(xdtLoan.bankOrgId, bankOrgId), input.loanId !== undefined ? eq(xdtLoan.id, input.loanId) : eq(xdtLoan.contractNo, input.contractNo!)));
    if (!loan) throw new UserInputError(input.loanId !== undefined ? "" : "contractNo", input.loanId !== undefined ? "找不到该贷款" : "本行没有该合同编号的信贷通贷款");
    requireEventDate("eventDate", { label: "发生日期", date: eventDate, asOf: today, notBefore: { date: loan.disbursementDate as LegalDate, label: "该贷款的放款日" } });
    loanId = loan.id;
  }
  await lockBank(tx, bankOrgId);
  const due = await riskEventDue(tx, eventDate);
  const [row] = await tx
    .insert(xdtRiskEvent)
    .values({ bankOrgId, loanId, eventDate, dueDate: due, reportedOn: today, description: input.description, details: { reportedBy: actor.name, source } })
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-risk-event", entityId: row.id, action: "report-risk", after: row, bankOrgId });
  return { ...row, late: due !== null && today > due };
}

/** The bank reports in writing an event the system already holds unreported (e.g. a detected overdue). */
export async function reportPendingRiskEvent(tx: Tx, actor: Actor, bankOrgId: number, eventId: number, description: string | undefined, today: LegalDate) {
  const [ev] = await tx.select().from(xdtRiskEvent).where(and(eq(xdtRiskEvent.id, eventId), eq(xdtRiskEvent.bankOrgId, bankOrgId))).for("update");
  if (!ev) throw new UserInputError("", "找不到该风险事项");
  if (ev.reportedOn) throw new UserInputError("", `该风险事项已于 ${ev.reportedOn} 报送`);
  const details = { ...((ev.details as Record<string, unknown> | null) ?? {}), reportedBy: actor.name, source: "form" };
  const [row] = await tx
    .update(xdtRiskEvent)
    .set({ reportedOn: today, description: description || ev.description, details })
    .where(eq(xdtRiskEvent.id, eventId))
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-risk-event", entityId: eventId, action: "report-risk", before: { reportedOn: null, description: ev.description }, after: { reportedOn: today, description: row.description }, bankOrgId });
  return { ...row, late: row.dueDate !== null && today > row.dueDate };
}

// ---------------------------------------------------------------- lists (scope, filters, sort and paging in SQL)

export interface ReportFilters {
  bankOrgId?: number;
  /** late: filed (or reported) after its due date; corrected: has more than one version; open: risk events not yet reported */
  state?: "late" | "corrected" | "open";
  year?: number;
}

export function parseReportFilters(url: URL): ReportFilters {
  const p = url.searchParams;
  const bank = Number(p.get("bank"));
  const year = Number(p.get("year"));
  const state = p.get("state") ?? "";
  return {
    bankOrgId: int32Id(bank) ?? undefined,
    state: (["late", "corrected", "open"] as const).find((s) => s === state),
    year: Number.isSafeInteger(year) && year >= 2021 && year <= 2100 ? year : undefined,
  };
}

/**
 * What the monthly and quarterly lists share: only the latest version of each filed period in scope, the first
 * filing's date (lateness is judged by it, not by a correction) and the list filters.
 */
function latestVersions(
  table: "xdt_monthly_report" | "xdt_quarterly_report",
  periodColumn: "month" | "quarter",
  c: { bankOrgId: AnyPgColumn; period: AnyPgColumn; version: AnyPgColumn; dueDate: AnyPgColumn },
  scope: Scope,
  filters: ReportFilters,
) {
  const t = sql.raw(table);
  const period = sql.raw(periodColumn);
  const first = sql<string>`(select f.submitted_on from ${t} f where f.bank_org_id = ${c.bankOrgId} and f.${period} = ${c.period} and f.version = 1)`;
  const where = and(
    bankRecordCondition(scope, c.bankOrgId),
    sql`${c.version} = (select max(v.version) from ${t} v where v.bank_org_id = ${c.bankOrgId} and v.${period} = ${c.period})`,
    filters.bankOrgId ? eq(c.bankOrgId, filters.bankOrgId) : undefined,
    filters.year ? sql`extract(year from ${c.period}) = ${filters.year}` : undefined,
    filters.state === "late" ? sql`${first} > ${c.dueDate}` : filters.state === "corrected" ? sql`${c.version} > 1` : undefined,
  );
  return { first, where };
}

export const MONTHLY_SORTS = ["month", "submittedOn", "bank"] as const;
export type MonthlySort = (typeof MONTHLY_SORTS)[number];

/** The latest version of each filed month in scope, with its first filing date (lateness) and version count. */
export async function listMonthlyReports(tx: Tx, scope: Scope, params: ListParams<MonthlySort>, filters: ReportFilters) {
  const { first, where } = latestVersions("xdt_monthly_report", "month", { bankOrgId: xdtMonthlyReport.bankOrgId, period: xdtMonthlyReport.month, version: xdtMonthlyReport.version, dueDate: xdtMonthlyReport.dueDate }, scope, filters);
  const sorts: Record<MonthlySort, SQL | AnyPgColumn> = { month: xdtMonthlyReport.month, submittedOn: first, bank: organisation.shortName };
  const rows = await tx
    .select({
      id: xdtMonthlyReport.id,
      bankOrgId: xdtMonthlyReport.bankOrgId,
      bank: organisation.shortName,
      month: xdtMonthlyReport.month,
      balanceFen: xdtMonthlyReport.balanceFen,
      cumulativeLendingFen: xdtMonthlyReport.cumulativeLendingFen,
      nplFen: xdtMonthlyReport.nplFen,
      badDebtFen: xdtMonthlyReport.badDebtFen,
      dueDate: xdtMonthlyReport.dueDate,
      firstSubmittedOn: first,
      submittedOn: xdtMonthlyReport.submittedOn,
      version: xdtMonthlyReport.version,
      correctionReason: xdtMonthlyReport.correctionReason,
      filedByName: xdtMonthlyReport.filedByName,
    })
    .from(xdtMonthlyReport)
    .innerJoin(organisation, eq(organisation.id, xdtMonthlyReport.bankOrgId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(sorts[params.sort]) : desc(sorts[params.sort]), asc(organisation.id), asc(xdtMonthlyReport.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(xdtMonthlyReport).innerJoin(organisation, eq(organisation.id, xdtMonthlyReport.bankOrgId)).where(where);
  const history = await earlierVersions(tx, "monthly", rows.filter((r) => r.version > 1).map((r) => [r.bankOrgId, r.month] as const));
  return {
    rows: rows.map((r) => ({ ...r, ...lateness(r.dueDate, r.firstSubmittedOn), npl: r.balanceFen > 0 ? Math.round((r.nplFen * 10_000) / r.balanceFen) : 0, history: history.get(`${r.bankOrgId}:${r.month}`) ?? [] })),
    total: n,
  };
}

export const QUARTERLY_SORTS = ["quarter", "submittedOn", "bank"] as const;
export type QuarterlySort = (typeof QUARTERLY_SORTS)[number];

export async function listQuarterlyReports(tx: Tx, scope: Scope, params: ListParams<QuarterlySort>, filters: ReportFilters) {
  const { first, where } = latestVersions("xdt_quarterly_report", "quarter", { bankOrgId: xdtQuarterlyReport.bankOrgId, period: xdtQuarterlyReport.quarter, version: xdtQuarterlyReport.version, dueDate: xdtQuarterlyReport.dueDate }, scope, filters);
  const sorts: Record<QuarterlySort, SQL | AnyPgColumn> = { quarter: xdtQuarterlyReport.quarter, submittedOn: first, bank: organisation.shortName };
  const rows = await tx
    .select({
      id: xdtQuarterlyReport.id,
      bankOrgId: xdtQuarterlyReport.bankOrgId,
      bank: organisation.shortName,
      quarter: xdtQuarterlyReport.quarter,
      loansCount: xdtQuarterlyReport.loansCount,
      lendingFen: xdtQuarterlyReport.lendingFen,
      balanceFen: xdtQuarterlyReport.balanceFen,
      overdueFen: xdtQuarterlyReport.overdueFen,
      compensationFen: xdtQuarterlyReport.compensationFen,
      recoveredFen: xdtQuarterlyReport.recoveredFen,
      narrative: xdtQuarterlyReport.narrative,
      dueDate: xdtQuarterlyReport.dueDate,
      firstSubmittedOn: first,
      submittedOn: xdtQuarterlyReport.submittedOn,
      version: xdtQuarterlyReport.version,
      correctionReason: xdtQuarterlyReport.correctionReason,
      filedByName: xdtQuarterlyReport.filedByName,
    })
    .from(xdtQuarterlyReport)
    .innerJoin(organisation, eq(organisation.id, xdtQuarterlyReport.bankOrgId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(sorts[params.sort]) : desc(sorts[params.sort]), asc(organisation.id), asc(xdtQuarterlyReport.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(xdtQuarterlyReport).innerJoin(organisation, eq(organisation.id, xdtQuarterlyReport.bankOrgId)).where(where);
  const history = await earlierVersions(tx, "quarterly", rows.filter((r) => r.version > 1).map((r) => [r.bankOrgId, r.quarter] as const));
  return { rows: rows.map((r) => ({ ...r, label: quarterLabel(r.quarter), ...lateness(r.dueDate, r.firstSubmittedOn), history: history.get(`${r.bankOrgId}:${r.quarter}`) ?? [] })), total: n };
}

/** The superseded versions of the corrected periods on a page (one query), newest first. */
async function earlierVersions(tx: Tx, kind: "monthly" | "quarterly", keys: (readonly [number, string])[]) {
  const out = new Map<string, { version: number; submittedOn: string; filedByName: string | null; correctionReason: string | null; summary: string }[]>();
  if (keys.length === 0) return out;
  const banks = [...new Set(keys.map((k) => k[0]))];
  const periods = [...new Set(keys.map((k) => k[1]))];
  if (kind === "monthly") {
    const rows = await tx.select().from(xdtMonthlyReport).where(and(inArray(xdtMonthlyReport.bankOrgId, banks), inArray(xdtMonthlyReport.month, periods))).orderBy(desc(xdtMonthlyReport.version));
    for (const r of rows) {
      const key = `${r.bankOrgId}:${r.month}`;
      out.set(key, [...(out.get(key) ?? []), { version: r.version, submittedOn: r.submittedOn, filedByName: r.filedByName, correctionReason: r.correctionReason, summary: `余额 ${formatYuan(r.balanceFen)}，累计 ${formatYuan(r.cumulativeLendingFen)}，不良 ${formatYuan(r.nplFen)}，坏账 ${formatYuan(r.badDebtFen)}` }]);
    }
  } else {
    const rows = await tx.select().from(xdtQuarterlyReport).where(and(inArray(xdtQuarterlyReport.bankOrgId, banks), inArray(xdtQuarterlyReport.quarter, periods))).orderBy(desc(xdtQuarterlyReport.version));
    for (const r of rows) {
      const key = `${r.bankOrgId}:${r.quarter}`;
      out.set(key, [...(out.get(key) ?? []), { version: r.version, submittedOn: r.submittedOn, filedByName: r.filedByName, correctionReason: r.correctionReason, summary: `发放 ${r.loansCount} 笔 ${formatYuan(r.lendingFen)}，季末余额 ${formatYuan(r.balanceFen)}，逾期 ${formatYuan(r.overdueFen)}` }]);
    }
  }
  return out;
}

export const RISK_SORTS = ["eventDate", "dueDate", "bank"] as const;
export type RiskSort = (typeof RISK_SORTS)[number];

/** Risk events in scope; "late" = reported after its clock or still unreported past it. */
export async function listRiskEvents(tx: Tx, scope: Scope, params: ListParams<RiskSort>, filters: ReportFilters, today: LegalDate) {
  const late = sql`(${xdtRiskEvent.dueDate} is not null and (${xdtRiskEvent.reportedOn} > ${xdtRiskEvent.dueDate} or (${xdtRiskEvent.reportedOn} is null and ${xdtRiskEvent.dueDate} < ${today})))`;
  const where = and(
    loanRecordCondition(scope, xdtRiskEvent.bankOrgId, xdtRiskEvent.loanId),
    filters.bankOrgId ? eq(xdtRiskEvent.bankOrgId, filters.bankOrgId) : undefined,
    filters.year ? sql`extract(year from ${xdtRiskEvent.eventDate}) = ${filters.year}` : undefined,
    filters.state === "late" ? late : filters.state === "open" ? sql`${xdtRiskEvent.reportedOn} is null` : undefined,
  );
  const sorts = { eventDate: xdtRiskEvent.eventDate, dueDate: xdtRiskEvent.dueDate, bank: organisation.shortName };
  const rows = await tx
    .select({
      id: xdtRiskEvent.id,
      bank: organisation.shortName,
      loanId: xdtRiskEvent.loanId,
      contractNo: xdtLoan.contractNo,
      eventDate: xdtRiskEvent.eventDate,
      dueDate: xdtRiskEvent.dueDate,
      reportedOn: xdtRiskEvent.reportedOn,
      description: xdtRiskEvent.description,
    })
    .from(xdtRiskEvent)
    .innerJoin(organisation, eq(organisation.id, xdtRiskEvent.bankOrgId))
    .leftJoin(xdtLoan, eq(xdtLoan.id, xdtRiskEvent.loanId))
    .where(where)
    .orderBy(params.dir === "asc" ? sql`${sorts[params.sort]} asc nulls last` : sql`${sorts[params.sort]} desc nulls last`, asc(xdtRiskEvent.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(xdtRiskEvent).innerJoin(organisation, eq(organisation.id, xdtRiskEvent.bankOrgId)).where(where);
  return {
    rows: rows.map((r) => ({
      ...r,
      clock: r.dueDate ? clockStatus(r.dueDate as LegalDate, today, r.reportedOn as LegalDate | null) : null,
      late: r.dueDate !== null && (r.reportedOn ? r.reportedOn > r.dueDate : today > r.dueDate),
    })),
    total: n,
  };
}

// ---------------------------------------------------------------- what is due next, what is missing

/**
 * Per bank in scope: the reports it owes and has not filed (every month since its duty began up to the month just
 * ended; every quarter likewise), each with its due date and clock, and its next due dates. Computed in SQL over
 * the months, so an officer's view of all banks is one query per kind.
 */
export async function reportDuties(tx: Tx, scope: Scope, today: LegalDate, bankOrgId?: number) {
  const thisMonth = fromParts(yearOf(today), monthOf(today), 1);
  const lastMonth = addMonths(thisMonth, -1);
  const lastQuarter = addMonths(quarterStartOf(today), -3);
  const bankWhere = and(reportingBank, bankRecordCondition(scope, xdtBank.orgId), bankOrgId ? eq(xdtBank.orgId, bankOrgId) : undefined);
  const monthly = await tx
    .select({ bankOrgId: xdtBank.orgId, bank: organisation.shortName, period: sql<string>`to_char(m, 'YYYY-MM-DD')` })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .innerJoin(sql`generate_series(greatest(date '2022-06-01', date_trunc('month', ${dutyStart})::date), ${lastMonth}::date, interval '1 month') as m`, sql`true`)
    .where(and(bankWhere, sql`not exists (select 1 from xdt_monthly_report r where r.bank_org_id = ${xdtBank.orgId} and r.month = m::date)`))
    .orderBy(sql`m`, organisation.id);
  const quarterly = await tx
    .select({ bankOrgId: xdtBank.orgId, bank: organisation.shortName, period: sql<string>`to_char(q, 'YYYY-MM-DD')` })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .innerJoin(sql`generate_series(date_trunc('quarter', ${dutyStart})::date, ${lastQuarter}::date, interval '3 months') as q`, sql`true`)
    .where(and(bankWhere, sql`not exists (select 1 from xdt_quarterly_report r where r.bank_org_id = ${xdtBank.orgId} and r.quarter = q::date)`))
    .orderBy(sql`q`, organisation.id);
  const missing = [
    ...monthly.map((r) => {
      const due = monthlyReportDue(r.period as LegalDate).value.due;
      return { kind: "monthly" as const, bankOrgId: r.bankOrgId, bank: r.bank, period: r.period.slice(0, 7), due, status: clockStatus(due, today) };
    }),
    ...quarterly.map((r) => {
      const due = quarterlyReportDue(r.period as LegalDate).value.due;
      return { kind: "quarterly" as const, bankOrgId: r.bankOrgId, bank: r.bank, period: quarterLabel(r.period), due, status: clockStatus(due, today) };
    }),
  ].sort((a, b) => a.due.localeCompare(b.due) || a.bankOrgId - b.bankOrgId);
  // the next clocks: the month and the quarter running now
  const nextMonthly = { period: thisMonth.slice(0, 7), due: monthlyReportDue(thisMonth).value.due };
  const nextQuarterly = { period: quarterLabel(quarterStartOf(today)), due: quarterlyReportDue(today).value.due };
  return { missing, next: { monthly: nextMonthly, quarterly: nextQuarterly }, lastMonth: lastMonth.slice(0, 7), lastQuarter: quarterLabel(lastQuarter) };
}

/** Risk events of a bank still to report in writing (the form offers them). */
export async function openRiskEvents(tx: Tx, bankOrgId: number, today: LegalDate) {
  const rows = await tx
    .select({ id: xdtRiskEvent.id, eventDate: xdtRiskEvent.eventDate, dueDate: xdtRiskEvent.dueDate, description: xdtRiskEvent.description, contractNo: xdtLoan.contractNo })
    .from(xdtRiskEvent)
    .leftJoin(xdtLoan, eq(xdtLoan.id, xdtRiskEvent.loanId))
    .where(and(eq(xdtRiskEvent.bankOrgId, bankOrgId), sql`${xdtRiskEvent.reportedOn} is null`))
    .orderBy(xdtRiskEvent.eventDate, xdtRiskEvent.id)
    .limit(100);
  return rows.map((r) => ({ ...r, clock: r.dueDate ? clockStatus(r.dueDate as LegalDate, today) : null }));
}
