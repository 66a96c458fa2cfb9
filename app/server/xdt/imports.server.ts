/**
 * The bank's monthly loan list as .xlsx or .csv (issue 4 §3): a template with Chinese headers, dates and amounts as
 * people type them in Excel, every row through the same schema and admission rules as the form (fileLoan), a
 * row-by-row report in Chinese, and all good rows written in ONE transaction — an import never half-applies.
 * The file, the job's progress and its report are in the database.
 */
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { TransactionRollbackError, and, desc, eq, or, sql } from "drizzle-orm";
import { xdtImportJob } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import type { LegalDate } from "#rules";
import type { Db, Tx } from "../db.server";
import type { Scope } from "~/lib/permissions";
import { streamedExportResponse, type ExportColumn } from "../export.server";
import { bankFileCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { FieldErrors } from "../enterprises.server";
import { draftLoan, fileLoanSchema, insertDrafts, loadFilingContext, type FileLoanInput } from "./loans.server";

/** 100,000 rows of the template are ≈ 4 MB as .xlsx and ≈ 11 MB as CSV. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 100_000;

/** The template's columns: header (Chinese) → form field. */
export const IMPORT_COLUMNS = [
  { header: "借款企业统一社会信用代码", field: "creditCode", example: "91520102MA6DK0XX12" },
  { header: "借款合同编号", field: "contractNo", example: "GZB-XDT-2026-10001" },
  { header: "贷款金额（元）", field: "amount", example: "3,000,000.00" },
  { header: "年利率（%）", field: "rate", example: "3.50" },
  { header: "期限（月）", field: "termMonths", example: "12" },
  { header: "放款日期", field: "disbursementDate", example: "2026-11-20" },
  { header: "是否信用贷款", field: "isCreditLoan", example: "是" },
  { header: "增信措施", field: "creditEnhancement", example: "" },
  { header: "实际控制人及配偶连带责任保证", field: "controllerSpouseGuarantee", example: "是" },
  { header: "续贷原合同编号", field: "renewalOf", example: "" },
  // optional last column (files made from the earlier template stay valid): a written reason lets a "原则上" limit through
  { header: "“原则上”限制放行理由", field: "overrideReason", example: "", optional: true },
  // optional enterprise columns (issue 12; files without them stay valid): filled in when the borrower is not registered
  // yet — the row then registers it with its loan, once per credit code in the file
  { header: "企业名称", field: "enterprise.name", example: "贵阳黔丰酒业有限公司", optional: true },
  { header: "企业所在县（区）", field: "enterprise.regionCode", example: "南明区", optional: true },
  { header: "国民经济行业代码", field: "enterprise.industryCode", example: "C1512", optional: true },
  { header: "行业名称", field: "enterprise.industryName", example: "白酒制造", optional: true },
  { header: "从业人员（人）", field: "enterprise.employees", example: "45", optional: true },
  { header: "上年营业收入（元）", field: "enterprise.revenue", example: "8,000,000.00", optional: true },
  { header: "资产总额（元）", field: "enterprise.totalAssets", example: "", optional: true },
  { header: "实际控制人", field: "enterprise.actualControllerName", example: "王伟", optional: true },
  { header: "实际控制人配偶", field: "enterprise.actualControllerSpouse", example: "李娜", optional: true },
  { header: "企业联系人", field: "enterprise.contactName", example: "张敏", optional: true },
  { header: "企业联系电话", field: "enterprise.contactPhone", example: "0851-85551234", optional: true },
] as const;

/** The template's columns formatted as text. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set(["creditCode", "contractNo", "renewalOf", "enterprise.industryCode", "enterprise.contactPhone"]);

export async function templateWorkbook(): Promise<Buffer<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("贷款清单");
  ws.addRow(IMPORT_COLUMNS.map((c) => c.header));
  ws.addRow(IMPORT_COLUMNS.map((c) => c.example));
  ws.columns.forEach((col) => (col.width = 22));
  // codes and numbers that are names, not quantities, are text: Excel would turn an all-digit code into 9.15E+17
  IMPORT_COLUMNS.forEach((c, i) => {
    if (TEXT_COLUMNS.has(c.field)) ws.getColumn(i + 1).numFmt = "@";
  });
  ws.getRow(1).font = { bold: true };
  const notes = wb.addWorksheet("填写说明");
  for (const line of [
    "第一行为表头，请勿修改；从第二行起每行一笔贷款（示例行请删除）。",
    "金额单位为元，可带千分位逗号，最多两位小数；年利率按百分数填写（3.50 表示 3.50%），也可填 3.50%。",
    "日期可填 2026-11-20、2026/11/20、2026年11月20日，或 Excel 日期格式。",
    "是否类栏目填 是/否（或 Y/N）。",
    "“企业名称”至“企业联系电话”各栏只在借款企业尚未登记时填写：导入时同时登记企业（同一文件中同一企业只需在第一次出现的行填写）；企业规模按《中小企业划型标准规定》（工信部联企业〔2011〕300号）由行业代码、从业人员、营业收入（建筑业、房地产开发经营、租赁和商务服务业还需资产总额）自动划型。已登记的企业可不填；如填写的企业名称与登记不一致，按已登记的企业导入，并在导入结果中提示。",
    `每个文件不超过 ${IMPORT_MAX_ROWS} 行、${IMPORT_MAX_BYTES / 1024 / 1024} MB。每行按与页面登记相同的准入规则检查：通过的行导入，不通过的行不导入并列出原因。`,
  ])
    notes.addRow([line]);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

type Cell = string | number | boolean | Date | null;

function pad(n: number) {
  return String(n).padStart(2, "0");
}

/** Dates as typed in Excel: Date cells, serial numbers, 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日. */
export function normaliseDate(v: Cell): string {
  if (v === null || v === "") return "";
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 20000 || v > 80000) return String(v);
    const d = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(String(v).trim());
  return m ? `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}` : String(v).trim();
}

