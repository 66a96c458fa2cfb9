/**
 * The yardstick of test/bench/pages.ts: for each main figure page, the best single SQL statement we can write that
 * returns the same figures the page shows — the page's loader figures (read from its loader and app/server/**) plus
 * what the layout shows on every page (the signed-in user from the session, the 待办 badge's counts).
 * The page's time divided by this statement's time is how much the app's code costs above the database's floor.
 *
 * Each statement reads the figures the way the data allows best: where the stored figures of migrations 0016/0017
 * exist (ledger_account.balance_fen, ledger_account_month, xdt_lending_month, xdt_loan.*_unpaid_from) it uses them,
 * otherwise it sums the raw history (postings, loans, dues and repayments) in one pass.
 * Arithmetic the rules do in TypeScript (ratios in bp, verdict texts) is not repeated here: it costs no database time.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { addDays, addMonths, DEFAULT_CALENDAR, fromParts, monthlyReportDue, monthOf, paramAt, quarterlyReportDue, XDT_CLAIM_TRIGGER, yearOf, type LegalDate } from "#rules";
import { PAGE_SIZE } from "~/lib/list";
import type { Scope } from "~/lib/permissions";
import { query, type BenchUser } from "./common";

/** Which stored figures this database has (they are being introduced; older databases have none). */
export interface StoredFigures {
  balances: boolean;
  accountMonths: boolean;
  lendingMonths: boolean;
  arrears: boolean;
}

export async function detectStoredFigures(db: Db): Promise<StoredFigures> {
  const [r] = await query<{ balances: boolean; account_months: boolean; lending_months: boolean; arrears: boolean }>(
    db,
    sql`select
      exists (select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'ledger_account' and column_name = 'balance_fen') as balances,
      to_regclass('ledger_account_month') is not null as account_months,
      to_regclass('xdt_lending_month') is not null as lending_months,
      exists (select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'xdt_loan' and column_name = 'principal_unpaid_from') as arrears`,
  );
  return { balances: r.balances, accountMonths: r.account_months, lendingMonths: r.lending_months, arrears: r.arrears };
}

export interface FigureContext {
  user: BenchUser;
  /** SHA-256 of the bench client's session token, as stored in session.token_hash */
  tokenHash: string;
  today: LegalDate;
  stored: StoredFigures;
}

type Audience = "bank" | "trustee" | "office" | "industry" | "finance" | "auditor" | "admin";

function audienceOf(u: BenchUser): Audience {
  if (u.role === "industry") return u.orgKind === "xdt_office" ? "office" : "industry";
  return u.role as Audience;
}

// ---------------------------------------------------------------------------------------------- scope conditions

function regionCond(scope: Scope, column: SQL): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "region") return sql`${column} in (select r.code from region r where r.code = ${scope.regionCode} or r.parent_code = ${scope.regionCode})`;
  return sql`false`;
}

function ownerCond(scope: Scope, column: SQL): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "bank") return sql`${column} = ${scope.bankOrgId}`;
  if (scope.kind === "region")
    return sql`${column} in (select o.id from organisation o join region r on r.code = o.region_code where r.code = ${scope.regionCode} or r.parent_code = ${scope.regionCode})`;
  return sql`false`;
}

// ---------------------------------------------------------------------------------------------- shared CTEs

/** The signed-in user, as the session lookup of every page finds it. */
function meCte(c: FigureContext): SQL {
  return sql`me as (
    select s.id as session_id, u.id as user_id, u.username, u.display_name, u.role, o.id as org_id, o.name as org_name, o.kind as org_kind,
      o.region_code, r.name as region_name, s.flash
    from session s join app_user u on u.id = s.user_id join organisation o on o.id = u.organisation_id join region r on r.code = o.region_code
    where s.token_hash = ${c.tokenHash} and s.revoked_at is null and s.expires_at > now() and u.active and o.active)`;
}

/** Balances of the 信贷通 book's accounts (code, owner, balance): stored, or summed from the postings in one pass. */
function xdtAccountsCte(c: FigureContext): SQL {
  return c.stored.balances
    ? sql`xa as (select a.id, a.code, a.owner_org_id, a.balance_fen as bal from ledger_account a where a.code like 'xdt:%')`
    : sql`xa as (select a.id, a.code, a.owner_org_id, coalesce(sum(p.amount_fen), 0)::bigint as bal
        from ledger_account a left join posting p on p.account_id = a.id where a.code like 'xdt:%' group by a.id)`;
}

/** One account's balance (for a correlated use). */
function balanceOf(c: FigureContext, accountId: SQL): SQL {
  return c.stored.balances
    ? sql`(select a.balance_fen from ledger_account a where a.id = ${accountId})`
    : sql`(select coalesce(sum(p.amount_fen), 0) from posting p where p.account_id = ${accountId})`;
}

/** Cumulative admitted lending per bank (the D-6 denominator). */
function lendingCte(c: FigureContext): SQL {
  return c.stored.lendingMonths
    ? sql`lend as (select bank_org_id, sum(admitted_fen)::bigint as loans from xdt_lending_month group by bank_org_id)`
    : sql`lend as (select bank_org_id, sum(amount_fen)::bigint as loans from xdt_loan where admission_status = 'admitted' group by bank_org_id)`;
}

