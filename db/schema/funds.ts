import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { enterprise } from "./enterprise";
import { journal } from "./ledger";
import { region } from "./org";

/**
 * 专项资金 (RULES.md §2, issue 5). A program follows one of the rule book's fund rule sets (GXZJ-35 / ZXZJ-206);
 * its parameters are copied from `fundSettingsAt` when it is configured and every verdict is re-computed by rules/.
 * Money is integer fen; every movement is a ledger journal (book "funds"), referenced from the rows below.
 */
export const FUND_RULE_SETS = ["GXZJ", "ZXZJ"] as const;
export const FUND_SUPPORT_MODES = ["direct_subsidy", "interest_subsidy", "award_in_lieu", "government_purchase"] as const;
export const FUND_EXEMPT_CATEGORIES = ["phosphogypsum", "manganese_slag", "red_mud"] as const;
export const FUND_FILING_LEVELS = ["county", "prefecture", "province"] as const;

export const fundProgram = pgTable(
  "fund_program",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    code: text("code").notNull(),
    ruleSet: text("rule_set", { enum: FUND_RULE_SETS }).notNull(),
    name: text("name").notNull(),
    termFrom: date("term_from", { mode: "string" }).notNull(),
    termTo: date("term_to", { mode: "string" }).notNull(),
    /** parameters as configured (display; verdicts come from rules/ for the date that matters) */
    unitYearCapFen: bigint("unit_year_cap_fen", { mode: "number" }).notNull(),
    projectCapFen: bigint("project_cap_fen", { mode: "number" }).notNull(),
    exemptCategories: jsonb("exempt_categories").$type<string[]>().notNull(),
    supportModes: jsonb("support_modes").$type<string[]>().notNull(),
    /** D-9: 公示 length in working days (a per-program parameter) */
    publicityWorkingDays: integer("publicity_working_days").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("fund_program_code_uq").on(t.code)],
);

/**
 * A yearly budget line: province-level spending (region = 520000) or a transfer to a 市州. Approval posts
 * appropriation → province budget; issuing a transfer posts province budget → the region's budget account.
 */
export const fundBudget = pgTable(
  "fund_budget",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    year: integer("year").notNull(),
    level: text("level", { enum: ["provincial", "transfer"] }).notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => region.code),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    approvedOn: date("approved_on", { mode: "string" }).notNull(),
    /** transfers: the day the money was issued to the region (资金跟着项目走) */
    issuedOn: date("issued_on", { mode: "string" }),
    /** GXZJ-35 Art.19: next year's estimate issued in advance */
    advance: boolean("advance").notNull().default(false),
    approveJournalId: bigint("approve_journal_id", { mode: "number" }).references(() => journal.id),
    issueJournalId: bigint("issue_journal_id", { mode: "number" }).references(() => journal.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("fund_budget_line_uq").on(t.programId, t.year, t.regionCode), index("fund_budget_region_idx").on(t.regionCode)],
);

/**
 * Application guide per program and year (GXZJ-35 Art.11; ZXZJ-206 Art.11): a draft until 省工信厅 publishes it
 * (publishedOn set); only published guides appear on the disclosure pages.
 */
export const fundGuide = pgTable(
  "fund_guide",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    directions: text("directions").notNull(),
    conditions: text("conditions").notNull(),
    openFrom: date("open_from", { mode: "string" }).notNull(),
    openTo: date("open_to", { mode: "string" }).notNull(),
    /** null while a draft */
    publishedOn: date("published_on", { mode: "string" }),
    /** "专项资金申报指南要求提供的其他资料" (GXZJ-35 Art.16（三）; ZXZJ-206 Art.15（三）): required of every application of the year */
    extraDocuments: jsonb("extra_documents").$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex("fund_guide_year_uq").on(t.programId, t.year)],
);

