import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUser, fundApplication, fundProject, organisation, xdtBank, xdtLoan, xdtQuarterlyReport } from "#db/schema";
import { addDays, parseLegalDate } from "#rules";
import { todayInChina } from "~/lib/dates";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();
const today = parseLegalDate(todayInChina());

async function orgOf(username: string) {
  const [u] = await db().select().from(appUser).where(eq(appUser.username, username));
  return u.organisationId;
}

describe("待办: every clock that concerns the user, in scope", () => {
  let bankA: number;
  beforeAll(async () => {
    bankA = await orgOf("bank.a");
  });

  it("a bank sees exactly its own pending admissions, none of another bank's", async () => {
    const own = await db().select({ contractNo: xdtLoan.contractNo }).from(xdtLoan).where(and(eq(xdtLoan.admissionStatus, "pending"), eq(xdtLoan.bankOrgId, bankA)));
    const others = await db().select({ contractNo: xdtLoan.contractNo }).from(xdtLoan).where(and(eq(xdtLoan.admissionStatus, "pending"), ne(xdtLoan.bankOrgId, bankA)));
    expect(others.length).toBeGreaterThan(0);
    const html = await pageText(await (await signedIn("bank.a")).get("/todo"));
    for (const l of own) expect(html).toContain(l.contractNo);
    for (const l of others) expect(html).not.toContain(l.contractNo);
    if (own.length > 0) expect(html).toContain("信贷通入库审核");
    else expect(html).not.toContain("信贷通入库审核");
  });

  it("the trustee sees every bank's pending admissions and the basis of each clock", async () => {
    const all = await db().select({ contractNo: xdtLoan.contractNo }).from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending"));
    const html = await pageText(await (await signedIn("trustee")).get("/todo"));
    for (const l of all) expect(html).toContain(l.contractNo);
    expect(html).toMatch(/5个工作日|二/);
  });

  it("overdue items come first, then by due date; the navigation shows the count", async () => {
    const client = await signedIn("trustee");
    const html = await pageText(await client.get("/todo"));
    const rows = [...html.matchAll(/<td><span class="tag( off)?">(已逾期|待办)<\/span><\/td><td>(\d{4}-\d{2}-\d{2})<\/td>/g)].map((m) => ({ overdue: m[2] === "已逾期", due: m[3] }));
    expect(rows.length).toBeGreaterThan(0);
    const firstDue = rows.findIndex((r) => !r.overdue);
    if (firstDue >= 0) expect(rows.slice(firstDue).every((r) => !r.overdue)).toBe(true);
    for (const group of [rows.filter((r) => r.overdue), rows.filter((r) => !r.overdue)]) {
      expect(group.map((r) => r.due)).toEqual([...group.map((r) => r.due)].sort());
    }
    for (const r of rows) expect(r.overdue).toBe(r.due < today);
    expect(html).toMatch(new RegExp(`data-testid="todo-count"[^>]*>${rows.length}<`));
  });

  it("last quarter's report (15 days after quarter end) is listed for a bank that has not filed it, with its basis", async () => {
    const [suspended] = await db().select({ id: xdtBank.orgId, name: organisation.shortName }).from(xdtBank).innerJoin(organisation, eq(organisation.id, xdtBank.orgId)).where(eq(xdtBank.status, "suspended"));
    const filed = await db().select({ bank: xdtQuarterlyReport.bankOrgId }).from(xdtQuarterlyReport).where(eq(xdtQuarterlyReport.quarter, "2026-07-01"));
    expect(filed.map((f) => f.bank)).not.toContain(suspended.id);
    expect(filed.map((f) => f.bank)).toContain(bankA);
    const trustee = await pageText(await (await signedIn("trustee")).get("/todo"));
    expect(trustee).toMatch(new RegExp(`已逾期</span></td><td>2026-10-15</td>[\\s\\S]{0,400}${suspended.name} 2026年第3季度季度报告`));
    expect(trustee).toContain("设立方案");
    const own = await pageText(await (await signedIn("bank.a")).get("/todo"));
    expect(own).not.toContain("季度报告");
  });

  it("a 市州 officer sees 公示 ends of its own region only", async () => {
    // one application in 公示 inside 贵阳 and one outside, whatever stage the demo left them at
    const apps = await db()
      .select({ id: fundApplication.id, region: fundProject.regionCode })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId));
    const inside = apps.find((a) => a.region.startsWith("5201"))!;
    const outside = apps.find((a) => a.region.startsWith("5203"))!;
    const end = addDays(today, 3);
    for (const a of [inside, outside]) {
      await db().update(fundApplication).set({ status: "publicity", publicityStart: today, publicityEnd: end }).where(eq(fundApplication.id, a.id));
    }
    const inPublicity = await db()
      .select({ name: fundProject.name, region: fundProject.regionCode })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
      .where(eq(fundApplication.status, "publicity"));
    const html = await pageText(await (await signedIn("industry.gy")).get("/todo"));
    for (const p of inPublicity) {
      if (p.region.startsWith("5201")) expect(html).toContain(`${p.name} 公示期结束`);
      else expect(html).not.toContain(`${p.name} 公示期结束`);
    }
    // the province has more clocks than a page holds: its 公示 ends are all in that clock's group
    const province = await pageText(await (await signedIn("industry")).get(`/todo?clock=${encodeURIComponent("专项资金公示期")}`));
    for (const p of inPublicity) expect(province).toContain(`${p.name} 公示期结束`);
  });

  it("an administrator has only the calendar to keep (D-11); an auditor sees only what is late", async () => {
    const admin = await pageText(await (await signedIn("admin")).get("/todo"));
    expect(admin).toContain("工作日历尚未覆盖 2027 年");
    expect(admin.match(/<tr/g)?.length).toBe(2); // the header and the one item
    const html = await pageText(await (await signedIn("auditor")).get("/todo"));
    expect(html).not.toContain('<span class="tag">待办</span>');
  });
});

