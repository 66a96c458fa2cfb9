import { openDatabase, type Db, type DbHandle } from "#db/client";

declare global {
  // one handle per process, kept across dev rebuilds; tests install their own
  var __zjtDb: Promise<DbHandle> | undefined;
}

export function getDbHandle(): Promise<DbHandle> {
  globalThis.__zjtDb ??= openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR, serving: true });
  return globalThis.__zjtDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the database (SIGTERM/SIGINT in app/http-server.js, and tests). */
export async function closeDb(): Promise<void> {
  const handle = globalThis.__zjtDb;
  globalThis.__zjtDb = undefined;
  if (handle) await (await handle).close();
}

export type { Db, Tx } from "#db/client";
