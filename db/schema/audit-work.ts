import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organisation } from "./org";
import { AUDIT_FINDING_SEVERITIES, AUDIT_FINDING_STATUSES, AUDIT_RECORD_KINDS, EVIDENCE_ITEM_KINDS } from "../../app/lib/audit-work";
export * from "../../app/lib/audit-work";

/**
 * The auditor's work (issue 6 item 6; RULES.md §3 "花钱必问效，无效必问责"): findings on any record, answered by the
 * side responsible for it, and evidence sets exported to .xlsx. A finding points at its record by a typed reference
 * (kind + id) that the app checks exists; who may read it is the scope of that record (a bank: its own records).
 */

export const auditFinding = pgTable(
  "audit_finding",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recordKind: text("record_kind", { enum: AUDIT_RECORD_KINDS }).notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    severity: text("severity", { enum: AUDIT_FINDING_SEVERITIES }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    recommendation: text("recommendation").notNull(),
    status: text("status", { enum: AUDIT_FINDING_STATUSES }).notNull().default("open"),
    /** the bank the record belongs to, or the region it lies in: kept for listing; reach is re-checked on the record */
    bankOrgId: integer("bank_org_id").references(() => organisation.id),
    regionCode: text("region_code"),
    createdByUserId: integer("created_by_user_id"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    response: text("response"),
    respondedByName: text("responded_by_name"),
    respondedByOrgId: integer("responded_by_org_id"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    closingNote: text("closing_note"),
    closedByName: text("closed_by_name"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("audit_finding_record_idx").on(t.recordKind, t.recordId), index("audit_finding_status_idx").on(t.status)],
);

/** A named set of evidence assembled by an auditor: records, documents and audit-log entries. */
export const evidenceSet = pgTable("evidence_set", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  name: text("name").notNull(),
  purpose: text("purpose"),
  createdByUserId: integer("created_by_user_id"),
  createdByName: text("created_by_name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});


export const evidenceItem = pgTable(
  "evidence_item",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    setId: bigint("set_id", { mode: "number" })
      .notNull()
      .references(() => evidenceSet.id),
    kind: text("kind", { enum: EVIDENCE_ITEM_KINDS }).notNull(),
    refId: bigint("ref_id", { mode: "number" }).notNull(),
    note: text("note"),
    addedByName: text("added_by_name").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("evidence_item_uq").on(t.setId, t.kind, t.refId)],
);
