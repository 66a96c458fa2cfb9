import { date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { organisation } from "./org";

/**
 * The year's list of partner banks, published on the government website by 31 January (XDT-TZ22 §一(一),
 * L21168-21176). One list per year; once published it is not edited (a bank that leaves is recorded as a status
 * change, not by rewriting the published list).
 */
export const xdtBankList = pgTable("xdt_bank_list", {
  year: integer("year").primaryKey(),
  publishedOn: date("published_on", { mode: "string" }).notNull(),
  /** the notice's number or its web address */
  documentRef: text("document_ref").notNull(),
  publishedByUserId: integer("published_by_user_id"),
  publishedByName: text("published_by_name").notNull(),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
});

export const xdtBankListEntry = pgTable(
  "xdt_bank_list_entry",
  {
    year: integer("year")
      .notNull()
      .references(() => xdtBankList.year),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
  },
  (t) => [primaryKey({ columns: [t.year, t.bankOrgId] })],
);
