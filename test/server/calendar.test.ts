import { desc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, calendarDay, calendarYear, xdtLoan } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";
import { cleanEnterprise, rateText } from "../support/xdt";

const { db } = useAppDatabase();

/** The built app runs in this process and reads ZJT_TODAY on every call: a test can move "today". */
function asOf(date: string) {
  process.env.ZJT_TODAY = date;
}
afterEach(() => {
  process.env.ZJT_TODAY = "2026-11-27";
});

const NOTICE = "国务院办公厅关于2027年部分节假日安排的通知（测试）";

async function enter(fields: Record<string, string>) {
  const admin = await signedIn("admin");
  return admin.post("/admin/calendar", { year: "2027", source: NOTICE, holidays: "", workdays: "", ...fields });
}

async function fileLoanAsBankA(contractNo: string, skip: number, disbursementDate: string) {
  const bank = await signedIn("bank.a");
  const ent = await cleanEnterprise(db(), skip);
  return bank.post("/xdt/loans/new", {
    creditCode: ent.creditCode,
    contractNo,
    amount: "1,000,000.00",
    rate: rateText(10),
    termMonths: "12",
    disbursementDate,
    isCreditLoan: "on",
    controllerSpouseGuarantee: "on",
  });
}

describe("working-day calendar entered by the administrator (D-11)", () => {
  it("before next year is entered: the administrator's 待办 asks for it, and a clock reaching into it is refused in words", async () => {
    const todo = await pageText(await (await signedIn("admin")).get("/todo"));
    expect(todo).toContain("工作日历尚未覆盖 2027 年");
    expect(todo).toContain("2026-12-01");

    asOf("2026-12-28");
    const res = await fileLoanAsBankA("CAL-TEST-1", 0, "2026-12-28");
    expect(res.status).toBe(400);
    const text = await pageText(res);
    expect(text).toContain("工作日历只覆盖 2004–2026 年");
    expect(await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "CAL-TEST-1"))).toHaveLength(0);
  });

  it("refuses a malformed entry with its line and writes nothing", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ holidays: "2027-01-01 元旦\n2027-13-01 元旦" }, "放假日期第 2 行（2027-13-01 元旦）：日期不存在"],
      [{ holidays: "2026-12-31~2027-01-01 元旦" }, "日期不在 2027 年内"],
      [{ holidays: "2027-01-03~2027-01-01 元旦" }, "结束日期早于开始日期"],
      [{ holidays: "元旦放假三天" }, "格式应为"],
      [{ holidays: "2027-01-01 元旦", workdays: "2027-01-04 元旦调休" }, "2027-01-04 是工作日（周一至周五），调休上班日应为周六或周日"],
      [{ holidays: "2027-01-01~2027-01-03 元旦", workdays: "2027-01-02 元旦调休" }, "2027-01-02 同时填在放假日期和调休上班日期中"],
      [{ holidays: "2027-01-01 元旦\n2027-01-01 元旦" }, "2027-01-01 重复填写"],
      [{ holidays: "" }, "请填写放假日期"],
    ];
    for (const [fields, message] of cases) {
      const res = await enter(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const text = await pageText(res);
      expect(text).toContain(message);
      if (fields.holidays) expect(text).toContain(fields.holidays.split("\n")[0]); // what was typed is shown again
    }
    expect(await db().select().from(calendarYear)).toHaveLength(0);
  });

  it("once 2027 is entered, clocks count its holidays and 调休 working days; re-entry replaces the year and is audited", async () => {
    // 2026-12-28 (Mon) + 5 working days: 29, 30, 31, [1 Jan off], 2 Jan (Sat, 调休 worked), [3 Jan Sun], 4 Jan → 2027-01-04
    const res = await enter({ holidays: "2027-01-01 元旦", workdays: "2027/1/2 元旦调休" });
    expect(res.status, await res.clone().text()).toBe(302);
    const page = await pageText(await (await signedIn("admin")).get("/admin/calendar?year=2027"));
    expect(page).toContain("2004–2027 年");
    expect(page).toContain("2027-01-02 元旦调休");

    asOf("2026-12-28");
    expect((await fileLoanAsBankA("CAL-TEST-2", 0, "2026-12-28")).status).toBe(302);
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "CAL-TEST-2"));
    expect(loan.admissionDue).toBe("2027-01-04");

    // the notice corrected: no 调休 Saturday → 29, 30, 31, 4 Jan, 5 Jan
    expect((await enter({ holidays: "2027-01-01~2027-01-03 元旦" })).status).toBe(302);
    expect((await fileLoanAsBankA("CAL-TEST-3", 0, "2026-12-28")).status).toBe(302);
    const [again] = await db().select().from(xdtLoan).where(eq(xdtLoan.contractNo, "CAL-TEST-3"));
    expect(again.admissionDue).toBe("2027-01-05");
    expect((await db().select().from(calendarDay)).map((d) => d.day).sort()).toEqual(["2027-01-01", "2027-01-02", "2027-01-03"]);

    const [audit] = await db().select().from(auditLog).where(eq(auditLog.entity, "calendar_year")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit.action).toBe("re-enter");
    expect(JSON.stringify(audit.before)).toContain("元旦调休");
    expect(JSON.stringify(audit.after)).not.toContain("元旦调休");

    const todo = await pageText(await (await signedIn("admin")).get("/todo"));
    expect(todo).not.toContain("工作日历尚未覆盖");
  });

  it("a year entered after a gap is kept but not used until the gap is filled", async () => {
    const res = await (await signedIn("admin")).post("/admin/calendar", { year: "2029", source: "2029年通知（测试）", holidays: "2029-01-01 元旦", workdays: "" });
    expect(res.status).toBe(302);
    const page = await pageText(await (await signedIn("admin")).get("/admin/calendar?year=2029"));
    expect(page).toContain("未生效（前一年尚未录入）");
    expect(page).toContain("2004–2027 年");
  });

  it("only the administrator reaches the page or writes to it", async () => {
    for (const who of ["finance", "industry", "trustee", "bank.a", "auditor"]) {
      const client = await signedIn(who);
      expect((await client.get("/admin/calendar")).status, who).toBe(403);
      const res = await client.post("/admin/calendar", { year: "2030", source: NOTICE, holidays: "2030-01-01 元旦" });
      expect(res.status, who).toBe(403);
    }
    expect(await db().select().from(calendarYear).where(eq(calendarYear.year, 2030))).toHaveLength(0);
  });
});
