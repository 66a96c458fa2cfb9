/**
 * Project life-cycle rules of the two funds: adjustments, acceptance routing, carry-over, 公示 and the application ban.
 */
import { CITES, type Citation } from "../core/cite";
import { addDays, addYears, daysBetween, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { formatCountZh, formatMoney, formatMoneyYi, nonNegativeFen, type Fen } from "../core/money";
import { checkOverride, makeVerdict, softFinding, type Finding, type SoftOverride, type Verdict } from "../core/verdict";
import { nthWorkingDayFrom, type WorkingDayCalendar } from "../reference/calendar";
import { parentPrefecture, requireRegion } from "../reference/regions";
import { fundSettingsAt, type FundId } from "./params";

export type FilingLevel = "county" | "prefecture" | "province";

export interface AdjustmentInput {
  fund: FundId;
  /** The adjustment request date: ZXZJ-206 第二十条 judges it against the construction period. */
  requestDate: LegalDate;
  /**
   * The date the project was funded (its allocation decision): the fund's settings in force then decide the procedure,
   * so a fund's term ending does not strand the projects it funded. Omitted: the request date.
   */
  fundedOn?: LegalDate;
  /** GXZJ: the level that filed (申报) the project. */
  filingLevel: FilingLevel;
  /** ZXZJ: last day of the project's construction period. */
  constructionPeriodEnd?: LegalDate | null;
  /** ZXZJ: adjustments already approved for this project. */
  priorAdjustments?: number;
  /** ZXZJ: the project was already changed without formalities. */
  changedWithoutApproval?: boolean;
  override?: SoftOverride;
}

export interface AdjustmentResult {
  allowed: boolean;
  /** Who verifies the adjustment. */
  verifier: string;
  /** Who approves it. */
  approver: string;
  /** Who is told (备案). */
  filedWith: string[];
  /** Money must be recovered. */
  recover: boolean;
}

/**
 * 《贵州省工业和信息化发展专项资金管理办法》第二十三条 (seed L22121-22137): "不得擅自变更项目单位、建设内容、支持方式等，确需调整，按以下程序报批：
 *  （一）县级申报的项目……经市（州）工业和信息化主管部门审批后报省工业和信息化厅、省财政厅备案。（二）市级申报的项目……报省工业和信息化厅、省财政厅审批。
 *  （三）省级申报项目，由省工业和信息化厅、省财政厅核实项目调整情况后审批。（四）项目调整审批不通过的，资金按相关程序收回。"
 * 《贵州省中小企业发展专项资金管理办法》第二十条 (seed L23125-23139): "在项目建设期内及时履行调整手续，超出项目建设期的调整申请不予受理。
 *  项目调整原则上只准予一次。超出项目建设期且未履行调整手续但项目实际发生调整的……按要求收回相关专项资金。"
 */
export function adjustmentPermission(input: AdjustmentInput): Verdict<AdjustmentResult> {
  checkOverride(input.override);
  if (input.fundedOn && input.requestDate < input.fundedOn) throw new RuleInputError(`调整申请日期（${input.requestDate}）早于资金安排日期（${input.fundedOn}）`);
  // the settings of the funding date; the request date is what Art.20 judges (below)
  const s = fundSettingsAt(input.fund, input.fundedOn ?? input.requestDate);
  const findings: Finding[] = [];
  const cites: Citation[] = [];
  let value: AdjustmentResult;
  if (s.value.adjustment === "by_filing_level") {
    cites.push(CITES.GXZJ_ART23);
    const table: Record<FilingLevel, Omit<AdjustmentResult, "allowed" | "recover">> = {
      county: { verifier: "县（市、区、特区）工业和信息化主管部门", approver: "市（州）工业和信息化主管部门", filedWith: ["省工业和信息化厅", "省财政厅"] },
      prefecture: { verifier: "市（州）工业和信息化主管部门", approver: "省工业和信息化厅、省财政厅", filedWith: [] },
      province: { verifier: "省工业和信息化厅、省财政厅", approver: "省工业和信息化厅、省财政厅", filedWith: [] },
    };
    value = { allowed: true, recover: false, ...table[input.filingLevel] };
    findings.push({ code: "FUNDS_ADJUSTMENT_ROUTE", severity: "info", message: `由${value.verifier}核实，${value.approver}审批${value.filedWith.length ? `，报${value.filedWith.join("、")}备案` : ""}；审批不通过的，资金按程序收回` });
  } else {
    cites.push(CITES.ZXZJ_ART20);
    if (!input.constructionPeriodEnd) throw new RuleInputError("中小企业发展专项资金的项目调整须提供项目建设期截止日");
    const prior = input.priorAdjustments ?? 0;
    if (!Number.isSafeInteger(prior) || prior < 0) throw new RuleInputError(`已调整次数无效：${prior}`);
    value = {
      allowed: false,
      recover: false,
      verifier: "各地中小企业主管部门（指导项目单位履行调整手续）",
      approver: "各地中小企业主管部门按程序办理（办法未明定审批机关）",
      filedWith: [],
    };
    const late = input.requestDate > input.constructionPeriodEnd;
    if (late) {
      findings.push({ code: "FUNDS_ADJUSTMENT_AFTER_CONSTRUCTION", severity: "block", message: `项目建设期已于${input.constructionPeriodEnd}结束，超出建设期的调整申请不予受理` });
      if (input.changedWithoutApproval) {
        value.recover = true;
        findings.push({ code: "FUNDS_ADJUSTMENT_RECOVER", severity: "block", message: "超出建设期且未履行调整手续但项目实际发生调整，应报请省工信厅、省财政厅收回相关专项资金" });
      }
    }
    if (prior >= 1) {
      findings.push(softFinding("FUNDS_ADJUSTMENT_ONCE", `该项目已调整${prior}次，项目调整原则上只准予一次`, [CITES.ZXZJ_ART20], input.override));
    }
  }
  const v = makeVerdict("adjustmentPermission", value, findings, [...cites, ...s.version.cite], [s.trace]);
  value.allowed = v.outcome !== "block";
  return v;
}

export interface AcceptanceInput {
  fund: FundId;
  /** The date that matters: completion / acceptance request date. */
  date: LegalDate;
  totalInvestment: Fen;
  /** GXZJ: 省属国有企业; ZXZJ: 省属企业. */
  isProvincialEnterprise: boolean;
  /** The level whose budget paid the money (经省本级 / 市本级拨付资金). */
  fundingLevel: "province" | "prefecture" | "county";
  /** Project location, GB/T 2260 county or 市州 code. */
  regionCode: string;
}

export interface AcceptanceResult {
  level: "province" | "prefecture" | "county";
  /** The body that organises acceptance. */
  body: string;
  /** Region of that body (null for the province). */
  regionCode: string | null;
  /** Acceptance costs may be paid from the fund. */
  costFromFund: boolean;
}

/**
 * 《贵州省工业和信息化发展专项资金管理办法》第二十五条 (seed L22153-22161): "经省本级拨付资金的省属国有企业项目及各地重大项目（项目总投资5亿元以上）
 *  由省工业和信息化厅会同省级业务主管部门负责组织验收……其他项目按照属地原则由县（市、区、特区）、市（州）工业和信息化主管部门负责组织验收。"
 * 《贵州省中小企业发展专项资金管理办法》第二十二条 (seed L23192-23200): "经省本级拨付资金的省属企业项目由省工业和信息化厅负责组织验收……
 *  经市本级拨付资金的项目，由市（州）中小企业主管部门负责组织验收……其他项目按照属地原则由县（市、区、特区）中小企业主管部门负责组织验收。"
 * "以上" includes 5亿. GXZJ "other" projects: a county location → county, a 市州 location → 市州 (属地).
 */
export function acceptanceRouting(input: AcceptanceInput): Verdict<AcceptanceResult> {
  const s = fundSettingsAt(input.fund, input.date);
  const invest = nonNegativeFen(input.totalInvestment, "项目总投资");
  const region = requireRegion(input.regionCode);
  const findings: Finding[] = [];
  let value: AcceptanceResult;
  const cites: Citation[] = [];
  const local = (dept: string): AcceptanceResult => {
    if (region.level === "county") return { level: "county", body: `${region.name}${dept}`, regionCode: region.code, costFromFund: false };
    const pref = parentPrefecture(region.code);
    if (!pref) throw new RuleInputError("属地验收须提供项目所在的县或市州区划代码");
    return { level: "prefecture", body: `${pref.name}${dept}`, regionCode: pref.code, costFromFund: false };
  };
  if (s.value.acceptance === "gxzj") {
    cites.push(CITES.GXZJ_ART25);
    const big = invest >= (s.value.acceptanceInvestmentThreshold as Fen);
    const soe = input.isProvincialEnterprise && input.fundingLevel === "province";
    if (big || soe) {
      value = { level: "province", body: "省工业和信息化厅会同省级业务主管部门", regionCode: null, costFromFund: true };
      findings.push({
        code: "FUNDS_ACCEPTANCE_PROVINCE",
        severity: "info",
        message: big ? `项目总投资${formatMoneyYi(invest)}，达到${formatMoneyYi(s.value.acceptanceInvestmentThreshold as Fen)}，由省工信厅会同省级业务主管部门组织验收` : "经省本级拨付资金的省属国有企业项目，由省工信厅会同省级业务主管部门组织验收",
      });
    } else {
      value = local("工业和信息化主管部门");
    }
  } else {
    cites.push(CITES.ZXZJ_ART22);
    if (input.isProvincialEnterprise && input.fundingLevel === "province") {
      value = { level: "province", body: "省工业和信息化厅", regionCode: null, costFromFund: true };
    } else if (input.fundingLevel === "prefecture") {
      const pref = parentPrefecture(region.code);
      if (!pref) throw new RuleInputError("市本级拨付资金的项目须提供所在市州或县的区划代码");
      value = { level: "prefecture", body: `${pref.name}中小企业主管部门`, regionCode: pref.code, costFromFund: false };
    } else {
      if (region.level !== "county") throw new RuleInputError("按属地由县级验收的项目须提供县级区划代码");
      value = { level: "county", body: `${region.name}中小企业主管部门`, regionCode: region.code, costFromFund: false };
    }
  }
  return makeVerdict("acceptanceRouting", value, findings, [...cites, ...s.version.cite], [s.trace]);
}

export interface CarryOverInput {
  fund: FundId;
  /** Budget approval date (provincial level) or issue date (transfer). */
  approvalDate: LegalDate;
  /** The date of the check. */
  asOf: LegalDate;
  unused: Fen;
  /** 'provincial' = 省本级资金; 'transfer' = 省对下转移支付. */
  level: "provincial" | "transfer";
  /** Transfer already allocated to a department or enterprise. */
  allocated?: boolean;
  /** ZXZJ 科研项目. */
  researchProject?: boolean;
}

export interface CarryOverResult {
  ageDays: number;
  /** The day the 2-year mark is reached. */
  twoYearDate: LegalDate;
  status: "within" | "recover" | "exempt" | "not_applicable";
  /** What happens (Chinese). */
  action: string;
}

/**
 * 《贵州省工业和信息化发展专项资金管理办法》第二十四条 (seed L22141-22145): "省对市县专项转移支付项目资金在市县财政尚未分配并结转两年以上的，
 *  通过上下级结算收回省级财政总预算。"
 * 《贵州省中小企业发展专项资金管理办法》第二十一条 (seed L23145-23185): provincial-level money "对预算批复已达两年仍未使用完的资金，除科研项目外，
 *  全部交回省财政厅统筹使用"; research projects "项目年度剩余资金可结转下一年度继续使用"; transfers "连续两年未用完的结转资金，预算尚未分配到部门
 *  （含企业）的，由下级财政交回上级财政；已分配到部门（或企业）的，由下级财政在年度终了后收回统筹使用".
 * The 2-year mark = approval date + 2 years ("两年以上" includes the day).
 */
export function carryOverStatus(input: CarryOverInput): Verdict<CarryOverResult> {
  const s = fundSettingsAt(input.fund, input.approvalDate);
  const unused = nonNegativeFen(input.unused, "未使用金额");
  const twoYearDate = addYears(input.approvalDate, s.value.carryOverYears);
  const ageDays = daysBetween(input.approvalDate, input.asOf);
  if (ageDays < 0) throw new RuleInputError("检查日期早于预算批复日期");
  const reached = input.asOf >= twoYearDate;
  const years = `${formatCountZh(s.value.carryOverYears)}年`;
  const findings: Finding[] = [];
  const cites: Citation[] = [];
  let status: CarryOverResult["status"];
  let action: string;
  if (input.fund === "GXZJ") {
    cites.push(CITES.GXZJ_ART24);
    if (input.level === "transfer" && !input.allocated) {
      status = reached ? "recover" : "within";
      action = reached ? `市县财政尚未分配并结转${years}以上，通过上下级结算收回省级财政总预算` : `结转未满${years}（${twoYearDate}届满）`;
    } else {
      status = "not_applicable";
      action = `按财政部门结转结余管理规定办理（办法未规定${years}收回）`;
    }
  } else if (input.level === "provincial") {
    cites.push(CITES.ZXZJ_ART21_PROV);
    if (input.researchProject) {
      status = "exempt";
      action = "科研项目：实施期间年度剩余资金可结转下一年度继续使用；通过综合绩效评价后结余资金留归项目承担单位";
    } else {
      status = reached ? "recover" : "within";
      action = reached ? `预算批复已达${years}仍未使用完，全部交回省财政厅统筹使用` : `未满${years}（${twoYearDate}届满）；当年批复资金原则上不再办理结转（另有例外）`;
    }
  } else {
    cites.push(CITES.ZXZJ_ART21_TRANSFER);
    status = reached ? "recover" : "within";
    action = reached
      ? input.allocated
        ? `连续${years}未用完且已分配到部门（或企业）：由下级财政在年度终了后收回统筹使用`
        : `连续${years}未用完且尚未分配到部门（含企业）：由下级财政交回上级财政`
      : `未满${years}（${twoYearDate}届满）；尚未分配的可在同一类级科目下调整使用`;
  }
  if (status === "recover" && unused > 0) {
    findings.push({ code: "FUNDS_CARRY_OVER_RECOVER", severity: "warn", message: `${formatMoney(unused)}：${action}` });
  }
  return makeVerdict("carryOverStatus", { ageDays, twoYearDate, status, action }, findings, [...cites, ...s.version.cite], [s.trace]);
}

export interface PublicityInput {
  fund: FundId;
  /** First day of the 公示 (publication day). */
  startDate: LegalDate;
  /** Per-program setting from the app; default from the fund's parameter (D-9: 5 working days). */
  workingDays?: number | null;
}

/**
 * GXZJ-35 第十七条（四）（五） (seed L22067-22074) and ZXZJ-206 第十六条（四）（五） (seed L23093-23099): "按规定向社会公示……公示期满无异议或异议不成立的……".
 * No length is given anywhere (D-9): a per-program parameter, default 5 working days. The start day counts as day 1
 * when it is a working day; the result is the last day of the 公示.
 */
export function publicityEndDate(input: PublicityInput, calendar: WorkingDayCalendar): Verdict<{ start: LegalDate; end: LegalDate; workingDays: number }> {
  const s = fundSettingsAt(input.fund, input.startDate);
  const n = input.workingDays ?? s.value.publicityWorkingDays;
  const end = nthWorkingDayFrom(input.startDate, n, calendar);
  const findings: Finding[] = [
    {
      code: "FUNDS_PUBLICITY_DEFAULT",
      severity: "info",
      message: input.workingDays == null ? `公示期为产品默认的${n}个工作日（政策未规定天数）` : `公示期按项目设定为${n}个工作日`,
      cites: [CITES.D9],
    },
  ];
  const after = s.value.afterPublicity === "plan_issued" ? "公示期满无异议的，由省财政厅会同省工信厅下达专项资金安排计划" : "公示期满无异议的，由省工信厅形成资金申请文件报送省财政厅";
  findings.push({ code: "FUNDS_AFTER_PUBLICITY", severity: "info", message: after });
  return makeVerdict(
    "publicityEndDate",
    { start: input.startDate, end, workingDays: n },
    findings,
    [input.fund === "GXZJ" ? CITES.GXZJ_ART17 : CITES.ZXZJ_ART16, CITES.D9, CITES.D11],
    [s.trace],
  );
}

export interface ApplicationBanInput {
  fund: FundId;
  /** The sanction decision date: the ban runs from it. */
  decisionDate: LegalDate;
  /**
   * The date the sanctioned project was funded (its allocation decision): the fund's settings in force then decide
   * the ban's length, so a sanction decided after the fund's term still applies the fund's own rule. Omitted: the
   * decision date.
   */
  fundedOn?: LegalDate;
}

/**
 * 《贵州省工业和信息化发展专项资金管理办法》第三十条 (seed L22210-22214): "追回专项资金，视情况取消三年内专项资金申报资格，并将失信信息报送省公共信用信息平台".
 * The ban runs from the decision date for 3 years: the last banned day is decision + 3 years − 1 day.
 * ZXZJ-206 sets no such ban: `RuleInputError`.
 */
export function applicationBanEnd(input: ApplicationBanInput): Verdict<{ lastBannedDay: LegalDate; eligibleAgainFrom: LegalDate }> {
  if (input.fundedOn && input.decisionDate < input.fundedOn) throw new RuleInputError(`处理决定日期（${input.decisionDate}）早于资金安排日期（${input.fundedOn}）`);
  const s = fundSettingsAt(input.fund, input.fundedOn ?? input.decisionDate);
  if (s.value.applicationBanYears === null) throw new RuleInputError(`${s.value.name}管理办法未规定取消申报资格`);
  const eligibleAgainFrom = addYears(input.decisionDate, s.value.applicationBanYears);
  return makeVerdict(
    "applicationBanEnd",
    { lastBannedDay: addDays(eligibleAgainFrom, -1), eligibleAgainFrom },
    [{ code: "FUNDS_BAN_CREDIT_PLATFORM", severity: "info", message: "失信信息同时报送省公共信用信息平台" }],
    [CITES.GXZJ_ART30],
    [s.trace],
  );
}
