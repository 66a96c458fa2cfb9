import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-users";
import { openReady, SCREENSHOTS, signIn, useBrowserApp } from "./server";

const session = useBrowserApp();

/** What each demo role must see on its home page: real figures, not placeholders. */
const ROLES: { username: string; expect: RegExp[] }[] = [
  { username: "finance", expect: [/已到位出资\s*[\d,]+\.\d{2}\s*万元/, /黔晟国资/] },
  { username: "finance.gy", expect: [/贵阳市财政局/, /辖区内企业 \d+ 家/] },
  { username: "industry", expect: [/资金池余额/, /辖区内企业 300 家/] },
  { username: "xdt", expect: [/资金池余额/] },
  { username: "trustee", expect: [/合作银行信贷通存款户/, /贵阳银行/] },
  { username: "bank.a", expect: [/贵州银行 信贷通存款余额\s*[\d,]+\.\d{2}\s*元/, /资金池余额\s*[\d,]+\.\d{2}\s*万元/] },
  { username: "bank.b", expect: [/贵阳银行 信贷通存款余额\s*[\d,]+\.\d{2}\s*元/, /资金池余额\s*[\d,]+\.\d{2}\s*万元/] },
  { username: "auditor", expect: [/审计日志记录/] },
  { username: "admin", expect: [/启用用户/, /启用机构/] },
];

describe("browser smoke test: every demo role signs in, sees its figures, signs out", () => {
  for (const role of ROLES) {
    it(role.username, async () => {
      const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      await signIn(page, session.url, role.username);
      const text = await page.locator("main").innerText();
      for (const pattern of role.expect) expect(text).toMatch(pattern);
      await page.screenshot({ path: path.join(SCREENSHOTS, `home-${role.username}.png`), fullPage: true });
      await page.getByRole("button", { name: "退出" }).click();
      await page.getByText("您已安全退出").waitFor();
      // the old session is gone: the home page asks for a sign-in again
      await openReady(page, `${session.url}/`);
      await page.getByRole("button", { name: "登录" }).waitFor();
      expect(page.url()).toContain("/login?redirectTo=");
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("a wrong password keeps the login name and shows a Chinese error; client-side navigation works after hydration", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await openReady(page, `${session.url}/login`);
    await page.getByLabel("登录名").fill("industry");
    await page.getByLabel("密码").fill("not-the-password-1");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("登录名或密码不正确").waitFor();
    expect(await page.getByLabel("登录名").inputValue()).toBe("industry");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByTestId("who").waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole("navigation").getByRole("link", { name: "企业库" }).click();
    await page.waitForURL(`${session.url}/enterprises`);
    // the pager after hydration (its page size must be client-safe: it read NaN once)
    await page.getByText(/共 300 条，第 1 \/ 6 页/).waitFor();
    // no full reload: the marker survived
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.screenshot({ path: path.join(SCREENSHOTS, "enterprises-industry.png") });
    await context.close();
  });

  it("an administrator creates a user and sees the toast", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, session.url, "admin");
    await openReady(page, `${session.url}/admin/users`);
    await page.getByLabel("登录名").fill("e2e.user");
    await page.getByLabel("姓名").fill("端到端测试员");
    await page.getByLabel("所属机构").selectOption({ label: "贵州省审计厅（审计/第三方机构）" });
    await page.getByLabel("角色").selectOption({ label: "审计" });
    await page.getByLabel(/初始密码/).fill("E2e-password-2026");
    await page.getByRole("button", { name: "创建用户" }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-user-submitted.png"), fullPage: true });
    await page.getByRole("status").getByText("已创建用户 e2e.user").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-user-created.png") });
    await context.close();
  });
});
