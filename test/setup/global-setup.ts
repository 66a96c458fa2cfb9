/**
 * Builds the migrated, seeded template database once per test run (README "Tests"):
 * - PGlite (default): a gzip dump of the data directory, loaded by each test file (test/setup/db.ts);
 * - PostgreSQL (DATABASE_URL set): a template database that each test file clones with CREATE DATABASE … TEMPLATE.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed";

export const TEMPLATE_DUMP = path.resolve("node_modules/.cache/zjt-test/template.tar.gz");
export const TEMPLATE_DB = "zjt_test_template";

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup() {
  const t0 = Date.now();
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    // leftovers of an interrupted run
    const stale = await admin`select datname from pg_database where datname like 'zjt_t_%' or datname = ${TEMPLATE_DB}`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.unsafe(`create database "${TEMPLATE_DB}"`);
    const handle = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DB), maxConnections: 1 });
    await migrateDatabase(handle);
    await seedDemo(handle.db);
    await handle.close();
    await admin.end();
    console.log(`[test] PostgreSQL template ${TEMPLATE_DB} ready in ${Date.now() - t0} ms`);
    return;
  }
  const handle = await openDatabase({ pgliteDir: "memory://" });
  await migrateDatabase(handle);
  await seedDemo(handle.db);
  const dump = await handle.dump!();
  await handle.close();
  mkdirSync(path.dirname(TEMPLATE_DUMP), { recursive: true });
  writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  console.log(`[test] PGlite template ready in ${Date.now() - t0} ms`);
}
