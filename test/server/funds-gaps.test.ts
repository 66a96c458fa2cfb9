import { randomUUID } from "node:crypto";
/**
 * 专项资金 (issue 5) through the built app: application guides (draft → publish → public, linkable page), the required
 * documents (uploaded, checked by content, downloadable in scope only, checked at the formal pre-review), a program
 * the administrator adds (selectable in library entry and budgets, with its own term, 公示 length and stricter caps
 * used by the rule checks), the ZXZJ unhappy paths (changed without approval after the construction period →
 * recovery; the unit-year cap one fen either side across several allocations) and the printable project sheet.
 */
import { and, desc, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUser, enterprise, fundAllocation, fundApplication, fundApplicationDocument, fundBudget, fundGuide, fundPayment, fundProgram, fundProject, fundRecovery, journal, posting } from "#db/schema";
import type { Actor } from "#db/audit";
import { DEFAULT_CALENDAR, publicityEndDate, type LegalDate } from "#rules";
import { allocate, pay } from "~/server/funds/workflow.server";
import { UserInputError } from "~/server/users.server";
import { useAppDatabase } from "../setup/db";
import { Client, signedIn } from "../support/app";
import { budgetRoomAtLeast } from "../support/funds";
import { pageText, responseText } from "../support/text";

const { db } = useAppDatabase();
const WAN = 1_000_000;

async function appOf(projectId: number) {
  const [a] = await db().select().from(fundApplication).where(eq(fundApplication.projectId, projectId)).orderBy(desc(fundApplication.year));
  return a;
}

