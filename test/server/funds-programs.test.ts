/**
 * The administrator adds a special-fund program under a rule set (issue 5 §1): caps and support modes come from the
 * rule book, the term must lie inside the rule set's term, the 公示 length is the program's own parameter (D-9).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fundBudget, fundProgram } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

describe("programs", () => {
  it("the administrator adds a GXZJ-based program; its caps are the rule book's", async () => {
    const admin = await signedIn("admin");
    const res = await admin.post("/funds/programs", { code: "GXZJ-SZH", ruleSet: "GXZJ", name: "数字化转型专项（工信发展专项资金）", termFrom: "2026-01-01", termTo: "2027-12-31", publicityWorkingDays: "7" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [p] = await db().select().from(fundProgram).where(eq(fundProgram.code, "GXZJ-SZH"));
    expect(p.unitYearCapFen).toBe(2_000_000_000);
    expect(p.projectCapFen).toBe(1_000_000_000);
    expect(p.publicityWorkingDays).toBe(7);
    expect(await pageText(await admin.get("/funds/programs"))).toContain("数字化转型专项");
  });

  it("a term outside the rule set's is refused with the reason; a duplicate code too; others may not", async () => {
    const admin = await signedIn("admin");
    const late = await admin.post("/funds/programs", { code: "ZXZJ-2026", ruleSet: "ZXZJ", name: "中小企业专项2026", termFrom: "2026-01-01", termTo: "2026-12-31", publicityWorkingDays: "5" });
    expect(late.status).toBe(400);
    expect(await pageText(late)).toContain("实施期内");
    const dup = await admin.post("/funds/programs", { code: "GXZJ", ruleSet: "GXZJ", name: "重复", termFrom: "2026-01-01", termTo: "2026-12-31", publicityWorkingDays: "5" });
    expect(dup.status).toBe(400);
    expect((await (await signedIn("industry")).get("/funds/programs")).status).toBe(403);
  });

  it("an added program's budget lines are aged by its rule set's carry-over rule, never an error on the carry-over page", async () => {
    const [p] = await db().select().from(fundProgram).where(eq(fundProgram.code, "GXZJ-SZH"));
    expect(p, "the first test adds the program").toBeDefined();
    await db().insert(fundBudget).values({ programId: p.id, year: 2026, level: "provincial", regionCode: "520000", amountFen: 12_345_600, approvedOn: "2026-02-01" });
    const page = await pageText(await (await signedIn("finance")).get("/funds/carry-over"));
    const row = /<tr><td>GXZJ-SZH<\/td>[\s\S]*?<\/tr>/.exec(page)?.[0];
    expect(row, "the added program's budget line is listed").toBeDefined();
    expect(row).toContain("天");
    expect(page).not.toContain("Cannot read properties");
    expect(page).not.toContain("undefined");
  });
});
