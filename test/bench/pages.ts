/**
 * Benchmark: every page of the app, as each demo role that can see it, through Remix's own request handler
 * (the built app, real cookies, root and layout loaders, server rendering; no socket). Prints figures and writes
 * test/bench/results/pages.{json,md}; it is never a timed test.
 *
 *   npm run bench:pages                          # in-memory PGlite, migrated, demo data
 *   DATABASE_URL=postgres://… npm run bench:pages # an existing, filled database (never seeded or written to
 *                                                 # beyond what signing in and opening pages write: sessions, audit)
 *   BENCH_ROUNDS=20       timed requests per page and role, after one warm-up request that is discarded
 *   BENCH_PAGES=<regex>   only the routes whose path matches (trial runs)
 *   BENCH_USERS=a,b       only these demo users
 *   BENCH_PAGE_SECONDS=15 at most this long per page and role (at least 5 timed requests; n is reported)
 *   --no-fail             print and write, but exit 0 even when a page is over budget
 *   --ledger              also time ledger postings (in-memory PGlite only; the old `npm run bench` figure)
 *
 * Pages come from the build's route manifest: GET routes with a loader and a default component (resource routes —
 * exports, API, downloads — have no component). Route parameters are filled with real ids the user may open
 * (common.ts PARAM_QUERIES); routes that cannot be filled are listed. Budgets: p95 ≤ 150 ms on PostgreSQL,
 * ≤ 100 ms on PGlite; the figure pages ≤ 3× the best single SQL for their figures (best-sql.ts, compared on p50).
 */
import { performance } from "node:perf_hooks";
import { createRequestHandler } from "@remix-run/node";
import { type LegalDate, parseLegalDate } from "#rules";
import { todayInChina } from "~/lib/dates";
import { hashToken, SESSION_COOKIE } from "~/server/session.server";
import { SYSTEM_ACTOR } from "../../db/audit";
import { migrateDatabase, openDatabase, type DbHandle } from "../../db/client";
import { ensureAccount, postJournal } from "../../db/ledger";
import { seedDemo } from "../../db/seed";
import { Client, loadBuild, routeTable, signedIn } from "../support/app";
import { detectStoredFigures, figurePages, type FigureContext } from "./best-sql";
import {
  candidateIds,
  databaseInfo,
  demoUsers,
  describeRun,
  envNumber,
  fillings,
  fmt,
  hasFlag,
  machineInfo,
  markdownTable,
  ms,
  paramsOf,
  summarize,
  writeResults,
  type BenchUser,
  type Summary,
} from "./common";

const ROUNDS = Math.round(envNumber("BENCH_ROUNDS", 20));
const NO_FAIL = hasFlag("no-fail");
const PAGE_FILTER = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;
const USER_FILTER = process.env.BENCH_USERS ? new Set(process.env.BENCH_USERS.split(",").map((s) => s.trim())) : null;
const PAGE_SECONDS = envNumber("BENCH_PAGE_SECONDS", 15);
const PUBLIC = "(public)";
/** One user per pageable list for the deep-paging figure: the widest scope first. */
const DEEP_ORDER = ["auditor", "trustee", "finance", "industry", "xdt", "admin", "bank.a", "finance.gy", "industry.gy", "finance.zy", "bank.b"];
const DEEP_PAGE = 50;
const RATIO_BUDGET = 3;

interface PageResult {
  route: string;
  user: string;
  url: string;
  status: number;
  bytes: number;
  /** server time of the timed requests, ms */
  time: Summary;
  overBudget: boolean;
  deep?: boolean;
}