/** Project library entry (GXZJ-35 Art.12-14, ZXZJ-206 Art.12): no application without one. */
export const FUND_LIBRARY_STATUSES = ["pending_review", "entered", "refused"] as const;
export const fundProject = pgTable(
  "fund_project",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprise.id),
    /** project location (county or 市州); scope is applied on it */
    regionCode: text("region_code")
      .notNull()
      .references(() => region.code),
    name: text("name").notNull(),
    category: text("category").notNull(),
    exemptCategory: text("exempt_category", { enum: FUND_EXEMPT_CATEGORIES }),
    implementationPlan: text("implementation_plan").notNull(),
    totalInvestmentFen: bigint("total_investment_fen", { mode: "number" }).notNull(),
    fixedAssetInvestmentFen: bigint("fixed_asset_investment_fen", { mode: "number" }).notNull(),
    constructionStart: date("construction_start", { mode: "string" }).notNull(),
    constructionEnd: date("construction_end", { mode: "string" }).notNull(),
    filingLevel: text("filing_level", { enum: FUND_FILING_LEVELS }).notNull(),
    provincialEnterprise: boolean("provincial_enterprise").notNull().default(false),
    keyProject: boolean("key_project").notNull().default(false),
    researchProject: boolean("research_project").notNull().default(false),
    /** ranking inputs (GXZJ-35 Art.17: 就业、税收、上规入统) */
    jobs: integer("jobs").notNull().default(0),
    taxFen: bigint("tax_fen", { mode: "number" }).notNull().default(0),
    aboveScaleNew: boolean("above_scale_new").notNull().default(false),
    libraryStatus: text("library_status", { enum: FUND_LIBRARY_STATUSES }).notNull(),
    enteredOn: date("entered_on", { mode: "string" }),
    libraryNote: text("library_note"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fund_project_region_idx").on(t.regionCode), index("fund_project_enterprise_idx").on(t.enterpriseId), index("fund_project_program_idx").on(t.programId)],
);

/** Performance goals (绩效目标): indicators with unit, target, direction and weight. */
export const fundGoal = pgTable(
  "fund_goal",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    target: text("target").notNull(),
    direction: text("direction", { enum: ["higher", "lower"] }).notNull(),
    weight: integer("weight").notNull(),
    actual: text("actual"),
  },
  (t) => [index("fund_goal_project_idx").on(t.projectId)],
);

/**
 * An application of a library project for a year: filed → prereviewed → first_reviewed → expert_reviewed →
 * (site_visited) → ranked → decided → publicity → approved (GXZJ plan issued / ZXZJ request sent) → allocated;
 * returned (for correction, back to filed), rejected, objection_upheld.
 */
export const FUND_APPLICATION_STATUSES = [
  "filed",
  "returned",
  "prereviewed",
  "first_reviewed",
  "expert_reviewed",
  "site_visited",
  "ranked",
  "decided",
  "publicity",
  "approved",
  "allocated",
  "rejected",
  "objection_upheld",
] as const;
export type FundApplicationStatus = (typeof FUND_APPLICATION_STATUSES)[number];

export const fundApplication = pgTable(
  "fund_application",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    year: integer("year").notNull(),
    status: text("status", { enum: FUND_APPLICATION_STATUSES }).notNull(),
    supportMode: text("support_mode", { enum: FUND_SUPPORT_MODES }).notNull(),
    requestedFen: bigint("requested_fen", { mode: "number" }).notNull(),
    filedOn: date("filed_on", { mode: "string" }).notNull(),
    documents: jsonb("documents").$type<string[]>().notNull(),
    rankScore: integer("rank_score"),
    decisionRef: text("decision_ref"),
    decidedOn: date("decided_on", { mode: "string" }),
    /**
     * 拟支持金额: the amount the collective decision (集体研究决策, GXZJ-35 Art.17（四） / ZXZJ-206 Art.16（四）) proposes
     * and the 公示 publishes; set by the decide step, at most the amount requested; an allocation may not exceed it.
     */
    proposedFen: bigint("proposed_fen", { mode: "number" }),
    publicityStart: date("publicity_start", { mode: "string" }),
    publicityEnd: date("publicity_end", { mode: "string" }),
    /** GXZJ: plan issued (财政厅+工信厅); ZXZJ: funding request sent to 财政厅 */
    approvalRef: text("approval_ref"),
    approvedOn: date("approved_on", { mode: "string" }),
    returnedReason: text("returned_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("fund_application_year_uq").on(t.projectId, t.year),
    index("fund_application_status_idx").on(t.status),
    // the store refuses what the decide step refuses: a proposed amount above the request, or a decision without one
    check("fund_application_proposed_ck", sql`${t.proposedFen} is null or (${t.proposedFen} > 0 and ${t.proposedFen} <= ${t.requestedFen})`),
    check("fund_application_decided_proposed_ck", sql`${t.decidedOn} is null or ${t.proposedFen} is not null`),
  ],
);

