/**
 * Allocation caps (GXZJ-35 第十条, ZXZJ-206 第十条) and support modes (第九条).
 */
import { CITES, type Citation } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { fen, formatMoney, nonNegativeFen, type Fen } from "../core/money";
import { checkOverride, makeVerdict, softFinding, type Finding, type SoftOverride, type Verdict } from "../core/verdict";
import { fundSettingsAt, SUPPORT_MODE_ZH, type ExemptCategory, type FundId, type SupportMode } from "./params";

export interface ExistingAllocation {
  projectId: string;
  amount: Fen;
  category?: ExemptCategory | null;
}

export interface AllocationCapInput {
  fund: FundId;
  /** The date that matters: the allocation decision date (must be in the fund's term). */
  date: LegalDate;
  /** Budget year of the allocation. */
  year: number;
  unitId: string;
  projectId: string;
  amount: Fen;
  /** GXZJ exempt category of this project, if any. */
  category?: ExemptCategory | null;
  /** All of this unit's other allocations in the same fund and year (including earlier ones to this project). */
  existingAllocations: readonly ExistingAllocation[];
  override?: SoftOverride;
  /**
   * A program set up by the administrator under the fund's rules may set stricter caps of its own (never looser:
   * the law's caps stay the ceiling). Omitted: the law's caps.
   */
  programCaps?: { name: string; unitYearCap: Fen; projectCap: Fen };
}

export interface AllocationCapResult {
  exempt: boolean;
  /** This project's total in the fund and year, including the proposed amount. */
  projectTotal: Fen;
  /** The unit's capped total in the fund and year (exempt allocations excluded), including the proposed amount. */
  unitYearTotal: Fen;
  projectCap: Fen;
  unitYearCap: Fen;
  /** Room left under each cap before this allocation (may be negative). */
  projectRoom: Fen;
  unitYearRoom: Fen;
}

/**
 * 《贵州省工业和信息化发展专项资金管理办法》第十条 (seed L22002-22006): "支持磷石膏综合利用项目建设、磷石膏、锰渣、赤泥综合利用产品生产
 *  按照相关实施细则执行。除上述支持内容外，项目实施单位在同一年度获专项资金支持额度原则上不超过2000万元，其中单个项目获支持额度原则上不超过1000万元。"
 * 《贵州省中小企业发展专项资金管理办法》第十条 (seed L23034-23036): "项目承担单位同一年度获专项资金支持额度原则上不超过1000万元，
 *  其中单个项目获支持额度原则上不超过500万元。"
 * Both caps are soft: a breach blocks unless an override {by, reason} is given, then it passes with a warning recording it.
 * Exempt (GXZJ) allocations follow their own rules: they are outside both caps ("除上述支持内容外").
 */
