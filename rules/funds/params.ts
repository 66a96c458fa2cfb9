/**
 * Program settings of the two special funds as dated parameters (RULES.md §2 table). A date outside a fund's
 * term has no version: every fund rule then throws `RuleDateError` ("不在实施期内") — documented choice.
 */
import { CITES, type Citation } from "../core/cite";
import { parseLegalDate as d } from "../core/dates";
import { wan, YI_YUAN, fen, type Bp, type Fen } from "../core/money";
import { defineParam, paramAt, type DatedParam, type ParamLookup } from "../core/params";
import type { LegalDate } from "../core/dates";

export type FundId = "GXZJ" | "ZXZJ";
export type SupportMode = "direct_subsidy" | "interest_subsidy" | "award_in_lieu" | "government_purchase";
/** GXZJ-35 第十条 exemptions: 磷石膏 / 锰渣 / 赤泥 comprehensive use. */
export type ExemptCategory = "phosphogypsum" | "manganese_slag" | "red_mud";

export const SUPPORT_MODE_ZH: Record<SupportMode, string> = {
  direct_subsidy: "直接补助",
  interest_subsidy: "融资贴息",
  award_in_lieu: "以奖代补",
  government_purchase: "政府购买服务",
};

export interface FundProgramSettings {
  fund: FundId;
  name: string;
  /** Per unit per year ("原则上"). */
  unitYearCap: Fen;
  /** Per project ("原则上"). */
  projectCap: Fen;
  exemptCategories: readonly ExemptCategory[];
  supportModes: readonly SupportMode[];
  /** Modes only for provincial-level money. */
  provincialOnlyModes: readonly SupportMode[];
  /** 预拨加清算 allowed for 以奖代补. */
  prepayAndSettle: boolean;
  afterPublicity: "plan_issued" | "request_to_finance";
  adjustment: "by_filing_level" | "once_within_construction";
  acceptance: "gxzj" | "zxzj";
  /** GXZJ: projects with total investment ≥ this go to 工信厅. */
  acceptanceInvestmentThreshold: Fen | null;
  /** Last day of the fund's term. */
  termEnd: LegalDate;
  /** D-9 default 公示 length in working days. */
  publicityWorkingDays: number;
  /** GXZJ-35 第三十条: years of application ban; null = none. */
  applicationBanYears: number | null;
  carryOverYears: number;
  /** D-8: days cap of an interest subsidy (2 years × 365). */
  interestSubsidyMaxDays: number;
  /** D-8: day basis. */
  interestDayBasis: number;
  cites: readonly Citation[];
}

export const GXZJ_SETTINGS = defineParam<FundProgramSettings>("funds.GXZJ", "工业和信息化发展专项资金项目设置", [
  {
    from: d("2023-04-17"),
    to: d("2027-12-31"),
    value: {
      fund: "GXZJ",
      name: "贵州省工业和信息化发展专项资金",
      unitYearCap: wan(2000),
      projectCap: wan(1000),
      exemptCategories: ["phosphogypsum", "manganese_slag", "red_mud"],
      supportModes: ["direct_subsidy", "interest_subsidy", "award_in_lieu", "government_purchase"],
      provincialOnlyModes: ["government_purchase"],
      prepayAndSettle: true,
      afterPublicity: "plan_issued",
      adjustment: "by_filing_level",
      acceptance: "gxzj",
      acceptanceInvestmentThreshold: fen(5 * YI_YUAN),
      termEnd: d("2027-12-31"),
      publicityWorkingDays: 5,
      applicationBanYears: 3,
      carryOverYears: 2,
      interestSubsidyMaxDays: 730,
      interestDayBasis: 360,
      cites: [CITES.GXZJ_ART9, CITES.GXZJ_ART10, CITES.GXZJ_ART17, CITES.GXZJ_ART23, CITES.GXZJ_ART24, CITES.GXZJ_ART25, CITES.GXZJ_ART30, CITES.GXZJ_ART34, CITES.D8, CITES.D9],
    },
    cite: [CITES.GXZJ_ART34, CITES.GXZJ_ART10, CITES.D9],
  },
]);

export const ZXZJ_SETTINGS = defineParam<FundProgramSettings>("funds.ZXZJ", "中小企业发展专项资金项目设置", [
  {
    from: d("2023-12-04"),
    to: d("2025-12-31"),
    value: {
      fund: "ZXZJ",
      name: "贵州省中小企业发展专项资金",
      unitYearCap: wan(1000),
      projectCap: wan(500),
      exemptCategories: [],
      supportModes: ["interest_subsidy", "award_in_lieu", "direct_subsidy"],
      provincialOnlyModes: [],
      prepayAndSettle: false,
      afterPublicity: "request_to_finance",
      adjustment: "once_within_construction",
      acceptance: "zxzj",
      acceptanceInvestmentThreshold: null,
      termEnd: d("2025-12-31"),
      publicityWorkingDays: 5,
      applicationBanYears: null,
      carryOverYears: 2,
      interestSubsidyMaxDays: 730,
      interestDayBasis: 360,
      cites: [CITES.ZXZJ_ART9, CITES.ZXZJ_ART10, CITES.ZXZJ_ART16, CITES.ZXZJ_ART20, CITES.ZXZJ_ART21_PROV, CITES.ZXZJ_ART22, CITES.ZXZJ_ART35, CITES.D8, CITES.D9],
    },
    cite: [CITES.ZXZJ_ART35, CITES.ZXZJ_ART10, CITES.D9],
  },
]);

export const FUND_SETTINGS: Readonly<Record<FundId, DatedParam<FundProgramSettings>>> = { GXZJ: GXZJ_SETTINGS, ZXZJ: ZXZJ_SETTINGS };

/** The fund's settings in force on `date`; outside the fund's term → `RuleDateError`. */
export function fundSettingsAt(fund: FundId, date: LegalDate): ParamLookup<FundProgramSettings> {
  return paramAt(FUND_SETTINGS[fund], date);
}

/** SZH-25 三（二）: prepayment share for key projects, within SZH-25's term. */
export const SZH_PREPAY_SHARE = defineParam<Bp>("funds.szhPrepayShareBp", "重点项目预拨比例（基点）", [
  { from: d("2022-04-12"), to: d("2025-12-31"), value: 5_000, cite: [CITES.SZH_PREPAY, CITES.SZH_TERM] },
]);

/** SZH-25 三（一）: the cross-fund duplicate ban, within SZH-25's term. */
export const SZH_DUPLICATE_BAN = defineParam<boolean>("funds.szhDuplicateBan", "同一单位同一项目不得重复申请省级资金", [
  { from: d("2022-04-12"), to: d("2025-12-31"), value: true, cite: [CITES.SZH_DUPLICATE, CITES.SZH_TERM] },
]);
