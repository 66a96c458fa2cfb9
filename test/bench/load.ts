/**
 * Load benchmark: many signed-in users opening a mix of pages against the real HTTP server (app/http-server.js
 * started as a child process on 127.0.0.1), driven by autocannon for a fixed time with bounded concurrency.
 * Prints requests/s, latency percentiles and errors; writes test/bench/results/load.json. Never a timed test.
 *
 *   npm run bench:load                            # a fresh PGlite data dir with the demo data (temporary)
 *   PGLITE_DIR=… npm run bench:load               # a prepared PGlite data dir (the server is its only process)
 *   DATABASE_URL=postgres://… npm run bench:load  # an existing, filled database (not seeded)
 *   LOAD_DURATION=20  seconds of load     LOAD_USERS=20  signed-in users (sessions) across the demo roles
 *   LOAD_CONNECTIONS=<users>  concurrent connections (each connection is one user)
 *   --no-fail  print and write, but exit 0 when the budget is not met
 *
 * Each user's mix is what its role reaches from the navigation (NAV filtered by permission) plus the detail pages of
 * records in its scope (a loan, a claim, its bank, a project, an enterprise), each checked once to answer 200.
 * Budget: ≥ 200 requests/s with p99 ≤ 500 ms and no errors. The server is stopped at the end, always.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { count } from "drizzle-orm";
import autocannon from "autocannon";
import { NAV } from "~/lib/nav";
import { can } from "~/lib/permissions";
import { migrateDatabase, openDatabase } from "../../db/client";
import { organisation } from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { DEMO_PASSWORD } from "../../db/seed/demo-users";
import {
  candidateIds,
  databaseInfo,
  demoUsers,
  describeRun,
  envNumber,
  fmt,
  hasFlag,
  machineInfo,
  markdownTable,
  type BenchUser,
  type DatabaseInfo,
  writeResults,
} from "./common";

const DURATION = envNumber("LOAD_DURATION", 20);
const USERS = Math.round(envNumber("LOAD_USERS", 20));
const CONNECTIONS = Math.round(envNumber("LOAD_CONNECTIONS", USERS));
const NO_FAIL = hasFlag("no-fail");
const BUDGET = { requestsPerSecond: 200, p99Ms: 500 };
const HOST = "127.0.0.1";
/** The order users are handed out: the busiest roles first, then round again. */
const ROLE_ORDER = ["bank.a", "bank.b", "trustee", "finance", "industry", "xdt", "auditor", "finance.gy", "finance.zy", "industry.gy", "admin"];
/** Detail pages per role, filled with an id in the user's scope (PARAM_QUERIES in common.ts). */
const DETAIL_PAGES = ["/xdt/loans/:loanId", "/xdt/claims/:claimId", "/xdt/banks/:bankId", "/funds/projects/:projectId", "/enterprises/:enterpriseId"];

let server: ChildProcess | null = null;
let serverLog = "";

/** Stops the child server: SIGTERM (it closes its database and exits), then SIGKILL if it lingers. */
async function stopServer(): Promise<void> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
// a crash or ^C of this script must not leave the server running
process.on("exit", () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void stopServer().finally(() => process.exit(130));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(base: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!server || server.exitCode !== null) throw new Error(`the server exited before it answered:\n${serverLog.slice(-2000)}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s:\n${serverLog.slice(-2000)}`);
}

function cookiesOf(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair.indexOf("=");
    if (i > 0) out.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  return out;
}

