/** A bank never learns an enterprise's 信贷通 exposure at other banks, even through a refusal's reason. */
import { describe, expect, it } from "vitest";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { cleanEnterprise, orgIdOf, overdueLoan, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();

describe("per-enterprise cap across banks (XDT-FA §三(四))", () => {
  it("refuses bank A's loan when the enterprise's total with bank B passes 5000万, without showing bank B's figure", async () => {
    const ent = await cleanEnterprise(db(), 3);
    // 4,321万 outstanding at bank B (disbursed a month ago, not yet due)
    await overdueLoan(db(), await orgIdOf(db(), "bank.b"), ent.id, "TEST-B-EXPOSURE", 43_210_000_00, 1);
    const bank = await signedIn("bank.a");
    const res = await bank.post("/xdt/loans/new", {
      creditCode: ent.creditCode,
      contractNo: "TEST-A-EXPOSURE",
      amount: "10,000,000.00",
      rate: rateText(50),
      termMonths: "12",
      disbursementDate: today(),
      isCreditLoan: "",
      creditEnhancement: "房产抵押",
      controllerSpouseGuarantee: "on",
    });
    expect(res.status).toBe(400);
    const html = await pageText(res);
    expect(html).toContain("超过单户上限");
    for (const figure of ["4,321", "43,210,000", "5,321", "53,210,000", "5321", "4321"]) expect(html).not.toContain(figure);
  });
});
