import { and, eq, like, sql } from "drizzle-orm";
import { ledgerAccount, organisation, poolContribution } from "#db/schema";
import { POOL_SOURCE_LABELS, XDT_ACCOUNTS } from "#db/accounts";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "./db.server";
import { ownerOrgCondition } from "./scope.server";

/** XDT-FA §一(三): the pool's planned size, 17亿元 (in fen). */
export const POOL_PLANNED_FEN = 170_000_000_000;

/**
 * Pool-level aggregates every 信贷通 role may see (a bank sees these, never another bank's account).
 * Balances are the accounts' stored balances (kept by the database with every posting: README, Decision 22):
 * the trustee's special account plus every bank deposit account.
 */
export async function poolSummary(tx: Tx) {
  const [row] = await tx
    .select({
      dueFen: sql<string>`(select coalesce(sum(due_fen), 0) from pool_contribution)::text`,
      paidFen: sql<string>`(select coalesce(-sum(a.balance_fen), 0) from ledger_account a where a.code like 'xdt:contrib:%')::text`,
      trustFen: sql<string>`(select coalesce(sum(a.balance_fen), 0) from ledger_account a where a.code = ${XDT_ACCOUNTS.trust})::text`,
      depositsFen: sql<string>`(select coalesce(sum(a.balance_fen), 0) from ledger_account a where a.code like 'xdt:deposit:%')::text`,
      // compensation the leading group has approved and the trustee has not paid yet is already spoken for
      committedFen: sql<string>`(select coalesce(sum(approved_fen), 0) from xdt_claim where status = 'approved')::text`,
    })
    .from(sql`(select 1) as one`);
  const trustFen = Number(row.trustFen);
  const depositsFen = Number(row.depositsFen);
  return {
    plannedFen: POOL_PLANNED_FEN,
    dueFen: Number(row.dueFen),
    paidFen: Number(row.paidFen),
    trustFen,
    depositsFen,
    balanceFen: trustFen + depositsFen,
    committedFen: Number(row.committedFen),
    // "以资金规模为限" (XDT-BF Art.13): what is left after approved, unpaid compensation
    availableFen: trustFen + depositsFen - Number(row.committedFen),
  };
}

/** Contributions due and paid, per contributor, within the user's scope (a 市州 sees its own). */
export async function contributions(tx: Tx, scope: Scope) {
  const rows = await tx
    .select({
      id: poolContribution.id,
      source: poolContribution.source,
      contributor: organisation.name,
      contributorOrgId: organisation.id,
      dueFen: poolContribution.dueFen,
      dueDate: poolContribution.dueDate,
      paidFen: sql<string>`(select -a.balance_fen from ledger_account a where a.id = ${poolContribution.accountId})::text`,
      lastPaidOn: sql<string | null>`(select max(j.value_date)::text from posting p join journal j on j.id = p.journal_id where p.account_id = ${poolContribution.accountId})`,
    })
    .from(poolContribution)
    .innerJoin(organisation, eq(organisation.id, poolContribution.contributorOrgId))
    .where(ownerOrgCondition(scope, poolContribution.contributorOrgId))
    .orderBy(sql`array_position(array['province_finance', 'legacy_funds', 'trustee', 'prefecture'], ${poolContribution.source}::text)`, organisation.id);
  return rows.map((r) => ({ ...r, paidFen: Number(r.paidFen), sourceLabel: POOL_SOURCE_LABELS[r.source] ?? r.source }));
}

/** Deposit account balances per bank, within scope: a bank sees only its own account. */
export async function depositBalances(tx: Tx, scope: Scope) {
  const rows = await tx
    .select({
      accountId: ledgerAccount.id,
      bankOrgId: organisation.id,
      bank: organisation.shortName,
      balanceFen: ledgerAccount.balanceFen,
    })
    .from(ledgerAccount)
    .innerJoin(organisation, eq(organisation.id, ledgerAccount.ownerOrgId))
    .where(and(like(ledgerAccount.code, "xdt:deposit:%"), ownerOrgCondition(scope, ledgerAccount.ownerOrgId)))
    .orderBy(organisation.id);
  return rows;
}
