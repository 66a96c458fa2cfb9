import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Append-only: who did what, when, to which record, with the values before and after. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer("actor_user_id"),
    actorName: text("actor_name").notNull(),
    actorOrgId: integer("actor_org_id"),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id").notNull(),
    ip: text("ip"),
    /** the bank the record belongs to, so a bank-scoped reader could be limited in SQL */
    bankOrgId: integer("bank_org_id"),
    regionCode: text("region_code"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    index("audit_log_actor_idx").on(t.actorUserId),
    // the filter menu's values by a loose index scan (auditFacets)
    index("audit_log_action_idx").on(t.action),
  ],
);
