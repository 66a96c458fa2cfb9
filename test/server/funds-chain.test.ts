import { randomUUID } from "node:crypto";
/**
 * 专项资金 end to end through the built app (issue 5): library entry → application → review chain with expert scores
 * → 公示 on the working-day calendar with objections → plan/request → allocation under the caps (soft override with a
 * written reason) → payments through the ledger → adjustments → acceptance; for each fund, with the unhappy paths.
 */
import { and, desc, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, enterprise, fundAcceptance, fundAdjustment, fundAllocation, fundApplication, fundBan, fundExpertScore, fundObjection, fundPayment, fundProject, journal, posting } from "#db/schema";
import { DEFAULT_CALENDAR, publicityEndDate } from "#rules";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText } from "../support/text";
import { budgetRoomAtLeast } from "../support/funds";

const { db } = useAppDatabase();

/** An enterprise of the region with no special-fund allocation and no ban (so caps start from zero). */
async function freshEnterprise(prefix: string, skip = 0) {
  const rows = await db()
    .select()
    .from(enterprise)
    .where(and(like(enterprise.regionCode, `${prefix}%`), sql`not exists (select 1 from fund_allocation a where a.enterprise_id = ${enterprise.id})`, sql`not exists (select 1 from fund_ban b where b.enterprise_id = ${enterprise.id})`))
    .orderBy(enterprise.id)
    .limit(skip + 1);
  return rows[skip];
}

const goals = { "goalName[0]": "新增产值", "goalUnit[0]": "万元", "goalTarget[0]": "3000", "goalDirection[0]": "higher", "goalWeight[0]": "60", "goalName[1]": "新增就业", "goalUnit[1]": "人", "goalTarget[1]": "40", "goalDirection[1]": "higher", "goalWeight[1]": "40" };

function projectForm(programCode: string, creditCode: string, name: string, extra: Record<string, string> = {}) {
  return { programCode, creditCode, name, category: "技术改造", implementationPlan: "购置设备、安装调试、试生产", totalInvestment: "30,000,000.00", fixedAssetInvestment: "20,000,000.00", constructionStart: "2025-01-01", constructionEnd: "2027-06-30", filingLevel: "county", jobs: "40", ...extra };
}

async function projectByName(name: string) {
  const [p] = await db().select().from(fundProject).where(eq(fundProject.name, name));
  return p;
}
async function appOf(projectId: number) {
  const [a] = await db().select().from(fundApplication).where(eq(fundApplication.projectId, projectId)).orderBy(desc(fundApplication.year));
  return a;
}

/** The 市县 officer uploads a (minimal, valid) PDF for each required document of the latest application. */
export async function uploadDocuments(client: Client, projectId: number, skip: string[] = []) {
  for (const kind of (await appOf(projectId)).documents.filter((d) => !skip.includes(d))) {
    const body = new FormData();
    body.set("csrf", client.csrf());
    body.set("intent", "upload-document");
    body.set("kind", kind);
    body.set("file", new File([new TextEncoder().encode(`%PDF-1.4\n${kind}\n`)], `${kind}.pdf`, { type: "application/pdf" }));
    const res = await client.request(`/funds/projects/${projectId}`, { method: "POST", body });
    expect(res.status, await res.clone().text()).toBe(302);
  }
}

