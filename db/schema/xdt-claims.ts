import { customType, bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { journal } from "./ledger";
import { organisation } from "./org";
import { xdtLoan } from "./xdt-loans";

/** Files live in the database (PRODUCT.md: no state outside the database). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * A compensation claim (XDT-BF Art.13, 15, 17; XDT-TZ22 §四):
 * filed → (returned ⇄ filed) → verified → planned (trustee's plan, 10 WD) → compiled (office) →
 * approved | rejected (leading group, meeting date) → paid (3 WD after the decision, drawn by splitClaimPayment).
 */
export const XDT_CLAIM_STATUSES = ["filed", "returned", "verified", "planned", "compiled", "approved", "rejected", "paid"] as const;
export type XdtClaimStatus = (typeof XDT_CLAIM_STATUSES)[number];

/** XDT-BF Art.15: the nine materials. */
export const XDT_CLAIM_MATERIALS = [
  "overdue_summary",
  "operations",
  "financials",
  "investments",
  "debts",
  "tax",
  "employment",
  "collateral",
  "collection_plan",
] as const;
export type XdtClaimMaterial = (typeof XDT_CLAIM_MATERIALS)[number];

export const xdtClaim = pgTable(
  "xdt_claim",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    loanId: bigint("loan_id", { mode: "number" })
      .notNull()
      .references(() => xdtLoan.id),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    status: text("status", { enum: XDT_CLAIM_STATUSES }).notNull(),
    /** the date that matters for eligibility and the loss (D-3) */
    claimDate: date("claim_date", { mode: "string" }).notNull(),
    unpaidPrincipalFen: bigint("unpaid_principal_fen", { mode: "number" }).notNull(),
    unpaidInterestFen: bigint("unpaid_interest_fen", { mode: "number" }).notNull(),
    lossFen: bigint("loss_fen", { mode: "number" }).notNull(),
    /** 70% of the loss, capped by the pool, at filing */
    compensationFen: bigint("compensation_fen", { mode: "number" }).notNull(),
    /** eligibility + compensation verdicts (outcome, findings, explain text) */
    verdict: jsonb("verdict").notNull(),
    /** the day the trustee received the complete claim (starts the 10-working-day plan clock) */
    receivedOn: date("received_on", { mode: "string" }),
    planDue: date("plan_due", { mode: "string" }),
    returnedReason: text("returned_reason"),
    planNote: text("plan_note"),
    decisionDate: date("decision_date", { mode: "string" }),
    decisionRef: text("decision_ref"),
    approvedFen: bigint("approved_fen", { mode: "number" }),
    paymentDue: date("payment_due", { mode: "string" }),
    paidOn: date("paid_on", { mode: "string" }),
    paymentJournalId: bigint("payment_journal_id", { mode: "number" }).references(() => journal.id),
    /** how the payment was drawn (splitClaimPayment parts) */
    paymentSplit: jsonb("payment_split"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // one claim per loan
    uniqueIndex("xdt_claim_loan_uq").on(t.loanId),
    index("xdt_claim_bank_idx").on(t.bankOrgId, t.status),
    index("xdt_claim_status_idx").on(t.status),
  ],
);

/** Who did each step, when, with what note — the claim's history. */
export const xdtClaimStep = pgTable(
  "xdt_claim_step",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    claimId: bigint("claim_id", { mode: "number" })
      .notNull()
      .references(() => xdtClaim.id),
    step: text("step").notNull(),
    onDate: date("on_date", { mode: "string" }).notNull(),
    byName: text("by_name").notNull(),
    byUserId: integer("by_user_id"),
    note: text("note"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("xdt_claim_step_claim_idx").on(t.claimId, t.id)],
);

/** One row per material kind: a stored file (size- and type-checked) or a mark that it was provided on paper. */
export const xdtClaimMaterial = pgTable(
  "xdt_claim_material",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    claimId: bigint("claim_id", { mode: "number" })
      .notNull()
      .references(() => xdtClaim.id),
    kind: text("kind", { enum: XDT_CLAIM_MATERIALS }).notNull(),
    fileName: text("file_name"),
    mimeType: text("mime_type"),
    sizeBytes: integer("size_bytes"),
    sha256: text("sha256"),
    content: bytea("content"),
    /** provided outside the system (paper), marked by the bank */
    markedOnly: boolean("marked_only").notNull().default(false),
    note: text("note"),
    byName: text("by_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("xdt_claim_material_kind_uq").on(t.claimId, t.kind)],
);

/** Money recovered after compensation and the pool's share returned (XDT-BF Art.19, XDT-TZ22 §四(六), D-4, D-5). */
export const xdtRecovery = pgTable(
  "xdt_recovery",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    claimId: bigint("claim_id", { mode: "number" })
      .notNull()
      .references(() => xdtClaim.id),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    recoveryDate: date("recovery_date", { mode: "string" }).notNull(),
    recoveredFen: bigint("recovered_fen", { mode: "number" }).notNull(),
    costs: jsonb("costs").notNull(),
    deductibleFen: bigint("deductible_fen", { mode: "number" }).notNull(),
    toPoolFen: bigint("to_pool_fen", { mode: "number" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    verdict: jsonb("verdict").notNull(),
    returnedOn: date("returned_on", { mode: "string" }),
    returnJournalId: bigint("return_journal_id", { mode: "number" }).references(() => journal.id),
    reportedByName: text("reported_by_name").notNull(),
    /** the submitting form's request id (or the API's Idempotency-Key): the same report recorded once */
    requestKey: text("request_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("xdt_recovery_claim_idx").on(t.claimId),
    index("xdt_recovery_bank_idx").on(t.bankOrgId, t.dueDate),
    uniqueIndex("xdt_recovery_request_uq").on(t.claimId, t.requestKey),
  ],
);
