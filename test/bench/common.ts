/**
 * What both benchmarks share (test/bench/pages.ts, test/bench/load.ts): percentiles, the machine and database
 * they ran on, the demo users with their scope, real ids each user may open, and writing the results.
 * Benchmarks print figures and write them to test/bench/results/; they are never timed tests.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { scopeFor, type Scope } from "~/lib/permissions";
import type { Role } from "~/lib/roles";

export const RESULTS_DIR = path.resolve("test/bench/results");

// ---------------------------------------------------------------------------------------------- numbers

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, mean };
}

export const ms = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);
export const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits));

// ---------------------------------------------------------------------------------------------- command line

export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------- database

/** The rows of a raw `db.execute(sql…)`: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function query<T>(db: Db, q: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(q));
}

/** The database URL without credentials (for printing). */
export function describeUrl(url: string | undefined): string {
  if (!url) return "in-memory PGlite";
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "postgres (unparsable URL)";
  }
}

/** The tables whose size says how big the data set is (PRODUCT.md "Scale to design for"). */
export const SIZE_TABLES = ["xdt_loan", "fund_project", "posting", "xdt_claim", "audit_log"] as const;

export async function dataSize(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of SIZE_TABLES) {
    const [row] = await query<{ n: string | number }>(db, sql`select count(*)::bigint as n from ${sql.identifier(t)}`);
    out[t] = Number(row.n);
  }
  return out;
}

export interface DatabaseInfo {
  driver: "pglite" | "postgres";
  /** where (no credentials) */
  target: string;
  serverVersion: string;
  /** the client library and its version */
  client: string;
  dataSize: Record<string, number>;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.resolve("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

export async function databaseInfo(db: Db, driver: "pglite" | "postgres", url: string | undefined): Promise<DatabaseInfo> {
  const [v] = await query<{ server_version: string }>(db, sql`show server_version`);
  return {
    driver,
    target: driver === "postgres" ? describeUrl(url) : url ? `PGlite ${url}` : "in-memory PGlite",
    serverVersion: `PostgreSQL ${v.server_version}`,
    client: driver === "postgres" ? `postgres.js ${packageVersion("postgres")}` : `@electric-sql/pglite ${packageVersion("@electric-sql/pglite")}`,
    dataSize: await dataSize(db),
  };
}

// ---------------------------------------------------------------------------------------------- machine

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? "?",
    cpuCount: cpus.length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((os.freemem() / 2 ** 30).toFixed(1)),
    /** the machine is shared: the load when the run started says how much of it the run had */
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

// ---------------------------------------------------------------------------------------------- users and ids

export interface BenchUser {
  username: string;
  role: Role;
  orgId: number;
  orgKind: string;
  regionCode: string;
  scope: Scope;
}

/** The demo sign-ins (README "Demo sign-ins") as they are in this database, with their scope. */
export async function demoUsers(db: Db): Promise<BenchUser[]> {
  const names = DEMO_USERS.map((u) => u.username);
  const rows = await query<{ username: string; role: Role; org_id: number; org_kind: string; region_code: string }>(
    db,
    sql`select u.username, u.role, o.id::int as org_id, o.kind as org_kind, o.region_code
        from app_user u join organisation o on o.id = u.organisation_id
        where u.active and o.active and lower(u.username) in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`,
  );
  const byName = new Map(rows.map((r) => [r.username.toLowerCase(), r]));
  return names.flatMap((name) => {
    const r = byName.get(name);
    if (!r) return [];
    const orgId = Number(r.org_id);
    return [{ username: name, role: r.role, orgId, orgKind: r.org_kind, regionCode: r.region_code, scope: scopeFor({ role: r.role, orgId, regionCode: r.region_code }) }];
  });
}

/** Conditions that keep an id query inside a user's scope (the app applies the same in app/server/scope.server.ts). */
function inRegion(scope: Scope, column: SQL): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "region") return sql`${column} in (select r.code from region r where r.code = ${scope.regionCode} or r.parent_code = ${scope.regionCode})`;
  return sql`false`;
}
function ownedBy(scope: Scope, column: SQL): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "bank") return sql`${column} = ${scope.bankOrgId}`;
  if (scope.kind === "region")
    return sql`${column} in (select o.id from organisation o join region r on r.code = o.region_code where r.code = ${scope.regionCode} or r.parent_code = ${scope.regionCode})`;
  return sql`false`;
}

/**
 * One small query per route parameter, in the user's scope, preferring the records whose pages show the most
 * (a loan with a claim, a project with an allocation…). Up to three candidates each: the caller keeps the first
 * the app answers with 200 (the app's own reach rules are finer than these conditions).
 */
