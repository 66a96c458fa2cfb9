import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { auditLog, evidenceItem, evidenceSet, fundApplication, fundProject, xdtClaim, xdtClaimMaterial } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { AUDIT_RECORD_KINDS, type AuditRecordKind, type EvidenceItemKind } from "~/lib/audit-work";
import type { evidenceItemSchema, evidenceSetCreateSchema } from "~/lib/forms/auditor";
import { RECORD_KIND_LABELS } from "~/lib/forms/auditor";
import { formatTimestamp } from "~/lib/dates";
import { can } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { addSheet, downloadResponse, newWorkbook, type ExportColumn } from "../export.server";
import { UserInputError } from "../users.server";
import { RECORD_SHEETS, recordReachable, summarize, type Reader } from "./records.server";

const isRecordKind = (k: EvidenceItemKind): k is AuditRecordKind => (AUDIT_RECORD_KINDS as readonly string[]).includes(k);

/** Whether an item names something that exists and the reader reaches (documents through their claim / project). */
async function itemReachable(tx: Tx, reader: Reader, kind: EvidenceItemKind, refId: number): Promise<boolean> {
  if (isRecordKind(kind)) return recordReachable(tx, reader, kind, refId);
  if (kind === "claim_material") {
    const [m] = await tx.select({ claimId: xdtClaimMaterial.claimId }).from(xdtClaimMaterial).where(eq(xdtClaimMaterial.id, refId));
    return Boolean(m) && recordReachable(tx, reader, "claim", m.claimId);
  }
  if (kind === "fund_documents") {
    const [a] = await tx.select({ projectId: fundApplication.projectId }).from(fundApplication).where(eq(fundApplication.id, refId));
    return Boolean(a) && recordReachable(tx, reader, "project", a.projectId);
  }
  if (!can(reader, "read:audit-log")) return false;
  const [e] = await tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.id, refId));
  return Boolean(e);
}

export async function listEvidenceSets(tx: Tx) {
  return tx
    .select({ id: evidenceSet.id, name: evidenceSet.name, purpose: evidenceSet.purpose, createdByName: evidenceSet.createdByName, createdAt: evidenceSet.createdAt, items: sql<number>`(select count(*) from evidence_item i where i.set_id = ${evidenceSet.id})::int` })
    .from(evidenceSet)
    .orderBy(desc(evidenceSet.id));
}

export async function createEvidenceSet(tx: Tx, actor: Actor, input: z.infer<typeof evidenceSetCreateSchema>) {
  const [row] = await tx.insert(evidenceSet).values({ name: input.name, purpose: input.purpose || null, createdByUserId: actor.userId, createdByName: actor.name }).returning();
  await writeAudit(tx, actor, { entity: "evidence-set", entityId: row.id, action: "create", after: row });
  return row;
}

/** Adds (checked to exist and be reachable; once per set) or removes an item. */
export async function changeEvidenceItems(tx: Tx, actor: Actor, reader: Reader, setId: number, input: z.infer<typeof evidenceItemSchema>) {
  const [set] = await tx.select().from(evidenceSet).where(eq(evidenceSet.id, setId)).for("update");
  if (!set) throw new UserInputError("", "找不到该证据集");
  if (input.intent === "remove") {
    const [item] = await tx.select().from(evidenceItem).where(and(eq(evidenceItem.id, input.itemId), eq(evidenceItem.setId, setId)));
    if (!item) throw new UserInputError("", "该证据集中没有这一项");
    await tx.delete(evidenceItem).where(eq(evidenceItem.id, item.id));
    await writeAudit(tx, actor, { entity: "evidence-set", entityId: setId, action: "remove-item", before: item });
    return "已移出证据集";
  }
  if (!(await itemReachable(tx, reader, input.kind, input.refId))) throw new UserInputError("refId", `找不到编号为 ${input.refId} 的${RECORD_KIND_LABELS[input.kind]}`);
  const [added] = await tx.insert(evidenceItem).values({ setId, kind: input.kind, refId: input.refId, note: input.note || null, addedByName: actor.name }).onConflictDoNothing().returning();
  if (!added) throw new UserInputError("refId", "该记录已在证据集中");
  await writeAudit(tx, actor, { entity: "evidence-set", entityId: setId, action: "add-item", after: added });
  return `已加入证据集：${RECORD_KIND_LABELS[input.kind]} #${input.refId}`;
}

/** One set with its items described (labels and links); null when missing. */
export async function getEvidenceSet(tx: Tx, setId: number) {
  const [set] = await tx.select().from(evidenceSet).where(eq(evidenceSet.id, setId));
  if (!set) return null;
  const items = await tx.select().from(evidenceItem).where(eq(evidenceItem.setId, setId)).orderBy(evidenceItem.id);
  const labels = new Map<string, { label: string; href: string | null }>();
  for (const kind of AUDIT_RECORD_KINDS) {
    for (const [id, s] of await summarize(tx, kind, items.filter((i) => i.kind === kind).map((i) => i.refId))) labels.set(`${kind}:${id}`, s);
  }
  const docs = await documentRows(tx, items);
  for (const d of docs) labels.set(`${d.itemKind}:${d.refId}`, { label: `${d.owner}：${d.name}`, href: d.itemKind === "claim_material" && d.stored ? `/xdt/materials/${d.refId}` : null });
  const entries = await auditRows(tx, items);
  for (const e of entries) labels.set(`audit_entry:${e.id}`, { label: `${formatTimestamp(e.at)} ${e.actorName} ${e.entity} #${e.entityId} ${e.action}`, href: null });
  return { ...set, items: items.map((i) => ({ ...i, ...(labels.get(`${i.kind}:${i.refId}`) ?? { label: `#${i.refId}`, href: null }) })) };
}

