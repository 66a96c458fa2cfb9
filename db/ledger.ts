import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { journal, ledgerAccount, posting } from "./schema";
import { writeAudit, type Actor } from "./audit";
import type { Tx } from "./client";

export interface PostingInput {
  accountId: number;
  /** signed integer fen: positive = debit, negative = credit */
  amountFen: number;
}

export interface JournalInput {
  /** chosen by the caller and reused on retry: the same key never posts twice */
  idempotencyKey: string;
  kind: string;
  memo: string;
  valueDate: string;
  postings: PostingInput[];
  reversesJournalId?: number;
  /** extra audit context (e.g. the bank the money belongs to) */
  bankOrgId?: number | null;
}

export interface PostResult {
  journalId: number;
  /** true when the key had already been posted with the same request: nothing new was written */
  replayed: boolean;
}

export class LedgerError extends Error {
  constructor(
    message: string,
    readonly code: "unbalanced" | "idempotency_conflict" | "insufficient_funds" | "invalid" | "already_reversed",
  ) {
    super(message);
    this.name = "LedgerError";
  }
}

/** Canonical hash of what the journal would write: a replay with another body under the same key is refused. */
export function journalRequestHash(input: JournalInput): string {
  const canonical = {
    kind: input.kind,
    memo: input.memo,
    valueDate: input.valueDate,
    reversesJournalId: input.reversesJournalId ?? null,
    postings: [...input.postings]
      .map((p) => [p.accountId, p.amountFen])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]),
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/**
 * Posts a balanced journal inside the caller's transaction (pass `tx`, never the outer db: STACK.md trap 2).
 * The database re-checks the balance at COMMIT and refuses any later UPDATE/DELETE.
 */
export async function postJournal(tx: Tx, actor: Actor, input: JournalInput): Promise<PostResult> {
  if (input.postings.length < 2) throw new LedgerError("一笔分录至少需要两条记账行", "invalid");
  for (const p of input.postings) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0)
      throw new LedgerError(`记账金额必须是非零整数分：${p.amountFen}`, "invalid");
  }
  const total = input.postings.reduce((s, p) => s + BigInt(p.amountFen), 0n);
  if (total !== 0n) throw new LedgerError(`分录借贷不平衡：合计 ${total} 分`, "unbalanced");

  const requestHash = journalRequestHash(input);
  const inserted = await tx
    .insert(journal)
    .values({
      idempotencyKey: input.idempotencyKey,
      requestHash,
      kind: input.kind,
      memo: input.memo,
      valueDate: input.valueDate,
      reversesJournalId: input.reversesJournalId ?? null,
      createdByUserId: actor.userId,
    })
    .onConflictDoNothing({ target: journal.idempotencyKey })
    .returning({ id: journal.id });

  if (inserted.length === 0) {
    const [existing] = await tx
      .select({ id: journal.id, requestHash: journal.requestHash })
      .from(journal)
      .where(eq(journal.idempotencyKey, input.idempotencyKey));
    if (existing && existing.requestHash === requestHash) return { journalId: existing.id, replayed: true };
    throw new LedgerError(`幂等键 ${input.idempotencyKey} 已用于另一笔不同的请求，已拒绝`, "idempotency_conflict");
  }
  const journalId = inserted[0].id;

  // Lock the accounts in a fixed order so concurrent postings serialise without deadlock,
  // then check the accounts that may never be overdrawn.
  const accountIds = [...new Set(input.postings.map((p) => p.accountId))].sort((a, b) => a - b);
  const accounts = await tx
    .select({ id: ledgerAccount.id, name: ledgerAccount.name, mustNotGoNegative: ledgerAccount.mustNotGoNegative })
    .from(ledgerAccount)
    .where(inArray(ledgerAccount.id, accountIds))
    .orderBy(ledgerAccount.id)
    .for("update");
  if (accounts.length !== accountIds.length) throw new LedgerError("记账科目不存在", "invalid");

  await tx.insert(posting).values(input.postings.map((p) => ({ journalId, accountId: p.accountId, amountFen: p.amountFen })));

  const guarded = accounts.filter((a) => a.mustNotGoNegative).map((a) => a.id);
  if (guarded.length > 0) {
    const balances = await accountBalances(tx, guarded);
    for (const a of accounts.filter((x) => x.mustNotGoNegative)) {
      if ((balances.get(a.id) ?? 0) < 0) throw new LedgerError(`账户“${a.name}”余额不足`, "insufficient_funds");
    }
  }

  await writeAudit(tx, actor, {
    entity: "journal",
    entityId: journalId,
    action: input.reversesJournalId ? "reverse" : "post",
    after: { ...input, journalId },
    bankOrgId: input.bankOrgId ?? null,
  });
  return { journalId, replayed: false };
}

/** A correction: a new journal with every posting negated, pointing at the original. One reversal per journal. */
export async function reverseJournal(
  tx: Tx,
  actor: Actor,
  args: { journalId: number; idempotencyKey: string; memo: string; valueDate: string },
): Promise<PostResult> {
  const [original] = await tx.select().from(journal).where(eq(journal.id, args.journalId));
  if (!original) throw new LedgerError("要冲销的分录不存在", "invalid");
  if (original.reversesJournalId) throw new LedgerError("冲销分录本身不能再冲销", "invalid");
  const [earlier] = await tx
    .select({ id: journal.id, idempotencyKey: journal.idempotencyKey })
    .from(journal)
    .where(eq(journal.reversesJournalId, original.id));
  if (earlier && earlier.idempotencyKey !== args.idempotencyKey)
    throw new LedgerError(`分录 ${original.id} 已被分录 ${earlier.id} 冲销，不能重复冲销`, "already_reversed");
  const lines = await tx.select().from(posting).where(eq(posting.journalId, args.journalId));
  return postJournal(tx, actor, {
    idempotencyKey: args.idempotencyKey,
    kind: `reversal:${original.kind}`,
    memo: args.memo,
    valueDate: args.valueDate,
    reversesJournalId: original.id,
    postings: lines.map((l) => ({ accountId: l.accountId, amountFen: -l.amountFen })),
  });
}

/**
 * Account balances: stored on the account and kept by the database in the same statement as every posting
 * (trigger ledger_maintain_figures, README Decision 22) — inside postJournal's transaction they include its postings.
 */
export async function accountBalances(tx: Tx, accountIds?: number[]): Promise<Map<number, number>> {
  const rows = await tx
    .select({ accountId: ledgerAccount.id, balance: ledgerAccount.balanceFen })
    .from(ledgerAccount)
    .where(accountIds ? inArray(ledgerAccount.id, accountIds) : undefined);
  return new Map(rows.map((r) => [r.accountId, r.balance]));
}

export async function accountByCode(tx: Tx, code: string) {
  const [row] = await tx.select().from(ledgerAccount).where(eq(ledgerAccount.code, code));
  return row ?? null;
}

export async function ensureAccount(
  tx: Tx,
  values: typeof ledgerAccount.$inferInsert,
): Promise<typeof ledgerAccount.$inferSelect> {
  await tx.insert(ledgerAccount).values(values).onConflictDoNothing({ target: ledgerAccount.code });
  const [row] = await tx.select().from(ledgerAccount).where(and(eq(ledgerAccount.code, values.code)));
  return row;
}