/** The pool's figures (poolSummary): needs xa. */
const POOL_CTE = sql`pool as (select
    (select coalesce(sum(due_fen), 0) from pool_contribution) as due_fen,
    -(select coalesce(sum(bal), 0) from xa where code like 'xdt:contrib:%') as paid_fen,
    (select coalesce(sum(bal), 0) from xa where code = 'xdt:trust') as trust_fen,
    (select coalesce(sum(bal), 0) from xa where code like 'xdt:deposit:%') as deposits_fen,
    (select coalesce(sum(approved_fen), 0) from xdt_claim where status = 'approved') as committed_fen)`;

/** Partner banks in scope with their D-6 figures and latest monthly report (listBanks): needs xa, lend. */
function banksCte(c: FigureContext, onlyOrgId?: number): SQL {
  return sql`lat as (
      select distinct on (bank_org_id) bank_org_id, month, balance_fen, npl_fen from xdt_monthly_report order by bank_org_id, month desc, version desc),
    banks as (
      select o.id, o.short_name as name, o.name as full_name, b.status, b.suspension_reason,
        coalesce((select sum(bal) from xa where xa.code = 'xdt:compensation:' || o.id), 0) as compensation_paid,
        coalesce(l.loans, 0) as cumulative_loans, r.month as report_month, r.balance_fen as report_balance, r.npl_fen as report_npl
      from xdt_bank b join organisation o on o.id = b.org_id left join lend l on l.bank_org_id = b.org_id left join lat r on r.bank_org_id = b.org_id
      where ${ownerCond(c.user.scope, sql`b.org_id`)} ${onlyOrgId === undefined ? sql`` : sql`and b.org_id = ${onlyOrgId}`})`;
}

/** The pool's D-6 figures and the conventional measure over the banks' latest reports (poolRatio): needs xa, lend, lat. */
const POOL_RATIO = sql`json_build_object(
    'compensationPaid', (select coalesce(sum(bal), 0) from xa where code like 'xdt:compensation:%'),
    'cumulativeLoans', (select coalesce(sum(loans), 0) from lend),
    'npl', (select coalesce(sum(npl_fen), 0) from lat),
    'balance', (select coalesce(sum(balance_fen), 0) from lat))`;

// ---------------------------------------------------------------------------------------------- 待办 (deadlines)

interface Dates {
  today: LegalDate;
  horizon: LegalDate;
  lastMonth: LegalDate;
  monthlyDue: LegalDate;
  lastQuarter: LegalDate;
  quarterlyDue: LegalDate;
}

function datesOf(today: LegalDate): Dates {
  const lastMonth = addMonths(fromParts(yearOf(today), monthOf(today), 1), -1);
  const lastQuarter = addMonths(fromParts(yearOf(today), Math.floor((monthOf(today) - 1) / 3) * 3 + 1, 1), -3);
  return {
    today,
    horizon: addDays(today, 90),
    lastMonth,
    monthlyDue: monthlyReportDue(lastMonth).value.due,
    lastQuarter,
    quarterlyDue: quarterlyReportDue(lastQuarter).value.due,
  };
}

/**
 * Every clock of app/server/deadlines.server.ts for the user's audience, as one UNION ALL of (key, due, subject).
 * Without subjects (the layout's badge only counts) the joins that only name things are left out.
 */
