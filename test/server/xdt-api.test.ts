/**
 * The bank API (issue 4 §12): tokens created and revoked by the bank user, stored hashed; scoped to the bank;
 * rate-limited in the database; the same validation and rules as the pages; JSON errors in Chinese with the field.
 */
import { eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiToken, xdtClaim, xdtLoan } from "#db/schema";
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