describe("待办 page: grouped by clock, filtered, fifty a page", () => {
  const rowsOf = (html: string) => [...html.matchAll(/<td><span class="tag( off)?">(已逾期|待办)<\/span><\/td><td>(\d{4}-\d{2}-\d{2})<\/td><td>(?:<a[^>]*>)?([^<]*)/g)].map((m) => ({ overdue: m[2] === "已逾期", due: m[3], subject: m[4] }));

  it("the largest list is paged: page 1 holds fifty, page 2 continues in order, the groups add up to the total", async () => {
    let best = { user: "", total: 0 };
    for (const user of ["finance", "industry", "trustee", "auditor"]) {
      const html = await pageText(await (await signedIn(user)).get("/todo"));
      const total = Number(/共 (\d+) 项，其中逾期/.exec(html)?.[1]);
      if (total > best.total) best = { user, total };
    }
    expect(best.total).toBeGreaterThan(50);
    const client = await signedIn(best.user);
    const page1 = await client.get("/todo");
    const html1 = await pageText(page1);
    expect(rowsOf(html1)).toHaveLength(50);
    expect(html1).toContain(`共 ${best.total} 条，第 1 / ${Math.ceil(best.total / 50)} 页`);
    const groupCounts = [...html1.matchAll(/<tr(?: aria-current="true")?><td>(?:<a[^>]*>|<strong>)[^<]*(?:<\/a>|<\/strong>)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(groupCounts.reduce((s, n) => s + n, 0)).toBe(best.total);
    const html2 = await pageText(await client.get("/todo?page=2"));
    const [r1, r2] = [rowsOf(html1), rowsOf(html2)];
    expect(r2.length).toBeGreaterThan(0);
    // overdue first, then by due date, across the page boundary
    const all = [...r1, ...r2];
    const firstDue = all.findIndex((r) => !r.overdue);
    if (firstDue >= 0) expect(all.slice(firstDue).every((r) => !r.overdue)).toBe(true);
  });

  it("a clock filter shows only that clock's items; the state filter only overdue ones", async () => {
    const client = await signedIn("trustee");
    const html = await pageText(await client.get("/todo"));
    const clockLink = /href="\/todo\?clock=([^"&]+)"/.exec(html);
    expect(clockLink).not.toBeNull();
    const clock = decodeURIComponent(clockLink![1].replace(/\+/g, " "));
    const filtered = await pageText(await client.get(`/todo?clock=${encodeURIComponent(clock)}`));
    const cells = [...filtered.matchAll(/<\/td><td>([^<]*) · ([^<]*)<\/td><td>/g)].map((m) => m[2]);
    expect(cells.length).toBeGreaterThan(0);
    expect(new Set(cells)).toEqual(new Set([clock]));
    const overdueOnly = rowsOf(await pageText(await client.get("/todo?state=overdue")));
    expect(overdueOnly.length).toBeGreaterThan(0);
    expect(overdueOnly.every((r) => r.overdue)).toBe(true);
    // an unknown clock or state is ignored, never an error
    expect((await client.get("/todo?clock=%E4%B8%8D%E5%AD%98%E5%9C%A8&state=x&page=abc")).status).toBe(200);
  });
});

describe("待办 badge: counted in SQL, equal to the list", () => {
  it.each(["admin", "finance", "finance.gy", "finance.zy", "industry", "industry.gy", "xdt", "trustee", "bank.a", "bank.b", "auditor"])("%s: the navigation's count and overdue count are the page's", async (user) => {
    const html = await pageText(await (await signedIn(user)).get("/todo"));
    const page = /共 (\d+) 项，其中逾期 <strong>(\d+)<\/strong> 项/.exec(html);
    expect(page).not.toBeNull();
    const [total, overdue] = [Number(page![1]), Number(page![2])];
    const badge = /title="(\d+) 项待办，其中逾期 (\d+) 项" data-testid="todo-count">(\d+)</.exec(html);
    if (total === 0) expect(badge).toBeNull();
    else expect([Number(badge![1]), Number(badge![2]), Number(badge![3])]).toEqual([total, overdue, total]);
  });
});
