/**
 * The banks' reports with their clocks (issue 4 §3; RULES.md §1 "Reporting duties of banks"): monthly data by the 10th
 * of the next month, the quarterly report 15 days after quarter end, risk events within 5 working days (from
 * 2022-06-01); on time and late; corrections as new versions with the history kept; a bank files and sees only its
 * own; officers see every bank's, filtered and exported; a new report moves the conventional NPL ratio.
 */
import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLog, xdtLoan, xdtMonthlyReport, xdtQuarterlyReport, xdtRiskEvent } from "#db/schema";
import { addWorkingDays, DEFAULT_CALENDAR, type LegalDate } from "#rules";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText, responseText } from "../support/text";
import { bankUser, orgIdOf, suspendedBank, today } from "../support/xdt";

const { db } = useAppDatabase();

const PINNED = process.env.ZJT_TODAY;
/** Runs the app as of another day (the clocks' "today"); restored after each test. */
function asOf(day: string) {
  process.env.ZJT_TODAY = day;
}
afterEach(() => {
  process.env.ZJT_TODAY = PINNED;
});

const monthly = (month: string, extra: Record<string, string> = {}) => ({ intent: "file-monthly", month, balance: "100,000,000.00", cumulativeLending: "300,000,000.00", npl: "7,770,000.00", badDebt: "0", ...extra });
const quarterly = (quarter: string, extra: Record<string, string> = {}) => ({
  intent: "file-quarterly",
  quarter,
  loansCount: "12",
  lending: "36,000,000.00",
  balance: "100,000,000.00",
  overdue: "2,000,000.00",
  compensation: "0",
  recovered: "0",
  narrative: "本季度新发放信贷通贷款12笔，贷后管理正常。",
  ...extra,
});

