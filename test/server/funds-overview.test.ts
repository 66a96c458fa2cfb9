/**
 * 专项资金 overview pages (issue 5): the interest-subsidy calculator (D-8) answers with the rule book's figure and
 * why; a date outside the fund's term is the Chinese reason, not a 500; regions slow to pay are flagged (GXZJ-35 Art.30).
 */
import { describe, expect, it } from "vitest";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

useAppDatabase();

describe("interest-subsidy calculator", () => {
  it("1000万元 approved 2024-03-01 (LPR 3.45%), 365 days → 349,791.67元 with the why", async () => {
    const c = await signedIn("industry.gy");
    const page = await pageText(await c.get("/funds/subsidy?fund=GXZJ&amount=10%2C000%2C000.00&approvalDate=2024-03-01&days=365&interestPaid=300%2C000.00"));
    expect(page).toContain("349,791.67");
    expect(page).toContain("3.45%");
    expect(page).toContain("超过实际支付的利息");
    expect(page).toContain("为什么？");
  });

  it("a ZXZJ date after the fund's term is refused with the reason; 800 days count as 730", async () => {
    const c = await signedIn("industry");
    const res = await c.get("/funds/subsidy?fund=ZXZJ&amount=1000.00&approvalDate=2026-03-02&days=10");
    expect(res.status).toBe(200);
    expect(await pageText(res)).toContain("没有生效的版本");
    expect(await pageText(await c.get("/funds/subsidy?fund=GXZJ&amount=1000.00&approvalDate=2025-03-03&days=800"))).toContain("计息 730 天");
    expect((await (await signedIn("bank.a")).get("/funds/subsidy")).status).toBe(403);
  });
});

describe("progress by 市州", () => {
  it("shows earlier years' disbursement per 市州 and flags slow ones", async () => {
    const page = await pageText(await (await signedIn("finance")).get("/funds"));
    expect(page).toContain("以前年度拨付进度");
    expect(page).toContain("支出进度慢");
  });
});
