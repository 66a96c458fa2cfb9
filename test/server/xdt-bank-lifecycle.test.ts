/**
 * The partner-bank lifecycle (issue 4 §2; XDT-BF 第五条, XDT-TZ22 一（一）): application → office evaluation →
 * leading-group approval → agreement signed by the trustee → on the year's list → active → terminated; only the legal
 * next step, each with basis, decision reference and date, recorded by whom and audited. The year's list with its
 * 31 January deadline (late flagged) and the public page with names and dates only.
 */
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, ledgerAccount, organisation, xdtBank, xdtBankListEntry, xdtBankStatusChange } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { Client, signedIn } from "../support/app";
import { pageText } from "../support/text";
import { bankUser, today } from "../support/xdt";

const { db } = useAppDatabase();

const step = (intent: string, extra: Record<string, string> = {}) => ({ intent, basis: `测试：${intent} 的依据`, decisionRef: `测试〔2026〕${intent}号`, decisionDate: today(), ...extra });
const statusOf = async (orgId: number) => (await db().select().from(xdtBank).where(eq(xdtBank.orgId, orgId)))[0]?.status;
const applicant = async () => (await db().select().from(organisation).where(eq(organisation.shortName, "兴业银行")))[0];

describe("partner-bank lifecycle", () => {
  it("walks applied → evaluated → approved → agreement signed → listed → active, each step checked, recorded and audited", async () => {
    const office = await signedIn("xdt");
    const trustee = await signedIn("trustee");
    const bank = await applicant();
    expect(await statusOf(bank.id)).toBe("applied");
    const page = await pageText(await office.get(`/xdt/banks/${bank.id}`));
    expect(page).toContain("信贷通办初步评价");
    expect(page).toContain("第五条");

    // an illegal next step, a missing basis and a missing decision reference are refused; nothing changes
    const skip = await office.post(`/xdt/banks/${bank.id}`, step("approve"));
    expect(skip.status).toBe(400);
    expect(await pageText(skip)).toContain("下一步只能是“信贷通办初步评价”");
    const noBasis = await office.post(`/xdt/banks/${bank.id}`, step("evaluate", { basis: "" }));
    expect(noBasis.status).toBe(400);
    expect(await pageText(noBasis)).toContain("请填写依据");
    const noRef = await office.post(`/xdt/banks/${bank.id}`, step("evaluate", { decisionRef: "" }));
    expect(noRef.status).toBe(400);
    expect(await pageText(noRef)).toContain("请填写决定文号");
    const future = await office.post(`/xdt/banks/${bank.id}`, step("evaluate", { decisionDate: "2099-01-01" }));
    expect(future.status).toBe(400);
    expect(await pageText(future)).toContain("不能晚于今天");
    expect(await statusOf(bank.id)).toBe("applied");

    expect((await office.post(`/xdt/banks/${bank.id}`, step("evaluate"))).status).toBe(302);
    // the trustee records the agreement, not the evaluation or the approval; the office does not sign
    expect((await trustee.post(`/xdt/banks/${bank.id}`, step("approve"))).status).toBe(403);
    expect((await office.post(`/xdt/banks/${bank.id}`, step("approve"))).status).toBe(302);
    expect((await office.post(`/xdt/banks/${bank.id}`, step("sign"))).status).toBe(403);
    expect(await db().select().from(ledgerAccount).where(eq(ledgerAccount.code, `xdt:deposit:${bank.id}`))).toHaveLength(0);
    expect((await trustee.post(`/xdt/banks/${bank.id}`, step("sign"))).status).toBe(302);
    expect(await statusOf(bank.id)).toBe("agreement_signed");
    // the agreement opens the bank's 信贷通 deposit account (XDT-BF 第十七条 draws on it)
    const [account] = await db().select().from(ledgerAccount).where(eq(ledgerAccount.code, `xdt:deposit:${bank.id}`));
    expect(account.mustNotGoNegative).toBe(true);
    // not listed yet: cannot start business
    expect((await office.post(`/xdt/banks/${bank.id}`, step("activate"))).status).toBe(400);

    // the office publishes next year's list with it: it moves to "listed"
    const [others] = await db().select({ id: xdtBank.orgId }).from(xdtBank).where(eq(xdtBank.status, "active")).orderBy(asc(xdtBank.orgId)).limit(1);
    const body = new FormData();
    body.set("csrf", office.csrf());
    for (const [k, v] of Object.entries({ intent: "publish", year: "2027", publishedOn: today(), documentRef: "黔信贷通办〔2026〕测试号" })) body.set(k, v);
    body.append("bankOrgId", String(bank.id));
    body.append("bankOrgId", String(others.id));
    const published = await office.request("/xdt/partners", { method: "POST", body });
    expect(published.status, await published.clone().text()).toBe(302);
    expect(await statusOf(bank.id)).toBe("listed");
    expect((await db().select().from(xdtBankListEntry).where(eq(xdtBankListEntry.year, 2027))).map((e) => e.bankOrgId).sort()).toEqual([bank.id, others.id].sort());
    expect((await office.post(`/xdt/banks/${bank.id}`, step("activate"))).status).toBe(302);
    expect(await statusOf(bank.id)).toBe("active");

    const history = await db().select().from(xdtBankStatusChange).where(eq(xdtBankStatusChange.bankOrgId, bank.id)).orderBy(asc(xdtBankStatusChange.id));
    expect(history.map((h) => `${h.fromStatus}→${h.toStatus}`)).toEqual(["null→applied", "applied→evaluated", "evaluated→approved", "approved→agreement_signed", "agreement_signed→listed", "listed→active"]);
    expect(history.slice(1).every((h) => h.basis && h.decisionRef && h.decisionDate)).toBe(true);
    expect(history[3].recordedByName).toContain("（trustee）");
    expect(history[2].recordedByName).toContain("（xdt）");
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-bank"), eq(auditLog.entityId, String(bank.id)))).orderBy(asc(auditLog.id));
    // the application was recorded by the office through the same page (demo data), the rest here
    expect(audits.map((a) => a.action)).toEqual(["apply", "evaluate", "approve-bank", "sign", "list", "activate"]);

    // its new user can now reach its own bank page, and no other bank's
    const user = await signedIn(await bankUser(db(), bank.id, "bank.cib"));
    expect((await user.get(`/xdt/banks/${bank.id}`)).status).toBe(200);
    expect((await user.get(`/xdt/banks/${others.id}`)).status).toBe(404);
    expect((await user.post(`/xdt/banks/${bank.id}`, step("terminate"))).status).toBe(403);
  });

  it("the office records a new application; a bank cannot apply twice; termination needs its basis and ends the lifecycle", async () => {
    const office = await signedIn("xdt");
    const [org] = await db().insert(organisation).values({ name: "测试银行股份有限公司贵州分行", shortName: "测试银行", kind: "bank", regionCode: "520000" }).returning();
    const page = await pageText(await office.get("/xdt/partners"));
    expect(page).toContain("测试银行股份有限公司贵州分行");
    const apply = { intent: "apply", bankOrgId: String(org.id), basis: "在黔设 5 个网点", decisionRef: "测银函〔2026〕1号", decisionDate: today() };
    expect((await office.post("/xdt/partners", apply)).status).toBe(302);
    expect(await statusOf(org.id)).toBe("applied");
    const again = await office.post("/xdt/partners", apply);
    expect(again.status).toBe(400);
    expect(await pageText(again)).toContain("不能“申请合作”");
    const noBasis = await office.post(`/xdt/banks/${org.id}`, step("terminate", { basis: "" }));
    expect(noBasis.status).toBe(400);
    expect((await office.post(`/xdt/banks/${org.id}`, step("terminate", { basis: "评价不通过：风险控制能力不足" }))).status).toBe(302);
    expect(await statusOf(org.id)).toBe("terminated");
    const after = await office.post(`/xdt/banks/${org.id}`, step("evaluate"));
    expect(after.status).toBe(400);
    expect(await pageText(after)).toContain("已终止合作");
    // a list of a bank without an agreement is refused, nothing published
    const body = new FormData();
    body.set("csrf", office.csrf());
    for (const [k, v] of Object.entries({ intent: "publish", year: "2027", publishedOn: today(), documentRef: "测试" })) body.set(k, v);
    body.append("bankOrgId", String(org.id));
    const refused = await office.request("/xdt/partners", { method: "POST", body });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain("尚未签订合作协议或已终止合作");
    expect(await db().select().from(xdtBankListEntry).where(and(eq(xdtBankListEntry.year, 2027), eq(xdtBankListEntry.bankOrgId, org.id)))).toHaveLength(0);
    // a year's list is published once; the 贵阳 officer and the trustee cannot publish
    const twice = new FormData();
    twice.set("csrf", office.csrf());
    for (const [k, v] of Object.entries({ intent: "publish", year: "2026", publishedOn: today(), documentRef: "测试", bankOrgId: String((await applicantOrActive()).id) })) twice.set(k, v);
    const dup = await office.request("/xdt/partners", { method: "POST", body: twice });
    expect(dup.status).toBe(400);
    expect(await pageText(dup)).toContain("已于2026-01-27公布");
    for (const who of ["industry.gy", "trustee", "bank.a"]) {
      const c = await signedIn(who);
      expect((await c.post("/xdt/partners", { ...apply, intent: "publish", year: "2029", publishedOn: today(), documentRef: "x" })).status, who).toBe(403);
    }
  });

  it("the yearly lists show their publication date against the 31 January deadline, late ones flagged", async () => {
    const page = (await pageText(await (await signedIn("xdt")).get("/xdt/partners"))).replace(/<[^>]+>/g, "");
    expect(page).toContain("2025-02-12 逾期公布");
    expect(page).toContain("2026-01-27");
    expect(page).not.toContain("2026-01-27 逾期公布");
    expect(page).toContain("2025-01-31");
    expect(page).toContain("一（一）");
    // a bank sees its own entry only
    const bankPage = await pageText(await (await signedIn("bank.a")).get("/xdt/partners"));
    expect(bankPage).toContain("贵州银行");
    expect(bankPage).not.toContain("交通银行");
    expect(bankPage).not.toContain("兴业银行");
  });

  it("the public page needs no sign-in and shows each year's list with names and dates only", async () => {
    const anon = new Client();
    const res = await anon.get("/disclosure/xdt-banks");
    expect(res.status).toBe(200);
    const html = await pageText(res);
    const page = html.slice(html.indexOf("<main"), html.indexOf("</main>")).replace(/<[^>]+>/g, " ");
    for (const name of ["贵州银行股份有限公司", "交通银行股份有限公司贵州省分行", "2025-02-12", "2026-01-27", "2022年度"]) expect(page, name).toContain(name);
    // no status (交通银行 is suspended), no figures, no internal records or people
    for (const secret of ["暂停", "元", "%", "不良率", "系统（演示数据）", "兴银黔函", "XDT-HZ", "合作中", "逾期"]) expect(page, secret).not.toContain(secret);
    // the loader's data holds the same fields only
    const data = await (await anon.get("/disclosure/xdt-banks.data")).text();
    for (const secret of ["suspended", "active", "status", "amount", "Fen", "publishedBy", "系统（演示数据）"]) expect(data, secret).not.toContain(secret);
    // 兴业银行 joined for 2027 (first test): it is on 2027's list and on no earlier one
    expect(await pageText(await anon.get("/disclosure/xdt-banks?year=2026"))).not.toContain("兴业银行");
    expect(await pageText(await anon.get("/disclosure/xdt-banks?year=2027"))).toContain("兴业银行股份有限公司贵阳分行");
    const one = await pageText(await anon.get("/disclosure/xdt-banks?year=2024"));
    expect(one).toContain("2024年度合作金融机构名单");
    expect(one).not.toContain("2023-01-16");
  });
});

async function applicantOrActive() {
  const [b] = await db().select({ id: xdtBank.orgId }).from(xdtBank).where(eq(xdtBank.status, "active")).limit(1);
  return b;
}
