import { sql, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "#db/client";
import type { Tx } from "./db.server";

import { COUNT_CAP, PAGE_SIZE } from "~/lib/list";

export { PAGE_SIZE };

/**
 * A list's row count up to COUNT_CAP + 1 (the pager shows "more than COUNT_CAP" past it): `rows` is the list's query
 * without order, limit or offset, selecting anything (e.g. `select({ one: sql\`1\` })`).
 */
export async function countUpTo(tx: Tx, rows: SQLWrapper): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (${rows} limit ${COUNT_CAP + 1}) as capped`));
  return Number(r.n);
}
/** An export is capped so one request cannot build an unbounded file; the page says so when it is hit. */
export const EXPORT_LIMIT = 50_000;
/** A list export is streamed (issue 11 §5): read in batches of this many rows, up to EXPORT_STREAM_LIMIT rows. */
export const EXPORT_BATCH = 5_000;
export const EXPORT_STREAM_LIMIT = 500_000;
/** The batch an export asks a list for (set by the export route on its own copy of the URL, never by a user). */
export const EXPORT_BATCH_PARAM = "exportBatch";

/** The page's URL for batch `n` of its export. */
export function exportBatchUrl(url: URL, n: number): URL {
  const copy = new URL(url);
  copy.searchParams.set(EXPORT_BATCH_PARAM, String(n));
  return copy;
}

/** Which rows batch `url` asks for (the export route's batches; a page's own URL has none: batch 0). */
export function exportBatchOf(url: URL): { limit: number; offset: number } {
  const n = Number(url.searchParams.get(EXPORT_BATCH_PARAM) ?? 0);
  const batch = Number.isSafeInteger(n) && n >= 0 && n < EXPORT_STREAM_LIMIT / EXPORT_BATCH ? n : 0;
  return { limit: EXPORT_BATCH, offset: batch * EXPORT_BATCH };
}

export interface ListParams<S extends string> {
  q: string;
  page: number;
  sort: S;
  dir: "asc" | "desc";
  limit: number;
  offset: number;
}

/**
 * Search, sort and page from the URL; unknown values fall back to defaults instead of failing.
 * The export route (/export/:table) passes `exporting`: the same filters and sort, one batch of the export at a time.
 */
export function parseListParams<S extends string>(url: URL, sorts: readonly [S, ...S[]], defaultSort: S, defaultDir: "asc" | "desc" = "desc", exporting = false): ListParams<S> {
  const p = url.searchParams;
  const schema = z.object({
    q: z.string().trim().max(100).catch(""),
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    sort: z.enum(sorts).catch(defaultSort),
    dir: z.enum(["asc", "desc"]).catch(defaultDir),
  });
  const parsed = schema.parse({ q: p.get("q") ?? "", page: p.get("page") ?? 1, sort: p.get("sort") ?? defaultSort, dir: p.get("dir") ?? defaultDir });
  return {
    q: parsed.q,
    page: parsed.page,
    sort: parsed.sort as S,
    dir: parsed.dir,
    ...(exporting ? exportBatchOf(url) : { limit: PAGE_SIZE, offset: (parsed.page - 1) * PAGE_SIZE }),
  };
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
