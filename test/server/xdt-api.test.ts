/**
 * The bank API (issue 4 §12): tokens created and revoked by the bank user, stored hashed; scoped to the bank;
 * rate-limited in the database; the same validation and rules as the pages; JSON errors in Chinese with the field.
 */
import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiToken, xdtClaim, xdtLoan, xdtMonthlyReport, xdtQuarterlyReport, xdtRiskEvent } from "#db/schema";
import { API_RATE_LIMIT } from "~/server/api.server";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { apiCall, apiTokenFor } from "../support/api";
import { cleanEnterprise, orgIdOf, overdueLoan, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();

describe("bank API", () => {
  let bank: Client;
  let token: string;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    token = await apiTokenFor(bank);
  });

  it("stores only the token's hash", async () => {
    const rows = await db().select().from(apiToken);
    expect(rows.some((r) => r.tokenHash.includes(token) || token.includes(r.tokenHash))).toBe(false);
    expect(rows.some((r) => token.startsWith(r.prefix))).toBe(true);
  });

  it("files a loan with the same rules as the form, and reads it back", async () => {
    const ent = await cleanEnterprise(db(), 0);
    const res = await apiCall(bank, "/api/v1/loans", token, { creditCode: ent.creditCode, contractNo: "API-0001", amount: "2,000,000.00", rate: rateText(20), termMonths: 12, disbursementDate: today(), isCreditLoan: true, controllerSpouseGuarantee: true });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await res.json();
    expect(body.admissionStatus).toBe("pending");
    expect(body.verdict.explain).toContain("结论");
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "API-0001"));
    expect(loan.source).toBe("api");
    const got = await apiCall(bank, `/api/v1/loans/${loan.id}`, token);
    expect(got.status).toBe(200);
    expect((await got.json()).contractNo).toBe("API-0001");
    const list = await (await apiCall(bank, "/api/v1/loans?status=pending", token)).json();
    expect(list.loans.some((l: { contractNo: string }) => l.contractNo === "API-0001")).toBe(true);
  });

  it("answers bad input with Chinese reasons and the field", async () => {
    const bad = await apiCall(bank, "/api/v1/loans", token, { creditCode: "x", contractNo: "API-0002", amount: "abc", rate: "3.5", termMonths: 12, disbursementDate: today() });
    expect(bad.status).toBe(400);
    const e = (await bad.json()).error;
    expect(e.code).toBe("invalid");
    expect(e.fields.find((f: { field: string }) => f.field === "amount").message).toContain("贷款金额格式不正确");
    const over = await apiCall(bank, "/api/v1/loans", token, { creditCode: (await cleanEnterprise(db(), 1)).creditCode, contractNo: "API-0003", amount: "1,000,000.00", rate: rateText(75), termMonths: 12, disbursementDate: today(), isCreditLoan: true, controllerSpouseGuarantee: true });
    expect(over.status).toBe(400);
    expect((await over.json()).error.message).toContain("不予受理");
    const notJson = await bank.request("/api/v1/loans", { method: "POST", body: "x" as never, headers: { Authorization: `Bearer ${token}`, Cookie: "" } });
    expect(notJson.status).toBe(415);
  });

  it("files a claim and reads its status; another bank's records are 404", async () => {
    const ent = await cleanEnterprise(db(), 2);
    const { loan } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), ent.id, "API-CLAIM-1");
    const res = await apiCall(bank, `/api/v1/loans/${loan.id}/claim`, token, {});
    expect(res.status, await res.clone().text()).toBe(201);
    const claim = await res.json();
    expect(claim.compensationFen).toBeGreaterThan(0);
    const got = await (await apiCall(bank, `/api/v1/claims/${claim.id}`, token)).json();
    expect(got.status).toBe("filed");
    expect(got.materials).toHaveLength(9);
    const me = await orgIdOf(db(), "bank.a");
    const [foreignLoan] = await db().select().from(xdtLoan).where(ne(xdtLoan.bankOrgId, me)).limit(1);
    const [foreignClaim] = await db().select().from(xdtClaim).where(ne(xdtClaim.bankOrgId, me)).limit(1);
    expect((await apiCall(bank, `/api/v1/loans/${foreignLoan.id}`, token)).status).toBe(404);
    expect((await apiCall(bank, `/api/v1/claims/${foreignClaim.id}`, token)).status).toBe(404);
    expect((await apiCall(bank, `/api/v1/loans/${foreignLoan.id}/claim`, token, {})).status).toBe(404);
  });

  it("refuses a missing, malformed or revoked token, and a non-bank user's token", async () => {
    expect((await bank.request("/api/v1/loans", { headers: { Cookie: "" } })).status).toBe(401);
    expect((await apiCall(bank, "/api/v1/loans", "zjt_not-a-real-token-at-all-000000")).status).toBe(401);
    const second = await apiTokenFor(bank, "待撤销");
    const [row] = await db().select().from(apiToken).where(eq(apiToken.name, "待撤销"));
    expect((await bank.post("/account/tokens", { intent: "revoke", tokenId: String(row.id) })).status).toBe(302);
    const res = await apiCall(bank, "/api/v1/loans", second);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain("已撤销");
    // the tokens page is a bank user's; others have no tokens
    expect((await (await signedIn("trustee")).get("/account/tokens")).status).toBe(403);
  });

  it(`limits each token to ${API_RATE_LIMIT.perMinute} requests a minute, counted in the database`, async () => {
    const t = await apiTokenFor(bank, "限流");
    const statuses: number[] = [];
    for (let i = 0; i < API_RATE_LIMIT.perMinute + 2; i++) statuses.push((await apiCall(bank, "/api/v1/loans?status=rejected", t)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_RATE_LIMIT.perMinute);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("bank API: reports, repayments, overdue status, soft limits — the pages' rules", () => {
  let bank: Client;
  let bankA: number;
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    bankA = await orgIdOf(db(), "bank.a");
  });
  const fresh = () => apiTokenFor(bank, "报送接口");

  it("files monthly data, refuses a second filing without a reason, keeps both versions on correction, and lists them", async () => {
    const token = await fresh();
    await db().delete(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-10-01")));
    const body = { month: "2026-10", balance: "98,765,432.10", cumulativeLending: "300,000,000.00", npl: 1000000, badDebt: "0" };
    const res = await apiCall(bank, "/api/v1/reports/monthly", token, body);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ month: "2026-10", version: 1, dueDate: "2026-11-10", submittedOn: today(), late: true });
    const again = await apiCall(bank, "/api/v1/reports/monthly", token, body);
    expect(again.status).toBe(400);
    expect((await again.json()).error).toMatchObject({ code: "refused", field: "correctionReason" });
    const fix = await apiCall(bank, "/api/v1/reports/monthly", token, { ...body, npl: "2,000,000.00", correctionReason: "核对后更正" });
    expect(fix.status).toBe(201);
    expect((await fix.json()).version).toBe(2);
    const rows = await db().select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-10-01")));
    expect(rows.map((r) => [r.version, r.nplFen, r.source]).sort()).toEqual([[1, 1_000_000_00, "api"], [2, 2_000_000_00, "api"]]);
    const list = await (await apiCall(bank, "/api/v1/reports/monthly?year=2026", token)).json();
    const oct = list.reports.find((r: { month: string }) => r.month === "2026-10");
    expect(oct).toMatchObject({ version: 2, nplFen: 2_000_000_00, late: true, earlierVersions: [{ version: 1 }] });
    const bad = await apiCall(bank, "/api/v1/reports/monthly", token, { month: "2026-13", balance: "abc", cumulativeLending: "1", npl: "0", badDebt: "0" });
    expect(bad.status).toBe(400);
    const e = (await bad.json()).error;
    expect(e.code).toBe("invalid");
    expect(e.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(["month", "balance"]));
    expect(e.fields.find((f: { field: string }) => f.field === "balance").message).toContain("贷款余额格式不正确");
  });

  it("files a quarterly report and a risk event; another bank's contract is refused with the field", async () => {
    const token = await fresh();
    await db().delete(xdtQuarterlyReport).where(and(eq(xdtQuarterlyReport.bankOrgId, bankA), eq(xdtQuarterlyReport.quarter, "2026-07-01")));
    const q = await apiCall(bank, "/api/v1/reports/quarterly", token, { quarter: "2026-Q3", loansCount: 12, lending: "36,000,000.00", balance: "625,500,000.00", overdue: "7,770,000.00", compensation: "0", recovered: "0", narrative: "本季度新发放信贷通贷款12笔，贷后管理正常。" });
    expect(q.status, await q.clone().text()).toBe(201);
    expect(await q.json()).toMatchObject({ quarter: "2026-Q3", version: 1, dueDate: "2026-10-15", late: true });
    const quarters = await (await apiCall(bank, "/api/v1/reports/quarterly?year=2026", token)).json();
    expect(quarters.reports.find((r: { quarter: string }) => r.quarter === "2026-Q3").loansCount).toBe(12);
    const [foreign] = await db().select().from(xdtLoan).where(ne(xdtLoan.bankOrgId, bankA)).limit(1);
    const refused = await apiCall(bank, "/api/v1/risk-events", token, { eventDate: today(), contractNo: foreign.contractNo, description: "他行贷款" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: "refused", field: "contractNo" });
    const ok = await apiCall(bank, "/api/v1/risk-events", token, { eventDate: today(), description: "企业主要股东涉诉" });
    expect(ok.status).toBe(201);
    const ev = await ok.json();
    expect(ev.reportedOn).toBe(today());
    expect(ev.late).toBe(false);
    const events = await (await apiCall(bank, "/api/v1/risk-events", token)).json();
    expect(events.events.some((x: { id: number }) => x.id === ev.id)).toBe(true);
  });

  it("records repayments and reports the overdue status of its own loan only", async () => {
    const token = await fresh();
    const ent = await cleanEnterprise(db(), 5);
    const { loan, dues } = await overdueLoan(db(), bankA, ent.id, "API-OVERDUE-1");
    const status = await (await apiCall(bank, `/api/v1/loans/${loan.id}/overdue`, token)).json();
    expect(status.interest.daysOverdue).toBeGreaterThan(0);
    expect(status.interest.firstUnpaidDueDate).toBe(dues.filter((d) => d.component === "interest")[0].dueDate);
    const reported = await apiCall(bank, `/api/v1/loans/${loan.id}/overdue`, token, { eventDate: status.interest.firstUnpaidDueDate });
    expect(reported.status, await reported.clone().text()).toBe(201);
    const r = await reported.json();
    expect(r.riskEvent.late).toBe(true);
    const [event] = await db().select().from(xdtRiskEvent).where(eq(xdtRiskEvent.id, r.riskEvent.id));
    expect(event).toMatchObject({ loanId: loan.id, bankOrgId: bankA, description: "借款企业未按期还本付息（逾期）" });
    const firstInterest = dues.find((d) => d.component === "interest")!;
    const repay = await apiCall(bank, `/api/v1/loans/${loan.id}/repayments`, token, { component: "interest", paidOn: today(), amount: (firstInterest.amountFen / 100).toFixed(2) });
    expect(repay.status, await repay.clone().text()).toBe(201);
    const first = await repay.json();
    expect(first.amountFen).toBe(firstInterest.amountFen);
    // a retried call (same body, no key) records nothing more; so does one with the same Idempotency-Key
    const retry = await apiCall(bank, `/api/v1/loans/${loan.id}/repayments`, token, { component: "interest", paidOn: today(), amount: (firstInterest.amountFen / 100).toFixed(2) });
    expect((await retry.json()).id).toBe(first.id);
    const after = await (await apiCall(bank, `/api/v1/loans/${loan.id}/overdue`, token)).json();
    expect(after.interest.daysOverdue).toBeLessThan(status.interest.daysOverdue);
    expect((await (await apiCall(bank, `/api/v1/loans/${loan.id}/repayments`, token)).json()).repayments).toHaveLength(1);
    const tooMuch = await apiCall(bank, `/api/v1/loans/${loan.id}/repayments`, token, { component: "principal", paidOn: today(), amount: "999,999,999.00" });
    expect(tooMuch.status).toBe(400);
    expect((await tooMuch.json()).error).toMatchObject({ code: "refused", field: "amount" });
    const badComponent = await apiCall(bank, `/api/v1/loans/${loan.id}/repayments`, token, { component: "fees", paidOn: today(), amount: "1.00" });
    expect(badComponent.status).toBe(400);
    expect((await badComponent.json()).error.field).toBe("component");
    const [foreign] = await db().select().from(xdtLoan).where(and(ne(xdtLoan.bankOrgId, bankA), eq(xdtLoan.admissionStatus, "admitted"))).limit(1);
    expect((await apiCall(bank, `/api/v1/loans/${foreign.id}/overdue`, token)).status).toBe(404);
    expect((await apiCall(bank, `/api/v1/loans/${foreign.id}/overdue`, token, { eventDate: today() })).status).toBe(404);
    expect((await apiCall(bank, `/api/v1/loans/${foreign.id}/repayments`, token)).status).toBe(404);
    expect((await apiCall(bank, `/api/v1/loans/${foreign.id}/repayments`, token, { component: "interest", paidOn: today(), amount: "1.00" })).status).toBe(404);
  });

  it("a soft limit needs overrideReason; a hard one is refused even with it", async () => {
    const token = await fresh();
    const loanBody = async (skip: number, contractNo: string, extra: Record<string, unknown>) => ({ creditCode: (await cleanEnterprise(db(), skip)).creditCode, contractNo, amount: "2,000,000.00", rate: rateText(20), termMonths: 48, disbursementDate: today(), isCreditLoan: true, controllerSpouseGuarantee: true, ...extra });
    const bare = await apiCall(bank, "/api/v1/loans", token, await loanBody(13, "API-SOFT-1", {}));
    expect(bare.status).toBe(400);
    expect((await bare.json()).error).toMatchObject({ code: "refused", field: "overrideReason" });
    const ok = await apiCall(bank, "/api/v1/loans", token, await loanBody(13, "API-SOFT-1", { overrideReason: "技改项目回收期长，贷审会同意" }));
    expect(ok.status, await ok.clone().text()).toBe(201);
    const v = (await ok.json()).verdict;
    expect(v.outcome).toBe("warn");
    expect(v.override).toMatchObject({ reason: "技改项目回收期长，贷审会同意", codes: ["XDT_TERM_OVER_CAP"] });
    const hard = await apiCall(bank, "/api/v1/loans", token, await loanBody(14, "API-SOFT-2", { rate: rateText(75), overrideReason: "技改项目回收期长，贷审会同意" }));
    expect(hard.status).toBe(400);
    expect((await hard.json()).error.message).toContain("硬性限制不能以书面理由放行");
  });

  it("bank B's token reads only bank B's reports and cannot file for A", async () => {
    const b = await signedIn("bank.b");
    const bankB = await orgIdOf(db(), "bank.b");
    const token = await apiTokenFor(b, "B 报送");
    const mine = await db().select().from(xdtMonthlyReport).where(eq(xdtMonthlyReport.bankOrgId, bankB));
    const list = await (await apiCall(b, "/api/v1/reports/monthly?year=2026", token)).json();
    expect(list.total).toBe(new Set(mine.filter((r) => r.month.startsWith("2026")).map((r) => r.month)).size);
    expect(JSON.stringify(list)).not.toContain("9876543210");
    const [aEvent] = await db().select().from(xdtRiskEvent).where(eq(xdtRiskEvent.bankOrgId, bankA)).limit(1);
    const events = await (await apiCall(b, "/api/v1/risk-events?page=1", token)).json();
    expect(events.events.every((e: { id: number }) => e.id !== aEvent.id)).toBe(true);
    // a body naming bank A changes nothing: the bank is the token's
    await db().delete(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankB), eq(xdtMonthlyReport.month, "2026-10-01")));
    const res = await apiCall(b, "/api/v1/reports/monthly", token, { month: "2026-10", balance: "1,234.00", cumulativeLending: "5,000.00", npl: "0", badDebt: "0", bankOrgId: bankA });
    expect(res.status).toBe(201);
    const [row] = await db().select().from(xdtMonthlyReport).where(eq(xdtMonthlyReport.balanceFen, 123_400));
    expect(row.bankOrgId).toBe(bankB);
  });
});