function todoItems(c: FigureContext, withSubjects: boolean): SQL {
  const a = audienceOf(c.user);
  const s = c.user.scope;
  const d = datesOf(c.today);
  const today = sql`${d.today}::date`;
  const horizon = sql`${d.horizon}::date`;
  const subj = (text: SQL) => (withSubjects ? text : sql`null::text`);
  const xdt = a === "bank" || a === "trustee" || a === "office" || a === "auditor";
  const bankOnly = (column: SQL) => (a === "bank" ? ownerCond(s, column) : sql`true`);
  const funds = (wanted: Audience[]) => a === "auditor" || wanted.includes(a);
  const parts: SQL[] = [];

  if (a === "admin") {
    const next = yearOf(c.today) + 1;
    const packaged = DEFAULT_CALENDAR.toYear;
    if (packaged < next)
      parts.push(sql`select ${`calendar-${next}`}::text as key, ${`${yearOf(c.today)}-12-01`}::date as due, ${subj(sql`${`工作日历尚未覆盖 ${next} 年`}::text`)} as subject
        where (select count(*) from calendar_year where year between ${packaged + 1} and ${next}) < ${next - packaged}`);
  }
  if (a === "bank" || a === "trustee" || a === "auditor") {
    parts.push(sql`select 'loan-' || l.id, l.admission_due, ${subj(sql`'贷款 ' || l.contract_no || '（' || e.name || '）待入库审核'`)}
      from xdt_loan l ${withSubjects ? sql`join enterprise e on e.id = l.enterprise_id` : sql``}
      where l.admission_status = 'pending' and l.admission_due is not null and ${bankOnly(sql`l.bank_org_id`)}`);
    parts.push(sql`select case when cl.status = 'approved' then 'claim-pay-' else 'claim-plan-' end || cl.id,
        case when cl.status = 'approved' then cl.payment_due else cl.plan_due end, ${subj(sql`'代偿申请 ' || cl.id || '（' || e.name || '）'`)}
      from xdt_claim cl ${withSubjects ? sql`join xdt_loan l on l.id = cl.loan_id join enterprise e on e.id = l.enterprise_id` : sql``}
      where cl.status in ('filed', 'verified', 'approved') and (case when cl.status = 'approved' then cl.payment_due else cl.plan_due end) is not null
        and ${bankOnly(sql`cl.bank_org_id`)}`);
  }
  if (xdt) {
    parts.push(sql`select 'recovery-' || r.id, r.due_date, ${subj(sql`o.short_name || ' 代偿申请 ' || r.claim_id || ' 的追回款待返还'`)}
      from xdt_recovery r ${withSubjects ? sql`join organisation o on o.id = r.bank_org_id` : sql``}
      where r.returned_on is null and r.to_pool_fen > 0 and ${bankOnly(sql`r.bank_org_id`)} ${a === "bank" ? sql`` : sql`and r.due_date <= ${today}`}`);
    parts.push(sql`select 'risk-' || ev.id, ev.due_date, ${subj(sql`o.short_name || '：' || ev.description`)}
      from xdt_risk_event ev ${withSubjects ? sql`join organisation o on o.id = ev.bank_org_id` : sql``}
      where ev.reported_on is null and ev.due_date is not null and ${bankOnly(sql`ev.bank_org_id`)}`);
    parts.push(sql`select 'monthly-' || b.org_id || '-' || ${d.lastMonth}::text, ${d.monthlyDue}::date, ${subj(sql`o.short_name || ' 月度数据'`)}
      from xdt_bank b ${withSubjects ? sql`join organisation o on o.id = b.org_id` : sql``}
      where b.status in ('active', 'suspended', 'listed') and ${bankOnly(sql`b.org_id`)}
        and not exists (select 1 from xdt_monthly_report m where m.bank_org_id = b.org_id and m.month = ${d.lastMonth}::date)`);
    parts.push(sql`select 'quarterly-' || b.org_id || '-' || ${d.lastQuarter}::text, ${d.quarterlyDue}::date, ${subj(sql`o.short_name || ' 季度报告'`)}
      from xdt_bank b ${withSubjects ? sql`join organisation o on o.id = b.org_id` : sql``}
      where b.status in ('active', 'suspended', 'listed') and ${bankOnly(sql`b.org_id`)}
        and not exists (select 1 from xdt_quarterly_report q where q.bank_org_id = b.org_id and q.quarter = ${d.lastQuarter}::date)`);
  }
  if (a === "finance" || a === "trustee" || a === "auditor") {
    parts.push(sql`select 'contribution-' || pc.id, pc.due_date, ${subj(sql`o.name || ' 出资尚未全部到位'`)}
      from pool_contribution pc join organisation o on o.id = pc.contributor_org_id
      where -${balanceOf(c, sql`pc.account_id`)} < pc.due_fen ${a === "finance" ? sql`and ${ownerCond(s, sql`pc.contributor_org_id`)}` : sql``}`);
  }
  if (funds(["industry", "finance"])) {
    parts.push(sql`select 'publicity-' || fa.id, fa.publicity_end, ${subj(sql`p.name || ' 公示期结束'`)}
      from fund_application fa join fund_project p on p.id = fa.project_id
      where fa.status = 'publicity' and fa.publicity_end is not null and ${regionCond(s, sql`p.region_code`)}`);
  }
  if (funds(["industry"])) {
    parts.push(sql`select 'acceptance-' || al.id, p.construction_end, ${subj(sql`p.name || ' 验收'`)}
      from fund_allocation al join fund_project p on p.id = al.project_id
      where al.status = 'active' and p.construction_end <= ${horizon} and ${regionCond(s, sql`p.region_code`)}
        and not exists (select 1 from fund_acceptance x where x.allocation_id = al.id)`);
  }
  if (funds(["finance"])) {
    parts.push(sql`select 'carry-' || al.id, (al.decided_on + interval '2 years')::date, ${subj(sql`p.name || ' 结转资金满两年'`)}
      from fund_allocation al join fund_project p on p.id = al.project_id
      where al.status = 'active' and not p.research_project and ${regionCond(s, sql`p.region_code`)}
        and (al.decided_on + interval '2 years')::date <= ${horizon}
        and al.amount_fen > coalesce((select sum(fp.amount_fen) from fund_payment fp where fp.allocation_id = al.id), 0)`);
  }
  if (funds(["industry", "finance"])) {
    parts.push(sql`select 'ban-' || fb.id, fb.last_banned_day, ${subj(sql`e.name || ' 申报资格取消期届满'`)}
      from fund_ban fb join enterprise e on e.id = fb.enterprise_id
      where fb.last_banned_day between ${today} and ${horizon} and ${regionCond(s, sql`e.region_code`)}`);
  }
  if (funds(["industry"])) {
    parts.push(sql`select 'tier-' || e.id, e.srdi_valid_to, ${subj(sql`e.name || ' 认定有效期届满，需复核'`)}
      from enterprise e
      where e.srdi_tier is not null and e.srdi_valid_to between ${addDays(c.today, -30)}::date and ${horizon} and ${regionCond(s, sql`e.region_code`)}`);
  }
  if (funds(["industry", "finance"])) {
    parts.push(sql`select 'rectification-' || x.id, x.due_on, ${subj(sql`p.name || ' ' || m.period || ' 双监控偏差整改'`)}
      from perf_rectification x join perf_monitoring m on m.id = x.monitoring_id join fund_project p on p.id = x.project_id
      where x.status = 'open' and ${regionCond(s, sql`p.region_code`)}`);
  }
  if (parts.length === 0) return sql`select null::text as key, null::date as due, null::text as subject where false`;
  const union = sql.join(parts, sql` union all `);
  // an auditor watches what is late only
  return a === "auditor" ? sql`select * from (${union}) t(key, due, subject) where due < ${today}` : sql`select * from (${union}) t(key, due, subject)`;
}

