import ExcelJS from "exceljs";

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | null;
  /** amounts in fen: written as yuan with two decimals */
  fen?: boolean;
}

/** Spreadsheet injection guard: text that Excel would read as a formula is prefixed with an apostrophe. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cellValue<T>(col: ExportColumn<T>, row: T): string | number | null {
  const v = col.value(row);
  if (v === null || v === undefined) return null;
  if (col.fen && typeof v === "number") {
    // exact decimal text first, then the nearest number for Excel's own arithmetic
    const abs = Math.abs(v);
    return Number(`${v < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`);
  }
  return typeof v === "string" ? safeText(v) : v;
}

/** One sheet of rows with a bold header row (amounts in fen as yuan, text guarded against formulas). */
export function addSheet<T>(workbook: ExcelJS.Workbook, title: string, columns: ExportColumn<T>[], rows: T[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(title.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.header, width: Math.max(10, c.header.length * 2 + 4), style: c.fen ? { numFmt: "#,##0.00" } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => cellValue(c, row)));
  return sheet;
}

export function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "资金通";
  return workbook;
}

/** Builds an .xlsx or UTF-8 (BOM) .csv download of the rows — exceljs writes both. */
export async function exportResponse<T>(format: "xlsx" | "csv", title: string, columns: ExportColumn<T>[], rows: T[]): Promise<Response> {
  const workbook = newWorkbook();
  addSheet(workbook, title, columns, rows);
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${title}-${stamp}.${format}`;
  const body =
    format === "xlsx"
      ? Buffer.from(await workbook.xlsx.writeBuffer())
      : Buffer.concat([Buffer.from("\ufeff"), Buffer.from(await workbook.csv.writeBuffer())]);
  return downloadResponse(body, format, filename);
}

/** A file download that is never cached. */
export function downloadResponse(body: Buffer<ArrayBuffer>, format: "xlsx" | "csv", filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "no-store",
    },
  });
}
