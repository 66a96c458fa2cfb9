import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
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
  /**
   * PostgreSQL only: the per-connection settings for serving requests (APP_PG_SETTINGS). Off for the command-line
   * tools, whose migrations, bulk loads and checks may rightly run for minutes.
   */
  serving?: boolean;
}

/**
 * Settings every serving connection starts with (README "On a real PostgreSQL"): no query may hold a connection
 * for more than 15 s (a page must never wait that long; the budget is 150 ms); JIT off, because its compile time
 * exceeds the run time of the app's short, indexed queries; work_mem enough for the dashboards' small sorts and
 * hashes in memory. Each can be overridden by the environment (PG_STATEMENT_TIMEOUT, PG_WORK_MEM).
 */
export function servingSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    statement_timeout: env.PG_STATEMENT_TIMEOUT ?? "15s",
    jit: "off",
    work_mem: env.PG_WORK_MEM ?? "16MB",
    application_name: "zijintong",
  };
}

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      // a pool per instance: 10 by default (PG_POOL_SIZE); instances × pool must stay under the server's max_connections
      max: options.maxConnections ?? (Number(process.env.PG_POOL_SIZE) || 10),
      onnotice: () => {},
      connection: options.serving ? servingSettings() : {},
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

/**
 * `column IN (the values)` for a list of any length: the list travels as ONE json parameter, where drizzle's
 * `inArray` binds a parameter per value and PostgreSQL refuses more than 65,535 (an import of 100k rows has more).
 */
export function inTextList(column: SQLWrapper, values: readonly string[]): SQL {
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** `column IN (the ids)` for a list of any length (see inTextList). */
export function inIdList(column: SQLWrapper, ids: readonly number[]): SQL {
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)`;
}

/** The rows of a raw `tx.execute(sql…)`: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