/** Amounts: numeric cells become their shortest decimal text (never rounded here: 3 decimals stays an error). */
function normaliseAmount(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  return String(v).trim();
}

/** Rates: 3.5 / "3.50%" / a percent-formatted cell (0.035). */
function normaliseRate(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "number") return v > 0 && v < 1 ? String(Math.round(v * 1_000_000) / 10_000) : String(v);
  return String(v).trim().replace(/％/g, "%");
}

const YES_CELLS = ["是", "y", "yes", "true", "1", "√", "✓"];
const NO_CELLS = ["否", "n", "no", "false", "0", "×", "✗", ""];

/** A 是/否 cell as the form's checkbox ("on" or nothing); a cell that is neither is refused by excelCellProblems. */
function normaliseBool(v: Cell): string | undefined {
  return YES_CELLS.includes(String(v ?? "").trim().toLowerCase()) ? "on" : undefined;
}

/** The row's faults the form's schema cannot see: a 是/否 cell that is neither, a code that Excel stored as a number. */
function excelCellProblems(v: Record<string, Cell>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const field of ["isCreditLoan", "controllerSpouseGuarantee"]) {
    const t = String(v[field] ?? "").trim();
    if (!YES_CELLS.includes(t.toLowerCase()) && !NO_CELLS.includes(t.toLowerCase())) {
      problems.push({ field, message: `应填“是”或“否”（也可填 Y/N、TRUE/FALSE、1/0），无法识别“${t.slice(0, 20)}”` });
    }
  }
  if (typeof v.creditCode === "number") {
    problems.push({ field: "creditCode", message: "统一社会信用代码被 Excel 存成了数字（末几位可能已丢失）：请把该列设为“文本”格式后重新填写" });
  }
  return problems;
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "object" && !(v instanceof Date)) {
    if ("result" in v) return cellValue(v.result as ExcelJS.CellValue);
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v) return String(v.text);
    return null;
  }
  return v as Cell;
}