/** The layout's 待办 badge (every page): counts only. */
function badgeCte(c: FigureContext): SQL {
  return sql`badge as (select count(*) as total, count(*) filter (where due < ${c.today}::date) as overdue from (${todoItems(c, false)}) t)`;
}

const LAYOUT = sql`'me', (select row_to_json(me) from me), 'todo', (select row_to_json(badge) from badge)`;

// ---------------------------------------------------------------------------------------------- the pages

/** `/` for each role (homeFigures). */
function homeSql(c: FigureContext): SQL {
  const u = c.user;
  const s = u.scope;
  const head = sql`with ${meCte(c)}, ${badgeCte(c)}`;
  const xdtHead = sql`${head}, ${xdtAccountsCte(c)}, ${POOL_CTE}`;
  switch (u.role) {
    case "bank":
      return sql`${xdtHead}
        select json_build_object(${LAYOUT}, 'pool', (select row_to_json(pool) from pool),
          'deposit', (select json_build_object('accountId', xa.id, 'bank', o.short_name, 'balanceFen', xa.bal)
            from xa join organisation o on o.id = xa.owner_org_id where xa.code like 'xdt:deposit:%' and ${ownerCond(s, sql`xa.owner_org_id`)} order by o.id limit 1)) as figures`;
    case "trustee":
      return sql`${xdtHead}
        select json_build_object(${LAYOUT}, 'pool', (select row_to_json(pool) from pool),
          'deposits', (select json_agg(json_build_object('accountId', xa.id, 'bank', o.short_name, 'balanceFen', xa.bal) order by o.id)
            from xa join organisation o on o.id = xa.owner_org_id where xa.code like 'xdt:deposit:%' and ${ownerCond(s, sql`xa.owner_org_id`)})) as figures`;
    case "finance":
    case "industry":
      return sql`${xdtHead}
        select json_build_object(${LAYOUT}, 'pool', (select row_to_json(pool) from pool),
          'contributions', ${contributionsJson(c)},
          'enterprises', (select count(*) from enterprise e where ${regionCond(s, sql`e.region_code`)})) as figures`;
    case "auditor":
      return sql`${xdtHead}
        select json_build_object(${LAYOUT}, 'pool', (select row_to_json(pool) from pool),
          'auditEntries', (select count(*) from audit_log), 'auditToday', (select count(*) from audit_log where at > now() - interval '1 day'),
          'journals', (select count(*) from journal)) as figures`;
    case "admin":
      return sql`${head}
        select json_build_object(${LAYOUT},
          'users', (select count(*) from app_user where active), 'organisations', (select count(*) from organisation where active),
          'liveSessions', (select count(*) from session where revoked_at is null and expires_at > now()),
          'failedLogins24h', (select count(*) from login_attempt where not success and at > now() - interval '1 day')) as figures`;
  }
}

/** Contributions due and paid per contributor in scope (pool.server.ts contributions): needs xa. */
function contributionsJson(c: FigureContext): SQL {
  return sql`(select json_agg(json_build_object('id', pc.id, 'source', pc.source, 'contributor', o.name, 'contributorOrgId', o.id, 'dueFen', pc.due_fen, 'dueDate', pc.due_date,
      'paidFen', -(select xa.bal from xa where xa.id = pc.account_id),
      'lastPaidOn', (select max(j.value_date) from posting p join journal j on j.id = p.journal_id where p.account_id = pc.account_id))
    order by array_position(array['province_finance', 'legacy_funds', 'trustee', 'prefecture'], pc.source::text), o.id)
    from pool_contribution pc join organisation o on o.id = pc.contributor_org_id where ${ownerCond(c.user.scope, sql`pc.contributor_org_id`)})`;
}

/** `/pool`: the pool, contributions (not for a bank) and deposit balances in scope. */
function poolSql(c: FigureContext): SQL {
  const s = c.user.scope;
  return sql`with ${meCte(c)}, ${badgeCte(c)}, ${xdtAccountsCte(c)}, ${POOL_CTE}
    select json_build_object(${LAYOUT}, 'pool', (select row_to_json(pool) from pool),
      'contributions', ${s.kind === "bank" ? sql`'[]'::json` : contributionsJson(c)},
      'deposits', (select json_agg(json_build_object('accountId', xa.id, 'bankOrgId', o.id, 'bank', o.short_name, 'balanceFen', xa.bal) order by o.id)
        from xa join organisation o on o.id = xa.owner_org_id where xa.code like 'xdt:deposit:%' and ${ownerCond(s, sql`xa.owner_org_id`)})) as figures`;
}

