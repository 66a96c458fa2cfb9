import { bigint, bigserial, date, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organisation } from "./org";

/**
 * XDT-FA §五(二) (seed L19508-19512): "合作金融机构应于每季度结束后15日内，向协调领导小组报送该季度贷款项目基本情况及中小信贷通执行情况".
 * The text names the subjects, not the figures: the product asks for the quarter's lending (count, amount), the
 * balance and the overdue balance at quarter end, the compensation received and the money recovered in the quarter,
 * and a written account (README Decisions). `quarter` is the first day of the quarter. Corrections are new versions.
 */
export const xdtQuarterlyReport = pgTable(
  "xdt_quarterly_report",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    quarter: date("quarter", { mode: "string" }).notNull(),
    /** loans disbursed in the quarter */
    loansCount: integer("loans_count").notNull(),
    lendingFen: bigint("lending_fen", { mode: "number" }).notNull(),
    /** 信贷通 loan balance at quarter end */
    balanceFen: bigint("balance_fen", { mode: "number" }).notNull(),
    /** overdue balance at quarter end (the quarter's losses in the making) */
    overdueFen: bigint("overdue_fen", { mode: "number" }).notNull(),
    /** compensation received from the pool in the quarter (代偿补偿) */
    compensationFen: bigint("compensation_fen", { mode: "number" }).notNull(),
    /** money recovered after compensation in the quarter (追偿) */
    recoveredFen: bigint("recovered_fen", { mode: "number" }).notNull(),
    /** 贷款项目基本情况及执行情况 in words */
    narrative: text("narrative").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    submittedOn: date("submitted_on", { mode: "string" }).notNull(),
    version: integer("version").notNull().default(1),
    correctionReason: text("correction_reason"),
    filedByUserId: integer("filed_by_user_id"),
    filedByName: text("filed_by_name"),
    source: text("source", { enum: ["form", "api", "seed"] }).notNull().default("seed"),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("xdt_quarterly_report_bank_quarter_version_uq").on(t.bankOrgId, t.quarter, t.version)],
);
