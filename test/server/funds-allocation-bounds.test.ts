/**
 * Issue 12 item 5: an allocation stays within the amount requested, the 拟支持金额 the collective decision fixed (the
 * decide step records it, at most the request) and the 公示 published, and what the program's budget and the budget line
 * it is paid from still hold. Each refusal in Chinese with its basis, nothing stored; both sides of each bound.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, enterprise, fundAllocation, fundApplication, fundBudget, fundProgram, fundProject } from "#db/schema";
import type { Actor } from "#db/audit";
import { rowsOf } from "#db/client";
import { creditCodeCheckChar } from "#rules";
import type { Tx } from "~/server/db.server";
import { allocate, reviewStep } from "~/server/funds/workflow.server";
import { useAppDatabase } from "../setup/db";
import { actorOf, attempt as attemptIn, refusal } from "../support/service";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();
const actor = (username: string) => actorOf(db(), username);
const attempt = (fn: (tx: Tx) => Promise<unknown>) => attemptIn(db(), fn);
const WAN = 1_000_000;
const ALL = { kind: "all" } as const;



/** A fresh unit of 安顺 (5204) with a GXZJ 2026 project whose application is at `status`, requesting `requestedFen`. */
async function application(status: "ranked" | "approved", requestedFen: number, proposedFen: number | null, skip: number) {
  // a unit of its own (no allocation, so the caps of 第十条 stay out of the way), modelled on a 安顺 county enterprise
  const [model] = await db().select().from(enterprise).where(sql`${enterprise.regionCode} like '5204%' and ${enterprise.regionCode} <> '520400'`).orderBy(enterprise.id).limit(1);
  const first17 = `9152040200000${String(1000 + skip)}`;
  const { id: _id, createdAt: _at, ...fields } = model;
  const [ent] = await db().insert(enterprise).values({ ...fields, creditCode: `${first17}${creditCodeCheckChar(first17)}`, name: `金额上限测试企业${skip}有限公司` }).returning();
  const [program] = await db().select().from(fundProgram).where(eq(fundProgram.code, "GXZJ"));
  const [p] = await db()
    .insert(fundProject)
    .values({ programId: program.id, enterpriseId: ent.id, regionCode: ent.regionCode, name: `金额上限测试项目${skip}`, category: "技术改造", implementationPlan: "x", totalInvestmentFen: 20_000 * WAN, fixedAssetInvestmentFen: 10_000 * WAN, constructionStart: "2026-01-01", constructionEnd: "2027-12-31", filingLevel: "county", libraryStatus: "entered", enteredOn: "2026-01-05", createdByName: "测试" })
    .returning();
  const decided = status === "approved" ? { decisionRef: "测试纪要", decidedOn: proposedFen === null ? null : "2026-09-20", proposedFen, approvedOn: "2026-10-10", approvalRef: "测试" } : {};
  const [a] = await db().insert(fundApplication).values({ projectId: p.id, programId: program.id, year: 2026, status, supportMode: "award_in_lieu", requestedFen, filedOn: "2026-03-01", documents: [], rankScore: 8000, ...decided }).returning();
  return { projectId: p.id, applicationId: a.id, prefecture: "520400" };
}

/** Sets the 安顺 2026 GXZJ transfer so that exactly `room` is not yet allocated. */
async function lineRoom(room: number) {
  await db().execute(sql`
    update fund_budget b set amount_fen = ${room}::bigint
      + coalesce((select sum(a.amount_fen) from fund_allocation a where a.program_id = b.program_id and a.year = b.year and a.budget_region_code = b.region_code and a.status <> 'recovered'), 0)
      + coalesce((select sum(x.amount_fen) from fund_recovery x where x.kind = 'carry_over' and x.budget_id = b.id), 0)
    where b.program_id = (select id from fund_program where code = 'GXZJ') and b.year = 2026 and b.region_code = '520400'`);
}

const allocation = (amount: number) => ({ intent: "allocate" as const, amount, supportMode: "award_in_lieu" as const, level: "transfer" as const, onDate: "2026-10-20", acknowledgePriorDecision: "on" as const });