/** `/xdt/banks`: banks in scope with their D-6 figures and latest report, and the pool's. */
function banksSql(c: FigureContext): SQL {
  return sql`with ${meCte(c)}, ${badgeCte(c)}, ${xdtAccountsCte(c)}, ${lendingCte(c)}, ${banksCte(c)}
    select json_build_object(${LAYOUT}, 'banks', (select json_agg(banks order by id) from banks), 'pool', ${POOL_RATIO}) as figures`;
}

/** Monthly compensation (bank and pool) and admitted lending, bucketed from 2022-01 (earlier months fold into the first). */
function seriesCtes(c: FigureContext, bankOrgId: number): SQL {
  const code = `xdt:compensation:${bankOrgId}`;
  const comp = c.stored.accountMonths
    ? sql`comp as (select greatest(m.month, date '2022-01-01') as mo, sum(m.net_fen) filter (where a.code = ${code}) as bank_paid, sum(m.net_fen) as pool_paid
        from ledger_account_month m join ledger_account a on a.id = m.account_id where a.code like 'xdt:compensation:%' group by 1)`
    : sql`comp as (select greatest(date_trunc('month', j.value_date)::date, date '2022-01-01') as mo, sum(p.amount_fen) filter (where a.code = ${code}) as bank_paid, sum(p.amount_fen) as pool_paid
        from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id where a.code like 'xdt:compensation:%' group by 1)`;
  const loans = c.stored.lendingMonths
    ? sql`lm as (select greatest(month, date '2022-01-01') as mo, sum(admitted_fen) filter (where bank_org_id = ${bankOrgId}) as bank_loans, sum(admitted_fen) as pool_loans
        from xdt_lending_month group by 1)`
    : sql`lm as (select greatest(date_trunc('month', disbursement_date)::date, date '2022-01-01') as mo, sum(amount_fen) filter (where bank_org_id = ${bankOrgId}) as bank_loans, sum(amount_fen) as pool_loans
        from xdt_loan where admission_status = 'admitted' group by 1)`;
  return sql`${comp}, ${loans},
    series as (
      select to_char(g.m, 'YYYY-MM') as month,
        sum(coalesce(comp.bank_paid, 0)) over w as bank_paid, sum(coalesce(lm.bank_loans, 0)) over w as bank_loans,
        sum(coalesce(comp.pool_paid, 0)) over w as pool_paid, sum(coalesce(lm.pool_loans, 0)) over w as pool_loans
      from generate_series(date '2022-01-01', date_trunc('month', ${c.today}::date), interval '1 month') as g(m)
        left join comp on comp.mo = g.m::date left join lm on lm.mo = g.m::date
      window w as (order by g.m))`;
}

/** `/xdt/banks/<id>`: one bank (getBank): its figures, history, last 12 reports, yearly tests, month-end ratio series. */
function bankSql(c: FigureContext, bankOrgId: number): SQL {
  const lastMonth = datesOf(c.today).lastMonth;
  return sql`with ${meCte(c)}, ${badgeCte(c)}, ${xdtAccountsCte(c)}, ${lendingCte(c)}, ${banksCte(c, bankOrgId)}, ${seriesCtes(c, bankOrgId)},
    reports as (
      select distinct on (m.month) m.*, (select f.submitted_on from xdt_monthly_report f where f.bank_org_id = m.bank_org_id and f.month = m.month and f.version = 1) as first_submitted_on
      from xdt_monthly_report m where m.bank_org_id = ${bankOrgId} order by m.month desc, m.version desc limit 12),
    years as (
      select extract(year from disbursement_date)::int as year, sum(amount_fen) as lending, count(distinct enterprise_id) as smes
      from xdt_loan where bank_org_id = ${bankOrgId} and admission_status = 'admitted' group by 1)
    select json_build_object(${LAYOUT},
      'bank', (select row_to_json(banks) from banks),
      'pool', ${POOL_RATIO},
      'history', (select json_agg(h order by h.id desc) from xdt_bank_status_change h where h.bank_org_id = ${bankOrgId}),
      'reports', (select json_agg(reports order by month desc) from reports),
      'currentReportFiledOn', (select submitted_on from xdt_monthly_report where bank_org_id = ${bankOrgId} and month = ${lastMonth}::date and version = 1),
      'yearly', (select json_agg(years order by year) from years),
      'series', (select json_agg(series order by month) from series)) as figures`;
}

