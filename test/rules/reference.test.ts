import { describe, expect, it } from "vitest";
import {
  addWorkingDays, buildCalendar, CALENDAR_CITES, childrenOf, creditCodeCheckChar, DEFAULT_CALENDAR, GUIAN_NEW_AREA_CODE,
  GUIZHOU_REGIONS, INITIAL_LPR_TABLE, isInRegion, isValidCreditCode, isWorkingDay, legalDate as d, lprAt, lprForTerm,
  lprRowAt, nextWorkingDayOnOrAfter, nthWorkingDayFrom, parentPrefecture, regionByCode, requireRegion, RuleDateError,
  RuleInputError, tenorForTerm, validateCreditCode, validateLprTable, withOverrides, workingDaysBetween, type LprTable,
} from "#rules";

describe("LPR (D-1): 同期 = in force on the date, 同档次 = 1y up to 5 years, 5y above", () => {
  it.each([
    ["2019-08-19", null], // before the first row → error
    ["2019-08-20", 425],
    ["2021-12-19", 385], // day before the 2021-12-20 change
    ["2021-12-20", 380],
    ["2022-01-19", 380],
    ["2022-01-20", 370],
    ["2022-08-21", 370],
    ["2022-08-22", 365],
    ["2023-08-20", 355],
    ["2023-08-21", 345],
    ["2024-10-20", 335],
    ["2024-10-21", 310],
    ["2025-05-19", 310],
    ["2025-05-20", 300],
    ["2026-06-30", 300], // the last row stays in force
  ] as const)("1-year LPR on %s is %s bp", (date, bp) => {
    if (bp === null) expect(() => lprAt(INITIAL_LPR_TABLE, d(date), "1y")).toThrow(RuleDateError);
    else expect(lprAt(INITIAL_LPR_TABLE, d(date), "1y").bp).toBe(bp);
  });
  it("5-year LPR changes on its own dates (2022-05-20: 460 → 445)", () => {
    expect(lprAt(INITIAL_LPR_TABLE, d("2022-05-19"), "5y").bp).toBe(460);
    expect(lprAt(INITIAL_LPR_TABLE, d("2022-05-20"), "5y").bp).toBe(445);
  });
  it("tenor by term: 60 months → 1y, 61 → 5y", () => {
    expect(tenorForTerm(60)).toBe("1y");
    expect(tenorForTerm(61)).toBe("5y");
    expect(() => tenorForTerm(0)).toThrow(RuleInputError);
    expect(lprForTerm(INITIAL_LPR_TABLE, d("2024-03-01"), 61).bp).toBe(395);
    expect(lprForTerm(INITIAL_LPR_TABLE, d("2024-03-01"), 12).trace).toMatchObject({ param: "lpr.1y", from: "2024-02-20", to: "2024-07-21", value: 345 });
    expect(lprAt(INITIAL_LPR_TABLE, d("2025-06-01"), "5y").trace.to).toBeUndefined();
  });
  it("takes the table as an argument and validates it", () => {
    const t: LprTable = [{ effectiveDate: d("2030-01-20"), lpr1yBp: 250, lpr5yBp: 300 }];
    expect(lprRowAt(t, d("2030-02-01")).lpr1yBp).toBe(250);
    expect(() => validateLprTable([])).toThrow(/为空/);
    expect(() => validateLprTable([t[0], t[0]])).toThrow(/递增/);
    expect(() => validateLprTable([{ ...t[0], lpr1yBp: 0 }])).toThrow(/正整数/);
  });
});

