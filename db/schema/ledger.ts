import { bigint, bigserial, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organisation } from "./org";

/**
 * Double-entry ledger in integer fen. Postings are signed: positive = debit, negative = credit;
 * the postings of a journal sum to zero (deferred constraint trigger, migration 0001).
 * Journals and postings are append-only (triggers refuse UPDATE/DELETE/TRUNCATE).
 */
export const ACCOUNT_KINDS = ["asset", "liability", "equity", "income", "expense"] as const;

export const ledgerAccount = pgTable(
  "ledger_account",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** stable code, e.g. "xdt:deposit:3" or "xdt:contrib:province-finance" */
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ACCOUNT_KINDS }).notNull(),
    /** which book the account belongs to: "xdt" (信贷通 pool) or "funds" (专项资金) */
    book: text("book", { enum: ["xdt", "funds"] }).notNull(),
    /** the organisation the account belongs to (a bank's deposit account belongs to that bank) */
    ownerOrgId: integer("owner_org_id").references(() => organisation.id),
    /** an asset that may never be overdrawn (checked under a row lock when posting) */
    mustNotGoNegative: boolean("must_not_go_negative").notNull().default(false),
    /**
     * Stored figure: the sum of the account's postings, kept by the database in the same statement as every posting
     * (trigger ledger_maintain_figures, migration 0017), so no page sums the postings. `npm run figures:check` proves it.
     */
    balanceFen: bigint("balance_fen", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ledger_account_code_uq").on(t.code), index("ledger_account_owner_idx").on(t.ownerOrgId)],
);

export const journal = pgTable(
  "journal",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the canonical request: a reused key with another request is refused */
    requestHash: text("request_hash").notNull(),
    kind: text("kind").notNull(),
    memo: text("memo").notNull(),
    /** the legal date of the movement (value date) */
    valueDate: date("value_date", { mode: "string" }).notNull(),
    reversesJournalId: bigint("reverses_journal_id", { mode: "number" }),
    createdByUserId: integer("created_by_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("journal_idempotency_uq").on(t.idempotencyKey),
    uniqueIndex("journal_reverses_uq").on(t.reversesJournalId),
    index("journal_value_date_idx").on(t.valueDate),
  ],
);

export const posting = pgTable(
  "posting",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    journalId: bigint("journal_id", { mode: "number" })
      .notNull()
      .references(() => journal.id),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccount.id),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  },
  (t) => [index("posting_journal_idx").on(t.journalId), index("posting_account_idx").on(t.accountId)],
);

/**
 * Stored figure: the net of an account's postings per month of the journals' value date and per journal kind, kept by
 * the same trigger as the balance. A month-end balance is the sum of the months up to it (a few dozen rows), and a
 * figure by kind (issued, paid, deposited…) is a sum over this table instead of over millions of postings.
 */
export const ledgerAccountMonth = pgTable(
  "ledger_account_month",
  {
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccount.id),
    /** first day of the month of the journals' value date */
    month: date("month", { mode: "string" }).notNull(),
    journalKind: text("journal_kind").notNull(),
    netFen: bigint("net_fen", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month, t.journalKind] })],
);