/** Signs in over HTTP as the login form does: GET /login sets the anonymous CSRF cookie, the form posts it back. */
async function signInOverHttp(base: string, username: string): Promise<string> {
  const page = await fetch(`${base}/login`, { redirect: "manual" });
  const jar = cookiesOf(page);
  const html = await page.text();
  const token = /name="csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"[^>]*name="csrf"/.exec(html)?.[1] ?? (jar.get("zjt_csrf") ? decodeURIComponent(jar.get("zjt_csrf")!) : null);
  if (!token) throw new Error("no CSRF token on /login");
  const body = new URLSearchParams({ csrf: token, username, password: DEMO_PASSWORD, redirectTo: "/" });
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
  });
  const session = cookiesOf(res).get("zjt_session");
  if (res.status !== 302 || !session) throw new Error(`sign-in as ${username} failed: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return `zjt_session=${session}`;
}

interface LoadUser {
  username: string;
  cookie: string;
  pages: string[];
}

async function main() {
  const date = new Date().toISOString();
  const machine = machineInfo();
  const url = process.env.DATABASE_URL;
  let pgliteDir = process.env.PGLITE_DIR ? path.resolve(process.env.PGLITE_DIR) : null;
  let tempDir: string | null = null;

  // ------------------------------------------------------------------ the database: prepared, then closed for the server
  const t0 = performance.now();
  if (!url && !pgliteDir) {
    tempDir = mkdtempSync(path.join(os.tmpdir(), "zjt-bench-load-"));
    pgliteDir = path.join(tempDir, "pglite");
  }
  let database: DatabaseInfo;
  let users: BenchUser[];
  const ids = new Map<string, Record<string, number[]>>();
  let exitCode = 0;
  try {
    const handle = url ? await openDatabase({ databaseUrl: url, maxConnections: 2 }) : await openDatabase({ pgliteDir: pgliteDir! });
    try {
      if (!url) {
        await migrateDatabase(handle);
        const [{ n }] = await handle.db.select({ n: count() }).from(organisation);
        if (n === 0) await seedDemo(handle.db);
      }
      database = await databaseInfo(handle.db, handle.driver, url ?? pgliteDir!);
      users = await demoUsers(handle.db);
      for (const u of users) ids.set(u.username, await candidateIds(handle.db, u, ["loanId", "claimId", "bankId", "projectId", "enterpriseId"]));
    } finally {
      await handle.close();
    }
    console.log(describeRun(machine, database, date));
    console.log(`database ready in ${((performance.now() - t0) / 1000).toFixed(1)} s${tempDir ? ` (temporary PGlite data dir ${pgliteDir})` : ""}`);

    // ------------------------------------------------------------------ the server
    const port = await freePort();
    const base = `http://${HOST}:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, NODE_ENV: "production" };
    if (url) delete env.PGLITE_DIR;
    else {
      delete env.DATABASE_URL;
      env.PGLITE_DIR = pgliteDir!;
    }
    const child = spawn(process.execPath, ["app/http-server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
    server = child;
    const keep = (chunk: Buffer) => {
      serverLog = (serverLog + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const ts = performance.now();
    await waitUntilUp(base);
    console.log(`server pid ${child.pid} up at ${base} in ${((performance.now() - ts) / 1000).toFixed(1)} s`);

    // ------------------------------------------------------------------ users and their pages
    const byName = new Map(users.map((u) => [u.username, u]));
    const order = ROLE_ORDER.filter((n) => byName.has(n));
    if (order.length === 0) throw new Error("none of the demo users exists in this database");
    const mixes = new Map<string, string[]>();
    const loadUsers: LoadUser[] = [];
    for (let i = 0; i < USERS; i++) {
      const u = byName.get(order[i % order.length])!;
      const cookie = await signInOverHttp(base, u.username);
      if (!mixes.has(u.username)) mixes.set(u.username, await pagesFor(base, u, cookie, ids.get(u.username) ?? {}));
      const mix = mixes.get(u.username)!;
      // users of the same role start at different places of their mix
      const shift = Math.floor(i / order.length) * 3;
      loadUsers.push({ username: u.username, cookie, pages: [...mix.slice(shift % mix.length), ...mix.slice(0, shift % mix.length)] });
    }
    console.log(`${loadUsers.length} users signed in over HTTP; pages per role: ${[...mixes].map(([n, p]) => `${n} ${p.length}`).join(", ")}`);

    // ------------------------------------------------------------------ the load
    let next = 0;
    console.log(`load: ${CONNECTIONS} connections for ${DURATION} s …`);
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION,
      timeout: 10,
      setupClient(client) {
        const u = loadUsers[next++ % loadUsers.length];
        client.setRequests(u.pages.map((p) => ({ method: "GET", path: p, headers: { cookie: u.cookie, "accept-encoding": "gzip", "user-agent": "zjt-bench-load" } })));
      },
    });

    const total = result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"];
    const rps = total / result.duration;
    const errors = result.errors + result.non2xx;
    const met = rps >= BUDGET.requestsPerSecond && result.latency.p99 <= BUDGET.p99Ms && errors === 0;
    const figures = {
      requests: total,
      durationSeconds: result.duration,
      requestsPerSecond: Number(rps.toFixed(1)),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max, mean: Number(result.latency.mean.toFixed(2)) },
      errors: { socket: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, status5xx: result["5xx"], status4xx: result["4xx"], status3xx: result["3xx"] },
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
      bytesPerSecond: Math.round(result.throughput.average),
    };
    const rows = [
      ["requests/s", fmt(rps), `≥ ${BUDGET.requestsPerSecond}`],
      ["latency p50 ms", fmt(result.latency.p50), ""],
      ["latency p90 ms", fmt(result.latency.p90), ""],
      ["latency p99 ms", fmt(result.latency.p99), `≤ ${BUDGET.p99Ms}`],
      ["latency max ms", fmt(result.latency.max), ""],
      ["requests", String(total), ""],
      ["errors (socket + timeouts)", String(result.errors), "0"],
      ["non-2xx responses", String(result.non2xx), "0"],
    ];
    const table = markdownTable(["figure", "value", "budget"], rows, [false, true, false]);
    console.log(`\n${table}\n`);
    console.log(met ? "budget met" : "BUDGET NOT MET");
    if (errors > 0) console.log(`server log (last lines):\n${serverLog.split("\n").slice(-15).join("\n")}`);

    const json = {
      date,
      machine,
      database,
      settings: { durationSeconds: DURATION, connections: CONNECTIONS, users: loadUsers.length, loopback: base, compression: "gzip accepted", server: "node app/http-server.js (child process)" },
      users: [...mixes].map(([username, pages]) => ({ username, sessions: loadUsers.filter((u) => u.username === username).length, pages })),
      results: figures,
      budget: BUDGET,
      met,
    };
    const written = writeResults("load", json);
    console.log(`written: ${written.json}`);
    exitCode = met || NO_FAIL ? 0 : 1;
  } finally {
    await stopServer();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
  return exitCode;
}

/** The role's navigation and detail pages that answer 200 for this user. */
async function pagesFor(base: string, user: BenchUser, cookie: string, ids: Record<string, number[]>): Promise<string[]> {
  const nav = NAV.flatMap((g) => g.items.filter((i) => can(user, i.permission)).map((i) => i.to));
  const details = DETAIL_PAGES.flatMap((pattern) => {
    const name = /:([A-Za-z]+)/.exec(pattern)![1];
    const id = ids[name]?.[0];
    return id === undefined ? [] : [pattern.replace(`:${name}`, String(id))];
  });
  const out: string[] = [];
  for (const p of [...new Set([...nav, ...details])]) {
    const res = await fetch(`${base}${p}`, { headers: { cookie }, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status === 200) out.push(p);
  }
  if (out.length === 0) throw new Error(`no page answers 200 for ${user.username}`);
  return out;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    await stopServer();
    process.exit(1);
  },
);
