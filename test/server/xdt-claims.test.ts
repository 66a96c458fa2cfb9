/**
 * 信贷通 claims end to end through the built app (issue 4 §4): eligibility and the 70% with their "why", the nine
 * materials (stored in the database, size- and type-checked), return and resubmission, verification, plan, the
 * office's compilation, the leading group's decision, payment drawn by splitClaimPayment into a balanced journal —
 * once, however often it is submitted. On PostgreSQL: 50 concurrent payments / decisions of one claim pay once.
 */
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, journal, ledgerAccount, posting, xdtClaim, xdtClaimMaterial, XDT_CLAIM_MATERIALS } from "#db/schema";
import { XDT_ACCOUNTS } from "#db/accounts";
import { formatYuan } from "~/lib/money";
import { onPostgres, useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText } from "../support/text";
import { cleanEnterprise, orgIdOf, today } from "../support/xdt";
import { overdueLoan } from "../support/xdt";

const { db } = useAppDatabase({ maxConnections: 20 });

async function balanceOf(code: string) {
  const [row] = await db().select({ b: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting).innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId)).where(eq(ledgerAccount.code, code));
  return Number(row.b);
}

function upload(client: Client, claimId: number, kind: string, name: string, bytes: Uint8Array) {
  const body = new FormData();
  body.set("csrf", client.csrf());
  body.set("intent", "upload");
  body.set("kind", kind);
  body.set("file", new File([bytes as BlobPart], name));
  return client.request(`/xdt/claims/${claimId}`, { method: "POST", body });
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("a claim from filing to payment, across roles", () => {
  let bank: Client;
  let trustee: Client;
  let office: Client;
  let claimId: number;
  let loanId: number;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    trustee = await signedIn("trustee");
    office = await signedIn("xdt");
    const ent = await cleanEnterprise(db(), 10);
    const { loan } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), ent.id, "TEST-CLAIM-0001");
    loanId = loan.id;
  });

  it("the loan page shows the claim trigger met, with its why", async () => {
    const page = await pageText(await bank.get(`/xdt/loans/${loanId}`));
    expect(page).toContain("已满足");
    expect(page).toContain("利息已逾期");
    expect(page).toContain("第十三条");
  });

  it("the bank files: the loss and 70% are computed by the rules and shown with why", async () => {
    const res = await bank.post(`/xdt/loans/${loanId}`, { intent: "file-claim" });
    expect(res.status, await res.clone().text()).toBe(302);
    const [claim] = await db().select().from(xdtClaim).where(eq(xdtClaim.loanId, loanId));
    claimId = claim.id;
    expect(claim.status).toBe("filed");
    expect(claim.unpaidPrincipalFen).toBe(500_000_000);
    expect(claim.lossFen).toBe(claim.unpaidPrincipalFen + claim.unpaidInterestFen);
    expect(claim.unpaidInterestFen).toBeGreaterThan(0);
    expect(claim.compensationFen).toBe(Math.floor((claim.lossFen * 7000 + 5000) / 10000));
    const page = await pageText(await bank.get(`/xdt/claims/${claimId}`));
    expect(page).toContain(formatYuan(claim.compensationFen));
    expect(page).toContain("70%");
    expect(page).toContain(claim.planDue!);
    // a second filing for the same loan is refused
    const again = await bank.post(`/xdt/loans/${loanId}`, { intent: "file-claim" });
    expect(again.status).toBe(400);
  });

  it("the trustee cannot verify with materials missing; it returns the claim", async () => {
    const res = await trustee.post(`/xdt/claims/${claimId}`, { intent: "verify" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("材料不齐");
    const ret = await trustee.post(`/xdt/claims/${claimId}`, { intent: "return", reason: "请补充九项材料" });
    expect(ret.status).toBe(302);
    expect((await db().select().from(xdtClaim).where(eq(xdtClaim.id, claimId)))[0].status).toBe("returned");
  });

  it("materials: a real PDF is stored in the database; a fake, an empty and an oversized file are refused", async () => {
    const ok = await upload(bank, claimId, "overdue_summary", "逾期情况.pdf", PDF);
    expect(ok.status, await ok.clone().text()).toBe(302);
    const [m] = await db().select().from(xdtClaimMaterial).where(and(eq(xdtClaimMaterial.claimId, claimId), eq(xdtClaimMaterial.kind, "overdue_summary")));
    expect(Buffer.from(m.content!).toString("latin1")).toBe(Buffer.from(PDF).toString("latin1"));
    expect(m.sizeBytes).toBe(PDF.byteLength);
    const fake = await upload(bank, claimId, "operations", "经营.pdf", new TextEncoder().encode("MZ\x90\x00 not a pdf"));
    expect(fake.status).toBe(400);
    expect(await pageText(fake)).toContain("不是有效的 PDF");
    const exe = await upload(bank, claimId, "operations", "tool.exe", new Uint8Array([0x4d, 0x5a, 1, 2]));
    expect(exe.status).toBe(400);
    expect(await pageText(exe)).toContain("只接受");
    const empty = await upload(bank, claimId, "operations", "空.pdf", new Uint8Array());
    expect(empty.status).toBe(400);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF.subarray(0, 5));
    const huge = await upload(bank, claimId, "operations", "大.pdf", big);
    expect(huge.status).toBe(400);
    expect(await pageText(huge)).toContain("10 MB");
    // downloads: the bank and the trustee get the bytes; another bank gets 404
    const dl = await bank.get(`/xdt/materials/${m.id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PDF);
    expect((await (await signedIn("bank.b")).get(`/xdt/materials/${m.id}`)).status).toBe(404);
    expect((await trustee.get(`/xdt/materials/${m.id}`)).status).toBe(200);
  });

  it("the bank marks the rest as provided on paper and resubmits; the plan clock restarts", async () => {
    for (const kind of XDT_CLAIM_MATERIALS.filter((k) => k !== "overdue_summary")) {
      const res = await bank.post(`/xdt/claims/${claimId}`, { intent: "mark", kind, note: "纸质" });
      expect(res.status).toBe(302);
    }
    expect((await bank.post(`/xdt/claims/${claimId}`, { intent: "resubmit" })).status).toBe(302);
    const [c] = await db().select().from(xdtClaim).where(eq(xdtClaim.id, claimId));
    expect(c.status).toBe("filed");
    expect(c.receivedOn).toBe(today());
  });

  it("a bank cannot take the trustee's steps, and the trustee cannot take the office's", async () => {
    expect((await bank.post(`/xdt/claims/${claimId}`, { intent: "verify" })).status).toBe(403);
    expect((await trustee.post(`/xdt/claims/${claimId}`, { intent: "compile" })).status).toBe(403);
  });

  it("verify → plan → compile → decision → payment, each step recorded with who and when", async () => {
    expect((await trustee.post(`/xdt/claims/${claimId}`, { intent: "verify" })).status).toBe(302);
    expect((await trustee.post(`/xdt/claims/${claimId}`, { intent: "plan", note: "同意按70%补偿" })).status).toBe(302);
    expect((await office.post(`/xdt/claims/${claimId}`, { intent: "compile" })).status).toBe(302);
    const tooMuch = await office.post(`/xdt/claims/${claimId}`, { intent: "decide", outcome: "approve", meetingDate: today(), decisionRef: "黔信贷通领纪要〔2026〕11号", amount: "999,999,999.00" });
    expect(tooMuch.status).toBe(400);
    expect(await pageText(tooMuch)).toContain("不能超过");
    const decided = await office.post(`/xdt/claims/${claimId}`, { intent: "decide", outcome: "approve", meetingDate: today(), decisionRef: "黔信贷通领纪要〔2026〕11号" });
    expect(decided.status, await decided.clone().text()).toBe(302);
    const [approved] = await db().select().from(xdtClaim).where(eq(xdtClaim.id, claimId));
    expect(approved.status).toBe("approved");
    expect(approved.approvedFen).toBe(approved.compensationFen);
    expect(approved.paymentDue).toBeTruthy();

    const me = await orgIdOf(db(), "bank.a");
    const depositBefore = await balanceOf(XDT_ACCOUNTS.deposit(me));
    const paid = await trustee.post(`/xdt/claims/${claimId}`, { intent: "pay" });
    expect(paid.status).toBe(302);
    const [c] = await db().select().from(xdtClaim).where(eq(xdtClaim.id, claimId));
    expect(c.status).toBe("paid");
    expect(c.paidOn).toBe(today());
    // the claiming bank's own account pays first (it holds enough)
    expect(await balanceOf(XDT_ACCOUNTS.deposit(me))).toBe(depositBefore - c.approvedFen!);
    const [j] = await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:claim:${claimId}:payment`));
    const lines = await db().select().from(posting).where(eq(posting.journalId, j.id));
    expect(lines.reduce((s, l) => s + l.amountFen, 0)).toBe(0);

    // paying again (another tab) pays nothing more
    const again = await trustee.post(`/xdt/claims/${claimId}`, { intent: "pay" });
    expect([302, 400]).toContain(again.status);
    expect((await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:claim:${claimId}:payment`))).length).toBe(1);
    expect(await balanceOf(XDT_ACCOUNTS.deposit(me))).toBe(depositBefore - c.approvedFen!);

    const page = await pageText(await bank.get(`/xdt/claims/${claimId}`));
    for (const label of ["银行提交申请", "退回补充", "银行补充后重新提交", "受托机构已核实", "补偿方案已报送", "信贷通办已汇总", "领导小组已批准", "已支付"]) expect(page).toContain(label);
    expect(page).toContain("本行信贷通存款户");
    expect(page).toContain("黔晟国资 周经理（trustee）");
    expect(page).toContain("信贷通办 刘主任（xdt）");
    const actions = await db().select({ a: auditLog.action }).from(auditLog).where(and(eq(auditLog.entity, "xdt-claim"), eq(auditLog.entityId, String(claimId)))).orderBy(auditLog.id);
    expect(actions.map((a) => a.a)).toEqual(["file", "return", "resubmit", "verify", "plan", "compile", "approve", "pay"]);
  });

  it("the whole ledger still balances", async () => {
    const [row] = await db().select({ s: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting);
    expect(Number(row.s)).toBe(0);
  });
});

describe("unhappy paths", () => {
  it("a loan that is not overdue enough cannot be claimed", async () => {
    const bank = await signedIn("bank.a");
    const ent = await cleanEnterprise(db(), 11);
    const { loan } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), ent.id, "TEST-CLAIM-0002", 100_000_000, 3);
    const res = await bank.post(`/xdt/loans/${loan.id}`, { intent: "file-claim" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("不符合代偿条件");
    expect((await db().select().from(xdtClaim).where(eq(xdtClaim.loanId, loan.id))).length).toBe(0);
  });

  it("the leading group rejects: nothing is paid", async () => {
    const [c] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "compiled")).limit(1);
    const office = await signedIn("xdt");
    const res = await office.post(`/xdt/claims/${c.id}`, { intent: "decide", outcome: "reject", meetingDate: today(), decisionRef: "黔信贷通领纪要〔2026〕12号" });
    expect(res.status).toBe(302);
    const [after] = await db().select().from(xdtClaim).where(eq(xdtClaim.id, c.id));
    expect(after.status).toBe("rejected");
    const pay = await (await signedIn("trustee")).post(`/xdt/claims/${c.id}`, { intent: "pay" });
    expect(pay.status).toBe(400);
    expect((await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:claim:${c.id}:payment`))).length).toBe(0);
  });

  it("another bank's claim is a 404, on the page and for every step", async () => {
    const me = await orgIdOf(db(), "bank.a");
    const [foreign] = await db().select().from(xdtClaim).where(sql`${xdtClaim.bankOrgId} <> ${me}`).limit(1);
    const bank = await signedIn("bank.a");
    expect((await bank.get(`/xdt/claims/${foreign.id}`)).status).toBe(404);
    expect((await bank.post(`/xdt/claims/${foreign.id}`, { intent: "mark", kind: "tax" })).status).toBe(404);
  });
});

