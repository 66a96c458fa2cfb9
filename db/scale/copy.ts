/**
 * Bulk writing for the scale data set: rows are encoded as COPY text (tab-separated) per table, collected in a
 * `Batch`, and a batch is written in ONE transaction (`COPY … FROM STDIN` per table, in the order the tables were
 * first used, so parents precede children) and committed. The ledger's deferred balance check runs at that COMMIT,
 * so a batch always holds whole journals. Every COPY names its columns: columns kept by triggers (stored figures)
 * are never written here, and a later migration that adds columns does not shift anything.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";

/** A value for one column: text, number, boolean, null, bytes (Uint8Array) or anything else as JSON. */
export type Cell = unknown;

/** COPY text format: \N for null, backslash escapes for backslash, tab, newline and carriage return. */
function encode(value: Cell): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`scale: not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "t" : "f";
  const s = typeof value === "string" ? value : value instanceof Uint8Array ? "\\x" + Buffer.from(value).toString("hex") : JSON.stringify(value);
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

const CHUNK_CHARS = 1 << 20;

class TableRows {
  chunks: string[] = [];
  current: string[] = [];
  currentChars = 0;
  rows = 0;
  constructor(readonly columns: readonly string[]) {}
  push(values: readonly Cell[]) {
    if (values.length !== this.columns.length) throw new Error(`scale: ${values.length} values for ${this.columns.length} columns (${this.columns.join(",")})`);
    let line = "";
    for (let i = 0; i < values.length; i++) line += (i ? "\t" : "") + encode(values[i]);
    line += "\n";
    this.current.push(line);
    this.currentChars += line.length;
    this.rows++;
    if (this.currentChars >= CHUNK_CHARS) this.seal();
  }
  seal() {
    if (this.current.length) this.chunks.push(this.current.join(""));
    this.current = [];
    this.currentChars = 0;
  }
}

/** Rows for several tables, written together in one transaction. */
export class Batch {
  readonly tables = new Map<string, TableRows>();
  constructor(readonly label: string) {}
  /** Fixes a table's place in the write order (and its columns) before any row is added. */
  declare(table: string, columns: readonly string[]): this {
    if (!this.tables.has(table)) this.tables.set(table, new TableRows(columns));
    return this;
  }
  /** Adds one row; the first call for a table fixes its column list (and its place in the write order). */
  add(table: string, columns: readonly string[], values: readonly Cell[]) {
    let t = this.tables.get(table);
    if (!t) {
      t = new TableRows(columns);
      this.tables.set(table, t);
    } else if (t.columns !== columns && t.columns.join() !== columns.join()) {
      throw new Error(`scale: ${table} written with two column lists in one batch`);
    }
    t.push(values);
  }
  get rows(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.rows;
    return n;
  }
}

/** Writes batches one at a time on one connection; the caller may build the next batch while one is written. */
export class Loader {
  private inflight: Promise<void> = Promise.resolve();
  readonly totals = new Map<string, number>();
  /** milliseconds spent writing each table (COPY until the server acknowledged it); "(commit)" = whole transactions */
  readonly busy = new Map<string, number>();
  private readonly started = Date.now();
  private lastPrint = 0;
  private readonly firstSeen = new Map<string, number>();
  private failed: unknown = null;
  private last: Batch | null = null;
  private lastPrinted: Batch | null = null;

  constructor(private readonly sql: postgres.Sql) {}

  /** Queues a batch: waits for the previous one to finish, then starts this one without waiting for it. */
  async submit(batch: Batch): Promise<void> {
    await this.inflight;
    if (this.failed) throw this.failed;
    if (batch.rows === 0) return;
    this.inflight = this.write(batch).catch((err) => {
      this.failed = err;
    });
  }

  async drain(): Promise<void> {
    await this.inflight;
    if (this.failed) throw this.failed;
    if (this.last) this.progress(this.last, true);
    this.last = null;
  }

  private async write(batch: Batch) {
    for (const t of batch.tables.keys()) if (!this.firstSeen.has(t)) this.firstSeen.set(t, Date.now());
    let copied = 0;
    await this.sql.begin(async (tx) => {
      for (const [table, rows] of batch.tables) {
        if (rows.rows === 0) continue;
        rows.seal();
        const cols = rows.columns.map((c) => `"${c}"`).join(", ");
        const t = Date.now();
        const stream = await tx.unsafe(`copy "${table}" (${cols}) from stdin`).writable();
        await pipeline(Readable.from(rows.chunks), stream);
        rows.chunks = [];
        this.busy.set(table, (this.busy.get(table) ?? 0) + Date.now() - t);
      }
      copied = Date.now();
    });
    // COMMIT runs the deferred checks (every journal balanced)
    this.busy.set("(commit)", (this.busy.get("(commit)") ?? 0) + Date.now() - copied);
    for (const [table, rows] of batch.tables) this.totals.set(table, (this.totals.get(table) ?? 0) + rows.rows);
    this.last = batch;
    this.progress(batch);
  }

  /** One line per batch at most every 2 s, and the last one of a phase (drain). */
  progress(batch: Batch, force = false) {
    const now = Date.now();
    if (!force && now - this.lastPrint < 2000) return;
    if (force && this.lastPrint >= now - 1 && this.lastPrinted === batch) return;
    this.lastPrinted = batch;
    this.lastPrint = now;
    const secs = (now - this.started) / 1000;
    const parts = [...batch.tables.keys()]
      .filter((t) => (this.totals.get(t) ?? 0) > 0)
      .map((t) => {
        const n = this.totals.get(t) ?? 0;
        const since = (now - (this.firstSeen.get(t) ?? now)) / 1000;
        return `${t} ${n.toLocaleString("en-US")}${since >= 1 ? ` (${Math.round(n / since).toLocaleString("en-US")}/s)` : ""}`;
      })
      .join(" · ");
    const total = [...this.totals.values()].reduce((a, b) => a + b, 0);
    console.log(`  [${batch.label}] ${parts} | 累计 total ${total.toLocaleString("en-US")} 行 rows, ${Math.round(total / Math.max(secs, 0.001)).toLocaleString("en-US")} 行/秒 rows/s, ${secs.toFixed(0)} s`);
  }

  totalRows(): number {
    return [...this.totals.values()].reduce((a, b) => a + b, 0);
  }
}
