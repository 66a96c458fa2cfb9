import { and, asc, count, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { auditFinding } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import type { AuditRecordKind } from "~/lib/audit-work";
import type { findingCreateSchema, findingStepSchema } from "~/lib/forms/auditor";
import { can } from "~/lib/permissions";
import type { CurrentUser } from "../auth.server";
import type { Tx } from "../db.server";
import { likePattern, type ListParams } from "../list.server";
import { UserInputError } from "../users.server";
import { RECORD_KINDS, recordReachCondition, recordReachable, summarize, type Reader } from "./records.server";

export const FINDING_SORTS = ["created", "severity", "status"] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
const SORTS = { created: auditFinding.id, severity: sql`array_position(array['high','medium','low'], ${auditFinding.severity}::text)`, status: auditFinding.status };

/** The findings this reader may see: those on records its scope reaches (SQL, README Decision 5). */
export function findingReach(reader: Reader) {
  return recordReachCondition(reader, auditFinding.recordKind, auditFinding.recordId);
}

export interface FindingFilters {
  status: string | null;
  kind: string | null;
  /** one record's findings (the small link on a record's page) */
  record: { kind: AuditRecordKind; id: number } | null;
}

export function parseFindingFilters(url: URL): FindingFilters {
  const p = url.searchParams;
  const kind = p.get("kind");
  const id = Number(p.get("recordId"));
  const validKind = kind && kind in RECORD_KINDS ? (kind as AuditRecordKind) : null;
  return {
    status: ["open", "responded", "closed"].includes(p.get("status") ?? "") ? p.get("status") : null,
    kind: validKind,
    record: validKind && Number.isSafeInteger(id) && id > 0 ? { kind: validKind, id } : null,
  };
}

/** Findings in scope, with their record's label, searched/filtered/sorted/paged in SQL. */
export async function listFindings(tx: Tx, reader: Reader, params: ListParams<FindingSort>, filters: FindingFilters) {
  const where = and(
    findingReach(reader),
    filters.status ? eq(auditFinding.status, filters.status as "open") : undefined,
    filters.kind ? eq(auditFinding.recordKind, filters.kind as AuditRecordKind) : undefined,
    filters.record ? eq(auditFinding.recordId, filters.record.id) : undefined,
    params.q ? or(ilike(auditFinding.title, likePattern(params.q)), ilike(auditFinding.description, likePattern(params.q))) : undefined,
  );
  const rows = await tx
    .select()
    .from(auditFinding)
    .where(where)
    .orderBy(params.dir === "asc" ? asc(SORTS[params.sort]) : desc(SORTS[params.sort]), desc(auditFinding.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(auditFinding).where(where);
  return { rows: await withRecords(tx, rows), total: n };
}

async function withRecords<T extends { recordKind: AuditRecordKind; recordId: number }>(tx: Tx, rows: T[]) {
  const labels = new Map<string, { label: string; href: string | null }>();
  for (const kind of new Set(rows.map((r) => r.recordKind))) {
    for (const [id, s] of await summarize(tx, kind, rows.filter((r) => r.recordKind === kind).map((r) => r.recordId))) labels.set(`${kind}:${id}`, s);
  }
  return rows.map((r) => ({ ...r, record: labels.get(`${r.recordKind}:${r.recordId}`) ?? { label: `#${r.recordId}`, href: null } }));
}

/** One finding in scope (else null → 404), with its record and what the reader may do with it. */
export async function getFinding(tx: Tx, user: Pick<CurrentUser, "role" | "scope">, id: number) {
  const [row] = await tx.select().from(auditFinding).where(and(eq(auditFinding.id, id), findingReach(user)));
  if (!row) return null;
  const [withRecord] = await withRecords(tx, [row]);
  return { ...withRecord, canEdit: can(user, "record:audit-finding") && row.status === "open", canClose: can(user, "record:audit-finding") && row.status !== "closed", canRespond: mayRespond(user, row) };
}

/** The side responsible for the record answers: the roles named for its kind; a bank only for its own records (scope). */
function mayRespond(user: Pick<CurrentUser, "role" | "scope">, row: { recordKind: AuditRecordKind; status: string }) {
  return can(user, "respond:audit-finding") && row.status !== "closed" && RECORD_KINDS[row.recordKind].responders.includes(user.role);
}

async function lockFinding(tx: Tx, reader: Reader, id: number) {
  const [row] = await tx.select().from(auditFinding).where(and(eq(auditFinding.id, id), findingReach(reader))).for("update");
  if (!row) throw new UserInputError("", "找不到该审计发现，或您无权查看");
  return row;
}

/** An auditor records a finding on a record that exists (kind + id checked, within the auditor's reach). */
export async function createFinding(tx: Tx, actor: Actor, reader: Reader, input: z.infer<typeof findingCreateSchema>) {
  if (!(await recordReachable(tx, reader, input.recordKind, input.recordId))) throw new UserInputError("recordId", "找不到该编号的记录");
  const summary = (await summarize(tx, input.recordKind, [input.recordId])).get(input.recordId)!;
  const [row] = await tx
    .insert(auditFinding)
    .values({
      recordKind: input.recordKind,
      recordId: input.recordId,
      severity: input.severity,
      title: input.title,
      description: input.description,
      recommendation: input.recommendation,
      bankOrgId: summary.bankOrgId,
      regionCode: summary.regionCode,
      createdByUserId: actor.userId,
      createdByName: actor.name,
    })
    .returning();
  await writeAudit(tx, actor, { entity: "audit-finding", entityId: row.id, action: "create", after: row, bankOrgId: summary.bankOrgId, regionCode: summary.regionCode });
  return row;
}

/** Edit (auditor, while open), respond (the responsible side), close (auditor, with a note). */
export async function findingStep(tx: Tx, actor: Actor, user: Pick<CurrentUser, "role" | "scope" | "orgId">, id: number, input: z.infer<typeof findingStepSchema>) {
  const row = await lockFinding(tx, user, id);
  const audit = (action: string, before: unknown, after: unknown) =>
    writeAudit(tx, actor, { entity: "audit-finding", entityId: id, action, before, after, bankOrgId: row.bankOrgId, regionCode: row.regionCode });
  if (input.intent === "edit") {
    if (!can(user, "record:audit-finding")) throw new UserInputError("", "只有审计人员可以修改审计发现");
    if (row.status !== "open") throw new UserInputError("", "已回复或已关闭的审计发现不能修改");
    const { intent: _intent, ...fields } = input;
    await tx.update(auditFinding).set(fields).where(eq(auditFinding.id, id));
    await audit("update", { severity: row.severity, title: row.title, description: row.description, recommendation: row.recommendation }, fields);
    return "审计发现已修改";
  }
  if (input.intent === "respond") {
    if (!mayRespond(user, row)) throw new UserInputError("", "您不是该记录的责任方，或该审计发现已关闭");
    await tx.update(auditFinding).set({ status: "responded", response: input.response, respondedByName: actor.name, respondedByOrgId: user.orgId, respondedAt: new Date() }).where(eq(auditFinding.id, id));
    await audit("respond", { status: row.status, response: row.response }, { status: "responded", response: input.response });
    return "整改回复已提交";
  }
  if (!can(user, "record:audit-finding")) throw new UserInputError("", "只有审计人员可以关闭审计发现");
  if (row.status === "closed") throw new UserInputError("", "该审计发现已关闭");
  await tx.update(auditFinding).set({ status: "closed", closingNote: input.closingNote, closedByName: actor.name, closedAt: new Date() }).where(eq(auditFinding.id, id));
  await audit("close", { status: row.status }, { status: "closed", closingNote: input.closingNote });
  return "审计发现已关闭";
}

/** Counts per status within reach (the workspace's head line). */
export async function findingCounts(tx: Tx, reader: Reader) {
  const rows = await tx.select({ status: auditFinding.status, n: count() }).from(auditFinding).where(findingReach(reader)).groupBy(auditFinding.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}
