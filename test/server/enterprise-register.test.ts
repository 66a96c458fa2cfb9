/**
 * The enterprise and project-unit register (issue 12 item 1), through the built app on the demo data:
 * - a bank registers a new borrower with its loan — the form, the import and the API — in one transaction, the size
 *   class decided by 工信部联企业〔2011〕300号; one record per code (refused or deduplicated); a wrong check character
 *   names the expected one; a registered code under another name is used as registered, with a notice, never overwritten;
 * - officers register and correct within their region only, the correction audited with before and after;
 * - a bank sees only the enterprises it has loans with (list, detail, export).
 */
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, enterprise, xdtImportJob, xdtLoan } from "#db/schema";
import { creditCodeCheckChar } from "#rules";
import { IMPORT_COLUMNS } from "~/server/xdt/imports.server";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { apiCall, apiTokenFor } from "../support/api";
import { pageText, responseText } from "../support/text";
import { cleanEnterprise, orgIdOf, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();

/** A valid 统一社会信用代码 registered in 南明区 (520102), unique per n. */
function newCode(n: number): string {
  const first17 = `91520102MA${String(n).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
}

/** The same code with a wrong check character, and the one expected. */
function wrongCheck(code: string): { code: string; expected: string } {
  const expected = code[17];
  return { code: code.slice(0, 17) + (expected === "1" ? "2" : "1"), expected };
}

function loanForm(creditCode: string, contractNo: string, extra: Record<string, string> = {}) {
  return { creditCode, contractNo, amount: "3,000,000.00", rate: rateText(50), termMonths: "12", disbursementDate: today(), isCreditLoan: "on", controllerSpouseGuarantee: "on", ...extra };
}

/** A borrower's fields as the loan form names them: a 白酒 maker in 南明区, 45 persons and 800万元 → 小型 (300号 第四条（二）). */
function borrowerForm(name: string, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    name,
    regionCode: "520102",
    industryCode: "C1512",
    industryName: "白酒制造",
    employees: "45",
    revenue: "8,000,000.00",
    actualControllerName: "王伟",
    actualControllerSpouse: "李娜",
    contactName: "张敏",
    contactPhone: "0851-85551234",
    ...extra,
  };
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`enterprise.${k}`, v]));
}

async function byCode(code: string) {
  return db().select().from(enterprise).where(eq(enterprise.creditCode, code));
}

async function enterpriseCount() {
  const [{ n }] = await db().select({ n: count() }).from(enterprise);
  return n;
}

describe("a bank registers a new borrower inside the loan form", () => {
  let bank: Client;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
  });

  it("an unknown code opens the borrower fields, keeps what was typed and writes nothing", async () => {
    const before = await enterpriseCount();
    const res = await bank.post("/xdt/loans/new", loanForm(newCode(1), "REG-FORM-0001"));
    expect(res.status).toBe(400);
    const page = await pageText(res);
    expect(page).toContain("企业库中没有该统一社会信用代码的企业：请在下方“借款企业登记”中填写企业信息");
    expect(page).toMatch(/<details open=""/);
    expect(page).toContain('value="REG-FORM-0001"');
    expect(await enterpriseCount()).toBe(before);
  });

  it("one submit registers the enterprise (size class by 300号) and files its loan, both audited in the same request", async () => {
    const code = newCode(2);
    const res = await bank.post("/xdt/loans/new", { ...loanForm(code, "REG-FORM-0002"), ...borrowerForm("贵阳登记测试酒业有限公司") });
    expect(res.status, await res.clone().text()).toBe(302);
    const [ent] = await byCode(code);
    expect(ent).toMatchObject({ name: "贵阳登记测试酒业有限公司", regionCode: "520102", sizeClass: "small", sizeIndustry: "industry", employees: 45, revenueFen: 800_000_000, contactPhone: "0851-85551234", sizeAssessedOn: today() });
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "REG-FORM-0002"));
    expect(loan.enterpriseId).toBe(ent.id);
    expect(loan.admissionStatus).toBe("pending");
    const audits = await db().select().from(auditLog).where(sql`(${auditLog.entity} = 'enterprise' and ${auditLog.entityId} = ${String(ent.id)}) or (${auditLog.entity} = 'xdt-loan' and ${auditLog.entityId} = ${String(loan.id)})`);
    expect(audits.map((a) => a.action).sort()).toEqual(["create", "file"]);
    expect(new Set(audits.map((a) => a.requestId)).size).toBe(1);
    // the toast on the loan page says the borrower was registered; the enterprise page says why it is 小型
    expect(await pageText(await bank.get(res.headers.get("Location")!))).toContain("借款企业已登记入企业库");
    const detail = await pageText(await bank.get(`/enterprises/${ent.id}`));
    expect(detail).toContain("第四条（二）工业：从业人员45人、营业收入800万元");
    expect(detail).toContain("划为小型企业");
  });

  it("refused borrower fields come back each under its field, everything typed kept, nothing written", async () => {
    const before = await enterpriseCount();
    const res = await bank.post("/xdt/loans/new", { ...loanForm(newCode(3), "REG-FORM-0003"), ...borrowerForm("贵阳字段错误测试有限公司", { industryCode: "E4710", industryName: "住宅房屋建筑", contactPhone: "电话" }) });
    expect(res.status).toBe(400);
    const page = await pageText(res);
    expect(page).toContain("联系电话格式不正确");
    expect(page).toContain(`value="贵阳字段错误测试有限公司"`);
    expect(page).toContain('value="住宅房屋建筑"');
    expect(page).toContain('value="REG-FORM-0003"');
    expect(page).toMatch(/<details open=""/);
    // the format once right, the rule book's check: a 建筑业 enterprise is sized by its assets too
    const assets = await bank.post("/xdt/loans/new", { ...loanForm(newCode(3), "REG-FORM-0003"), ...borrowerForm("贵阳字段错误测试有限公司", { industryCode: "E4710", industryName: "住宅房屋建筑" }) });
    expect(assets.status).toBe(400);
    expect(await pageText(assets)).toContain("建筑业按《中小企业划型标准规定》第四条（三）以营业收入、资产总额划型，须填写资产总额");
    expect(await enterpriseCount()).toBe(before);
    // a 市州 is not a county: the county is refused on its own
    const county = await bank.post("/xdt/loans/new", { ...loanForm(newCode(3), "REG-FORM-0003"), ...borrowerForm("贵阳字段错误测试有限公司", { regionCode: "520100" }) });
    expect(county.status).toBe(400);
    expect(await pageText(county)).toContain("「贵阳市」不是县级行政区划");
    expect(await enterpriseCount()).toBe(before);
  });

  it("a filing the admission rules refuse registers nothing", async () => {
    const code = newCode(4);
    const res = await bank.post("/xdt/loans/new", { ...loanForm(code, "REG-FORM-0004", { rate: rateText(75) }), ...borrowerForm("贵阳利率超限测试有限公司") });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("不予受理");
    expect(await byCode(code)).toHaveLength(0);
    // a large enterprise is not an SME: refused by the admission rule, not registered either
    const large = await bank.post("/xdt/loans/new", { ...loanForm(code, "REG-FORM-0004"), ...borrowerForm("贵阳大型企业测试有限公司", { employees: "1200", revenue: "500,000,000.00" }) });
    expect(large.status).toBe(400);
    expect(await pageText(large)).toContain("中小企业划型标准");
    expect(await byCode(code)).toHaveLength(0);
  });

  it("a wrong check character names the expected one", async () => {
    const { code, expected } = wrongCheck(newCode(5));
    const res = await bank.post("/xdt/loans/new", { ...loanForm(code, "REG-FORM-0005"), ...borrowerForm("贵阳校验码测试有限公司") });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain(`第18位应为「${expected}」`);
  });

  it("a registered code with another name: the loan goes to the registered enterprise, its name is not changed, the bank is told", async () => {
    const ent = await cleanEnterprise(db());
    const res = await bank.post("/xdt/loans/new", { ...loanForm(ent.creditCode, "REG-FORM-0006"), ...borrowerForm("改个名字测试有限公司") });
    expect(res.status, await res.clone().text()).toBe(302);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "REG-FORM-0006"));
    expect(loan.enterpriseId).toBe(ent.id);
    expect((await byCode(ent.creditCode))[0].name).toBe(ent.name);
    const page = await pageText(await bank.get(res.headers.get("Location")!));
    expect(page).toContain(`在企业库中登记的名称为「${ent.name}」，与填写的「改个名字测试有限公司」不一致`);
    expect(page).toContain("企业信息未作修改");
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-loan"), eq(auditLog.entityId, String(loan.id))));
    expect(JSON.stringify(audit.after)).toContain("不一致");
  });
});

describe("a bank registers borrowers in the import", () => {
  let bank: Client;
  let existing: Awaited<ReturnType<typeof cleanEnterprise>>;
  let jobId: number;
  const X = newCode(101);
  const Y = newCode(102);
  const Z = newCode(103);
  const W = newCode(104);
  const ENT_HEADERS = IMPORT_COLUMNS.map((c) => c.header);
  /** one CSV line: the loan's ten columns, the override reason, then the enterprise columns (or none) */
  const line = (code: string, contract: string, ent: string[] | null) => [code, contract, '"1,000,000.00"', rateText(10), "12", today(), "是", "", "是", "", "", ...(ent ?? [])].join(",");
  const entCols = (name: string, county = "南明区") => [name, county, "C1512", "白酒制造", "45", '"8,000,000.00"', "", "王伟", "李娜", "张敏", "0851-85551234"];

  beforeAll(async () => {
    bank = await signedIn("bank.a");
    existing = await cleanEnterprise(db());
    const csv = [
      ENT_HEADERS.join(","),
      line(X, "REG-IMP-01", null), // 2: X not registered yet, no enterprise columns → refused (the columns come later)
      line(X, "REG-IMP-02", entCols("导入新企业甲有限公司")), // 3: registers X
      line(X, "REG-IMP-03", null), // 4: X now known in the file → imported
      line(X, "REG-IMP-04", entCols("导入新企业甲（别名）有限公司")), // 5: X again, another name → imported with a warning
      line(existing.creditCode, "REG-IMP-05", entCols("企业库中另一个名字有限公司")), // 6: registered code, another name → warning
      line(Y, "REG-IMP-06", null), // 7: unknown, no columns → refused
      line(Z, "REG-IMP-07", entCols("导入县区错误有限公司", "火星区")), // 8: bad county → refused on that column
      line(wrongCheck(W).code, "REG-IMP-08", entCols("导入校验码错误有限公司")), // 9: wrong check character
      line(W, "REG-IMP-09", entCols("导入新企业乙有限公司", "贵阳市南明区")), // 10: county named with its 市州 → registered
    ].join("\n");
    const body = new FormData();
    body.set("csrf", bank.csrf());
    body.set("file", new File([new TextEncoder().encode(csv)], "登记借款企业.csv"));
    const up = await bank.request("/xdt/imports", { method: "POST", body });
    expect(up.status, await up.clone().text()).toBe(302);
    const jobUrl = up.headers.get("Location")!;
    jobId = Number(jobUrl.split("/").pop());
    expect((await bank.post(jobUrl, {})).status).toBe(302);
  }, 120_000);

  it("registers each new code once (within the file and against the database) with the loans, in the same write", async () => {
    const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, jobId));
    expect(job.status).toBe("done");
    const [x] = await byCode(X);
    expect(x).toMatchObject({ name: "导入新企业甲有限公司", sizeClass: "small", regionCode: "520102" });
    expect((await byCode(W))[0]).toMatchObject({ name: "导入新企业乙有限公司", regionCode: "520102" });
    expect(await byCode(Y)).toHaveLength(0);
    expect(await byCode(Z)).toHaveLength(0);
    const loans = await db().select({ contractNo: xdtLoan.contractNo, enterpriseId: xdtLoan.enterpriseId }).from(xdtLoan).where(eq(xdtLoan.importJobId, jobId)).orderBy(xdtLoan.contractNo);
    expect(loans.map((l) => l.contractNo)).toEqual(["REG-IMP-02", "REG-IMP-03", "REG-IMP-04", "REG-IMP-05", "REG-IMP-09"]);
    expect(loans.filter((l) => l.enterpriseId === x.id)).toHaveLength(3);
    expect(loans.find((l) => l.contractNo === "REG-IMP-05")!.enterpriseId).toBe(existing.id);
    // one registration record per new enterprise, in the import's request
    const created = await db().select().from(auditLog).where(and(eq(auditLog.entity, "enterprise"), eq(auditLog.action, "create"), inArray(auditLog.entityId, [String(x.id), String((await byCode(W))[0].id)])));
    expect(created).toHaveLength(2);
  });

  it("reports refused rows with their column and reason, and imported rows with a name conflict as warnings", async () => {
    const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, jobId));
    expect(job.okRows).toBe(5);
    expect(job.badRows).toBe(4);
    const report = job.report as { row: number; field: string; message: string }[];
    const at = (row: number) => report.filter((r) => r.row === row);
    expect(at(2)[0].message).toContain("企业库中没有该统一社会信用代码的企业：请在本行填写企业登记栏目");
    expect(at(7)[0].message).toContain("企业库中没有");
    expect(at(8)[0]).toMatchObject({ field: "企业所在县（区）" });
    expect(at(8)[0].message).toContain("找不到县（区）「火星区」");
    expect(at(9)[0].message).toContain(`第18位应为「${W[17]}」`);
    const warnings = job.warnings as { row: number; contractNo: string; field: string; message: string }[];
    expect(warnings.map((w) => w.row)).toEqual([5, 6]);
    expect(warnings[0].message).toContain("登记的名称为「导入新企业甲有限公司」，与填写的「导入新企业甲（别名）有限公司」不一致");
    expect(warnings[1].message).toContain(`登记的名称为「${existing.name}」`);
    expect((await byCode(existing.creditCode))[0].name).toBe(existing.name);
    const page = await pageText(await bank.get(`/xdt/imports/${jobId}`));
    expect(page).toContain("已导入但请核对的行（2）");
    expect(page).toContain("未导入的行（4）");
    // the rejected-rows download holds the refusals only
    const csv = await responseText(await bank.get(`/xdt/imports/${jobId}/rejected?format=csv`));
    expect(csv).not.toContain("不一致");
  });

  it("the template carries the enterprise columns at the end; a file without them stays valid", () => {
    const fields = IMPORT_COLUMNS.map((c) => c.field as string);
    expect(fields.indexOf("overrideReason")).toBe(10);
    expect(fields.slice(11).every((f) => f.startsWith("enterprise."))).toBe(true);
    expect(IMPORT_COLUMNS.slice(10).every((c) => "optional" in c && c.optional)).toBe(true);
  });
});

describe("a bank registers a borrower through the API", () => {
  let bank: Client;
  let token: string;
  const body = (code: string, contractNo: string, ent?: unknown) => ({ creditCode: code, contractNo, amount: "1,000,000.00", rate: rateText(10), termMonths: 12, disbursementDate: today(), isCreditLoan: true, controllerSpouseGuarantee: true, ...(ent === undefined ? {} : { enterprise: ent }) });
  const ent = (name: string, extra: Record<string, unknown> = {}) => ({ name, regionCode: "花溪区", industryCode: "I6513", industryName: "应用软件开发", employees: 120, revenue: 12_000_000, actualControllerName: "陈刚", contactName: "陈刚", contactPhone: "13800000000", ...extra });
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    token = await apiTokenFor(bank, "企业登记测试");
  });

  it("files the loan and registers the borrower in one call; the size class follows 300号 (软件业 120 人 1200 万元 → 中型)", async () => {
    const code = newCode(201);
    const res = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-01", ent("接口登记软件有限公司")));
    expect(res.status, await res.clone().text()).toBe(201);
    const json = await res.json();
    expect(json.enterpriseRegistered).toBe(true);
    expect(json.notices).toEqual([]);
    const [e] = await byCode(code);
    expect(e).toMatchObject({ name: "接口登记软件有限公司", regionCode: "520111", sizeClass: "medium", sizeIndustry: "software", revenueFen: 1_200_000_000 });
    // the same code again with the same name: no second record, no notice
    const again = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-02", ent("接口登记软件有限公司")));
    expect(again.status).toBe(201);
    expect((await again.json()).enterpriseRegistered).toBe(false);
    expect(await byCode(code)).toHaveLength(1);
  });

  it("answers an unknown code without enterprise fields, bad fields and unknown keys in Chinese, naming each field", async () => {
    const code = newCode(202);
    const missing = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-03"));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ code: "refused", field: "creditCode" });
    const bad = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-03", ent("接口字段错误有限公司", { contactPhone: "x", industryCode: "J6621", employees: -3 })));
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields as { field: string; message: string }[];
    expect(fields.find((f) => f.field === "enterprise.contactPhone")!.message).toContain("联系电话格式不正确");
    expect(fields.find((f) => f.field === "enterprise.employees")!.message).toContain("从业人员应为整数人数");
    const industry = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-03", ent("接口行业错误有限公司", { industryCode: "J6621" })));
    expect(industry.status).toBe(400);
    expect((await industry.json()).error.fields).toContainEqual({ field: "enterprise.industryCode", message: "金融业企业按《金融业企业划型标准规定》划型，不适用《中小企业划型标准规定》" });
    const unknownKey = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-03", ent("接口未知字段有限公司", { county: "花溪区" })));
    expect(unknownKey.status).toBe(400);
    expect((await unknownKey.json()).error.message).toContain("enterprise 中有无法识别的字段：county");
    const notObject = await apiCall(bank, "/api/v1/loans", token, body(code, "REG-API-03", "接口企业"));
    expect((await notObject.json()).error.fields[0]).toMatchObject({ field: "enterprise", message: "enterprise（借款企业登记信息）须为 JSON 对象" });
    const { code: wrong, expected } = wrongCheck(code);
    const check = await apiCall(bank, "/api/v1/loans", token, body(wrong, "REG-API-03", ent("接口校验码错误有限公司")));
    expect((await check.json()).error.message).toContain(`第18位应为「${expected}」`);
    expect(await byCode(code)).toHaveLength(0);
    expect(await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "REG-API-03"))).toHaveLength(0);
  });

  it("a registered code under another name: filed for the registered enterprise, with a notice; the register unchanged", async () => {
    const e = await cleanEnterprise(db());
    const res = await apiCall(bank, "/api/v1/loans", token, body(e.creditCode, "REG-API-04", ent("接口另一个名字有限公司")));
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json.enterpriseRegistered).toBe(false);
    expect(json.notices[0]).toContain(`登记的名称为「${e.name}」，与填写的「接口另一个名字有限公司」不一致`);
    expect((await byCode(e.creditCode))[0].name).toBe(e.name);
  });
});

describe("officers register and correct enterprises of their region", () => {
  it("a 贵阳 industry officer registers a project unit in a 贵阳 county; the code is then taken", async () => {
    const officer = await signedIn("industry.gy");
    const code = newCode(301);
    const fields = { creditCode: code, ...Object.fromEntries(Object.entries(borrowerForm("贵阳项目单位测试有限公司", { regionCode: "520111", industryCode: "C3984", industryName: "电子电路制造", employees: "350", revenue: "30,000,000.00" })).map(([k, v]) => [k.slice("enterprise.".length), v])) };
    const res = await officer.post("/enterprises/new", fields);
    expect(res.status, await res.clone().text()).toBe(302);
    const [e] = await byCode(code);
    expect(e).toMatchObject({ regionCode: "520111", sizeClass: "medium" });
    expect(res.headers.get("Location")).toBe(`/enterprises/${e.id}`);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "enterprise"), eq(auditLog.entityId, String(e.id))));
    expect(audit.action).toBe("create");
    // one record per code
    const dup = await officer.post("/enterprises/new", { ...fields, name: "重复登记测试有限公司" });
    expect(dup.status).toBe(400);
    expect(await pageText(dup)).toContain("该统一社会信用代码已登记为「贵阳项目单位测试有限公司」");
    expect(await byCode(code)).toHaveLength(1);
    // a finance officer of the same 市州 registers too; a wrong check character is named
    const finance = await signedIn("finance.gy");
    const { code: wrong, expected } = wrongCheck(newCode(302));
    const bad = await finance.post("/enterprises/new", { ...fields, creditCode: wrong });
    expect(bad.status).toBe(400);
    expect(await pageText(bad)).toContain(`统一社会信用代码校验码错误：第18位应为「${expected}」`);
    expect((await finance.post("/enterprises/new", { ...fields, creditCode: newCode(303), name: "贵阳财政登记测试有限公司" })).status).toBe(302);
  });

  it("an officer of another 市州 can neither register in nor correct outside its region", async () => {
    const officer = await signedIn("finance.gy");
    const code = newCode(304);
    const fields = { creditCode: code, ...Object.fromEntries(Object.entries(borrowerForm("遵义越权登记测试有限公司", { regionCode: "520302" })).map(([k, v]) => [k.slice("enterprise.".length), v])) };
    const res = await officer.post("/enterprises/new", fields);
    expect(res.status).toBe(400);
    const page = await pageText(res);
    expect(page).toContain("只能登记本地区（贵阳市及所辖县（区））的企业");
    expect(page).not.toContain("遵义市");
    expect(await byCode(code)).toHaveLength(0);
    const [zunyi] = await db().select().from(enterprise).where(sql`${enterprise.regionCode} like '5203%'`).limit(1);
    expect((await officer.get(`/enterprises/${zunyi.id}/edit`)).status).toBe(404);
    const post = await officer.post(`/enterprises/${zunyi.id}/edit`, { ...fields, name: "越权更正" });
    expect(post.status).toBe(404);
    expect((await db().select().from(enterprise).where(eq(enterprise.id, zunyi.id)))[0].name).toBe(zunyi.name);
    // and a 贵阳 enterprise cannot be moved to 遵义
    const [gy] = await db().select().from(enterprise).where(sql`${enterprise.regionCode} = '520102'`).limit(1);
    const move = await officer.post(`/enterprises/${gy.id}/edit`, Object.fromEntries(Object.entries(borrowerForm(gy.name, { regionCode: "520302" })).map(([k, v]) => [k.slice("enterprise.".length), v])));
    expect(move.status).toBe(400);
    expect(await pageText(move)).toContain("只能改为本地区");
    // banks do not register or correct in the register (a borrower is registered with its loan)
    const bank = await signedIn("bank.a");
    expect((await bank.get("/enterprises/new")).status).toBe(403);
    expect((await bank.post(`/enterprises/${gy.id}/edit`, {})).status).toBe(403);
  });

  it("a correction re-decides the size class and is audited with the fields before and after", async () => {
    const officer = await signedIn("industry.gy");
    const [gy] = await db().select().from(enterprise).where(sql`${enterprise.regionCode} = '520103'`).orderBy(enterprise.id).limit(1);
    const page = await pageText(await officer.get(`/enterprises/${gy.id}/edit`));
    expect(page).toContain(`value="${gy.name}"`);
    const res = await officer.post(`/enterprises/${gy.id}/edit`, {
      name: gy.name,
      regionCode: "520103",
      industryCode: gy.industryCode,
      industryName: gy.industryName,
      employees: "8",
      revenue: "2,500,000.00",
      actualControllerName: gy.actualControllerName,
      actualControllerSpouse: gy.actualControllerSpouse ?? "",
      contactName: "更正联系人",
      contactPhone: "0851-86660000",
    });
    expect(res.status, await res.clone().text()).toBe(302);
    const [after] = await db().select().from(enterprise).where(eq(enterprise.id, gy.id));
    expect(after).toMatchObject({ employees: 8, revenueFen: 250_000_000, contactName: "更正联系人", sizeClass: "micro" });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "enterprise"), eq(auditLog.entityId, String(gy.id)), eq(auditLog.action, "update"))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit.before).toMatchObject({ contactName: null, employees: null });
    expect(audit.after).toMatchObject({ contactName: "更正联系人", employees: 8, contactPhone: "0851-86660000" });
    expect(Object.keys(audit.after as object)).not.toContain("name");
    if (gy.sizeClass !== "micro") expect(audit.before).toMatchObject({ sizeClass: gy.sizeClass });
  });
});

describe("a bank sees only the enterprises it has loans with", () => {
  let bank: Client;
  let foreign: { id: number; creditCode: string; name: string }[];
  beforeAll(async () => {
    bank = await signedIn("bank.b");
    const me = await orgIdOf(db(), "bank.b");
    foreign = await db()
      .select({ id: enterprise.id, creditCode: enterprise.creditCode, name: enterprise.name })
      .from(enterprise)
      .where(sql`not exists (select 1 from ${xdtLoan} l where l.enterprise_id = ${enterprise.id} and l.bank_org_id = ${me}) and exists (select 1 from ${xdtLoan} l where l.enterprise_id = ${enterprise.id})`)
      .orderBy(enterprise.id)
      .limit(5);
    expect(foreign.length).toBe(5);
  });

  it("the list and its count are its borrowers only", async () => {
    const me = await orgIdOf(db(), "bank.b");
    const [{ n }] = await db().select({ n: sql<number>`count(distinct ${xdtLoan.enterpriseId})::int` }).from(xdtLoan).where(eq(xdtLoan.bankOrgId, me));
    expect(n).toBeGreaterThan(0);
    const page = await pageText(await bank.get("/enterprises"));
    expect(page).toContain(`共 ${n} 条`);
    for (const f of foreign) {
      expect(page).not.toContain(f.creditCode);
      expect(await pageText(await bank.get(`/enterprises?q=${f.creditCode}`))).toContain("共 0 条");
    }
  });

  it("another bank's borrower is 404 in detail and absent from the export", async () => {
    for (const f of foreign) expect((await bank.get(`/enterprises/${f.id}`)).status).toBe(404);
    for (const format of ["csv", "xlsx"]) {
      const text = await responseText(await bank.get(`/export/enterprises?format=${format}`));
      for (const f of foreign) expect(text).not.toContain(f.creditCode);
    }
    // its own borrower is there
    const me = await orgIdOf(db(), "bank.b");
    const [own] = await db().select({ id: enterprise.id, creditCode: enterprise.creditCode }).from(enterprise).innerJoin(xdtLoan, eq(xdtLoan.enterpriseId, enterprise.id)).where(eq(xdtLoan.bankOrgId, me)).limit(1);
    expect((await bank.get(`/enterprises/${own.id}`)).status).toBe(200);
    expect(await responseText(await bank.get("/export/enterprises?format=csv"))).toContain(own.creditCode);
  });

  it("a project unit with no loan at all is no bank's to see", async () => {
    const [unit] = await db().select().from(enterprise).where(sql`not exists (select 1 from ${xdtLoan} l where l.enterprise_id = ${enterprise.id})`).limit(1);
    expect((await bank.get(`/enterprises/${unit.id}`)).status).toBe(404);
    expect((await (await signedIn("bank.a")).get(`/enterprises/${unit.id}`)).status).toBe(404);
  });
});
