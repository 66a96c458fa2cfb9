/**
 * The trustee's pool operations (issue 4 §1): deposits into, withdrawals from and transfers between the pool's
 * accounts, each one balanced journal with the form's idempotency key, a date, a slip number and a reason; no account
 * of the pool may go negative; the page shows balances by account and what the pool can still pay, with its basis.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, journal, ledgerAccount, organisation, posting, xdtPoolOperation } from "#db/schema";
import { formatWan, formatYuan } from "~/lib/money";
import { onPostgres, useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText, responseText } from "../support/text";
import { orgIdOf, today } from "../support/xdt";

const { db } = useAppDatabase();

async function balance(code: string): Promise<number> {
  const [row] = await db().select({ b: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting).innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId)).where(eq(ledgerAccount.code, code));
  return Number(row.b);
}
const bankId = async (shortName: string) => (await db().select().from(organisation).where(eq(organisation.shortName, shortName)))[0].id;
const opCount = async () => (await db().select({ n: count() }).from(xdtPoolOperation))[0].n;

function opForm(intent: string, fields: Record<string, string>) {
  return { intent, requestId: randomUUID(), valueDate: today(), reference: `TEST-${intent}-${Math.random().toString(36).slice(2, 8)}`, reason: "测试：按协议调整存入额度", ...fields };
}

describe("trustee pool operations", () => {
  it("a deposit moves money from the special account to a bank's deposit account in one balanced journal, audited", async () => {
    const trustee = await signedIn("trustee");
    const gzb = await orgIdOf(db(), "bank.a");
    const [trustBefore, depBefore] = [await balance("xdt:trust"), await balance(`xdt:deposit:${gzb}`)];
    const form = opForm("deposit", { toBank: String(gzb), amount: "12,345,678.90" });
    const res = await trustee.post("/xdt/pool-ops", form);
    expect(res.status, await res.clone().text()).toBe(302);
    expect(await balance("xdt:trust")).toBe(trustBefore - 1_234_567_890);
    expect(await balance(`xdt:deposit:${gzb}`)).toBe(depBefore + 1_234_567_890);
    const [op] = await db().select().from(xdtPoolOperation).where(eq(xdtPoolOperation.reference, form.reference));
    expect(op.kind).toBe("deposit");
    expect(op.reason).toBe(form.reason);
    expect(op.recordedByName).toContain("（trustee）");
    const [j] = await db().select().from(journal).where(eq(journal.id, op.journalId));
    expect(j.kind).toBe("xdt.deposit");
    expect(j.idempotencyKey).toBe(`xdt:pool-op:${form.requestId}`);
    const [{ sum }] = await db().select({ sum: sql<string>`sum(${posting.amountFen})::text` }).from(posting).where(eq(posting.journalId, j.id));
    expect(Number(sum)).toBe(0);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-pool-op"), eq(auditLog.entityId, String(op.id))));
    expect(audits.map((a) => a.action)).toEqual(["deposit"]);
    // listed on the page with its slip and reason
    const page = await pageText(await trustee.get(`/xdt/pool-ops?q=${encodeURIComponent(form.reference)}`));
    expect(page).toContain(form.reference);
    expect(page).toContain("12,345,678.90");
  });

  it("the same form submitted twice posts once", async () => {
    const trustee = await signedIn("trustee");
    const gyb = await orgIdOf(db(), "bank.b");
    const before = await balance(`xdt:deposit:${gyb}`);
    const form = opForm("deposit", { toBank: String(gyb), amount: "1,000.00" });
    const [first, second] = [await trustee.post("/xdt/pool-ops", form), await trustee.post("/xdt/pool-ops", form)];
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(await balance(`xdt:deposit:${gyb}`)).toBe(before + 100_000);
    expect(await db().select().from(xdtPoolOperation).where(eq(xdtPoolOperation.reference, form.reference))).toHaveLength(1);
    expect(await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:pool-op:${form.requestId}`))).toHaveLength(1);
    // the same id with another amount is refused, nothing posted
    const changed = await trustee.post("/xdt/pool-ops", { ...form, amount: "2,000.00" });
    expect(changed.status).toBe(400);
    expect(await pageText(changed)).toContain("已提交过");
    expect(await balance(`xdt:deposit:${gyb}`)).toBe(before + 100_000);
  });

  it("an overdraw is refused in Chinese, with what was typed kept; nothing is written", async () => {
    const trustee = await signedIn("trustee");
    const icbc = await bankId("工商银行");
    const before = await balance(`xdt:deposit:${icbc}`);
    const n = await opCount();
    const form = opForm("withdrawal", { fromBank: String(icbc), amount: formatYuan(before + 1) });
    const res = await trustee.post("/xdt/pool-ops", form);
    expect(res.status).toBe(400);
    const text = await pageText(res);
    expect(text).toContain("余额不足");
    expect(text).toContain(form.reference);
    expect(await balance(`xdt:deposit:${icbc}`)).toBe(before);
    expect(await opCount()).toBe(n);
    expect(await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:pool-op:${form.requestId}`))).toHaveLength(0);
    // the special account cannot go negative either
    const trust = await balance("xdt:trust");
    const over = await trustee.post("/xdt/pool-ops", opForm("deposit", { toBank: String(icbc), amount: formatYuan(trust + 100) }));
    expect(over.status).toBe(400);
    expect(await pageText(over)).toContain("余额不足");
    expect(await balance("xdt:trust")).toBe(trust);
  });

  it("a withdrawal and a transfer move exactly their amounts; a transfer to the same bank, a future date or a missing reason are refused", async () => {
    const trustee = await signedIn("trustee");
    const [abc, boc] = [await bankId("农业银行"), await bankId("中国银行")];
    const [a0, b0, t0] = [await balance(`xdt:deposit:${abc}`), await balance(`xdt:deposit:${boc}`), await balance("xdt:trust")];
    expect((await trustee.post("/xdt/pool-ops", opForm("transfer", { fromBank: String(abc), toBank: String(boc), amount: "500,000.00" }))).status).toBe(302);
    expect((await trustee.post("/xdt/pool-ops", opForm("withdrawal", { fromBank: String(boc), amount: "200,000.00" }))).status).toBe(302);
    expect(await balance(`xdt:deposit:${abc}`)).toBe(a0 - 50_000_000);
    expect(await balance(`xdt:deposit:${boc}`)).toBe(b0 + 50_000_000 - 20_000_000);
    expect(await balance("xdt:trust")).toBe(t0 + 20_000_000);
    const n = await opCount();
    const same = await trustee.post("/xdt/pool-ops", opForm("transfer", { fromBank: String(abc), toBank: String(abc), amount: "1.00" }));
    expect(same.status).toBe(400);
    expect(await pageText(same)).toContain("不能是同一家银行");
    const future = await trustee.post("/xdt/pool-ops", opForm("deposit", { toBank: String(abc), amount: "1.00", valueDate: "2099-01-01" }));
    expect(future.status).toBe(400);
    expect(await pageText(future)).toContain("不能晚于今天");
    const noReason = await trustee.post("/xdt/pool-ops", opForm("deposit", { toBank: String(abc), amount: "1.00", reason: "" }));
    expect(noReason.status).toBe(400);
    expect(await pageText(noReason)).toContain("请填写事由");
    expect(await opCount()).toBe(n);
    // the whole 信贷通 book still balances
    const [{ total }] = await db().select({ total: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting);
    expect(Number(total)).toBe(0);
  });

  it("a bank user, finance and the auditor cannot post; the bank sees only its own deposit account and its operations", async () => {
    const n = await opCount();
    const gzb = await orgIdOf(db(), "bank.a");
    for (const who of ["bank.a", "finance", "auditor", "xdt"]) {
      const c = await signedIn(who);
      const res = await c.post("/xdt/pool-ops", opForm("deposit", { toBank: String(gzb), amount: "1.00" }));
      expect(res.status, who).toBe(403);
    }
    expect(await opCount()).toBe(n);
    const bank = await signedIn("bank.a");
    const page = await pageText(await bank.get("/xdt/pool-ops"));
    expect(page).toContain("贵州银行");
    expect(page).toContain("尚可支付");
    for (const other of ["贵阳银行", "工商银行", "农业银行", "中国银行", "贵州农信"]) expect(page, other).not.toContain(other);
    expect(page).not.toContain("记录存入");
    // a transfer between two other banks is not on its list; one touching its account names no other bank
    const trustee = await signedIn("trustee");
    const [abc, boc] = [await bankId("农业银行"), await bankId("中国银行")];
    const between = opForm("transfer", { fromBank: String(abc), toBank: String(boc), amount: "3.00", reason: "农业银行调往中国银行" });
    const withMe = opForm("transfer", { fromBank: String(abc), toBank: String(gzb), amount: "4.00", reason: "农业银行调往贵州银行" });
    expect((await trustee.post("/xdt/pool-ops", between)).status).toBe(302);
    expect((await trustee.post("/xdt/pool-ops", withMe)).status).toBe(302);
    const list = await pageText(await bank.get("/xdt/pool-ops?kind=transfer"));
    expect(list).not.toContain(between.reference);
    expect(list).toContain(withMe.reference);
    expect(list).toContain("其他合作银行存款户");
    expect(list).not.toContain("农业银行");
    const exported = await responseText(await bank.get("/export/xdt-pool-ops?format=xlsx"));
    expect(exported).toContain(withMe.reference);
    expect(exported).not.toContain(between.reference);
    expect(exported).not.toContain("农业银行");
  });

  it("finance and the auditor read every account and what the pool can still pay, with its basis; export holds every row", async () => {
    for (const who of ["finance", "auditor"]) {
      const c = await signedIn(who);
      const res = await c.get("/xdt/pool-ops");
      expect(res.status).toBe(200);
      const page = await pageText(res);
      expect(page).toContain("第十三条");
      expect(page).toContain("以资金规模为限");
      expect(page).toContain("交通银行");
      expect(page).not.toContain("记录存入");
    }
    const [{ committed }] = await db().select({ committed: sql<string>`coalesce(sum(approved_fen), 0)::text` }).from(sql`xdt_claim`).where(sql`status = 'approved'`);
    const accounts = await db().select().from(ledgerAccount).where(sql`${ledgerAccount.code} = 'xdt:trust' or ${ledgerAccount.code} like 'xdt:deposit:%'`);
    const [{ bal }] = await db().select({ bal: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting).where(inArray(posting.accountId, accounts.map((a) => a.id)));
    const page = await pageText(await (await signedIn("auditor")).get("/xdt/pool-ops"));
    expect(page).toContain(formatWan(Number(bal) - Number(committed)));
    const xlsx = await responseText(await (await signedIn("auditor")).get("/export/xdt-pool-ops?format=xlsx"));
    const total = (await db().select({ n: count() }).from(xdtPoolOperation))[0].n;
    expect(xlsx.split("\n").filter((l) => l.startsWith("QSGZ-") || l.startsWith("TEST-")).length).toBe(total);
  });
});

describe.skipIf(!onPostgres)("concurrency on PostgreSQL", () => {
  it("20 concurrent submissions of one form post once; 20 concurrent withdrawals never overdraw", async () => {
    const trustee = await signedIn("trustee");
    const gzb = await orgIdOf(db(), "bank.a");
    const before = await balance(`xdt:deposit:${gzb}`);
    const form = opForm("deposit", { toBank: String(gzb), amount: "7,000.00" });
    const results = await Promise.all(Array.from({ length: 20 }, () => trustee.post("/xdt/pool-ops", form)));
    for (const r of results) expect(r.status).toBe(302);
    expect(await db().select().from(xdtPoolOperation).where(eq(xdtPoolOperation.reference, form.reference))).toHaveLength(1);
    expect(await balance(`xdt:deposit:${gzb}`)).toBe(before + 700_000);
    // each withdrawal takes a quarter of the balance: at most four succeed, the rest are refused, never negative
    const quarter = Math.floor((before + 700_000) / 4);
    const outs = await Promise.all(Array.from({ length: 20 }, () => trustee.post("/xdt/pool-ops", opForm("withdrawal", { fromBank: String(gzb), amount: formatYuan(quarter) }))));
    for (const r of outs) expect([302, 400]).toContain(r.status);
    expect(outs.filter((r) => r.status === 302)).toHaveLength(4);
    expect(await balance(`xdt:deposit:${gzb}`)).toBe(before + 700_000 - 4 * quarter);
    const [{ total }] = await db().select({ total: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting);
    expect(Number(total)).toBe(0);
  });
});