/** CSV rows one by one (RFC 4180 quoting; CRLF, LF or CR line ends). */
function* csvRows(text: string): Generator<string[]> {
  let row: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cur);
      cur = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cur);
      yield row;
      row = [];
      cur = "";
    } else cur += ch;
  }
  if (cur !== "" || row.length > 0) {
    row.push(cur);
    yield row;
  }
}

/**
 * The rows of the file's first sheet, one at a time, as cells of the template's columns: an .xlsx is read as a stream
 * (exceljs' WorkbookReader: the sheet's XML is parsed as it inflates, never held as a workbook), a CSV line by line.
 * Reading stops at the row limit, so a file with more rows costs no more than the limit.
 */
async function* sheetRows(fileName: string, bytes: Uint8Array): AsyncGenerator<{ n: number; cells: Cell[] }> {
  const ext = fileName.toLowerCase().split(".").pop();
  if (ext === "xlsx") {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new UserInputError("file", "文件不是有效的 Excel（.xlsx）文件");
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), { worksheets: "emit", sharedStrings: "cache", styles: "ignore", hyperlinks: "ignore", entries: "ignore" });
    let sheets = 0;
    try {
      for await (const sheet of reader) {
        sheets++;
        for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
          const values = r.values as ExcelJS.CellValue[];
          yield { n: r.number, cells: IMPORT_COLUMNS.map((_, c) => cellValue(values[c + 1])) };
        }
        break; // the first sheet is the list; the template's second sheet is its instructions
      }
    } catch (err) {
      if (err instanceof UserInputError) throw err;
      throw new UserInputError("file", "无法读取该 Excel 文件，请用模板另存为 .xlsx 后重试");
    }
    if (sheets === 0) throw new UserInputError("file", "Excel 文件中没有工作表");
  } else if (ext === "csv") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
    } catch {
      throw new UserInputError("file", "CSV 文件须为 UTF-8 编码（Excel 中“另存为 CSV UTF-8”）");
    }
    if (/\u0000/.test(text)) throw new UserInputError("file", "文件不是文本格式的 CSV");
    let n = 0;
    for (const cells of csvRows(text)) yield { n: ++n, cells };
  } else {
    throw new UserInputError("file", "只接受 .xlsx 或 .csv 文件（请使用下载的模板）");
  }
}

export interface ParsedRow {
  row: number;
  values: Record<string, Cell>;
}

const tooManyRows = () => new UserInputError("file", `文件超过每次 ${IMPORT_MAX_ROWS.toLocaleString("en-US")} 行的上限，请分批导入`);

/**
 * Reads the file row by row, checking the whole-file rules (size, type, the template's header, at least one data row,
 * the row limit: each a UserInputError("file", reason)), and hands each non-empty data row to `onRow`.
 * Returns the number of data rows.
 */
