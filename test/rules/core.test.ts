import { describe, expect, it } from "vitest";
import {
  addMonths, addYears, applyBp, CITES, compareDates, daysBetween, defineParam, endOfMonth, explain, fen, fenFromBig,
  formatBp, formatMoney, formatYuan, isLegalDate, legalDate as d, makeVerdict, maxDate, minDate, mulDivFloor, mulDivHalfUp,
  nonNegativeFen, paramAt, ratioAbove, ratioAtLeast, ratioBp, RuleDateError, RuleInputError, softFinding, SOURCES, assertBp,
  wan, weekday, checkOverride, formatCitation, citeText, checkEventDate,
} from "#rules";

describe("LegalDate (UTC, YYYY-MM-DD)", () => {
  it("parses valid dates and rejects malformed or impossible ones", () => {
    expect(d("2024-02-29")).toBe("2024-02-29");
    expect(() => d("2023-02-29")).toThrow(RuleInputError);
    expect(() => d("2023-13-01")).toThrow(/日期不存在/);
    expect(() => d("2023-1-01")).toThrow(/YYYY-MM-DD/);
    expect(isLegalDate("2024-01-31")).toBe(true);
    expect(isLegalDate("2024-01-32")).toBe(false);
  });
  it("does arithmetic in UTC", () => {
    expect(daysBetween(d("2024-01-01"), d("2024-03-01"))).toBe(60);
    expect(addMonths(d("2024-01-31"), 1)).toBe("2024-02-29");
    expect(addMonths(d("2024-03-31"), -13)).toBe("2023-02-28");
    expect(addYears(d("2024-02-29"), 1)).toBe("2025-02-28");
    expect(endOfMonth(d("2023-02-10"))).toBe("2023-02-28");
    expect(weekday(d("2025-09-28"))).toBe(0);
    expect(compareDates(d("2024-01-01"), d("2024-01-02"))).toBe(-1);
    expect(compareDates(d("2024-01-02"), d("2024-01-01"))).toBe(1);
    expect(compareDates(d("2024-01-02"), d("2024-01-02"))).toBe(0);
    expect(minDate(d("2024-01-02"), d("2024-01-01"))).toBe("2024-01-01");
    expect(maxDate(d("2024-01-02"), d("2024-01-01"))).toBe("2024-01-02");
  });
});

describe("Money: integer fen, bp, half-up once", () => {
  it("asserts safe integers", () => {
    expect(fen(-5)).toBe(-5);
    expect(() => fen(1.5)).toThrow(/整数分/);
    expect(() => fen(2 ** 53)).toThrow(RuleInputError);
    expect(() => nonNegativeFen(-1, "余额")).toThrow(/余额不能为负数/);
    expect(() => assertBp(-1)).toThrow(RuleInputError);
    expect(() => assertBp(1.5)).toThrow(RuleInputError);
    expect(wan(5000)).toBe(5_000_000_000);
  });
  it("rounds half-up exactly in BigInt", () => {
    expect(mulDivHalfUp(5, 1, 10)).toBe(1n); // 0.5 → 1
    expect(mulDivHalfUp(4, 1, 10)).toBe(0n); // 0.4 → 0
    expect(mulDivHalfUp(Number.MAX_SAFE_INTEGER, 7000, 10000)).toBe(6305039478318694n);
    expect(mulDivFloor(19, 1, 10)).toBe(1n);
    expect(() => mulDivHalfUp(-1, 1, 1)).toThrow(RuleInputError);
    expect(() => mulDivFloor(1, 1, 0)).toThrow(RuleInputError);
    expect(applyBp(fen(15), 7000)).toBe(11); // 10.5 → 11
    expect(() => fenFromBig(2n ** 60n)).toThrow(/超出/);
  });
  it("compares ratios by cross-multiplication", () => {
    expect(ratioAtLeast(300, 10_000, 300)).toBe(true); // exactly 3.00%
    expect(ratioAtLeast(299, 10_000, 300)).toBe(false); // 2.99%
    expect(ratioAbove(300, 10_000, 300)).toBe(false);
    expect(ratioAbove(301, 10_000, 300)).toBe(true);
    expect(ratioBp(1, 3)).toBe(3333);
    expect(ratioBp(5, 0)).toBe(0);
  });
  it("formats for messages", () => {
    expect(formatYuan(123456)).toBe("1,234.56元");
    expect(formatYuan(-5)).toBe("-0.05元");
    expect(formatMoney(wan(5000))).toBe("5,000万元");
    expect(formatMoney(0)).toBe("0.00元");
    expect(formatBp(345)).toBe("3.45%");
    expect(formatBp(-5)).toBe("-0.05%");
  });
});

