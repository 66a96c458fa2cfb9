/**
 * Ratios and the 3% stop (issue 4 §6): the D-6 ratio per bank and for the pool, the conventional NPL beside it,
 * suspension the moment a payment makes a bank reach 3%, and a restart only below 3% with a recorded decision.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organisation, xdtBank, xdtBankStatusChange, xdtClaim } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { bankUser, cleanEnterprise, orgIdOf, overdueLoan, rateText, suspendedBank, today } from "../support/xdt";

const { db } = useAppDatabase();

describe("ratios and the stop", () => {
  it("the bank page shows both measures, labelled, and the ratio chart's data table with the 3% line", async () => {
    const trustee = await signedIn("trustee");
    const list = await pageText(await trustee.get("/xdt/banks"));
    expect(list).toContain("叫停口径");
    expect(list).toContain("常规不良率");
    expect(list).toMatch(/交通银行[\s\S]*?≥ 3%/);
    const b = await suspendedBank(db());
    const page = await pageText(await trustee.get(`/xdt/banks/${b.id}`));
    // React 18's streaming renderer left NUL bytes where a Chinese character met a 2048-byte chunk boundary (app/entry.server.tsx)
    expect(page).not.toContain("\u0000");
    expect(page).toContain("3% 叫停线");
    expect(page).toContain("数据表");
    expect(page).toContain("暂停新增");
    expect(page).toContain("第二十一条");
  });

  it("a bank sees only its own row and the pool's aggregate", async () => {
    const bank = await signedIn("bank.a");
    const page = await pageText(await bank.get("/xdt/banks"));
    expect(page).toContain("贵州银行");
    expect(page).not.toContain("交通银行");
    const other = await suspendedBank(db());
    expect((await bank.get(`/xdt/banks/${other.id}`)).status).toBe(404);
  });

  it("restart is refused while the ratio is at or above 3%, even with a decision", async () => {
    const b = await suspendedBank(db());
    const office = await signedIn("xdt");
    const res = await office.post(`/xdt/banks/${b.id}`, { intent: "restart", decisionDate: today(), decisionRef: "黔信贷通领纪要〔2026〕20号" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("不能恢复");
    expect((await db().select().from(xdtBank).where(eq(xdtBank.orgId, b.id)))[0].status).toBe("suspended");
  });

  it("a payment that makes a bank reach 3% suspends it at once; its next loan is refused; a restart then needs the ratio below 3% and a decision", async () => {
    // 工商银行 sits just under 3%: pay it one large claim
    const [icbc] = await db().select().from(organisation).where(eq(organisation.shortName, "工商银行"));
    const ent = await cleanEnterprise(db(), 0);
    const { loan } = await overdueLoan(db(), icbc.id, ent.id, "TEST-ICBC-STOP", 20_000_000_000, 9);
    const user = await signedIn(await bankUser(db(), icbc.id, "bank.icbc"));
    expect((await user.post(`/xdt/loans/${loan.id}`, { intent: "file-claim" })).status).toBe(302);
    const [claim] = await db().select().from(xdtClaim).where(eq(xdtClaim.loanId, loan.id));
    // the steps up to the decision are covered elsewhere: put the claim at "approved" directly
    await db().update(xdtClaim).set({ status: "approved", approvedFen: claim.compensationFen, decisionDate: today(), decisionRef: "测试", paymentDue: today() }).where(eq(xdtClaim.id, claim.id));
    const trustee = await signedIn("trustee");
    expect((await trustee.post(`/xdt/claims/${claim.id}`, { intent: "pay" })).status).toBe(302);
    const [bank] = await db().select().from(xdtBank).where(eq(xdtBank.orgId, icbc.id));
    expect(bank.status).toBe("suspended");
    expect(bank.suspensionReason).toBe("bank_ratio");
    const [change] = await db().select().from(xdtBankStatusChange).where(and(eq(xdtBankStatusChange.bankOrgId, icbc.id), eq(xdtBankStatusChange.toStatus, "suspended")));
    expect(change.basis).toContain("3");
    const ent2 = await cleanEnterprise(db(), 1);
    const refused = await user.post("/xdt/loans/new", { creditCode: ent2.creditCode, contractNo: "TEST-ICBC-NEW", amount: "1,000,000.00", rate: rateText(10), termMonths: "12", disbursementDate: today(), isCreditLoan: "on", controllerSpouseGuarantee: "on" });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("不予受理");

    // bring the ratio under 3% (more admitted lending) — then the decision restarts it
    await overdueLoan(db(), icbc.id, ent2.id, "TEST-ICBC-BIG", 900_000_000_000, 1);
    const office = await signedIn("xdt");
    const ok = await office.post(`/xdt/banks/${icbc.id}`, { intent: "restart", decisionDate: today(), decisionRef: "黔信贷通领纪要〔2026〕21号" });
    expect(ok.status, await ok.clone().text()).toBe(302);
    expect((await db().select().from(xdtBank).where(eq(xdtBank.orgId, icbc.id)))[0].status).toBe("active");
    const me = await orgIdOf(db(), "bank.icbc");
    expect(me).toBe(icbc.id);
  });
});
