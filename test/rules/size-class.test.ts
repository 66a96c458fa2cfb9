/**
 * 中小企业划型 (《中小企业划型标准规定》工信部联企业〔2011〕300号 第四条, cited through XDT-BF 第八条): a row per
 * industry and boundary, on both sides — "及以上" includes the number, "以下" excludes it; an SME is below EITHER ceiling;
 * medium and small need EVERY floor.
 */
import { describe, expect, it } from "vitest";
import {
  explain, legalDate as d, RuleDateError, SME_INDUSTRIES, SME_SIZE_2011, SME_SIZE_STANDARD, sizeMetricsOf, smeIndustryOfCode, smeSizeClass, wan,
  type Fen, type SizeClass,
} from "#rules";

const ON = d("2026-01-15");
const W = (n: number) => wan(n);
const Y = (fenValue: number) => fenValue as Fen;

/** [industry code, employees, revenue (fen), assets (fen), expected] */
type Row = [string, number | null, Fen | null, Fen | null, SizeClass];

const rows: Row[] = [
  // （一）农、林、牧、渔业: revenue only — < 2亿 SME; ≥ 500万 medium; ≥ 50万 small
  ["A0111", null, Y(W(20000) - 1), null, "medium"],
  ["A0111", null, W(20000), null, "large"],
  ["A0111", null, W(500), null, "medium"],
  ["A0111", null, Y(W(500) - 1), null, "small"],
  ["A0111", null, W(50), null, "small"],
  ["A0111", null, Y(W(50) - 1), null, "micro"],
  // （二）工业: 1000 persons or 4亿; medium 300 and 2000万; small 20 and 300万
  ["C1512", 1000, W(40000), null, "large"],
  ["C1512", 999, W(40000), null, "medium"], // below one ceiling is enough (300号: "或")
  ["C1512", 1000, Y(W(40000) - 1), null, "medium"],
  ["C1512", 300, W(2000), null, "medium"],
  ["C1512", 299, W(2000), null, "small"],
  ["C1512", 300, Y(W(2000) - 1), null, "small"],
  ["C1512", 20, W(300), null, "small"],
  ["C1512", 19, W(300), null, "micro"],
  ["C1512", 20, Y(W(300) - 1), null, "micro"],
  ["B0610", 5000, W(100), null, "micro"], // 采矿业 is 工业; many people, little revenue: micro
  ["D4411", 350, W(2500), null, "medium"], // 电力 is 工业
  // （三）建筑业: revenue and assets — 8亿 or 8亿; medium 6000万 and 5000万; small 300万 and 300万
  ["E4710", null, W(80000), W(80000), "large"],
  ["E4710", null, W(80000), Y(W(80000) - 1), "medium"],
  ["E4710", null, W(6000), W(5000), "medium"],
  ["E4710", null, W(6000), Y(W(5000) - 1), "small"],
  ["E4710", null, W(300), W(300), "small"],
  ["E4710", null, W(300), Y(W(300) - 1), "micro"],
  // （四）批发业: 200 or 4亿; medium 20 and 5000万; small 5 and 1000万
  ["F5171", 200, W(40000), null, "large"],
  ["F5171", 199, W(40000), null, "medium"],
  ["F5171", 20, W(5000), null, "medium"],
  ["F5171", 19, W(5000), null, "small"],
  ["F5171", 5, W(1000), null, "small"],
  ["F5171", 4, W(1000), null, "micro"],
  ["F5171", 5, Y(W(1000) - 1), null, "micro"],
  // （五）零售业: 300 or 2亿; medium 50 and 500万; small 10 and 100万
  ["F5211", 300, W(20000), null, "large"],
  ["F5211", 300, Y(W(20000) - 1), null, "medium"],
  ["F5211", 50, W(500), null, "medium"],
  ["F5211", 49, W(500), null, "small"],
  ["F5211", 10, W(100), null, "small"],
  ["F5211", 10, Y(W(100) - 1), null, "micro"],
  // （六）交通运输业: 1000 or 3亿; medium 300 and 3000万; small 20 and 200万
  ["G5430", 1000, W(30000), null, "large"],
  ["G5430", 999, W(30000), null, "medium"],
  ["G5430", 300, W(3000), null, "medium"],
  ["G5430", 300, Y(W(3000) - 1), null, "small"],
  ["G5430", 20, W(200), null, "small"],
  ["G5430", 19, W(200), null, "micro"],
  // （七）仓储业: 200 or 3亿; medium 100 and 1000万; small 20 and 100万
  ["G5920", 200, W(30000), null, "large"],
  ["G5920", 100, W(1000), null, "medium"],
  ["G5920", 99, W(1000), null, "small"],
  ["G5920", 20, W(100), null, "small"],
  ["G5920", 20, Y(W(100) - 1), null, "micro"],
  // （八）邮政业: 1000 or 3亿; medium 300 and 2000万; small 20 and 100万
  ["G6010", 1000, W(30000), null, "large"],
  ["G6010", 300, W(2000), null, "medium"],
  ["G6010", 300, Y(W(2000) - 1), null, "small"],
  ["G6010", 20, W(100), null, "small"],
  ["G6010", 19, W(100), null, "micro"],
  // （九）住宿业 and （十）餐饮业: 300 or 1亿; medium 100 and 2000万; small 10 and 100万
  ["H6110", 300, W(10000), null, "large"],
  ["H6110", 100, W(2000), null, "medium"],
  ["H6110", 99, W(2000), null, "small"],
  ["H6210", 300, Y(W(10000) - 1), null, "medium"],
  ["H6210", 10, W(100), null, "small"],
  ["H6210", 9, W(100), null, "micro"],
  // （十一）信息传输业: 2000 or 10亿; medium 100 and 1000万; small 10 and 100万
  ["I6311", 2000, W(100000), null, "large"],
  ["I6311", 1999, W(100000), null, "medium"],
  ["I6410", 100, W(1000), null, "medium"],
  ["I6410", 100, Y(W(1000) - 1), null, "small"],
  ["I6410", 10, W(100), null, "small"],
  ["I6410", 10, Y(W(100) - 1), null, "micro"],
  // （十二）软件和信息技术服务业: 300 or 1亿; medium 100 and 1000万; small 10 and 50万
  ["I6513", 300, W(10000), null, "large"],
  ["I6513", 100, W(1000), null, "medium"],
  ["I6513", 99, W(1000), null, "small"],
  ["I6513", 10, W(50), null, "small"],
  ["I6513", 10, Y(W(50) - 1), null, "micro"],
  // （十三）房地产开发经营: revenue 20亿 or assets 1亿; medium 1000万 and 5000万; small 100万 and 2000万
  ["K7010", null, W(200000), W(10000), "large"],
  ["K7010", null, W(200000), Y(W(10000) - 1), "medium"],
  ["K7010", null, W(1000), W(5000), "medium"],
  ["K7010", null, Y(W(1000) - 1), W(5000), "small"],
  ["K7010", null, W(100), W(2000), "small"],
  ["K7010", null, W(100), Y(W(2000) - 1), "micro"],
  // （十四）物业管理: 1000 or 5000万; medium 300 and 1000万; small 100 and 500万
  ["K7020", 1000, W(5000), null, "large"],
  ["K7020", 1000, Y(W(5000) - 1), null, "medium"],
  ["K7020", 300, W(1000), null, "medium"],
  ["K7020", 299, W(1000), null, "small"],
  ["K7020", 100, W(500), null, "small"],
  ["K7020", 99, W(500), null, "micro"],
  // （十五）租赁和商务服务业: persons and assets — 300 or 12亿; medium 100 and 8000万; small 10 and 100万
  ["L7111", 300, null, W(120000), "large"],
  ["L7111", 299, null, W(120000), "medium"],
  ["L7111", 100, null, W(8000), "medium"],
  ["L7111", 100, null, Y(W(8000) - 1), "small"],
  ["L7111", 10, null, W(100), "small"],
  ["L7111", 10, null, Y(W(100) - 1), "micro"],
  // （十六）其他未列明行业: persons only — 300; medium 100; small 10
  ["M7320", 300, null, null, "large"],
  ["M7320", 299, null, null, "medium"],
  ["M7320", 100, null, null, "medium"],
  ["M7320", 99, null, null, "small"],
  ["M7320", 10, null, null, "small"],
  ["M7320", 9, null, null, "micro"],
  ["G5311", 9, null, null, "micro"], // 铁路运输业 is not in 交通运输业: 参照 as 其他未列明行业 (第六条)
  ["K7040", 150, null, null, "medium"], // 自有房地产经营: 其他未列明行业
];

