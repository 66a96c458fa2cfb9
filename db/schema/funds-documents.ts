import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { fundApplication } from "./funds";
import { bytea } from "./xdt-claims";

/**
 * The documents an application carries (GXZJ-35 Art.16; ZXZJ-206 Art.15), uploaded by the 市县 department and
 * stored in the database: one file per required document (a new upload replaces the old one until pre-review).
 * `kind` is the document's name from `requiredApplicationDocuments` (rules/funds/applications.ts).
 */
export const fundApplicationDocument = pgTable(
  "fund_application_document",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: bigint("application_id", { mode: "number" })
      .notNull()
      .references(() => fundApplication.id),
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    byName: text("by_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("fund_application_document_kind_uq").on(t.applicationId, t.kind), index("fund_application_document_app_idx").on(t.applicationId)],
);
