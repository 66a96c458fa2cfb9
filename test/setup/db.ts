import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Db, type DbHandle } from "../../db/client";
import { withDatabase } from "./global-setup";

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** A fresh copy of the seeded template for this test file; installed as the app's database. */
export async function openTestDatabase(options: { maxConnections?: number } = {}): Promise<DbHandle & { dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = inject("templateDb");
    const name = `zjt_t_${template.slice("zjt_tpl_".length)}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}" template "${template}"`);
    const handle = await openDatabase({ databaseUrl: withDatabase(url, name), maxConnections: options.maxConnections ?? 10 });
    return {
      ...handle,
      async dispose() {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dump = new Blob([readFileSync(inject("templateDump"))]);
  const handle = await openDatabase({ pgliteDir: "memory://", loadDataDir: dump });
  return { ...handle, dispose: () => handle.close() };
}

/** Per test file: the database the app's loaders and actions use (globalThis.__zjtDb, app/server/db.server.ts). */
export function useAppDatabase(options: { maxConnections?: number } = {}): { db: () => Db; handle: () => DbHandle } {
  let handle: (DbHandle & { dispose(): Promise<void> }) | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase(options);
    globalThis.__zjtDb = Promise.resolve(handle);
  });
  afterAll(async () => {
    globalThis.__zjtDb = undefined;
    await handle?.dispose();
  });
  return { db: () => handle!.db, handle: () => handle! };
}
