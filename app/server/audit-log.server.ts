import { and, asc, count, desc, eq, gte, ilike, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "#db/schema";
import type { Tx } from "./db.server";
import { likePattern, type ListParams } from "./list.server";

export const AUDIT_SORTS = ["at", "entity", "actor"] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().catch(null);
export const auditFilterSchema = z.object({
  entity: z.string().max(40).nullable().catch(null),
  action: z.string().max(40).nullable().catch(null),
  from: dateText,
  to: dateText,
});
export type AuditFilters = z.infer<typeof auditFilterSchema>;

export function parseAuditFilters(url: URL): AuditFilters {
  const p = url.searchParams;
  return auditFilterSchema.parse({ entity: p.get("entity") || null, action: p.get("action") || null, from: p.get("from") || null, to: p.get("to") || null });
}

const SORTS = { at: auditLog.id, entity: auditLog.entity, actor: auditLog.actorName };

/** The audit log for auditors: filters by entity, action and Beijing date range; free text over actor, record id and request id. */
export async function listAuditLog(tx: Tx, params: ListParams<AuditSort>, filters: AuditFilters) {
  const where = and(
    filters.entity ? eq(auditLog.entity, filters.entity) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.from ? gte(auditLog.at, sql`(${filters.from}::date)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
    filters.to ? lt(auditLog.at, sql`(${filters.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
    params.q
      ? or(ilike(auditLog.actorName, likePattern(params.q)), eq(auditLog.entityId, params.q), eq(auditLog.requestId, params.q))
      : undefined,
  );
  const rows = await tx
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(params.dir === "asc" ? asc(SORTS[params.sort]) : desc(SORTS[params.sort]), desc(auditLog.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(auditLog).where(where);
  return { rows, total: n };
}

/** The entity and action values present, for the filter menus. */
export async function auditFacets(tx: Tx) {
  const entities = await tx.selectDistinct({ v: auditLog.entity }).from(auditLog).orderBy(auditLog.entity);
  const actions = await tx.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return { entities: entities.map((r) => r.v), actions: actions.map((r) => r.v) };
}
