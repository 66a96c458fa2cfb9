/**
 * Import of the monthly loan list (issue 4 §3, tests): a 5,000-row .xlsx with mixed good and bad rows gives exactly
 * the right row-by-row report and writes only the good rows, in one go; bad files — not a spreadsheet, empty, huge,
 * wrong headers — are each a clear error and write nothing.
 */
import ExcelJS from "exceljs";
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enterprise, shareholder, xdtBlacklist, xdtImportJob, xdtLoan, xdtRepayment } from "#db/schema";
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, REPORT_ROWS_SHOWN, TEXT_COLUMNS } from "~/server/xdt/imports.server";
import { validateCreditCode } from "#rules/reference/credit-code";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText, responseText } from "../support/text";
import { orgIdOf, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();

function uploadFile(client: Client, name: string, bytes: Uint8Array) {
  const body = new FormData();
  body.set("csrf", client.csrf());
  body.set("file", new File([bytes as BlobPart], name));
  return client.request("/xdt/imports", { method: "POST", body });
}

async function counts() {
  const [{ loans }] = await db().select({ loans: count() }).from(xdtLoan);
  const [{ jobs }] = await db().select({ jobs: count() }).from(xdtImportJob);
  return { loans, jobs };
}

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("贷款清单");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const HEADERS = IMPORT_COLUMNS.map((c) => c.header);

describe("the import template", () => {
  it("downloads as .xlsx with the Chinese headers", async () => {
    const res = await (await signedIn("bank.a")).get("/xdt/imports/template");
    expect(res.status).toBe(200);
    const text = await responseText(res);
    for (const h of HEADERS) expect(text).toContain(h);
  });

  it("its example row is valid and its code columns are text, so Excel keeps an all-digit code whole (issue 13 §3)", async () => {
    const res = await (await signedIn("bank.a")).get("/xdt/imports/template");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("贷款清单")!;
    expect(validateCreditCode(String(ws.getRow(2).getCell(1).value)).outcome).toBe("pass");
    const textColumns = IMPORT_COLUMNS.flatMap((c, i) => (TEXT_COLUMNS.has(c.field) ? [i + 1] : []));
    expect(textColumns).toContain(1);
    for (const i of textColumns) expect(ws.getColumn(i).numFmt, IMPORT_COLUMNS[i - 1].header).toBe("@");
    expect(ws.getColumn(3).numFmt).not.toBe("@"); // the amount stays a number
  });
});

describe("cells as Excel leaves them (issue 13 §3)", () => {
  it("是/否 accepts Y/N, TRUE/FALSE, 1/0 and refuses anything else with the row; a code Excel made a number is refused with the hint", async () => {
    const bank = await signedIn("bank.b");
    const ents = await db().select({ code: enterprise.creditCode }).from(enterprise).where(sql`${enterprise.sizeClass} <> 'large' and not exists (select 1 from ${xdtBlacklist} b where b.identifier = ${enterprise.creditCode}) and not exists (select 1 from ${shareholder} s join ${xdtBlacklist} b on b.identifier = s.identifier where s.enterprise_id = ${enterprise.id})`).orderBy(sql`(select coalesce(sum(l.amount_fen), 0) from ${xdtLoan} l where l.enterprise_id = ${enterprise.id} and l.maturity_date > ${today()})`).limit(4);
    const row = (code: unknown, contract: string, credit: unknown, spouse: unknown, enhancement = "") => [code, contract, 500000, rateText(10), 12, today(), credit, enhancement, spouse, ""];
    const file = await xlsx([
      HEADERS,
      row(ents[0].code, "YN-1", "Y", "TRUE"),
      row(ents[1].code, "YN-2", "n", 1, "厂房抵押"),
      row(ents[2].code, "YN-3", "可能", "是"),
      row(915201001234567900, "YN-4", "是", "是"),
      row(ents[3].code, "YN-5", "是", "大概"),
    ]);
    const up = await uploadFile(bank, "清单.xlsx", file);
    expect(up.status, await up.clone().text()).toBe(302);
    await bank.post(up.headers.get("Location")!, {});
    const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, Number(up.headers.get("Location")!.split("/").pop())));
    const report = job.report as { row: number; field: string; message: string }[];
    expect(report.map((r) => [r.row, r.field])).toEqual([[4, "是否信用贷款"], [5, "借款企业统一社会信用代码"], [6, "实际控制人及配偶连带责任保证"]]);
    expect(report[0].message).toContain("无法识别“可能”");
    expect(report[1].message).toContain("被 Excel 存成了数字");
    expect(job.okRows).toBe(2);
    const loans = await db().select({ contract: xdtLoan.contractNo, credit: xdtLoan.isCreditLoan, spouse: xdtLoan.controllerSpouseGuarantee }).from(xdtLoan).where(sql`${xdtLoan.contractNo} like 'YN-%'`).orderBy(xdtLoan.contractNo);
    expect(loans).toEqual([{ contract: "YN-1", credit: true, spouse: true }, { contract: "YN-2", credit: false, spouse: true }]);
  });
});

