/**
 * Region scorecard (issue 6 item 4) through the built app: disbursement figures equal what the domain rows say was
 * issued and paid (the scorecard reads the ledger, this test the fund tables); the GXZJ-35 Art.30 flag comes from the
 * rule book; a 市州 officer sees only its own 市州; the charts' tables and exports answer.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { monitoringDeviation, type Fen, type LegalDate } from "#rules";
import { PERF_DEMO_POOR_REGION } from "#db/seed/steps/perf-evaluations";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText, responseText } from "../support/text";

const { db } = useAppDatabase();
const TODAY = "2026-11-27";

/** The cells of one CSV line (quoted cells may hold commas). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"')).slice(0, -1);
}

function rowsOf<T>(res: unknown): T[] {
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** Issued (transfer lines) and paid out of them (payments on allocations drawn from the 市州's line), from the fund tables. */
async function domainFigures(year: number) {
  const res = await db().execute(sql`
    select r.code, r.name,
      (select coalesce(sum(b.amount_fen), 0) from fund_budget b where b.region_code = r.code and b.year = ${year} and b.issued_on is not null and b.issued_on <= ${TODAY})::text as issued,
      (select coalesce(sum(p.amount_fen), 0) from fund_payment p join fund_allocation a on a.id = p.allocation_id where a.budget_region_code = r.code and a.year = ${year} and p.paid_on <= ${TODAY})::text as paid
    from region r where r.level = 'prefecture' order by r.code`);
  return rowsOf<{ code: string; name: string; issued: string; paid: string }>(res).map((r) => ({ code: r.code, name: r.name, issued: Number(r.issued), paid: Number(r.paid) }));
}

describe("region scorecard", () => {
  let finance: Client;
  beforeAll(async () => {
    finance = await signedIn("finance");
  });

  it("issued and paid per 市州 equal the fund tables' figures; the flag is the rule's", async () => {
    for (const year of [2024, 2025]) {
      const expected = await domainFigures(year);
      expect(expected.some((r) => r.paid > 0)).toBe(true);
      const res = await finance.get(`/export/perf-scorecard?format=csv&year=${year}`);
      expect(res.status).toBe(200);
      const csv = await res.text();
      for (const r of expected) {
        const line = csv.split("\n").find((l) => l.startsWith(r.name));
        expect(line, r.name).toBeTruthy();
        const cols = line!.split(",");
        expect(Math.round(Number(cols[1]) * 100), `${r.name} issued`).toBe(r.issued);
        expect(Math.round(Number(cols[2]) * 100), `${r.name} paid`).toBe(r.paid);
        // slow disbursement is the dual-monitoring rule's verdict on the same figures
        const slow = r.issued > 0 && monitoringDeviation({ asOf: TODAY as LegalDate, periodStart: `${year}-01-01` as LegalDate, periodEnd: `${year}-12-31` as LegalDate, allocated: r.issued as Fen, paid: r.paid as Fen, goals: [] }).value.executionFlag;
        if (slow) expect(line).toContain("资金拨付进度较慢");
        else expect(line).not.toContain("资金拨付进度较慢");
      }
    }
  });

  it("the demo's poorly evaluated 市州 is flagged for poor performance with the article cited", async () => {
    const text = await pageText(await finance.get("/perf/scorecard?year=2025"));
    expect(text).toContain("地区绩效记分卡（2025 年度资金）");
    const [{ name }] = rowsOf<{ name: string }>(await db().execute(sql`select name from region where code = ${PERF_DEMO_POOR_REGION}`));
    const row = text.split("\n").find((l) => l.includes(name) && l.includes("预算绩效目标完成情况不佳"));
    expect(row, text).toBeTruthy();
    expect(text).toContain("GXZJ-35");
    expect(text).toContain("第三十条");
    // no other 市州 is flagged for poor performance
    const csv = await (await finance.get("/export/perf-scorecard?format=csv&year=2025")).text();
    const poor = csv.split("\n").filter((l) => l.includes("预算绩效目标完成情况不佳："));
    expect(poor.map((l) => l.split(",")[0])).toEqual([name]);
  });

  it("audit findings on a 市州's records count on its scorecard, and three or more flag it (GXZJ-35 Art.30)", async () => {
    const before = await (await finance.get("/export/perf-scorecard?format=csv&year=2025")).text();
    const zunyiBefore = before.split("\n").find((l) => l.startsWith("遵义"))!;
    expect(zunyiBefore).not.toContain("监督检查中发现问题较多");
    const header = csvCells(before.split("\n")[0].replace(/^\uFEFF/, ""));
    const column = header.indexOf("监督检查问题");
    expect(column).toBeGreaterThan(0);
    const findingsColumn = (line: string) => Number(csvCells(line)[column]);
    const known = findingsColumn(zunyiBefore);
    const [{ id: projectId }] = rowsOf<{ id: number }>(await db().execute(sql`select id from fund_project where region_code like '5203%' order by id limit 1`));
    for (let i = 0; i < 3 - known; i++) {
      await db().execute(sql`insert into audit_finding (record_kind, record_id, severity, title, description, recommendation, region_code, created_by_name) values ('project', ${projectId}, 'major', ${`记分卡测试发现${i}`}, '测试', '测试', '520302', '测试审计员')`);
    }
    const after = await (await finance.get("/export/perf-scorecard?format=csv&year=2025")).text();
    const zunyi = after.split("\n").find((l) => l.startsWith("遵义"))!;
    expect(findingsColumn(zunyi)).toBe(Math.max(3, known));
    expect(zunyi).toContain("监督检查中发现问题较多");
  });

  it("a 市州 officer sees only its own 市州 on the scorecard, the charts and their exports", async () => {
    const gy = await signedIn("finance.gy");
    for (const url of ["/perf/scorecard", "/perf/scorecard?year=2024", "/perf/charts", "/export/perf-scorecard?format=csv", "/export/perf-grades-region?format=csv"]) {
      const res = await gy.get(url);
      expect(res.status, url).toBe(200);
      const text = await responseText(res);
      expect(text, url).toContain("贵阳");
      for (const other of ["遵义", "六盘水", "安顺", "毕节", "铜仁"]) expect(text, url).not.toContain(other);
    }
  });

  it("the charts page has grade distributions by region and program and the scorecard, each with its table and export", async () => {
    const text = await pageText(await finance.get("/perf/charts"));
    expect(text).toContain("重点评价等级分布（按市州）");
    expect(text).toContain("重点评价等级分布（按专项资金）");
    expect(text).toContain("地区记分卡");
    for (const t of ["perf-grades-region", "perf-grades-program", "perf-scorecard"]) {
      const res = await finance.get(`/export/${t}?format=xlsx`);
      expect(res.status, t).toBe(200);
    }
    const csv = await (await finance.get("/export/perf-grades-program?format=csv")).text();
    const counts = rowsOf<{ code: string; n: number }>(await db().execute(sql`select p.code, count(*)::int as n from perf_evaluation e join fund_program p on p.id = e.program_id where e.kind = 'key' group by p.code`));
    for (const c of counts) expect(csv.split("\n").find((l) => l.startsWith(c.code))).toMatch(new RegExp(`,${c.n}\\s*$`));
  });
});
