/**
 * 中小企业划型 — 《中小企业划型标准规定》（工信部联企业〔2011〕300号，工业和信息化部、国家统计局、国家发展和改革委员会、
 * 财政部，2011-06-18）第四条. The seed does not hold it: XDT-BF 第八条 (L20808-20812) names it as the standard a 信贷通
 * borrower must meet, so the thresholds are kept here as a dated parameter, entered from the 300号 text (RULES.md §1:
 * "keep a versioned table, data outside the seed").
 *
 * How the text reads (300号 第四条 and 第七条; the same reading as 国家统计局《统计上大中小微型企业划分办法》):
 * - "X以下或Y以下的为中小微型企业": an enterprise below EITHER ceiling is an SME; reaching every ceiling makes it large;
 * - "X及以上，且Y及以上的为中型企业": medium (or small) needs EVERY listed floor, "及以上" including the number;
 * - otherwise it falls one class ("以下" excludes the number): what is not small is micro.
 * The industry is the 国民经济行业分类 (GB/T 4754) code's 门类 and 大类 (300号 第三条 lists the industries by those names).
 */
import { CITES } from "../core/cite";
import { parseLegalDate, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { WAN_YUAN, wan, type Fen } from "../core/money";
import { defineParam, paramAt } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";

export const SME_SIZE_SOURCE =
  "《中小企业划型标准规定》（工信部联企业〔2011〕300号，工业和信息化部、国家统计局、国家发展和改革委员会、财政部，2011年6月18日印发）第四条；该文件不在政策汇编中，由《贵州省中小企业信贷通管理办法（暂行）》第八条援引，按原文录入";

/** The sixteen industries of 300号 第四条, in its order. */
export const SME_INDUSTRIES = [
  "agriculture",
  "industry",
  "construction",
  "wholesale",
  "retail",
  "transport",
  "warehousing",
  "postal",
  "accommodation",
  "catering",
  "telecom",
  "software",
  "realEstate",
  "propertyManagement",
  "leasing",
  "other",
] as const;
export type SmeIndustry = (typeof SME_INDUSTRIES)[number];

export type SizeClass = "micro" | "small" | "medium" | "large";
export type SizeMetric = "employees" | "revenue" | "assets";

/** Thresholds of one class: 从业人员 (persons), 营业收入 and 资产总额 (fen). Only the metrics the industry uses are present. */
export interface SizeBand {
  employees?: number;
  revenue?: Fen;
  assets?: Fen;
}

export interface SmeIndustryStandard {
  /** the industry as 300号 names it */
  label: string;
  /** its item of 300号 第四条 */
  item: string;
  /** "…以下的为中小微型企业": below any one of these is an SME */
  ceiling: SizeBand;
  /** "…及以上，且…及以上的为中型企业" */
  medium: SizeBand;
  /** "…及以上，且…及以上的为小型企业" */
  small: SizeBand;
}

const band = (employees: number | null, revenueWan: number | null, assetsWan: number | null = null): SizeBand => ({
  ...(employees !== null ? { employees } : {}),
  ...(revenueWan !== null ? { revenue: wan(revenueWan) } : {}),
  ...(assetsWan !== null ? { assets: wan(assetsWan) } : {}),
});

const std = (label: string, item: string, ceiling: SizeBand, medium: SizeBand, small: SizeBand): SmeIndustryStandard => ({ label, item, ceiling, medium, small });

/** 300号 第四条（一）至（十六）: persons; 万元. */
export const SME_SIZE_2011: Readonly<Record<SmeIndustry, SmeIndustryStandard>> = Object.freeze({
  agriculture: std("农、林、牧、渔业", "第四条（一）", band(null, 20000), band(null, 500), band(null, 50)),
  industry: std("工业", "第四条（二）", band(1000, 40000), band(300, 2000), band(20, 300)),
  construction: std("建筑业", "第四条（三）", band(null, 80000, 80000), band(null, 6000, 5000), band(null, 300, 300)),
  wholesale: std("批发业", "第四条（四）", band(200, 40000), band(20, 5000), band(5, 1000)),
  retail: std("零售业", "第四条（五）", band(300, 20000), band(50, 500), band(10, 100)),
  transport: std("交通运输业", "第四条（六）", band(1000, 30000), band(300, 3000), band(20, 200)),
  warehousing: std("仓储业", "第四条（七）", band(200, 30000), band(100, 1000), band(20, 100)),
  postal: std("邮政业", "第四条（八）", band(1000, 30000), band(300, 2000), band(20, 100)),
  accommodation: std("住宿业", "第四条（九）", band(300, 10000), band(100, 2000), band(10, 100)),
  catering: std("餐饮业", "第四条（十）", band(300, 10000), band(100, 2000), band(10, 100)),
  telecom: std("信息传输业", "第四条（十一）", band(2000, 100000), band(100, 1000), band(10, 100)),
  software: std("软件和信息技术服务业", "第四条（十二）", band(300, 10000), band(100, 1000), band(10, 50)),
  realEstate: std("房地产开发经营", "第四条（十三）", band(null, 200000, 10000), band(null, 1000, 5000), band(null, 100, 2000)),
  propertyManagement: std("物业管理", "第四条（十四）", band(1000, 5000), band(300, 1000), band(100, 500)),
  leasing: std("租赁和商务服务业", "第四条（十五）", band(300, null, 120000), band(100, null, 8000), band(10, null, 100)),
  other: std("其他未列明行业", "第四条（十六）", band(300, null), band(100, null), band(10, null)),
});

/** The standard in force by date (a revision of 300号 would be a new version from its date). */
export const SME_SIZE_STANDARD = defineParam<Readonly<Record<SmeIndustry, SmeIndustryStandard>>>("reference.smeSize", "中小企业划型标准（工信部联企业〔2011〕300号）", [
  { from: parseLegalDate("2011-06-18"), value: SME_SIZE_2011, cite: [CITES.XDT_BF_ART8] },
]);

export const SIZE_CLASS_ZH: Readonly<Record<SizeClass, string>> = { micro: "微型", small: "小型", medium: "中型", large: "大型" };
export const SIZE_METRIC_ZH: Readonly<Record<SizeMetric, string>> = { employees: "从业人员", revenue: "营业收入", assets: "资产总额" };

/**
 * The 300号 industry of a GB/T 4754 code (门类 letter + 2–4 digits of 大类/中类/小类, e.g. "C1512"), or the reason none
 * can be told. 300号 第三条: 工业 = 采矿业 B, 制造业 C, 电力、热力、燃气及水生产和供应业 D; 交通运输业 excludes 铁路运输业
 * (G53), which like the industries 300号 does not list is sized "参照本规定" (第六条) as 其他未列明行业. 房地产 needs its
 * 中类: 7010 开发经营 and 7020 物业管理 have their own thresholds. Finance (J) has its own standard (银发〔2015〕309号).
 */
export function smeIndustryOfCode(code: string): { industry: SmeIndustry } | { error: string } {
  const c = code.trim().toUpperCase();
  const m = /^([A-T])(\d{2})(\d{1,2})?$/.exec(c);
  if (!m) return { error: `国民经济行业代码「${code.trim()}」格式不正确：应为门类字母加2至4位数字（GB/T 4754，如 C1512）` };
  const [, section, division] = m;
  const d = Number(division);
  const sub = c.slice(1);
  switch (section) {
    case "A":
      return { industry: "agriculture" };
    case "B":
    case "C":
    case "D":
      return { industry: "industry" };
    case "E":
      return { industry: "construction" };
    case "F":
      return d === 51 ? { industry: "wholesale" } : d === 52 ? { industry: "retail" } : { error: `国民经济行业代码「${c}」的大类不存在（批发和零售业为 F51、F52）` };
    case "G":
      if (d === 53) return { industry: "other" };
      if (d >= 54 && d <= 58) return { industry: "transport" };
      if (d === 59) return { industry: "warehousing" };
      if (d === 60) return { industry: "postal" };
      return { error: `国民经济行业代码「${c}」的大类不存在（交通运输、仓储和邮政业为 G53–G60）` };
    case "H":
      return d === 61 ? { industry: "accommodation" } : d === 62 ? { industry: "catering" } : { error: `国民经济行业代码「${c}」的大类不存在（住宿和餐饮业为 H61、H62）` };
    case "I":
      if (d === 63 || d === 64) return { industry: "telecom" };
      if (d === 65) return { industry: "software" };
      return { error: `国民经济行业代码「${c}」的大类不存在（信息传输、软件和信息技术服务业为 I63–I65）` };
    case "J":
      return { error: "金融业企业按《金融业企业划型标准规定》划型，不适用《中小企业划型标准规定》" };
    case "K":
      if (d !== 70) return { error: `国民经济行业代码「${c}」的大类不存在（房地产业为 K70）` };
      if (sub.length < 3) return { error: "房地产业须填写到中类（如 K7010 房地产开发经营、K7020 物业管理），两者的划型标准不同" };
      if (sub.startsWith("701")) return { industry: "realEstate" };
      if (sub.startsWith("702")) return { industry: "propertyManagement" };
      return { industry: "other" };
    case "L":
      return { industry: "leasing" };
    default:
      // M 科学研究和技术服务业, N 水利、环境和公共设施管理业, O 居民服务、修理和其他服务业, P 教育, Q 卫生和社会工作,
      // R 文化、体育和娱乐业 (300号 第三条 names most of them under 其他未列明行业); S, T 参照 (第六条)
      return { industry: "other" };
  }
}

/** The metrics an industry is sized by (those its thresholds name). */
export function sizeMetricsOf(standard: SmeIndustryStandard): SizeMetric[] {
  return (["employees", "revenue", "assets"] as const).filter((k) => standard.ceiling[k] !== undefined);
}

export interface SizeClassInput {
  /** GB/T 4754 code, e.g. "C1512" */
  industryCode: string;
  /** 从业人员 (persons) */
  employees?: number | null;
  /** 营业收入 (fen) */
  revenue?: Fen | null;
  /** 资产总额 (fen) */
  assets?: Fen | null;
}

export interface SizeClassResult {
  sizeClass: SizeClass | null;
  industry: SmeIndustry | null;
  industryLabel: string | null;
}

const num = (n: number) => n.toLocaleString("en-US");

/** "2,000万元" for whole 万元, else "1,234.56万元" (two decimals, truncated: a threshold comparison is exact in fen). */
function wanText(f: number): string {
  const whole = Math.floor(f / WAN_YUAN);
  const rest = f % WAN_YUAN;
  if (rest === 0) return `${num(whole)}万元`;
  return `${num(whole)}.${String(Math.floor(rest / 10_000)).padStart(2, "0")}万元`;
}

function metricText(metric: SizeMetric, value: number): string {
  return metric === "employees" ? `${num(value)}人` : wanText(value);
}

function meets(values: Record<SizeMetric, number | null>, floor: SizeBand): boolean {
  return (["employees", "revenue", "assets"] as const).every((k) => floor[k] === undefined || (values[k] as number) >= (floor[k] as number));
}

function bandText(floor: SizeBand): string {
  return (["employees", "revenue", "assets"] as const)
    .filter((k) => floor[k] !== undefined)
    .map((k) => `${SIZE_METRIC_ZH[k]}${metricText(k, floor[k] as number)}及以上`)
    .join("且");
}

/**
 * The size class by 300号 第四条 as of `date` (the date of the figures' assessment: registration or correction).
 * Block findings name what is missing or wrong (`SME_INDUSTRY_CODE`, `SME_EMPLOYEES_MISSING`, `SME_REVENUE_MISSING`,
 * `SME_ASSETS_MISSING`); otherwise one info finding `SME_SIZE_CLASS` states the class with the thresholds that decided it.
 */
export function smeSizeClass(input: SizeClassInput, date: LegalDate): Verdict<SizeClassResult> {
  const p = paramAt(SME_SIZE_STANDARD, date);
  const cites = [CITES.XDT_BF_ART8];
  const of = smeIndustryOfCode(input.industryCode);
  if ("error" in of) {
    return makeVerdict("smeSizeClass", { sizeClass: null, industry: null, industryLabel: null }, [{ code: "SME_INDUSTRY_CODE", severity: "block", message: of.error }], cites, [p.trace]);
  }
  const s = p.value[of.industry];
  const values: Record<SizeMetric, number | null> = { employees: input.employees ?? null, revenue: input.revenue ?? null, assets: input.assets ?? null };
  for (const k of ["employees", "revenue", "assets"] as const) {
    const v = values[k];
    if (v !== null && (!Number.isSafeInteger(v) || v < 0)) throw new RuleInputError(`${SIZE_METRIC_ZH[k]}须为非负整数${k === "employees" ? "" : "（分）"}：${v}`);
  }
  const missing = sizeMetricsOf(s).filter((k) => values[k] === null);
  if (missing.length > 0) {
    const findings: Finding[] = missing.map((k) => ({
      code: `SME_${k.toUpperCase()}_MISSING`,
      severity: "block",
      message: `${s.label}按《中小企业划型标准规定》${s.item}以${sizeMetricsOf(s).map((x) => SIZE_METRIC_ZH[x]).join("、")}划型，须填写${SIZE_METRIC_ZH[k]}`,
    }));
    return makeVerdict("smeSizeClass", { sizeClass: null, industry: of.industry, industryLabel: s.label }, findings, cites, [p.trace]);
  }
  const used = sizeMetricsOf(s);
  const figures = used.map((k) => `${SIZE_METRIC_ZH[k]}${metricText(k, values[k] as number)}`).join("、");
  const belowAny = used.some((k) => (values[k] as number) < (s.ceiling[k] as number));
  let sizeClass: SizeClass;
  let why: string;
  if (!belowAny) {
    sizeClass = "large";
    why = `均达到中小微型企业上限（${used.map((k) => `${SIZE_METRIC_ZH[k]}${metricText(k, s.ceiling[k] as number)}`).join("、")}），不属于中小企业`;
  } else if (meets(values, s.medium)) {
    sizeClass = "medium";
    why = `${bandText(s.medium)}为中型企业`;
  } else if (meets(values, s.small)) {
    sizeClass = "small";
    why = `${bandText(s.small)}为小型企业，未达中型标准（${bandText(s.medium)}）`;
  } else {
    sizeClass = "micro";
    why = `未达小型标准（${bandText(s.small)}）为微型企业`;
  }
  const message = `按《中小企业划型标准规定》（工信部联企业〔2011〕300号）${s.item}${s.label}：${figures}，${why}，划为${SIZE_CLASS_ZH[sizeClass]}企业`;
  return makeVerdict("smeSizeClass", { sizeClass, industry: of.industry, industryLabel: s.label }, [{ code: "SME_SIZE_CLASS", severity: "info", message }], cites, [p.trace]);
}