describe("Working days (D-11): official holidays and 调休 working days", () => {
  const cal = DEFAULT_CALENDAR;
  it("covers at least 2019–2026 and records its source", () => {
    expect(cal.fromYear).toBeLessThanOrEqual(2019);
    expect(cal.toYear).toBe(2026);
    expect(cal.source).toContain("chinese-days");
    expect(CALENDAR_CITES[0].article).toBe("D-11");
  });
  it.each([
    ["2025-09-28", true], // Sunday, 调休 working day before National Day
    ["2025-10-11", true], // Saturday, 调休 working day
    ["2025-10-01", false],
    ["2025-10-08", false],
    ["2025-10-09", true],
    ["2025-01-26", true], // Sunday, 调休 before Spring Festival
    ["2025-02-08", true], // Saturday, 调休
    ["2025-01-28", false],
    ["2025-02-04", false],
    ["2024-06-15", false], // ordinary Saturday
    ["2024-06-14", true],
  ] as const)("%s working day: %s", (date, expected) => {
    expect(isWorkingDay(d(date), cal)).toBe(expected);
  });
  it("a 5-working-day clock across National Day 2025 counts the 调休 Sunday 09-28", () => {
    expect(addWorkingDays(d("2025-09-26"), 5, cal)).toBe("2025-10-10");
    expect(addWorkingDays(d("2025-09-26"), 3, cal)).toBe("2025-09-30");
  });
  it("a clock across Spring Festival 2025 counts 01-26 (Sun) and 02-08 (Sat)", () => {
    expect(addWorkingDays(d("2025-01-24"), 5, cal)).toBe("2025-02-07");
    expect(addWorkingDays(d("2025-02-05"), 3, cal)).toBe("2025-02-08");
  });
  it("counts backwards and between dates", () => {
    expect(addWorkingDays(d("2025-10-10"), -5, cal)).toBe("2025-09-26");
    expect(addWorkingDays(d("2025-10-10"), 0, cal)).toBe("2025-10-10");
    expect(workingDaysBetween(d("2025-09-26"), d("2025-10-10"), cal)).toBe(5);
    expect(workingDaysBetween(d("2025-10-10"), d("2025-09-26"), cal)).toBe(-5);
    expect(workingDaysBetween(d("2025-10-01"), d("2025-10-01"), cal)).toBe(0);
    expect(nextWorkingDayOnOrAfter(d("2025-10-01"), cal)).toBe("2025-10-09");
    expect(nthWorkingDayFrom(d("2025-09-26"), 5, cal)).toBe("2025-10-09");
    expect(nthWorkingDayFrom(d("2025-09-27"), 1, cal)).toBe("2025-09-28");
    expect(() => nthWorkingDayFrom(d("2025-09-27"), 0, cal)).toThrow(RuleInputError);
    expect(() => addWorkingDays(d("2025-09-27"), 1.5, cal)).toThrow(RuleInputError);
  });
  it("a date outside the covered years throws, including a walk that leaves them", () => {
    expect(() => isWorkingDay(d("2027-01-04"), cal)).toThrow(RuleDateError);
    expect(() => isWorkingDay(d("2027-01-04"), cal)).toThrow(/2027-01-04 不在范围内/);
    expect(() => isWorkingDay(d("2003-06-02"), cal)).toThrow(RuleDateError);
    expect(() => addWorkingDays(d("2026-12-30"), 5, cal)).toThrow(RuleDateError);
    expect(() => workingDaysBetween(d("2026-12-01"), d("2027-01-05"), cal)).toThrow(RuleDateError);
  });
  it("is an object passed in: overrides and custom calendars", () => {
    const extended = withOverrides(cal, { toYear: 2027, addHolidays: ["2027-01-01"], addWorkdays: ["2026-12-27"], remove: ["2025-10-08"], source: "管理员录入" });
    expect(isWorkingDay(d("2027-01-01"), extended)).toBe(false);
    expect(isWorkingDay(d("2027-01-04"), extended)).toBe(true);
    expect(isWorkingDay(d("2026-12-27"), extended)).toBe(true);
    expect(isWorkingDay(d("2025-10-08"), extended)).toBe(true);
    expect(extended.source).toBe("管理员录入");
    expect(withOverrides(cal, {}).toYear).toBe(2026);
    expect(() => buildCalendar({ source: "x", fromYear: 2025, toYear: 2024, holidays: [], workdays: [] })).toThrow(/范围无效/);
    expect(() => buildCalendar({ source: "x", fromYear: 2025, toYear: 2025, holidays: ["2024-01-01"], workdays: [] })).toThrow(/不在覆盖年份/);
    expect(() => buildCalendar({ source: "x", fromYear: 2025, toYear: 2025, holidays: ["2025-01-01"], workdays: ["2025-01-01"] })).toThrow(/矛盾/);
  });
});

