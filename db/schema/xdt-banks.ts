import { bigint, bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { enterprise } from "./enterprise";
import { organisation } from "./org";

/**
 * Partner-bank lifecycle (XDT-BF Art.5, Art.14, Art.21, Art.24; XDT-TZ22 §一(一)): application → office evaluation →
 * leading-group approval → agreement signed by the trustee → on the year's list → active ⇄ suspended → terminated.
 */
export const XDT_BANK_STATUSES = ["applied", "evaluated", "approved", "agreement_signed", "listed", "active", "suspended", "terminated"] as const;
export type XdtBankStatus = (typeof XDT_BANK_STATUSES)[number];
export const XDT_SUSPENSION_REASONS = ["bank_ratio", "pool_ratio", "yearly_test", "other"] as const;

export const xdtBank = pgTable("xdt_bank", {
  orgId: integer("org_id")
    .primaryKey()
    .references(() => organisation.id),
  status: text("status", { enum: XDT_BANK_STATUSES }).notNull(),
  suspensionReason: text("suspension_reason", { enum: XDT_SUSPENSION_REASONS }),
  /** D-5: the agreed risk-sharing ratio of the pool for recoveries, bp (default 7000) */
  poolShareBp: integer("pool_share_bp").notNull().default(7000),
  /** short code used in the bank's contract numbers of the demo */
  code: text("code").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every status change, with its basis and decision and who recorded it (append-only by convention, audited). */
export const xdtBankStatusChange = pgTable(
  "xdt_bank_status_change",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    fromStatus: text("from_status", { enum: XDT_BANK_STATUSES }),
    toStatus: text("to_status", { enum: XDT_BANK_STATUSES }).notNull(),
    /** the legal or factual basis (e.g. "不良率达到3%", "2025年度名单") */
    basis: text("basis").notNull(),
    /** the decision reference (minutes, letter number) */
    decisionRef: text("decision_ref"),
    decisionDate: date("decision_date", { mode: "string" }).notNull(),
    recordedByUserId: integer("recorded_by_user_id"),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("xdt_bank_status_change_bank_idx").on(t.bankOrgId, t.decisionDate)],
);

/** D-1: the LPR history as data, editable by the administrator; seeded from INITIAL_LPR_TABLE. */
export const xdtLpr = pgTable("xdt_lpr", {
  effectiveDate: date("effective_date", { mode: "string" }).primaryKey(),
  lpr1yBp: integer("lpr_1y_bp").notNull(),
  lpr5yBp: integer("lpr_5y_bp").notNull(),
  source: text("source").notNull(),
});

/** XDT-FA §六(一): an enterprise and all its shareholders, permanently barred. One row per identifier. */
export const xdtBlacklist = pgTable(
  "xdt_blacklist",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** credit code (enterprise) or the shareholder's identifier */
    identifier: text("identifier").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["enterprise", "shareholder"] }).notNull(),
    /** the enterprise whose misconduct put this identifier on the list */
    enterpriseId: integer("enterprise_id").references(() => enterprise.id),
    reason: text("reason").notNull(),
    decisionRef: text("decision_ref").notNull(),
    decisionDate: date("decision_date", { mode: "string" }).notNull(),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("xdt_blacklist_identifier_uq").on(t.identifier)],
);

/**
 * XDT-TZ22 §五(四): monthly data before the 10th of the next month. `month` is the first day of the month.
 * A correction is a new row with the next `version` (never an update): the latest version is the month's data,
 * the first version's `submittedOn` decides whether the month was filed late.
 */
export const xdtMonthlyReport = pgTable(
  "xdt_monthly_report",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    month: date("month", { mode: "string" }).notNull(),
    balanceFen: bigint("balance_fen", { mode: "number" }).notNull(),
    cumulativeLendingFen: bigint("cumulative_lending_fen", { mode: "number" }).notNull(),
    /** loans ≥ 90 days overdue (the conventional NPL numerator) */
    nplFen: bigint("npl_fen", { mode: "number" }).notNull(),
    badDebtFen: bigint("bad_debt_fen", { mode: "number" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    submittedOn: date("submitted_on", { mode: "string" }).notNull(),
    /** 1 = first filing; each correction adds a row with the next number */
    version: integer("version").notNull().default(1),
    /** why a correction was filed (required from version 2) */
    correctionReason: text("correction_reason"),
    filedByUserId: integer("filed_by_user_id"),
    filedByName: text("filed_by_name"),
    source: text("source", { enum: ["form", "api", "seed"] }).notNull().default("seed"),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("xdt_monthly_report_bank_month_version_uq").on(t.bankOrgId, t.month, t.version)],
);

/** XDT-TZ22 §二: a risk event reported in writing within 5 working days. */
export const xdtRiskEvent = pgTable(
  "xdt_risk_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    loanId: bigint("loan_id", { mode: "number" }),
    eventDate: date("event_date", { mode: "string" }).notNull(),
    /** null before 2022-06-01 (no clock in force) */
    dueDate: date("due_date", { mode: "string" }),
    reportedOn: date("reported_on", { mode: "string" }),
    description: text("description").notNull(),
    details: jsonb("details"),
  },
  (t) => [index("xdt_risk_event_bank_idx").on(t.bankOrgId, t.eventDate)],
);