describe("smeSizeClass — 300号 第四条, both sides of every boundary", () => {
  it.each(rows)("%s, %s persons, revenue %s, assets %s → %s", (code, employees, revenue, assets, expected) => {
    const v = smeSizeClass({ industryCode: code, employees, revenue, assets }, ON);
    expect(v.outcome).toBe("pass");
    expect(v.value.sizeClass).toBe(expected);
    expect(v.findings[0].code).toBe("SME_SIZE_CLASS");
    expect(v.cites[0]).toMatchObject({ doc: "XDT-BF", article: "第八条" });
    expect(v.trace[0]).toMatchObject({ param: "reference.smeSize", from: "2011-06-18" });
  });

  it("every industry has a row on each side of its medium and small floors", () => {
    const industries = new Set(rows.map(([code]) => (smeIndustryOfCode(code) as { industry: string }).industry));
    expect([...industries].sort()).toEqual([...SME_INDUSTRIES].sort());
  });

  it("the message states the figures, the thresholds that decided and the article", () => {
    const v = smeSizeClass({ industryCode: "C1512", employees: 299, revenue: W(2500), assets: null }, ON);
    expect(v.findings[0].message).toBe(
      "按《中小企业划型标准规定》（工信部联企业〔2011〕300号）第四条（二）工业：从业人员299人、营业收入2,500万元，从业人员20人及以上且营业收入300万元及以上为小型企业，未达中型标准（从业人员300人及以上且营业收入2,000万元及以上），划为小型企业",
    );
    const large = smeSizeClass({ industryCode: "E4710", employees: null, revenue: W(90000), assets: W(85000) }, ON);
    expect(large.findings[0].message).toContain("不属于中小企业");
    expect(explain(large)).toContain("第八条");
  });

  it("takes its thresholds from the version in force (a revision is a new version)", () => {
    expect(SME_SIZE_STANDARD.versions[0].value).toBe(SME_SIZE_2011);
    expect(() => smeSizeClass({ industryCode: "C1512", employees: 1, revenue: W(1), assets: null }, d("2011-06-17"))).toThrow(RuleDateError);
    expect(smeSizeClass({ industryCode: "C1512", employees: 1, revenue: W(1), assets: null }, d("2011-06-18")).value.sizeClass).toBe("micro");
  });
});

