/**
 * 绩效评价 end to end through the built app (issue 6 item 3-4): the 市县 officer files the unit's self-evaluation with
 * its evidence (checked like claim materials) → 省财政厅 spot-checks it → the auditor records the key evaluation (grade
 * from the rule book, D-10 band edges through the page) → finance publishes → the public page shows score and grade
 * but no confidential field; the results-application decision follows the rule and is carried into the next year's
 * allocation (cancel / recover must be acknowledged). Region isolation; the auditor's only write here is the key
 * evaluation.
 */
import { and, desc, eq, gt, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, fundAllocation, fundApplication, fundProject, perfEvaluation, perfResultsDecision } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { Client, signedIn } from "../support/app";
import { pageText, responseText } from "../support/text";

const { db } = useAppDatabase();

/** Projects of the region (GXZJ unless asked) with an allocation of the year and no key evaluation (nor self, if asked) of it. */
async function candidates(prefix: string, years: number[], noSelf: boolean, gxzjOnly = true) {
  return db()
    .select({ id: fundProject.id, name: fundProject.name, enterpriseId: fundProject.enterpriseId, programId: fundProject.programId, year: fundAllocation.year })
    .from(fundProject)
    .innerJoin(fundAllocation, eq(fundAllocation.projectId, fundProject.id))
    .where(
      and(
        like(fundProject.regionCode, `${prefix}%`),
        sql`${fundAllocation.year} in (${sql.join(years.map((y) => sql`${y}`), sql`, `)})`,
        gxzjOnly ? sql`${fundProject.programId} = (select id from fund_program where code = 'GXZJ')` : undefined,
        sql`not exists (select 1 from perf_evaluation e where e.project_id = ${fundProject.id} and e.year = ${fundAllocation.year} and (e.kind = 'key' ${noSelf ? sql`or true` : sql``}))`,
      ),
    )
    .orderBy(desc(fundAllocation.year), fundProject.id);
}
type Candidate = Awaited<ReturnType<typeof candidates>>[number];

/** Picked once, before any test writes: the flow's project, four for the band edges, one for the poor grade. */
let flow: Candidate;
let edges: Candidate[];
let poorPick: Candidate;
beforeAll(async () => {
  [flow] = await candidates("5201", [2025, 2024], true, false);
  expect(flow, "a 贵阳 project without evaluations").toBeTruthy();
  const gy = (await candidates("5201", [2025, 2024], false)).filter((c) => c.id !== flow.id);
  expect(gy.length, "贵阳 GXZJ projects without a key evaluation").toBeGreaterThanOrEqual(1);
  poorPick = gy[0];
  edges = (await candidates("52", [2025, 2024], false, false)).filter((c) => c.id !== flow.id && c.id !== poorPick.id).slice(0, 4);
  expect(edges).toHaveLength(4);
});

function multipart(client: Client, url: string, fields: Record<string, string>, file?: File) {
  const body = new FormData();
  body.set("csrf", client.csrf());
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("file", file);
  return client.request(url, { method: "POST", body });
}

