/**
 * Issue 12 item 11: the public 正在公示 list holds only applications whose 公示 period has not ended (its last day is
 * the last day listed); a funded project's 入库状态 is 已入库, not the list's "已入库（未申报）"; the public list shows
 * the amount the collective decision proposed (拟支持金额), not the amount requested (issue 12 item 5). Loaders called directly against the demo data (公示 of five GXZJ applications
 * 2026-11-23 to 2026-11-27), then the built pages.
 */
import { and, eq, gte } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { fundAllocation, fundApplication, fundProject } from "#db/schema";
import { addDays, type LegalDate } from "#rules";
import { loader as disclosureLoader } from "~/routes/disclosure.funds";
import { loader as projectLoader } from "~/routes/_app.funds.projects.$projectId";
import { loader as printLoader } from "~/routes/_app.funds.projects.$projectId_.print";
import { useAppDatabase } from "../setup/db";
import { Client, signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();
const PINNED = process.env.ZJT_TODAY;
afterEach(() => {
  process.env.ZJT_TODAY = PINNED;
});

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
async function load<T>(loader: unknown, path: string, params: Record<string, string> = {}, client?: Client): Promise<T> {
  const headers = client ? { Cookie: client.cookieHeader() } : undefined;
  return (await (loader as Loader)({ request: new Request(`http://localhost${path}`, { headers }), params, context: {} })) as T;
}

interface Disclosure {
  publicity: { project: string; publicityStart: string; publicityEnd: string; proposedFen: string }[];
}

describe("正在公示: both sides of the 公示 period's last day", () => {
  async function inPublicity() {
    const rows = await db()
      .select({ id: fundApplication.id, end: fundApplication.publicityEnd, project: fundProject.name })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
      .where(eq(fundApplication.status, "publicity"));
    expect(rows.length).toBeGreaterThan(0);
    return rows;
  }

  it("listed on its last day, gone the day after — though its status is still 公示 until the plan is issued", async () => {
    const rows = await inPublicity();
    const lastDay = rows.map((r) => r.end!).sort()[0];
    const onLast = rows.filter((r) => r.end === lastDay).map((r) => r.project);
    process.env.ZJT_TODAY = lastDay;
    const listed = (await load<Disclosure>(disclosureLoader, "/disclosure/funds")).publicity.map((r) => r.project);
    for (const p of onLast) expect(listed).toContain(p);
    process.env.ZJT_TODAY = addDays(lastDay as LegalDate, 1);
    const after = (await load<Disclosure>(disclosureLoader, "/disclosure/funds")).publicity.map((r) => r.project);
    for (const p of onLast) expect(after).not.toContain(p);
    // still in 公示 in the workflow (no plan issued yet): only the public list moves on
    const [still] = await db().select({ status: fundApplication.status }).from(fundApplication).where(eq(fundApplication.id, rows.find((r) => r.end === lastDay)!.id));
    expect(still.status).toBe("publicity");
  });

  it("an earlier 公示 whose period ended is not listed, even with the year filter", async () => {
    const rows = await inPublicity();
    // move one application's 公示 a week back: it ended before today
    await db().update(fundApplication).set({ publicityStart: "2026-11-12", publicityEnd: "2026-11-18" }).where(eq(fundApplication.id, rows[0].id));
    const listed = (await load<Disclosure>(disclosureLoader, "/disclosure/funds?year=2026")).publicity;
    expect(listed.map((r) => r.project)).not.toContain(rows[0].project);
    expect(listed.every((r) => r.publicityEnd >= "2026-11-27")).toBe(true);
  });
});

describe("入库状态 of a project is its library entry's state", () => {
  it("a funded project is 已入库 (not 未申报) on its page and its printed sheet", async () => {
    const [funded] = await db()
      .select({ id: fundProject.id, enteredOn: fundProject.enteredOn })
      .from(fundProject)
      .innerJoin(fundAllocation, eq(fundAllocation.projectId, fundProject.id))
      .where(and(eq(fundProject.libraryStatus, "entered"), eq(fundAllocation.status, "active")))
      .orderBy(fundProject.id)
      .limit(1);
    const industry = await signedIn("industry");
    for (const loader of [projectLoader, printLoader]) {
      const d = await load<{ project: { libraryStatusLabel: string } }>(loader, `/funds/projects/${funded.id}`, { projectId: String(funded.id) }, industry);
      expect(d.project.libraryStatusLabel).toBe("已入库");
    }
    const page = await pageText(await industry.get(`/funds/projects/${funded.id}`));
    expect(page).toContain(`<th>入库状态</th><td>已入库（${funded.enteredOn}）`);
    expect(page).not.toContain("已入库（未申报）");
  });

  it("a project awaiting the library review says so", async () => {
    const [pending] = await db().select({ id: fundProject.id }).from(fundProject).where(eq(fundProject.libraryStatus, "pending_review")).orderBy(fundProject.id).limit(1);
    const d = await load<{ project: { libraryStatusLabel: string } }>(projectLoader, `/funds/projects/${pending.id}`, { projectId: String(pending.id) }, await signedIn("industry"));
    expect(d.project.libraryStatusLabel).toBe("待入库审核");
  });
});

describe("the public page", () => {
  it("lists each application in 公示 at the amount the collective decision proposed, headed 拟支持金额", async () => {
    const rows = await db()
      .select({ project: fundProject.name, requested: fundApplication.requestedFen, proposed: fundApplication.proposedFen })
      .from(fundApplication)
      .innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId))
      .where(and(eq(fundApplication.status, "publicity"), gte(fundApplication.publicityEnd, "2026-11-27")));
    // the demo holds 公示 where the decision proposed less than was requested
    expect(rows.some((r) => r.proposed !== null && r.proposed < r.requested)).toBe(true);
    const listed = (await load<Disclosure>(disclosureLoader, "/disclosure/funds")).publicity;
    for (const r of rows) expect(listed.find((l) => l.project === r.project)?.proposedFen).toBe(String(r.proposed));
    const page = await pageText(await new Client().get("/disclosure/funds"));
    expect(page).toContain("正在公示的项目");
    expect(page).toContain("拟支持金额（元）");
    expect(page).not.toContain("申请金额（元）");
    const lower = rows.find((r) => r.proposed! < r.requested)!;
    const row = page.split("</tr>").find((tr) => tr.includes(lower.project))!;
    expect(row).toContain(new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2 }).format(lower.proposed! / 100));
    expect(row).not.toContain(new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2 }).format(lower.requested / 100));
  });
});
