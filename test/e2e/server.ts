import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-users";
import { E2E_TODAY } from "./global-setup";

export const SCREENSHOTS = path.resolve("test-results/e2e");

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

/** Serves the built app on a fresh copy of the run's prepared database (migrate + demo data, as `npm start` does). */
export async function startApp(): Promise<RunningApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "zjt-e2e-"));
  const port = String(3400 + (process.pid % 500));
  const env = { ...process.env, PGLITE_DIR: path.join(dir, "pglite"), PORT: port, HOST: "127.0.0.1", DATABASE_URL: "", ZJT_TODAY: E2E_TODAY };
  cpSync(inject("e2eDataDir"), env.PGLITE_DIR, { recursive: true });
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

/** Signs `page` in as a demo user through the login form and waits for the signed-in shell. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await openReady(page, `${baseUrl}/login`);
  await page.getByLabel("登录名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("who").waitFor();
}

export interface BrowserSession {
  /** the running app's base URL */
  readonly url: string;
  readonly browser: Browser;
  /** a fresh browser context signed in as `username` (console errors and page errors, if asked, are collected) */
  signedInPage(username: string, options?: { height?: number; acceptDownloads?: boolean; errors?: string[] }): Promise<Page>;
}

/** One app and one browser for a test file: started before its tests, stopped after them. */
export function useBrowserApp(): BrowserSession {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get url() {
      return app!.url;
    },
    get browser() {
      return browser!;
    },
    async signedInPage(username, options = {}) {
      const context = await browser!.newContext({ viewport: { width: 1366, height: options.height ?? 900 }, locale: "zh-CN", acceptDownloads: options.acceptDownloads });
      const page = await context.newPage();
      const errors = options.errors;
      if (errors) {
        // hydration mismatches and script errors show up as console errors
        page.on("console", (m) => m.type() === "error" && errors.push(`${username}: ${m.text()}`));
        page.on("pageerror", (e) => errors.push(`${username}: ${e.message}`));
      }
      await signIn(page, app!.url, username);
      return page;
    },
  };
}