describe("GXZJ: from library entry to payment and acceptance", () => {
  let city: Client;
  let province: Client;
  let cityFinance: Client;
  let projectId: number;
  const name = "测试GXZJ智能化改造项目";
  beforeAll(async () => {
    city = await signedIn("industry.gy");
    province = await signedIn("industry");
    cityFinance = await signedIn("finance.gy");
  });

  it("the 市县 officer enters a project; GXZJ waits for the provincial library review; no application before it", async () => {
    const ent = await freshEnterprise("5201");
    const res = await city.post("/funds/projects/new", projectForm("GXZJ", ent.creditCode, name, goals));
    expect(res.status, await res.clone().text()).toBe(302);
    const p = await projectByName(name);
    projectId = p.id;
    expect(p.libraryStatus).toBe("pending_review");
    const early = await city.post(`/funds/projects/${projectId}`, { intent: "file", year: "2026", supportMode: "award_in_lieu", requested: "3,000,000.00", onDate: "2026-09-01" });
    expect(early.status).toBe(400);
    expect(await pageText(early)).toContain("尚未通过入库审核");
    // the city cannot do the provincial review
    expect((await city.post(`/funds/projects/${projectId}`, { intent: "library-enter", onDate: "2026-08-20" })).status).toBe(400);
    expect((await province.post(`/funds/projects/${projectId}`, { intent: "library-enter", onDate: "2026-08-20" })).status).toBe(302);
    expect((await projectByName(name)).libraryStatus).toBe("entered");
  });

  it("a foreign 市州 officer gets 404 for the project", async () => {
    const zy = await signedIn("finance.zy");
    expect((await zy.get(`/funds/projects/${projectId}`)).status).toBe(404);
  });

  it("runs the review chain; experts cannot see each other's scores before submitting", async () => {
    const step = async (c: Client, fields: Record<string, string>) => {
      const r = await c.post(`/funds/projects/${projectId}`, fields);
      expect(r.status, `${fields.intent}: ${await r.clone().text()}`).toBe(302);
    };
    await step(city, { intent: "file", year: "2026", supportMode: "award_in_lieu", requested: "3,000,000.00", onDate: "2026-09-01" });
    // the required documents: the law's two and the 2026 guide's extras; filed after the guide's window → a warning
    const filed = await appOf(projectId);
    expect(filed.documents).toEqual(["市县工业和信息化主管部门申报文件", "专项资金申请报告", "营业执照", "近一年财务审计报告"]);
    const warned = await pageText(await city.get(`/funds/projects/${projectId}`));
    expect(warned).toContain("申报日期 2026-09-01 不在《2026年度省工业和信息化发展专项资金项目申报指南》规定的申报时间（2026-01-15 至 2026-03-31）内");
    expect(warned).toContain("第十一条（汇编第22010–22014行）");
    // formal pre-review refuses an incomplete application, listing what is missing
    await uploadDocuments(city, projectId, ["专项资金申请报告", "近一年财务审计报告"]);
    const incomplete = await city.post(`/funds/projects/${projectId}`, { intent: "prereview", onDate: "2026-09-03" });
    expect(incomplete.status).toBe(400);
    expect(await pageText(incomplete)).toContain("申报材料不齐全，缺少：专项资金申请报告、近一年财务审计报告");
    await uploadDocuments(city, projectId);
    await step(city, { intent: "prereview", onDate: "2026-09-03" });
    await step(province, { intent: "first-review", onDate: "2026-09-10" });
    // fewer than three experts: the review cannot close
    expect((await province.post(`/funds/projects/${projectId}`, { intent: "close-expert", onDate: "2026-09-11" })).status).toBe(400);
    const e1 = await signedIn("expert.1");
    await step(e1, { intent: "score", score: "88.5", comment: "可行" });
    const e2 = await signedIn("expert.2");
    const before = await pageText(await e2.get(`/funds/projects/${projectId}`));
    expect(before).toContain("提交本人评分后方可查看他人评分");
    expect(before).not.toContain("88.50");
    await step(e2, { intent: "score", score: "91" });
    const after = await pageText(await e2.get(`/funds/projects/${projectId}`));
    expect(after).toContain("88.50");
    expect((await e2.post(`/funds/projects/${projectId}`, { intent: "score", score: "99" })).status).toBe(400);
    await step(await signedIn("expert.3"), { intent: "score", score: "79" });
    await step(province, { intent: "close-expert", onDate: "2026-09-15" });
    const page = await pageText(await city.get(`/funds/projects/${projectId}`));
    expect(page).toContain("平均 86.17，极差 12.00");
    await step(province, { intent: "site-visit", onDate: "2026-09-20", note: "设备已到货" });
    await step(province, { intent: "rank", onDate: "2026-09-25", rankScore: "85" });
    expect((await province.post(`/funds/projects/${projectId}`, { intent: "decide", onDate: "2026-09-28" })).status).toBe(400);
    await step(province, { intent: "decide", onDate: "2026-09-28", ref: "厅党组会议纪要〔2026〕18号", proposed: "3,000,000.00" });
    await step(province, { intent: "publicity", onDate: "2026-10-12" });
    const app = await appOf(projectId);
    expect(app.publicityEnd).toBe(publicityEndDate({ fund: "GXZJ", startDate: "2026-10-12" as never }, DEFAULT_CALENDAR).value.end);
    expect(app.publicityEnd).toBe("2026-10-16");
    // an objection in the 公示: it must be settled before the plan is issued
    await step(province, { intent: "objection-file", onDate: "2026-10-13", objector: "同行企业（测试）", content: "质疑就业人数" });
    const approveEarly = await province.post(`/funds/projects/${projectId}`, { intent: "approve", onDate: "2026-10-20", ref: "黔财工〔2026〕99号" });
    expect(approveEarly.status).toBe(400);
    expect(await pageText(approveEarly)).toContain("尚有未处理完毕的异议");
    const [o] = await db().select().from(fundObjection).where(eq(fundObjection.applicationId, app.id));
    await step(province, { intent: "objection-verify", objectionId: String(o.id), onDate: "2026-10-14", finding: "调取社保记录" });
    await step(province, { intent: "objection-reject", objectionId: String(o.id), onDate: "2026-10-15", finding: "社保缴纳人数与申报一致，异议不成立" });
    expect((await province.post(`/funds/projects/${projectId}`, { intent: "approve", onDate: "2026-10-16", ref: "黔财工〔2026〕99号" })).status).toBe(400);
    await step(province, { intent: "approve", onDate: "2026-10-19", ref: "黔财工〔2026〕99号" });
    expect((await appOf(projectId)).status).toBe("approved");
  });

  it("allocates within the caps, with the verdict's why", async () => {
    const res = await province.post(`/funds/projects/${projectId}`, { intent: "allocate", amount: "3,000,000.00", supportMode: "award_in_lieu", level: "transfer", onDate: "2026-10-21" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId));
    expect(al.amountFen).toBe(300_000_000);
    expect(al.budgetRegionCode).toBe("520100");
    expect(al.overrideBy).toBeNull();
    const page = await pageText(await city.get(`/funds/projects/${projectId}`));
    expect(page).toContain("额度检查：为什么？");
    expect(page).toContain("第十条");
  });

  it("the 市州 finance pays tranches through the ledger; forbidden accounts and over-payment are refused", async () => {
    const form = (amount: string, extra: Record<string, string> = {}) => ({ intent: "pay", amount, kind: "progress", onDate: "2026-10-22", payeeAccountType: "enterprise_basic", payeeAccountNo: "6217000011112222", requestId: randomUUID(), ...extra });
    const platform = await cityFinance.post(`/funds/projects/${projectId}`, form("100,000.00", { payeeAccountType: "platform_company" }));
    expect(platform.status).toBe(400);
    const refusal = await pageText(platform);
    expect(refusal).toContain("不得拨付至平台公司账户");
    // issue 12 item 10: the final payee is GXZJ-35 Art.21 (not Art.20), named by the document's title
    expect(refusal).toContain("（《贵州省工业和信息化发展专项资金管理办法》第二十一条）");
    const pre = await cityFinance.post(`/funds/projects/${projectId}`, form("100,000.00", { kind: "prepayment" }));
    expect(pre.status).toBe(400);
    // the same form submitted twice (double-click, second tab, retry) pays once
    const first = form("1,200,000.00");
    expect((await cityFinance.post(`/funds/projects/${projectId}`, first)).status).toBe(302);
    expect((await cityFinance.post(`/funds/projects/${projectId}`, first)).status).toBe(302);
    const over = await cityFinance.post(`/funds/projects/${projectId}`, form("1,800,000.01"));
    expect(over.status).toBe(400);
    expect(await pageText(over)).toContain("超过安排金额");
    expect((await cityFinance.post(`/funds/projects/${projectId}`, form("1,800,000.00"))).status).toBe(302);
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId));
    const pays = await db().select().from(fundPayment).where(eq(fundPayment.allocationId, al.id)).orderBy(fundPayment.tranche);
    expect(pays.map((p) => p.amountFen)).toEqual([120_000_000, 180_000_000]);
    for (const p of pays) {
      const [j] = await db().select().from(journal).where(eq(journal.id, p.journalId));
      expect(j.idempotencyKey).toMatch(new RegExp(`^funds:payment:${al.id}:[0-9a-f-]{36}$`));
      const lines = await db().select().from(posting).where(eq(posting.journalId, j.id));
      expect(lines.reduce((s, l) => s + l.amountFen, 0)).toBe(0);
    }
  });

  it("acceptance is routed by the rule book (county location → county) and recorded", async () => {
    const res = await city.post(`/funds/projects/${projectId}`, { intent: "accept", onDate: "2026-11-20", result: "passed", note: "目标完成" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId));
    const [acc] = await db().select().from(fundAcceptance).where(eq(fundAcceptance.allocationId, al.id));
    expect(acc.result).toBe("passed");
    expect(acc.body).toMatch(/工业和信息化主管部门$/);
    const audits = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entity, "fund-application"));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["file", "prereview", "first-review", "close-expert", "rank", "decide", "publicity", "approve", "score"]));
  });
});

