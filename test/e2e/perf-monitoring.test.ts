import path from "node:path";
import { describe, expect, it } from "vitest";
import { openReady, SCREENSHOTS, useBrowserApp } from "./server";

const errors: string[] = [];

const session = useBrowserApp();

describe("双监控 pages in the browser", () => {
  it("the chart draws execution and attainment bars with the time and deviation lines beside its table", async () => {
    const page = await session.signedInPage("finance", { errors });
    await openReady(page, `${session.url}/perf/monitoring/chart?period=2026H1&region=520100`);
    await page.locator("figure svg.recharts-surface").first().waitFor({ timeout: 20_000 });
    expect(await page.locator("figure .recharts-bar-rectangle").count()).toBeGreaterThan(1);
    expect(await page.locator("figure .recharts-line").count()).toBe(2);
    expect(await page.locator("figure table tbody tr").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "perf-monitoring-chart.png"), fullPage: true });
    await page.context().close();
  });

  it("the 贵阳 officer opens a flagged project from the list and sees its rectification task", async () => {
    const page = await session.signedInPage("industry.gy", { errors });
    await openReady(page, `${session.url}/perf/monitoring?flag=overdue`);
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
