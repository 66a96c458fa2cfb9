import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { openReady, SCREENSHOTS, useBrowserApp } from "./server";

const session = useBrowserApp();

describe("the auditor's workspace", () => {
  it("an auditor records a finding on a claim and exports an evidence set", async () => {
    const page = await session.signedInPage("auditor", { height: 768, acceptDownloads: true });
    // pick a claim: its contract number from the claims list, found again through the workspace's search
    await openReady(page, `${session.url}/xdt/claims`);
    const contractNo = (await page.locator("main table.data tbody tr").first().locator("td").nth(1).innerText()).trim();
    await openReady(page, `${session.url}/auditor`);
    await page.getByLabel(/名称、合同编号/).fill(contractNo);
    await page.getByRole("button", { name: "查找" }).click();
    await page.getByTestId("search-results").waitFor();
    await page.getByTestId("search-results").getByRole("row", { name: /代偿申请/ }).getByRole("link", { name: "记录审计发现" }).click();
    await page.getByRole("heading", { name: "记录审计发现" }).waitFor();
    expect(await page.locator("main").innerText()).toContain(contractNo);
    await page.getByLabel("严重程度").selectOption("high");
    await page.getByLabel("标题").fill("浏览器测试：代偿损失计算有误");
    await page.getByLabel("问题描述").fill("损失金额包含申请日后的利息。");
    await page.getByLabel("审计建议").fill("按申请日重新计算损失。");
    await page.getByRole("button", { name: "记录", exact: true }).click();
    await page.getByRole("heading", { name: /审计发现 #\d+：浏览器测试/ }).waitFor();
    expect(await page.getByTestId("finding-status").innerText()).toBe("待整改回复");
    await page.screenshot({ path: path.join(SCREENSHOTS, "auditor-finding.png"), fullPage: true });

    // the seeded evidence set, downloaded as .xlsx
    await openReady(page, `${session.url}/auditor`);
    await page.getByTestId("evidence-sets").getByRole("link").first().click();
    await page.getByTestId("evidence-items").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("evidence-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^证据集-.*\.xlsx$/);
    const file = path.join(SCREENSHOTS, "evidence-set.xlsx");
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheets = wb.worksheets.map((w) => w.name);
    expect(sheets).toEqual(expect.arrayContaining(["证据集", "代偿申请", "文件清单", "审计日志"]));
    expect(wb.getWorksheet("代偿申请")!.rowCount).toBeGreaterThan(1);
    await page.context().close();
  });

  it("the pool's yearly performance chart draws its SVG beside its table", async () => {
    const page = await session.signedInPage("xdt", { height: 768, acceptDownloads: true });
    await openReady(page, `${session.url}/xdt/yearly?year=2025`);
    await page.locator("figure svg.recharts-surface").first().waitFor({ timeout: 20_000 });
    expect(await page.locator("figure .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("pool-year-table").locator("tbody tr").count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(SCREENSHOTS, "xdt-yearly.png"), fullPage: true });
    await page.context().close();
  });
});
