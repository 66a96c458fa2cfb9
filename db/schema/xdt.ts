import { bigint, bigserial, date, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ledgerAccount, journal } from "./ledger";
import { organisation } from "./org";

/** XDT-FA §一(三): the 17亿 pool's four sources. */
export const POOL_SOURCES = ["province_finance", "legacy_funds", "trustee", "prefecture"] as const;

/** A contributor's commitment to the pool (due) — payments are ledger journals linked here. */
export const poolContribution = pgTable(
  "pool_contribution",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    source: text("source", { enum: POOL_SOURCES }).notNull(),
    contributorOrgId: integer("contributor_org_id")
      .notNull()
      .references(() => organisation.id),
    dueFen: bigint("due_fen", { mode: "number" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    /** the ledger account that records what this contributor has put in */
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccount.id),
  },
  (t) => [uniqueIndex("pool_contribution_source_org_uq").on(t.source, t.contributorOrgId)],
);

/** Links a ledger journal to the contribution it pays. */
export const poolContributionPayment = pgTable(
  "pool_contribution_payment",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    contributionId: bigint("contribution_id", { mode: "number" })
      .notNull()
      .references(() => poolContribution.id),
    journalId: bigint("journal_id", { mode: "number" })
      .notNull()
      .references(() => journal.id),
  },
  (t) => [uniqueIndex("pool_contribution_payment_journal_uq").on(t.journalId), index("pcp_contribution_idx").on(t.contributionId)],
);