export const PARAM_QUERIES: Record<string, (u: BenchUser) => SQL> = {
  // the richer records first (a loan with a claim, a claim with a recovery…), then any; each branch reads an index
  loanId: (u) => sql`(select c.loan_id as id from xdt_claim c where ${ownedBy(u.scope, sql`c.bank_org_id`)} order by c.id desc limit 3)
      union all (select l.id from xdt_loan l where ${ownedBy(u.scope, sql`l.bank_org_id`)} order by l.id desc limit 3)`,
  claimId: (u) => sql`(select r.claim_id as id from xdt_recovery r where ${ownedBy(u.scope, sql`r.bank_org_id`)} order by r.id desc limit 3)
      union all (select c.id from xdt_claim c where ${ownedBy(u.scope, sql`c.bank_org_id`)} order by c.id desc limit 3)`,
  bankId: (u) => sql`select b.org_id as id from xdt_bank b where ${ownedBy(u.scope, sql`b.org_id`)} order by b.org_id limit 3`,
  accountId: (u) => sql`select a.id from ledger_account a where ${ownedBy(u.scope, sql`a.owner_org_id`)}
      order by (a.code like 'xdt:deposit:%') desc, a.id limit 3`,
  projectId: (u) => sql`(select a.project_id as id from fund_allocation a join fund_project p on p.id = a.project_id where ${inRegion(u.scope, sql`p.region_code`)} order by a.id desc limit 3)
      union all (select p.id from fund_project p where ${inRegion(u.scope, sql`p.region_code`)} order by p.id desc limit 3)`,
  enterpriseId: (u) => sql`(select l.enterprise_id as id from xdt_loan l join enterprise e on e.id = l.enterprise_id where ${inRegion(u.scope, sql`e.region_code`)} order by l.id desc limit 3)
      union all (select e.id from enterprise e where ${inRegion(u.scope, sql`e.region_code`)} order by e.id limit 3)`,
  findingId: (u) => sql`select f.id from audit_finding f
      where ${u.scope.kind === "bank" ? sql`f.bank_org_id = ${u.scope.bankOrgId}` : u.scope.kind === "region" ? inRegion(u.scope, sql`f.region_code`) : u.scope.kind === "all" ? sql`true` : sql`false`}
      order by f.id desc limit 3`,
  setId: () => sql`select s.id from evidence_set s order by s.id desc limit 3`,
  // never a queued job: opening a queued job's page starts it
  jobId: (u) => sql`select j.id from xdt_import_job j where ${ownedBy(u.scope, sql`j.bank_org_id`)} and j.status in ('done', 'failed') order by j.id desc limit 3`,
  orgId: () => sql`select o.id from organisation o order by o.id limit 3`,
  userId: () => sql`select u.id from app_user u order by u.id limit 3`,
  guideId: () => sql`select g.id from fund_guide g where g.published_on is not null order by g.id desc limit 3`,
};

/** Candidate ids per route parameter for one user ([] when the scope reaches none; absent when we have no query). */
export async function candidateIds(db: Db, user: BenchUser, params: readonly string[]): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const p of params) {
    const q = PARAM_QUERIES[p];
    if (!q) continue;
    out[p] = [...new Set((await query<{ id: string | number }>(db, q(user))).map((r) => Number(r.id)))].slice(0, 3);
  }
  return out;
}

/** The `:param` names of a route path. */
export function paramsOf(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
}

/** Fills a route path with one id per parameter. */
export function fillPath(pattern: string, ids: Record<string, number>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => String(ids[name]));
}

/**
 * Every combination to try, first the first candidates: at most `limit` (the page is then skipped when none answers).
 * A route with one parameter (every route here) simply tries its candidates in order.
 */
export function fillings(pattern: string, candidates: Record<string, number[]>, limit = 3): { url: string; ids: Record<string, number> }[] | { missing: string[] } {
  const names = paramsOf(pattern);
  const missing = names.filter((n) => !candidates[n] || candidates[n].length === 0);
  if (missing.length > 0) return { missing };
  let combos: Record<string, number>[] = [{}];
  for (const n of names) combos = combos.flatMap((c) => candidates[n].map((id) => ({ ...c, [n]: id })));
  return combos.slice(0, limit).map((ids) => ({ url: fillPath(pattern, ids), ids }));
}

// ---------------------------------------------------------------------------------------------- results

export function writeResults(name: string, json: unknown, markdown?: string): { json: string; md?: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  let mdPath: string | undefined;
  if (markdown !== undefined) {
    mdPath = path.join(RESULTS_DIR, `${name}.md`);
    writeFileSync(mdPath, markdown);
  }
  return { json: path.relative(process.cwd(), jsonPath), md: mdPath && path.relative(process.cwd(), mdPath) };
}

/** A Markdown table; numbers right-aligned. */
export function markdownTable(headers: string[], rows: (string | number)[][], numeric: boolean[] = headers.map(() => false)): string {
  const esc = (c: string | number) => String(c).replace(/\|/g, "\\|");
  const lines = [`| ${headers.map(esc).join(" | ")} |`, `|${numeric.map((n) => (n ? " ---: " : " --- ")).join("|")}|`];
  for (const r of rows) lines.push(`| ${r.map(esc).join(" | ")} |`);
  return lines.join("\n");
}

/** The machine and database lines every results file starts with. */
export function describeRun(machine: ReturnType<typeof machineInfo>, database: DatabaseInfo | null, date: string): string {
  const lines = [
    `- date: ${date}`,
    `- machine: ${machine.cpuCount} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, load average at start ${machine.loadAverage.join(" / ")}; ${machine.platform}; node ${machine.node}`,
  ];
  if (database) {
    lines.push(`- database: ${database.serverVersion} via ${database.client} (${database.target})`);
    lines.push(`- data size: ${Object.entries(database.dataSize).map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`).join(", ")}`);
  }
  return lines.join("\n");
}
