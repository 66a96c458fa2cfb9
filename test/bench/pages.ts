/**
 * Benchmark: how fast the pages answer on the demo data, and how fast the ledger posts.
 * Prints figures; it asserts nothing (speed is measured here, not in timed tests).
 *   npm run bench                      # embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench
 */
import { performance } from "node:perf_hooks";
import { SYSTEM_ACTOR } from "../../db/audit";
import { migrateDatabase, openDatabase } from "../../db/client";
import { ensureAccount, postJournal } from "../../db/ledger";
import { seedDemo } from "../../db/seed";
import { signedIn, type Client } from "../support/app";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(label: string, client: Client, path: string, rows: string[][]) {
  const samples: number[] = [];
  let status = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const res = await client.get(path);
    await res.arrayBuffer();
    samples.push(performance.now() - t);
    status = res.status;
  }
  samples.sort((a, b) => a - b);
  rows.push([label, path, String(status), percentile(samples, 50).toFixed(1), percentile(samples, 95).toFixed(1), samples[samples.length - 1].toFixed(1)]);
}

async function main() {
  const url = process.env.DATABASE_URL;
  const t0 = performance.now();
  const handle = await openDatabase(url ? { databaseUrl: url } : { pgliteDir: "memory://" });
  await migrateDatabase(handle);
  const tMigrate = performance.now();
  await seedDemo(handle.db);
  const tSeed = performance.now();
  globalThis.__zjtDb = Promise.resolve(handle);
  console.log(`database: ${handle.driver}; migrate ${(tMigrate - t0).toFixed(0)} ms; demo data ${(tSeed - tMigrate).toFixed(0)} ms`);

  const rows: string[][] = [];
  const pages: [string, string[]][] = [
    ["bank.a", ["/", "/pool", "/ledger", "/xdt/loans", "/xdt/claims"]],
    ["trustee", ["/", "/xdt/admissions", "/xdt/claims", "/export/ledger?format=xlsx"]],
    ["finance", ["/", "/pool"]],
    ["finance.gy", ["/enterprises", "/export/enterprises?format=csv"]],
    ["auditor", ["/", "/audit", "/audit?page=5", "/export/audit?format=xlsx"]],
  ];
  for (const [username, paths] of pages) {
    const client = await signedIn(username);
    for (const path of paths) await time(username, client, path, rows);
  }
  console.log(`\npage timings over ${ROUNDS} requests each (ms, through the Remix handler, no network):`);
  console.table(rows.map(([user, path, status, p50, p95, max]) => ({ user, path, status, p50, p95, max })));

  // ledger: sequential balanced postings with audit, one transaction each
  const a = await ensureAccount(handle.db, { code: "bench:a", name: "bench A", kind: "asset", book: "xdt" });
  const b = await ensureAccount(handle.db, { code: "bench:b", name: "bench B", kind: "equity", book: "xdt" });
  const n = 500;
  const tl = performance.now();
  for (let i = 0; i < n; i++) {
    await handle.db.transaction((tx) =>
      postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: `bench:${i}`, kind: "bench", memo: "bench", valueDate: "2026-01-01", postings: [{ accountId: a.id, amountFen: 100 }, { accountId: b.id, amountFen: -100 }] }),
    );
  }
  const perSecond = (n / ((performance.now() - tl) / 1000)).toFixed(0);
  console.log(`\nledger: ${n} journals (2 postings + audit record each) at ${perSecond} journals/s`);
  await handle.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
