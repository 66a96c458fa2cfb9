/**
 * Chart pages (issue 4 §10): recharts draws only in the browser, so the server sends each chart's data table —
 * these tests read the tables: the pool's balance from the ledger, claims by stage, lending against the prior year.
 */
import { eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerAccount, posting, xdtClaim } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText, responseText } from "../support/text";
import { orgIdOf } from "../support/xdt";
import { formatWan } from "~/lib/money";

const { db } = useAppDatabase();

async function sumLike(pattern: string) {
  const [r] = await db().select({ s: sql<string>`coalesce(sum(${posting.amountFen}),0)::text` }).from(posting).innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId)).where(like(ledgerAccount.code, pattern));
  return Number(r.s);
}

describe("信贷通 charts", () => {
  it("the pool chart's table ends at the ledger's balance (contributions − compensation + recoveries)", async () => {
    const page = await pageText(await (await signedIn("trustee")).get("/xdt/charts"));
    const balance = -(await sumLike("xdt:contrib:%")) - (await sumLike("xdt:compensation:%")) - (await sumLike("xdt:recovery:%"));
    expect(page).toContain(`<td class="num">${Math.round(balance / 1_000_000)}</td></tr></tbody>`);
    expect(page).toContain("代偿申请按环节");
    expect(page).toContain("增长 20% 目标");
  });

  it("claims by stage count the viewer's claims only; the export says the same", async () => {
    const bank = await signedIn("bank.a");
    const me = await orgIdOf(db(), "bank.a");
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(xdtClaim).where(eq(xdtClaim.bankOrgId, me));
    const csv = await responseText(await bank.get("/export/xdt-chart-claims?format=csv"));
    const total = csv
      .split("\n")
      .slice(1)
      .filter(Boolean)
      .reduce((s, line) => s + line.split(",").slice(1).reduce((a, x) => a + Number(x.replace(/"/g, "")), 0), 0);
    expect(total).toBe(n);
    const all = await responseText(await (await signedIn("auditor")).get("/export/xdt-chart-claims?format=csv"));
    expect(all).not.toBe(csv);
  });

  it("what the pool can still pay leaves out approved, unpaid compensation (以资金规模为限)", async () => {
    const balance = (await sumLike("xdt:trust")) + (await sumLike("xdt:deposit:%"));
    const [{ committed }] = await db().select({ committed: sql<string>`coalesce(sum(${xdtClaim.approvedFen}), 0)::text` }).from(xdtClaim).where(eq(xdtClaim.status, "approved"));
    expect(Number(committed)).toBeGreaterThan(0);
    const home = await pageText(await (await signedIn("trustee")).get("/"));
    expect(home).toContain(formatWan(balance - Number(committed)));
  });
});