describe("Dated parameters (OpenFisca style)", () => {
  const p = defineParam<number>("t.p", "测试参数", [
    { from: d("2021-12-24"), to: d("2022-05-31"), value: 1, cite: [CITES.XDT_BF_ART9] },
    { from: d("2022-06-01"), value: 2, cite: [CITES.XDT_TZ22_RATE] },
  ]);
  it("picks the version by date, both sides of each change", () => {
    expect(paramAt(p, d("2021-12-24")).value).toBe(1);
    expect(paramAt(p, d("2022-05-31")).value).toBe(1);
    expect(paramAt(p, d("2022-06-01")).value).toBe(2);
    expect(paramAt(p, d("2022-06-01")).trace).toEqual({ param: "t.p", label: "测试参数", asOf: "2022-06-01", from: "2022-06-01", value: 2 });
    expect(paramAt(p, d("2022-01-01")).trace.to).toBe("2022-05-31");
  });
  it("throws RuleDateError with a Chinese message for an uncovered date", () => {
    expect(() => paramAt(p, d("2021-12-23"))).toThrow(RuleDateError);
    expect(() => paramAt(p, d("2021-12-23"))).toThrow(/测试参数.*2021-12-23.*没有生效的版本/);
    const empty = defineParam<number>("t.e", "空", []);
    expect(() => paramAt(empty, d("2024-01-01"))).toThrow(/无/);
  });
  it("rejects overlapping, unsorted or inverted versions", () => {
    expect(() => defineParam("x", "x", [{ from: d("2022-01-02"), to: d("2022-01-01"), value: 1, cite: [] }])).toThrow(/截止日早于起始日/);
    expect(() => defineParam("x", "x", [{ from: d("2022-01-01"), value: 1, cite: [] }, { from: d("2023-01-01"), value: 2, cite: [] }])).toThrow(/重叠/);
    expect(() =>
      defineParam("x", "x", [{ from: d("2022-01-01"), to: d("2023-01-01"), value: 1, cite: [] }, { from: d("2023-01-01"), value: 2, cite: [] }]),
    ).toThrow(/重叠/);
  });
});

describe("Verdict, soft limits and explain()", () => {
  it("derives the outcome from the findings", () => {
    expect(makeVerdict("r", 1, [], []).outcome).toBe("pass");
    expect(makeVerdict("r", 1, [{ code: "a", severity: "info", message: "m" }], []).outcome).toBe("pass");
    expect(makeVerdict("r", 1, [{ code: "a", severity: "warn", message: "m" }], []).outcome).toBe("warn");
    expect(makeVerdict("r", 1, [{ code: "a", severity: "warn", message: "m" }, { code: "b", severity: "block", message: "m" }], []).outcome).toBe("block");
    expect(makeVerdict("r", 1, [], [CITES.D1, CITES.D1]).cites).toHaveLength(1);
  });
  it("原则上: blocks without override, warns and records the override with one", () => {
    const blocked = softFinding("X", "超限", [CITES.XDT_BF_ART9], undefined);
    expect(blocked.severity).toBe("block");
    expect(blocked.soft).toBe(true);
    const ok = softFinding("X", "超限", [CITES.XDT_BF_ART9], { by: "张三", reason: "省政府专题会议定" });
    expect(ok.severity).toBe("warn");
    expect(ok.override).toEqual({ by: "张三", reason: "省政府专题会议定" });
    expect(ok.message).toContain("张三");
    const other = softFinding("X", "超限", [], { by: "张三", reason: "r", codes: ["Y"] });
    expect(other.severity).toBe("block");
    expect(() => checkOverride({ by: "", reason: "r" })).toThrow(/放行人和书面理由/);
    expect(() => checkOverride({ by: "a", reason: " " })).toThrow(RuleInputError);
    expect(() => checkOverride(undefined)).not.toThrow();
  });
  it("explain() renders findings, cited articles with document titles and the parameters used", () => {
    const v = makeVerdict(
      "r",
      null,
      [{ code: "A", severity: "block", message: "不通过的原因", cites: [CITES.XDT_BF_ART9] }, { code: "B", severity: "info", message: "说明" }],
      [CITES.XDT_BF_ART9, CITES.D9],
      [{ param: "p", label: "参数甲", asOf: d("2024-01-01"), from: d("2022-06-01"), to: d("2024-12-31"), value: { a: 1 } }],
    );
    const text = explain(v);
    expect(text).toContain("结论：不通过");
    expect(text).toContain("1. 【阻断】不通过的原因（依据：《贵州省中小企业信贷通管理办法（暂行）》（黔工信办〔2021〕13号）第九条（汇编第20821–20833行））");
    expect(text).toContain("2. 【说明】说明");
    expect(text).toContain("产品决定 D-9");
    expect(text).toContain("参数甲（2022-06-01起至2024-12-31的版本，适用日期2024-01-01）：{\"a\":1}");
    expect(explain(makeVerdict("r", 1, [], []))).toBe("结论：通过");
    expect(formatCitation(CITES.XDT_TZ22_RATE)).toContain("《关于推动中小企业信贷通落地落实的通知》");
  });
});

