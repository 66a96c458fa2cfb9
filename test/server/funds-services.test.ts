import { randomUUID } from "node:crypto";
/**
 * 专项资金 services on a real database (issue 5): the caps one fen either side across several allocations to one
 * unit in a year (exemptions outside both caps; a soft breach only with a written reason), and — on PostgreSQL —
 * concurrent payments against one allocation never paying more than allocated. Public disclosure fields.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUser, enterprise, fundAllocation, fundApplication, fundPayment, fundProgram, fundProject } from "#db/schema";
import type { Actor } from "#db/audit";
import { allocate, pay } from "~/server/funds/workflow.server";
import { disclosure, PUBLIC_FIELDS } from "~/server/funds/disclosure.server";
import { fundsToday } from "~/server/funds/projects.server";
import { UserInputError } from "~/server/users.server";
import { onPostgres, useAppDatabase } from "../setup/db";
import { Client } from "../support/app";
import { budgetRoomAtLeast } from "../support/funds";
import { responseText } from "../support/text";

const { db } = useAppDatabase({ maxConnections: 25 });
const WAN = 1_000_000;

async function actor(username: string): Promise<Actor> {
  const [u] = await db().select().from(appUser).where(eq(appUser.username, username));
  return { userId: u.id, name: `${u.displayName}（${username}）`, orgId: u.organisationId, requestId: "test", ip: null };
}

/** A fresh unit (no allocations) and approved GXZJ 2026 applications for it, ready to allocate. */
async function approvedProjects(count: number, skip: number, exempt: (i: number) => boolean = () => false) {
  const [ent] = await db()
    .select()
    .from(enterprise)
    .where(and(sql`${enterprise.regionCode} like '5202%'`, sql`not exists (select 1 from fund_allocation a where a.enterprise_id = ${enterprise.id})`, sql`not exists (select 1 from fund_ban b where b.enterprise_id = ${enterprise.id})`))
    .orderBy(enterprise.id)
    .offset(skip)
    .limit(1);
  const [program] = await db().select().from(fundProgram).where(eq(fundProgram.code, "GXZJ"));
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const [p] = await db()
      .insert(fundProject)
      .values({ programId: program.id, enterpriseId: ent.id, regionCode: ent.regionCode, name: `额度测试项目${skip}-${i}`, category: exempt(i) ? "磷石膏综合利用" : "技术改造", exemptCategory: exempt(i) ? "phosphogypsum" : null, implementationPlan: "x", totalInvestmentFen: 100_000 * WAN, fixedAssetInvestmentFen: 50_000 * WAN, constructionStart: "2026-01-01", constructionEnd: "2027-12-31", filingLevel: "county", libraryStatus: "entered", enteredOn: "2026-01-05", createdByName: "测试" })
      .returning();
    await db().insert(fundApplication).values({ projectId: p.id, programId: program.id, year: 2026, status: "approved", supportMode: "award_in_lieu", requestedFen: 3000 * WAN, proposedFen: 3000 * WAN, filedOn: "2026-03-01", documents: [], approvedOn: "2026-10-10", approvalRef: "测试" });
    ids.push(p.id);
  }
  // requested and proposed above the caps, so the caps decide; the 市州's 2026 transfer holds enough for it all
  await budgetRoomAtLeast(db(), "GXZJ", 2026, `${ent.regionCode.slice(0, 4)}00`, count * 3000 * WAN);
  return ids;
}

async function tryAllocate(projectId: number, amountFen: number, overrideReason?: string) {
  const a = await actor("industry");
  try {
    const r = await db().transaction((tx) => allocate(tx, a, { kind: "all" }, projectId, { intent: "allocate", amount: amountFen, supportMode: "award_in_lieu", level: "transfer", onDate: "2026-10-20", overrideReason }));
    return { ok: true as const, allocation: r.allocation };
  } catch (err) {
    if (err instanceof UserInputError) return { ok: false as const, message: err.message };
    throw err;
  }
}