describe.skipIf(!onPostgres)("concurrency on PostgreSQL", () => {
  it("50 concurrent payments of one approved claim pay exactly once; the ledger balances", async () => {
    const [c] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "approved")).limit(1);
    const trustee = await signedIn("trustee");
    const deposits = await db().select({ id: ledgerAccount.id }).from(ledgerAccount).where(like(ledgerAccount.code, "xdt:deposit:%"));
    const sumDeposits = async () => {
      const [r] = await db().select({ s: sql<string>`coalesce(sum(${posting.amountFen}),0)::text` }).from(posting).where(inArray(posting.accountId, deposits.map((d) => d.id)));
      return Number(r.s);
    };
    const before = await sumDeposits();
    const results = await Promise.all(Array.from({ length: 50 }, () => trustee.post(`/xdt/claims/${c.id}`, { intent: "pay" })));
    for (const r of results) expect(r.status).toBeLessThan(500);
    expect((await db().select().from(journal).where(eq(journal.idempotencyKey, `xdt:claim:${c.id}:payment`))).length).toBe(1);
    const pays = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-claim"), eq(auditLog.entityId, String(c.id)), eq(auditLog.action, "pay")));
    expect(pays).toHaveLength(1);
    expect(await sumDeposits()).toBe(before - c.approvedFen!);
    const [row] = await db().select({ s: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` }).from(posting);
    expect(Number(row.s)).toBe(0);
  });

  it("50 concurrent decisions on one compiled claim record one decision", async () => {
    const [c] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "compiled")).limit(1);
    const office = await signedIn("xdt");
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => office.post(`/xdt/claims/${c.id}`, { intent: "decide", outcome: "approve", meetingDate: today(), decisionRef: `并发纪要${i}` })));
    for (const r of results) expect(r.status).toBeLessThan(500);
    expect(results.filter((r) => r.status === 302)).toHaveLength(1);
    const approvals = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-claim"), eq(auditLog.entityId, String(c.id)), eq(auditLog.action, "approve")));
    expect(approvals).toHaveLength(1);
  });
});