const PDF = (text: string) => new File([new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF`)], "自评报告.pdf", { type: "application/pdf" });

describe("evaluation flow: self → spot-check → key → publish → public", () => {
  let city: Client;
  let finance: Client;
  let auditor: Client;
  let project: Candidate;
  let Y: string;
  let url: string;
  beforeAll(async () => {
    city = await signedIn("industry.gy");
    finance = await signedIn("finance");
    auditor = await signedIn("auditor");
    project = flow;
    Y = String(flow.year);
    url = `/funds/projects/${project.id}/evaluation`;
  });

  it("the project page links to its evaluation page", async () => {
    expect(await pageText(await finance.get(`/funds/projects/${project.id}`))).toContain(`/funds/projects/${project.id}/evaluation`);
  });

  it("the 市县 officer files the self-evaluation; a file that is not what it says is refused with the form kept", async () => {
    const fields = { intent: "self", year: Y, score: "92.5", onDate: "2026-03-20", note: "自评摘要：产值目标完成（保密的自评摘要）" };
    const bad = await multipart(city, url, fields, new File([new TextEncoder().encode("not a pdf")], "自评报告.pdf"));
    expect(bad.status).toBe(400);
    const badText = await pageText(bad);
    expect(badText).toContain("文件内容不是有效的 PDF 文件");
    expect(badText).toContain("保密的自评摘要");
    expect((await multipart(city, url, fields)).status).toBe(400);
    const ok = await multipart(city, url, fields, PDF("自评报告正文（保密佐证）"));
    expect(ok.status, await ok.clone().text()).toBe(302);
    const [self] = await db().select().from(perfEvaluation).where(and(eq(perfEvaluation.projectId, project.id), eq(perfEvaluation.kind, "self")));
    expect(self.scoreCenti).toBe(9250);
    expect(self.grade).toBe("优");
    expect(self.evidenceMime).toBe("application/pdf");
    // the evidence comes back to users in scope, not to another 市州
    const ev = await city.get(`/perf/evaluations/${self.id}/evidence`);
    expect(ev.status).toBe(200);
    expect(await ev.text()).toContain("自评报告正文（保密佐证）");
    expect((await (await signedIn("finance.zy")).get(`/perf/evaluations/${self.id}/evidence`)).status).toBe(404);
  });

  it("another 市州's officer can neither see nor file; the province cannot file a self-evaluation", async () => {
    const zy = await signedIn("finance.zy");
    expect((await zy.get(url)).status).toBe(404);
    const res = await multipart(zy, url, { intent: "self", year: Y, score: "80", onDate: "2026-03-20", note: "越权" }, PDF("x"));
    expect(res.status).toBe(404);
    const province = await multipart(finance, url, { intent: "self", year: Y, score: "80", onDate: "2026-03-21", note: "省级代填" }, PDF("x"));
    expect(province.status).toBe(400);
    expect(await pageText(province)).toContain("单位自评由项目所在市县主管部门报送");
  });

  it("finance spot-checks the self-evaluation with its own score and a note of the deviation", async () => {
    const res = await finance.post(url, { intent: "spot-check", year: Y, score: "84", onDate: "2026-04-20", note: "抽查核减：产值佐证不足（保密抽查意见）" });
    expect(res.status, await res.clone().text()).toBe(302);
    const text = await pageText(await finance.get(url));
    expect(text).toContain("与自评偏差 -8.50 分");
    // a 市州 finance officer cannot spot-check (province only), and there is one spot-check per self-evaluation
    expect((await finance.post(url, { intent: "spot-check", year: Y, score: "80", onDate: "2026-04-21", note: "再次抽查" })).status).toBe(400);
  });

  it("the auditor records the key evaluation: 89.5 is 良 (D-10 from the rule book), with findings", async () => {
    const res = await auditor.post(url, { intent: "key", year: Y, score: "89.5", onDate: "2026-06-15", findings: "重点评价发现：设备采购超预算（保密评价发现）" });
    expect(res.status, await res.clone().text()).toBe(302);
    const text = await pageText(await auditor.get(url));
    expect(text).toMatch(/重点评价<\/td><td class="num">89\.50<\/td><td>良<\/td>/);
    expect(text).toContain("D-10");
    const [log] = await db().select().from(auditLog).where(and(eq(auditLog.action, "key-evaluate"), like(auditLog.actorName, "%（auditor）"))).orderBy(desc(auditLog.id)).limit(1);
    expect((log.after as { grade: string }).grade).toBe("良");
  });

  it("90 is 优 and 59.99 is 差 at the band edges, through the page", async () => {
    for (const [score, grade, n] of [["90", "优", 0], ["59.99", "差", 1], ["60", "中", 2]] as const) {
      const p = edges[n];
      const res = await finance.post(`/funds/projects/${p.id}/evaluation`, { intent: "key", year: String(p.year), score, onDate: "2026-06-16", findings: "边界评分测试" });
      expect(res.status, await res.clone().text()).toBe(302);
      const [row] = await db().select().from(perfEvaluation).where(and(eq(perfEvaluation.projectId, p.id), eq(perfEvaluation.kind, "key")));
      expect(row.grade, score).toBe(grade);
      expect(await pageText(await finance.get(`/funds/projects/${p.id}/evaluation`))).toContain(`<td>${grade}</td>`);
    }
    const bad = await finance.post(`/funds/projects/${edges[3].id}/evaluation`, { intent: "key", year: String(edges[3].year), score: "100.5", onDate: "2026-06-16", findings: "超出范围" });
    expect(bad.status).toBe(400);
    expect(await pageText(bad)).toContain("评分应为 0–100");
  });

  it("the auditor can record a key evaluation and nothing else here", async () => {
    for (const fields of <Record<string, string>[]>[
      { intent: "spot-check", year: Y, score: "80", onDate: "2026-06-20", note: "审计抽查" },
      { intent: "publish", year: Y, onDate: "2026-06-20" },
      { intent: "decide", year: Y, action: "priority", onDate: "2026-08-01", basis: "审计决定" },
      { intent: "self", year: Y, score: "80", onDate: "2026-06-20", note: "审计自评" },
    ]) {
      expect((await auditor.post(url, fields)).status, fields.intent).toBe(403);
    }
    expect((await auditor.post(`/funds/projects/${project.id}`, { intent: "allocate", amount: "1.00", supportMode: "award_in_lieu", level: "transfer", onDate: "2026-11-20" })).status).toBe(403);
    expect((await auditor.post("/funds/carry-over", { intent: "recover", budgetId: "1", onDate: "2026-11-20" })).status).toBe(403);
  });

  it("finance publishes; the public page shows score and grade without sign-in and no confidential field", async () => {
    const anon = new Client();
    const section = (html: string) => html.slice(html.indexOf('id="performance"'), html.indexOf('id="complaints"'));
    expect(section(await pageText(await anon.get("/disclosure/funds")))).not.toContain(project.name);
    const res = await finance.post(url, { intent: "publish", year: Y, onDate: "2026-07-15" });
    expect(res.status, await res.clone().text()).toBe(302);
    const text = await pageText(await anon.get("/disclosure/funds"));
    const data = await responseText(await anon.get("/disclosure/funds.data"));
    expect(text).toContain("绩效评价结果（重点评价）");
    const row = section(text).split("<tr>").find((r) => r.includes(project.name));
    expect(row, "published row").toBeTruthy();
    expect(row).toContain("<td>良</td>");
    for (const secret of ["保密的自评摘要", "保密佐证", "保密抽查意见", "保密评价发现", "自评报告.pdf", "auditor"]) {
      expect(text, secret).not.toContain(secret);
      expect(data, secret).not.toContain(secret);
    }
  });
});

describe("results application carried into the next year's allocation", () => {
  let finance: Client;
  let province: Client;
  let poor: Candidate;
  beforeAll(async () => {
    finance = await signedIn("finance");
    province = await signedIn("industry");
    poor = poorPick;
    const res = await finance.post(`/funds/projects/${poor.id}/evaluation`, { intent: "key", year: String(poor.year), score: "45", onDate: "2026-06-18", findings: "低效：主要产出未完成" });
    expect(res.status, await res.clone().text()).toBe(302);
  });

  it("the decision must be one the rule allows for the grade (差 → cut or cancel, SZH-25 三（三）)", async () => {
    const url = `/funds/projects/${poor.id}/evaluation`;
    const page = await pageText(await finance.get(url));
    expect(page).toContain("资金一律削减或取消");
    const wrong = await finance.post(url, { intent: "decide", year: String(poor.year), action: "priority", onDate: "2026-08-10", basis: "试图优先保障" });
    expect(wrong.status).toBe(400);
    expect(await pageText(wrong)).toContain("应选择：削减资金或取消资金");
    const city = await signedIn("industry.gy");
    expect((await city.post(url, { intent: "decide", year: String(poor.year), action: "cancel", onDate: "2026-08-10", basis: "市县决定" })).status).toBe(400);
    const ok = await finance.post(url, { intent: "decide", year: String(poor.year), action: "cancel", onDate: "2026-08-10", basis: "重点评价45分「差」，低效项目取消支持" });
    expect(ok.status, await ok.clone().text()).toBe(302);
    const [d] = await db().select().from(perfResultsDecision).where(eq(perfResultsDecision.projectId, poor.id));
    expect(d.action).toBe("cancel");
  });

  it("the next year's allocation for the same unit and program shows the decision and requires an acknowledgement", async () => {
    // the unit's new project, approved for 2026 (the review chain itself is covered by funds-chain.test.ts)
    const [src] = await db().select().from(fundProject).where(eq(fundProject.id, poor.id));
    const { id: _id, createdAt: _c, ...copy } = src;
    const [np] = await db().insert(fundProject).values({ ...copy, name: `${src.name}（二期）` }).returning();
    const [srcApp] = await db().select().from(fundApplication).where(eq(fundApplication.projectId, poor.id));
    await db().insert(fundApplication).values({ projectId: np.id, programId: np.programId, year: poor.year + 1, status: "approved", supportMode: srcApp.supportMode, requestedFen: 10_000_000, proposedFen: 10_000_000, filedOn: "2026-09-01", documents: [], approvalRef: "黔财工〔2026〕99号", approvedOn: "2026-11-02" });
    const url = `/funds/projects/${np.id}`;
    const page = await pageText(await province.get(url));
    expect(page).toContain(`上年度绩效结果应用（${poor.year} 年度`);
    expect(page).toContain("决定「取消资金」");
    expect(page).toContain("低效项目取消支持");
    expect(page).toContain('name="acknowledgePriorDecision"');
    const fields = { intent: "allocate", amount: "100,000.00", supportMode: srcApp.supportMode, level: "transfer", onDate: "2026-11-20" };
    const refused = await province.post(url, fields);
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("确需安排须勾选确认已知悉");
    expect(await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, np.id))).toHaveLength(0);
    const [{ last }] = await db().select({ last: sql<number>`coalesce(max(${auditLog.id}), 0)::int` }).from(auditLog);
    const ok = await province.post(url, { ...fields, acknowledgePriorDecision: "on" });
    expect(ok.status, await ok.clone().text()).toBe(302);
    const [log] = await db().select().from(auditLog).where(and(gt(auditLog.id, last), eq(auditLog.action, "allocate")));
    expect((log.after as { priorDecision: { action: string; acknowledged: boolean } }).priorDecision).toMatchObject({ action: "cancel", acknowledged: true });
  });

  it("a priority decision is shown but needs no acknowledgement", async () => {
    const [good] = await db().select().from(perfResultsDecision).where(eq(perfResultsDecision.action, "priority")).limit(1);
    expect(good).toBeTruthy();
    const [src] = await db().select().from(fundProject).where(eq(fundProject.id, good.projectId));
    const { id: _id, createdAt: _c, ...copy } = src;
    const [np] = await db().insert(fundProject).values({ ...copy, name: `${src.name}（续建）` }).returning();
    await db().insert(fundApplication).values({ projectId: np.id, programId: np.programId, year: good.year + 1, status: "approved", supportMode: "award_in_lieu", requestedFen: 10_000_000, proposedFen: 10_000_000, filedOn: "2026-09-01", documents: [], approvalRef: "黔财工〔2026〕98号", approvedOn: "2026-11-02" });
    const page = await pageText(await province.get(`/funds/projects/${np.id}`));
    expect(page).toContain("决定「优先保障」");
    expect(page).not.toContain('name="acknowledgePriorDecision"');
  });
});

describe("evaluation list", () => {
  it("lists in scope with filters and export; the 贵阳 officer sees no other 市州's evaluations", async () => {
    const finance = await signedIn("finance");
    const all = await pageText(await finance.get("/perf/evaluations?kind=key&grade=差"));
    expect(all).toContain("六盘水");
    const gy = await signedIn("finance.gy");
    for (const u of ["/perf/evaluations", "/perf/evaluations?grade=差", "/export/perf-evaluations?format=csv"]) {
      const text = await responseText(await gy.get(u));
      expect(text).not.toContain("六盘水");
      expect(text).not.toContain("遵义");
    }
    expect(await responseText(await gy.get("/export/perf-evaluations?format=csv"))).toContain("贵阳");
  });
});