interface DocumentRow {
  itemKind: "claim_material" | "fund_documents";
  refId: number;
  owner: string;
  name: string;
  sizeBytes: number | null;
  sha256: string | null;
  stored: boolean;
}

/** Documents are listed (name, size, SHA-256), not embedded: the files stay in the database, reachable by their links. */
async function documentRows(tx: Tx, items: { kind: string; refId: number }[]): Promise<DocumentRow[]> {
  const materialIds = items.filter((i) => i.kind === "claim_material").map((i) => i.refId);
  const applicationIds = items.filter((i) => i.kind === "fund_documents").map((i) => i.refId);
  const out: DocumentRow[] = [];
  if (materialIds.length > 0) {
    const rows = await tx
      .select({ id: xdtClaimMaterial.id, claimId: xdtClaimMaterial.claimId, kind: xdtClaimMaterial.kind, fileName: xdtClaimMaterial.fileName, sizeBytes: xdtClaimMaterial.sizeBytes, sha256: xdtClaimMaterial.sha256, markedOnly: xdtClaimMaterial.markedOnly, stored: sql<boolean>`${xdtClaimMaterial.content} is not null` })
      .from(xdtClaimMaterial)
      .innerJoin(xdtClaim, eq(xdtClaim.id, xdtClaimMaterial.claimId))
      .where(inArray(xdtClaimMaterial.id, materialIds))
      .orderBy(xdtClaimMaterial.id);
    for (const r of rows) out.push({ itemKind: "claim_material", refId: r.id, owner: `代偿申请 #${r.claimId}`, name: r.fileName ?? `${r.kind}（${r.markedOnly ? "纸质提供" : "未上传"}）`, sizeBytes: r.sizeBytes, sha256: r.sha256, stored: r.stored });
  }
  if (applicationIds.length > 0) {
    const rows = await tx
      .select({ id: fundApplication.id, documents: fundApplication.documents, project: fundProject.name })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
      .where(inArray(fundApplication.id, applicationIds))
      .orderBy(fundApplication.id);
    // the application lists its documents by name only (they are submitted on paper)
    for (const r of rows) for (const d of r.documents) out.push({ itemKind: "fund_documents", refId: r.id, owner: `${r.project}（申报 #${r.id}）`, name: d, sizeBytes: null, sha256: null, stored: false });
  }
  return out;
}

async function auditRows(tx: Tx, items: { kind: string; refId: number }[]) {
  const ids = items.filter((i) => i.kind === "audit_entry").map((i) => i.refId);
  return ids.length === 0 ? [] : tx.select().from(auditLog).where(inArray(auditLog.id, ids)).orderBy(auditLog.id);
}

type Row = Record<string, string | number | null>;
const AUDIT_COLUMNS: ExportColumn<Row>[] = ["编号", "时间", "操作人", "对象", "对象编号", "操作", "请求编号", "客户端地址", "变更前", "变更后"].map((header) => ({ header, value: (r: Row) => r[header] ?? null }));
const DOCUMENT_COLUMNS: ExportColumn<DocumentRow>[] = [
  { header: "类型", value: (d) => RECORD_KIND_LABELS[d.itemKind] },
  { header: "编号", value: (d) => d.refId },
  { header: "所属", value: (d) => d.owner },
  { header: "文件名", value: (d) => d.name },
  { header: "大小（字节）", value: (d) => d.sizeBytes },
  { header: "SHA-256", value: (d) => d.sha256 },
  { header: "系统内存储", value: (d) => (d.stored ? "是" : "否") },
];

/** The set as a workbook: a summary sheet, one sheet per record kind with key fields, the documents, the audit entries. */
export async function evidenceWorkbook(tx: Tx, setId: number) {
  const set = await getEvidenceSet(tx, setId);
  if (!set) return null;
  const workbook = newWorkbook();
  addSheet(workbook, "证据集", [{ header: "项目", value: (r: [string, string]) => r[0] }, { header: "内容", value: (r: [string, string]) => r[1] }], [
    ["名称", set.name],
    ["用途", set.purpose ?? ""],
    ["编制人", set.createdByName],
    ["编制时间", formatTimestamp(set.createdAt)],
    ["条目数", String(set.items.length)],
  ]);
  for (const kind of AUDIT_RECORD_KINDS) {
    const ids = set.items.filter((i) => i.kind === kind).map((i) => i.refId);
    if (ids.length === 0) continue;
    const spec = RECORD_SHEETS[kind];
    addSheet(workbook, spec.title, spec.columns, (await spec.load(tx, ids)).map((r) => r.row));
  }
  const docs = await documentRows(tx, set.items);
  if (docs.length > 0) addSheet(workbook, "文件清单", DOCUMENT_COLUMNS, docs);
  const entries = await auditRows(tx, set.items);
  if (entries.length > 0) {
    addSheet(workbook, "审计日志", AUDIT_COLUMNS, entries.map((e) => ({
      编号: e.id, 时间: formatTimestamp(e.at), 操作人: e.actorName, 对象: e.entity, 对象编号: e.entityId, 操作: e.action, 请求编号: e.requestId, 客户端地址: e.ip,
      变更前: e.before === null ? null : JSON.stringify(e.before), 变更后: e.after === null ? null : JSON.stringify(e.after),
    })));
  }
  return { name: set.name, workbook };
}

export async function evidenceDownload(tx: Tx, setId: number): Promise<Response | null> {
  const built = await evidenceWorkbook(tx, setId);
  if (!built) return null;
  return downloadResponse(Buffer.from(await built.workbook.xlsx.writeBuffer()), "xlsx", `证据集-${built.name}.xlsx`);
}
