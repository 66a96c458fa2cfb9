/**
 * The auditor's workspace (issue 6 item 6): findings on any record, answered by the side responsible for it and
 * reached only by those whose scope reaches the record; the auditor writes nothing else; an evidence set exports
 * to .xlsx with one sheet per kind.
 */
import ExcelJS from "exceljs";
import { and, asc, desc, eq, gt, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUser, auditFinding, auditLog, enterprise, evidenceItem, evidenceSet, fundProject, xdtClaim, xdtClaimMaterial, xdtLoan } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { routeTable, signedIn } from "../support/app";
import { pageText, responseText } from "../support/text";
import { orgIdOf } from "../support/xdt";

const { db } = useAppDatabase();

const finding = { severity: "high", title: "补偿金额计算未扣除已收回款项", description: "代偿金额中包含借款人在申请日前已归还的利息。", recommendation: "重新核定损失金额并追回多付部分。" };

async function claimOf(username: string) {
  const [c] = await db().select().from(xdtClaim).where(eq(xdtClaim.bankOrgId, await orgIdOf(db(), username))).orderBy(desc(xdtClaim.id)).limit(1);
  return c;
}

async function record(kind: string, recordId: number, fields = finding) {
  const auditor = await signedIn("auditor");
  const res = await auditor.post("/auditor/findings/new", { recordKind: kind, recordId: String(recordId), ...fields });
  expect(res.status, await res.clone().text()).toBe(302);
  const id = Number(res.headers.get("Location")!.split("/").pop());
  return { auditor, id };
}