export async function scanSheet(fileName: string, bytes: Uint8Array, onRow: (row: ParsedRow) => void = () => {}): Promise<number> {
  if (bytes.byteLength === 0) throw new UserInputError("file", "文件为空");
  if (bytes.byteLength > IMPORT_MAX_BYTES) throw new UserInputError("file", `文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
  let header: string[] | null = null;
  let rows = 0;
  for await (const { n, cells } of sheetRows(fileName, bytes)) {
    if (header === null) {
      if (n !== 1) throw new UserInputError("file", "文件为空或第一行没有表头");
      header = cells.map((h) => String(h ?? "").trim());
      if (header.every((h) => h === "")) throw new UserInputError("file", "文件为空或第一行没有表头");
      const missing = IMPORT_COLUMNS.find((c, i) => header![i] !== c.header && !("optional" in c && (header![i] ?? "") === ""));
      if (missing) throw new UserInputError("file", `表头与模板不一致：第 ${IMPORT_COLUMNS.indexOf(missing) + 1} 列应为“${missing.header}”，请使用下载的模板`);
      continue;
    }
    if (cells.every((v) => v === null || String(v).trim() === "")) continue;
    if (++rows > IMPORT_MAX_ROWS) throw tooManyRows();
    onRow({ row: n, values: Object.fromEntries(IMPORT_COLUMNS.map((c, j) => [c.field, cells[j] ?? null])) });
  }
  if (header === null) throw new UserInputError("file", "文件为空或第一行没有表头");
  if (rows === 0) throw new UserInputError("file", "文件中没有数据行");
  return rows;
}

/** All data rows of the file (tests and small files; an import reads through scanSheet). */
export async function readSheet(fileName: string, bytes: Uint8Array): Promise<ParsedRow[]> {
  const rows: ParsedRow[] = [];
  await scanSheet(fileName, bytes, (r) => rows.push(r));
  return rows;
}

function toForm(v: Record<string, Cell>) {
  const text = (x: Cell) => (x === null ? undefined : String(x).trim() || undefined);
  return {
    creditCode: text(v.creditCode),
    contractNo: text(v.contractNo),
    amount: normaliseAmount(v.amount) || undefined,
    rate: normaliseRate(v.rate) || undefined,
    termMonths: text(typeof v.termMonths === "number" ? String(v.termMonths) : v.termMonths),
    disbursementDate: normaliseDate(v.disbursementDate) || undefined,
    isCreditLoan: normaliseBool(v.isCreditLoan),
    creditEnhancement: text(v.creditEnhancement),
    controllerSpouseGuarantee: normaliseBool(v.controllerSpouseGuarantee),
    renewalOf: text(v.renewalOf),
    overrideReason: text(v.overrideReason),
    enterprise: enterpriseCells(v),
  };
}

/** The row's enterprise columns as text (numbers as typed; amounts as the loan's are), or undefined when all are empty. */
function enterpriseCells(v: Record<string, Cell>) {
  const out: Record<string, string> = {};
  for (const c of IMPORT_COLUMNS) {
    if (!c.field.startsWith("enterprise.")) continue;
    const key = c.field.slice("enterprise.".length);
    const cell = v[c.field];
    const value = key === "revenue" || key === "totalAssets" ? normaliseAmount(cell) : cell === null || cell === undefined ? "" : String(cell).trim();
    if (value !== "") out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const FIELD_LABELS: Record<string, string> = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.field, c.header]));

/** Stores the upload as a queued job (the file itself in the database). */
export async function createImportJob(tx: Tx, actor: Actor, bankOrgId: number, file: File) {
  if (file.size > IMPORT_MAX_BYTES) throw new UserInputError("file", `文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  // the whole-file checks run now, so a bad file is refused at once and no job is kept
  const rows = await scanSheet(file.name, bytes);
  const [job] = await tx
    .insert(xdtImportJob)
    .values({ bankOrgId, fileName: file.name.slice(-200), sizeBytes: bytes.byteLength, content: bytes, status: "queued", totalRows: rows, createdByUserId: actor.userId, createdByName: actor.name })
    .returning({ id: xdtImportJob.id });
  await writeAudit(tx, actor, { entity: "xdt-import", entityId: job.id, action: "upload", after: { fileName: file.name, sizeBytes: bytes.byteLength, rows }, bankOrgId });
  return job;
}

/** Rows checked between two progress reports (and two chances for other requests to run). */
const PROGRESS_EVERY = 250;
/** Rows checked and written together in the write phase (insertDrafts' own batch). */
const WRITE_BATCH = 500;

type ImportReport = ImportReportRow[];

/** A data row after the form's schema: its input when the schema passed, else its reasons. */
interface SchemaCheckedRow {
  row: number;
  contractNo: string | null;
  /** what the filing context is read for */
  keys: { creditCode?: string; contractNo?: string; renewalOf?: string; enterprise?: boolean };
  input: FileLoanInput | null;
  reasons: ImportReport;
}

/** One row through the form's schema (pure: done once per import while the file is read). */
function schemaCheck(r: ParsedRow): SchemaCheckedRow {
  const form = toForm(r.values);
  const parsed = fileLoanSchema.safeParse(form);
  const reasons: ImportReport = [];
  const cellProblems = excelCellProblems(r.values);
  for (const p of cellProblems) reasons.push({ row: r.row, contractNo: form.contractNo ?? null, field: FIELD_LABELS[p.field] ?? "", message: p.message });
  if (!parsed.success) {
    const seen = new Set<string>(cellProblems.map((p) => p.field));
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".");
      if (seen.has(key)) continue;
      seen.add(key);
      reasons.push({ row: r.row, contractNo: form.contractNo ?? null, field: FIELD_LABELS[key] ?? "", message: issue.message });
    }
  }
  return { row: r.row, contractNo: form.contractNo ?? null, keys: { creditCode: form.creditCode, contractNo: form.contractNo, renewalOf: form.renewalOf, enterprise: form.enterprise !== undefined }, input: parsed.success && reasons.length === 0 ? parsed.data : null, reasons };
}