describe("the decide step records the 拟支持金额: required, at most the amount requested", () => {
  let industry: Actor;
  beforeAll(async () => {
    industry = await actor("industry");
  });
  const decide = (projectId: number, proposed: number | undefined) => attempt((tx) => reviewStep(tx, industry, ALL, projectId, { intent: "decide", onDate: "2026-09-20", ref: "厅党组会议纪要〔2026〕30号", proposed }));

  it("missing, or one fen over the request: refused with the basis, nothing stored; exactly the request: recorded and audited", async () => {
    const { projectId, applicationId } = await application("ranked", 855 * WAN, null, 0);
    expect(refusal(await decide(projectId, undefined))).toBe("请填写集体决策确定的拟支持金额");
    const over = refusal(await decide(projectId, 855 * WAN + 1));
    expect(over).toContain("拟支持金额8,550,000.01元超过申请金额855万元（多0.01元）");
    expect(over).toContain("《贵州省工业和信息化发展专项资金管理办法》第十七条（四）");
    const [still] = await db().select().from(fundApplication).where(eq(fundApplication.id, applicationId));
    expect([still.status, still.proposedFen, still.decidedOn]).toEqual(["ranked", null, null]);
    expect(await decide(projectId, 855 * WAN)).toEqual({ ok: true });
    const [after] = await db().select().from(fundApplication).where(eq(fundApplication.id, applicationId));
    expect([after.status, after.proposedFen, after.decisionRef]).toEqual(["decided", 855 * WAN, "厅党组会议纪要〔2026〕30号"]);
    const [log] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "fund-application"), eq(auditLog.entityId, String(applicationId)), eq(auditLog.action, "decide"))).orderBy(desc(auditLog.id)).limit(1);
    expect(log.after).toMatchObject({ proposedFen: 855 * WAN, decisionRef: "厅党组会议纪要〔2026〕30号" });
  });

  it("the store refuses a proposed amount above the request, and a decision without one", async () => {
    const { applicationId } = await application("ranked", 100 * WAN, null, 1);
    await expect(db().update(fundApplication).set({ proposedFen: 100 * WAN + 1 }).where(eq(fundApplication.id, applicationId))).rejects.toThrow();
    await expect(db().update(fundApplication).set({ decidedOn: "2026-09-20" }).where(eq(fundApplication.id, applicationId))).rejects.toThrow();
  });

  it("the project page asks for it on the decide form", async () => {
    const { projectId } = await application("ranked", 300 * WAN, null, 2);
    const page = await pageText(await (await signedIn("industry")).get(`/funds/projects/${projectId}`));
    expect(page).toContain('name="proposed"');
    expect(page).toContain("拟支持金额（元；不超过申请金额");
  });
});

describe("an allocation: within the request and the published 拟支持金额 (950万 against 855万)", () => {
  it("950万 is refused on both, 855万 + 1 分 on the proposed amount, 855万 passes", async () => {
    const industry = await actor("industry");
    await lineRoom(5000 * WAN);
    const { projectId } = await application("approved", 855 * WAN, 855 * WAN, 3);
    const high = refusal(await attempt((tx) => allocate(tx, industry, ALL, projectId, allocation(950 * WAN))));
    expect(high).toContain("安排金额950万元超过申请金额855万元（多95万元）");
    expect(high).toContain("安排金额950万元超过集体决策确定并公示的拟支持金额855万元（多95万元）");
    expect(refusal(await attempt((tx) => allocate(tx, industry, ALL, projectId, allocation(855 * WAN + 1))))).toContain("超过集体决策确定并公示的拟支持金额855万元（多0.01元）");
    expect(await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, projectId))).toEqual([]);
    expect(await attempt((tx) => allocate(tx, industry, ALL, projectId, allocation(855 * WAN)))).toEqual({ ok: true });
  });

  it("a proposed amount below the request bounds the allocation; none recorded, nothing can be allocated", async () => {
    const industry = await actor("industry");
    await lineRoom(5000 * WAN);
    const lower = await application("approved", 900 * WAN, 800 * WAN, 4);
    expect(refusal(await attempt((tx) => allocate(tx, industry, ALL, lower.projectId, allocation(800 * WAN + 1))))).toContain("拟支持金额800万元");
    expect(await attempt((tx) => allocate(tx, industry, ALL, lower.projectId, allocation(800 * WAN)))).toEqual({ ok: true });
    // an application approved with no amount recorded (no decision date, so the store allows it): refused
    const none = await application("approved", 100 * WAN, null, 5);
    expect(refusal(await attempt((tx) => allocate(tx, industry, ALL, none.projectId, allocation(10 * WAN))))).toContain("没有集体决策确定并公示的拟支持金额");
  });
});

