/**
 * Builds the migrated, seeded template database once per test run (README "Tests"):
 * - PGlite (default): a gzip dump of the data directory, loaded by each test file (test/setup/db.ts);
 * - PostgreSQL (DATABASE_URL set): a template database that each test file clones with CREATE DATABASE … TEMPLATE.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed";

/** Names carry the run's start time, so parallel runs on one server never touch each other's databases. */
const RUN_ID = `${Math.floor(Date.now() / 1000)}_${process.pid}`;
export const TEMPLATE_DUMP = path.resolve(`node_modules/.cache/zjt-test/template-${RUN_ID}.tar.gz`);
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
  const handle = await openDatabase({ pgliteDir: "memory://" });
  await migrateDatabase(handle);
  await seedDemo(handle.db);
  const dump = await handle.dump!();
  await handle.close();
  mkdirSync(path.dirname(TEMPLATE_DUMP), { recursive: true });
  writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  console.log(`[test] PGlite template ready in ${Date.now() - t0} ms`);
  project.provide("templateDump", TEMPLATE_DUMP);
  project.provide("templateDb", "");
  return () => rmSync(TEMPLATE_DUMP, { force: true });
}
