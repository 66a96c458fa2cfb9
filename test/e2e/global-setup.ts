/**
 * The browser tests' database, prepared once per run as `npm start` prepares it (migrations + the demo data, which is
 * made through the app's own actions and takes minutes); each test file serves the app on its own copy of it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

declare module "vitest" {
  export interface ProvidedContext {
    e2eDataDir: string;
  }
}

/** The demo data's own date: the app runs as of it, so its clocks read as the demo was made. */
export const E2E_TODAY = "2026-11-27";

export default function setup(project: { provide(key: "e2eDataDir", value: string): void }) {
  const t0 = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), "zjt-e2e-base-"));
  const dataDir = path.join(dir, "pglite");
  const env = { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "", ZJT_TODAY: E2E_TODAY };
  const prepared = spawnSync("node_modules/.bin/tsx", ["db/cli.ts", "prepare"], { env, encoding: "utf8" });
  if (prepared.status !== 0) throw new Error(`prepare failed: ${prepared.stderr}`);
  console.log(`[e2e] demo database prepared in ${Date.now() - t0} ms`);
  project.provide("e2eDataDir", dataDir);
  return () => rmSync(dir, { recursive: true, force: true });
}
