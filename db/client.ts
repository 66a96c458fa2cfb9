import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = ReturnType<typeof drizzlePglite<typeof schema>>;
/** A transaction or the database: server modules take this so they compose inside one transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface DbHandle {
  db: Db;
  driver: "pglite" | "postgres";
  close(): Promise<void>;
  /** PGlite only: a gzip tarball of the data directory (the tests' migrated template) */
  dump?: () => Promise<Blob>;
}

/** Resolved from the working directory: db/ code is bundled into build/ (STACK.md trap 11). */
export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");
export const DEFAULT_PGLITE_DIR = path.resolve(process.cwd(), ".data/pglite");

export interface OpenOptions {
  /** postgres://… — when absent, embedded PGlite is used */
  databaseUrl?: string;
  /** PGlite data directory; "memory://" for an in-memory database */
  pgliteDir?: string;
  /** a PGlite dump (from dumpDataDir) to start from — used by the tests' template */
  loadDataDir?: Blob | File;
  /** connections for postgres.js */
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir.startsWith("memory://") ? undefined : dir, {
    loadDataDir: options.loadDataDir,
  });
  const db = drizzlePglite(client, { schema });
  return {
    db,
    driver: "pglite",
    dump: () => client.dumpDataDir("gzip"),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.driver === "postgres") {
    await migratePostgres(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePglite(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}
