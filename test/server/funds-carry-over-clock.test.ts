/**
 * Issue 12 item 7: the carry-over reminder (待办 "结转资金收回") and the carry-over page decide through the rule book's
 * carryOverStatus — one road. GXZJ-35 Art.24 recovers only what the 市县 have not allocated, so allocated but unpaid
 * GXZJ money is never due; ZXZJ-206 Art.21 recovers allocated transfer money unused for two years, counted from the
 * budget line's issue date (the rule's date), not from the allocation. Loaders called with a finance officer's session,
 * on the demo data (today 2026-11-27).
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client";
import { addDays, addYears, type LegalDate } from "#rules";
import { loader as layoutLoader } from "~/routes/_app";
import { loader as carryOverLoader } from "~/routes/_app.funds.carry-over";
import { loader as todoLoader } from "~/routes/_app.todo";
import { fundsToday } from "~/server/funds/projects.server";
import { useAppDatabase } from "../setup/db";
import { type Client, signedIn } from "../support/app";

const { db } = useAppDatabase();
const CLOCK = "结转资金收回";

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
async function load<T>(loader: unknown, client: Client, path: string): Promise<T> {
  return (await (loader as Loader)({ request: new Request(`http://localhost${path}`, { headers: { Cookie: client.cookieHeader() } }), params: {}, context: {} })) as T;
}

interface TodoData {
  total: number;
  shown: number;
  pageSize: number;
  items: { key: string; clock: string; due: string; status: string; basis: string; subject: string }[];
}

/** Every carry-over item of the user's 待办, page by page. */
async function carryOverTodo(client: Client) {
  const items: TodoData["items"] = [];
  for (let page = 1; ; page++) {
    const d = await load<TodoData>(todoLoader, client, `/todo?clock=${encodeURIComponent(CLOCK)}&page=${page}`);
    items.push(...d.items);
    if (items.length >= d.shown || d.items.length === 0) return items;
  }
}

/** Unpaid allocations of a rule set whose budget line (program, year, paying region) started before `before`. */
async function unpaidAllocations(ruleSet: "GXZJ" | "ZXZJ", level: "provincial" | "transfer", before: string) {
  return rowsOf<{ id: number; since: string; unpaid: string }>(
    await db().execute(sql`
      select al.id::int as id, coalesce(b.issued_on, b.approved_on)::text as since, (al.amount_fen - al.paid_fen)::text as unpaid
      from fund_allocation al join fund_program p on p.id = al.program_id
        join fund_budget b on b.program_id = al.program_id and b.year = al.year and b.region_code = al.budget_region_code
      join fund_project fp on fp.id = al.project_id
      where p.rule_set = ${ruleSet} and al.level = ${level} and al.status <> 'recovered' and al.amount_fen > al.paid_fen
        and not fp.research_project and coalesce(b.issued_on, b.approved_on) < ${before}
      order by al.id`),
  );
}

describe("待办 carry-over clocks decided by carryOverStatus", () => {
  let finance: Client;
  let items: TodoData["items"];
  const today = fundsToday();
  const twoYearsAgo = addYears(today, -2);

  beforeAll(async () => {
    finance = await signedIn("finance");
    items = await carryOverTodo(finance);
    console.log(`[issue 12 item 7] carry-over items in the province finance officer's 待办: ${items.length}`, items.map((i) => i.key).join(" "));
  });

  it("GXZJ money allocated to a project but unpaid two years on is not flagged (GXZJ-35 Art.24: only unallocated money)", async () => {
    const gxzj = [...(await unpaidAllocations("GXZJ", "transfer", twoYearsAgo)), ...(await unpaidAllocations("GXZJ", "provincial", twoYearsAgo))];
    expect(gxzj.length, "the demo data holds GXZJ allocations unpaid for two years").toBeGreaterThan(0);
    const keys = new Set(items.map((i) => i.key));
    for (const a of gxzj) expect(keys.has(`carry-${a.id}`), `GXZJ allocation ${a.id}`).toBe(false);
    const page = await load<{ allocations: { id: number; code: string }[] }>(carryOverLoader, finance, "/funds/carry-over");
    expect(page.allocations.map((a) => a.id)).not.toContain(gxzj[0].id);
    expect(page.allocations.every((a) => !a.code.startsWith("GXZJ"))).toBe(true);
  });

  it("ZXZJ transfer money allocated but unpaid two years after the line was issued is flagged, due on the rule's date, citing Art.21", async () => {
    const [a] = await unpaidAllocations("ZXZJ", "transfer", twoYearsAgo);
    expect(a, "the demo data holds a ZXZJ transfer allocation unpaid for two years").toBeDefined();
    const item = items.find((i) => i.key === `carry-${a.id}`);
    expect(item).toBeDefined();
    // the 2-year mark of the budget line's issue date, as carryOverStatus computes it — not the allocation's date
    expect(item!.due).toBe(addYears(a.since as LegalDate, 2));
    expect(item!.status).toBe("overdue");
    expect(item!.basis).toContain("第二十一条");
    expect(item!.subject).toContain("已安排未拨付资金");
    const page = await load<{ allocations: { id: number; twoYearDate: string; action: string }[] }>(carryOverLoader, finance, "/funds/carry-over");
    const row = page.allocations.find((x) => x.id === a.id);
    expect(row?.twoYearDate).toBe(item!.due);
    expect(row?.action).toContain("收回");
  });

  it("a GXZJ transfer line's unallocated money two years after issue is flagged, the clock the carry-over page lists as due", async () => {
    const page = await load<{ lines: { id: number; code: string; level: string; due: boolean; twoYearDate: string | null }[] }>(carryOverLoader, finance, "/funds/carry-over");
    const due = page.lines.filter((l) => l.due);
    expect(due.some((l) => l.code === "GXZJ" && l.level === "transfer")).toBe(true);
    for (const l of due) {
      const item = items.find((i) => i.key === `carry-line-${l.id}`);
      expect(item, `budget line ${l.id}`).toBeDefined();
      expect(item!.due).toBe(l.twoYearDate);
    }
  });

  it("the navigation's count is the 待办 list's", async () => {
    const layout = await load<{ todo: { total: number; overdue: number } }>(layoutLoader, finance, "/");
    const all = await load<TodoData>(todoLoader, finance, "/todo");
    expect(layout.todo.total).toBe(all.total);
  });

  it("a 市州 officer sees only the clocks of its region", async () => {
    const gy = await carryOverTodo(await signedIn("finance.gy"));
    expect(gy.length).toBeLessThan(items.length);
    expect(gy.every((i) => items.some((j) => j.key === i.key))).toBe(true);
  });
});

describe("the look-ahead: a clock is listed from the day its 2-year mark falls within it", () => {
  it("listed when the mark is the horizon's last day, not the day before", async () => {
    const [a] = await unpaidAllocations("ZXZJ", "transfer", "2099-01-01").then((rows) => rows.filter((r) => r.since > addYears(fundsToday(), -2)));
    expect(a, "a ZXZJ allocation whose line is not yet two years old").toBeDefined();
    const mark = addYears(a.since as LegalDate, 2);
    const { carryOverClocks } = await import("~/server/funds/overview.server");
    const at = (horizon: LegalDate) => carryOverClocks(db(), { kind: "all" }, fundsToday(), horizon).then((c) => c.find((x) => x.key === `carry-${a.id}`));
    expect((await at(mark))?.due).toBe(mark);
    expect(await at(addDays(mark, -1))).toBeUndefined();
  });
});