async function main() {
  const url = process.env.DATABASE_URL;
  const date = new Date().toISOString();
  const machine = machineInfo();
  const t0 = performance.now();
  let handle: DbHandle;
  if (url) {
    handle = await openDatabase({ databaseUrl: url, maxConnections: 10 });
    console.log(`database: ${describeDatabase(url)} (used as it is: not migrated, not seeded)`);
  } else {
    handle = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(handle);
    const tm = performance.now();
    await seedDemo(handle.db);
    console.log(`database: in-memory PGlite; migrate ${((tm - t0) / 1000).toFixed(1)} s, demo data ${((performance.now() - tm) / 1000).toFixed(1)} s`);
  }
  globalThis.__zjtDb = Promise.resolve(handle);
  const db = handle.db;
  const database = await databaseInfo(db, handle.driver, url);
  const budgetMs = handle.driver === "postgres" ? 150 : 100;
  console.log(describeRun(machine, database, date));
  console.log(`rounds: ${ROUNDS} timed requests per page and role, after 1 discarded warm-up; budget p95 ≤ ${budgetMs} ms, figure pages ≤ ${RATIO_BUDGET}× best SQL (p50)\n`);

  // ------------------------------------------------------------------ pages and who may see them
  const build = await loadBuild();
  const handler = createRequestHandler(build, "production");
  const routes = (await routeTable())
    .filter((r) => r.hasLoader && r.hasComponent)
    .filter((r) => !PAGE_FILTER || PAGE_FILTER.test(r.path))
    .sort((a, b) => a.path.localeCompare(b.path));
  const users = (await demoUsers(db)).filter((u) => !USER_FILTER || USER_FILTER.has(u.username));
  if (users.length === 0) console.log("warning: none of the demo sign-ins exists in this database: only the public pages can be timed");
  const clients = new Map<string, Client>();
  for (const u of users) clients.set(u.username, await signedIn(u.username));
  const allParams = [...new Set(routes.flatMap((r) => paramsOf(r.path)))];
  const candidates = new Map<string, Record<string, number[]>>();
  for (const u of users) candidates.set(u.username, await candidateIds(db, u, allParams));
  // public pages (outside the signed-in layout): as a visitor with no session; ids from the unscoped queries
  const visitor: BenchUser = { username: PUBLIC, role: "auditor", orgId: 0, orgKind: "", regionCode: "", scope: { kind: "all" } };
  candidates.set(PUBLIC, await candidateIds(db, visitor, allParams));

  let requestNo = 0;
  async function hit(client: Client | null, path: string, keepBody = false) {
    const headers = new Headers({ Host: "localhost", "User-Agent": "zjt-bench" });
    if (client) headers.set("Cookie", client.cookieHeader());
    const request = new Request(`http://localhost${path}`, { headers });
    const t = performance.now();
    const res = await handler(request, { ip: "10.77.0.1", requestId: `bench-${++requestNo}` });
    const body = await res.arrayBuffer();
    const elapsed = performance.now() - t;
    return { status: res.status, bytes: body.byteLength, ms: elapsed, text: keepBody ? new TextDecoder().decode(body) : "" };
  }
  async function timeRounds(client: Client | null, path: string) {
    const samples: number[] = [];
    let status = 0;
    let bytes = 0;
    const started = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await hit(client, path);
      samples.push(r.ms);
      status = r.status;
      bytes = r.bytes;
      // a slow page on a large data set: stop after BENCH_PAGE_SECONDS, with at least 5 samples (n is reported)
      if (samples.length >= 5 && performance.now() - started > PAGE_SECONDS * 1000) break;
    }
    return { time: summarize(samples), status, bytes };
  }

  const results: PageResult[] = [];
  const unfilled: { route: string; user: string; missing: string[] }[] = [];
  const notVisible: { route: string; user: string; status: number }[] = [];
  const errors: { route: string; user: string; url: string; status: number; snippet: string }[] = [];
  const pageable = new Map<string, { user: string; url: string }[]>();
  const tp = performance.now();

  for (const route of routes) {
    const isPublic = !route.id.startsWith("routes/_app.");
    const who: string[] = isPublic ? [PUBLIC] : users.map((u) => u.username);
    for (const username of who) {
      const client = username === PUBLIC ? null : clients.get(username)!;
      const fill = fillings(route.path, candidates.get(username)!);
      if ("missing" in fill) {
        unfilled.push({ route: route.path, user: username, missing: fill.missing });
        continue;
      }
      let chosen: { url: string; warm: Awaited<ReturnType<typeof hit>> } | null = null;
      let lastStatus = 0;
      for (const f of fill) {
        const warm = await hit(client, f.url, true);
        lastStatus = warm.status;
        if (warm.status === 200 || warm.status >= 500) {
          chosen = { url: f.url, warm };
          break;
        }
      }
      if (!chosen) {
        notVisible.push({ route: route.path, user: username, status: lastStatus });
        continue;
      }
      if (chosen.warm.status >= 500) {
        const snippet = chosen.warm.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
        errors.push({ route: route.path, user: username, url: chosen.url, status: chosen.warm.status, snippet });
        results.push({ route: route.path, user: username, url: chosen.url, status: chosen.warm.status, bytes: chosen.warm.bytes, time: summarize([chosen.warm.ms]), overBudget: false });
        console.log(`  ${chosen.warm.status} ${chosen.url} as ${username}: ${snippet.slice(0, 120)}`);
        continue;
      }
      if (chosen.warm.text.includes('class="pager"') && !chosen.url.includes("?")) {
        pageable.set(route.path, [...(pageable.get(route.path) ?? []), { user: username, url: chosen.url }]);
      }
      const r = await timeRounds(client, chosen.url);
      results.push({ route: route.path, user: username, url: chosen.url, status: r.status, bytes: r.bytes, time: r.time, overBudget: r.status === 200 && r.time.p95 > budgetMs });
      if (r.status !== 200 && r.status >= 500) errors.push({ route: route.path, user: username, url: chosen.url, status: r.status, snippet: "(failed after the warm-up)" });
    }
    process.stdout.write(".");
  }
  process.stdout.write("\n");

  // ------------------------------------------------------------------ deep paging
  for (const [route, seen] of pageable) {
    const pick = DEEP_ORDER.map((n) => seen.find((s) => s.user === n)).find(Boolean) ?? seen[0];
    const client = pick.user === PUBLIC ? null : clients.get(pick.user)!;
    const deepUrl = `${pick.url}?page=${DEEP_PAGE}`;
    await hit(client, deepUrl);
    const r = await timeRounds(client, deepUrl);
    results.push({ route, user: pick.user, url: deepUrl, status: r.status, bytes: r.bytes, time: r.time, overBudget: r.status === 200 && r.time.p95 > budgetMs, deep: true });
    if (r.status >= 500) errors.push({ route, user: pick.user, url: deepUrl, status: r.status, snippet: "(deep page)" });
  }
  const pagesSeconds = (performance.now() - tp) / 1000;

  // ------------------------------------------------------------------ figure pages against their best SQL
  const stored = await detectStoredFigures(db);
  const today: LegalDate = parseLegalDate(todayInChina());
  const contexts = new Map<string, FigureContext>();
  for (const u of users) {
    const token = clients.get(u.username)!.cookies.get(SESSION_COOKIE);
    if (token) contexts.set(u.username, { user: u, tokenHash: hashToken(token), today, stored });
  }
  const figures: { page: string; user: string; url: string; pageP50: number | null; pageP95: number | null; sql: Summary | null; ratio: number | null; overBudget: boolean; error?: string }[] = [];
  for (const f of figurePages(contexts)) {
    const page = results.find((r) => r.url === f.url && r.user === f.username && !r.deep);
    if (PAGE_FILTER && !page) continue;
    try {
      await db.execute(f.sql);
      const samples: number[] = [];
      const started = performance.now();
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await db.execute(f.sql);
        samples.push(performance.now() - t);
        if (samples.length >= 5 && performance.now() - started > PAGE_SECONDS * 1000) break;
      }
      const s = summarize(samples);
      const ratio = page && page.status === 200 ? page.time.p50 / s.p50 : null;
      figures.push({ page: f.page, user: f.username, url: f.url, pageP50: page?.time.p50 ?? null, pageP95: page?.time.p95 ?? null, sql: s, ratio, overBudget: ratio !== null && ratio > RATIO_BUDGET });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      figures.push({ page: f.page, user: f.username, url: f.url, pageP50: page?.time.p50 ?? null, pageP95: page?.time.p95 ?? null, sql: null, ratio: null, overBudget: false, error: message.slice(0, 300) });
      console.log(`  best SQL for ${f.page} as ${f.username} failed: ${message.slice(0, 200)}`);
    }
  }

  // ------------------------------------------------------------------ ledger postings (optional, the old figure)
  let ledger: { journals: number; perSecond: number } | null = null;
  if (hasFlag("ledger")) {
    if (url) console.log("--ledger is skipped on DATABASE_URL: it writes journals, which are append-only");
    else ledger = await ledgerPostings(handle);
  }

  // ------------------------------------------------------------------ report
  const overBudget = results.filter((r) => r.overBudget);
  const ratioOver = figures.filter((f) => f.overBudget);
  const rowsOf = (list: PageResult[]) =>
    list.map((r) => [r.route, r.user, r.url + (r.deep ? " (deep)" : ""), r.status, r.time.n, fmt(r.time.p50), fmt(r.time.p95), fmt(r.time.max), (r.bytes / 1024).toFixed(1), r.overBudget ? "OVER" : r.status === 200 ? "ok" : "error"]);
  const headers = ["route", "user", "url", "status", "n", "p50 ms", "p95 ms", "max ms", "KiB", `p95 ≤ ${budgetMs}`];
  const numeric = [false, false, false, true, true, true, true, true, true, false];
  const slowest = [...results].filter((r) => r.status === 200).sort((a, b) => b.time.p95 - a.time.p95).slice(0, 15);
  const figureRows = figures.map((f) => [f.page, f.user, fmt(f.pageP50), fmt(f.pageP95), f.sql ? fmt(f.sql.p50, 2) : "—", f.sql ? fmt(f.sql.p95, 2) : "—", f.ratio === null ? (f.error ? `SQL error` : "—") : `${f.ratio.toFixed(2)}×`, f.overBudget ? "OVER" : f.ratio === null ? "—" : "ok"]);
  const figureHeaders = ["page", "user", "page p50 ms", "page p95 ms", "best SQL p50 ms", "best SQL p95 ms", "page / SQL (p50)", `≤ ${RATIO_BUDGET}×`];
  const figureNumeric = [false, false, true, true, true, true, true, false];
  // what any page costs at least (session, root and layout loaders with the 待办 badge, rendering): the cheapest page per user
  const floor = [...new Set(results.map((r) => r.user))].flatMap((user) => {
    const cheapest = results.filter((r) => r.user === user && r.status === 200 && !r.deep).sort((a, b) => a.time.p50 - b.time.p50)[0];
    return cheapest ? [{ user, url: cheapest.url, p50: cheapest.time.p50 }] : [];
  });
  const floorRows = floor.map((f) => [f.user, f.url, fmt(f.p50)]);

  const md = [
    `# Page benchmark`,
    ``,
    describeRun(machine, database, date),
    `- requests: through Remix's request handler in one process (no socket, no compression); ${ROUNDS} timed per page and role after 1 discarded warm-up; bytes are the uncompressed HTML`,
    `- budgets: p95 ≤ ${budgetMs} ms per page (${handle.driver}); figure pages ≤ ${RATIO_BUDGET}× their best single SQL (p50 against p50); stored figures used by the best SQL: ${Object.entries(stored).filter(([, v]) => v).map(([k]) => k).join(", ") || "none (raw history)"}`,
    `- ${results.filter((r) => !r.deep).length} page × user combinations and ${results.filter((r) => r.deep).length} deep pages timed in ${pagesSeconds.toFixed(0)} s; ${overBudget.length} over the time budget, ${ratioOver.length} over the ratio budget, ${errors.length} errors`,
    ``,
    `## Slowest 15 (by p95)`,
    ``,
    markdownTable(headers, rowsOf(slowest), numeric),
    ``,
    `## Figure pages against their best SQL`,
    ``,
    markdownTable(figureHeaders, figureRows, figureNumeric),
    ``,
    `## The cheapest page per user (what every page costs at least: session, root and layout loaders, rendering)`,
    ``,
    markdownTable(["user", "page", "p50 ms"], floorRows, [false, false, true]),
    ``,
    `## Every page`,
    ``,
    markdownTable(headers, rowsOf(results), numeric),
    ``,
    `## Routes that could not be filled`,
    ``,
    unfilled.length ? markdownTable(["route", "user", "no id for"], summariseUnfilled(unfilled)) : "none",
    ``,
    `## Not visible (the warm-up answered 3xx/4xx for every candidate)`,
    ``,
    notVisible.length ? markdownTable(["route", "users (status)"], summariseNotVisible(notVisible)) : "none",
    ``,
    `## Errors`,
    ``,
    errors.length ? markdownTable(["route", "user", "url", "status", "text"], errors.map((e) => [e.route, e.user, e.url, e.status, e.snippet])) : "none",
    ``,
  ].join("\n");

  const json = {
    date,
    machine,
    database,
    settings: { rounds: ROUNDS, warmup: 1, pageSecondsCap: PAGE_SECONDS, budgetP95Ms: budgetMs, ratioBudget: RATIO_BUDGET, deepPage: DEEP_PAGE, pageFilter: process.env.BENCH_PAGES ?? null, userFilter: process.env.BENCH_USERS ?? null },
    storedFigures: stored,
    pages: results.map((r) => ({ route: r.route, user: r.user, url: r.url, deep: Boolean(r.deep), status: r.status, bytes: r.bytes, n: r.time.n, p50: ms(r.time.p50), p95: ms(r.time.p95), max: ms(r.time.max), mean: ms(r.time.mean), overBudget: r.overBudget })),
    figures: figures.map((f) => ({ page: f.page, user: f.user, url: f.url, pageP50: f.pageP50 === null ? null : ms(f.pageP50), pageP95: f.pageP95 === null ? null : ms(f.pageP95), sqlP50: f.sql ? ms(f.sql.p50) : null, sqlP95: f.sql ? ms(f.sql.p95) : null, ratio: f.ratio === null ? null : Number(f.ratio.toFixed(2)), overBudget: f.overBudget, error: f.error ?? null })),
    cheapestPagePerUser: floor.map((f) => ({ ...f, p50: ms(f.p50) })),
    unfilled,
    notVisible,
    errors,
    overBudget: overBudget.map((r) => ({ route: r.route, user: r.user, url: r.url, p95: ms(r.time.p95) })),
    ratioOverBudget: ratioOver.map((f) => ({ page: f.page, user: f.user, ratio: f.ratio === null ? null : Number(f.ratio.toFixed(2)) })),
    ledger,
  };
  const written = writeResults("pages", json, md);

  console.log(`\n${markdownTable(headers, rowsOf(results), numeric)}\n`);
  console.log(`slowest 15 by p95:\n${markdownTable(headers, rowsOf(slowest), numeric)}\n`);
  console.log(`figure pages against their best SQL:\n${markdownTable(figureHeaders, figureRows, figureNumeric)}\n`);
  console.log(`cheapest page per user:\n${markdownTable(["user", "page", "p50 ms"], floorRows, [false, false, true])}\n`);
  if (unfilled.length) console.log(`could not fill:\n${markdownTable(["route", "user", "no id for"], summariseUnfilled(unfilled))}\n`);
  if (errors.length) console.log(`errors:\n${errors.map((e) => `  ${e.status} ${e.url} as ${e.user}: ${e.snippet}`).join("\n")}\n`);
  if (ledger) console.log(`ledger: ${ledger.journals} journals (2 postings + audit record each) at ${ledger.perSecond} journals/s\n`);
  console.log(`written: ${written.json}, ${written.md}`);

  const failed = overBudget.length > 0 || ratioOver.length > 0 || errors.length > 0;
  if (failed) {
    console.log(`\nOVER BUDGET:`);
    for (const r of overBudget) console.log(`  p95 ${fmt(r.time.p95)} ms > ${budgetMs} ms  ${r.url} as ${r.user}`);
    for (const f of ratioOver) console.log(`  ${f.ratio!.toFixed(2)}× > ${RATIO_BUDGET}× best SQL  ${f.url} as ${f.user}`);
    for (const e of errors) console.log(`  error ${e.status}  ${e.url} as ${e.user}`);
  } else console.log(`\nall pages within budget`);
  await handle.close();
  return failed && !NO_FAIL ? 1 : 0;
}