describe("findings", () => {
  it("an auditor records a finding on a claim: stored with its typed reference, audited, shown with a link to the claim", async () => {
    const claim = await claimOf("bank.a");
    const { auditor, id } = await record("claim", claim.id);
    const [row] = await db().select().from(auditFinding).where(eq(auditFinding.id, id));
    expect(row).toMatchObject({ recordKind: "claim", recordId: claim.id, status: "open", severity: "high", title: finding.title, bankOrgId: claim.bankOrgId });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "audit-finding"), eq(auditLog.entityId, String(id))));
    expect(audit.action).toBe("create");
    expect(audit.actorName).toContain("（auditor）");
    const page = await pageText(await auditor.get(`/auditor/findings/${id}`));
    expect(page).toContain(finding.title);
    expect(page).toContain(`/xdt/claims/${claim.id}"`);
    expect(await pageText(await auditor.get("/auditor"))).toContain(finding.title);
    // the claim's page links to its findings; the list filtered to that record shows this one
    const bankA = await signedIn("bank.a");
    expect(await pageText(await bankA.get(`/xdt/claims/${claim.id}`))).toContain(`/auditor/findings?kind=claim&amp;recordId=${claim.id}`);
    expect(await pageText(await bankA.get(`/auditor/findings?kind=claim&recordId=${claim.id}`))).toContain(finding.title);
    expect(await pageText(await bankA.get(`/auditor/findings?kind=claim&recordId=${claim.id + 100000}`))).not.toContain(finding.title);
  });

  it("a reference to a missing record, or a bad kind, re-shows the form with a Chinese error and stores nothing", async () => {
    const auditor = await signedIn("auditor");
    const before = (await db().select().from(auditFinding)).length;
    const missing = await auditor.post("/auditor/findings/new", { recordKind: "loan", recordId: "999999999", ...finding });
    expect(missing.status).toBe(400);
    const text = await pageText(missing);
    expect(text).toContain("找不到该编号的记录");
    expect(text).toContain(finding.title);
    expect((await auditor.post("/auditor/findings/new", { recordKind: "contract", recordId: "1", ...finding })).status).toBe(400);
    expect((await auditor.post("/auditor/findings/new", { recordKind: "claim", recordId: "1", ...finding, title: "" })).status).toBe(400);
    expect((await db().select().from(auditFinding)).length).toBe(before);
  });

  it("bank B never reaches a finding on bank A's claim (page, list, export, post); bank A sees and answers it", async () => {
    const claim = await claimOf("bank.a");
    const { auditor, id } = await record("claim", claim.id, { ...finding, title: "甲行代偿审计发现（隔离测试）" });
    const bankB = await signedIn("bank.b");
    expect((await bankB.get(`/auditor/findings/${id}`)).status).toBe(404);
    expect(await pageText(await bankB.get("/auditor/findings"))).not.toContain("甲行代偿审计发现");
    expect(await responseText(await bankB.get("/export/audit-findings?format=xlsx"))).not.toContain("甲行代偿审计发现");
    expect((await bankB.post(`/auditor/findings/${id}`, { intent: "respond", response: "乙行试图回复" })).status).toBe(404);
    const bankA = await signedIn("bank.a");
    expect(await pageText(await bankA.get("/auditor/findings"))).toContain("甲行代偿审计发现");
    const answered = await bankA.post(`/auditor/findings/${id}`, { intent: "respond", response: "已重新核定损失金额，多付部分已退回。" });
    expect(answered.status).toBe(302);
    const [row] = await db().select().from(auditFinding).where(eq(auditFinding.id, id));
    expect(row).toMatchObject({ status: "responded", response: "已重新核定损失金额，多付部分已退回。", respondedByOrgId: claim.bankOrgId });
    expect(row.respondedByName).toContain("（bank.a）");
    // once answered, the auditor cannot rewrite it; closing is the auditor's, with a note
    const edit = await auditor.post(`/auditor/findings/${id}`, { intent: "edit", ...finding });
    expect(edit.status).toBe(400);
    expect(await pageText(edit)).toContain("不能修改");
    expect((await bankA.post(`/auditor/findings/${id}`, { intent: "close", closingNote: "银行自行关闭" })).status).toBe(403);
    expect((await auditor.post(`/auditor/findings/${id}`, { intent: "close", closingNote: "经复核，整改到位。" })).status).toBe(302);
    expect((await db().select().from(auditFinding).where(eq(auditFinding.id, id)))[0].status).toBe("closed");
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entity, "audit-finding"), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));
    expect(actions.map((a) => a.action)).toEqual(["create", "respond", "close"]);
  });

  it("the 贵阳 officers never reach a finding on a 遵义 project; they see and answer one on a 贵阳 project", async () => {
    const [zunyi] = await db().select().from(fundProject).where(like(fundProject.regionCode, "5203%")).orderBy(asc(fundProject.id)).limit(1);
    const [guiyang] = await db().select().from(fundProject).where(like(fundProject.regionCode, "5201%")).orderBy(desc(fundProject.id)).limit(1);
    const far = await record("project", zunyi.id, { ...finding, title: "遵义项目审计发现（隔离测试）" });
    const near = await record("project", guiyang.id, { ...finding, title: "贵阳项目审计发现（本地）" });
    for (const username of ["finance.gy", "industry.gy"]) {
      const officer = await signedIn(username);
      expect((await officer.get(`/auditor/findings/${far.id}`)).status).toBe(404);
      const list = await pageText(await officer.get("/auditor/findings"));
      expect(list).not.toContain("遵义项目审计发现");
      expect(list).toContain("贵阳项目审计发现");
      expect(await responseText(await officer.get("/export/audit-findings?format=csv"))).not.toContain("遵义项目审计发现");
    }
    const industryGy = await signedIn("industry.gy");
    expect((await industryGy.post(`/auditor/findings/${far.id}`, { intent: "respond", response: "越权回复" })).status).toBe(404);
    expect((await industryGy.post(`/auditor/findings/${near.id}`, { intent: "respond", response: "已按审计建议整改。" })).status).toBe(302);
    // the province sees both
    const industry = await signedIn("industry");
    expect(await pageText(await industry.get("/auditor/findings?kind=project"))).toContain("遵义项目审计发现");
  });

  it("a bank cannot answer a finding on a special-fund record and trustee cannot answer one on a project (responsible side only)", async () => {
    const [e] = await db().select().from(enterprise).limit(1);
    const { id } = await record("enterprise", e.id, { ...finding, title: "企业审计发现" });
    const trustee = await signedIn("trustee");
    const res = await trustee.post(`/auditor/findings/${id}`, { intent: "respond", response: "受托机构回复" });
    expect([400, 404]).toContain(res.status);
    expect((await db().select().from(auditFinding).where(eq(auditFinding.id, id)))[0].status).toBe("open");
  });

  it("the seeded findings cover every status and kind", async () => {
    const rows = await db().select({ status: auditFinding.status, kind: auditFinding.recordKind }).from(auditFinding);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["open", "responded", "closed"]));
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["project", "claim", "loan", "fund_payment", "journal", "bank", "enterprise"]));
  });
});