/**
 * The admission rules (draftLoan) for every row that passed the schema, against one filing context (the database's
 * state), in order (the context learns each good row, so later rows count it): each good row's draft goes to
 * `onDraft` (the check phase only counts them, so no more than a batch of drafts — each with its schedule and
 * verdict, a few kB — is ever held); every bad row's reasons are returned. `onProgress` is called every
 * PROGRESS_EVERY rows.
 */
async function checkRows(rows: SchemaCheckedRow[], ctx: Awaited<ReturnType<typeof loadFilingContext>>, onDraft: (draft: ReturnType<typeof draftLoan>) => void, onProgress?: (checked: number) => Promise<void>) {
  const report: ImportReport = [];
  for (const [i, r] of rows.entries()) {
    if (!r.input) report.push(...r.reasons);
    else {
      try {
        onDraft(draftLoan(ctx, r.input));
      } catch (err) {
        if (!(err instanceof UserInputError)) throw err;
        if (err instanceof FieldErrors) for (const [field, message] of Object.entries(err.errors)) report.push({ row: r.row, contractNo: r.contractNo, field: FIELD_LABELS[field] ?? "", message });
        else report.push({ row: r.row, contractNo: r.contractNo, field: FIELD_LABELS[err.field] ?? "", message: err.message });
      }
    }
    if (onProgress && (i + 1) % PROGRESS_EVERY === 0) await onProgress(i + 1);
  }
  return report;
}

/**
 * The notices of the rows that were imported (a registered credit code named with another name: imported under the
 * registered enterprise, the register unchanged), as report lines with their row numbers. A contract number is unique
 * among the imported rows, so it names its row.
 */
function rowNotices(rows: SchemaCheckedRow[], refused: ImportReport, notices: { contractNo: string; message: string }[]): ImportReport {
  if (notices.length === 0) return [];
  const refusedRows = new Set(refused.map((x) => x.row));
  const rowOf = new Map<string, number>();
  for (const r of rows) if (r.contractNo && r.input && !refusedRows.has(r.row) && !rowOf.has(r.contractNo)) rowOf.set(r.contractNo, r.row);
  return notices.map((n) => ({ row: rowOf.get(n.contractNo) ?? 0, contractNo: n.contractNo, field: FIELD_LABELS["enterprise.name"], message: n.message }));
}

/** Lets the requests waiting on the event loop (and, on PGlite, on its one connection) run: the page's progress polls. */
const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs a queued (or stalled) job so that its progress can be seen all the way while an import still never half-applies.
 * The file is read as a stream and each row goes through the form's schema (pure, once). Then ONE transaction reads
 * the filing context (loans filed, banks suspended or enterprises blacklisted until now count), applies the admission
 * rules to every row in order, a batch at a time, and writes each batch's good rows with their audit records; the
 * job's report and its own audit record commit with them.
 * - On PostgreSQL (`progressDuringWrite`) the rows checked and written so far are reported after every batch through
 *   another connection of the pool: one pass.
 * - PGlite has one connection and holds it for the whole of a transaction (STACK.md trap 2), so nothing could report
 *   or read progress during it. There the rows are first checked against the same context read in a transaction that
 *   is rolled back, with no transaction open while they are checked (progress written every PROGRESS_EVERY rows, other
 *   requests run in between); the write transaction then checks them again, and its check is the one that decides.
 * Returns null when another request holds the job.
 */
