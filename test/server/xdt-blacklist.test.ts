/**
 * The blacklist (issue 4 §7; XDT-FA 六（一）): the office records an enterprise and ALL its shareholders, with the
 * reason and the leading group's decision; entries are permanent; the list is searched, paged and exported; a new
 * entry blocks the next loan filing at once, with the reason — for the enterprise and for any enterprise one of its
 * shareholders also holds.
 */
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, enterprise, shareholder, xdtBlacklist, xdtLoan } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText, responseText } from "../support/text";
import { cleanEnterprise, rateText, today } from "../support/xdt";

const { db } = useAppDatabase();

const entryCount = async () => (await db().select({ n: count() }).from(xdtBlacklist))[0].n;
const loanForm = (creditCode: string, contractNo: string) => ({ creditCode, contractNo, amount: "1,000,000.00", rate: rateText(10), termMonths: "12", disbursementDate: today(), isCreditLoan: "on", controllerSpouseGuarantee: "on" });

describe("blacklist management", () => {
  it("the office lists an enterprise and every shareholder; the next loan filing for it — or for a company its shareholder holds — is refused with the reason", async () => {
    const office = await signedIn("xdt");
    const ent = await cleanEnterprise(db(), 3);
    const holders = await db().select().from(shareholder).where(eq(shareholder.enterpriseId, ent.id));
    expect(holders.length).toBeGreaterThan(0);
    // a second clean enterprise shares one of those shareholders
    const other = await cleanEnterprise(db(), 4);
    await db().insert(shareholder).values({ enterpriseId: other.id, name: holders[0].name, kind: holders[0].kind, identifier: holders[0].identifier, shareBp: 1000 });
    const bank = await signedIn("bank.a");

    const res = await office.post("/xdt/blacklist", { creditCode: ent.creditCode, reason: "挪用信贷通贷款用于股票投资", decisionRef: "黔信贷通领〔2026〕9号", decisionDate: today() });
    expect(res.status, await res.clone().text()).toBe(302);
    const rows = await db().select().from(xdtBlacklist).where(eq(xdtBlacklist.enterpriseId, ent.id));
    expect(rows.map((r) => r.identifier).sort()).toEqual([ent.creditCode, ...holders.map((h) => h.identifier)].sort());
    expect(rows.every((r) => r.decisionRef === "黔信贷通领〔2026〕9号" && r.decisionDate === today() && r.reason.includes("挪用信贷通贷款用于股票投资"))).toBe(true);
    expect(rows[0].createdByName).toContain("（xdt）");
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-blacklist"), eq(auditLog.entityId, String(ent.id))));
    expect(audit.action).toBe("blacklist");

    const refused = await bank.post("/xdt/loans/new", loanForm(ent.creditCode, "TEST-BL-1"));
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("企业已列入信贷通信用黑名单");
    const viaHolder = await bank.post("/xdt/loans/new", loanForm(other.creditCode, "TEST-BL-2"));
    expect(viaHolder.status).toBe(400);
    expect(await pageText(viaHolder)).toContain(`企业股东（${holders[0].identifier}）已列入信贷通信用黑名单`);
    expect(await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-BL-1"))).toHaveLength(0);
    expect(await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "TEST-BL-2"))).toHaveLength(0);

    // listing the same enterprise again adds nothing; the entries stay (there is no delete)
    const n = await entryCount();
    const again = await office.post("/xdt/blacklist", { creditCode: ent.creditCode, reason: "重复", decisionRef: "黔信贷通领〔2026〕10号", decisionDate: today() });
    expect(again.status).toBe(400);
    expect(await pageText(again)).toContain("均已在黑名单中");
    expect(await entryCount()).toBe(n);
  });

  it("missing decision, unknown enterprise or a future date is refused with what was typed kept; nothing is written", async () => {
    const office = await signedIn("xdt");
    const ent = await cleanEnterprise(db(), 5);
    const n = await entryCount();
    const noRef = await office.post("/xdt/blacklist", { creditCode: ent.creditCode, reason: "骗取贷款（测试原因）", decisionRef: "", decisionDate: today() });
    expect(noRef.status).toBe(400);
    const text = await pageText(noRef);
    expect(text).toContain("请填写协调领导小组决定文号");
    expect(text).toContain("骗取贷款（测试原因）");
    const unknown = await office.post("/xdt/blacklist", { creditCode: "91520000MA00000000", reason: "骗取贷款", decisionRef: "测试", decisionDate: today() });
    expect(unknown.status).toBe(400);
    expect(await pageText(unknown)).toContain("企业库中没有");
    const future = await office.post("/xdt/blacklist", { creditCode: ent.creditCode, reason: "骗取贷款", decisionRef: "测试", decisionDate: "2099-01-01" });
    expect(future.status).toBe(400);
    expect(await entryCount()).toBe(n);
  });

  it("only the provincial office adds; banks do not see the list; officers and auditors search, page and export it", async () => {
    const ent = await cleanEnterprise(db(), 6);
    const n = await entryCount();
    for (const who of ["bank.a", "trustee", "auditor", "industry.gy", "finance"]) {
      const c = await signedIn(who);
      const res = await c.post("/xdt/blacklist", { creditCode: ent.creditCode, reason: "骗取贷款", decisionRef: "测试", decisionDate: today() });
      expect(res.status, who).toBe(403);
    }
    expect(await entryCount()).toBe(n);
    const bank = await signedIn("bank.a");
    expect((await bank.get("/xdt/blacklist")).status).toBe(403);
    expect((await bank.get("/export/xdt-blacklist?format=xlsx")).status).toBe(403);

    const [seeded] = await db().select().from(xdtBlacklist).where(eq(xdtBlacklist.kind, "enterprise")).limit(1);
    const auditor = await signedIn("auditor");
    const page = await pageText(await auditor.get(`/xdt/blacklist?q=${encodeURIComponent(seeded.name)}&kind=enterprise`));
    expect(page).toContain(seeded.decisionRef);
    expect(page).toContain("六（一）");
    expect(page).toMatch(/共 \d+ 条/);
    expect(page).not.toContain("列入黑名单</button>");
    const xlsx = await responseText(await auditor.get("/export/xdt-blacklist?format=xlsx"));
    const all = await db().select().from(xdtBlacklist);
    for (const r of all) expect(xlsx).toContain(r.identifier);
    const trustee = await pageText(await (await signedIn("trustee")).get("/xdt/blacklist?kind=shareholder"));
    expect(trustee).not.toContain(seeded.identifier);
  });

  it("a loan still awaiting admission when its enterprise is blacklisted cannot be admitted; it can be rejected", async () => {
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).limit(1);
    const [ent] = await db().select().from(enterprise).where(eq(enterprise.id, loan.enterpriseId));
    expect((await (await signedIn("xdt")).post("/xdt/blacklist", { creditCode: ent.creditCode, reason: "骗取贷款（待审核贷款测试）", decisionRef: "黔信贷通领〔2026〕11号", decisionDate: today() })).status).toBe(302);
    const trustee = await signedIn("trustee");
    const admit = await trustee.post(`/xdt/loans/${loan.id}`, { intent: "admit" });
    expect(admit.status).toBe(400);
    expect(await pageText(admit)).toContain("列入信贷通信用黑名单");
    expect((await db().select().from(xdtLoan).where(eq(xdtLoan.id, loan.id)))[0].admissionStatus).toBe("pending");
    expect((await trustee.post(`/xdt/loans/${loan.id}`, { intent: "reject", note: "企业已列入黑名单" })).status).toBe(302);
    expect((await db().select().from(xdtLoan).where(eq(xdtLoan.id, loan.id)))[0].admissionStatus).toBe("rejected");
  });
});
