/**
 * Builds the migrated, seeded template database once per test run (README "Tests"):
 * - PGlite (default): a gzip dump of the data directory, loaded by each test file (test/setup/db.ts). The dump is
 *   kept, named by a digest of everything the demo data is made from (db/, rules/, app/server/, app/lib/, the
 *   lockfile): since the demo data is made through the app's own actions it takes minutes, so a later run with the
 *   same sources reuses it (ZJT_TEMPLATE_CACHE=0 builds afresh);
 * - PostgreSQL (DATABASE_URL set): a template database that each test file clones with CREATE DATABASE … TEMPLATE.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed";

/** Names carry the run's start time, so parallel runs on one server never touch each other's databases. */
const RUN_ID = `${Math.floor(Date.now() / 1000)}_${process.pid}`;
const CACHE_DIR = path.resolve("node_modules/.cache/zjt-test");
/** Cached dumps kept (the newest by use): a few branches' worth. */
const CACHE_KEEP = 4;
const TEMPLATE_DB = `zjt_tpl_${RUN_ID}`;
const STALE_AFTER_SECONDS = 6 * 3600;

declare module "vitest" {
  export interface ProvidedContext {
    templateDump: string;
    templateDb: string;
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: { provide(key: "templateDump" | "templateDb", value: string): void }) {
  const t0 = Date.now();
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    // leftovers of interrupted runs, hours old
    const stale = await admin`select datname from pg_database where datname ~ '^zjt_(tpl|t)_[0-9]+_'`;
    const now = Math.floor(Date.now() / 1000);
    for (const { datname } of stale) {
      if (now - Number(datname.split("_")[2]) > STALE_AFTER_SECONDS) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await admin.unsafe(`create database "${TEMPLATE_DB}"`);
    const handle = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DB), maxConnections: 1 });
    await migrateDatabase(handle);
    await seedDemo(handle.db);
    await handle.close();
    console.log(`[test] PostgreSQL template ${TEMPLATE_DB} ready in ${Date.now() - t0} ms`);
    project.provide("templateDb", TEMPLATE_DB);
    project.provide("templateDump", "");
    return async () => {
      await admin.unsafe(`drop database if exists "${TEMPLATE_DB}" with (force)`);
      await admin.end();
    };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const cache = process.env.ZJT_TEMPLATE_CACHE !== "0";
  const dumpPath = path.join(CACHE_DIR, cache ? `template-${sourcesDigest()}.tar.gz` : `template-${RUN_ID}.tar.gz`);
  if (cache && existsSync(dumpPath)) {
    const now = new Date();
    utimesSync(dumpPath, now, now);
    console.log(`[test] PGlite template reused (${path.basename(dumpPath)})`);
  } else {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(handle);
    await seedDemo(handle.db);
    const dump = await handle.dump!();
    await handle.close();
    // written whole, then renamed: a run started meanwhile never reads half a dump
    const partial = `${dumpPath}.${RUN_ID}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, dumpPath);
    console.log(`[test] PGlite template ready in ${Date.now() - t0} ms`);
  }
  if (cache) pruneCache(dumpPath);
  project.provide("templateDump", dumpPath);
  project.provide("templateDb", "");
  return () => {
    if (!cache) rmSync(dumpPath, { force: true });
  };
}

/** What the demo data is made from: every source file it can reach, the lockfile, the demo date and the Node version. */
function sourcesDigest(): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|js|mjs|sql|json|csv)$/.test(entry.name)) files.push(p);
    }
  };
  for (const dir of ["db", "rules", "app/server", "app/lib"]) if (existsSync(dir)) walk(dir);
  files.push("package-lock.json");
  for (const f of files.sort()) hash.update(f).update("\0").update(readFileSync(f)).update("\0");
  hash.update(`${process.env.ZJT_TODAY ?? ""}|${process.version}`);
  return hash.digest("hex").slice(0, 16);
}

/** Drops cached dumps beyond the newest few, and partial files of runs that died (an hour old). */
function pruneCache(keep: string) {
  const entries = readdirSync(CACHE_DIR)
    .filter((f) => f.startsWith("template-"))
    .map((f) => ({ f: path.join(CACHE_DIR, f), at: statSync(path.join(CACHE_DIR, f)).mtimeMs }));
  const dumps = entries.filter((e) => e.f.endsWith(".tar.gz")).sort((a, b) => b.at - a.at);
  for (const e of dumps.slice(CACHE_KEEP)) if (e.f !== keep) rmSync(e.f, { force: true });
  for (const e of entries.filter((x) => x.f.endsWith(".partial") && Date.now() - x.at > 3_600_000)) rmSync(e.f, { force: true });
}