export async function runImportJob(db: Db, actor: Actor, bankOrgId: number, jobId: number, today: LegalDate, options: { progressDuringWrite?: boolean } = {}) {
  const [claimed] = await db
    .update(xdtImportJob)
    .set({ status: "running", heartbeatAt: new Date(), processedRows: 0, writtenRows: 0 })
    .where(and(eq(xdtImportJob.id, jobId), eq(xdtImportJob.bankOrgId, bankOrgId), or(eq(xdtImportJob.status, "queued"), and(eq(xdtImportJob.status, "running"), sql`${xdtImportJob.heartbeatAt} < now() - interval '2 minutes'`))))
    .returning({ fileName: xdtImportJob.fileName, content: xdtImportJob.content });
  if (!claimed) return null;
  const started = performance.now();
  const rows: SchemaCheckedRow[] = [];
  await scanSheet(claimed.fileName, claimed.content, (r) => rows.push(schemaCheck(r)));
  claimed.content = new Uint8Array(); // the file's bytes are not needed any more
  const keys = rows.map((r) => r.keys);
  const read = performance.now();
  const report = async (set: Partial<typeof xdtImportJob.$inferInsert>) => {
    await db.update(xdtImportJob).set({ ...set, heartbeatAt: new Date() }).where(eq(xdtImportJob.id, jobId));
    await yieldToOtherRequests();
  };
  if (!options.progressDuringWrite) {
    let preview: Awaited<ReturnType<typeof loadFilingContext>> | undefined;
    try {
      await db.transaction(async (tx) => {
        preview = await loadFilingContext(tx, actor, bankOrgId, today, keys, "import");
        tx.rollback();
      });
    } catch (err) {
      if (!(err instanceof TransactionRollbackError)) throw err;
    }
    let expected = 0;
    await checkRows(rows, preview!, () => expected++, (checked) => report({ processedRows: checked }));
    // okRows holds the rows expected to pass until the write decides
    await report({ processedRows: rows.length, okRows: expected });
  }
  let result = { ok: 0, bad: 0, report: [] as ImportReport };
  await db.transaction(async (tx) => {
    const ctx = await loadFilingContext(tx, actor, bankOrgId, today, keys, "import");
    const refused: ImportReport = [];
    let ok = 0;
    for (let k = 0; k < rows.length; k += WRITE_BATCH) {
      const drafts: ReturnType<typeof draftLoan>[] = [];
      refused.push(...(await checkRows(rows.slice(k, k + WRITE_BATCH), ctx, (d) => drafts.push(d))));
      ok += (await insertDrafts(tx, actor, drafts, "import", jobId)).length;
      if (options.progressDuringWrite) await report({ processedRows: Math.min(rows.length, k + WRITE_BATCH), writtenRows: ok });
    }
    const bad = new Set(refused.map((x) => x.row)).size;
    const warnings = rowNotices(rows, refused, ctx.notices);
    await tx.update(xdtImportJob).set({ status: "done", processedRows: rows.length, writtenRows: ok, okRows: ok, badRows: bad, report: refused, warnings, finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(xdtImportJob.id, jobId));
    await writeAudit(tx, actor, { entity: "xdt-import", entityId: jobId, action: "import", after: { rows: rows.length, imported: ok, refused: bad }, bankOrgId });
    result = { ok, bad, report: refused };
  });
  // one line per import for the operators: rows, outcome, and how long reading and checking-and-writing took
  console.log(JSON.stringify({ level: "info", msg: "import done", jobId, rows: rows.length, imported: result.ok, refused: result.bad, readMs: Math.round(read - started), checkWriteMs: Math.round(performance.now() - read), rssMb: Math.round(process.memoryUsage().rss / 1048576) }));
  return result;
}

export async function listImportJobs(tx: Tx, scope: Scope) {
  return tx
    .select({ id: xdtImportJob.id, fileName: xdtImportJob.fileName, status: xdtImportJob.status, totalRows: xdtImportJob.totalRows, processedRows: xdtImportJob.processedRows, okRows: xdtImportJob.okRows, badRows: xdtImportJob.badRows, createdByName: xdtImportJob.createdByName, createdAt: xdtImportJob.createdAt })
    .from(xdtImportJob)
    .where(bankFileCondition(scope, xdtImportJob.bankOrgId))
    .orderBy(desc(xdtImportJob.id))
    .limit(50);
}

/** Rejected rows a job page lists; all of them are in the download. */
export const REPORT_ROWS_SHOWN = 200;

export type ImportReportRow = { row: number; contractNo: string | null; field: string; message: string };

/** A job with the first rejected rows of its report (the report of a 100k-row file can hold 100k rows). */
export async function getImportJob(tx: Tx, scope: Scope, jobId: number) {
  const [job] = await tx
    .select({
      id: xdtImportJob.id,
      bankOrgId: xdtImportJob.bankOrgId,
      fileName: xdtImportJob.fileName,
      status: xdtImportJob.status,
      totalRows: xdtImportJob.totalRows,
      processedRows: xdtImportJob.processedRows,
      writtenRows: xdtImportJob.writtenRows,
      okRows: xdtImportJob.okRows,
      badRows: xdtImportJob.badRows,
      report: sql<ImportReportRow[] | null>`jsonb_path_query_array(${xdtImportJob.report}, ${`$[0 to ${REPORT_ROWS_SHOWN - 1}]`}::jsonpath)`,
      reportLength: sql<number>`coalesce(jsonb_array_length(${xdtImportJob.report}), 0)::int`,
      /** notices on rows that were imported (a registered code named with another name) */
      warnings: sql<ImportReportRow[] | null>`jsonb_path_query_array(${xdtImportJob.warnings}, ${`$[0 to ${REPORT_ROWS_SHOWN - 1}]`}::jsonpath)`,
      warningsLength: sql<number>`coalesce(jsonb_array_length(${xdtImportJob.warnings}), 0)::int`,
      error: xdtImportJob.error,
      createdByName: xdtImportJob.createdByName,
      createdAt: xdtImportJob.createdAt,
      finishedAt: xdtImportJob.finishedAt,
    })
    .from(xdtImportJob)
    .where(and(eq(xdtImportJob.id, jobId), bankFileCondition(scope, xdtImportJob.bankOrgId)));
  return job ? { ...job, report: job.report ?? [], reportLength: Number(job.reportLength), warnings: job.warnings ?? [], warningsLength: Number(job.warningsLength) } : null;
}

const REJECTION_COLUMNS: ExportColumn<ImportReportRow>[] = [
  { header: "行号", value: (r) => r.row },
  { header: "借款合同编号", value: (r) => r.contractNo },
  { header: "栏目", value: (r) => r.field },
  { header: "未导入原因", value: (r) => r.message },
];

/** Every rejected row of a job as a download, or null when the job is not in the user's scope. */
export async function importRejectionsResponse(tx: Tx, scope: Scope, jobId: number, format: "xlsx" | "csv") {
  const [job] = await tx
    .select({ id: xdtImportJob.id, report: xdtImportJob.report })
    .from(xdtImportJob)
    .where(and(eq(xdtImportJob.id, jobId), bankFileCondition(scope, xdtImportJob.bankOrgId)));
  if (!job) return null;
  const rows = (job.report as ImportReportRow[] | null) ?? [];
  return streamedExportResponse(format, `导入${job.id}未导入的行`, REJECTION_COLUMNS, (write) => write(rows));
}
