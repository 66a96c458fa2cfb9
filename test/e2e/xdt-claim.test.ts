/**
 * Browser: a bank files a claim through to payment across roles (issue 4, tests). Each role starts from its own
 * workspace (the bank's workspace, the trustee's queues, the office's view), works in the browser as a person would,
 * and the bank finally sees 已支付 and the payment's journal in its ledger. A screenshot at every step.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openReady, SCREENSHOTS, useBrowserApp } from "./server";

const session = useBrowserApp();

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `xdt-claim-${name}.png`), fullPage: true });

/** Clicks a form's button and waits for the page to show the toast the action answers with. */
async function act(page: Page, button: string, toast: RegExp) {
  await page.getByRole("button", { name: button }).first().click();
  await page.getByRole("status").filter({ hasText: toast }).waitFor({ timeout: 20_000 });
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("a bank files a claim through to payment across roles", () => {
  let claimId = "";
  let contractNo = "";

  it("bank.a finds an eligible loan from its workspace, files the claim and provides the nine materials", async () => {
    const page = await session.signedInPage("bank.a");
    await page.getByRole("navigation").getByRole("link", { name: "银行工作台" }).click();
    await page.getByRole("heading", { name: /信贷通工作台/ }).waitFor();
    await shot(page, "1-bank-workspace");
    // the workspace's "可申请代偿" card opens the loan list with that filter preset
    await page.getByRole("link", { name: /可申请代偿/ }).click();
    await page.waitForURL(/overdue=claimable/);
    const first = page.locator("main table.data tbody a[href^='/xdt/loans/']").first();
    contractNo = (await first.innerText()).trim();
    await first.click();
    await page.getByText("代偿条件（本金逾期达 60 天或利息逾期达 90 天）：已满足").waitFor();
    await page.getByRole("button", { name: "提交代偿申请" }).click();
    await page.waitForURL(/\/xdt\/claims\/\d+$/);
    await page.locator("html[data-hydrated]").waitFor();
    claimId = /\/xdt\/claims\/(\d+)$/.exec(page.url())![1];
    await page.getByRole("heading", { name: `代偿申请 ${claimId}：已提交` }).waitFor();
    expect(await page.locator("main").innerText()).toContain("应补偿（损失的 70%）");
    // one material as a file, the other eight marked as provided on paper
    await page.locator("main input[type=file]").first().setInputFiles({ name: "逾期业务基本情况.pdf", mimeType: "application/pdf", buffer: PDF });
    await act(page, "上传", /材料已上传/);
    await page.getByRole("link", { name: /逾期业务基本情况\.pdf/ }).waitFor();
    for (let i = 1; i < 9; i++) {
      await page.getByRole("button", { name: "标记纸质已提供" }).nth(i).click();
      await expect.poll(() => page.locator("main td", { hasText: "已提供（纸质）" }).count(), { timeout: 20_000 }).toBe(i);
    }
    expect(await page.locator("main strong", { hasText: /^缺$/ }).count()).toBe(0);
    await shot(page, "2-bank-filed-with-materials");
    await page.context().close();
  });

  it("the trustee finds it in its verify queue, verifies it and sends the plan", async () => {
    const page = await session.signedInPage("trustee");
    await page.getByRole("navigation").getByRole("link", { name: "受托管理队列" }).click();
    await page.getByRole("heading", { name: "受托管理队列" }).waitFor();
    const link = page.locator(`section[data-queue="verify"] a[href="/xdt/claims/${claimId}"]`);
    await link.waitFor();
    await shot(page, "3-trustee-queues");
    await link.click();
    await page.getByRole("heading", { name: `代偿申请 ${claimId}：已提交` }).waitFor();
    await page.locator("html[data-hydrated]").waitFor();
    await act(page, "核实：在项目名单内、材料齐全", /已核实/);
    await act(page, "报送补偿方案", /补偿方案已报送/);
    await page.getByRole("heading", { name: new RegExp(`代偿申请 ${claimId}：`) }).waitFor();
    await shot(page, "4-trustee-verified-planned");
    await page.context().close();
  });

  it("the office compiles it from its view and records the leading group's approval", async () => {
    const page = await session.signedInPage("xdt");
    await page.getByRole("navigation").getByRole("link", { name: "信贷通办与领导小组" }).click();
    await page.getByRole("heading", { name: "信贷通办与协调领导小组" }).waitFor();
    await shot(page, "5-office-view");
    // the compile queue's full list, searched for this contract
    await page.locator('section[data-queue="compile"]').getByRole("link", { name: /在列表中查看全部/ }).click();
    await page.waitForURL(/status=planned/);
    await page.locator("html[data-hydrated]").waitFor();
    await page.getByPlaceholder("合同编号或企业名称").fill(contractNo);
    await page.getByRole("button", { name: "查询" }).click();
    await page.locator(`main a[href="/xdt/claims/${claimId}"]`).click();
    await page.getByRole("heading", { name: new RegExp(`代偿申请 ${claimId}：`) }).waitFor();
    await page.locator("html[data-hydrated]").waitFor();
    await act(page, "汇总，提交协调领导小组", /已汇总/);
    await page.getByLabel("会议纪要编号").fill("信贷通领导小组〔2026〕11号");
    await act(page, "记录领导小组决定", /已记录领导小组批准决定/);
    expect(await page.locator("main").innerText()).toContain("信贷通领导小组〔2026〕11号");
    await shot(page, "6-office-decided");
    await page.context().close();
  });

  it("the trustee pays it from its payments queue", async () => {
    const page = await session.signedInPage("trustee");
    await openReady(page, `${session.url}/xdt/queues?queue=payments`);
    await page.locator(`section[data-queue="payments"] a[href="/xdt/claims/${claimId}"]`).click();
    await page.getByRole("heading", { name: new RegExp(`代偿申请 ${claimId}：`) }).waitFor();
    await page.locator("html[data-hydrated]").waitFor();
    await act(page, "支付补偿款（记账）", /已支付/);
    await page.getByRole("heading", { name: `代偿申请 ${claimId}：已支付` }).waitFor();
    await shot(page, "7-trustee-paid");
    await page.context().close();
  });

  it("the bank sees 已支付 and the payment's journal in its ledger", async () => {
    const page = await session.signedInPage("bank.a");
    await openReady(page, `${session.url}/xdt/claims/${claimId}`);
    await page.getByRole("heading", { name: `代偿申请 ${claimId}：已支付` }).waitFor();
    const text = await page.locator("main").innerText();
    const journalId = /分录 (\d+)/.exec(text)![1];
    await shot(page, "8-bank-sees-paid");
    // the compensation expense account of the bank carries the journal
    await openReady(page, `${session.url}/ledger`);
    await page.getByRole("link", { name: /^xdt:compensation:/ }).first().click();
    await page.getByText(/信贷通风险补偿支出/).first().waitFor();
    await page.locator("main table.data").waitFor();
    await expect.poll(async () => (await page.locator("main table.data").innerText()).includes(journalId)).toBe(true);
    await shot(page, "9-bank-ledger-journal");
    await page.context().close();
  });
});