/** Loan counts of the bank workspace: by status, overdue today, claimable (60/90-day trigger, no claim yet). */
function loanCountsJson(c: FigureContext): SQL {
  const s = c.user.scope;
  const trig = paramAt(XDT_CLAIM_TRIGGER, c.today).value;
  const pTrig = addDays(c.today, -trig.principalDays);
  const iTrig = addDays(c.today, -trig.interestDays);
  const noClaim = sql`not exists (select 1 from xdt_claim cl where cl.loan_id = l.id)`;
  if (c.stored.arrears) {
    return sql`(select json_build_object(
        'pending', count(*) filter (where l.admission_status = 'pending'), 'admitted', count(*) filter (where l.admission_status = 'admitted'),
        'rejected', count(*) filter (where l.admission_status = 'rejected'),
        'overdue', count(*) filter (where l.principal_unpaid_from <= ${c.today}::date or l.interest_unpaid_from <= ${c.today}::date),
        'claimable', count(*) filter (where l.admission_status = 'admitted' and (l.principal_unpaid_from <= ${pTrig}::date or l.interest_unpaid_from <= ${iTrig}::date) and ${noClaim}))
      from xdt_loan l where ${ownerCond(s, sql`l.bank_org_id`)})`;
  }
  return sql`(with dues as (
        select d.loan_id,
          sum(d.amount_fen) filter (where d.component = 'principal' and d.due_date <= ${c.today}::date) as p_now,
          sum(d.amount_fen) filter (where d.component = 'interest' and d.due_date <= ${c.today}::date) as i_now,
          sum(d.amount_fen) filter (where d.component = 'principal' and d.due_date <= ${pTrig}::date) as p_trig,
          sum(d.amount_fen) filter (where d.component = 'interest' and d.due_date <= ${iTrig}::date) as i_trig
        from xdt_loan_due d join xdt_loan l on l.id = d.loan_id where ${ownerCond(s, sql`l.bank_org_id`)} and d.due_date <= ${c.today}::date group by d.loan_id),
      paid as (
        select r.loan_id, sum(r.amount_fen) filter (where r.component = 'principal') as p, sum(r.amount_fen) filter (where r.component = 'interest') as i
        from xdt_repayment r join xdt_loan l on l.id = r.loan_id where ${ownerCond(s, sql`l.bank_org_id`)} group by r.loan_id)
      select json_build_object(
        'pending', count(*) filter (where l.admission_status = 'pending'), 'admitted', count(*) filter (where l.admission_status = 'admitted'),
        'rejected', count(*) filter (where l.admission_status = 'rejected'),
        'overdue', count(*) filter (where coalesce(d.p_now, 0) > coalesce(p.p, 0) or coalesce(d.i_now, 0) > coalesce(p.i, 0)),
        'claimable', count(*) filter (where l.admission_status = 'admitted' and (coalesce(d.p_trig, 0) > coalesce(p.p, 0) or coalesce(d.i_trig, 0) > coalesce(p.i, 0)) and ${noClaim}))
      from xdt_loan l left join dues d on d.loan_id = l.id left join paid p on p.loan_id = l.id where ${ownerCond(s, sql`l.bank_org_id`)})`;
}

/** Open recoveries in scope, first `limit` by due date, with their count (listRecoveries state=open). */
function openRecoveriesJson(c: FigureContext, limit: number): SQL {
  const s = c.user.scope;
  return sql`json_build_object(
    'rows', (select json_agg(t) from (
      select r.id, r.claim_id, o.short_name as bank, e.name as enterprise, l.contract_no, r.recovery_date, r.recovered_fen, r.deductible_fen, r.to_pool_fen, r.due_date, r.returned_on
      from xdt_recovery r join xdt_claim cl on cl.id = r.claim_id join xdt_loan l on l.id = cl.loan_id join enterprise e on e.id = l.enterprise_id join organisation o on o.id = r.bank_org_id
      where r.returned_on is null and ${ownerCond(s, sql`r.bank_org_id`)} order by r.due_date, r.id limit ${limit}) t),
    'total', (select count(*) from xdt_recovery r where r.returned_on is null and ${ownerCond(s, sql`r.bank_org_id`)}))`;
}

/** `/xdt/workspace` (bankWorkspace). */
function workspaceSql(c: FigureContext): SQL {
  const s = c.user.scope;
  const due = sql`case when cl.status in ('filed', 'verified') then cl.plan_due when cl.status = 'approved' then cl.payment_due end`;
  return sql`with ${meCte(c)}, ${xdtAccountsCte(c)}, ${lendingCte(c)}, ${banksCte(c)},
    todo as (${todoItems(c, true)}),
    badge as (select count(*) as total, count(*) filter (where due < ${c.today}::date) as overdue from todo)
    select json_build_object(${LAYOUT},
      'loans', ${loanCountsJson(c)},
      'imports', (select json_agg(t) from (select j.id, j.file_name, j.status, j.total_rows, j.processed_rows, j.ok_rows, j.bad_rows, j.created_by_name, j.created_at
          from xdt_import_job j where ${ownerCond(s, sql`j.bank_org_id`)} order by j.id desc limit 5) t),
      'claims', (select json_agg(t) from (select cl.status, count(*) filter (where ${due} is null) as none, count(*) filter (where ${due} >= ${c.today}::date) as due,
          count(*) filter (where ${due} < ${c.today}::date) as overdue from xdt_claim cl where ${ownerCond(s, sql`cl.bank_org_id`)} group by cl.status) t),
      'recoveries', ${openRecoveriesJson(c, 10)},
      'bank', ${s.kind === "bank" ? sql`(select row_to_json(banks) from banks limit 1)` : sql`null`},
      'deadlines', (select json_agg(t) from (select * from todo order by (due < ${c.today}::date) desc, due, key limit 10) t)) as figures`;
}