describe("the auditor writes only findings and evidence sets", () => {
  it("every other action route refuses the auditor with 403 and writes nothing", async () => {
    const auditor = await signedIn("auditor");
    const [me] = await db().select().from(appUser).where(eq(appUser.username, "auditor"));
    const [{ last }] = await db().select({ last: sql<number>`coalesce(max(${auditLog.id}), 0)::int` }).from(auditLog);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).limit(1);
    const [claim] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "planned")).limit(1);
    const ids: Record<string, string> = { loanId: String(loan.id), claimId: String(claim.id), bankId: String(claim.bankOrgId), projectId: "1", userId: String(me.id), orgId: "1", jobId: "1" };
    const own = ["routes/_app.auditor._index", "routes/_app.auditor.findings.new", "routes/_app.auditor.findings.$findingId", "routes/_app.auditor.evidence.$setId", "routes/login", "routes/logout", "routes/_app.account.password"];
    const refused: string[] = [];
    for (const route of (await routeTable()).filter((r) => r.hasAction && !own.includes(r.id))) {
      const url = route.path.replace(/:(\w+)/g, (_, p: string) => ids[p] ?? "1");
      // routes that pick their permission by intent get one of their own (a project's library decision)
      // (the evaluation page: every intent but the key evaluation, which is the auditor's by issue 6)
      const intents = { "routes/_app.funds.projects.$projectId": ["library-enter"], "routes/_app.xdt.claims.$claimId": ["compile"], "routes/_app.funds.projects.$projectId_.evaluation": ["self", "spot-check", "publish", "decide"], "routes/_app.funds.projects.$projectId_.monitoring": ["monitor", "rectify", "adjust-goals"] }[route.id] ?? ["suspend"];
      for (const intent of intents) {
        const res = await auditor.post(url, { intent, reason: "other", basis: "审计人员试图写入", decisionDate: "2026-11-02", year: "2025", bankOrgId: ids.bankId, decision: "terminate", meetingDate: "2026-01-20", name: "x" });
        expect([401, 403], `POST ${url} (${intent})`).toContain(res.status);
      }
      refused.push(route.id);
    }
    expect(refused).toEqual(expect.arrayContaining(["routes/_app.xdt.loans.new", "routes/_app.xdt.banks.$bankId", "routes/_app.xdt.claims.$claimId", "routes/_app.funds.budgets", "routes/_app.xdt.yearly", "routes/_app.admin.users._index"]));
    const written = await db().select().from(auditLog).where(and(gt(auditLog.id, last), eq(auditLog.actorUserId, me.id)));
    expect(written.map((w) => w.action).filter((a) => a !== "login")).toEqual([]);
  });
});