function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}

function summariseUnfilled(list: { route: string; user: string; missing: string[] }[]): string[][] {
  const by = new Map<string, { users: string[]; missing: Set<string> }>();
  for (const u of list) {
    const e = by.get(u.route) ?? { users: [], missing: new Set<string>() };
    e.users.push(u.user);
    u.missing.forEach((m) => e.missing.add(m));
    by.set(u.route, e);
  }
  return [...by].map(([route, e]) => [route, e.users.join(", "), [...e.missing].join(", ")]);
}

function summariseNotVisible(list: { route: string; user: string; status: number }[]): string[][] {
  const by = new Map<string, string[]>();
  for (const n of list) by.set(n.route, [...(by.get(n.route) ?? []), `${n.user} (${n.status})`]);
  return [...by].map(([route, users]) => [route, users.join(", ")]);
}

/** Sequential balanced postings with audit, one transaction each (in-memory PGlite only). */
async function ledgerPostings(handle: DbHandle) {
  const a = await ensureAccount(handle.db, { code: "bench:a", name: "bench A", kind: "asset", book: "xdt" });
  const b = await ensureAccount(handle.db, { code: "bench:b", name: "bench B", kind: "equity", book: "xdt" });
  const n = 500;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await handle.db.transaction((tx) =>
      postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: `bench:${i}`, kind: "bench", memo: "bench", valueDate: "2026-01-01", postings: [{ accountId: a.id, amountFen: 100 }, { accountId: b.id, amountFen: -100 }] }),
    );
  }
  return { journals: n, perSecond: Math.round(n / ((performance.now() - t) / 1000)) };
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