describe("统一社会信用代码 (GB 32100-2015, D-12)", () => {
  it.each([
    ["91350100M000100Y43", true, null],
    ["91350100m000100y43", true, null], // lower case normalised
    ["91350100M000100Y44", false, "CREDIT_CODE_CHECK"],
    ["91350100M000100Y4", false, "CREDIT_CODE_LENGTH"],
    ["91350100M000100I43", false, "CREDIT_CODE_CHARSET"], // I is not allowed
    ["9152010" + "0MA6DJXXX0U", true, null],
  ] as const)("%s valid=%s", (code, valid, findingCode) => {
    const v = validateCreditCode(code);
    expect(v.value.valid).toBe(valid);
    expect(v.outcome).toBe(valid ? "pass" : "block");
    if (findingCode) expect(v.findings[0].code).toBe(findingCode);
  });
  it("computes the check character (31 → 0) and the region part", () => {
    expect(creditCodeCheckChar("91520100MA6DJXXX0")).toBe("U");
    expect(creditCodeCheckChar("short")).toBeNull();
    expect(creditCodeCheckChar("91520100MA6DJXXXO")).toBeNull();
    expect(validateCreditCode("91520100MA6DJXXX0U").value.regionCode).toBe("520100");
    expect(validateCreditCode("91350100M000100Y44").findings[0].message).toContain("第18位应为「3」");
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    // a code whose check value is 31 mod 31 = 0 → '0'
    let found = "";
    for (let i = 0; i < 31 && !found; i++) {
      const first = `9152010000000000${"0123456789ABCDEFGHJKLMNPQRTUWXY"[i]}`;
      if (creditCodeCheckChar(first) === "0") found = first;
    }
    expect(found).not.toBe("");
    expect(isValidCreditCode(`${found}0`)).toBe(true);
  });
});

describe("GB/T 2260 贵州 regions", () => {
  it("has the province, 9 市州 + 贵安新区 (520900, product code) and 88 county-level divisions", () => {
    expect(GUIZHOU_REGIONS.filter((r) => r.level === "province")).toHaveLength(1);
    expect(GUIZHOU_REGIONS.filter((r) => r.level === "prefecture")).toHaveLength(10);
    expect(GUIZHOU_REGIONS.filter((r) => r.level === "county")).toHaveLength(88);
    expect(new Set(GUIZHOU_REGIONS.map((r) => r.code)).size).toBe(GUIZHOU_REGIONS.length);
    expect(regionByCode(GUIAN_NEW_AREA_CODE)).toMatchObject({ name: "贵安新区", productCode: true, parentCode: "520000" });
    expect(childrenOf(GUIAN_NEW_AREA_CODE)).toHaveLength(0);
    const counts = Object.fromEntries(childrenOf("520000").map((p) => [p.code, childrenOf(p.code).length]));
    expect(counts).toEqual({ "520100": 10, "520200": 4, "520300": 14, "520400": 6, "520500": 8, "520600": 10, "522300": 8, "522600": 16, "522700": 12, "520900": 0 });
  });
  it("uses current codes (水城区 520204, 黔西市 520581, 兴仁市 522302)", () => {
    expect(regionByCode("520204")?.name).toBe("水城区");
    expect(regionByCode("520581")?.name).toBe("黔西市");
    expect(regionByCode("522302")?.name).toBe("兴仁市");
    expect(regionByCode("520221")).toBeUndefined();
  });
  it("looks up parents and ancestry", () => {
    expect(parentPrefecture("520102")?.name).toBe("贵阳市");
    expect(parentPrefecture("522300")?.code).toBe("522300");
    expect(parentPrefecture("520000")).toBeNull();
    expect(() => requireRegion("110000")).toThrow(RuleInputError);
    expect(isInRegion("520102", "520100")).toBe(true);
    expect(isInRegion("520102", "520000")).toBe(true);
    expect(isInRegion("520102", "520200")).toBe(false);
    expect(isInRegion("110101", "520000")).toBe(false);
    expect(isInRegion("520100", "520100")).toBe(true);
  });
});
