import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-users";
import { launchBrowser, openReady, SCREENSHOTS, startApp, type RunningApp } from "./server";

let app: RunningApp;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function signedInPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  // hydration mismatches and script errors show up as console errors
  page.on("console", (m) => m.type() === "error" && errors.push(`${username}: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`${username}: ${e.message}`));
  await openReady(page, `${app.url}/login`);
  await page.getByLabel("登录名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("who").waitFor();
  return page;
}

describe("双监控 pages in the browser", () => {
  it("the chart draws execution and attainment bars with the time and deviation lines beside its table", async () => {
    const page = await signedInPage("finance");
    await openReady(page, `${app.url}/perf/monitoring/chart?period=2026H1&region=520100`);
    await page.locator("figure svg.recharts-surface").first().waitFor({ timeout: 20_000 });
    expect(await page.locator("figure .recharts-bar-rectangle").count()).toBeGreaterThan(1);
    expect(await page.locator("figure .recharts-line").count()).toBe(2);
    expect(await page.locator("figure table tbody tr").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "perf-monitoring-chart.png"), fullPage: true });
    await page.context().close();
  });

  it("the 贵阳 officer opens a flagged project from the list and sees its rectification task", async () => {
    const page = await signedInPage("industry.gy");
    await openReady(page, `${app.url}/perf/monitoring?flag=overdue`);
    await page.locator("table.data tbody a").first().click();
    await page.getByRole("heading", { name: /绩效目标与双监控/ }).waitFor();
    expect(await page.getByText("已逾期未完成").count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "perf-monitoring-project.png"), fullPage: true });
    await page.context().close();
  });

  it("no page had a console or script error", () => {
    expect(errors).toEqual([]);
  });
});