describe("ZXZJ: goals before entry, the 500万 cap with a provincial override, one adjustment within the construction period", () => {
  let city: Client;
  let province: Client;
  let projectId: number;
  const name = "测试ZXZJ专精特新培育项目";
  beforeAll(async () => {
    city = await signedIn("industry.gy");
    province = await signedIn("industry");
    // 贵阳's 2025 transfer holds enough for this project's allocation (500万 + 1 分)
    await budgetRoomAtLeast(db(), "ZXZJ", 2025, "520100", 600 * 1_000_000);
  });

  it("refuses a library entry without performance goals; enters one with goals at once", async () => {
    const ent = await freshEnterprise("5201", 1);
    const form = projectForm("ZXZJ", ent.creditCode, name, { constructionStart: "2025-01-01", constructionEnd: "2025-11-30" });
    const bare = await city.post("/funds/projects/new", form);
    expect(bare.status).toBe(400);
    const refusal = await pageText(bare);
    expect(refusal).toContain("须设定绩效目标");
    // issue 12 item 10: the basis is ZXZJ-206 Art.13 and Art.23 (not Art.12), named by the document's title
    expect(refusal).toContain("《贵州省中小企业发展专项资金管理办法》第十三条、第二十三条");
    expect(refusal).not.toMatch(/ZXZJ-206|GXZJ-35|第十二条/);
    const res = await city.post("/funds/projects/new", { ...form, ...goals });
    expect(res.status, await res.clone().text()).toBe(302);
    const p = await projectByName(name);
    projectId = p.id;
    expect(p.libraryStatus).toBe("entered");
  });

  it("a ZXZJ action dated after the fund's term is refused with the Chinese reason, not a 500", async () => {
    const res = await city.post(`/funds/projects/${projectId}`, { intent: "file", year: "2026", supportMode: "award_in_lieu", requested: "1,000,000.00", onDate: "2026-03-02" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("实施期内");
  });

  it("goes through the chain with 2025 dates; 公示 ends on the 5th working day (国庆 skipped)", async () => {
    const step = async (c: Client, fields: Record<string, string>) => {
      const r = await c.post(`/funds/projects/${projectId}`, fields);
      expect(r.status, `${fields.intent}: ${await r.clone().text()}`).toBe(302);
    };
    await step(city, { intent: "file", year: "2025", supportMode: "award_in_lieu", requested: "5,000,000.01", onDate: "2025-03-03" });
    await step(city, { intent: "return", onDate: "2025-03-05", note: "缺财务报表" });
    await step(city, { intent: "resubmit", onDate: "2025-03-10" });
    await uploadDocuments(city, projectId);
    await step(city, { intent: "prereview", onDate: "2025-03-12" });
    await step(province, { intent: "first-review", onDate: "2025-04-01" });
    for (const u of ["expert.1", "expert.2", "expert.3"]) await step(await signedIn(u), { intent: "score", score: "80" });
    await step(province, { intent: "close-expert", onDate: "2025-05-01" });
    await step(province, { intent: "rank", onDate: "2025-06-01", rankScore: "80" });
    await step(province, { intent: "decide", onDate: "2025-09-20", ref: "中小企业局会议纪要〔2025〕7号", proposed: "5,000,000.01" });
    await step(province, { intent: "publicity", onDate: "2025-09-26" });
    expect((await appOf(projectId)).publicityEnd).toBe("2025-10-09");
    await step(province, { intent: "approve", onDate: "2025-10-10", ref: "黔工信函〔2025〕55号" });
    expect((await pageText(await city.get(`/funds/projects/${projectId}`)))).toContain("资金申请：黔工信函〔2025〕55号");
  });

  it("500万 + 1分 is refused; with a provincial written reason it passes and the reason shows wherever the figure does", async () => {
    const form = { intent: "allocate", amount: "5,000,000.01", supportMode: "award_in_lieu", level: "transfer", onDate: "2025-10-15" };
    const refused = await province.post(`/funds/projects/${projectId}`, form);
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("超过500万元上限0.01元");
    const ok = await province.post(`/funds/projects/${projectId}`, { ...form, overrideReason: "省级重点培育企业，经厅务会研究同意" });
    expect(ok.status, await ok.clone().text()).toBe(302);
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId));
    expect(al.amountFen).toBe(500_000_001);
    expect(al.overrideBy).toContain("industry");
    expect(al.overrideReason).toBe("省级重点培育企业，经厅务会研究同意");
    for (const url of [`/funds/projects/${projectId}`, `/funds/projects?q=${encodeURIComponent(name)}`]) {
      expect(await pageText(await city.get(url))).toContain("突破额度（省工信厅 陈处长（industry）：省级重点培育企业，经厅务会研究同意）");
    }
  });

  it("one adjustment within the construction period; a second is refused; after the period it is refused", async () => {
    const adj = (onDate: string, extra: Record<string, string> = {}) => city.post(`/funds/projects/${projectId}`, { intent: "adjust", onDate, content: "设备型号变更", decision: "approved", ...extra });
    const first = await adj("2025-11-01");
    expect(first.status, await first.clone().text()).toBe(302);
    const second = await adj("2025-11-05");
    expect(second.status).toBe(400);
    expect(await pageText(second)).toContain("原则上只准予一次");
    const late = await adj("2025-12-05");
    expect(late.status).toBe(400);
    expect(await pageText(late)).toContain("超出建设期的调整申请不予受理");
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId));
    expect(al.adjustments).toBe(1);
    expect(await db().select().from(fundAdjustment).where(eq(fundAdjustment.allocationId, al.id))).toHaveLength(1);
  });
});

