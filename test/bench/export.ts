/**
 * Benchmark: a streamed export (issue 11 §5) — time to the first byte, total time, bytes, rows and the process's
 * peak resident memory while the file streams. Prints figures; asserts nothing.
 *   DATABASE_URL=postgres://…/zjt_scale npm run bench:export            # the trustee's loan list, .csv and .xlsx
 *   BENCH_EXPORT=/export/audit?format=csv BENCH_USER=auditor npm run bench:export
 * Budget: first byte ≤ 1 s, peak RSS ≤ 200 MB while streaming (on PostgreSQL; embedded PGlite alone holds ~650 MB,
 * so there the figure to read is the growth during the export).
 */
import { performance } from "node:perf_hooks";
import { createRequestHandler } from "@remix-run/node";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { loadBuild, signedIn } from "../support/app";
import { hasFlag, machineInfo, markdownTable, writeResults } from "./common";

const FIRST_BYTE_BUDGET_MS = 1000;
const RSS_BUDGET_MB = 200;

async function main() {
  const url = process.env.DATABASE_URL;
  const handle = url ? await openDatabase({ databaseUrl: url, maxConnections: 4 }) : await openDatabase({ pgliteDir: "memory://" });
  if (!url) {
    await migrateDatabase(handle);
    await seedDemo(handle.db);
  }
  globalThis.__zjtDb = Promise.resolve(handle);
  const handler = createRequestHandler(await loadBuild(), "production");
  const user = process.env.BENCH_USER ?? "trustee";
  const client = await signedIn(user);
  const paths = process.env.BENCH_EXPORT ? [process.env.BENCH_EXPORT] : ["/export/xdt-loans?format=csv", "/export/xdt-loans?format=xlsx"];
  const results = [];
  for (const path of paths) {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const res = await handler(new Request(`http://localhost${path}`, { headers: { Host: "localhost", Cookie: client.cookieHeader() } }), { ip: "10.78.0.1", requestId: `bench-export-${path}` });
    let firstByteMs = NaN;
    let bytes = 0;
    let lines = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - t0;
      bytes += value.byteLength;
      if (path.includes("format=csv")) for (const b of value) if (b === 10) lines++;
    }
    const totalMs = performance.now() - t0;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const r = { path, user, status: res.status, firstByteMs: Math.round(firstByteMs), totalS: Number((totalMs / 1000).toFixed(1)), mb: Number((bytes / 1048576).toFixed(1)), csvRows: path.includes("format=csv") ? lines - 1 : null, peakRssMb: Math.round(peakRss / 1048576), rssGrowthMb: Math.round((peakRss - rssBefore) / 1048576) };
    results.push(r);
    console.log(r);
  }
  const over = results.filter((r) => r.firstByteMs > FIRST_BYTE_BUDGET_MS || r.peakRssMb > RSS_BUDGET_MB);
  const md = markdownTable(
    ["export", "user", "status", "first byte ms", "total s", "MB", "csv rows", "peak RSS MB", "RSS growth MB"],
    results.map((r) => [r.path, r.user, r.status, r.firstByteMs, r.totalS, r.mb, r.csvRows ?? "—", r.peakRssMb, r.rssGrowthMb]),
    [false, false, true, true, true, true, true, true, true],
  );
  writeResults("export", { date: new Date().toISOString(), machine: machineInfo(), database: handle.driver, results }, `# Export benchmark\n\nBudget: first byte ≤ ${FIRST_BYTE_BUDGET_MS} ms, peak RSS ≤ ${RSS_BUDGET_MB} MB.\n\n${md}\n`);
  console.log(md);
  await handle.close();
  if (over.length > 0 && !hasFlag("no-fail")) {
    console.log(`over budget: ${over.map((r) => r.path).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