describe("Sources and citations", () => {
  it("registers every document of RULES.md plus PRODUCT", () => {
    expect(Object.keys(SOURCES).sort()).toEqual(["GXZJ-35", "PRODUCT", "SZH-25", "TDPY-71", "XDT-BF", "XDT-FA", "XDT-TZ22", "ZCF", "ZXZJ-206"]);
    expect(SOURCES["XDT-BF"].number).toBe("黔工信办〔2021〕13号");
    expect(SOURCES["GXZJ-35"].inForceTo).toBe("2027-12-31");
  });
  it("cites lie inside their document's seed span", () => {
    for (const c of Object.values(CITES)) {
      const span = SOURCES[c.doc].seedLines;
      if (c.doc === "PRODUCT") {
        expect(c.lines).toBeUndefined();
        continue;
      }
      expect(span).not.toBeNull();
      expect(c.lines![0]).toBeGreaterThanOrEqual(span![0]);
      expect(c.lines![1]).toBeLessThanOrEqual(span![1]);
      expect(c.lines![0]).toBeLessThanOrEqual(c.lines![1]);
    }
  });
});

describe("citeText: the basis as users read it inline (issue 12 item 10)", () => {
  it("names the document by its title, joins the articles of one document, never a short name", () => {
    expect(citeText(CITES.ZXZJ_ART13, CITES.ZXZJ_ART23)).toBe("《贵州省中小企业发展专项资金管理办法》第十三条、第二十三条");
    expect(citeText(CITES.GXZJ_ART21)).toBe("《贵州省工业和信息化发展专项资金管理办法》第二十一条");
    expect(citeText(CITES.GXZJ_ART24, CITES.ZXZJ_ART21_PROV, CITES.ZXZJ_ART21_TRANSFER)).toBe("《贵州省工业和信息化发展专项资金管理办法》第二十四条；《贵州省中小企业发展专项资金管理办法》第二十一条（一）、第二十一条（二）");
    expect(citeText(CITES.D9)).toBe("产品决定 D-9");
    expect(citeText(CITES.GXZJ_ART30, CITES.GXZJ_ART30_REGION)).toBe("《贵州省工业和信息化发展专项资金管理办法》第三十条");
  });
});

describe("checkEventDate: a recorded event has happened, and not before what it follows (issue 12)", () => {
  const today = d("2026-11-27");
  it("today passes, tomorrow is refused citing the product's rule", () => {
    expect(checkEventDate({ label: "还款日期", date: today, asOf: today }).outcome).toBe("pass");
    const v = checkEventDate({ label: "还款日期", date: d("2026-11-28"), asOf: today });
    expect(v.outcome).toBe("block");
    expect(v.findings.map((f) => f.code)).toEqual(["EVENT_DATE_IN_FUTURE"]);
    expect(v.findings[0].message).toBe("还款日期（2026-11-28）不能晚于今天（2026-11-27）：只能登记已经发生的事项");
    expect(citeText(...(v.findings[0].cites ?? []))).toBe("产品决定 事件日期");
  });
  it("the start day passes, the day before is refused citing the start's own basis", () => {
    const notBefore = { date: d("2021-08-31"), label: "信贷通设立之日", cites: [CITES.XDT_FA_SETUP] };
    expect(checkEventDate({ label: "记账日期", date: d("2021-08-31"), asOf: today, notBefore }).outcome).toBe("pass");
    const v = checkEventDate({ label: "记账日期", date: d("2021-08-30"), asOf: today, notBefore });
    expect(v.findings.map((f) => f.code)).toEqual(["EVENT_DATE_TOO_EARLY"]);
    expect(v.findings[0].message).toBe("记账日期（2021-08-30）不能早于信贷通设立之日（2021-08-31）");
    expect(citeText(...(v.findings[0].cites ?? []))).toBe("《贵州省中小企业信贷通设立方案》一（一）");
    // without its own basis the product's rule is cited
    expect(checkEventDate({ label: "拨付日期", date: d("2024-01-01"), asOf: today, notBefore: { date: d("2024-01-02"), label: "资金安排日期" } }).findings[0].cites).toEqual([CITES.P_EVENT_DATES]);
  });
});
