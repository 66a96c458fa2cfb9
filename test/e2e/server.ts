import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const SCREENSHOTS = path.resolve("test-results/e2e");

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

/** Prepares a fresh embedded database (migrate + demo data, as `npm start` does) and serves the built app. */
export async function startApp(): Promise<RunningApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "zjt-e2e-"));
  const port = String(3400 + (process.pid % 500));
  const env = { ...process.env, PGLITE_DIR: path.join(dir, "pglite"), PORT: port, HOST: "127.0.0.1", DATABASE_URL: "", ZJT_TODAY: "2026-11-27" };
  const prepared = spawnSync("node_modules/.bin/tsx", ["db/cli.ts", "prepare"], { env, encoding: "utf8" });
  if (prepared.status !== 0) throw new Error(`prepare failed: ${prepared.stderr}`);
  const child: ChildProcess = spawn("node", ["app/http-server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Opens a page and waits until React has hydrated it (app/root.tsx marks <html data-hydrated>). */
export async function openReady(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor();
}
