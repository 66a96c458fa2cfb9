import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openReady, SCREENSHOTS, useBrowserApp } from "./server";

const session = useBrowserApp();

/** recharts draws only in the browser (STACK.md trap 1): after hydration every figure has its SVG and its table. */
async function expectCharts(page: Page, minimum: number) {
  await page.locator("figure svg.recharts-surface").first().waitFor({ timeout: 20_000 });
  const figures = await page.locator("figure").count();
  expect(figures).toBeGreaterThanOrEqual(minimum);
  expect(await page.locator("figure svg.recharts-surface").count()).toBeGreaterThanOrEqual(minimum);
  expect(await page.locator("figure table").count()).toBeGreaterThanOrEqual(minimum);
}

describe("chart pages render their SVG and their data tables", () => {
  it("信贷通 charts (trustee): pool balance, claims by stage, lending against the prior year", async () => {
    const page = await session.signedInPage("trustee", { height: 768 });
    await openReady(page, `${session.url}/xdt/charts`);
    await expectCharts(page, 3);
    await page.screenshot({ path: path.join(SCREENSHOTS, "xdt-charts.png"), fullPage: true });
    await page.context().close();
  });

  it("a partner bank's ratio against the 3% line", async () => {
    const page = await session.signedInPage("trustee", { height: 768 });
    await openReady(page, `${session.url}/xdt/banks`);
    await page.getByRole("link", { name: "交通银行" }).first().click();
    await expectCharts(page, 1);
    expect(await page.locator(".recharts-reference-line").count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "xdt-bank-ratio.png"), fullPage: true });
    await page.context().close();
  });

  it("绩效 charts (finance): grade distribution by region and by program, and the region scorecards", async () => {
    const page = await session.signedInPage("finance", { height: 768 });
    await openReady(page, `${session.url}/perf/charts`);
    await expectCharts(page, 3);
    expect(await page.locator("figure .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "perf-charts.png"), fullPage: true });
    // the scorecard page shares the year menu that once broke hydration (a server-only list used in the page)
    await openReady(page, `${session.url}/perf/scorecard?year=2025`);
    await page.getByRole("heading", { name: /记分卡/ }).first().waitFor();
    await page.context().close();
  });

  it("special funds overview (finance)", async () => {
    const page = await session.signedInPage("finance", { height: 768 });
    await openReady(page, `${session.url}/funds`);
    await expectCharts(page, 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "funds-overview.png"), fullPage: true });
    await page.context().close();
  });

  it("待办 lists the trustee's clocks with the count in the navigation", async () => {
    const page = await session.signedInPage("trustee", { height: 768 });
    const count = Number(await page.getByTestId("todo-count").innerText());
    expect(count).toBeGreaterThan(0);
    await page.getByRole("navigation").getByRole("link", { name: /待办/ }).click();
    await page.getByRole("heading", { name: "待办" }).waitFor();
    // the items (the clock summary above them is its own table); the trustee's fit on one page
    expect(await page.getByRole("table", { name: "待办事项" }).locator("tbody tr").count()).toBe(count);
    await page.screenshot({ path: path.join(SCREENSHOTS, "todo-trustee.png"), fullPage: true });
    await page.context().close();
  });
});
