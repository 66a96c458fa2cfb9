/**
 * 绩效 双监控 through the built app (issue 6 §1-2): goals change only through an approved adjustment, as a new
 * version; monitoring records take execution from the ledger (compared here with raw sums of postings), actual
 * values with checked evidence files, the rule book's flags at their boundary, rectification tasks on the 待办 page;
 * a 市州 officer stays in its region, an auditor only reads.
 */
import { and, desc, eq, gt, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, fundAdjustment, fundAllocation, fundGoal, fundProgram, fundProject, perfEvidence, perfGoalRevision, perfMonitoring, perfRectification } from "#db/schema";
import { addDays, daysBetween, endedMonitoringPeriods, monitoringPeriod, ratioBp, type LegalDate } from "#rules";
import { formatYuan } from "~/lib/money";
import { ledgerExecution } from "~/server/perf/monitoring.server";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText, responseText } from "../support/text";

const { db } = useAppDatabase();
const TODAY = "2026-11-27" as LegalDate;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function rowsOf<T>(res: unknown): T[] {
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** Paid on an allocation by a date, as raw sums of postings (independent of the app's query). */
async function postingsPaid(allocationId: number, asOf: string): Promise<number> {
  const rows = rowsOf<{ paid: string }>(
    await db().execute(sql`select coalesce(sum(p.amount_fen), 0)::text as paid from posting p
      join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id
      where a.code like 'funds:paid:%' and j.value_date <= ${asOf}
        and (j.id in (select journal_id from fund_payment where allocation_id = ${allocationId}) or j.id in (select journal_id from fund_recovery where allocation_id = ${allocationId}))`),
  );
  return Number(rows[0].paid);
}

function monitor(client: Client, projectId: number, period: string, actuals: string[], files: (File | null)[]) {
  const body = new FormData();
  body.set("csrf", client.csrf());
  body.set("intent", "monitor");
  body.set("period", period);
  actuals.forEach((a, i) => body.set(`actual[${i}]`, a));
  files.forEach((f, i) => f && body.set(`evidence${i}`, f));
  return client.request(`/funds/projects/${projectId}/monitoring`, { method: "POST", body });
}

/** The section of the monitoring page about one period's record. */
function section(html: string, period: string): string {
  const start = html.indexOf(`<h3>${period}（监控时点`);
  expect(start, `record ${period} on the page`).toBeGreaterThan(0);
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
}

describe("demo data: monitoring consistent with the ledger", () => {
  it("every record's execution equals the sums of postings at its date, and the page shows those figures", async () => {
    const records = await db().select().from(perfMonitoring);
    expect(records.length).toBeGreaterThan(100);
    // one query: for every record, the raw sum of postings of its allocation's journals on the "paid" accounts by its date
    const sums = rowsOf<{ id: number; paid: string }>(
      await db().execute(sql`select m.id, coalesce((select sum(p.amount_fen) from posting p
          join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id
          where a.code like 'funds:paid:%' and j.value_date <= m.as_of
            and (j.id in (select journal_id from fund_payment where allocation_id = m.allocation_id) or j.id in (select journal_id from fund_recovery where allocation_id = m.allocation_id))), 0)::text as paid
        from perf_monitoring m`),
    );
    const paidOf = new Map(sums.map((x) => [Number(x.id), Number(x.paid)]));
    expect(paidOf.size).toBe(records.length);
    for (const r of records) {
      const paid = paidOf.get(r.id)!;
      expect(r.paidFen, `record ${r.id}`).toBe(paid);
      expect(r.executionBp).toBe(ratioBp(paid as never, r.allocatedFen as never));
    }
    expect(records.filter((r) => r.paidFen > 0 && r.paidFen < r.allocatedFen).length).toBeGreaterThan(0);
    // the app's own reading of the ledger agrees, and lists the journals it came from
    const sample = records.find((r) => r.paidFen > 0)!;
    const ledger = await ledgerExecution(db(), sample.allocationId, sample.asOf);
    expect(ledger.paidFen).toBe(sample.paidFen);
    expect(ledger.entries.reduce((s, e) => s + e.amountFen, 0)).toBe(sample.paidFen);
    const page = await pageText(await (await signedIn("finance")).get(`/funds/projects/${sample.projectId}/monitoring`));
    expect(section(page, sample.period)).toContain(formatYuan(sample.paidFen));
    for (const e of ledger.entries) expect(page).toContain(`#${e.journalId}`);
  });

  it("some projects are on track, some flagged with rectification tasks, one task overdue; one goal change by adjustment", async () => {
    const records = await db().select().from(perfMonitoring);
    expect(records.filter((r) => !r.flagged).length).toBeGreaterThan(20);
    expect(records.filter((r) => r.flagged).length).toBeGreaterThan(10);
    const tasks = await db().select().from(perfRectification);
    expect(tasks.length).toBe(records.filter((r) => r.flagged).length);
    expect(tasks.filter((t) => t.status === "done").length).toBeGreaterThan(0);
    expect(tasks.filter((t) => t.status === "open" && t.dueOn >= TODAY).length).toBeGreaterThan(0);
    const overdue = tasks.filter((t) => t.status === "open" && t.dueOn < TODAY);
    expect(overdue).toHaveLength(1);
    // each due date is the rule's: 30 days from the day the deviation was recorded
    for (const t of tasks) {
      const [r] = records.filter((x) => x.id === t.monitoringId);
      expect(t.dueOn).toBe(addDays(r.recordedOn as LegalDate, 30));
    }
    const revisions = await db().select().from(perfGoalRevision);
    expect(revisions).toHaveLength(1);
    const [adj] = await db().select().from(fundAdjustment).where(eq(fundAdjustment.id, revisions[0].adjustmentId));
    expect(adj.status).toBe("approved");
    // the 待办 page of the 贵阳 officer shows the overdue task first
    const [task] = overdue;
    const [project] = await db().select().from(fundProject).where(eq(fundProject.id, task.projectId));
    expect(project.regionCode.startsWith("5201")).toBe(true);
    const todo = await pageText(await (await signedIn("industry.gy")).get("/todo"));
    expect(todo).toContain(`${project.name} 2026H1 双监控偏差整改`);
    expect(todo).toContain("双监控偏差整改");
    const other = await pageText(await (await signedIn("finance.zy")).get("/todo"));
    expect(other).not.toContain(project.name);
  });
});

describe("goals, monitoring and rectification end to end", () => {
  let industry: Client;
  let officer: Client;
  let projectId: number;
  let allocationId: number;
  let decidedOn: LegalDate;
  let constructionEnd: LegalDate;
  let periods: string[];
  beforeAll(async () => {
    industry = await signedIn("industry");
    officer = await signedIn("industry.gy");
    // a 贵阳 GXZJ project, allocated in 2024, not adjusted yet, with two unrecorded half-years before 2025H2
    const candidates = await db()
      .select({ p: fundProject, al: fundAllocation })
      .from(fundAllocation)
      .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
      .innerJoin(fundProgram, eq(fundProgram.id, fundAllocation.programId))
      .where(and(eq(fundProgram.code, "GXZJ"), eq(fundAllocation.status, "active"), eq(fundAllocation.adjustments, 0), like(fundProject.regionCode, "5201%"), sql`${fundAllocation.decidedOn} < '2024-12-01'`, sql`${fundProject.constructionEnd} > '2025-07-01'`))
      .orderBy(fundAllocation.id);
    // both periods must leave room below the boundary (time elapsed above the 10-point tolerance)
    const room = (c: (typeof candidates)[number], end: string) => daysBetween(c.al.decidedOn as LegalDate, end as LegalDate) * 10_000 - 1_000 * daysBetween(c.al.decidedOn as LegalDate, c.p.constructionEnd as LegalDate);
    const pick = candidates.find((c) => {
      const open = endedMonitoringPeriods(c.al.decidedOn as LegalDate, TODAY).filter((p) => p.label < "2025H2");
      return open.length >= 2 && open.slice(0, 2).every((p) => room(c, p.end) > 1);
    });
    expect(pick, "a 贵阳 GXZJ allocation of 2024").toBeTruthy();
    projectId = pick!.p.id;
    allocationId = pick!.al.id;
    decidedOn = pick!.al.decidedOn as LegalDate;
    constructionEnd = pick!.p.constructionEnd as LegalDate;
    periods = endedMonitoringPeriods(decidedOn, TODAY).filter((p) => p.label < "2025H2").slice(0, 2).map((p) => p.label).reverse();
  });

  /** One goal whose target makes the boundary actual an integer: target = T·10000 (T = days of the window). */
  const target = () => String(daysBetween(decidedOn, constructionEnd) * 10_000);
  /** The largest actual that the rule does not flag: attainment = time elapsed − 10 points exactly. */
  const boundary = (period: string) => daysBetween(decidedOn, monitoringPeriod(period).end) * 10_000 - 1_000 * daysBetween(decidedOn, constructionEnd);

  it("a goal change rides on an approved adjustment and becomes version 2; version 1 stays", async () => {
    const before = await db().select().from(fundGoal).where(eq(fundGoal.projectId, projectId));
    const res = await industry.post(`/funds/projects/${projectId}/monitoring`, {
      intent: "adjust-goals",
      onDate: decidedOn,
      content: "建设内容调整，绩效指标合并为新增产值",
      decision: "approved",
      "goalName[0]": "新增产值（测试）",
      "goalUnit[0]": "元",
      "goalTarget[0]": target(),
      "goalDirection[0]": "higher",
      "goalWeight[0]": "100",
    });
    expect(res.status, await res.clone().text()).toBe(302);
    const [rev] = await db().select().from(perfGoalRevision).where(eq(perfGoalRevision.projectId, projectId));
    expect(rev.version).toBe(2);
    expect(rev.goals).toEqual([{ name: "新增产值（测试）", unit: "元", target: target(), direction: "higher", weight: 100 }]);
    const [adj] = await db().select().from(fundAdjustment).where(eq(fundAdjustment.id, rev.adjustmentId));
    expect(adj.allocationId).toBe(allocationId);
    expect(await db().select().from(fundGoal).where(eq(fundGoal.projectId, projectId))).toEqual(before);
    const page = await pageText(await officer.get(`/funds/projects/${projectId}/monitoring`));
    expect(page).toContain("现行第 2 版");
    expect(page).toContain("共 2 版");
    expect(page).toContain(before[0].name);
  });

  it("goal versions and monitoring records are append-only in the database itself", async () => {
    const [rev] = await db().select().from(perfGoalRevision).where(eq(perfGoalRevision.projectId, projectId));
    await expect(db().update(perfGoalRevision).set({ reason: "改写" }).where(eq(perfGoalRevision.id, rev.id))).rejects.toThrow();
    await expect(db().delete(perfGoalRevision).where(eq(perfGoalRevision.id, rev.id))).rejects.toThrow();
    const [rec] = await db().select().from(perfMonitoring).limit(1);
    await expect(db().update(perfMonitoring).set({ paidFen: 0 }).where(eq(perfMonitoring.id, rec.id))).rejects.toThrow();
    await expect(db().delete(perfEvidence).where(eq(perfEvidence.monitoringId, rec.id))).rejects.toThrow();
  });

  it("weights must sum to 100: the form comes back with the error and nothing changes", async () => {
    const res = await industry.post(`/funds/projects/${projectId}/monitoring`, { intent: "adjust-goals", onDate: decidedOn, content: "再次调整", decision: "approved", "goalName[0]": "产值", "goalUnit[0]": "万元", "goalTarget[0]": "10", "goalWeight[0]": "90" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("权重合计应为 100");
    expect(await db().select().from(perfGoalRevision).where(eq(perfGoalRevision.projectId, projectId))).toHaveLength(1);
  });

  it("evidence is checked by size and content; a bad file records nothing", async () => {
    const [p] = periods;
    const cases: [File | null, string][] = [
      [null, "请上传"],
      [new File([new TextEncoder().encode("MZ not a pdf")], "产值.pdf"), "不是有效的 PDF"],
      [new File([new Uint8Array([0x4d, 0x5a, 1, 2])], "tool.exe"), "只接受"],
      [new File([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25)], "大.pdf"), "超过 10 MB"],
    ];
    for (const [file, message] of cases) {
      const res = await monitor(officer, projectId, p, [String(boundary(p))], [file]);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    const bad = await monitor(officer, projectId, p, ["abc"], [new File([PDF], "产值.pdf")]);
    expect(await bad.text()).toContain("实际值应为非负数字");
    expect(await db().select().from(perfMonitoring).where(eq(perfMonitoring.allocationId, allocationId)).then((r) => r.filter((x) => x.period === p))).toHaveLength(0);
  });

  it("at the boundary (attainment = time elapsed − 10 points) no goal flag; one unit less is flagged with a rectification task", async () => {
    const [p1, p2] = periods;
    const ok = await monitor(officer, projectId, p1, [String(boundary(p1))], [new File([PDF], "产值统计表.pdf")]);
    expect(ok.status, await ok.clone().text()).toBe(302);
    expect(boundary(p2)).toBeGreaterThan(0);
    const low = await monitor(officer, projectId, p2, [String(boundary(p2) - 1)], [new File([PDF], "产值统计表.pdf")]);
    expect(low.status, await low.clone().text()).toBe(302);
    const page = await pageText(await officer.get(`/funds/projects/${projectId}/monitoring`));
    expect(section(page, p1)).not.toContain("目标完成偏差");
    expect(section(page, p2)).toContain("目标完成偏差");
    expect(section(page, p2)).toContain("整改任务");
    expect(section(page, p2)).toContain("第二十七条");
    const records = await db().select().from(perfMonitoring).where(eq(perfMonitoring.allocationId, allocationId));
    const r1 = records.find((r) => r.period === p1)!;
    const r2 = records.find((r) => r.period === p2)!;
    expect(r1.goalFlag).toBe(false);
    expect(r2.goalFlag).toBe(true);
    expect(r1.goalVersion).toBe(2);
    // execution from the ledger at each period end
    expect(r1.paidFen).toBe(await postingsPaid(allocationId, monitoringPeriod(p1).end));
    expect(r2.paidFen).toBe(await postingsPaid(allocationId, monitoringPeriod(p2).end));
    const [ev] = await db().select().from(perfEvidence).where(eq(perfEvidence.monitoringId, r1.id));
    expect(ev.mimeType).toBe("application/pdf");
    const file = await officer.get(`/perf/monitoring/evidence/${ev.id}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    const [task] = await db().select().from(perfRectification).where(eq(perfRectification.monitoringId, r2.id));
    expect(task.dueOn).toBe(addDays(TODAY, 30));
    expect(task.status).toBe("open");
    // the same period twice is refused
    const again = await monitor(officer, projectId, p1, [String(boundary(p1))], [new File([PDF], "产值统计表.pdf")]);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("已有监控记录");
    // on the officer's 待办
    expect(await pageText(await officer.get("/todo"))).toContain(`${p2} 双监控偏差整改`);
  });

  it("the rectification's completion is recorded (and audited, like every write of this flow)", async () => {
    const since = (await db().select({ m: sql<number>`coalesce(max(${auditLog.id}), 0)::int` }).from(auditLog))[0].m;
    const [task] = await db().select().from(perfRectification).where(and(eq(perfRectification.projectId, projectId), eq(perfRectification.status, "open")));
    const res = await officer.post(`/funds/projects/${projectId}/monitoring`, { intent: "rectify", rectificationId: String(task.id), onDate: TODAY, note: "已督促项目单位补报产值并调整生产计划" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [done] = await db().select().from(perfRectification).where(eq(perfRectification.id, task.id));
    expect(done.status).toBe("done");
    expect(done.completedOn).toBe(TODAY);
    const audit = await db().select().from(auditLog).where(gt(auditLog.id, since));
    expect(audit.map((a) => a.action)).toContain("rectify");
    const all = await db().select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.entity} like 'perf-%'`);
    for (const a of ["revise-goals", "monitor", "raise", "rectify"]) expect(all.map((x) => x.action)).toContain(a);
    expect(await pageText(await officer.get("/todo"))).not.toContain(`${periods[1]} 双监控偏差整改`);
  });
});

describe("scope and roles", () => {
  let zunyi: { projectId: number; evidenceId: number; name: string };
  beforeAll(async () => {
    const [r] = await db()
      .select({ projectId: perfMonitoring.projectId, evidenceId: perfEvidence.id, name: fundProject.name })
      .from(perfMonitoring)
      .innerJoin(perfEvidence, eq(perfEvidence.monitoringId, perfMonitoring.id))
      .innerJoin(fundProject, eq(fundProject.id, perfMonitoring.projectId))
      .where(like(perfMonitoring.regionCode, "5203%"))
      .orderBy(desc(perfMonitoring.id))
      .limit(1);
    zunyi = r;
  });

  it("a 贵阳 officer cannot see or act on a 遵义 project's monitoring, nor download its evidence", async () => {
    const officer = await signedIn("industry.gy");
    expect((await officer.get(`/funds/projects/${zunyi.projectId}/monitoring`)).status).toBe(404);
    expect((await officer.get(`/perf/monitoring/evidence/${zunyi.evidenceId}`)).status).toBe(404);
    const before = await db().select().from(perfMonitoring).where(eq(perfMonitoring.projectId, zunyi.projectId));
    const res = await monitor(officer, zunyi.projectId, "2025H1", ["1", "1", "1"], [new File([PDF], "a.pdf"), new File([PDF], "b.pdf"), new File([PDF], "c.pdf")]);
    expect(res.status).toBe(404);
    expect(await db().select().from(perfMonitoring).where(eq(perfMonitoring.projectId, zunyi.projectId))).toHaveLength(before.length);
    const list = await pageText(await officer.get("/perf/monitoring?flag=flagged"));
    expect(list).not.toContain(zunyi.name);
    const xlsx = await responseText(await officer.get("/export/perf-monitoring?format=xlsx"));
    expect(xlsx).not.toContain(zunyi.name);
    expect(xlsx).toContain("贵阳");
  });

  it("an auditor reads everything and can write nothing", async () => {
    const auditor = await signedIn("auditor");
    const page = await auditor.get(`/funds/projects/${zunyi.projectId}/monitoring`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("提交监控记录");
    const before = (await db().select().from(perfMonitoring)).length;
    const res = await monitor(auditor, zunyi.projectId, "2025H1", ["1", "1", "1"], [new File([PDF], "a.pdf"), new File([PDF], "b.pdf"), new File([PDF], "c.pdf")]);
    expect(res.status).toBe(403);
    const [task] = await db().select().from(perfRectification).where(eq(perfRectification.status, "open")).limit(1);
    const rectify = await auditor.post(`/funds/projects/${task.projectId}/monitoring`, { intent: "rectify", rectificationId: String(task.id), onDate: TODAY, note: "审计不应能记录" });
    expect(rectify.status).toBe(403);
    expect((await db().select().from(perfMonitoring)).length).toBe(before);
    expect((await db().select().from(perfRectification).where(eq(perfRectification.id, task.id)))[0].status).toBe("open");
    expect((await auditor.get(`/perf/monitoring/evidence/${zunyi.evidenceId}`)).status).toBe(200);
  });
});

describe("the list and the chart", () => {
  it("filters and pages in SQL; the export carries the same rows", async () => {
    const finance = await signedIn("finance");
    const flagged = await db().select().from(perfMonitoring).where(and(eq(perfMonitoring.flagged, true), eq(perfMonitoring.period, "2026H1")));
    const page = await pageText(await finance.get("/perf/monitoring?flag=flagged&period=2026H1&sort=project&dir=asc"));
    expect(page).toContain(`共 ${flagged.length} 条`);
    const ok = await pageText(await finance.get("/perf/monitoring?flag=overdue"));
    const [overdue] = await db().select({ name: fundProject.name }).from(perfRectification).innerJoin(fundProject, eq(fundProject.id, perfRectification.projectId)).where(and(eq(perfRectification.status, "open"), sql`${perfRectification.dueOn} < ${TODAY}`));
    expect(ok).toContain(overdue.name);
    const xlsx = await responseText(await finance.get("/export/perf-monitoring?format=xlsx&flag=flagged&period=2026H1"));
    for (const r of flagged.slice(0, 5)) {
      const [p] = await db().select({ name: fundProject.name }).from(fundProject).where(eq(fundProject.id, r.projectId));
      expect(xlsx).toContain(p.name);
    }
  });

  it("the chart page has its data table with the deviation line, and its export", async () => {
    const finance = await signedIn("finance");
    const html = await pageText(await finance.get("/perf/monitoring/chart?period=2026H1&region=520100"));
    expect(html).toContain("偏差线");
    const rows = await db().select().from(perfMonitoring).where(and(eq(perfMonitoring.period, "2026H1"), like(perfMonitoring.regionCode, "5201%")));
    expect(rows.length).toBeGreaterThan(0);
    const [p] = await db().select({ name: fundProject.name }).from(fundProject).where(eq(fundProject.id, rows[0].projectId));
    expect(html).toContain(p.name);
    const xlsx = await responseText(await finance.get("/export/perf-monitoring-chart?format=xlsx&period=2026H1&region=520100"));
    expect(xlsx).toContain(p.name);
    expect(xlsx).toContain("执行偏差线");
  });
});
