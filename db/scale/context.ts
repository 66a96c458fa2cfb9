/**
 * What every generator of the scale data set shares: the connection and loader, the seeded RNG, the demo's refs,
 * explicit ids (read once after the demo data, moved past at the end), and the two kinds of rows that every write
 * path of the app adds — audit records (db/audit.ts) and balanced journals (db/ledger.ts postJournal).
 */
import type postgres from "postgres";
import { journalRequestHash } from "../ledger";
import type { SeedRefs } from "../seed/context";
import { Rng } from "../seed/rng";
import { Batch, Loader } from "./copy";
import type { ScalePlan } from "./plan";
import type { AuditEntry } from "../audit";

export interface Person {
  userId: number | null;
  name: string;
  orgId: number | null;
}

export interface ScaleContext {
  sql: postgres.Sql;
  loader: Loader;
  rng: Rng;
  refs: SeedRefs;
  plan: ScalePlan;
  ids: Ids;
  /** people who act in the bulk history (the demo's users where there is one) */
  people: { trustee: Person; office: Person; finance: Person; industry: Person; system: Person; bank: (bankOrgId: number) => Person };
}

/** Explicit ids for the tables whose rows are referenced by later rows: deterministic, no RETURNING needed. */
export class Ids {
  private readonly next = new Map<string, number>();
  constructor(private readonly sql: postgres.Sql) {}
  async init(tables: readonly string[]) {
    for (const t of tables) {
      const [row] = await this.sql.unsafe(`select coalesce(max(id), 0)::bigint as m from "${t}"`);
      this.next.set(t, Number(row.m) + 1);
    }
  }
  take(table: string): number {
    const n = this.next.get(table);
    if (n === undefined) throw new Error(`scale: ids of ${table} not initialised`);
    this.next.set(table, n + 1);
    return n;
  }
  peek(table: string): number {
    return this.next.get(table)!;
  }
  /** Moves every sequence past the ids used, so the app's own inserts continue after them. */
  async finish() {
    for (const t of this.next.keys()) {
      await this.sql.unsafe(`select setval(pg_get_serial_sequence('"${t}"', 'id'), greatest((select coalesce(max(id), 0) from "${t}"), 1))`);
    }
  }
}

/** A timestamp on a legal date, in Beijing time, at a working hour drawn from the RNG. */
export function at(rng: Rng, date: string): string {
  const minutes = 8 * 60 + 30 + rng.int(0, 9 * 60);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}+08`;
}

export const AUDIT_COLUMNS = ["at", "actor_user_id", "actor_name", "actor_org_id", "entity", "entity_id", "action", "before", "after", "request_id", "ip", "bank_org_id", "region_code"] as const;

/** An audit record as the app writes it (db/audit.ts), with its time and author given: bulk history has no request. */
export interface AuditInput extends AuditEntry {
  at: string;
  who: Person;
}

let requestSeq = 0;
/** One audit record, as writeAudit would write it (request ids are the generator's, recognisable as such). */
export function audit(batch: Batch, a: AuditInput) {
  requestSeq++;
  batch.add("audit_log", AUDIT_COLUMNS, [
    a.at,
    a.who.userId,
    a.who.name,
    a.who.orgId,
    a.entity,
    String(a.entityId),
    a.action,
    a.before === undefined ? null : a.before,
    a.after === undefined ? null : a.after,
    `scale-${requestSeq.toString(36)}`,
    null,
    a.bankOrgId ?? null,
    a.regionCode ?? null,
  ]);
}

const JOURNAL_COLUMNS = ["id", "idempotency_key", "request_hash", "kind", "memo", "value_date", "reverses_journal_id", "created_by_user_id", "created_at"] as const;
const POSTING_COLUMNS = ["journal_id", "account_id", "amount_fen"] as const;

export interface JournalSpec {
  idempotencyKey: string;
  kind: string;
  memo: string;
  valueDate: string;
  postings: { accountId: number; amountFen: number }[];
  bankOrgId?: number | null;
  at: string;
  who: Person;
}

/**
 * A balanced journal with its postings and its audit record, as postJournal writes them. Checked here as postJournal
 * checks (≥ 2 non-zero integer postings summing to zero); the database checks the balance again at COMMIT.
 */
export function journal(batch: Batch, ids: Ids, j: JournalSpec): number {
  if (j.postings.length < 2) throw new Error(`scale: journal ${j.idempotencyKey} has fewer than two postings`);
  let sum = 0;
  for (const p of j.postings) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0) throw new Error(`scale: journal ${j.idempotencyKey}: posting of ${p.amountFen}`);
    sum += p.amountFen;
  }
  if (sum !== 0) throw new Error(`scale: journal ${j.idempotencyKey} is unbalanced by ${sum}`);
  const id = ids.take("journal");
  const input = { idempotencyKey: j.idempotencyKey, kind: j.kind, memo: j.memo, valueDate: j.valueDate, postings: j.postings, ...(j.bankOrgId !== undefined ? { bankOrgId: j.bankOrgId } : {}) };
  batch.add("journal", JOURNAL_COLUMNS, [id, j.idempotencyKey, journalRequestHash(input), j.kind, j.memo, j.valueDate, null, j.who.userId, j.at]);
  for (const p of j.postings) batch.add("posting", POSTING_COLUMNS, [id, p.accountId, p.amountFen]);
  audit(batch, { at: j.at, who: j.who, entity: "journal", entityId: id, action: "post", after: { ...input, journalId: id }, bankOrgId: j.bankOrgId ?? null });
  return id;
}

export const LEDGER_ACCOUNT_COLUMNS = ["id", "code", "name", "kind", "book", "owner_org_id", "must_not_go_negative", "created_at"] as const;

/** Yields to the event loop so the loader's socket writes progress while a long generation runs. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