describe("monthly data: filed on time or late, corrected as new versions", () => {
  let bankA: number;
  let bank: Client;
  beforeAll(async () => {
    bankA = await orgIdOf(db(), "bank.a");
    bank = await signedIn("bank.a");
    // make room: the demo has every month filed; these two months are filed again below
    await db().delete(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-10-01")));
    await db().delete(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-09-01")));
  });

  it("lists unfiled months with their clock, and files one on time (by the 10th of the next month)", async () => {
    asOf("2026-11-05");
    const before = await pageText(await bank.get("/xdt/reports"));
    expect(before).toMatch(/2026-10[\s\S]*2026-11-10/);
    const res = await bank.post("/xdt/reports", monthly("2026-10"));
    expect(res.status, await res.clone().text()).toBe(302);
    const [row] = await db().select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-10-01")));
    expect(row).toMatchObject({ version: 1, dueDate: "2026-11-10", submittedOn: "2026-11-05", balanceFen: 10_000_000_000, nplFen: 777_000_000, source: "form" });
    expect(row.filedByName).toContain("bank.a");
  });

  it("files a missed month late and flags it (overdue in the list, 逾期 in the table)", async () => {
    const res = await bank.post("/xdt/reports", monthly("2026-09"));
    expect(res.status).toBe(302);
    expect(await pageText(await bank.get(res.headers.get("Location")!))).toContain("逾期报送");
    const [row] = await db().select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-09-01")));
    expect(row.dueDate).toBe("2026-10-10");
    expect(row.submittedOn).toBe(today());
    const late = await pageText(await bank.get("/xdt/reports?tab=monthly&state=late&year=2026"));
    expect(late).toContain("2026-09");
    expect(late).toMatch(/逾期 48 天/);
    expect(late).not.toMatch(/<td>2026-10<\/td>/);
  });

  it("a second filing of a month needs a reason and becomes version 2; version 1 stays; lateness stays the first filing's", async () => {
    const bare = await bank.post("/xdt/reports", monthly("2026-10", { npl: "5,000,000.00" }));
    expect(bare.status).toBe(400);
    const text = await pageText(bare);
    expect(text).toContain("更正原因");
    expect(text).toContain("5,000,000.00"); // what was typed is kept
    const ok = await bank.post("/xdt/reports", monthly("2026-10", { npl: "5,000,000.00", correctionReason: "核对后更正不良贷款余额" }));
    expect(ok.status).toBe(302);
    const versions = await db().select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-10-01"))).orderBy(xdtMonthlyReport.version);
    expect(versions.map((v) => [v.version, v.nplFen, v.submittedOn, v.correctionReason])).toEqual([
      [1, 777_000_000, "2026-11-05", null],
      [2, 500_000_000, today(), "核对后更正不良贷款余额"],
    ]);
    const page = await pageText(await bank.get("/xdt/reports?tab=monthly&state=corrected"));
    expect(page).toContain("第 2 版");
    expect(page).toContain("核对后更正不良贷款余额");
    expect(page).toContain("7,770,000.00"); // the first version's figures in the history
    // filed first on time: the month is not late
    expect(await pageText(await bank.get("/xdt/reports?tab=monthly&state=late&year=2026"))).not.toMatch(/<td>2026-10<\/td>/);
    const audits = await db().select().from(auditLog).where(eq(auditLog.entity, "xdt-monthly-report")).orderBy(desc(auditLog.id)).limit(1);
    expect(audits[0].action).toBe("correct-report");
  });

  it("the newest version drives the conventional NPL ratio shown beside the D-6 ratio", async () => {
    const bankPage = async () => pageText(await bank.get(`/xdt/banks/${bankA}`));
    expect(await bankPage()).toContain("5.00%"); // 5,000,000 ÷ 100,000,000 from version 2
    await bank.post("/xdt/reports", monthly("2026-10", { npl: "3,330,000.00", correctionReason: "再次核对" }));
    const text = await bankPage();
    expect(text).toContain("3.33%");
    expect(await pageText(await (await signedIn("trustee")).get("/xdt/banks"))).toContain("3.33%（2026-10）");
  });

  it("refuses a month not yet ended, a month before the monthly duty, and inconsistent figures", async () => {
    const current = await bank.post("/xdt/reports", monthly("2026-11"));
    expect(current.status).toBe(400);
    expect(await pageText(current)).toContain("只能报送已经结束的月份");
    const early = await bank.post("/xdt/reports", monthly("2022-03"));
    expect(early.status).toBe(400);
    const npl = await bank.post("/xdt/reports", monthly("2026-08", { npl: "200,000,000.00", correctionReason: "x" }));
    expect(npl.status).toBe(400);
    expect(await pageText(npl)).toContain("不良贷款余额不能超过贷款余额");
    const bad = await bank.post("/xdt/reports", monthly("2026-08", { balance: "abc" }));
    expect(bad.status).toBe(400);
    expect(await pageText(bad)).toContain("贷款余额格式不正确");
  });
});

describe("quarterly report: 15 days after quarter end", () => {
  it("the suspended bank's unfiled 2026-Q3 is overdue on its page, in 待办 and the trustee's; filing it late clears it", async () => {
    const s = await suspendedBank(db());
    const user = await bankUser(db(), s.id, "bank.suspended");
    const client = await signedIn(user);
    const page = await pageText(await client.get("/xdt/reports"));
    expect(page).toMatch(/季度报告[\s\S]{0,200}2026-Q3[\s\S]{0,200}2026-10-15 已逾期/);
    expect(await pageText(await client.get("/todo"))).toContain("2026年第3季度季度报告");
    expect(await pageText(await (await signedIn("trustee")).get("/todo"))).toContain(`${s.name} 2026年第3季度季度报告`);
    const res = await client.post("/xdt/reports", quarterly("2026-q3"));
    expect(res.status, await res.clone().text()).toBe(302);
    const [row] = await db().select().from(xdtQuarterlyReport).where(and(eq(xdtQuarterlyReport.bankOrgId, s.id), eq(xdtQuarterlyReport.quarter, "2026-07-01")));
    expect(row).toMatchObject({ version: 1, dueDate: "2026-10-15", submittedOn: today(), loansCount: 12, lendingFen: 3_600_000_000 });
    expect(await pageText(await client.get("/todo"))).not.toContain("2026年第3季度季度报告");
    expect(await pageText(await client.get("/xdt/reports?tab=quarterly&state=late&year=2026"))).toMatch(/2026-Q3[\s\S]*逾期 43 天/);
  });

  it("filed within 15 days it is on time; a correction keeps the first", async () => {
    const bankA = await orgIdOf(db(), "bank.a");
    await db().delete(xdtQuarterlyReport).where(and(eq(xdtQuarterlyReport.bankOrgId, bankA), eq(xdtQuarterlyReport.quarter, "2026-07-01")));
    const bank = await signedIn("bank.a");
    asOf("2026-10-15");
    expect((await bank.post("/xdt/reports", quarterly("2026-Q3"))).status).toBe(302);
    asOf(PINNED!);
    expect((await bank.post("/xdt/reports", quarterly("2026-Q3", { loansCount: "13" }))).status).toBe(400);
    expect((await bank.post("/xdt/reports", quarterly("2026-Q3", { loansCount: "13", correctionReason: "漏报一笔" }))).status).toBe(302);
    const rows = await db().select().from(xdtQuarterlyReport).where(and(eq(xdtQuarterlyReport.bankOrgId, bankA), eq(xdtQuarterlyReport.quarter, "2026-07-01"))).orderBy(xdtQuarterlyReport.version);
    expect(rows.map((r) => [r.version, r.loansCount, r.submittedOn])).toEqual([
      [1, 12, "2026-10-15"],
      [2, 13, today()],
    ]);
    const list = await pageText(await bank.get("/xdt/reports?tab=quarterly&year=2026"));
    expect(list).toContain("第 2 版");
    expect(await pageText(await bank.get("/xdt/reports?tab=quarterly&state=late&year=2026"))).not.toMatch(/<td>2026-Q3<\/td>/);
    expect((await bank.post("/xdt/reports", quarterly("2026-Q4"))).status).toBe(400);
  });
});

describe("risk events: 5 working days from 2022-06-01", () => {
  let bank: Client;
  let ownLoan: { id: number; contractNo: string; disbursementDate: string };
  beforeAll(async () => {
    bank = await signedIn("bank.a");
    const bankA = await orgIdOf(db(), "bank.a");
    [ownLoan] = await db().select({ id: xdtLoan.id, contractNo: xdtLoan.contractNo, disbursementDate: xdtLoan.disbursementDate }).from(xdtLoan).where(and(eq(xdtLoan.bankOrgId, bankA), eq(xdtLoan.admissionStatus, "admitted"))).orderBy(desc(xdtLoan.disbursementDate)).limit(1);
  });

  it("reported within its clock it is on time; past it, flagged late; before 2022-06-01 no clock applies", async () => {
    const recent = addWorkingDays(today(), -2, DEFAULT_CALENDAR);
    const onTime = await bank.post("/xdt/reports", { intent: "report-risk", eventDate: recent, contractNo: ownLoan.contractNo, description: "企业未按期支付本季度利息" });
    expect(onTime.status, await onTime.clone().text()).toBe(302);
    const old = addWorkingDays(today(), -9, DEFAULT_CALENDAR);
    const late = await bank.post("/xdt/reports", { intent: "report-risk", eventDate: old, description: "企业主要股东涉诉，经营出现困难" });
    expect(late.status).toBe(302);
    const events = await db().select().from(xdtRiskEvent).orderBy(desc(xdtRiskEvent.id)).limit(2);
    const [lateRow, onTimeRow] = events;
    expect(onTimeRow).toMatchObject({ loanId: ownLoan.id, eventDate: recent, dueDate: addWorkingDays(recent as LegalDate, 5, DEFAULT_CALENDAR), reportedOn: today() });
    expect(lateRow.dueDate).toBe(addWorkingDays(old as LegalDate, 5, DEFAULT_CALENDAR));
    expect(lateRow.loanId).toBeNull();
    const list = await pageText(await bank.get("/xdt/reports?tab=risk&state=late"));
    expect(list).toContain("企业主要股东涉诉");
    expect(list).not.toContain("企业未按期支付本季度利息");
    // a 2022 event before the notice: no clock
    const [older] = await db().select().from(xdtLoan).where(and(eq(xdtLoan.bankOrgId, await orgIdOf(db(), "bank.a")))).orderBy(xdtLoan.disbursementDate).limit(1);
    if (older.disbursementDate < "2022-05-20") {
      expect((await bank.post("/xdt/reports", { intent: "report-risk", eventDate: "2022-05-20", contractNo: older.contractNo, description: "早期风险事项补报" })).status).toBe(302);
      const [pre] = await db().select().from(xdtRiskEvent).orderBy(desc(xdtRiskEvent.id)).limit(1);
      expect(pre.dueDate).toBeNull();
    }
  });

  it("refuses a future date and another bank's contract", async () => {
    const future = await bank.post("/xdt/reports", { intent: "report-risk", eventDate: "2026-12-01", description: "未来事项" });
    expect(future.status).toBe(400);
    expect(await pageText(future)).toContain("不能晚于今天");
    const [foreign] = await db().select().from(xdtLoan).where(eq(xdtLoan.bankOrgId, await orgIdOf(db(), "bank.b"))).limit(1);
    const res = await bank.post("/xdt/reports", { intent: "report-risk", eventDate: today(), contractNo: foreign.contractNo, description: "他行贷款" });
    expect(res.status).toBe(400);
    expect(await pageText(res)).toContain("本行没有该合同编号");
  });

  it("an unreported event the system holds is reported in writing once", async () => {
    const bankA = await orgIdOf(db(), "bank.a");
    const [ev] = await db().insert(xdtRiskEvent).values({ bankOrgId: bankA, loanId: ownLoan.id, eventDate: addWorkingDays(today(), -7, DEFAULT_CALENDAR), dueDate: addWorkingDays(addWorkingDays(today(), -7, DEFAULT_CALENDAR), 5, DEFAULT_CALENDAR), description: "借款企业未按期支付利息" }).returning();
    expect(await pageText(await bank.get("/xdt/reports"))).toContain("待书面报送的风险事项");
    expect((await bank.post("/xdt/reports", { intent: "report-pending", eventId: String(ev.id) })).status).toBe(302);
    const [after] = await db().select().from(xdtRiskEvent).where(eq(xdtRiskEvent.id, ev.id));
    expect(after.reportedOn).toBe(today());
    expect((await bank.post("/xdt/reports", { intent: "report-pending", eventId: String(ev.id) })).status).toBe(400);
  });
});

describe("scope: a bank files and sees only its own; officers see all banks", () => {
  it("bank B's filing is B's whatever the form says, and B never sees A's reports", async () => {
    const bankA = await orgIdOf(db(), "bank.a");
    const bankB = await orgIdOf(db(), "bank.b");
    await db().delete(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankB), eq(xdtMonthlyReport.month, "2026-10-01")));
    const b = await signedIn("bank.b");
    expect((await b.post("/xdt/reports", { ...monthly("2026-10", { balance: "123,456,789.00", npl: "1.00" }), bankOrgId: String(bankA), bank: String(bankA) })).status).toBe(302);
    const rows = await db().select().from(xdtMonthlyReport).where(eq(xdtMonthlyReport.balanceFen, 12_345_678_900));
    expect(rows.map((r) => r.bankOrgId)).toEqual([bankB]);
    const [aReport] = await db().select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankA), eq(xdtMonthlyReport.month, "2026-06-01")));
    for (const url of [`/xdt/reports?tab=monthly&bank=${bankA}&year=2026`, `/export/xdt-monthly-reports?bank=${bankA}&format=csv`]) {
      const text = await responseText(await b.get(url));
      expect(text).not.toContain("贵州银行");
      expect(text).not.toContain((aReport.balanceFen / 100).toFixed(2));
    }
  });

  it("the trustee filters by bank, pages in SQL and exports .xlsx; auditors read; officers cannot file", async () => {
    const bankA = await orgIdOf(db(), "bank.a");
    const trustee = await signedIn("trustee");
    const all = await pageText(await trustee.get("/xdt/reports?tab=monthly"));
    expect(all).toMatch(/共 \d{3,} 条/);
    const one = await pageText(await trustee.get(`/xdt/reports?tab=monthly&bank=${bankA}`));
    expect(one).toContain("贵州银行");
    expect(one).not.toContain("贵阳银行</td>");
    const page2 = await pageText(await trustee.get(`/xdt/reports?tab=monthly&page=2`));
    expect(page2).toContain("第 2 /");
    const xlsx = await trustee.get(`/export/xdt-quarterly-reports?bank=${bankA}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    expect((await trustee.get("/export/xdt-risk-events?format=csv")).status).toBe(200);
    const auditor = await signedIn("auditor");
    expect((await auditor.get("/xdt/reports?tab=risk")).status).toBe(200);
    expect((await auditor.post("/xdt/reports", monthly("2026-10"))).status).toBe(403);
    expect((await trustee.post("/xdt/reports", monthly("2026-10"))).status).toBe(403);
  });
});