export const fundReviewStep = pgTable(
  "fund_review_step",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: bigint("application_id", { mode: "number" })
      .notNull()
      .references(() => fundApplication.id),
    step: text("step").notNull(),
    onDate: date("on_date", { mode: "string" }).notNull(),
    byName: text("by_name").notNull(),
    byUserId: integer("by_user_id"),
    note: text("note"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fund_review_step_app_idx").on(t.applicationId)],
);

/** Expert scores (0–100, in hundredths); an expert sees others' scores only after submitting their own. */
export const fundExpertScore = pgTable(
  "fund_expert_score",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: bigint("application_id", { mode: "number" })
      .notNull()
      .references(() => fundApplication.id),
    expertUserId: integer("expert_user_id").notNull(),
    expertName: text("expert_name").notNull(),
    scoreCenti: integer("score_centi").notNull(),
    comment: text("comment"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("fund_expert_score_uq").on(t.applicationId, t.expertUserId)],
);

/** Objections during 公示: filed → verified → upheld | rejected. The objector is confidential. */
export const fundObjection = pgTable(
  "fund_objection",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: bigint("application_id", { mode: "number" })
      .notNull()
      .references(() => fundApplication.id),
    filedOn: date("filed_on", { mode: "string" }).notNull(),
    objector: text("objector").notNull(),
    content: text("content").notNull(),
    status: text("status", { enum: ["filed", "verified", "upheld", "rejected"] }).notNull(),
    finding: text("finding"),
    decidedOn: date("decided_on", { mode: "string" }),
  },
  (t) => [index("fund_objection_app_idx").on(t.applicationId)],
);

/** The allocation decided after 公示, with the cap verdict and any provincial override (shown wherever the figure is). */
export const fundAllocation = pgTable(
  "fund_allocation",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: bigint("application_id", { mode: "number" })
      .notNull()
      .references(() => fundApplication.id),
    projectId: bigint("project_id", { mode: "number" })
      .notNull()
      .references(() => fundProject.id),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprise.id),
    year: integer("year").notNull(),
    supportMode: text("support_mode", { enum: FUND_SUPPORT_MODES }).notNull(),
    level: text("level", { enum: ["provincial", "transfer"] }).notNull(),
    /** the budget line's region the money is paid from (520000 or the project's 市州) */
    budgetRegionCode: text("budget_region_code").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    prepayMaxFen: bigint("prepay_max_fen", { mode: "number" }).notNull().default(0),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    capVerdict: jsonb("cap_verdict").notNull(),
    duplicateVerdict: jsonb("duplicate_verdict"),
    overrideBy: text("override_by"),
    overrideReason: text("override_reason"),
    status: text("status", { enum: ["active", "completed", "recovered"] }).notNull().default("active"),
    adjustments: integer("adjustments").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Stored figure: the sum of this allocation's payments, kept by the database with every payment (trigger
     * fund_payment_maintain_paid, migration 0022; payments are append-only), so progress, carry-over and 待办 read it
     * instead of summing payments per allocation. `npm run figures:check` proves it.
     */
    paidFen: bigint("paid_fen", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    uniqueIndex("fund_allocation_app_uq").on(t.applicationId),
    index("fund_allocation_unit_idx").on(t.enterpriseId, t.programId, t.year),
    index("fund_allocation_project_idx").on(t.projectId),
  ],
);