/** `/xdt/queues` (the trustee's five queues, ten rows each with its count). */
function queuesSql(c: FigureContext): SQL {
  const s = c.user.scope;
  const due = sql`case when cl.status in ('filed', 'verified') then cl.plan_due when cl.status = 'approved' then cl.payment_due end`;
  const claimQueue = (status: string) => sql`json_build_object(
    'rows', (select json_agg(t) from (
      select cl.id, cl.loan_id, l.contract_no, o.short_name as bank, e.name as enterprise, cl.status, cl.claim_date, cl.loss_fen, cl.compensation_fen, cl.approved_fen, ${due} as due, cl.paid_on
      from xdt_claim cl join xdt_loan l on l.id = cl.loan_id join enterprise e on e.id = l.enterprise_id join organisation o on o.id = cl.bank_org_id
      where cl.status = ${status} and ${ownerCond(s, sql`cl.bank_org_id`)} order by ${due} asc nulls last, cl.id limit 10) t),
    'total', (select count(*) from xdt_claim cl where cl.status = ${status} and ${ownerCond(s, sql`cl.bank_org_id`)}))`;
  return sql`with ${meCte(c)}, ${badgeCte(c)}
    select json_build_object(${LAYOUT},
      'admissions', json_build_object(
        'rows', (select json_agg(t) from (
          select l.id, l.contract_no, o.short_name as bank, e.name as enterprise, l.amount_fen, l.annual_rate_bp, l.term_months, l.disbursement_date, l.maturity_date,
            l.admission_status, l.admission_due, l.decided_on, l.admission_verdict -> 'override' as override
          from xdt_loan l join enterprise e on e.id = l.enterprise_id join organisation o on o.id = l.bank_org_id
          where l.admission_status = 'pending' and ${ownerCond(s, sql`l.bank_org_id`)} order by l.admission_due, l.id limit 10) t),
        'total', (select count(*) from xdt_loan l where l.admission_status = 'pending' and ${ownerCond(s, sql`l.bank_org_id`)})),
      'verify', ${claimQueue("filed")}, 'plan', ${claimQueue("verified")}, 'payments', ${claimQueue("approved")},
      'returns', ${openRecoveriesJson(c, 10)}) as figures`;
}

/** `/xdt/yearly` (poolYears for every year, bankEvaluations for the last complete year). */
function yearlySql(c: FigureContext): SQL {
  const s = c.user.scope;
  const current = yearOf(c.today);
  const year = Math.max(2022, current - 1);
  const moves = c.stored.accountMonths
    ? sql`mv as (select extract(year from m.month)::int as yr, case when a.code like 'xdt:contrib:%' then 'c' when a.code like 'xdt:compensation:%' then 'p' else 'r' end as cls, sum(m.net_fen) as amt
        from ledger_account_month m join ledger_account a on a.id = m.account_id
        where a.code like 'xdt:contrib:%' or a.code like 'xdt:compensation:%' or a.code like 'xdt:recovery:%' group by 1, 2)`
    : sql`mv as (select extract(year from j.value_date)::int as yr, case when a.code like 'xdt:contrib:%' then 'c' when a.code like 'xdt:compensation:%' then 'p' else 'r' end as cls, sum(p.amount_fen) as amt
        from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id
        where a.code like 'xdt:contrib:%' or a.code like 'xdt:compensation:%' or a.code like 'xdt:recovery:%' group by 1, 2)`;
  return sql`with ${meCte(c)}, ${badgeCte(c)}, ${moves},
    ly as (select extract(year from disbursement_date)::int as yr, sum(amount_fen) as lending, count(*) as loans, count(distinct enterprise_id) as smes
      from xdt_loan where admission_status = 'admitted' group by 1),
    cp as (select extract(year from paid_on)::int as yr, count(*) as n from xdt_claim where status = 'paid' group by 1),
    py as (select y.year,
        coalesce(ly.lending, 0) as lending, coalesce(ly.loans, 0) as loans, coalesce(ly.smes, 0) as smes,
        (select coalesce(sum(lending), 0) from ly where ly.yr <= y.year) as cumulative_loans,
        (select coalesce(-sum(amt), 0) from mv where cls = 'c' and mv.yr <= y.year) as contributed,
        (select coalesce(sum(amt), 0) from mv where cls = 'p' and mv.yr = y.year) as compensation,
        (select coalesce(sum(amt), 0) from mv where cls = 'p' and mv.yr <= y.year) as cumulative_compensation,
        coalesce(cp.n, 0) as claims_paid,
        (select coalesce(-sum(amt), 0) from mv where cls = 'r' and mv.yr = y.year) as recoveries
      from generate_series(2022, ${current}::int) as y(year) left join ly on ly.yr = y.year left join cp on cp.yr = y.year),
    bk as (select o.id, o.short_name as name, o.name as full_name, b.status from xdt_bank b join organisation o on o.id = b.org_id where ${ownerCond(s, sql`b.org_id`)}),
    fig as (select bank_org_id as bank, extract(year from disbursement_date)::int as year, sum(amount_fen) as lending, count(distinct enterprise_id) as smes
      from xdt_loan where admission_status = 'admitted' and bank_org_id in (select id from bk) and extract(year from disbursement_date) in (${year}, ${year - 1}) group by 1, 2)
    select json_build_object(${LAYOUT},
      'pool', (select json_agg(py order by year) from py),
      'banks', (select json_agg(json_build_object('bank', bk, 'figures', (select json_agg(fig) from fig where fig.bank = bk.id),
          'december', (select json_agg(m order by m.version desc) from xdt_monthly_report m where m.bank_org_id = bk.id and m.month = ${`${year}-12-01`}::date),
          'decision', (select row_to_json(d) from xdt_yearly_decision d where d.bank_org_id = bk.id and d.year = ${year} limit 1)) order by bk.id) from bk)) as figures`;
}

