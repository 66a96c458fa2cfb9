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
 * The export route (/export/:table) passes `exporting`: the same filters, every page, up to EXPORT_LIMIT rows.
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
    limit: exporting ? EXPORT_LIMIT : PAGE_SIZE,
    offset: exporting ? 0 : (parsed.page - 1) * PAGE_SIZE,
  };
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
