import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "#db/audit";
import { accountBalances, ensureAccount, LedgerError, postJournal, reverseJournal } from "#db/ledger";
import { auditLog, journal, posting } from "#db/schema";
import { onPostgres, useAppDatabase } from "../setup/db";

const { db } = useAppDatabase({ maxConnections: 20 });

async function twoAccounts(prefix: string, opening = 0) {
  const a = await ensureAccount(db(), { code: `${prefix}:a`, name: `${prefix} A`, kind: "asset", book: "xdt", mustNotGoNegative: true });
  const b = await ensureAccount(db(), { code: `${prefix}:b`, name: `${prefix} B`, kind: "equity", book: "xdt" });
  if (opening > 0) {
    await db().transaction((tx) =>
      postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: `${prefix}:opening`, kind: "test", memo: "opening", valueDate: "2026-01-01", postings: [{ accountId: a.id, amountFen: opening }, { accountId: b.id, amountFen: -opening }] }),
    );
  }
  return { a: a.id, b: b.id };
}

/** Errors from the driver arrive wrapped by drizzle: look through the cause chain. */
function messageOf(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  while (e instanceof Error) {
    parts.push(e.message);
    e = (e as Error & { cause?: unknown }).cause;
  }
  return parts.join(" | ");
}

describe("ledger — integrity enforced by the database", () => {
  it("refuses an unbalanced journal at COMMIT even when the application check is bypassed", async () => {
    const { a, b } = await twoAccounts("unbal");
    const err = await db()
      .transaction(async (tx) => {
        const [j] = await tx.insert(journal).values({ idempotencyKey: "unbal:1", requestHash: "x", kind: "test", memo: "bad", valueDate: "2026-01-01" }).returning();
        await tx.insert(posting).values([{ journalId: j.id, accountId: a, amountFen: 100 }, { journalId: j.id, accountId: b, amountFen: -99 }]);
      })
      .catch((e) => e);
    expect(messageOf(err)).toMatch(/unbalanced/);
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(journal).where(eq(journal.idempotencyKey, "unbal:1"));
    expect(n).toBe(0);
  });

  it("refuses a journal with a single posting", async () => {
    const { a } = await twoAccounts("single");
    const err = await db()
      .transaction(async (tx) => {
        const [j] = await tx.insert(journal).values({ idempotencyKey: "single:1", requestHash: "x", kind: "test", memo: "bad", valueDate: "2026-01-01" }).returning();
        await tx.insert(posting).values([{ journalId: j.id, accountId: a, amountFen: 0 + 5 }]);
      })
      .catch((e) => e);
    expect(messageOf(err)).toMatch(/at least two|unbalanced/);
  });

  it("the application refuses an unbalanced journal before writing", async () => {
    const { a, b } = await twoAccounts("appcheck", 1000);
    await expect(
      db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: "appcheck:1", kind: "t", memo: "m", valueDate: "2026-01-02", postings: [{ accountId: a, amountFen: -10 }, { accountId: b, amountFen: 9 }] })),
    ).rejects.toMatchObject({ code: "unbalanced" });
  });

  it("refuses UPDATE and DELETE of postings and journals, and of audit records", async () => {
    const [p] = await db().select().from(posting).limit(1);
    expect(messageOf(await db().update(posting).set({ amountFen: 1 }).where(eq(posting.id, p.id)).catch((e) => e))).toMatch(/append-only/);
    expect(messageOf(await db().delete(posting).where(eq(posting.id, p.id)).catch((e) => e))).toMatch(/append-only/);
    expect(messageOf(await db().update(journal).set({ memo: "x" }).where(eq(journal.id, p.journalId)).catch((e) => e))).toMatch(/append-only/);
    expect(messageOf(await db().delete(journal).where(eq(journal.id, p.journalId)).catch((e) => e))).toMatch(/append-only/);
    expect(messageOf(await db().execute(sql`truncate posting cascade`).catch((e) => e))).toMatch(/append-only/);
    const [entry] = await db().select().from(auditLog).limit(1);
    expect(messageOf(await db().update(auditLog).set({ action: "x" }).where(eq(auditLog.id, entry.id)).catch((e) => e))).toMatch(/append-only/);
    const [after] = await db().select().from(posting).where(eq(posting.id, p.id));
    expect(after.amountFen).toBe(p.amountFen);
  });

  it("a replayed idempotency key posts once and returns the first journal", async () => {
    const { a, b } = await twoAccounts("replay", 10_000);
    const request = { idempotencyKey: "replay:pay-1", kind: "t", memo: "pay", valueDate: "2026-02-01", postings: [{ accountId: a, amountFen: -2500 }, { accountId: b, amountFen: 2500 }] };
    const first = await db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, request));
    const second = await db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, request));
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ journalId: first.journalId, replayed: true });
    const balances = await accountBalances(db(), [a]);
    expect(balances.get(a)).toBe(7500);
  });

  it("a reused key with a different request is refused", async () => {
    const { a, b } = await twoAccounts("conflict", 10_000);
    const base = { idempotencyKey: "conflict:1", kind: "t", memo: "pay", valueDate: "2026-02-01" };
    await db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { ...base, postings: [{ accountId: a, amountFen: -100 }, { accountId: b, amountFen: 100 }] }));
    await expect(
      db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { ...base, postings: [{ accountId: a, amountFen: -200 }, { accountId: b, amountFen: 200 }] })),
    ).rejects.toMatchObject({ code: "idempotency_conflict" });
    expect((await accountBalances(db(), [a])).get(a)).toBe(9_900);
  });

  it("a correction is a reversing journal pointing at the original; a second reversal is refused", async () => {
    const { a, b } = await twoAccounts("reverse", 5_000);
    const posted = await db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: "reverse:1", kind: "t", memo: "wrong", valueDate: "2026-03-01", postings: [{ accountId: a, amountFen: -1_234 }, { accountId: b, amountFen: 1_234 }] }));
    const reversal = await db().transaction((tx) => reverseJournal(tx, SYSTEM_ACTOR, { journalId: posted.journalId, idempotencyKey: "reverse:1:undo", memo: "更正", valueDate: "2026-03-02" }));
    const [row] = await db().select().from(journal).where(eq(journal.id, reversal.journalId));
    expect(row.reversesJournalId).toBe(posted.journalId);
    expect((await accountBalances(db(), [a])).get(a)).toBe(5_000);
    await expect(
      db().transaction((tx) => reverseJournal(tx, SYSTEM_ACTOR, { journalId: posted.journalId, idempotencyKey: "reverse:1:again", memo: "再次", valueDate: "2026-03-03" })),
    ).rejects.toMatchObject({ code: "already_reversed" });
  });

  it("refuses to overdraw an account that must not go negative, leaving nothing behind", async () => {
    const { a, b } = await twoAccounts("overdraw", 1_000);
    const err = await db()
      .transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: "overdraw:1", kind: "t", memo: "too much", valueDate: "2026-04-01", postings: [{ accountId: a, amountFen: -1_001 }, { accountId: b, amountFen: 1_001 }] }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(LedgerError);
    expect(err.message).toContain("余额不足");
    expect((await accountBalances(db(), [a])).get(a)).toBe(1_000);
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(journal).where(eq(journal.idempotencyKey, "overdraw:1"));
    expect(n).toBe(0);
  });

  it("every posted journal leaves an audit record in the same transaction", async () => {
    const { a, b } = await twoAccounts("audited", 500);
    const { journalId } = await db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: "audited:1", kind: "t", memo: "m", valueDate: "2026-05-01", postings: [{ accountId: a, amountFen: -5 }, { accountId: b, amountFen: 5 }] }));
    const rows = await db().select().from(auditLog).where(eq(auditLog.entityId, String(journalId)));
    expect(rows.filter((r) => r.entity === "journal" && r.action === "post")).toHaveLength(1);
  });

  it.skipIf(!onPostgres)("on PostgreSQL, 50 concurrent postings against the same accounts keep balances exact and never overdraw", async () => {
    const { a, b } = await twoAccounts("concurrent", 30 * 100);
    const attempts = Array.from({ length: 50 }, (_, i) =>
      db()
        .transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: `concurrent:${i}`, kind: "t", memo: "draw", valueDate: "2026-06-01", postings: [{ accountId: a, amountFen: -100 }, { accountId: b, amountFen: 100 }] }))
        .then(() => "ok" as const)
        .catch((e) => (e instanceof LedgerError && e.code === "insufficient_funds" ? ("refused" as const) : Promise.reject(e))),
    );
    // the same key retried concurrently must also post once
    const replays = Array.from({ length: 10 }, () =>
      db().transaction((tx) => postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: "concurrent:replay", kind: "t", memo: "in", valueDate: "2026-06-01", postings: [{ accountId: b, amountFen: -7 }, { accountId: a, amountFen: 7 }] })),
    );
    const results = await Promise.all(attempts);
    const replayed = await Promise.all(replays);
    expect(results.filter((r) => r === "ok")).toHaveLength(30);
    expect(results.filter((r) => r === "refused")).toHaveLength(20);
    expect(new Set(replayed.map((r) => r.journalId)).size).toBe(1);
    const balances = await accountBalances(db(), [a, b]);
    expect(balances.get(a)).toBe(7);
    expect(balances.get(a)! + balances.get(b)!).toBe(0);
  });
});