export function checkAllocationCaps(input: AllocationCapInput): Verdict<AllocationCapResult> {
  checkOverride(input.override);
  if (!Number.isSafeInteger(input.year)) throw new RuleInputError(`年度无效：${input.year}`);
  const s = fundSettingsAt(input.fund, input.date);
  const amount = nonNegativeFen(input.amount, "拟安排金额");
  const isExempt = (c: ExemptCategory | null | undefined) => !!c && s.value.exemptCategories.includes(c);
  if (input.category && !isExempt(input.category)) {
    throw new RuleInputError(`${s.value.name}没有「${input.category}」豁免类别`);
  }
  const exempt = isExempt(input.category);
  const pc = input.programCaps;
  if (pc) {
    nonNegativeFen(pc.unitYearCap, "专项资金单位年度上限");
    nonNegativeFen(pc.projectCap, "专项资金单个项目上限");
  }
  const projectCap = fen(pc ? Math.min(pc.projectCap, s.value.projectCap) : s.value.projectCap);
  const unitYearCap = fen(pc ? Math.min(pc.unitYearCap, s.value.unitYearCap) : s.value.unitYearCap);
  const capOwner = pc && (projectCap < s.value.projectCap || unitYearCap < s.value.unitYearCap) ? pc.name : s.value.name;
  let projectPrior = 0;
  let unitPrior = 0;
  for (const a of input.existingAllocations) {
    const amt = nonNegativeFen(a.amount, "已安排金额");
    if (a.projectId === input.projectId) projectPrior += amt;
    if (!isExempt(a.category)) unitPrior += amt;
  }
  const projectTotal = fen(projectPrior + amount);
  const unitYearTotal = fen(unitPrior + (exempt ? 0 : amount));
  const cites: Citation[] = [input.fund === "GXZJ" ? CITES.GXZJ_ART10 : CITES.ZXZJ_ART10];
  const findings: Finding[] = [];
  if (capOwner !== s.value.name) {
    findings.push({ code: "FUNDS_PROGRAM_CAPS", severity: "info", message: `${capOwner}设定的额度上限严于管理办法：单位年度${formatMoney(unitYearCap)}、单个项目${formatMoney(projectCap)}（办法上限${formatMoney(s.value.unitYearCap)}、${formatMoney(s.value.projectCap)}）` });
  }
  if (exempt) {
    findings.push({
      code: "FUNDS_CAP_EXEMPT",
      severity: "info",
      message: "磷石膏、锰渣、赤泥综合利用项目按相关实施细则执行，不适用单位年度及单个项目额度上限",
      cites,
    });
  } else {
    if (projectTotal > projectCap) {
      findings.push(
        softFinding(
          "FUNDS_PROJECT_CAP_EXCEEDED",
          `单个项目${input.year}年度获支持${formatMoney(projectTotal)}，超过${formatMoney(projectCap)}上限${formatMoney(projectTotal - projectCap)}`,
          cites,
          input.override,
        ),
      );
    }
    if (unitYearTotal > unitYearCap) {
      findings.push(
        softFinding(
          "FUNDS_UNIT_YEAR_CAP_EXCEEDED",
          `项目单位${input.year}年度在${capOwner}获支持合计${formatMoney(unitYearTotal)}，超过${formatMoney(unitYearCap)}上限${formatMoney(unitYearTotal - unitYearCap)}`,
          cites,
          input.override,
        ),
      );
    }
  }
  return makeVerdict(
    "checkAllocationCaps",
    {
      exempt,
      projectTotal,
      unitYearTotal,
      projectCap,
      unitYearCap,
      projectRoom: fen(projectCap - projectPrior),
      unitYearRoom: fen(unitYearCap - unitPrior),
    },
    findings,
    [...cites, ...s.version.cite],
    [s.trace],
  );
}

export interface SupportModeInput {
  fund: FundId;
  date: LegalDate;
  mode: SupportMode;
  /** Level of the money: provincial-level spending or a transfer to 市县. */
  level: "provincial" | "transfer";
}

/**
 * GXZJ-35 第九条 (seed L21970-22000): "专项资金主要采用直接补助、融资贴息、以奖代补以及政府购买服务等支持方式……
 *  （四）省本级支出资金可通过政府购买服务的方式". ZXZJ-206 第九条 (seed L23013): "专项资金主要采用融资贴息、以奖代补、直接补助等支持方式".
 */
export function checkSupportMode(input: SupportModeInput): Verdict<{ allowed: boolean }> {
  const s = fundSettingsAt(input.fund, input.date);
  const cites: Citation[] = [input.fund === "GXZJ" ? CITES.GXZJ_ART9 : CITES.ZXZJ_ART9];
  const findings: Finding[] = [];
  if (!s.value.supportModes.includes(input.mode)) {
    findings.push({ code: "FUNDS_MODE_NOT_ALLOWED", severity: "block", message: `${s.value.name}不采用「${SUPPORT_MODE_ZH[input.mode]}」支持方式` });
  } else if (s.value.provincialOnlyModes.includes(input.mode) && input.level !== "provincial") {
    findings.push({ code: "FUNDS_MODE_PROVINCIAL_ONLY", severity: "block", message: `「${SUPPORT_MODE_ZH[input.mode]}」仅限省本级支出资金` });
  }
  const v = makeVerdict("checkSupportMode", { allowed: false }, findings, cites, [s.trace]);
  v.value.allowed = v.outcome !== "block";
  return v;
}