/** A tranche paid to the final payee; each one a ledger journal. */
export const FUND_PAYEE_ACCOUNT_TYPES = ["enterprise_basic", "enterprise_general", "fiscal_special", "budget_unit_real", "zone_or_township", "platform_company", "co_managed"] as const;
export const fundPayment = pgTable(
  "fund_payment",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    allocationId: bigint("allocation_id", { mode: "number" })
      .notNull()
      .references(() => fundAllocation.id),
    tranche: integer("tranche").notNull(),
    kind: text("kind", { enum: ["prepayment", "progress", "final"] }).notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    payeeName: text("payee_name").notNull(),
    payeeAccountType: text("payee_account_type", { enum: FUND_PAYEE_ACCOUNT_TYPES }).notNull(),
    payeeAccountNo: text("payee_account_no").notNull(),
    journalId: bigint("journal_id", { mode: "number" })
      .notNull()
      .references(() => journal.id),
    byName: text("by_name").notNull(),
  },
  (t) => [uniqueIndex("fund_payment_tranche_uq").on(t.allocationId, t.tranche), index("fund_payment_paid_idx").on(t.paidOn)],
);

export const fundAdjustment = pgTable(
  "fund_adjustment",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    allocationId: bigint("allocation_id", { mode: "number" })
      .notNull()
      .references(() => fundAllocation.id),
    requestedOn: date("requested_on", { mode: "string" }).notNull(),
    content: text("content").notNull(),
    status: text("status", { enum: ["approved", "refused"] }).notNull(),
    approver: text("approver").notNull(),
    verdict: jsonb("verdict").notNull(),
    byName: text("by_name").notNull(),
  },
  (t) => [index("fund_adjustment_alloc_idx").on(t.allocationId)],
);

export const fundAcceptance = pgTable(
  "fund_acceptance",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    allocationId: bigint("allocation_id", { mode: "number" })
      .notNull()
      .references(() => fundAllocation.id),
    level: text("level", { enum: ["province", "prefecture", "county"] }).notNull(),
    body: text("body").notNull(),
    result: text("result", { enum: ["passed", "failed"] }).notNull(),
    acceptedOn: date("accepted_on", { mode: "string" }).notNull(),
    note: text("note"),
    verdict: jsonb("verdict").notNull(),
    byName: text("by_name").notNull(),
  },
  (t) => [uniqueIndex("fund_acceptance_alloc_uq").on(t.allocationId)],
);

/** Money taken back: unspent budget after 2 years (carry-over), or paid money (sanction, refused adjustment, failed acceptance). */
export const fundRecovery = pgTable(
  "fund_recovery",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind", { enum: ["carry_over", "sanction", "adjustment_refused", "acceptance_failed"] }).notNull(),
    budgetId: bigint("budget_id", { mode: "number" }).references(() => fundBudget.id),
    allocationId: bigint("allocation_id", { mode: "number" }).references(() => fundAllocation.id),
    /** scope column: the region the money came back from */
    regionCode: text("region_code").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    reason: text("reason").notNull(),
    verdict: jsonb("verdict"),
    journalId: bigint("journal_id", { mode: "number" })
      .notNull()
      .references(() => journal.id),
    byName: text("by_name").notNull(),
  },
  (t) => [index("fund_recovery_region_idx").on(t.regionCode)],
);

/** GXZJ-35 Art.30: the unit may not apply for 3 years. */
export const fundBan = pgTable(
  "fund_ban",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprise.id),
    programId: integer("program_id")
      .notNull()
      .references(() => fundProgram.id),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    lastBannedDay: date("last_banned_day", { mode: "string" }).notNull(),
    reason: text("reason").notNull(),
    byName: text("by_name").notNull(),
  },
  (t) => [index("fund_ban_enterprise_idx").on(t.enterpriseId)],
);

/** Ledger account codes of the 专项资金 book (book "funds"); the app and the demo data share them. */
export const FUNDS_ACCOUNTS = {
  /** the year's appropriation of a program (source of its budget) */
  appropriation: (program: string, year: number) => `funds:appropriation:${program}:${year}`,
  /** money available on a budget line: the province (520000) or a 市州 after the transfer is issued */
  budget: (program: string, year: number, regionCode: string) => `funds:budget:${program}:${year}:${regionCode}`,
  /** paid to final payees of a 市州's projects (or the province's own) */
  paid: (program: string, regionCode: string) => `funds:paid:${program}:${regionCode}`,
};
