/**
 * 信贷通 yearly evaluation (issue 6 item 5; XDT-BF Art.14, Art.23-24): the pool's figures for a year equal the ledger's
 * and the loans' sums, each bank's two tests come from the rule book, and the office's decision is recorded — a
 * terminate or change decision reaching the bank's status through the bank-status path.
 */
import ExcelJS from "exceljs";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, organisation, xdtBank, xdtBankStatusChange, xdtYearlyDecision } from "#db/schema";
import { bankYearlyTest } from "#rules";
import { formatWan } from "~/lib/money";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const r = await db().execute(query);
  return ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[])[0];
}

/** The year's figures computed here independently from postings and loans. */
async function expected(year: number) {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  return one<{ lending: string; smes: number; contributed: string; compensation: string; recoveries: string }>(sql`select
    (select coalesce(sum(amount_fen), 0) from xdt_loan where admission_status = 'admitted' and disbursement_date >= ${from} and disbursement_date < ${to})::text as lending,
    (select count(distinct enterprise_id) from xdt_loan where admission_status = 'admitted' and disbursement_date >= ${from} and disbursement_date < ${to})::int as smes,
    (select -coalesce(sum(p.amount_fen), 0) from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id where a.code like 'xdt:contrib:%' and j.value_date < ${to})::text as contributed,
    (select coalesce(sum(p.amount_fen), 0) from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id where a.code like 'xdt:compensation:%' and j.value_date >= ${from} and j.value_date < ${to})::text as compensation,
    (select -coalesce(sum(p.amount_fen), 0) from posting p join journal j on j.id = p.journal_id join ledger_account a on a.id = p.account_id where a.code like 'xdt:recovery:%' and j.value_date >= ${from} and j.value_date < ${to})::text as recoveries`);
}

async function bankNamed(shortName: string) {
  const [o] = await db().select().from(organisation).where(eq(organisation.shortName, shortName));
  return o;
}