describe("a 5,000-row file with good and bad rows", () => {
  let bank: Client;
  const expectedBad = new Map<number, string>();
  let goodCount = 0;
  let file: Uint8Array;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    // SMEs not blacklisted with little outstanding 信贷通 debt, so 50万 loans stay under the 5000万 cap
    const ents = await db()
      .select({ code: enterprise.creditCode })
      .from(enterprise)
      .where(
        sql`${enterprise.sizeClass} <> 'large'
          and not exists (select 1 from ${xdtBlacklist} b where b.identifier = ${enterprise.creditCode})
          and not exists (select 1 from ${shareholder} s join ${xdtBlacklist} b on b.identifier = s.identifier where s.enterprise_id = ${enterprise.id})
          and coalesce((select sum(l.amount_fen - coalesce((select sum(r.amount_fen) from ${xdtRepayment} r where r.loan_id = l.id and r.component = 'principal'), 0)) from ${xdtLoan} l where l.enterprise_id = ${enterprise.id} and l.admission_status <> 'rejected' and l.maturity_date > ${today()}), 0) < 2000000000`,
      )
      .orderBy(enterprise.id);
    expect(ents.length).toBeGreaterThan(150);
    const [black] = await db().select().from(xdtBlacklist).where(eq(xdtBlacklist.kind, "enterprise"));
    const rows: unknown[][] = [HEADERS];
    const [y, m, d] = today().split("-").map(Number);
    const dateForms = [today(), `${y}/${m}/${d}`, `${y}年${m}月${d}日`, new Date(Date.UTC(y, m - 1, d)), Math.round(Date.UTC(y, m - 1, d) / 86_400_000) + 25569];
    for (let i = 0; i < 5000; i++) {
      const rowNo = i + 2;
      const ent = ents[i % ents.length].code;
      const contract = `IMP-${String(i).padStart(5, "0")}`;
      const base = [ent, contract, i % 2 ? 500000 : "500,000.00", i % 3 ? rateText(20) : `${rateText(20)}%`, 12, dateForms[i % dateForms.length], "是", "", "是", ""];
      const kind = i % 10 === 9 ? Math.floor(i / 10) % 6 : -1; // every tenth row, the six faults in turn
      if (kind === 0) { base[3] = rateText(75); expectedBad.set(rowNo, "利率"); }
      else if (kind === 1) { base[5] = "2026-02-30"; expectedBad.set(rowNo, "放款日期应为"); }
      else if (kind === 2) { base[0] = "91350100M000100Y43"; expectedBad.set(rowNo, "企业库中没有"); }
      else if (kind === 3) { base[1] = `IMP-${String(i - 1).padStart(5, "0")}`; expectedBad.set(rowNo, "已登记该合同编号"); }
      else if (kind === 4) { base[2] = "五十万"; expectedBad.set(rowNo, "贷款金额格式不正确"); }
      else if (kind === 5) { base[0] = black.identifier; expectedBad.set(rowNo, "黑名单"); }
      else goodCount++;
      rows.push(base);
    }
    file = await xlsx(rows);
    expect(expectedBad.size).toBe(500);
  });

  it("imports exactly the good rows and reports every bad row with its row number and reason", async () => {
    const before = await counts();
    const t0 = Date.now();
    const up = await uploadFile(bank, "2026年11月贷款清单.xlsx", file);
    expect(up.status, await up.clone().text()).toBe(302);
    const jobUrl = up.headers.get("Location")!;
    const jobId = Number(jobUrl.split("/").pop());
    // queued, nothing written yet; the page shows it
    expect(await pageText(await bank.get(jobUrl))).toContain("排队中");
    const run = await bank.post(jobUrl, {});
    expect(run.status).toBe(302);
    console.log(`[import] 5,000 rows in ${Date.now() - t0} ms`);
    const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, jobId));
    expect(job.status).toBe("done");
    expect(job.okRows).toBe(goodCount);
    expect(job.badRows).toBe(expectedBad.size);
    const report = job.report as { row: number; message: string }[];
    expect(new Set(report.map((r) => r.row))).toEqual(new Set(expectedBad.keys()));
    for (const r of report) expect(r.message, `row ${r.row}`).toContain(expectedBad.get(r.row)!);
    const after = await counts();
    expect(after.loans - before.loans).toBe(goodCount);
    const imported = await db().select({ n: count() }).from(xdtLoan).where(eq(xdtLoan.importJobId, jobId));
    expect(imported[0].n).toBe(goodCount);
    const [one] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "IMP-00000"));
    expect(one.bankOrgId).toBe(await orgIdOf(db(), "bank.a"));
    expect(one.amountFen).toBe(50_000_000);
    expect(one.disbursementDate).toBe(today());
    // running it again does nothing
    await bank.post(jobUrl, {});
    expect((await counts()).loans).toBe(after.loans);
    const page = await pageText(await bank.get(jobUrl));
    expect(page).toContain(`未导入的行（${expectedBad.size}）`);
    // the page lists the first reasons; the download holds every rejected row with its reason
    expect(page).toContain(`下表列出前 ${REPORT_ROWS_SHOWN} 条原因（共 ${expectedBad.size} 条）`);
    expect(page.match(/<tr><td class="num">/g)?.length).toBe(REPORT_ROWS_SHOWN);
    const download = await bank.get(`${jobUrl}/rejected?format=csv`);
    expect(download.status).toBe(200);
    const lines = (await download.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("行号,借款合同编号,栏目,未导入原因");
    expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual([...expectedBad.keys()].sort((a, b) => a - b));
    expect((await bank.get(`${jobUrl}/rejected?format=xlsx`)).headers.get("Content-Type")).toContain("spreadsheetml");
    // another bank cannot see the job or its rejected rows
    const other = await signedIn("bank.b");
    expect((await other.get(jobUrl)).status).toBe(404);
    expect((await other.get(`${jobUrl}/rejected?format=csv`)).status).toBe(404);
    // 5,000 rows checked (twice: once with progress, once in the write transaction) and written: tens of seconds on a loaded machine
  }, 120_000);
});

