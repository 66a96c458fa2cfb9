import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { formatTimestamp } from "~/lib/dates";

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

function downloadHeaders(format: "xlsx" | "csv", filename: string): HeadersInit {
  return {
    "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    "Cache-Control": "no-store",
  };
}

/** A file download that is never cached. */
export function downloadResponse(body: Buffer<ArrayBuffer>, format: "xlsx" | "csv", filename: string): Response {
  return new Response(body, { headers: downloadHeaders(format, filename) });
}

/** A CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface RowSink<T> {
  rows(rows: T[]): Promise<void>;
  end(): Promise<void>;
}

/**
 * Waits while the client has not read what was written (flat memory whatever the export's size); a download the
 * client abandoned ends the export at once instead of holding its transaction until the idle timeout.
 */
async function drained(out: PassThrough): Promise<void> {
  if (out.destroyed) throw new Error("download closed by the client");
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off("drain", onDrain);
      out.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error("download closed by the client"));
    out.once("drain", onDrain);
    out.once("close", onClose);
  });
}

function csvSink<T>(out: PassThrough, columns: ExportColumn<T>[]): RowSink<T> {
  out.write("\ufeff" + columns.map((c) => csvField(c.header)).join(",") + "\n");
  return {
    async rows(rows) {
      out.write(rows.map((row) => columns.map((c) => csvField(cellValue(c, row))).join(",")).join("\n") + (rows.length > 0 ? "\n" : ""));
      await drained(out);
    },
    async end() {
      out.end();
    },
  };
}

function xlsxSink<T>(out: PassThrough, title: string, columns: ExportColumn<T>[]): RowSink<T> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "资金通";
  const sheet = workbook.addWorksheet(title.slice(0, 31));
  sheet.columns = columns.map((c) => ({ key: c.header, width: Math.max(10, c.header.length * 2 + 4) }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  return {
    async rows(rows) {
      for (const row of rows) {
        const r = sheet.addRow(columns.map((c) => cellValue(c, row)));
        columns.forEach((c, i) => {
          if (c.fen) r.getCell(i + 1).numFmt = "#,##0.00";
        });
        r.commit();
      }
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * A streamed .xlsx or UTF-8 (BOM) .csv download (issue 11 §5): `produce` hands over the rows batch by batch and the
 * file is written as they come, so the first bytes leave at once and memory stays flat for hundreds of thousands of
 * rows. The response starts before the rows are read; an error while producing ends the download early (the client
 * sees a broken file, never a half-file presented as whole).
 */
export function streamedExportResponse<T>(format: "xlsx" | "csv", title: string, columns: ExportColumn<T>[], produce: (write: (rows: T[]) => Promise<void>) => Promise<void>): Response {
  const out = new PassThrough();
  const sink = format === "xlsx" ? xlsxSink(out, title, columns) : csvSink(out, columns);
  produce((rows) => sink.rows(rows))
    .then(() => sink.end())
    .catch((err: unknown) => {
      console.error(JSON.stringify({ level: "error", msg: "export failed while streaming", title, error: err instanceof Error ? err.message : String(err) }));
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  // when it was made, in Beijing time as every time the app shows (a UTC date is yesterday's before 08:00)
  const stamp = formatTimestamp(new Date()).slice(0, 16).replace(" ", "-").replace(":", "");
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { headers: downloadHeaders(format, `${title}-${stamp}.${format}`) });
}
