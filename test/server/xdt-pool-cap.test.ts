/** XDT-BF Art.13 "以资金规模为限": a leading-group approval never commits more than the pool can still pay. */
import { eq, like, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "#db/audit";
import { accountBalances, ensureAccount, postJournal } from "#db/ledger";
import { ledgerAccount, xdtClaim } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { today } from "../support/xdt";

const { db } = useAppDatabase();

describe("the pool cap at the leading group's decision", () => {
  it("an approval larger than what the pool can still pay is refused with the figure; nothing is recorded", async () => {
    const [claim] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "compiled")).limit(1);
    expect(claim).toBeDefined();
    // move the pool out to a test account, leaving 1.00元 in the trust account and nothing on deposit
    const sink = await ensureAccount(db(), { code: "test:sink", name: "测试转出", kind: "expense", book: "xdt" });
    const accounts = await db().select().from(ledgerAccount).where(or(eq(ledgerAccount.code, "xdt:trust"), like(ledgerAccount.code, "xdt:deposit:%")));
    const balances = await accountBalances(db(), accounts.map((a) => a.id));
    await db().transaction(async (tx) => {
      for (const a of accounts) {
        const keep = a.code === "xdt:trust" ? 100 : 0;
        const move = (balances.get(a.id) ?? 0) - keep;
        if (move > 0) await postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: `test:drain:${a.id}`, kind: "test", memo: "测试：转出", valueDate: today(), postings: [{ accountId: sink.id, amountFen: move }, { accountId: a.id, amountFen: -move }] });
      }
    });
    const office = await signedIn("xdt");
    const res = await office.post(`/xdt/claims/${claim.id}`, { intent: "decide", outcome: "approve", meetingDate: today(), decisionRef: "测试纪要", amount: "2.00" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toMatch(/资金池尚可支付 -?[\d,]+\.\d{2} 元，不足以批准 2\.00 元/);
    const [after] = await db().select().from(xdtClaim).where(eq(xdtClaim.id, claim.id));
    expect(after.status).toBe("compiled");
  });
});
