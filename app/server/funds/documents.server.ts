import { createHash } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { fundApplication, fundApplicationDocument, fundProject } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import type { documentUploadSchema } from "~/lib/forms/funds";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { checkMaterialFile, MATERIAL_MAX_BYTES } from "../xdt/claims.server";

/** Documents are replaced only while the application is with the 市县 department (before pre-review). */
const OPEN_FOR_DOCUMENTS = ["filed", "returned"] as const;

/**
 * The 市县 department uploads one of the application's required documents (GXZJ-35 Art.16; ZXZJ-206 Art.15):
 * PDF, images, Word/Excel/OFD up to 10 MB, checked by content (same checks as the 信贷通 claim materials).
 */
export async function uploadApplicationDocument(tx: Tx, actor: Actor, scope: Scope, projectId: number, v: z.infer<typeof documentUploadSchema>, file: File | null) {
  const [p] = await tx.select({ id: fundProject.id }).from(fundProject).where(and(eq(fundProject.id, projectId), regionCondition(scope, fundProject.regionCode)));
  if (!p) throw new UserInputError("", "找不到该项目");
  const [app] = await tx.select().from(fundApplication).where(eq(fundApplication.projectId, projectId)).orderBy(desc(fundApplication.year)).limit(1).for("update");
  if (!app) throw new UserInputError("", "该项目尚未申报");
  if (!(OPEN_FOR_DOCUMENTS as readonly string[]).includes(app.status)) throw new UserInputError("", "申报已通过形式预审，材料不能再更换");
  if (!app.documents.includes(v.kind)) throw new UserInputError("kind", `「${v.kind}」不是该申报要求的材料（应提供：${app.documents.join("、")}）`);
  if (!file || typeof file === "string" || file.size === 0) throw new UserInputError("file", "请选择要上传的文件");
  if (file.size > MATERIAL_MAX_BYTES) throw new UserInputError("file", `文件超过 10 MB（${(file.size / 1024 / 1024).toFixed(1)} MB）`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { mime } = checkMaterialFile(file.name, bytes);
  const values = { fileName: file.name.slice(-200), mimeType: mime, sizeBytes: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex"), content: bytes, byName: actor.name };
  const [row] = await tx
    .insert(fundApplicationDocument)
    .values({ applicationId: app.id, kind: v.kind, ...values })
    .onConflictDoUpdate({ target: [fundApplicationDocument.applicationId, fundApplicationDocument.kind], set: { ...values, at: new Date() } })
    .returning({ id: fundApplicationDocument.id });
  await writeAudit(tx, actor, { entity: "fund-application-document", entityId: row.id, action: "upload", after: { applicationId: app.id, kind: v.kind, fileName: values.fileName, sizeBytes: values.sizeBytes, sha256: values.sha256 } });
  return { message: `已上传「${v.kind}」` };
}

/** The uploaded documents of applications (no content), for the project page. */
export async function documentsOf(tx: Tx, applicationIds: number[]) {
  if (!applicationIds.length) return [];
  return tx
    .select({ id: fundApplicationDocument.id, applicationId: fundApplicationDocument.applicationId, kind: fundApplicationDocument.kind, fileName: fundApplicationDocument.fileName, sizeBytes: fundApplicationDocument.sizeBytes, at: fundApplicationDocument.at, byName: fundApplicationDocument.byName })
    .from(fundApplicationDocument)
    .where(inArray(fundApplicationDocument.applicationId, applicationIds))
    .orderBy(fundApplicationDocument.id);
}

/** The names of the documents uploaded for one application (what the pre-review checks). */
export async function providedDocuments(tx: Tx, applicationId: number) {
  const rows = await tx.select({ kind: fundApplicationDocument.kind }).from(fundApplicationDocument).where(eq(fundApplicationDocument.applicationId, applicationId));
  return rows.map((r) => r.kind);
}

/** One document with its content, when its project is in the user's scope; else null (→ 404, same as missing). */
export async function getApplicationDocument(tx: Tx, scope: Scope, id: number) {
  const [row] = await tx
    .select({ fileName: fundApplicationDocument.fileName, mimeType: fundApplicationDocument.mimeType, content: fundApplicationDocument.content })
    .from(fundApplicationDocument)
    .innerJoin(fundApplication, eq(fundApplication.id, fundApplicationDocument.applicationId))
    .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
    .where(and(eq(fundApplicationDocument.id, id), regionCondition(scope, fundProject.regionCode)));
  return row ?? null;
}
