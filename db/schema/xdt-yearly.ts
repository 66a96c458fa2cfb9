import { bigserial, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organisation } from "./org";
import { XDT_YEARLY_DECISIONS } from "../../app/lib/audit-work";

/**
 * 信贷通 yearly evaluation (XDT-BF Art.14, Art.23-24; XDT-TZ22 §一(一)): the figures are computed from the ledger and
 * the loans each time (never stored); what is recorded is the office's decision per partner bank for the year —
 * continue, change (suspend until the terms change) or terminate — with its basis and meeting date.
 */

export const xdtYearlyDecision = pgTable(
  "xdt_yearly_decision",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** the year evaluated (the decision is taken at the start of the next year) */
    year: integer("year").notNull(),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    decision: text("decision", { enum: XDT_YEARLY_DECISIONS }).notNull(),
    /** whether the bank passed both tests (bankYearlyTest) when the decision was recorded */
    testPassed: boolean("test_passed").notNull(),
    basis: text("basis").notNull(),
    meetingDate: date("meeting_date", { mode: "string" }).notNull(),
    decisionRef: text("decision_ref"),
    recordedByUserId: integer("recorded_by_user_id"),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("xdt_yearly_decision_uq").on(t.year, t.bankOrgId), index("xdt_yearly_decision_year_idx").on(t.year)],
);