describe("an allocation: within what the budget line and the program's budget still hold", () => {
  it("the 市州 transfer: exactly its room passes, one fen more is refused naming the line and its figures", async () => {
    const industry = await actor("industry");
    const a = await application("approved", 500 * WAN, 500 * WAN, 6);
    const b = await application("approved", 500 * WAN, 500 * WAN, 7);
    await lineRoom(300 * WAN);
    const over = refusal(await attempt((tx) => allocate(tx, industry, ALL, a.projectId, allocation(300 * WAN + 1))));
    expect(over).toMatch(/安排金额3,000,000\.01元超过安顺市2026年度转移支付尚未安排的余额300万元（预算.+，已安排.+）/);
    expect(over).toContain("《贵州省工业和信息化发展专项资金管理办法》第二十条、第二十一条");
    expect(await attempt((tx) => allocate(tx, industry, ALL, a.projectId, allocation(300 * WAN)))).toEqual({ ok: true });
    // the line is now used up: the next allocation from it is refused
    expect(refusal(await attempt((tx) => allocate(tx, industry, ALL, b.projectId, allocation(1))))).toContain("尚未安排的余额0.00元");
  });

  it("the program's budget for the year: exactly its room passes, one fen more is refused", async () => {
    const industry = await actor("industry");
    const c = await application("approved", 500 * WAN, 500 * WAN, 8);
    const d = await application("approved", 500 * WAN, 500 * WAN, 9);
    await lineRoom(1000 * WAN);
    // another line of the program's 2026 budget is over-committed (older data): the program as a whole has 200万 left
    const [{ room }] = rowsOf<{ room: string }>(await db().execute(sql`
      select ((select sum(amount_fen) from fund_budget where program_id = (select id from fund_program where code = 'GXZJ') and year = 2026)
        - (select coalesce(sum(amount_fen), 0) from fund_allocation where program_id = (select id from fund_program where code = 'GXZJ') and year = 2026 and status <> 'recovered')
        - (select coalesce(sum(x.amount_fen), 0) from fund_recovery x join fund_budget b on b.id = x.budget_id where x.kind = 'carry_over' and b.program_id = (select id from fund_program where code = 'GXZJ') and b.year = 2026))::text as room`));
    const cut = Number(room) - 200 * WAN;
    const [other] = await db().select().from(fundBudget).where(and(eq(fundBudget.year, 2026), eq(fundBudget.regionCode, "520000"), sql`${fundBudget.programId} = (select id from fund_program where code = 'GXZJ')`));
    await db().update(fundBudget).set({ amountFen: other.amountFen - cut }).where(eq(fundBudget.id, other.id));
    const over = refusal(await attempt((tx) => allocate(tx, industry, ALL, c.projectId, allocation(200 * WAN + 1))));
    expect(over).toContain("超过贵州省工业和信息化发展专项资金2026年度预算尚未安排的余额200万元");
    expect(over).not.toContain("转移支付尚未安排");
    expect(await attempt((tx) => allocate(tx, industry, ALL, c.projectId, allocation(200 * WAN)))).toEqual({ ok: true });
    expect(refusal(await attempt((tx) => allocate(tx, industry, ALL, d.projectId, allocation(1))))).toContain("2026年度预算尚未安排的余额0.00元");
  });
});