function upload(client: Client, projectId: number, kind: string, bytes: Uint8Array, name: string) {
  const body = new FormData();
  body.set("csrf", client.csrf());
  body.set("intent", "upload-document");
  body.set("kind", kind);
  body.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
  return client.request(`/funds/projects/${projectId}`, { method: "POST", body });
}
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n${text}\n`);

async function uploadAll(client: Client, projectId: number) {
  for (const kind of (await appOf(projectId)).documents) {
    const res = await upload(client, projectId, kind, pdf(kind), `${kind}.pdf`);
    expect(res.status, await res.clone().text()).toBe(302);
  }
}

/** An enterprise of the region with no allocation and no ban. */
async function freshEnterprise(prefix: string, skip = 0) {
  const rows = await db()
    .select()
    .from(enterprise)
    .where(and(like(enterprise.regionCode, `${prefix}%`), sql`not exists (select 1 from fund_allocation a where a.enterprise_id = ${enterprise.id})`, sql`not exists (select 1 from fund_ban b where b.enterprise_id = ${enterprise.id})`))
    .orderBy(enterprise.id)
    .limit(skip + 1);
  return rows[skip];
}

async function actor(username: string): Promise<Actor> {
  const [u] = await db().select().from(appUser).where(eq(appUser.username, username));
  return { userId: u.id, name: `${u.displayName}（${username}）`, orgId: u.organisationId, requestId: "test", ip: null };
}

const goals = { "goalName[0]": "新增产值", "goalUnit[0]": "万元", "goalTarget[0]": "3000", "goalDirection[0]": "higher", "goalWeight[0]": "100" };

describe("application guides", () => {
  let province: Client;
  let guideId: number;
  const guide = { intent: "save", programCode: "GXZJ", year: "2027", title: "2027年度工信发展专项资金申报指南（征求意见稿）", directions: "支持数字化转型和绿色制造", conditions: "项目已纳入项目库", openFrom: "2027-01-10", openTo: "2027-03-31", extraDocuments: "营业执照\n节能审查意见" };
  beforeAll(async () => {
    province = await signedIn("industry");
  });

  it("the province drafts a guide; a draft is neither public nor shown to a 市州 officer", async () => {
    const res = await province.post("/funds/guides", guide);
    expect(res.status, await res.clone().text()).toBe(302);
    const [g] = await db().select().from(fundGuide).where(eq(fundGuide.title, guide.title));
    guideId = g.id;
    expect(g.publishedOn).toBeNull();
    expect(g.extraDocuments).toEqual(["营业执照", "节能审查意见"]);
    expect((await new Client().get(`/disclosure/funds/guides/${guideId}`)).status).toBe(404);
    expect(await responseText(await new Client().get("/disclosure/funds"))).not.toContain(guide.title);
    const city = await signedIn("industry.gy");
    expect(await pageText(await city.get("/funds/guides"))).not.toContain(guide.title);
    // a 市州 officer cannot draft one; a second guide for the same program and year is refused
    const cityPost = await city.post("/funds/guides", { ...guide, year: "2026", title: "市州起草" });
    expect(cityPost.status).toBe(400);
    expect(await pageText(cityPost)).toContain("由省工业和信息化厅发布");
    const dup = await province.post("/funds/guides", { ...guide, title: "重复指南" });
    expect(dup.status).toBe(400);
    expect(await pageText(dup)).toContain("2027 年度已有申报指南");
  });

  it("edits the draft, publishes it; the public page is linkable and lists the required documents; no edit after", async () => {
    const title = "2027年度工信发展专项资金申报指南";
    expect((await province.post("/funds/guides", { ...guide, guideId: String(guideId), title })).status).toBe(302);
    const bad = await province.post("/funds/guides", { intent: "publish", guideId: String(guideId), onDate: "2099-01-01" });
    expect(bad.status).toBe(400);
    expect((await province.post("/funds/guides", { intent: "publish", guideId: String(guideId), onDate: "2026-11-20" })).status).toBe(302);
    const anon = new Client();
    const list = await pageText(await anon.get("/disclosure/funds"));
    expect(list).toContain(`/disclosure/funds/guides/${guideId}`);
    const page = await pageText(await anon.get(`/disclosure/funds/guides/${guideId}`));
    // the guide's own page (not the disclosure list around it)
    expect(page).toContain("<h2>申报材料</h2>");
    expect(page).not.toContain("分配结果");
    for (const text of [title, "2027-01-10 至 2027-03-31", "2026-11-20 发布", "市县工业和信息化主管部门申报文件", "专项资金申请报告", "营业执照", "节能审查意见", "《贵州省工业和信息化发展专项资金管理办法》第十六条"]) expect(page).toContain(text);
    // the public guide page carries only the guide (never a project, unit, objector, account or expert)
    const data = await responseText(await anon.get(`/disclosure/funds/guides/${guideId}.data`));
    expect(data).toContain(title);
    const confidential = await db().execute(sql`
      select objector as v from fund_objection union (select e.credit_code from enterprise e limit 50) union (select payee_account_no from fund_payment limit 20)
      union select expert_name from fund_expert_score union (select name from fund_project limit 20)`);
    const values = ((confidential as unknown as { rows?: { v: string }[] }).rows ?? (confidential as unknown as { v: string }[])).map((r) => r.v);
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((v) => data.includes(v) || page.includes(v))).toEqual([]);
    const edit = await province.post("/funds/guides", { ...guide, guideId: String(guideId), title: "改动" });
    expect(edit.status).toBe(400);
    expect(await pageText(edit)).toContain("已于 2026-11-20 发布，不能修改");
  });
});

describe("required documents and the formal pre-review", () => {
  let city: Client;
  let projectId: number;
  beforeAll(async () => {
    city = await signedIn("industry.gy");
    const ent = await freshEnterprise("5201");
    const res = await city.post("/funds/projects/new", { programCode: "ZXZJ", creditCode: ent.creditCode, name: "材料测试项目", category: "技术改造", implementationPlan: "x", totalInvestment: "10,000,000.00", fixedAssetInvestment: "5,000,000.00", constructionStart: "2025-01-01", constructionEnd: "2025-12-31", filingLevel: "county", jobs: "5", ...goals });
    expect(res.status, await res.clone().text()).toBe(302);
    projectId = (await db().select().from(fundProject).where(eq(fundProject.name, "材料测试项目")))[0].id;
    expect((await city.post(`/funds/projects/${projectId}`, { intent: "file", year: "2025", supportMode: "award_in_lieu", requested: "1,000,000.00", onDate: "2025-02-10" })).status).toBe(302);
  });

  it("an application carries the law's two documents and its year's guide's extras; inside the guide's window no warning", async () => {
    expect((await appOf(projectId)).documents).toEqual(["市县中小企业主管部门申报文件", "专项资金申请报告", "营业执照", "绩效目标申报表"]);
    const page = await pageText(await city.get(`/funds/projects/${projectId}`));
    expect(page).toContain("在《2025年度省中小企业发展专项资金项目申报指南》规定的申报时间（2025-01-15 至 2025-03-31）内申报");
  });

  it("refuses a file whose content is not what its name says, an unknown document, and an empty upload", async () => {
    const fake = await upload(city, projectId, "专项资金申请报告", new TextEncoder().encode("MZ\x90\x00 not a pdf"), "报告.pdf");
    expect(fake.status).toBe(400);
    expect(await pageText(fake)).toContain("文件内容不是有效的 PDF 文件");
    const exe = await upload(city, projectId, "专项资金申请报告", pdf("x"), "报告.exe");
    expect(exe.status).toBe(400);
    expect(await pageText(exe)).toContain("只接受 PDF、JPG、PNG、DOCX、XLSX、OFD 文件");
    const unknown = await upload(city, projectId, "其他材料", pdf("x"), "其他.pdf");
    expect(unknown.status).toBe(400);
    expect(await pageText(unknown)).toContain("不是该申报要求的材料");
    const empty = await upload(city, projectId, "营业执照", new Uint8Array(), "执照.pdf");
    expect(empty.status).toBe(400);
    const [app] = await db().select().from(fundApplication).where(eq(fundApplication.projectId, projectId));
    expect(await db().select().from(fundApplicationDocument).where(eq(fundApplicationDocument.applicationId, app.id))).toEqual([]);
  });

  it("pre-review lists what is missing; once complete it passes and documents are then fixed", async () => {
    const res = await upload(city, projectId, "专项资金申请报告", pdf("申请报告-贵阳"), "申请报告.pdf");
    expect(res.status, await res.clone().text()).toBe(302);
    const refused = await city.post(`/funds/projects/${projectId}`, { intent: "prereview", onDate: "2025-02-15" });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("申报材料不齐全，缺少：市县中小企业主管部门申报文件、营业执照、绩效目标申报表；形式预审不予通过");
    expect((await appOf(projectId)).status).toBe("filed");
    await uploadAll(city, projectId);
    expect((await city.post(`/funds/projects/${projectId}`, { intent: "prereview", onDate: "2025-02-15" })).status).toBe(302);
    const late = await upload(city, projectId, "营业执照", pdf("x"), "执照.pdf");
    expect(late.status).toBe(400);
    expect(await pageText(late)).toContain("材料不能再更换");
  });

  it("a document downloads in scope only: the region's officer and the province yes, another 市州 and a bank 404/403", async () => {
    const app = await appOf(projectId);
    const [doc] = await db().select().from(fundApplicationDocument).where(and(eq(fundApplicationDocument.applicationId, app.id), eq(fundApplicationDocument.kind, "营业执照")));
    const own = await city.get(`/funds/documents/${doc.id}`);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(await own.text()).toBe("%PDF-1.4\n营业执照\n");
    expect((await (await signedIn("auditor")).get(`/funds/documents/${doc.id}`)).status).toBe(200);
    expect((await (await signedIn("finance.zy")).get(`/funds/documents/${doc.id}`)).status).toBe(404);
    expect([403, 404]).toContain((await (await signedIn("bank.a")).get(`/funds/documents/${doc.id}`)).status);
    expect((await city.get("/funds/documents/999999999")).status).toBe(404);
  });
});

describe("a program the administrator adds, end to end", () => {
  const code = "GXZJ-DZ";
  let projectId: number;
  let province: Client;
  let city: Client;
  beforeAll(async () => {
    province = await signedIn("industry");
    city = await signedIn("industry.gy");
  });

  it("the administrator adds it with a 7-day 公示 and stricter caps; looser caps are refused", async () => {
    const admin = await signedIn("admin");
    const base = { code, ruleSet: "GXZJ", name: "数字化转型专项资金", termFrom: "2026-01-01", termTo: "2027-12-31", publicityWorkingDays: "7" };
    const loose = await admin.post("/funds/programs", { ...base, projectCap: "10,000,000.01" });
    expect(loose.status).toBe(400);
    expect(await pageText(loose)).toContain("单个项目上限不能高于管理办法的 1,000万元");
    const res = await admin.post("/funds/programs", { ...base, unitYearCap: "3,000,000.00", projectCap: "2,000,000.00" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [p] = await db().select().from(fundProgram).where(eq(fundProgram.code, code));
    expect([p.unitYearCapFen, p.projectCapFen, p.publicityWorkingDays]).toEqual([300 * WAN, 200 * WAN, 7]);
  });

  it("is selectable in library entry and budgets; its 2026 transfer to 贵阳 is approved and issued through the ledger", async () => {
    expect(await pageText(await city.get("/funds/projects/new"))).toContain(`value="${code}"`);
    const finance = await signedIn("finance");
    expect(await pageText(await finance.get("/funds/budgets"))).toContain(`value="${code}"`);
    const approve = await finance.post("/funds/budgets", { intent: "approve", programCode: code, year: "2026", regionCode: "520100", amount: "5,000,000.00", onDate: "2026-08-01" });
    expect(approve.status, await approve.clone().text()).toBe(302);
    const [line] = await db().select().from(fundBudget).innerJoin(fundProgram, eq(fundProgram.id, fundBudget.programId)).where(and(eq(fundProgram.code, code), eq(fundBudget.regionCode, "520100")));
    expect((await finance.post("/funds/budgets", { intent: "issue", budgetId: String(line.fund_budget.id), onDate: "2026-08-02" })).status).toBe(302);
    const ent = await freshEnterprise("5201", 3);
    const res = await city.post("/funds/projects/new", { programCode: code, creditCode: ent.creditCode, name: "新增专项测试项目", category: "数字化转型", implementationPlan: "上云用数赋智", totalInvestment: "20,000,000.00", fixedAssetInvestment: "8,000,000.00", constructionStart: "2026-01-01", constructionEnd: "2027-06-30", filingLevel: "county", jobs: "12", ...goals });
    expect(res.status, await res.clone().text()).toBe(302);
    const [p] = await db().select().from(fundProject).where(eq(fundProject.name, "新增专项测试项目"));
    projectId = p.id;
    // a GXZJ-based program: the library entry waits for the provincial review
    expect(p.libraryStatus).toBe("pending_review");
    expect((await province.post(`/funds/projects/${projectId}`, { intent: "library-enter", onDate: "2026-08-20" })).status).toBe(302);
  });

  it("its own term refuses a filing before it; its 7-day 公示 and its 200万 project cap decide, one fen either side", async () => {
    const early = await city.post(`/funds/projects/${projectId}`, { intent: "file", year: "2026", supportMode: "award_in_lieu", requested: "2,000,000.00", onDate: "2025-12-31" });
    expect(early.status).toBe(400);
    expect(await pageText(early)).toContain("该日期不在数字化转型专项资金实施期内（2026-01-01 至 2027-12-31）");
    const step = async (c: Client, fields: Record<string, string>) => {
      const r = await c.post(`/funds/projects/${projectId}`, fields);
      expect(r.status, `${fields.intent}: ${await r.clone().text()}`).toBe(302);
    };
    await step(city, { intent: "file", year: "2026", supportMode: "award_in_lieu", requested: "2,000,000.01", onDate: "2026-09-01" });
    // no guide of this program for 2026: a warning on the page
    expect(await pageText(await city.get(`/funds/projects/${projectId}`))).toContain("2026 年度申报指南尚未发布");
    await uploadAll(city, projectId);
    await step(city, { intent: "prereview", onDate: "2026-09-02" });
    await step(province, { intent: "first-review", onDate: "2026-09-03" });
    for (const u of ["expert.1", "expert.2", "expert.3"]) await step(await signedIn(u), { intent: "score", score: "85" });
    await step(province, { intent: "close-expert", onDate: "2026-09-10" });
    await step(province, { intent: "rank", onDate: "2026-09-11", rankScore: "85" });
    await step(province, { intent: "decide", onDate: "2026-09-14", ref: "厅务会纪要〔2026〕30号", proposed: "2,000,000.01" });
    await step(province, { intent: "publicity", onDate: "2026-10-12" });
    const app = await appOf(projectId);
    const end = publicityEndDate({ fund: "GXZJ", startDate: "2026-10-12" as LegalDate, workingDays: 7 }, DEFAULT_CALENDAR).value.end;
    expect(app.publicityEnd).toBe(end);
    expect(end).toBe("2026-10-20");
    await step(province, { intent: "approve", onDate: "2026-10-21", ref: "黔财工〔2026〕120号" });
    const form = { intent: "allocate", supportMode: "award_in_lieu", level: "transfer", onDate: "2026-10-22" };
    const over = await province.post(`/funds/projects/${projectId}`, { ...form, amount: "2,000,000.01" });
    expect(over.status).toBe(400);
    expect(await pageText(over)).toContain("超过200万元上限0.01元");
    await step(province, { ...form, amount: "2,000,000.00" });
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId));
    expect(al.amountFen).toBe(200 * WAN);
    expect(JSON.stringify(al.capVerdict)).toContain("数字化转型专项资金设定的额度上限严于管理办法");
    // paid by the 贵阳 finance bureau from the program's own budget account
    const cityFinance = await signedIn("finance.gy");
    await step(cityFinance, { intent: "pay", requestId: randomUUID(), amount: "500,000.00", kind: "progress", onDate: "2026-11-02", payeeAccountType: "enterprise_basic", payeeAccountNo: "6222000011112222" });
    const [pm] = await db().select().from(fundPayment).where(eq(fundPayment.allocationId, al.id));
    const legs = await db().select({ amount: posting.amountFen, code: sql<string>`(select code from ledger_account a where a.id = ${posting.accountId})` }).from(posting).where(eq(posting.journalId, pm.journalId));
    expect(legs.map((l) => [l.code, l.amount]).sort()).toEqual([[`funds:budget:${code}:2026:520100`, -50 * WAN], [`funds:paid:${code}:520100`, 50 * WAN]].sort());
  });
});

/** A ZXZJ unit's approved 2025 applications (library entered), ready to allocate through the service. */
async function approvedZxzj(names: string[], constructionEnd: string, skip: number) {
  const ent = await freshEnterprise("5202", skip);
  const [program] = await db().select().from(fundProgram).where(eq(fundProgram.code, "ZXZJ"));
  const ids: number[] = [];
  for (const name of names) {
    const [p] = await db()
      .insert(fundProject)
      .values({ programId: program.id, enterpriseId: ent.id, regionCode: ent.regionCode, name, category: "专精特新", implementationPlan: "x", totalInvestmentFen: 5000 * WAN, fixedAssetInvestmentFen: 2000 * WAN, constructionStart: "2025-01-01", constructionEnd, filingLevel: "county", libraryStatus: "entered", enteredOn: "2025-01-05", createdByName: "测试" })
      .returning();
    await db().insert(fundApplication).values({ projectId: p.id, programId: program.id, year: 2025, status: "approved", supportMode: "award_in_lieu", requestedFen: 500 * WAN, proposedFen: 500 * WAN, filedOn: "2025-02-01", documents: [], approvedOn: "2025-06-10", approvalRef: "测试" });
    ids.push(p.id);
  }
  // the 市州's 2025 transfer holds enough for the test's allocations
  await budgetRoomAtLeast(db(), "ZXZJ", 2025, `${ent.regionCode.slice(0, 4)}00`, names.length * 500 * WAN);
  return ids;
}

async function tryAllocate(projectId: number, amountFen: number) {
  try {
    const a = await actor("industry");
    const r = await db().transaction((tx) => allocate(tx, a, { kind: "all" }, projectId, { intent: "allocate", amount: amountFen, supportMode: "award_in_lieu", level: "transfer", onDate: "2025-06-20" }));
    return { ok: true as const, allocation: r.allocation };
  } catch (err) {
    if (err instanceof UserInputError) return { ok: false as const, message: err.message };
    throw err;
  }
}

describe("ZXZJ unhappy paths", () => {
  it("unit-year cap 1000万 across three allocations: exactly 1000万 passes, one more fen is refused", async () => {
    const [a, b, c, d] = await approvedZxzj(["ZXZJ额度一", "ZXZJ额度二", "ZXZJ额度三", "ZXZJ额度四"], "2025-12-31", 0);
    expect((await tryAllocate(a, 400 * WAN)).ok).toBe(true);
    expect((await tryAllocate(b, 500 * WAN)).ok).toBe(true);
    const over = await tryAllocate(c, 100 * WAN + 1);
    expect(over.ok).toBe(false);
    expect(over.ok ? "" : over.message).toContain("超过1,000万元上限0.01元");
    expect((await tryAllocate(c, 100 * WAN)).ok).toBe(true);
    const one = await tryAllocate(d, 1);
    expect(one.ok).toBe(false);
    expect(one.ok ? "" : one.message).toContain("超过1,000万元上限0.01元");
  });

  it("changed without approval after the construction period: the adjustment is not accepted and every fen paid is recovered", async () => {
    const [pid] = await approvedZxzj(["ZXZJ擅自调整项目"], "2025-09-30", 1);
    const r = await tryAllocate(pid, 300 * WAN);
    expect(r.ok).toBe(true);
    const fin = await actor("finance");
    for (const amount of [100 * WAN + 1, 23_456_788]) {
      await db().transaction((tx) => pay(tx, fin, { kind: "all" }, pid, { intent: "pay", amount, kind: "progress", onDate: "2025-07-01", payeeAccountType: "enterprise_basic", payeeAccountNo: "6222000033334444", requestId: randomUUID() }));
    }
    const officer = await signedIn("industry");
    const res = await officer.post(`/funds/projects/${pid}`, { intent: "adjust", onDate: "2025-12-10", content: "实际变更了建设地点", decision: "approved", changedWithoutApproval: "on" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, pid));
    expect(al.status).toBe("recovered");
    expect(al.adjustments).toBe(0);
    const [rec] = await db().select().from(fundRecovery).where(eq(fundRecovery.allocationId, al.id));
    expect(rec.kind).toBe("adjustment_refused");
    expect(rec.amountFen).toBe(123_456_789);
    const legs = await db().select({ amount: posting.amountFen }).from(posting).where(eq(posting.journalId, rec.journalId));
    expect(legs.map((l) => l.amount).sort((x, y) => x - y)).toEqual([-123_456_789, 123_456_789]);
    const [j] = await db().select().from(journal).where(eq(journal.id, rec.journalId));
    expect(j.idempotencyKey).toBe(`funds:recovery:adjustment_refused:${al.id}`);
    const page = await pageText(await officer.get(`/funds/projects/${pid}`));
    expect(page).toContain("超出建设期且未履行调整手续但项目实际发生调整");
    expect(page).toContain("1,234,567.89");
  });
});

describe("the printable project sheet", () => {
  it("shows plan, goals, allocation with the cap verdict's cites, payments and acceptance; another 市州 gets 404", async () => {
    const [row] = await db()
      .select({ id: fundProject.id, name: fundProject.name, plan: fundProject.implementationPlan })
      .from(fundProject)
      .innerJoin(fundAllocation, eq(fundAllocation.projectId, fundProject.id))
      .where(and(like(fundProject.regionCode, "5201%"), sql`exists (select 1 from fund_acceptance ac where ac.allocation_id = ${fundAllocation.id})`, sql`exists (select 1 from fund_payment pm where pm.allocation_id = ${fundAllocation.id})`))
      .limit(1);
    const city = await signedIn("industry.gy");
    const res = await city.get(`/funds/projects/${row.id}/print`);
    expect(res.status).toBe(200);
    const page = await pageText(res);
    for (const text of ["专项资金项目表", row.name, row.plan, "实施方案", "绩效目标", "额度检查", "依据条文", "第十条", "笔次", "验收：", "验收组织", "打印日期 2026-11-27"]) expect(page, text).toContain(text);
    expect((await (await signedIn("finance.zy")).get(`/funds/projects/${row.id}/print`)).status).toBe(404);
  });
});