describe("objection upheld stops the project; sanctions ban the unit's new applications", () => {
  it("an upheld objection ends the application", async () => {
    const province = await signedIn("industry");
    const [app] = await db().select().from(fundApplication).where(eq(fundApplication.status, "publicity")).orderBy(fundApplication.id).limit(1);
    const pid = app.projectId;
    await province.post(`/funds/projects/${pid}`, { intent: "objection-file", onDate: app.publicityStart!, objector: "测试异议人", content: "重复申报" });
    const [o] = await db().select().from(fundObjection).where(and(eq(fundObjection.applicationId, app.id), eq(fundObjection.objector, "测试异议人")));
    expect((await province.post(`/funds/projects/${pid}`, { intent: "objection-uphold", objectionId: String(o.id), onDate: app.publicityStart!, finding: "x" })).status).toBe(400);
    await province.post(`/funds/projects/${pid}`, { intent: "objection-verify", objectionId: String(o.id), onDate: app.publicityStart! });
    const res = await province.post(`/funds/projects/${pid}`, { intent: "objection-uphold", objectionId: String(o.id), onDate: app.publicityStart!, finding: "经核实重复申报，异议成立" });
    expect(res.status, await res.clone().text()).toBe(302);
    expect((await appOf(pid)).status).toBe("objection_upheld");
  });

  it("the finance department recovers and bans (3 years); the unit's next application is refused with the reason", async () => {
    const finance = await signedIn("finance");
    const [al] = await db().select().from(fundAllocation).innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId)).where(and(eq(fundAllocation.status, "active"), eq(fundAllocation.year, 2026), like(fundProject.regionCode, "5201%"))).limit(1);
    const paidBefore = await db().select().from(fundPayment).where(eq(fundPayment.allocationId, al.fund_allocation.id));
    const res = await finance.post(`/funds/projects/${al.fund_project.id}`, { intent: "sanction", onDate: "2026-11-02", reason: "虚报投资额", ban: "on" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [ban] = await db().select().from(fundBan).where(eq(fundBan.enterpriseId, al.fund_project.enterpriseId)).orderBy(desc(fundBan.id));
    expect(ban.lastBannedDay).toBe("2029-11-01");
    const [after] = await db().select().from(fundAllocation).where(eq(fundAllocation.id, al.fund_allocation.id));
    expect(after.status).toBe("recovered");
    expect(paidBefore).toBeDefined();
    // another entered GXZJ project of the same unit cannot apply
    const city = await signedIn("industry.gy");
    const [ent] = await db().select().from(enterprise).where(eq(enterprise.id, al.fund_project.enterpriseId));
    const name = "被取消资格单位的新项目";
    expect((await city.post("/funds/projects/new", projectForm("GXZJ", ent.creditCode, name, goals))).status).toBe(302);
    const p = await projectByName(name);
    await (await signedIn("industry")).post(`/funds/projects/${p.id}`, { intent: "library-enter", onDate: "2026-11-10" });
    const refused = await city.post(`/funds/projects/${p.id}`, { intent: "file", year: "2026", supportMode: "award_in_lieu", requested: "1,000,000.00", onDate: "2026-11-20" });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("取消专项资金申报资格至 2029-11-01");
  });
});