describe("evidence sets", () => {
  async function workbookOf(res: Response) {
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    return wb;
  }
  const values = (sheet: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };

  it("the seeded set exports one sheet per kind: records with key fields, documents with name/size/SHA-256, audit entries", async () => {
    const [set] = await db().select().from(evidenceSet).orderBy(asc(evidenceSet.id)).limit(1);
    const items = await db().select().from(evidenceItem).where(eq(evidenceItem.setId, set.id));
    const auditor = await signedIn("auditor");
    const wb = await workbookOf(await auditor.get(`/auditor/evidence/${set.id}/export`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["证据集", "代偿申请", "信贷通贷款", "记账分录", "合作银行", "文件清单", "审计日志"]);
    const claimId = items.find((i) => i.kind === "claim")!.refId;
    const [claim] = await db().select().from(xdtClaim).where(eq(xdtClaim.id, claimId));
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.id, claim.loanId));
    const claimRows = values(wb.getWorksheet("代偿申请")!);
    expect(claimRows[0]).toContain("合同编号");
    expect(claimRows).toHaveLength(2);
    expect(claimRows[1]).toContain(loan.contractNo);
    expect(claimRows[1]).toContain(Number((claim.lossFen / 100).toFixed(2)));
    const docs = values(wb.getWorksheet("文件清单")!);
    expect(docs[0]).toEqual(["类型", "编号", "所属", "文件名", "大小（字节）", "SHA-256", "系统内存储"]);
    const materialItems = items.filter((i) => i.kind === "claim_material").length;
    expect(materialItems).toBeGreaterThan(0);
    expect(docs.filter((r) => r[0] === "代偿材料（文件）")).toHaveLength(materialItems);
    const audits = values(wb.getWorksheet("审计日志")!);
    expect(audits).toHaveLength(1 + items.filter((i) => i.kind === "audit_entry").length);
    expect(String(audits[1][4])).toMatch(/^\d+$/);
  });

  it("the auditor creates a set, adds a stored file and an enterprise (checked to exist), removes one, and the export follows", async () => {
    const auditor = await signedIn("auditor");
    const created = await auditor.post("/auditor", { name: "测试证据集", purpose: "导出测试" });
    expect(created.status).toBe(302);
    const setId = Number(created.headers.get("Location")!.split("/").pop());
    const claim = await claimOf("bank.b");
    const bytes = new TextEncoder().encode("%PDF-1.4 evidence");
    const [material] = await db().insert(xdtClaimMaterial).values({ claimId: claim.id, kind: "tax", fileName: "纳税证明.pdf", mimeType: "application/pdf", sizeBytes: bytes.byteLength, sha256: "ab".repeat(32), content: bytes, byName: "测试" })
      .onConflictDoUpdate({ target: [xdtClaimMaterial.claimId, xdtClaimMaterial.kind], set: { fileName: "纳税证明.pdf", sizeBytes: bytes.byteLength, sha256: "ab".repeat(32), content: bytes, markedOnly: false } }).returning();
    const [e] = await db().select().from(enterprise).orderBy(asc(enterprise.id)).limit(1);
    expect((await auditor.post(`/auditor/evidence/${setId}`, { intent: "add", kind: "claim_material", refId: String(material.id) })).status).toBe(302);
    expect((await auditor.post(`/auditor/evidence/${setId}`, { intent: "add", kind: "enterprise", refId: String(e.id), note: "借款企业" })).status).toBe(302);
    expect((await auditor.post(`/auditor/evidence/${setId}`, { intent: "add", kind: "claim", refId: String(claim.id) })).status).toBe(302);
    const missing = await auditor.post(`/auditor/evidence/${setId}`, { intent: "add", kind: "audit_entry", refId: "999999999" });
    expect(missing.status).toBe(400);
    expect(await pageText(missing)).toContain("找不到编号为 999999999 的审计日志记录");
    expect((await auditor.post(`/auditor/evidence/${setId}`, { intent: "add", kind: "enterprise", refId: String(e.id) })).status).toBe(400);
    const [claimItem] = await db().select().from(evidenceItem).where(and(eq(evidenceItem.setId, setId), eq(evidenceItem.kind, "claim")));
    expect((await auditor.post(`/auditor/evidence/${setId}`, { intent: "remove", itemId: String(claimItem.id) })).status).toBe(302);
    const wb = await workbookOf(await auditor.get(`/auditor/evidence/${setId}/export`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["证据集", "企业", "文件清单"]);
    expect(values(wb.getWorksheet("企业")!)[1]).toContain(e.creditCode);
    expect(values(wb.getWorksheet("文件清单")!)[1]).toEqual(["代偿材料（文件）", material.id, `代偿申请 #${claim.id}`, "纳税证明.pdf", bytes.byteLength, "ab".repeat(32), "是"]);
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entity, "evidence-set"), eq(auditLog.entityId, String(setId)))).orderBy(asc(auditLog.id));
    expect(actions.map((a) => a.action)).toEqual(["create", "add-item", "add-item", "add-item", "remove-item"]);
  });

  it("only auditors reach evidence sets and their export", async () => {
    const [set] = await db().select().from(evidenceSet).limit(1);
    for (const username of ["bank.a", "finance", "trustee"]) {
      const client = await signedIn(username);
      expect((await client.get(`/auditor/evidence/${set.id}/export`)).status).toBe(403);
      expect((await client.get(`/auditor/evidence/${set.id}`)).status).toBe(403);
      expect((await client.get("/auditor")).status).toBe(403);
    }
  });
});
