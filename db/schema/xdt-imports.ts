import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { organisation } from "./org";
import { bytea } from "./xdt-claims";

/**
 * A bank's monthly loan-list import (.xlsx/.csv): the file, its progress and its row-by-row report live here, so any
 * instance can serve the progress page and a stalled job can be picked up again (PRODUCT.md: no state outside the DB).
 */
export const XDT_IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;

export const xdtImportJob = pgTable(
  "xdt_import_job",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bankOrgId: integer("bank_org_id")
      .notNull()
      .references(() => organisation.id),
    fileName: text("file_name").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    content: bytea("content").notNull(),
    status: text("status", { enum: XDT_IMPORT_STATUSES }).notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    processedRows: integer("processed_rows").notNull().default(0),
    /** good rows written so far by the write phase (reported from outside its transaction where the database allows) */
    writtenRows: integer("written_rows").notNull().default(0),
    okRows: integer("ok_rows").notNull().default(0),
    badRows: integer("bad_rows").notNull().default(0),
    /** [{row, contractNo, field, message}] for the rows that were not imported */
    report: jsonb("report"),
    /** [{row, contractNo, field, message}] notices on rows that WERE imported (a credit code registered under another name) */
    warnings: jsonb("warnings"),
    /** a whole-file error (not a spreadsheet, wrong headers, too large…) */
    error: text("error"),
    createdByUserId: integer("created_by_user_id"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("xdt_import_job_bank_idx").on(t.bankOrgId, t.createdAt)],
);
