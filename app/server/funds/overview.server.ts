import { and, eq, ne, sql } from "drizzle-orm";
import { fundAllocation, fundBudget, fundProgram, fundProject, fundRecovery, FUNDS_ACCOUNTS, region } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { accountBalances, accountByCode, postJournal } from "#db/ledger";
import { carryOverStatus, daysBetween, formatCitation, formatMoney, type FundId, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { pastDate, rule, verdictRecord } from "./projects.server";
import { rowsOf } from "#db/client";

const PROVINCE = "520000";

/** Progress per program (budget, allocated, paid, recovered) in the user's scope. */
export async function programProgress(tx: Tx, scope: Scope) {
  // one grouped pass per table (allocations carry their stored paid total, Decision 22), not four subqueries per line
  const rows = await tx.execute<{ code: string; name: string; year: number; budget: string; allocated: string; paid: string; recovered: string }>(sql`
    with budgets as (
      select x.program_id, x.year, sum(x.amount_fen) as budget from fund_budget x
      where ${regionCondition(scope, sql.raw("x.region_code") as never) ?? sql`true`} group by 1, 2),
    allocations as (
      select a.program_id, a.year, sum(a.amount_fen) as allocated, sum(a.paid_fen) as paid from fund_allocation a join fund_project fp on fp.id = a.project_id
      where ${regionCondition(scope, sql.raw("fp.region_code") as never) ?? sql`true`} group by 1, 2),
    recoveries as (
      select coalesce(a.program_id, bb.program_id) as program_id, coalesce(a.year, bb.year) as year, sum(r.amount_fen) as recovered
      from fund_recovery r left join fund_allocation a on a.id = r.allocation_id left join fund_budget bb on bb.id = r.budget_id
      where ${regionCondition(scope, sql.raw("r.region_code") as never) ?? sql`true`} group by 1, 2)
    select p.code, p.name, k.year,
      coalesce(bu.budget, 0)::text as budget, coalesce(al.allocated, 0)::text as allocated, coalesce(al.paid, 0)::text as paid, coalesce(re.recovered, 0)::text as recovered
    from fund_program p join (select distinct program_id, year from fund_budget) k on k.program_id = p.id
      left join budgets bu on bu.program_id = p.id and bu.year = k.year
      left join allocations al on al.program_id = p.id and al.year = k.year
      left join recoveries re on re.program_id = p.id and re.year = k.year
    order by p.code, k.year`);
  return rowsOf<{ code: string; name: string; year: number; budget: string; allocated: string; paid: string; recovered: string }>(rows).map((r) => ({ code: r.code, name: r.name, year: Number(r.year), budgetFen: Number(r.budget), allocatedFen: Number(r.allocated), paidFen: Number(r.paid), recoveredFen: Number(r.recovered) }));
}

/**
 * Progress per 市州 (transfers issued, allocated to its projects, paid), in scope. A 市州 is flagged as slow
 * (GXZJ-35 Art.30) when less than 90% of its earlier years' allocations is paid — their time is fully elapsed,
 * and the dual-monitoring tolerance is 10 points (MONITORING_TOLERANCES).
 */
export async function regionProgress(tx: Tx, scope: Scope, program?: FundId, currentYear = 2026) {
  // one pass over the allocations, grouped by the 市州 of the project (a county's parent), with each allocation's
  // stored paid total (Decision 22) — not five subqueries per 市州 over every payment
  const res = await tx.execute<{ code: string; name: string; issued: string; allocated: string; paid: string }>(sql`
    with alloc as (
      select case when rr.level = 'county' then rr.parent_code else rr.code end as prefecture,
        sum(a.amount_fen) filter (where a.year < ${currentYear} and a.status <> 'recovered') as past_allocated,
        sum(a.paid_fen) filter (where a.year < ${currentYear} and a.status <> 'recovered') as past_paid,
        sum(a.amount_fen) as allocated, sum(a.paid_fen) as paid
      from fund_allocation a join fund_project fp on fp.id = a.project_id join fund_program p on p.id = a.program_id join region rr on rr.code = fp.region_code
      where true ${program ? sql`and p.code = ${program}` : sql``}
      group by 1),
    issued as (
      select b.region_code, sum(b.amount_fen) as issued from fund_budget b join fund_program p on p.id = b.program_id
      where b.issued_on is not null ${program ? sql`and p.code = ${program}` : sql``} group by 1)
    select r.code, r.name,
      coalesce(x.past_allocated, 0)::text as past_allocated, coalesce(x.past_paid, 0)::text as past_paid, coalesce(i.issued, 0)::text as issued,
      coalesce(x.allocated, 0)::text as allocated, coalesce(x.paid, 0)::text as paid
    from region r left join alloc x on x.prefecture = r.code left join issued i on i.region_code = r.code
    where r.level = 'prefecture' and ${regionCondition(scope, sql.raw("r.code") as never) ?? sql`true`}
    order by r.code`);
  return rowsOf<{ code: string; name: string; issued: string; allocated: string; paid: string; past_allocated: string; past_paid: string }>(res).map((r) => {
    const pastAllocated = Number(r.past_allocated);
    const pastPaid = Number(r.past_paid);
    return { code: r.code, name: r.name, issuedFen: Number(r.issued), allocatedFen: Number(r.allocated), paidFen: Number(r.paid), pastAllocatedFen: pastAllocated, pastPaidFen: pastPaid, slow: pastAllocated > 0 && pastPaid * 10 < pastAllocated * 9 };
  });
}

/** Issued (transfers to regions) vs paid (to final payees), cumulative by month, for a program and/or region, in scope. */
export async function monthlySeries(tx: Tx, scope: Scope, program?: FundId, regionCode?: string) {
  const regionFilter = (col: string) =>
    and(regionCondition(scope, sql.raw(col) as never), regionCode ? sql`${sql.raw(col)} in (select code from region where code = ${regionCode} or parent_code = ${regionCode})` : undefined) ?? sql`true`;
  const res = await tx.execute(sql`
    with issued as (
      select to_char(b.issued_on, 'YYYY-MM') as month, sum(b.amount_fen) as fen from fund_budget b join fund_program p on p.id = b.program_id
      where b.issued_on is not null ${program ? sql`and p.code = ${program}` : sql``} and ${regionFilter("b.region_code")} group by 1),
    paid as (
      select to_char(pm.paid_on, 'YYYY-MM') as month, sum(pm.amount_fen) as fen from fund_payment pm join fund_allocation a on a.id = pm.allocation_id join fund_project fp on fp.id = a.project_id join fund_program p on p.id = a.program_id
      where true ${program ? sql`and p.code = ${program}` : sql``} and ${regionFilter("fp.region_code")} group by 1),
    months as (select month from issued union select month from paid)
    select m.month, coalesce(i.fen, 0)::text as issued, coalesce(pd.fen, 0)::text as paid from months m left join issued i on i.month = m.month left join paid pd on pd.month = m.month order by m.month`);
  let ci = 0;
  let cp = 0;
  return rowsOf<{ month: string; issued: string; paid: string }>(res).map((r) => {
    ci += Number(r.issued);
    cp += Number(r.paid);
    return { month: r.month, issuedFen: ci, paidFen: cp };
  });
}

/** Disbursement rate (paid / allocated) against the share of the budget year elapsed (GXZJ-35 Art.27 dual monitoring). */
export function disbursementVsTime(progress: Awaited<ReturnType<typeof programProgress>>, today: LegalDate) {
  return progress.map((p) => {
    const start = `${p.year}-01-01` as LegalDate;
    const end = `${p.year}-12-31` as LegalDate;
    const elapsed = today < start ? 0 : today > end ? 1 : daysBetween(start, today) / daysBetween(start, end);
    const rateBp = p.allocatedFen > 0 ? Math.round((p.paidFen * 10_000) / p.allocatedFen) : 0;
    const elapsedBp = Math.round(elapsed * 10_000);
    // flagged when execution lags time elapsed by more than 10 points (MONITORING_TOLERANCES) — a slow 市县 (GXZJ-35 Art.30)
    return { label: `${p.code} ${p.year}`, rateBp, elapsedBp, lagging: elapsedBp - rateBp > 1_000 };
  });
}

/** Cap use per unit and year (the units closest to their cap first). */
export async function capUse(tx: Tx, scope: Scope, limit = 20) {
  const res = await tx.execute(sql`
    select p.code, a.year, e.name as unit, sum(case when fp.exempt_category is null then a.amount_fen else 0 end)::text as capped, p.unit_year_cap_fen::text as cap,
      bool_or(a.override_reason is not null) as overridden, string_agg(a.override_by || '：' || a.override_reason, '；') as overrides
    from fund_allocation a join fund_project fp on fp.id = a.project_id join fund_program p on p.id = a.program_id join enterprise e on e.id = a.enterprise_id
    where a.status <> 'recovered' and ${regionCondition(scope, sql.raw("fp.region_code") as never) ?? sql`true`}
    group by p.code, a.year, e.name, p.unit_year_cap_fen order by sum(case when fp.exempt_category is null then a.amount_fen else 0 end)::float / p.unit_year_cap_fen desc, e.name limit ${limit}`);
  return rowsOf<{ code: string; year: number; unit: string; capped: string; cap: string; overridden: boolean; overrides: string | null }>(res).map((r) => ({
    code: r.code,
    year: Number(r.year),
    unit: r.unit,
    cappedFen: Number(r.capped),
    capFen: Number(r.cap),
    useBp: Math.round((Number(r.capped) * 10_000) / Number(r.cap)),
    overrides: r.overrides,
  }));
}

/**
 * Carry-over ageing of each budget line in scope (GXZJ-35 Art.24; ZXZJ-206 Art.21): the money still on the line
 * (ledger balance), how much of it is not allocated, its age and the 2-year rule's verdict.
 */
export async function carryOver(tx: Tx, scope: Scope, today: LegalDate) {
  const lines = await tx
    .select({ id: fundBudget.id, code: fundProgram.code, ruleSet: fundProgram.ruleSet, year: fundBudget.year, level: fundBudget.level, regionCode: fundBudget.regionCode, regionName: region.name, amountFen: fundBudget.amountFen, approvedOn: fundBudget.approvedOn, issuedOn: fundBudget.issuedOn })
    .from(fundBudget)
    .innerJoin(fundProgram, eq(fundProgram.id, fundBudget.programId))
    .innerJoin(region, eq(region.code, fundBudget.regionCode))
    .where(regionCondition(scope, fundBudget.regionCode))
    .orderBy(fundBudget.year, fundProgram.code, fundBudget.regionCode);
  const codes = lines.map((l) => FUNDS_ACCOUNTS.budget(l.code, l.year, l.regionCode));
  const accts = codes.length ? await tx.execute(sql`select id, code from ledger_account where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`) : [];
  const idByCode = new Map(rowsOf<{ id: number; code: string }>(accts).map((a) => [a.code, Number(a.id)]));
  const balances = await accountBalances(tx, [...idByCode.values()]);
  const allocs = await tx
    .select({ programCode: fundProgram.code, year: fundAllocation.year, region: fundAllocation.budgetRegionCode, allocated: sql<string>`sum(${fundAllocation.amountFen})::text`, paid: sql<string>`sum(${fundAllocation.paidFen})::text` })
    .from(fundAllocation)
    .innerJoin(fundProgram, eq(fundProgram.id, fundAllocation.programId))
    .where(sql`${fundAllocation.status} <> 'recovered'`)
    .groupBy(fundProgram.code, fundAllocation.year, fundAllocation.budgetRegionCode);
  const allocMap = new Map(allocs.map((a) => [`${a.programCode}:${a.year}:${a.region}`, { allocated: Number(a.allocated), paid: Number(a.paid) }]));
  const recovered = await tx.select({ budgetId: fundRecovery.budgetId, amount: sql<string>`sum(${fundRecovery.amountFen})::text` }).from(fundRecovery).where(eq(fundRecovery.kind, "carry_over")).groupBy(fundRecovery.budgetId);
  const recMap = new Map(recovered.map((r) => [r.budgetId, Number(r.amount)]));
  return lines.map((l) => {
    const a = allocMap.get(`${l.code}:${l.year}:${l.regionCode}`) ?? { allocated: 0, paid: 0 };
    const balance = balances.get(idByCode.get(FUNDS_ACCOUNTS.budget(l.code, l.year, l.regionCode)) ?? -1) ?? 0;
    // a transfer's unallocated part; the province line holds the transfers' counterpart too, so only its own spending is counted
    const unallocated = l.level === "transfer" ? Math.max(0, l.amountFen - a.allocated - (recMap.get(l.id) ?? 0)) : Math.max(0, l.amountFen - a.allocated);
    const unpaidAllocated = a.allocated - a.paid;
    const since = (l.issuedOn ?? l.approvedOn) as LegalDate;
    let verdict: ReturnType<typeof carryOverStatus> | null = null;
    let error: string | null = null;
    if (since <= today) {
      try {
        // a program added by the administrator follows its rule set's carry-over rule (README Decision 21)
        verdict = carryOverStatus({ fund: l.ruleSet, approvalDate: since, asOf: today, unused: unallocated as never, level: l.level, allocated: false });
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    const ageDays = since <= today ? daysBetween(since, today) : 0;
    return {
      ...l,
      since,
      allocatedFen: a.allocated,
      paidFen: a.paid,
      unallocatedFen: unallocated,
      unpaidAllocatedFen: unpaidAllocated,
      balanceFen: balance,
      recoveredFen: recMap.get(l.id) ?? 0,
      ageDays,
      bucket: ageDays >= 730 ? "两年以上" : ageDays >= 365 ? "一至两年" : "一年以内",
      status: verdict?.value.status ?? null,
      twoYearDate: verdict?.value.twoYearDate ?? null,
      action: verdict?.value.action ?? error,
      due: verdict?.value.status === "recover" && unallocated > 0,
      why: verdict ? verdictRecord(verdict).explain : error,
      basis: verdict ? formatCitation(verdict.cites[0]) : null,
    };
  });
}

/**
 * Allocated money still unpaid, per allocation in scope, judged by the same 2-year rule as allocated money
 * (`carryOverStatus` with `allocated: true`): the clock starts on the budget line's approval (province level) or issue
 * (transfer) date, as the rule defines it. The rule decides what is due: GXZJ-35 Art.24 recovers only money the 市县
 * have not allocated, so a GXZJ allocation is never due; ZXZJ-206 Art.21 recovers allocated money too (provincial
 * 科研项目 excepted).
 */
export async function unpaidAllocationsCarryOver(tx: Tx, scope: Scope, today: LegalDate) {
  const rows = await tx
    .select({
      id: fundAllocation.id,
      projectId: fundProject.id,
      project: fundProject.name,
      researchProject: fundProject.researchProject,
      code: fundProgram.code,
      ruleSet: fundProgram.ruleSet,
      year: fundAllocation.year,
      level: fundAllocation.level,
      amountFen: fundAllocation.amountFen,
      paidFen: fundAllocation.paidFen,
      approvedOn: fundBudget.approvedOn,
      issuedOn: fundBudget.issuedOn,
    })
    .from(fundAllocation)
    .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
    .innerJoin(fundProgram, eq(fundProgram.id, fundAllocation.programId))
    .leftJoin(fundBudget, and(eq(fundBudget.programId, fundAllocation.programId), eq(fundBudget.year, fundAllocation.year), eq(fundBudget.regionCode, fundAllocation.budgetRegionCode)))
    .where(and(ne(fundAllocation.status, "recovered"), sql`${fundAllocation.amountFen} > ${fundAllocation.paidFen}`, regionCondition(scope, fundProject.regionCode)))
    .orderBy(fundAllocation.id);
  return rows.map((r) => {
    const unpaid = r.amountFen - r.paidFen;
    const since = (r.issuedOn ?? r.approvedOn) as LegalDate | null;
    let verdict: ReturnType<typeof carryOverStatus> | null = null;
    let error: string | null = null;
    if (since && since <= today) {
      try {
        verdict = carryOverStatus({ fund: r.ruleSet, approvalDate: since, asOf: today, unused: unpaid as never, level: r.level, allocated: true, researchProject: r.researchProject });
      } catch (e) {
        // a budget date outside the fund's term has no version of the rule: no clock, the reason shown
        error = e instanceof Error ? e.message : String(e);
      }
    }
    return {
      id: r.id,
      projectId: r.projectId,
      project: r.project,
      code: r.code,
      year: r.year,
      level: r.level,
      since,
      unpaidFen: unpaid,
      status: verdict?.value.status ?? null,
      twoYearDate: verdict?.value.twoYearDate ?? null,
      action: verdict?.value.action ?? error,
      due: verdict?.value.status === "recover",
      why: verdict ? verdictRecord(verdict).explain : error,
      basis: verdict ? formatCitation(verdict.cites[0]) : null,
    };
  });
}

/** A carry-over clock: money the 2-year rule recovers, reached or reaching its 2-year mark. */
export interface CarryOverClock {
  key: string;
  subject: string;
  href: string;
  /** the 2-year mark (the rule's twoYearDate) */
  due: LegalDate;
  basis: string;
}

/**
 * The carry-over clocks in scope whose 2-year mark falls on or before `horizon`: unallocated money of budget lines
 * (`carryOver`) and unpaid money of allocations (`unpaidAllocationsCarryOver`) for which `carryOverStatus` says
 * "within" or "recover". The 待办 list reads these; the carry-over page shows the same verdicts.
 */
export async function carryOverClocks(tx: Tx, scope: Scope, today: LegalDate, horizon: LegalDate): Promise<CarryOverClock[]> {
  const clocks: CarryOverClock[] = [];
  const ruled = (status: string | null, mark: LegalDate | null): mark is LegalDate => (status === "recover" || status === "within") && mark !== null && mark <= horizon;
  for (const l of await carryOver(tx, scope, today)) {
    if (l.unallocatedFen <= 0 || !ruled(l.status, l.twoYearDate)) continue;
    const what = l.level === "transfer" ? `${l.regionName}转移支付` : "省本级预算";
    clocks.push({ key: `carry-line-${l.id}`, subject: `${l.code} ${l.year}年度${what}未分配资金 ${formatMoney(l.unallocatedFen as never)} 结转满两年`, href: "/funds/carry-over", due: l.twoYearDate, basis: l.basis ?? "" });
  }
  for (const a of await unpaidAllocationsCarryOver(tx, scope, today)) {
    if (!ruled(a.status, a.twoYearDate)) continue;
    clocks.push({ key: `carry-${a.id}`, subject: `${a.project} 已安排未拨付资金 ${formatMoney(a.unpaidFen as never)} 结转满两年`, href: `/funds/projects/${a.projectId}`, due: a.twoYearDate, basis: a.basis ?? "" });
  }
  return clocks;
}

/** Recovery of a 2-year-old unallocated transfer (GXZJ-35 Art.24 / ZXZJ-206 Art.21): region line → province line, in the ledger. */
export async function recoverCarryOver(tx: Tx, actor: Actor, scope: Scope, budgetId: number, onDateText: string) {
  const onDate = pastDate(onDateText);
  if (scope.kind !== "all") throw new UserInputError("", "结转资金收回由省财政厅办理");
  const [line] = await tx.select().from(fundBudget).where(eq(fundBudget.id, budgetId)).for("update");
  if (!line || line.level !== "transfer") throw new UserInputError("", "找不到该转移支付预算");
  const [program] = await tx.select().from(fundProgram).where(eq(fundProgram.id, line.programId));
  const [{ allocated }] = await tx.select({ allocated: sql<string>`coalesce(sum(${fundAllocation.amountFen}), 0)::text` }).from(fundAllocation).where(and(eq(fundAllocation.programId, program.id), eq(fundAllocation.year, line.year), eq(fundAllocation.budgetRegionCode, line.regionCode), sql`${fundAllocation.status} <> 'recovered'`));
  const [{ back }] = await tx.select({ back: sql<string>`coalesce(sum(${fundRecovery.amountFen}), 0)::text` }).from(fundRecovery).where(eq(fundRecovery.budgetId, line.id));
  const unallocated = line.amountFen - Number(allocated) - Number(back);
  if (unallocated <= 0) throw new UserInputError("", "该预算没有未分配的结转资金");
  const since = (line.issuedOn ?? line.approvedOn) as LegalDate;
  const v = rule(() => carryOverStatus({ fund: program.ruleSet, approvalDate: since, asOf: onDate, unused: unallocated as never, level: "transfer", allocated: false }));
  if (v.value.status !== "recover") throw new UserInputError("onDate", `未满两年，不能收回：${v.value.action}`);
  const from = await accountByCode(tx, FUNDS_ACCOUNTS.budget(program.code, line.year, line.regionCode));
  const to = await accountByCode(tx, FUNDS_ACCOUNTS.budget(program.code, line.year, PROVINCE));
  const { journalId } = await postJournal(tx, actor, {
    idempotencyKey: `funds:carry-over:${line.id}`,
    kind: "funds.carry-over",
    memo: `${line.year}年度${program.code}转移支付结转两年未分配，收回省级`,
    valueDate: onDate,
    postings: [
      { accountId: to!.id, amountFen: unallocated },
      { accountId: from!.id, amountFen: -unallocated },
    ],
  });
  const [r] = await tx.insert(fundRecovery).values({ kind: "carry_over", budgetId: line.id, regionCode: line.regionCode, amountFen: unallocated, decidedOn: onDate, reason: v.value.action, verdict: verdictRecord(v), journalId, byName: actor.name }).returning();
  await writeAudit(tx, actor, { entity: "fund-recovery", entityId: r.id, action: "recover", after: { kind: "carry_over", budgetId: line.id, amountFen: unallocated, journalId } });
  return { message: `已收回 ${formatMoney(unallocated as never)}` };
}

/** Completed projects (construction period over) without acceptance, in scope. */
export async function missingAcceptance(tx: Tx, scope: Scope, today: LegalDate) {
  return tx
    .select({ id: fundProject.id, name: fundProject.name, constructionEnd: fundProject.constructionEnd, regionName: region.name })
    .from(fundAllocation)
    .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
    .innerJoin(region, eq(region.code, fundProject.regionCode))
    .where(and(eq(fundAllocation.status, "active"), sql`${fundProject.constructionEnd} < ${today}`, sql`not exists (select 1 from fund_acceptance x where x.allocation_id = ${fundAllocation.id})`, regionCondition(scope, fundProject.regionCode)))
    .orderBy(fundProject.constructionEnd)
    .limit(50);
}