describe("pool performance", () => {
  it("2025's figures on the page and in the export equal the ledger's and the loans' sums", async () => {
    const e = await expected(2025);
    expect(Number(e.compensation)).toBeGreaterThan(0);
    expect(Number(e.recoveries)).toBeGreaterThan(0);
    const trustee = await signedIn("trustee");
    const page = await pageText(await trustee.get("/xdt/yearly?year=2025"));
    for (const fen of [e.lending, e.contributed, e.compensation, e.recoveries]) expect(page).toContain(formatWan(Number(fen)));
    expect(page).toContain(`${e.smes} 户`);
    expect(page).toContain(`${(Number(e.lending) / Number(e.contributed)).toFixed(2)} 元`);
    const res = await trustee.get("/export/xdt-yearly-pool?format=xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    let row2025: unknown[] = [];
    sheet.eachRow((r) => { const v = (r.values as unknown[]).slice(1); if (v[0] === 2025) row2025 = v; });
    const cell = (h: string) => row2025[header.indexOf(h)];
    expect(cell("当年投放（元）")).toBe(Number(e.lending) / 100);
    expect(cell("支持企业（户）")).toBe(e.smes);
    expect(cell("资金池到位（元）")).toBe(Number(e.contributed) / 100);
    expect(cell("当年补偿（元）")).toBe(Number(e.compensation) / 100);
    expect(cell("当年追偿返还（元）")).toBe(Number(e.recoveries) / 100);
    expect(cell("当年净损失（元）")).toBe((Number(e.compensation) - Number(e.recoveries)) / 100);
  });

  it("the chart of every year has its data table, one row per year", async () => {
    const trustee = await signedIn("trustee");
    const page = await pageText(await trustee.get("/xdt/yearly"));
    expect(page).toContain("资金池年度绩效");
    expect(page).toContain("数据表");
    for (const y of [2022, 2023, 2024, 2025]) expect(page).toContain(`<td>${y}</td>`);
    expect(page).toContain("2026（截至今日）");
  });
});

describe("bank evaluations", () => {
  it("each bank's two tests are the rule book's on its admitted loans; the seeded 2025 decisions show", async () => {
    const office = await signedIn("xdt");
    const page = await pageText(await office.get("/xdt/yearly?year=2025"));
    const banks = await db().select().from(xdtBank).orderBy(asc(xdtBank.orgId));
    for (const b of banks) {
      const f = await one<{ cur: string; prior: string; smes: number; prior_smes: number }>(sql`select
        (select coalesce(sum(amount_fen), 0) from xdt_loan where bank_org_id = ${b.orgId} and admission_status = 'admitted' and extract(year from disbursement_date) = 2025)::text as cur,
        (select coalesce(sum(amount_fen), 0) from xdt_loan where bank_org_id = ${b.orgId} and admission_status = 'admitted' and extract(year from disbursement_date) = 2024)::text as prior,
        (select count(distinct enterprise_id) from xdt_loan where bank_org_id = ${b.orgId} and admission_status = 'admitted' and extract(year from disbursement_date) = 2025)::int as smes,
        (select count(distinct enterprise_id) from xdt_loan where bank_org_id = ${b.orgId} and admission_status = 'admitted' and extract(year from disbursement_date) = 2024)::int as prior_smes`);
      const v = bankYearlyTest({ year: 2025, lending: Number(f.cur) as never, priorYearLending: Number(f.prior) as never, smeCount: f.smes, priorYearSmeCount: f.prior_smes });
      expect(page).toContain(`${f.smes} / ${f.prior_smes}`);
      const [d] = await db().select().from(xdtYearlyDecision).where(and(eq(xdtYearlyDecision.year, 2025), eq(xdtYearlyDecision.bankOrgId, b.orgId)));
      if (d) expect(d.testPassed).toBe(v.value.passed);
    }
    expect(page).toContain("继续合作");
    expect(page).toContain("第十四条");
    expect(page).toContain("记录决定");
  });

  it("a bank sees its own row and the pool's aggregates, never another bank", async () => {
    const bank = await signedIn("bank.a");
    const page = await pageText(await bank.get("/xdt/yearly?year=2025"));
    expect(page).toContain("贵州银行");
    expect(page).not.toContain("贵阳银行");
    expect(page).not.toContain("记录决定");
    expect((await bank.post("/xdt/yearly", { year: "2025", bankOrgId: String((await bankNamed("贵州银行")).id), decision: "terminate", basis: "银行自行终止", meetingDate: "2026-01-20" })).status).toBe(403);
  });
});

describe("the office's decision", () => {
  it("change on a bank that failed suspends its new lending through the bank-status path; it is recorded once", async () => {
    const abc = await bankNamed("农业银行");
    const office = await signedIn("xdt");
    const fields = { year: "2025", bankOrgId: String(abc.id), decision: "change", basis: "累计投放增长低于20%，户数减少", meetingDate: "2026-01-20", decisionRef: "黔信贷通领〔2026〕2号" };
    // a bank that failed cannot simply continue (XDT-BF Art.14)
    const cont = await office.post("/xdt/yearly", { ...fields, decision: "continue" });
    expect(cont.status).toBe(400);
    expect(await pageText(cont)).toContain("不能决定继续合作");
    const res = await office.post("/xdt/yearly", fields);
    expect(res.status, await res.clone().text()).toBe(302);
    const [d] = await db().select().from(xdtYearlyDecision).where(and(eq(xdtYearlyDecision.year, 2025), eq(xdtYearlyDecision.bankOrgId, abc.id)));
    expect(d).toMatchObject({ decision: "change", testPassed: false, meetingDate: "2026-01-20", decisionRef: "黔信贷通领〔2026〕2号" });
    expect((await db().select().from(xdtBank).where(eq(xdtBank.orgId, abc.id)))[0]).toMatchObject({ status: "suspended", suspensionReason: "yearly_test" });
    const [h] = await db().select().from(xdtBankStatusChange).where(eq(xdtBankStatusChange.bankOrgId, abc.id)).orderBy(desc(xdtBankStatusChange.id)).limit(1);
    expect(h.basis).toContain("2025年度评价");
    const audits = await db().select().from(auditLog).where(eq(auditLog.bankOrgId, abc.id)).orderBy(desc(auditLog.id)).limit(2);
    expect(audits.map((a) => a.action).sort()).toEqual(["decide", "suspend"]);
    const again = await office.post("/xdt/yearly", { ...fields, decision: "terminate" });
    expect(again.status).toBe(400);
    expect(await pageText(again)).toContain("已记录");
    expect(await pageText(await office.get("/xdt/yearly?year=2025"))).toContain("黔信贷通领〔2026〕2号");
  });

  it("terminate ends cooperation (status terminated, history, audit); the bank can then file no loan", async () => {
    const boc = await bankNamed("中国银行");
    const office = await signedIn("xdt");
    const res = await office.post("/xdt/yearly", { year: "2025", bankOrgId: String(boc.id), decision: "terminate", basis: "连续未达年度考核要求", meetingDate: "2026-01-20" });
    expect(res.status, await res.clone().text()).toBe(302);
    expect((await db().select().from(xdtBank).where(eq(xdtBank.orgId, boc.id)))[0].status).toBe("terminated");
    const [h] = await db().select().from(xdtBankStatusChange).where(eq(xdtBankStatusChange.bankOrgId, boc.id)).orderBy(desc(xdtBankStatusChange.id)).limit(1);
    expect(h).toMatchObject({ fromStatus: "active", toStatus: "terminated", decisionDate: "2026-01-20" });
    expect(await pageText(await office.get(`/xdt/banks/${boc.id}`))).toContain("终止合作");
  });

  it("refuses a year not yet over, a meeting inside the year evaluated, and a user without the office's permission", async () => {
    const gzrcu = await bankNamed("贵州农信");
    const office = await signedIn("xdt");
    const base = { bankOrgId: String(gzrcu.id), decision: "change", basis: "测试", meetingDate: "2026-01-20" };
    const open = await office.post("/xdt/yearly", { ...base, year: "2026" });
    expect(open.status).toBe(400);
    expect(await pageText(open)).toContain("尚未结束");
    expect((await office.post("/xdt/yearly", { ...base, year: "2025", meetingDate: "2025-12-30" })).status).toBe(400);
    expect((await office.post("/xdt/yearly", { ...base, year: "2025", meetingDate: "2026-13-01" })).status).toBe(400);
    for (const username of ["trustee", "auditor", "finance"]) {
      expect((await (await signedIn(username)).post("/xdt/yearly", { ...base, year: "2025" })).status).toBe(403);
    }
    expect(await db().select().from(xdtYearlyDecision).where(eq(xdtYearlyDecision.bankOrgId, gzrcu.id))).toEqual([]);
  });
});
