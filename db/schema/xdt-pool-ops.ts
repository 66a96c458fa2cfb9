import { bigint, bigserial, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { journal, ledgerAccount } from "./ledger";

/**
 * The trustee's movements of pool money between the pool's own accounts (XDT-FA §四: 专户管理、单独核算; XDT-BF
 * Art.17 draws compensation from the banks' deposit accounts): 存入 (special account → a bank's deposit account),
 * 支取 (a deposit account → the special account), 调拨 (between two banks' deposit accounts). The money moves in
 * the ledger journal (`journalId`); this row keeps what the trustee recorded with it: the bank slip and the reason.
 */
export const XDT_POOL_OP_KINDS = ["deposit", "withdrawal", "transfer"] as const;
export type XdtPoolOpKind = (typeof XDT_POOL_OP_KINDS)[number];

export const xdtPoolOperation = pgTable(
  "xdt_pool_operation",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind", { enum: XDT_POOL_OP_KINDS }).notNull(),
    /** one operation per journal: a replayed form finds the first one's row through it */
    journalId: bigint("journal_id", { mode: "number" })
      .notNull()
      .references(() => journal.id),
    fromAccountId: bigint("from_account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccount.id),
    toAccountId: bigint("to_account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccount.id),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    valueDate: date("value_date", { mode: "string" }).notNull(),
    /** the bank slip or voucher number (银行回单号/凭证号) */
    reference: text("reference").notNull(),
    reason: text("reason").notNull(),
    recordedByUserId: integer("recorded_by_user_id"),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("xdt_pool_operation_journal_uq").on(t.journalId),
    index("xdt_pool_operation_date_idx").on(t.valueDate),
    index("xdt_pool_operation_from_idx").on(t.fromAccountId),
    index("xdt_pool_operation_to_idx").on(t.toAccountId),
  ],
);
