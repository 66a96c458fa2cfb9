/**
 * Proof that the stored figures equal what raw history gives (README, Decision 22; `npm run figures:check`).
 * The database keeps them by trigger (migration 0017); this recomputes each one another way — balances and monthly
 * nets by grouping every posting, admitted lending and the enterprises supported by grouping every loan, each
 * allocation's paid total by grouping every payment, each loan's arrears with the app's own
 * `loanPosition` over its dues and repayments — and lists every difference. No output rows means they agree.
 */
import { asc, gt, inArray, sql } from "drizzle-orm";
import { xdtLoan, xdtLoanDue, xdtRepayment } from "./schema";
import { rowsOf, type Tx } from "./client";
import { loanPosition } from "./xdt";

export interface FigureDifference {
  figure: "ledger balance" | "ledger month" | "lending month" | "enterprises supported" | "allocation paid" | "loan arrears";
  key: string;
  stored: string;
  recomputed: string;
}

export interface FiguresReport {
  checked: { accounts: number; accountMonths: number; lendingMonths: number; enterpriseYears: number; allocations: number; loans: number };
  differences: FigureDifference[];
}

/** At most this many differences are listed per figure: one is already a failure. */
const LIST_AT_MOST = 50;

export async function checkStoredFigures(tx: Tx, options: { loanBatch?: number; onProgress?: (loansChecked: number) => void } = {}): Promise<FiguresReport> {
  const differences: FigureDifference[] = [];

  const balances = rowsOf<{ id: string; code: string; stored: string; recomputed: string }>(
    await tx.execute(sql`
      select a.id::text, a.code, a.balance_fen::text as stored, coalesce(s.total, 0)::text as recomputed
      from ledger_account a left join (select account_id, sum(amount_fen) as total from posting group by account_id) s on s.account_id = a.id
      order by a.id`),
  );
  for (const r of balances.filter((b) => b.stored !== b.recomputed).slice(0, LIST_AT_MOST))
    differences.push({ figure: "ledger balance", key: `${r.code} (#${r.id})`, stored: r.stored, recomputed: r.recomputed });

  // months whose net is zero count as absent on either side (a posting and its reversal in one month)
  const months = rowsOf<{ key: string; stored: string | null; recomputed: string | null }>(
    await tx.execute(sql`
      with stored as (select account_id, month, journal_kind, net_fen from ledger_account_month where net_fen <> 0),
           recomputed as (
             select p.account_id, date_trunc('month', j.value_date)::date as month, j.kind as journal_kind, sum(p.amount_fen) as net_fen
             from posting p join journal j on j.id = p.journal_id group by 1, 2, 3 having sum(p.amount_fen) <> 0)
      select coalesce(s.account_id, r.account_id)::text || ' ' || to_char(coalesce(s.month, r.month), 'YYYY-MM') || ' ' || coalesce(s.journal_kind, r.journal_kind) as key,
             s.net_fen::text as stored, r.net_fen::text as recomputed
      from stored s full join recomputed r on r.account_id = s.account_id and r.month = s.month and r.journal_kind = s.journal_kind
      where s.net_fen is distinct from r.net_fen
      order by 1 limit ${LIST_AT_MOST}`),
  );
  for (const r of months) differences.push({ figure: "ledger month", key: r.key, stored: r.stored ?? "—", recomputed: r.recomputed ?? "—" });

  const lending = rowsOf<{ key: string; stored: string | null; recomputed: string | null }>(
    await tx.execute(sql`
      with stored as (select bank_org_id, month, admitted_fen, admitted_count from xdt_lending_month where admitted_count <> 0 or admitted_fen <> 0),
           recomputed as (
             select bank_org_id, date_trunc('month', disbursement_date)::date as month, sum(amount_fen) as admitted_fen, count(*)::int as admitted_count
             from xdt_loan where admission_status = 'admitted' group by 1, 2)
      select coalesce(s.bank_org_id, r.bank_org_id)::text || ' ' || to_char(coalesce(s.month, r.month), 'YYYY-MM') as key,
             s.admitted_fen::text || ' / ' || s.admitted_count as stored, r.admitted_fen::text || ' / ' || r.admitted_count as recomputed
      from stored s full join recomputed r on r.bank_org_id = s.bank_org_id and r.month = s.month
      where s.admitted_fen is distinct from r.admitted_fen or s.admitted_count is distinct from r.admitted_count
      order by 1 limit ${LIST_AT_MOST}`),
  );
  for (const r of lending) differences.push({ figure: "lending month", key: r.key, stored: r.stored ?? "—", recomputed: r.recomputed ?? "—" });

  const supported = rowsOf<{ key: string; stored: string | null; recomputed: string | null }>(
    await tx.execute(sql`
      with recomputed as (
             select bank_org_id, extract(year from disbursement_date)::int as year, enterprise_id, count(*)::int as loans
             from xdt_loan where admission_status = 'admitted' group by 1, 2, 3)
      select coalesce(s.bank_org_id, r.bank_org_id)::text || ' ' || coalesce(s.year, r.year) || ' enterprise ' || coalesce(s.enterprise_id, r.enterprise_id) as key,
             s.loans::text as stored, r.loans::text as recomputed
      from xdt_bank_year_enterprise s full join recomputed r on r.bank_org_id = s.bank_org_id and r.year = s.year and r.enterprise_id = s.enterprise_id
      where s.loans is distinct from r.loans
      order by 1 limit ${LIST_AT_MOST}`),
  );
  for (const r of supported) differences.push({ figure: "enterprises supported", key: r.key, stored: r.stored ?? "—", recomputed: r.recomputed ?? "—" });

  const allocations = rowsOf<{ id: string; stored: string; recomputed: string }>(
    await tx.execute(sql`
      select a.id::text, a.paid_fen::text as stored, coalesce(p.paid, 0)::text as recomputed
      from fund_allocation a left join (select allocation_id, sum(amount_fen) as paid from fund_payment group by 1) p on p.allocation_id = a.id
      where a.paid_fen <> coalesce(p.paid, 0)
      order by a.id limit ${LIST_AT_MOST}`),
  );
  for (const r of allocations) differences.push({ figure: "allocation paid", key: `allocation #${r.id}`, stored: r.stored, recomputed: r.recomputed });

  const counts = rowsOf<{ months: number; lending: number; supported: number; allocations: number }>(
    await tx.execute(sql`select (select count(*) from ledger_account_month)::int as months, (select count(*) from xdt_lending_month)::int as lending,
      (select count(*) from xdt_bank_year_enterprise)::int as supported, (select count(*) from fund_allocation)::int as allocations`),
  )[0];

  // every loan, in id order and in batches, through the app's own arithmetic (asOf far ahead: every due counts)
  const batch = options.loanBatch ?? 5000;
  let after = 0;
  let loans = 0;
  let arrearsDifferences = 0;
  for (;;) {
    const page = await tx
      .select({ id: xdtLoan.id, contractNo: xdtLoan.contractNo, p: xdtLoan.principalUnpaidFrom, i: xdtLoan.interestUnpaidFrom, o: xdtLoan.outstandingPrincipalFen })
      .from(xdtLoan)
      .where(gt(xdtLoan.id, after))
      .orderBy(asc(xdtLoan.id))
      .limit(batch);
    if (page.length === 0) break;
    const ids = page.map((l) => l.id);
    const dues = await tx.select({ loanId: xdtLoanDue.loanId, component: xdtLoanDue.component, dueDate: xdtLoanDue.dueDate, amountFen: xdtLoanDue.amountFen }).from(xdtLoanDue).where(inArray(xdtLoanDue.loanId, ids));
    const repayments = await tx.select({ loanId: xdtRepayment.loanId, component: xdtRepayment.component, paidOn: xdtRepayment.paidOn, amountFen: xdtRepayment.amountFen }).from(xdtRepayment).where(inArray(xdtRepayment.loanId, ids));
    const duesOf = groupBy(dues, (d) => d.loanId);
    const repaymentsOf = groupBy(repayments, (r) => r.loanId);
    for (const loan of page) {
      const position = loanPosition(duesOf.get(loan.id) ?? [], repaymentsOf.get(loan.id) ?? [], "9999-12-31");
      const stored = `${loan.p ?? "—"} / ${loan.i ?? "—"} / ${loan.o}`;
      const recomputed = `${position.principalFirstUnpaidDue ?? "—"} / ${position.interestFirstUnpaidDue ?? "—"} / ${position.outstandingPrincipalFen}`;
      if (stored !== recomputed && ++arrearsDifferences <= LIST_AT_MOST) differences.push({ figure: "loan arrears", key: `${loan.contractNo} (#${loan.id})`, stored, recomputed });
    }
    loans += page.length;
    after = ids[ids.length - 1];
    options.onProgress?.(loans);
  }
  return { checked: { accounts: balances.length, accountMonths: counts.months, lendingMonths: counts.lending, enterpriseYears: counts.supported, allocations: counts.allocations, loans }, differences };
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