describe("carry-over: the 2-year rule and recovery journals", () => {
  it("lists 2-year-old unallocated transfers as due; the province recovers one; a younger line is refused", async () => {
    const finance = await signedIn("finance");
    const page = await pageText(await finance.get("/funds/carry-over"));
    expect(page).toContain("应收回清单");
    const due = await db().execute(sql`select b.id from fund_budget b join fund_program p on p.id = b.program_id where p.code = 'GXZJ' and b.year = 2024 and b.level = 'transfer' and not exists (select 1 from fund_recovery r where r.budget_id = b.id) and b.amount_fen > (select coalesce(sum(a.amount_fen), 0) from fund_allocation a where a.program_id = b.program_id and a.year = 2024 and a.budget_region_code = b.region_code and a.status <> 'recovered') order by b.id limit 1`);
    const id = Number(((due as unknown as { rows?: { id: number }[] }).rows ?? (due as unknown as { id: number }[]))[0].id);
    const res = await finance.post("/funds/carry-over", { intent: "recover", budgetId: String(id), onDate: "2026-11-27" > new Date().toISOString().slice(0, 10) ? new Date().toISOString().slice(0, 10) : "2026-11-27" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [j] = await db().select().from(journal).where(eq(journal.idempotencyKey, `funds:carry-over:${id}`));
    expect(j.kind).toBe("funds.carry-over");
    const young = await db().execute(sql`select b.id from fund_budget b join fund_program p on p.id = b.program_id where p.code = 'GXZJ' and b.year = 2026 and b.level = 'transfer' order by b.id limit 1`);
    const yid = Number(((young as unknown as { rows?: { id: number }[] }).rows ?? (young as unknown as { id: number }[]))[0].id);
    const refused = await finance.post("/funds/carry-over", { intent: "recover", budgetId: String(yid), onDate: "2026-11-20" });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("未满两年");
    // a 市州 officer cannot recover
    expect((await (await signedIn("finance.gy")).post("/funds/carry-over", { intent: "recover", budgetId: String(id), onDate: "2026-11-20" })).status).toBe(400);
  });

  it("the overview, progress and chart tables render for an auditor; exports answer", async () => {
    const auditor = await signedIn("auditor");
    const page = await pageText(await auditor.get("/funds"));
    expect(page).toContain("下达与拨付（按月累计）");
    expect(page).toContain("拨付进度与时间进度");
    expect(page).toContain("单位年度额度使用");
    for (const t of ["funds-projects", "funds-progress", "funds-carry-over"]) {
      const res = await auditor.get(`/export/${t}?format=csv`);
      expect(res.status, t).toBe(200);
    }
    expect((await auditor.post("/funds/carry-over", { intent: "recover", budgetId: "1", onDate: "2026-11-20" })).status).toBe(403);
    expect((await (await signedIn("bank.a")).get("/funds")).status).toBe(403);
  });
});

void expect;
void fundExpertScore;

describe("budgets: approved and issued to a 市州 through the ledger", () => {
  it("the province approves a 2027 transfer (next year's estimate, in advance) and issues it; a 市州 officer cannot", async () => {
    const finance = await signedIn("finance");
    const res = await finance.post("/funds/budgets", { intent: "approve", programCode: "GXZJ", year: "2027", regionCode: "520300", amount: "12,345,678.90", onDate: "2026-11-02" });
    expect(res.status, await res.clone().text()).toBe(302);
    const rows = await db().execute(sql`select b.id, b.advance, b.issued_on from fund_budget b where b.year = 2027 and b.region_code = '520300'`);
    const [line] = ((rows as unknown as { rows?: { id: number; advance: boolean; issued_on: string | null }[] }).rows ?? (rows as unknown as { id: number; advance: boolean; issued_on: string | null }[]));
    expect(line.advance).toBe(true);
    expect(line.issued_on).toBeNull();
    const dup = await finance.post("/funds/budgets", { intent: "approve", programCode: "GXZJ", year: "2027", regionCode: "520300", amount: "1.00", onDate: "2026-11-02" });
    expect(dup.status).toBe(400);
    expect((await (await signedIn("finance.gy")).post("/funds/budgets", { intent: "issue", budgetId: String(line.id), onDate: "2026-11-03" })).status).toBe(400);
    expect((await finance.post("/funds/budgets", { intent: "issue", budgetId: String(line.id), onDate: "2026-11-03" })).status).toBe(302);
    const [j] = await db().select().from(journal).where(eq(journal.idempotencyKey, `funds:issue:${line.id}`));
    const lines = await db().select().from(posting).where(eq(posting.journalId, j.id));
    expect(lines.map((l) => l.amountFen).sort((a, b) => a - b)).toEqual([-1_234_567_890, 1_234_567_890]);
    expect((await finance.post("/funds/budgets", { intent: "issue", budgetId: String(line.id), onDate: "2026-11-03" })).status).toBe(400);
    // a ZXZJ budget after the fund's term: the rule book's reason, not a 500
    const late = await finance.post("/funds/budgets", { intent: "approve", programCode: "ZXZJ", year: "2026", regionCode: "520100", amount: "1,000.00", onDate: "2026-11-02" });
    expect(late.status).toBe(400);
    expect(await pageText(late)).toContain("实施期内");
    expect((await (await signedIn("finance.gy")).get("/funds/budgets")).status).toBe(200);
  });
});