describe("bad files: a clear error, nothing written", () => {
  const cases: [string, string, () => Promise<Uint8Array>, string][] = [
    ["not a spreadsheet", "清单.xlsx", async () => new TextEncoder().encode("this is not a spreadsheet"), "不是有效的 Excel"],
    ["a PDF", "清单.pdf", async () => new TextEncoder().encode("%PDF-1.4"), "只接受 .xlsx 或 .csv"],
    ["empty", "清单.xlsx", async () => new Uint8Array(), "请选择"],
    ["headers only", "清单.xlsx", async () => xlsx([HEADERS]), "没有数据行"],
    ["wrong headers", "清单.xlsx", async () => xlsx([["企业", "合同", "金额"], ["x", "y", "1"]]), "表头与模板不一致"],
    ["wrong CSV headers", "清单.csv", async () => new TextEncoder().encode("a,b,c\n1,2,3\n"), "表头与模板不一致"],
    ["huge", "清单.csv", async () => new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x41), `超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB`],
    // one row over the limit is refused whole, before a job is kept (a CSV: the limit's worth of rows, small)
    ["too many rows", "清单.csv", async () => new TextEncoder().encode(`${HEADERS.join(",")}\n${"91520100MA6DK0XX1X,C,1,3.5,12,2026-11-20,是,,是,\n".repeat(IMPORT_MAX_ROWS + 1)}`), `超过每次 ${IMPORT_MAX_ROWS.toLocaleString("en-US")} 行的上限`],
  ];
  for (const [name, fileName, make, message] of cases) {
    it(name, async () => {
      const bank = await signedIn("bank.a");
      const before = await counts();
      const res = await uploadFile(bank, fileName, await make());
      expect(res.status).toBe(400);
      expect(await pageText(res)).toContain(message);
      expect(await counts()).toEqual(before);
    });
  }

  it("a CSV in the template's layout imports (UTF-8 with BOM, as Excel writes it)", async () => {
    const bank = await signedIn("bank.b");
    const [ent] = await db().select().from(enterprise).where(sql`${enterprise.sizeClass} <> 'large' and not exists (select 1 from ${xdtBlacklist} b where b.identifier = ${enterprise.creditCode}) and not exists (select 1 from ${shareholder} s join ${xdtBlacklist} b on b.identifier = s.identifier where s.enterprise_id = ${enterprise.id})`).orderBy(sql`(select coalesce(sum(l.amount_fen), 0) from ${xdtLoan} l where l.enterprise_id = ${enterprise.id} and l.maturity_date > ${today()})`).limit(1);
    const csv = `\uFEFF${HEADERS.join(",")}\n${ent.creditCode},CSV-0001,"1,000,000.00",${rateText(10)},12,${today().replace(/-/g, "/")},是,,是,\n`;
    const up = await uploadFile(bank, "清单.csv", new TextEncoder().encode(csv));
    expect(up.status, await up.clone().text()).toBe(302);
    await bank.post(up.headers.get("Location")!, {});
    const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, Number(up.headers.get("Location")!.split("/").pop())));
    expect(job.report).toEqual([]);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "CSV-0001"));
    expect(loan.amountFen).toBe(100_000_000);
    expect(loan.source).toBe("import");
  });
});
