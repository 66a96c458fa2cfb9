/**
 * Import progress (issue 4 §3 "show progress for large files"): while a job runs, its page shows the rows checked so
 * far — on PGlite too, whose single connection is held by any open transaction — and the import still writes its
 * good rows together at the end (never half-applied: nothing is written before the job is done).
 */
import ExcelJS from "exceljs";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { enterprise, shareholder, xdtBlacklist, xdtImportJob, xdtLoan } from "#db/schema";
import { IMPORT_COLUMNS } from "~/server/xdt/imports.server";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { orgIdOf, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();

describe("a running import shows its progress", () => {
  it("the job page reports rows checked while it runs, and no loan is written before the job is done", async () => {
    const bank = await signedIn("bank.a");
    const me = await orgIdOf(db(), "bank.a");
    const ents = await db()
      .select({ code: enterprise.creditCode })
      .from(enterprise)
      .where(sql`${enterprise.sizeClass} <> 'large' and not exists (select 1 from ${xdtBlacklist} b where b.identifier = ${enterprise.creditCode}) and not exists (select 1 from ${shareholder} s join ${xdtBlacklist} b on b.identifier = s.identifier where s.enterprise_id = ${enterprise.id})`)
      .orderBy(enterprise.id)
      .limit(200);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("贷款清单");
    ws.addRow(IMPORT_COLUMNS.map((c) => c.header));
    const total = 1500;
    // 1万 each: far under every enterprise's 5000万 cap however many rows it gets
    for (let i = 0; i < total; i++) ws.addRow([ents[i % ents.length].code, `PRG-${String(i).padStart(5, "0")}`, "10,000.00", rateText(20), 12, today(), "是", "", "是", ""]);
    const body = new FormData();
    body.set("csrf", bank.csrf());
    body.set("file", new File([new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer) as BlobPart], "进度测试.xlsx"));
    const up = await bank.request("/xdt/imports", { method: "POST", body });
    expect(up.status).toBe(302);
    const jobUrl = up.headers.get("Location")!;
    const jobId = Number(jobUrl.split("/").pop());
    const loansOf = async () => (await db().select({ n: count() }).from(xdtLoan).where(eq(xdtLoan.bankOrgId, me)))[0].n;
    const before = await loansOf();

    let settled = false;
    const run = bank.post(jobUrl, {}).finally(() => (settled = true));
    const seen: { status: string; checked: number; loans: number }[] = [];
    while (!settled) {
      // the count first: a page read later that still says 处理中 proves the count was taken before the commit
      const loans = await loansOf();
      const text = await pageText(await bank.get(jobUrl));
      const m = /状态：<strong>([^<]+)<\/strong>；共 (\d+) 行，已检查 (\d+) 行/.exec(text);
      if (m) seen.push({ status: m[1], checked: Number(m[3]), loans });
    }
    expect((await run).status).toBe(302);
    const midway = seen.filter((s) => s.status === "处理中" && s.checked > 0 && s.checked < total);
    expect(midway.length, JSON.stringify(seen.slice(0, 20))).toBeGreaterThan(0);
    // the checked count only grows, and while the job runs no loan of it is in the database
    expect(seen.map((s) => s.checked)).toEqual([...seen.map((s) => s.checked)].sort((a, b) => a - b));
    for (const s of seen.filter((x) => x.status !== "已完成")) expect(s.loans).toBe(before);
    const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, jobId));
    expect(job.status).toBe("done");
    expect(job.okRows).toBe(total);
    expect((await loansOf()) - before).toBe(total);
  }, 120_000);
});
