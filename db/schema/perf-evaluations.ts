import { bigint, bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { enterprise } from "./enterprise";
import { fundAllocation, fundProgram, fundProject } from "./funds";
import { bytea } from "./xdt-claims";

/**
 * 绩效评价 (RULES.md §3, issue 6 items 3-4). One row per project, budget year and kind: the unit's self-evaluation
 * (filed by its 市县 department, with an evidence file), finance's spot-check of it, and the key evaluation by
 * finance or an auditor. Scores are hundredths of a point (0–10000); the grade is D-10's, from `gradeForScore`.
 * `region_code` is the project's location (the scope column).
 */
export const PERF_EVALUATION_KINDS = ["self", "spot_check", "key"] as const;
export type PerfEvaluationKind = (typeof PERF_EVALUATION_KINDS)[number];
export const PERF_GRADES = ["优", "良", "中", "差"] as const;

export const perfEvaluation = pgTable(
  "perf_evaluation",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    allocationId: bigint("allocation_id", { mode: "number" })
      .notNull()
      .references(() => fundAllocation.id),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    regionCode: text("region_code").notNull(),
    /** the budget year evaluated (the allocation's year) */
    year: integer("year").notNull(),
    kind: text("kind", { enum: PERF_EVALUATION_KINDS }).notNull(),
    scoreCenti: integer("score_centi").notNull(),
    grade: text("grade", { enum: PERF_GRADES }).notNull(),
    gradeVerdict: jsonb("grade_verdict").notNull(),
    /** spot-check: the self-evaluation it checks */
    selfEvaluationId: bigint("self_evaluation_id", { mode: "number" }),
    /** self: summary; spot-check: the note of deviation */
    note: text("note"),
    /** key evaluation: findings (internal; not published) */
    findings: text("findings"),
    evidenceName: text("evidence_name"),
    evidenceMime: text("evidence_mime"),
    evidenceSize: integer("evidence_size"),
    evidenceSha256: text("evidence_sha256"),
    evidence: bytea("evidence"),
    evaluatedOn: date("evaluated_on", { mode: "string" }).notNull(),
    byName: text("by_name").notNull(),
    byUserId: integer("by_user_id"),
    byRole: text("by_role").notNull(),
    /** key evaluation released to the public disclosure pages */
    publishedOn: date("published_on", { mode: "string" }),
    publishedBy: text("published_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("perf_evaluation_kind_uq").on(t.projectId, t.year, t.kind), index("perf_evaluation_region_idx").on(t.regionCode), index("perf_evaluation_program_idx").on(t.programId, t.year)],
);

/**
 * Results application (SZH-25 三（三）): the decision per project and evaluated year, within what `resultsApplication`
 * allows for the key evaluation's grade (cut_or_cancel → cut or cancel). Read by `allocate()` for the same unit and
 * program in a later year.
 */
export const PERF_DECISION_ACTIONS = ["priority", "improve", "cut", "cancel", "recover"] as const;
export type PerfDecisionAction = (typeof PERF_DECISION_ACTIONS)[number];

export const perfResultsDecision = pgTable(
  "perf_results_decision",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprise.id),
    regionCode: text("region_code").notNull(),
    year: integer("year").notNull(),
    keyEvaluationId: bigint("key_evaluation_id", { mode: "number" })
      .notNull()
      .references(() => perfEvaluation.id),
    action: text("action", { enum: PERF_DECISION_ACTIONS }).notNull(),
    basis: text("basis").notNull(),
    verdict: jsonb("verdict").notNull(),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    byName: text("by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("perf_results_decision_uq").on(t.projectId, t.year), index("perf_results_decision_unit_idx").on(t.enterpriseId, t.programId, t.year), index("perf_results_decision_region_idx").on(t.regionCode)],
);