/** `/perf/scorecard` (regionScorecard for last year): money issued and paid per 市州 from the ledger, key scores, findings. */
function scorecardSql(c: FigureContext): SQL {
  const s = c.user.scope;
  const year = yearOf(c.today) - 1;
  return sql`with ${meCte(c)}, ${badgeCte(c)},
    bud as (select a.id, split_part(a.code, ':', 5) as region from ledger_account a where a.code like ${`funds:budget:%:${year}:%`}),
    money as (
      select b.region, coalesce(sum(p.amount_fen) filter (where coalesce(o.kind, j.kind) = 'funds.issue'), 0) as issued,
        coalesce(-sum(p.amount_fen) filter (where coalesce(o.kind, j.kind) = 'funds.payment'), 0) as paid
      from bud b join posting p on p.account_id = b.id join journal j on j.id = p.journal_id and j.value_date <= ${c.today}::date
        left join journal o on o.id = j.reverses_journal_id
      group by b.region),
    keys as (
      select case when rr.level = 'county' then rr.parent_code else rr.code end as prefecture, count(*) as n, avg(e.score_centi) as mean_centi,
        count(*) filter (where e.grade = '优') as g1, count(*) filter (where e.grade = '良') as g2, count(*) filter (where e.grade = '中') as g3, count(*) filter (where e.grade = '差') as g4
      from perf_evaluation e join region rr on rr.code = e.region_code
      where e.kind = 'key' and e.year = ${year} and ${regionCond(s, sql`e.region_code`)} group by 1),
    finds as (
      select left(f.region_code, 4) || '00' as prefecture, count(*) as n from audit_finding f
      where f.region_code is not null and (f.created_at at time zone 'Asia/Shanghai')::date >= ${`${year}-01-01`}::date group by 1)
    select json_build_object(${LAYOUT}, 'rows', (select json_agg(json_build_object('code', r.code, 'name', r.name,
        'issuedFen', coalesce(m.issued, 0), 'paidFen', coalesce(m.paid, 0), 'keys', row_to_json(k), 'findings', coalesce(f.n, 0)) order by r.code)
      from region r left join money m on m.region = r.code left join keys k on k.prefecture = r.code left join finds f on f.prefecture = r.code
      where r.level = 'prefecture' and ${regionCond(s, sql`r.code`)})) as figures`;
}

/** `/todo`: every clock of the user, overdue first, by due date. */
function todoSql(c: FigureContext): SQL {
  return sql`with ${meCte(c)}, todo as (${todoItems(c, true)})
    select json_build_object(${sql`'me', (select row_to_json(me) from me)`},
      'todo', (select json_build_object('total', count(*), 'overdue', count(*) filter (where due < ${c.today}::date)) from todo),
      'items', (select json_agg(t order by (t.due < ${c.today}::date) desc, t.due, t.key) from todo t)) as figures`;
}

/** `/audit`: the newest page of the log, its count and the filter menus (entity by a skip scan of its index). */
function auditSql(c: FigureContext): SQL {
  return sql`with recursive ${meCte(c)}, ${badgeCte(c)},
    ent as (
      (select entity from audit_log order by entity limit 1)
      union all
      select (select a.entity from audit_log a where a.entity > ent.entity order by a.entity limit 1) from ent where ent.entity is not null)
    select json_build_object(${LAYOUT},
      'rows', (select json_agg(t) from (select * from audit_log order by id desc limit ${PAGE_SIZE}) t),
      'total', (select count(*) from audit_log),
      'entities', (select json_agg(entity order by entity) from ent where entity is not null),
      'actions', (select json_agg(action order by action) from (select distinct action from audit_log) t)) as figures`;
}

// ---------------------------------------------------------------------------------------------- catalogue

export interface FigurePage {
  /** the page as the table names it */
  page: string;
  username: string;
  /** the URL timed as the page */
  url: string;
  sql: SQL;
}

/**
 * The figure pages and who we time them as: home for every role, the others for the role they are built for.
 * `bankOf` is the bank whose 3% detail the bank user opens (its own).
 */
export function figurePages(contexts: Map<string, FigureContext>): FigurePage[] {
  const out: FigurePage[] = [];
  const as = (username: string, page: string, url: string, build: (c: FigureContext) => SQL) => {
    const c = contexts.get(username);
    if (c) out.push({ page, username, url, sql: build(c) });
  };
  for (const username of contexts.keys()) as(username, "/", "/", homeSql);
  as("trustee", "/xdt/banks", "/xdt/banks", banksSql);
  const bank = contexts.get("bank.a");
  if (bank && bank.user.scope.kind === "bank") {
    const id = bank.user.scope.bankOrgId;
    as("bank.a", "/xdt/banks/<id>", `/xdt/banks/${id}`, (c) => bankSql(c, id));
  }
  as("bank.a", "/xdt/workspace", "/xdt/workspace", workspaceSql);
  as("trustee", "/xdt/queues", "/xdt/queues", queuesSql);
  as("finance", "/pool", "/pool", poolSql);
  as("xdt", "/xdt/yearly", "/xdt/yearly", yearlySql);
  as("finance", "/perf/scorecard", "/perf/scorecard", scorecardSql);
  for (const username of ["trustee", "bank.a", "finance", "industry", "auditor"]) as(username, "/todo", "/todo", todoSql);
  as("auditor", "/audit", "/audit", auditSql);
  return out;
}