describe("GXZJ caps one fen either side (2000万 per unit-year, 1000万 per project)", () => {
  it("several allocations to one unit reach exactly 2000万; one more fen is refused; a written reason lets it through", async () => {
    const [p1, p2, p3, p4, p5] = await approvedProjects(5, 0, (i) => i === 4);
    expect((await tryAllocate(p1, 600 * WAN)).ok).toBe(true);
    expect((await tryAllocate(p2, 1000 * WAN)).ok).toBe(true);
    expect((await tryAllocate(p3, 400 * WAN)).ok).toBe(true); // 2000万 exactly
    const over = await tryAllocate(p4, 1);
    expect(over.ok).toBe(false);
    expect(over.ok ? "" : over.message).toContain("超过2,000万元上限0.01元");
    // the exempt 磷石膏 project is outside both caps
    const exempt = await tryAllocate(p5, 3000 * WAN);
    expect(exempt.ok).toBe(true);
    const overridden = await tryAllocate(p4, 1, "省重大项目配套，厅务会同意");
    expect(overridden.ok).toBe(true);
    if (overridden.ok) {
      expect(overridden.allocation.overrideReason).toBe("省重大项目配套，厅务会同意");
      expect(overridden.allocation.overrideBy).toContain("industry");
    }
  });

  it("one project: 1000万 + 1分 is refused, 1000万 passes", async () => {
    const [a, b] = await approvedProjects(2, 1);
    const over = await tryAllocate(a, 1000 * WAN + 1);
    expect(over.ok).toBe(false);
    expect(over.ok ? "" : over.message).toContain("超过1,000万元上限0.01元");
    expect((await tryAllocate(a, 1000 * WAN)).ok).toBe(true);
    // the same unit's second project: the unit-year room is exactly 1000万
    expect((await tryAllocate(b, 1000 * WAN + 1)).ok).toBe(false);
    expect((await tryAllocate(b, 1000 * WAN)).ok).toBe(true);
  });
});

describe.skipIf(!onPostgres)("PostgreSQL: concurrent payments against one allocation", () => {
  it("20 payments of a tenth each at once: exactly 10 are paid, never more than allocated", async () => {
    const [pid] = await approvedProjects(1, 2);
    const r = await tryAllocate(pid, 300 * WAN);
    expect(r.ok).toBe(true);
    const a = await actor("finance");
    const tenth = 30 * WAN;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db().transaction((tx) => pay(tx, a, { kind: "all" }, pid, { intent: "pay", amount: tenth, kind: "progress", onDate: "2026-10-25", payeeAccountType: "enterprise_basic", payeeAccountNo: "6217000000001111", requestId: randomUUID() })),
      ),
    );
    const ok = results.filter((x) => x.status === "fulfilled").length;
    for (const x of results) if (x.status === "rejected") expect(x.reason).toBeInstanceOf(UserInputError);
    expect(ok).toBe(10);
    const [al] = await db().select().from(fundAllocation).where(eq(fundAllocation.projectId, pid));
    const pays = await db().select().from(fundPayment).where(eq(fundPayment.allocationId, al.id));
    expect(pays.reduce((s, p) => s + p.amountFen, 0)).toBe(al.amountFen);
    expect(new Set(pays.map((p) => p.tranche)).size).toBe(10);
  });
});

describe("public disclosure: no sign-in, never a confidential field", () => {
  it("each section carries exactly the listed public fields", async () => {
    const d = await disclosure(db(), fundsToday());
    for (const [section, fields] of Object.entries(PUBLIC_FIELDS)) {
      const rows = d[section as keyof typeof d] as Record<string, unknown>[];
      expect(rows.length, section).toBeGreaterThan(0);
      expect(Object.keys(rows[0]).sort(), section).toEqual([...fields].sort());
    }
  });

  it("the page and its .data answer without sign-in and show none of the confidential values", async () => {
    const anon = new Client();
    const page = await anon.get("/disclosure/funds");
    expect(page.status).toBe(200);
    const text = (await responseText(page)) + (await responseText(await anon.get("/disclosure/funds.data")));
    expect(text).toContain("分配结果");
    expect(text).toContain("公示异议处理情况");
    const confidential = await db().execute(sql`
      select objector as v from fund_objection union select content from fund_objection
      union (select payee_account_no from fund_payment limit 50) union (select e.credit_code from fund_allocation a join enterprise e on e.id = a.enterprise_id limit 50)
      union select expert_name from fund_expert_score union (select implementation_plan from fund_project limit 20)`);
    const values = ((confidential as unknown as { rows?: { v: string }[] }).rows ?? (confidential as unknown as { v: string }[])).map((r) => r.v);
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((v) => text.includes(v))).toEqual([]);
  });
});
