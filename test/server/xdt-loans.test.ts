/**
 * 信贷通 loans end to end through the built app (issue 4 §3): a bank files a loan, the rule book decides with its
 * "why", the trustee admits or rejects within the 5-working-day clock; renewals are admitted automatically;
 * a suspended bank and a blacklisted enterprise (or shareholder) are refused with the reason, nothing written.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, enterprise, shareholder, xdtBank, xdtBankStatusChange, xdtBlacklist, xdtImportJob, xdtLoan, xdtLoanDue } from "#db/schema";
import { IMPORT_COLUMNS } from "~/server/xdt/imports.server";
import { admissionDecisionDue, DEFAULT_CALENDAR } from "#rules";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText } from "../support/text";
import { bankUser, cleanEnterprise, orgIdOf, rateText, suspendedBank, today } from "../support/xdt";

const { db } = useAppDatabase();

function loanForm(creditCode: string, contractNo: string, extra: Record<string, string> = {}) {
  return { creditCode, contractNo, amount: "3,000,000.00", rate: rateText(50), termMonths: "12", disbursementDate: today(), isCreditLoan: "on", controllerSpouseGuarantee: "on", ...extra };
}

async function loanCount() {
  const [{ n }] = await db().select({ n: count() }).from(xdtLoan);
  return n;
}

describe("a bank files a loan; the trustee decides", () => {
  let bank: Client;
  let trustee: Client;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    trustee = await signedIn("trustee");
  });

  it("a valid loan waits for the trustee with its 5-working-day clock and the rule book's why", async () => {
    const ent = await cleanEnterprise(db());
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-GZB-0001"));
    expect(res.status, await res.clone().text()).toBe(302);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-GZB-0001"));
    expect(loan.admissionStatus).toBe("pending");
    expect(loan.bankOrgId).toBe(await orgIdOf(db(), "bank.a"));
    expect(loan.amountFen).toBe(300_000_000);
    expect(loan.admissionDue).toBe(admissionDecisionDue(today(), DEFAULT_CALENDAR).value.due);
    const dues = await db().select().from(xdtLoanDue).where(eq(xdtLoanDue.loanId, loan.id));
    expect(dues.filter((d) => d.component === "interest")).toHaveLength(4);
    const page = await pageText(await bank.get(res.headers.get("Location")!));
    expect(page).toContain("待审核");
    expect(page).toContain("为什么？");
    expect(page).toContain("第九条");
    expect(page).toContain(loan.admissionDue!);
    // the trustee's queue lists it
    const queue = await pageText(await trustee.get("/xdt/admissions"));
    expect(queue).toContain("TEST-GZB-0001");
  });

  it("the trustee admits it; a second decision is refused", async () => {
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-GZB-0001"));
    const res = await trustee.post(`/xdt/loans/${loan.id}`, { intent: "admit" });
    expect(res.status).toBe(302);
    const [after] = await db().select().from(xdtLoan).where(eq(xdtLoan.id, loan.id));
    expect(after.admissionStatus).toBe("admitted");
    expect(after.decidedOn).toBe(today());
    const again = await trustee.post(`/xdt/loans/${loan.id}`, { intent: "reject", note: "重复" });
    expect(again.status).toBe(400);
    expect(await pageText(again)).toContain("已审核");
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-loan"), eq(auditLog.entityId, String(loan.id)))).orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(["file", "admit"]);
  });

  it("rejecting needs a reason; with one the loan is off the list", async () => {
    const ent = await cleanEnterprise(db(), 1);
    await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-GZB-0002"));
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-GZB-0002"));
    const bare = await trustee.post(`/xdt/loans/${loan.id}`, { intent: "reject" });
    expect(bare.status).toBe(400);
    expect(await pageText(bare)).toContain("须说明理由");
    const res = await trustee.post(`/xdt/loans/${loan.id}`, { intent: "reject", note: "借款企业实际经营地不在贵州" });
    expect(res.status).toBe(302);
    const [after] = await db().select().from(xdtLoan).where(eq(xdtLoan.id, loan.id));
    expect(after.admissionStatus).toBe("rejected");
  });

  it("a renewal of an admitted loan is admitted automatically (XDT-BF 第十二条)", async () => {
    const [prior] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-GZB-0001"));
    const [ent] = await db().select().from(enterprise).where(eq(enterprise.id, prior.enterpriseId));
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-GZB-0001-XD", { renewalOf: "TEST-GZB-0001" }));
    expect(res.status, await res.clone().text()).toBe(302);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-GZB-0001-XD"));
    expect(loan.admissionStatus).toBe("admitted");
    expect(loan.renewalOfLoanId).toBe(prior.id);
  });

  it("a rate over LPR + 74BP is refused with the reason; nothing is written and the typed values stay", async () => {
    const ent = await cleanEnterprise(db(), 2);
    const before = await loanCount();
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-GZB-0003", { rate: rateText(75) }));
    expect(res.status).toBe(400);
    const page = await pageText(res);
    expect(page).toContain("不予受理");
    expect(page).toMatch(/利率/);
    expect(page).toContain("TEST-GZB-0003");
    expect(await loanCount()).toBe(before);
  });

  it("bad input gets Chinese field errors, never a 500", async () => {
    const res = await bank.post("/xdt/loans/new", { creditCode: "91520000XXXXXXXX", contractNo: "X", amount: "abc", rate: "-1", termMonths: "0", disbursementDate: "2026-02-30" });
    expect(res.status).toBe(400);
    const page = await pageText(res);
    for (const msg of ["合同编号至少 3 个字符", "贷款金额格式不正确", "年利率格式不正确", "期限至少 1 个月", "放款日期应为 YYYY-MM-DD"]) expect(page).toContain(msg);
    const unknown = await bank.post("/xdt/loans/new", loanForm("91350100M000100Y43", "TEST-GZB-0004"));
    expect(unknown.status).toBe(400);
    expect(await pageText(unknown)).toContain("企业库中没有");
  });

  it("a blacklisted enterprise is refused with the reason", async () => {
    const [black] = await db().select().from(xdtBlacklist).where(eq(xdtBlacklist.kind, "enterprise"));
    const res = await bank.post("/xdt/loans/new", loanForm(black.identifier, "TEST-GZB-0005"));
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("黑名单");
    expect((await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-GZB-0005"))).length).toBe(0);
  });

  it("an enterprise whose shareholder is blacklisted is refused too", async () => {
    const ent = await cleanEnterprise(db(), 3);
    const [holder] = await db().select().from(shareholder).where(eq(shareholder.enterpriseId, ent.id)).orderBy(desc(shareholder.shareBp)).limit(1);
    await db().insert(xdtBlacklist).values({ identifier: holder.identifier, name: holder.name, kind: "shareholder", reason: "测试：另一企业骗贷的股东", decisionRef: "测试〔2026〕1号", decisionDate: today(), createdByName: "测试" });
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-GZB-0006"));
    expect(res.status).toBe(400);
    const page = await pageText(res);
    expect(page).toContain("股东");
    expect(page).toContain("黑名单");
  });
});

describe("a suspended bank cannot add loans (XDT-BF 第二十一条, D-7)", () => {
  it("its filing is refused with the 3% reason, and its suspension is on record", async () => {
    const b = await suspendedBank(db());
    const client = await signedIn(await bankUser(db(), b.id, "bank.suspended"));
    const ent = await cleanEnterprise(db(), 4);
    const res = await client.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-SUSP-0001"));
    expect(res.status).toBe(400);
    const page = await pageText(res);
    expect(page).toContain("不予受理");
    expect(page).toMatch(/暂停|3%/);
    expect((await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-SUSP-0001"))).length).toBe(0);
    const [bank] = await db().select().from(xdtBank).where(eq(xdtBank.orgId, b.id));
    expect(bank.suspensionReason).toBe("bank_ratio");
    const history = await db().select().from(xdtBankStatusChange).where(eq(xdtBankStatusChange.bankOrgId, b.id));
    expect(history.at(-1)!.toStatus).toBe("suspended");
  });
});

describe("scope of the loan pages", () => {
  it("a bank's list and export hold only its own loans; other roles without 信贷通 access get 403", async () => {
    const bank = await signedIn("bank.a");
    const me = await orgIdOf(db(), "bank.a");
    const csv = await (await bank.get("/export/xdt-loans?format=csv")).text();
    const mine = await db().select({ c: xdtLoan.contractNo, b: xdtLoan.bankOrgId }).from(xdtLoan);
    for (const l of mine.slice(0, 400)) {
      if (l.b === me) continue;
      expect(csv).not.toContain(l.c);
    }
    expect(csv).toContain("GZB-XDT-");
    // a finance officer reads 信贷通 (Decision 23; what each officer sees: xdt-region-access.test.ts) and files nothing
    const finance = await signedIn("finance");
    expect((await finance.get("/xdt/loans")).status).toBe(200);
    expect((await finance.get("/xdt/loans/new")).status).toBe(403);
    const auditor = await signedIn("auditor");
    const all = await pageText(await auditor.get("/xdt/loans?sort=contractNo&dir=asc"));
    expect(all).toContain("信贷通贷款");
  });
});

describe("repayments and the overdue filters", () => {
  it("the claimable filter (SQL) agrees with the rule book's eligibility for every loan it lists", async () => {
    const { listLoans, getLoan } = await import("~/server/xdt/loans.server");
    const { rows } = await listLoans(db(), { kind: "all" }, { q: "", page: 1, sort: "disbursementDate", dir: "desc", limit: 500, offset: 0 }, { overdue: "claimable", asOf: today() });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const loan = await getLoan(db(), { kind: "all" }, r.id, today());
      expect(loan!.eligibility?.outcome, r.contractNo).not.toBe("block");
      expect(loan!.claim).toBeNull();
    }
    const { rows: overdue } = await listLoans(db(), { kind: "all" }, { q: "", page: 1, sort: "disbursementDate", dir: "desc", limit: 5000, offset: 0 }, { overdue: "overdue", asOf: today() });
    for (const r of overdue.slice(0, 50)) {
      const loan = await getLoan(db(), { kind: "all" }, r.id, today());
      expect(loan!.position.principalDaysOverdue + loan!.position.interestDaysOverdue, r.contractNo).toBeGreaterThan(0);
    }
  });

  it("a repayment of the overdue interest takes the loan off the claimable list", async () => {
    const bank = await signedIn("bank.a");
    const ent = await cleanEnterprise(db(), 6);
    const { overdueLoan } = await import("../support/xdt");
    const { loan, dues } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), ent.id, "TEST-REPAY-1");
    expect(await pageText(await bank.get("/xdt/loans?overdue=claimable&q=TEST-REPAY-1"))).toContain(`/xdt/loans/${loan.id}"`);
    const dueInterest = dues.filter((d) => d.component === "interest" && d.dueDate <= today()).reduce((s, d) => s + d.amountFen, 0);
    const tooMuch = await bank.post(`/xdt/loans/${loan.id}`, { intent: "repay", component: "interest", paidOn: today(), amount: "999,999,999.00" });
    expect(tooMuch.status).toBe(400);
    expect(await pageText(tooMuch)).toContain("超过");
    const res = await bank.post(`/xdt/loans/${loan.id}`, { intent: "repay", component: "interest", paidOn: today(), amount: (dueInterest / 100).toFixed(2) });
    expect(res.status, await res.clone().text()).toBe(302);
    expect(await pageText(await bank.get("/xdt/loans?overdue=claimable&q=TEST-REPAY-1"))).not.toContain(`/xdt/loans/${loan.id}"`);
    const page = await pageText(await bank.get(`/xdt/loans/${loan.id}`));
    expect(page).toContain("利息逾期 0 天");
    // another bank cannot record a repayment on it
    expect((await (await signedIn("bank.b")).post(`/xdt/loans/${loan.id}`, { intent: "repay", component: "interest", paidOn: today(), amount: "1.00" })).status).toBe(404);
  });
});

describe("a “原则上” (soft) limit with a written reason (RULES.md §1 conventions)", () => {
  let bank: Client;
  let trustee: Client;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    trustee = await signedIn("trustee");
  });

  it("a soft breach without a reason is refused, saying a written reason can let it through; nothing is written", async () => {
    const ent = await cleanEnterprise(db(), 7);
    const before = await loanCount();
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-SOFT-0001", { termMonths: "48" }));
    expect(res.status).toBe(400);
    const text = await pageText(res);
    expect(text).toContain("超过36个月");
    expect(text).toContain("放行理由");
    expect(await loanCount()).toBe(before);
  });

  it("with a reason it is filed for the trustee, the reason and who gave it recorded and shown with the verdict", async () => {
    const ent = await cleanEnterprise(db(), 8);
    const reason = "技术改造项目回收期长，经分行贷审会审议同意四年期";
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-SOFT-0002", { termMonths: "48", overrideReason: reason }));
    expect(res.status, await res.clone().text()).toBe(302);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-SOFT-0002"));
    expect(loan.admissionStatus).toBe("pending");
    const verdict = loan.admissionVerdict as { outcome: string; override: { by: string; reason: string; codes: string[] }; findings: { code: string; severity: string }[] };
    expect(verdict.outcome).toBe("warn");
    expect(verdict.override).toMatchObject({ reason, codes: ["XDT_TERM_OVER_CAP"] });
    expect(verdict.override.by).toContain("bank.a");
    expect(verdict.findings.find((f) => f.code === "XDT_TERM_OVER_CAP")?.severity).toBe("warn");
    for (const client of [bank, trustee]) {
      const page = await pageText(await client.get(`/xdt/loans/${loan.id}`));
      expect(page).toContain("已书面说明理由放行");
      expect(page).toContain(reason);
    }
    expect(await pageText(await trustee.get("/xdt/admissions"))).toMatch(/TEST-SOFT-0002<\/a> <span[^>]*>原则上限制已书面放行/);
    // the API shows it too
    expect((await (await signedIn("auditor")).get(`/xdt/loans/${loan.id}`)).status).toBe(200);
  });

  it("a hard breach is refused even with a reason", async () => {
    const ent = await cleanEnterprise(db(), 9);
    const before = await loanCount();
    const res = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-SOFT-0003", { rate: rateText(75), termMonths: "48", overrideReason: "企业经营良好，申请放行" }));
    expect(res.status).toBe(400);
    const text = await pageText(res);
    expect(text).toContain("不予受理");
    expect(text).toContain("74BP");
    expect(text).toContain("硬性限制不能以书面理由放行");
    const onlyHard = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-SOFT-0004", { rate: rateText(75), overrideReason: "企业经营良好，申请放行" }));
    expect(onlyHard.status).toBe(400);
    expect(await loanCount()).toBe(before);
  });

  it("an import row carries its reason in the optional last column; a row without one is refused; the old 10-column template still reads", async () => {
    const headers = IMPORT_COLUMNS.map((c) => c.header);
    // the 11th column; the optional enterprise columns follow it (enterprise-register.test.ts)
    expect(headers[10]).toContain("放行理由");
    const [a, b, c] = [await cleanEnterprise(db(), 10), await cleanEnterprise(db(), 11), await cleanEnterprise(db(), 12)];
    const row = (code: string, no: string, term: string, reason: string) => `${code},${no},"1,000,000.00",${rateText(10)},${term},${today()},是,,是,,${reason}`;
    const run = async (csv: string) => {
      const body = new FormData();
      body.set("csrf", bank.csrf());
      body.set("file", new File([new TextEncoder().encode(csv) as BlobPart], "清单.csv"));
      const up = await bank.request("/xdt/imports", { method: "POST", body });
      expect(up.status, await up.clone().text()).toBe(302);
      await bank.post(up.headers.get("Location")!, {});
      const [job] = await db().select().from(xdtImportJob).where(eq(xdtImportJob.id, Number(up.headers.get("Location")!.split("/").pop())));
      return job;
    };
    const job = await run(`${headers.join(",")}\n${row(a.creditCode, "IMP-SOFT-1", "48", "项目回收期长，贷审会同意")}\n${row(b.creditCode, "IMP-SOFT-2", "48", "")}\n`);
    expect(job.okRows).toBe(1);
    expect(JSON.stringify(job.report)).toContain("放行理由");
    const [imported] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "IMP-SOFT-1"));
    expect((imported.admissionVerdict as { override: { reason: string } }).override.reason).toBe("项目回收期长，贷审会同意");
    const old = await run(`${headers.slice(0, 10).join(",")}\n${c.creditCode},IMP-OLD-1,"1,000,000.00",${rateText(10)},12,${today()},是,,是,\n`);
    expect(old.okRows).toBe(1);
  });
});
