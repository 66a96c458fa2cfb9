import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { fundAdjustment, fundAllocation, fundProject } from "./funds";
import { bytea } from "./xdt-claims";

/**
 * 绩效 — goals with history and dual monitoring (双监控; RULES.md §3, issue 6 §1-2).
 * Goals: version 1 is the library entry's goals (`fund_goal`); every later version is a row here, inserted when an
 * approved adjustment changes them, never updated. Monitoring: one record per allocation and half-year period.
 */
export interface GoalSpec {
  name: string;
  unit: string;
  /** decimal text, as in fund_goal */
  target: string;
  direction: "higher" | "lower";
  weight: number;
}

export const perfGoalRevision = pgTable(
  "perf_goal_revision",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    /** 2, 3, … (1 = the library entry's goals) */
    version: integer("version").notNull(),
    /** the approved adjustment that carried the change */
    adjustmentId: bigint("adjustment_id", { mode: "number" })
      .notNull()
      .references(() => fundAdjustment.id),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    goals: jsonb("goals").$type<GoalSpec[]>().notNull(),
    reason: text("reason").notNull(),
    byName: text("by_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("perf_goal_revision_version_uq").on(t.projectId, t.version), uniqueIndex("perf_goal_revision_adjustment_uq").on(t.adjustmentId)],
);

/** One indicator as measured in a record: the goal version's spec, the actual entered, its attainment (bp). */
export interface MonitoredIndicator extends GoalSpec {
  actual: string;
  attainmentBp: number;
}

/**
 * A monitoring record. Execution (paid ÷ allocated) is a snapshot of the ledger at `as_of` — the postings of the
 * project's payment and recovery journals dated on or before it — kept so the flag can be filtered in SQL; the
 * pages recompute it from the ledger and show the journals. The flags are the rule book's (monitoringDeviation).
 */
export const perfMonitoring = pgTable(
  "perf_monitoring",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    allocationId: bigint("allocation_id", { mode: "number" })
      .notNull()
      .references(() => fundAllocation.id),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    programId: integer("program_id").notNull(),
    /** scope column: the project's location */
    regionCode: text("region_code").notNull(),
    /** "2026H1" */
    period: text("period").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    /** the implementation window time elapsed is measured on */
    windowStart: date("window_start", { mode: "string" }).notNull(),
    windowEnd: date("window_end", { mode: "string" }).notNull(),
    allocatedFen: bigint("allocated_fen", { mode: "number" }).notNull(),
    paidFen: bigint("paid_fen", { mode: "number" }).notNull(),
    goalVersion: integer("goal_version").notNull(),
    indicators: jsonb("indicators").$type<MonitoredIndicator[]>().notNull(),
    timeElapsedBp: integer("time_elapsed_bp").notNull(),
    executionBp: integer("execution_bp").notNull(),
    goalAttainmentBp: integer("goal_attainment_bp"),
    executionFlag: boolean("execution_flag").notNull(),
    goalFlag: boolean("goal_flag").notNull(),
    flagged: boolean("flagged").notNull(),
    verdict: jsonb("verdict").notNull(),
    note: text("note"),
    recordedOn: date("recorded_on", { mode: "string" }).notNull(),
    byName: text("by_name").notNull(),
    byUserId: integer("by_user_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("perf_monitoring_period_uq").on(t.allocationId, t.period),
    index("perf_monitoring_region_idx").on(t.regionCode),
    index("perf_monitoring_project_idx").on(t.projectId),
  ],
);

/** Evidence of an indicator's actual value, stored in the database (checked like the claim materials). */
export const perfEvidence = pgTable(
  "perf_evidence",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    monitoringId: bigint("monitoring_id", { mode: "number" })
      .notNull()
      .references(() => perfMonitoring.id),
    /** index of the indicator in the record */
    indicator: integer("indicator").notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    byName: text("by_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("perf_evidence_monitoring_idx").on(t.monitoringId)],
);

/** A rectification task raised by a flagged record, with its due date (rules: rectificationDue) and completion. */
export const perfRectification = pgTable(
  "perf_rectification",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    monitoringId: bigint("monitoring_id", { mode: "number" })
      .notNull()
      .references(() => perfMonitoring.id),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    regionCode: text("region_code").notNull(),
    /** the deviations found (the rule's findings) */
    issues: text("issues").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    dueVerdict: jsonb("due_verdict").notNull(),
    status: text("status", { enum: ["open", "done"] }).notNull().default("open"),
    completedOn: date("completed_on", { mode: "string" }),
    completionNote: text("completion_note"),
    completedByName: text("completed_by_name"),
  },
  (t) => [uniqueIndex("perf_rectification_monitoring_uq").on(t.monitoringId), index("perf_rectification_region_idx").on(t.regionCode), index("perf_rectification_due_idx").on(t.status, t.dueOn)],
);
