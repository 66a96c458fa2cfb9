/**
 * 信贷通 figures over time, read from the stored figures the database keeps (README, Decision 22): the ledger's
 * monthly nets per account (`ledger_account_month`) and admitted lending per bank and month (`xdt_lending_month`).
 * A series costs a few hundred rows whatever the history's size; the ratios and targets are decided by the rule book.
 */
import { and, eq, gte, like, lt, lte, sql } from "drizzle-orm";
import { ledgerAccount, ledgerAccountMonth, xdtLendingMonth } from "#db/schema";
import { XDT_ACCOUNTS } from "#db/accounts";
import { bankLendingTarget, bankRiskRatio, fen, poolRiskRatio, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";

/** "YYYY-MM" of every month from `first` to `last` inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.slice(0, 7).split("-").map(Number);
  const [ly, lm] = last.slice(0, 7).split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Running totals of per-month amounts over a continuous month axis (months with no movement carry the total on). */
function cumulative(months: string[], byMonth: Map<string, number>): number[] {
  let total = 0;
  return months.map((m) => (total += byMonth.get(m) ?? 0));
}

type AccountClass = "contribution" | "compensation" | "recovery";
const CLASS_PATTERNS: Record<AccountClass, string> = { contribution: "xdt:contrib:%", compensation: "xdt:compensation:%", recovery: "xdt:recovery:%" };

/** Net postings per month of value date, summed over the accounts of one class (or one account), up to `today`. */
async function monthlyNets(tx: Tx, account: { class: AccountClass } | { code: string }, today: LegalDate): Promise<Map<string, number>> {
  const rows = await tx
    .select({ month: sql<string>`to_char(${ledgerAccountMonth.month}, 'YYYY-MM')`, net: sql<string>`sum(${ledgerAccountMonth.netFen})::text` })
    .from(ledgerAccountMonth)
    .innerJoin(ledgerAccount, eq(ledgerAccount.id, ledgerAccountMonth.accountId))
    .where(and("code" in account ? eq(ledgerAccount.code, account.code) : like(ledgerAccount.code, CLASS_PATTERNS[account.class]), lte(ledgerAccountMonth.month, today)))
    .groupBy(ledgerAccountMonth.month);
  return new Map(rows.map((r) => [r.month, Number(r.net)]));
}

/** Admitted lending per month of disbursement, for one bank or every bank, within [from, to). */
async function lendingMonths(tx: Tx, bankOrgId: number | null, range: { from?: string; to?: string } = {}): Promise<Map<string, number>> {
  const rows = await tx
    .select({ month: sql<string>`to_char(${xdtLendingMonth.month}, 'YYYY-MM')`, fen: sql<string>`sum(${xdtLendingMonth.admittedFen})::text` })
    .from(xdtLendingMonth)
    .where(
      and(
        bankOrgId === null ? undefined : eq(xdtLendingMonth.bankOrgId, bankOrgId),
        range.from ? gte(xdtLendingMonth.month, range.from) : undefined,
        range.to ? lt(xdtLendingMonth.month, range.to) : undefined,
      ),
    )
    .groupBy(xdtLendingMonth.month);
  return new Map(rows.map((r) => [r.month, Number(r.fen)]));
}

function firstMonth(...series: Map<string, number>[]): string | null {
  const months = series.flatMap((s) => [...s.keys()]).sort();
  return months[0] ?? null;
}

/** Last calendar day of a "YYYY-MM" month: the date a month-end ratio is judged at. */
function monthEnd(month: string): LegalDate {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) as LegalDate;
}

/**
 * Month-end D-6 ratio of a bank and of the pool (XDT-BF 第二十一条), from the first month with lending or compensation
 * to this month; each month's ratio and threshold are the rule book's at that month's end.
 */
export async function ratioSeries(tx: Tx, bankOrgId: number, today: LegalDate) {
  const [bankPaid, poolPaid, bankLent, poolLent] = [
    await monthlyNets(tx, { code: XDT_ACCOUNTS.compensation(bankOrgId) }, today),
    await monthlyNets(tx, { class: "compensation" }, today),
    await lendingMonths(tx, bankOrgId, { to: nextMonthStart(today) }),
    await lendingMonths(tx, null, { to: nextMonthStart(today) }),
  ];
  const start = firstMonth(poolPaid, poolLent);
  if (!start) return [];
  const months = monthRange(start, today);
  const [bp, pp, bl, pl] = [bankPaid, poolPaid, bankLent, poolLent].map((m) => cumulative(months, m));
  return months.map((month, i) => {
    const asOf = monthEnd(month) < today ? monthEnd(month) : today;
    const bank = bankRiskRatio({ compensationPaid: fen(bp[i]), cumulativeLoans: fen(bl[i]) }, asOf).value;
    const pool = poolRiskRatio({ compensationPaid: fen(pp[i]), cumulativeLoans: fen(pl[i]) }, asOf).value;
    return { month, bankBp: bank.ratioBp, poolBp: pool.ratioBp, thresholdBp: pool.thresholdBp };
  });
}

function nextMonthStart(today: LegalDate): string {
  const [y, m] = today.split("-").map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/** The pool over time (pool-level aggregates every 信贷通 role may see): contributions in, compensation out, recoveries back. */
export async function poolSeries(tx: Tx, today: LegalDate) {
  const contributions = await monthlyNets(tx, { class: "contribution" }, today);
  const compensation = await monthlyNets(tx, { class: "compensation" }, today);
  const recoveries = await monthlyNets(tx, { class: "recovery" }, today);
  const start = firstMonth(contributions, compensation, recoveries);
  if (!start) return [];
  const months = monthRange(start, today);
  // contributions and recoveries are credits (negative postings) on their accounts
  const [contributed, compensated, recovered] = [contributions, compensation, recoveries].map((m) => cumulative(months, m));
  return months.map((month, i) => ({
    month,
    contributed: -contributed[i],
    compensated: compensated[i],
    recovered: -recovered[i],
    balance: -contributed[i] - compensated[i] - recovered[i],
  }));
}

/** Admitted lending by month of the current year against the same month of the prior year (the 20% test), within scope. */
export async function lendingByMonth(tx: Tx, scope: Scope, today: LegalDate, bankOrgId?: number) {
  const year = Number(today.slice(0, 4));
  // a region's officer reads the province-wide series, as every bank-level figure (README Decision 23)
  const bank = scope.kind === "bank" ? scope.bankOrgId : scope.kind === "all" || scope.kind === "region" ? (bankOrgId ?? null) : undefined;
  const byMonth = bank === undefined ? new Map<string, number>() : await lendingMonths(tx, bank, { from: `${year - 1}-01-01`, to: `${year + 1}-01-01` });
  let cum = 0;
  let cumPrior = 0;
  return Array.from({ length: 12 }, (_, i) => {
    const mm = String(i + 1).padStart(2, "0");
    const cur = byMonth.get(`${year}-${mm}`) ?? 0;
    const prior = byMonth.get(`${year - 1}-${mm}`) ?? 0;
    cum += cur;
    cumPrior += prior;
    return { month: `${i + 1}月`, current: cur, prior, cumulative: cum, cumulativePrior: cumPrior, target: bankLendingTarget(year, fen(cumPrior)), year };
  });
}
