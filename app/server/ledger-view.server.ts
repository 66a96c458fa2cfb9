import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { journal, ledgerAccount, organisation, posting } from "#db/schema";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "./db.server";
import { countUpTo, likePattern, type ListParams } from "./list.server";
import type { CurrentUser } from "./auth.server";
import { ownerOrgCondition } from "./scope.server";

/**
 * Which ledger a user reaches: the organisations of its scope, and the books of its work. The trustee and the
 * banks work in 信贷通 only (PRODUCT.md), so the special-fund book is outside their reach even with scope "all".
 */
export interface LedgerReach {
  scope: Scope;
  books: ("xdt" | "funds")[];
}

export function ledgerReach(user: Pick<CurrentUser, "scope" | "role">): LedgerReach {
  return { scope: user.scope, books: user.role === "trustee" || user.role === "bank" ? ["xdt"] : ["xdt", "funds"] };
}

function reachCondition(reach: LedgerReach) {
  return and(ownerOrgCondition(reach.scope, ledgerAccount.ownerOrgId), inArray(ledgerAccount.book, reach.books));
}

export const ACCOUNT_SORTS = ["code", "name", "balance"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/** the stored balance (kept by the database with every posting: README, Decision 22) */
const balanceSql = sql<string>`${ledgerAccount.balanceFen}`;

/** Ledger accounts in scope (a bank: its own deposit account) with balances derived from the postings. */
export async function listAccounts(tx: Tx, reach: LedgerReach, params: ListParams<AccountSort>) {
  const where = and(
    reachCondition(reach),
    params.q ? sql`(${ledgerAccount.name} ilike ${likePattern(params.q)} or ${ledgerAccount.code} ilike ${likePattern(params.q)})` : undefined,
  );
  const sortColumn = params.sort === "balance" ? balanceSql : params.sort === "name" ? ledgerAccount.name : ledgerAccount.code;
  const rows = await tx
    .select({
      id: ledgerAccount.id,
      code: ledgerAccount.code,
      name: ledgerAccount.name,
      kind: ledgerAccount.kind,
      book: ledgerAccount.book,
      owner: organisation.shortName,
      balanceFen: sql<string>`${balanceSql}::text`,
    })
    .from(ledgerAccount)
    .leftJoin(organisation, eq(organisation.id, ledgerAccount.ownerOrgId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(sortColumn) : desc(sortColumn), asc(ledgerAccount.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(ledgerAccount).where(where);
  return { rows: rows.map((r) => ({ ...r, balanceFen: Number(r.balanceFen) })), total: n };
}

/** One account and its postings (newest first), only if in scope. */
export async function getAccount(tx: Tx, reach: LedgerReach, accountId: number, page: { limit: number; offset: number }) {
  const [account] = await tx
    .select({ id: ledgerAccount.id, code: ledgerAccount.code, name: ledgerAccount.name, kind: ledgerAccount.kind, owner: organisation.name, balanceFen: sql<string>`${balanceSql}::text` })
    .from(ledgerAccount)
    .leftJoin(organisation, eq(organisation.id, ledgerAccount.ownerOrgId))
    .where(and(eq(ledgerAccount.id, accountId), reachCondition(reach)));
  if (!account) return null;
  const lines = await tx
    .select({
      postingId: posting.id,
      journalId: journal.id,
      valueDate: journal.valueDate,
      kind: journal.kind,
      memo: journal.memo,
      amountFen: posting.amountFen,
      reversesJournalId: journal.reversesJournalId,
      createdAt: journal.createdAt,
    })
    .from(posting)
    .innerJoin(journal, eq(journal.id, posting.journalId))
    .where(eq(posting.accountId, accountId))
    .orderBy(desc(journal.valueDate), desc(posting.id))
    .limit(page.limit)
    .offset(page.offset);
  const n = await countUpTo(tx, tx.select({ one: sql`1` }).from(posting).where(eq(posting.accountId, accountId)));
  return { account: { ...account, balanceFen: Number(account.balanceFen) }, lines, total: n };
}