describe("the industry comes from the GB/T 4754 code; what is missing is named", () => {
  it.each([
    ["C1512", "industry"],
    ["b0610", "industry"],
    ["F51", "wholesale"],
    ["F52", "retail"],
    ["G58", "transport"],
    ["G59", "warehousing"],
    ["G60", "postal"],
    ["H61", "accommodation"],
    ["H62", "catering"],
    ["I64", "telecom"],
    ["I65", "software"],
    ["K7010", "realEstate"],
    ["K7020", "propertyManagement"],
    ["L72", "leasing"],
    ["Q8411", "other"],
  ] as const)("%s → %s", (code, industry) => {
    expect(smeIndustryOfCode(code)).toEqual({ industry });
  });

  it.each([
    ["C15X2", "格式不正确"],
    ["F53", "大类不存在"],
    ["J6621", "金融业"],
    ["K70", "须填写到中类"],
    ["", "格式不正确"],
  ])("%s is refused: %s", (code, message) => {
    const v = smeSizeClass({ industryCode: code, employees: 10, revenue: W(100), assets: W(100) }, ON);
    expect(v.outcome).toBe("block");
    expect(v.findings[0].code).toBe("SME_INDUSTRY_CODE");
    expect(v.findings[0].message).toContain(message);
  });

  it("each metric the industry is sized by must be given", () => {
    const v = smeSizeClass({ industryCode: "E4710", employees: 10, revenue: W(100), assets: null }, ON);
    expect(v.outcome).toBe("block");
    expect(v.findings.map((f) => f.code)).toEqual(["SME_ASSETS_MISSING"]);
    expect(v.findings[0].message).toBe("建筑业按《中小企业划型标准规定》第四条（三）以营业收入、资产总额划型，须填写资产总额");
    expect(smeSizeClass({ industryCode: "C1512", employees: null, revenue: null }, ON).findings.map((f) => f.code)).toEqual(["SME_EMPLOYEES_MISSING", "SME_REVENUE_MISSING"]);
    expect(sizeMetricsOf(SME_SIZE_2011.leasing)).toEqual(["employees", "assets"]);
    expect(sizeMetricsOf(SME_SIZE_2011.other)).toEqual(["employees"]);
  });

  it("refuses negative or fractional figures", () => {
    expect(() => smeSizeClass({ industryCode: "C1512", employees: -1, revenue: W(1) }, ON)).toThrow(/从业人员/);
    expect(() => smeSizeClass({ industryCode: "C1512", employees: 1.5, revenue: W(1) }, ON)).toThrow(/从业人员/);
  });
});
