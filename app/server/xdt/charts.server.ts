import { sql } from "drizzle-orm";
import { clockStatus, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** The pool over time (pool-level aggregates every 信贷通 role may see): contributions in, compensation out, recoveries back. */
export async function poolSeries(tx: Tx, today: LegalDate) {
  const result = await tx.execute(sql`
    with months as (select generate_series(date '2021-11-01', date_trunc('month', ${today}::date), interval '1 month') as m),
    moves as (
      select j.value_date, a.code, p.amount_fen from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id
      where a.code like 'xdt:contrib:%' or a.code like 'xdt:compensation:%' or a.code like 'xdt:recovery:%')
    select to_char(m, 'YYYY-MM') as month,
      (select coalesce(-sum(amount_fen), 0) from moves where code like 'xdt:contrib:%' and value_date < m + interval '1 month')::text as contributed,
      (select coalesce(sum(amount_fen), 0) from moves where code like 'xdt:compensation:%' and value_date < m + interval '1 month')::text as compensated,
      (select coalesce(-sum(amount_fen), 0) from moves where code like 'xdt:recovery:%' and value_date < m + interval '1 month')::text as recovered
    from months order by m`);
  return rowsOf<{ month: string; contributed: string; compensated: string; recovered: string }>(result).map((r) => {
    const contributed = Number(r.contributed);
    const compensated = Number(r.compensated);
    const recovered = Number(r.recovered);
    return { month: r.month, contributed, compensated, recovered, balance: contributed - compensated + recovered };
  });
}

/** Claims by stage with the state of their current clock, within scope. */
export async function claimsByStage(tx: Tx, scope: Scope, today: LegalDate) {
  const cond = scope.kind === "all" ? sql`true` : scope.kind === "bank" ? sql`c.bank_org_id = ${scope.bankOrgId}` : sql`false`;
  const result = await tx.execute(sql`
    select c.status, case when c.status in ('filed','verified') then c.plan_due when c.status = 'approved' then c.payment_due end as due, c.paid_on
    from xdt_claim c where ${cond}`);
  const stages = ["filed", "returned", "verified", "planned", "compiled", "approved", "rejected", "paid"] as const;
  const out = stages.map((s) => ({ status: s, due: 0, overdue: 0, none: 0 }));
  for (const r of rowsOf<{ status: string; due: string | null }>(result)) {
    const row = out.find((o) => o.status === r.status)!;
    if (!r.due) row.none++;
    else if (clockStatus(r.due as LegalDate, today) === "overdue") row.overdue++;
    else row.due++;
  }
  return out;
}

/** Admitted lending by month of the current year against the same month of the prior year (the 20% test), within scope. */
export async function lendingByMonth(tx: Tx, scope: Scope, today: LegalDate, bankOrgId?: number) {
  const year = Number(today.slice(0, 4));
  const cond = scope.kind === "all" ? (bankOrgId ? sql`l.bank_org_id = ${bankOrgId}` : sql`true`) : scope.kind === "bank" ? sql`l.bank_org_id = ${scope.bankOrgId}` : sql`false`;
  const result = await tx.execute(sql`
    select extract(year from l.disbursement_date)::int as year, extract(month from l.disbursement_date)::int as month, coalesce(sum(l.amount_fen), 0)::text as amount
    from xdt_loan l where l.admission_status = 'admitted' and extract(year from l.disbursement_date) in (${year}, ${year - 1}) and ${cond}
    group by 1, 2`);
  const rows = rowsOf<{ year: number; month: number; amount: string }>(result);
  let cum = 0;
  let cumPrior = 0;
  return Array.from({ length: 12 }, (_, i) => {
    const cur = Number(rows.find((r) => r.year === year && r.month === i + 1)?.amount ?? 0);
    const prior = Number(rows.find((r) => r.year === year - 1 && r.month === i + 1)?.amount ?? 0);
    cum += cur;
    cumPrior += prior;
    return { month: `${i + 1}月`, current: cur, prior, cumulative: cum, cumulativePrior: cumPrior, target: Math.ceil(cumPrior * 1.2) };
  }).map((r) => ({ ...r, year }));
}
