/**
 * D-1 / D-11: a date the rule book does not cover (here: a clock that runs into a year the working-day
 * calendar lacks) is an error the user sees in Chinese — never a 500, never a silent guess — and writes nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditLog, xdtLoan } from "#db/schema";
import { lprForTerm, INITIAL_LPR_TABLE } from "#rules";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { cleanEnterprise } from "../support/xdt";

const { db } = useAppDatabase();
const pinned = process.env.ZJT_TODAY;

afterEach(() => {
  process.env.ZJT_TODAY = pinned;
});

describe("clocks beyond the calendar's years", () => {
  it("filing a loan whose 5-working-day admission clock would end in 2027 is refused with the reason, nothing written", async () => {
    const bank = await signedIn("bank.a");
    const ent = await cleanEnterprise(db());
    process.env.ZJT_TODAY = "2026-12-28";
    const bp = lprForTerm(INITIAL_LPR_TABLE, "2026-12-28" as never, 12).bp + 50;
    const rate = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
    const [{ audits }] = await db().select({ audits: count() }).from(auditLog);
    const res = await bank.post("/xdt/loans/new", {
      creditCode: ent.creditCode,
      contractNo: "TEST-2027-CLOCK",
      amount: "3,000,000.00",
      rate,
      termMonths: "12",
      disbursementDate: "2026-12-28",
      isCreditLoan: "on",
      controllerSpouseGuarantee: "on",
    });
    expect(res.status).toBe(400);
    const html = await pageText(res);
    expect(html).toMatch(/工作日历|日历/);
    expect(html).toContain('value="TEST-2027-CLOCK"');
    expect(await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-2027-CLOCK"))).toHaveLength(0);
    const [{ after }] = await db().select({ after: count() }).from(auditLog);
    expect(after).toBe(audits);
  });
});
