import { auditLog } from "./schema";
import type { Tx } from "./client";
import { bulkInsert } from "./bulk";

/** Who is acting, and on which request — carried into every audit record. */
export interface Actor {
  userId: number | null;
  name: string;
  orgId: number | null;
  requestId: string;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, name: "系统", orgId: null, requestId: "system", ip: null };

export interface AuditEntry {
  entity: string;
  entityId: string | number;
  action: string;
  before?: unknown;
  after?: unknown;
  bankOrgId?: number | null;
  regionCode?: string | null;
}

function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    actorUserId: actor.userId,
    actorName: actor.name,
    actorOrgId: actor.orgId,
    entity: entry.entity,
    entityId: String(entry.entityId),
    action: entry.action,
    before: entry.before === undefined ? null : jsonSafe(entry.before),
    after: entry.after === undefined ? null : jsonSafe(entry.after),
    requestId: actor.requestId,
    ip: actor.ip,
    bankOrgId: entry.bankOrgId ?? null,
    regionCode: entry.regionCode ?? null,
  };
}

/** Written with the caller's transaction handle, so the record commits or rolls back with the change. */
export async function writeAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditRow(actor, entry));
}

/** Many records at once (a bulk import): one INSERT, same content as writeAudit for each entry. */
export async function writeAudits(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await bulkInsert(tx, auditLog, entries.map((entry) => auditRow(actor, entry)));
}

/** Drops secrets and makes BigInt/Date serialisable. */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (key === "passwordHash" || key === "tokenHash") return "[已隐藏]";
      if (typeof v === "bigint") return v.toString();
      return v;
    }),
  );
}
