/**
 * Long lists (issue 11 §4): counted up to COUNT_CAP rows — past it the pager says "more than" and stops at the cap's
 * last page — and the audit log's filter menus come from a loose index scan that finds every value present.
 */
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client";
import { formatTimestamp } from "~/lib/dates";
import { COUNT_CAP, PAGE_SIZE } from "~/lib/list";
import { auditFacets } from "~/server/audit-log.server";
import { EXPORT_BATCH } from "~/server/list.server";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

describe("a list longer than the count cap", () => {
  it("below the cap the pager counts exactly; past it, it says more than the cap and pages stop at the cap", async () => {
    // the rows counted are this test's own (one entity), so the demo data's size does not matter
    const probe = (from: number, to: number) =>
      db().execute(sql`insert into audit_log (actor_name, entity, entity_id, action, request_id)
        select '分页测试', 'paging-test', g::text, 'probe', 'paging-' || g from generate_series(${from}::int, ${to}::int) as g`);
    const auditor = await signedIn("auditor");
    await probe(1, 25);
    const before = await pageText(await auditor.get("/audit?entity=paging-test"));
    expect(before).toMatch(new RegExp(`共 25 条，第 1 / ${Math.ceil(25 / PAGE_SIZE)} 页`));

    // the audit log is append-only: add enough rows to pass the cap
    await probe(26, COUNT_CAP + 10);
    const after = await pageText(await auditor.get("/audit?entity=paging-test"));
    expect(after).toContain(`超过 ${COUNT_CAP.toLocaleString("zh-CN")} 条，第 1 页`);
    expect(after).toContain("下一页");
    const lastPage = COUNT_CAP / PAGE_SIZE;
    const last = await pageText(await auditor.get(`/audit?entity=paging-test&page=${lastPage}`));
    expect(last).toContain(`第 ${lastPage} 页`);
    expect(last).not.toContain("下一页");
    // a narrower filter brings the count back under the cap, and exact
    const filtered = await pageText(await auditor.get(`/audit?entity=paging-test&q=${COUNT_CAP + 7}`));
    expect(filtered).toMatch(/共 \d+ 条，第 1 \/ 1 页/);
  });

  it("the filter menus list every entity and action present, as DISTINCT would", async () => {
    const distinct = async (column: string) => rowsOf<{ v: string }>(await db().execute(sql.raw(`select distinct ${column} as v from audit_log order by 1`))).map((r) => r.v);
    const facets = await auditFacets(db());
    expect(facets.entities).toEqual(await distinct("entity"));
    expect(facets.actions).toEqual(await distinct("action"));
    expect(facets.entities.length).toBeGreaterThan(3);
  });
});

describe("streamed exports (issue 11 §5)", () => {
  const N = 12_345; // more than two batches of EXPORT_BATCH

  it("a list export longer than a batch holds every row exactly once, in the page's order, in .csv and .xlsx", async () => {
    expect(N).toBeGreaterThan(2 * EXPORT_BATCH);
    await db().execute(sql`insert into audit_log (actor_name, entity, entity_id, action, request_id, after)
      select '导出测试', 'export-test', g::text, 'probe', 'export-' || g, jsonb_build_object('备注', '含逗号,引号"和' || chr(10) || '换行')
      from generate_series(1, ${N}) as g`);
    const auditor = await signedIn("auditor");
    const before = formatTimestamp(new Date()).slice(0, 10);
    const csv = await auditor.get("/export/audit?format=csv&entity=export-test");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    // the file is named with when it was made, in Beijing time (issue 13 §7)
    const fileName = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(csv.headers.get("Content-Disposition") ?? "")?.[1] ?? "");
    expect(fileName).toMatch(/-(\d{4}-\d{2}-\d{2})-\d{4}\.csv$/);
    expect([before, formatTimestamp(new Date()).slice(0, 10)]).toContain(/(\d{4}-\d{2}-\d{2})-\d{4}\.csv$/.exec(fileName)![1]);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("编号,")).toBe(true);
    const ids = [...text.matchAll(/,export-(\d+),/g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    // newest first, as the page sorts: request ids were inserted in order
    expect(ids[0]).toBe(N);
    expect(ids[N - 1]).toBe(1);
    // RFC 4180: the field with a comma, a quote and a line break is quoted, its quotes doubled
    expect(text).toContain('"{""备注"":""含逗号,引号\\""和\\n换行""}"');

    const xlsx = await auditor.get("/export/audit?format=xlsx&entity=export-test");
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(N + 1);
    expect(sheet.getRow(1).getCell(1).value).toBe("编号");
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(new Set(sheet.getColumn(9).values.slice(2)).size).toBe(N);
  });

  it("amounts are yuan numbers with two decimals and text that Excel would read as a formula is guarded", async () => {
    const trustee = await signedIn("trustee");
    const xlsx = await trustee.get("/export/xdt-loans?format=xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    const amount = sheet.getRow(2).getCell(4);
    expect(typeof amount.value).toBe("number");
    expect(amount.numFmt).toBe("#,##0.00");
    await db().execute(sql`insert into audit_log (actor_name, entity, entity_id, action, request_id) values ('=HYPERLINK("x")', 'formula-test', '1', 'probe', 'formula-1')`);
    const csv = await (await signedIn("auditor")).get("/export/audit?format=csv&entity=formula-test");
    expect(await csv.text()).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("an export of a record out of reach is still a 404, before any file", async () => {
    const bank = await signedIn("bank.a");
    const res = await bank.get("/export/ledger-account?format=csv&id=999999");
    expect(res.status).toBe(404);
  });
});
