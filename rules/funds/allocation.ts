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

export interface ProposedAmountInput {
  fund: FundId;
  /** The amount the application requested. */
  requested: Fen;
  /** The 拟支持金额 the collective decision proposes. */
  proposed: Fen;
}

const decideCite = (fund: FundId) => (fund === "GXZJ" ? CITES.GXZJ_ART17_DECIDE : CITES.ZXZJ_ART16_DECIDE);
const publicityCite = (fund: FundId) => (fund === "GXZJ" ? CITES.GXZJ_ART17 : CITES.ZXZJ_ART16);
const applicationCite = (fund: FundId) => (fund === "GXZJ" ? CITES.GXZJ_ART16 : CITES.ZXZJ_ART15);

/**
 * GXZJ-35 第十七条（四） (seed L22067-22069) / ZXZJ-206 第十六条（四） (L23093-23095): "省工业和信息化厅集体研究（决策）确定拟支持项目……
 * 按规定向社会公示". The decision fixes the amount proposed (拟支持金额), which the 公示 publishes: more than zero and at most
 * what the application requested (its 专项资金申请报告, GXZJ-35 第十六条 / ZXZJ-206 第十五条) — `FUNDS_PROPOSED_OVER_REQUESTED`.
 */
export function checkProposedAmount(input: ProposedAmountInput): Verdict<{ proposed: Fen }> {
  const requested = nonNegativeFen(input.requested, "申请金额");
  const proposed = nonNegativeFen(input.proposed, "拟支持金额");
  if (proposed === 0) throw new RuleInputError("拟支持金额须大于零");
  const cites = [decideCite(input.fund), applicationCite(input.fund), CITES.P_ALLOCATION_BOUNDS];
  const findings: Finding[] = [];
  if (proposed > requested) {
    findings.push({ code: "FUNDS_PROPOSED_OVER_REQUESTED", severity: "block", message: `拟支持金额${formatMoney(proposed)}超过申请金额${formatMoney(requested)}（多${formatMoney(fen(proposed - requested))}）`, cites });
  }
  return makeVerdict("checkProposedAmount", { proposed }, findings, cites);
}

export interface BudgetRoom {
  /** What the budget is, in Chinese: "贵州省工业和信息化发展专项资金2026年度预算". */
  name: string;
  /** The budget approved. */
  total: Fen;
  /** What is already allocated from it (allocations not recovered) or taken back from it (carry-over recoveries). */
  committed: Fen;
}

export interface AllocationBoundsInput {
  fund: FundId;
  amount: Fen;
  /** The amount the application requested. */
  requested: Fen;
  /** The 拟支持金额 the collective decision fixed and the 公示 published; null when none was recorded. */
  proposed: Fen | null;
  /** The program's budget for the allocation's year, all lines together. */
  programBudget: BudgetRoom;
  /** The budget line the allocation is paid from: the province level, or the transfer to the project's 市州. */
  regionBudget: BudgetRoom;
}

export interface AllocationBoundsResult {
  /** The most this allocation could be: the least of the four bounds (never negative). */
  ceiling: Fen;
  programRoom: Fen;
  regionRoom: Fen;
}

/**
 * An allocation stays within what was asked, decided and published, and what the budgets still hold:
 * - ≤ the amount requested (the application, GXZJ-35 第十六条 / ZXZJ-206 第十五条) — `FUNDS_ALLOCATION_OVER_REQUESTED`;
 * - ≤ the 拟支持金额 the collective decision fixed and the 公示 published (GXZJ-35 第十七条（四）（五） "公示期满无异议……下达专项资金
 *   安排计划"; ZXZJ-206 第十六条（四）（五）): the plan issued is what was published — `FUNDS_ALLOCATION_OVER_PROPOSED`, or
 *   `FUNDS_PROPOSED_MISSING` when none was recorded;
 * - ≤ what the program's budget for the year has not yet allocated (GXZJ-35 第二十条 "下达专项资金预算"; ZXZJ-206 第十八条)
 *   — `FUNDS_ALLOCATION_OVER_PROGRAM_BUDGET`;
 * - ≤ what the budget line it is paid from has not yet allocated — the province level or the transfer to the 市州 (GXZJ-35
 *   第二十一条 "下达预算到项目所在市（州）……财政局") — `FUNDS_ALLOCATION_OVER_REGION_BUDGET`.
 * All four are hard: no article lets a body exceed them (a larger amount needs a new decision and 公示, or more budget:
 * PRODUCT "安排金额上限"). The caps of 第十条 are `checkAllocationCaps`.
 */
export function checkAllocationBounds(input: AllocationBoundsInput): Verdict<AllocationBoundsResult> {
  const amount = nonNegativeFen(input.amount, "安排金额");
  const requested = nonNegativeFen(input.requested, "申请金额");
  const proposed = input.proposed === null ? null : nonNegativeFen(input.proposed, "拟支持金额");
  const room = (b: BudgetRoom, what: string) => fen(nonNegativeFen(b.total, `${what}预算`) - nonNegativeFen(b.committed, `${what}已安排金额`));
  const programRoom = room(input.programBudget, "专项资金年度");
  const regionRoom = room(input.regionBudget, "地区");
  const budgetCites = input.fund === "GXZJ" ? [CITES.GXZJ_ART20, CITES.GXZJ_ART21_BUDGET] : [CITES.ZXZJ_ART18];
  const findings: Finding[] = [];
  const over = (x: Fen, limit: Fen) => formatMoney(fen(x - limit));
  if (amount > requested) {
    findings.push({ code: "FUNDS_ALLOCATION_OVER_REQUESTED", severity: "block", message: `安排金额${formatMoney(amount)}超过申请金额${formatMoney(requested)}（多${over(amount, requested)}）`, cites: [applicationCite(input.fund), CITES.P_ALLOCATION_BOUNDS] });
  }
  if (proposed === null) {
    findings.push({ code: "FUNDS_PROPOSED_MISSING", severity: "block", message: "该申报没有集体决策确定并公示的拟支持金额，不能安排资金", cites: [decideCite(input.fund), publicityCite(input.fund)] });
  } else if (amount > proposed) {
    findings.push({ code: "FUNDS_ALLOCATION_OVER_PROPOSED", severity: "block", message: `安排金额${formatMoney(amount)}超过集体决策确定并公示的拟支持金额${formatMoney(proposed)}（多${over(amount, proposed)}）`, cites: [decideCite(input.fund), publicityCite(input.fund), CITES.P_ALLOCATION_BOUNDS] });
  }
  const budgetFinding = (code: string, b: BudgetRoom, left: Fen) => ({
    code,
    severity: "block" as const,
    message: `安排金额${formatMoney(amount)}超过${b.name}尚未安排的余额${formatMoney(fen(Math.max(0, left)))}（预算${formatMoney(b.total)}，已安排${formatMoney(b.committed)}）`,
    cites: [...budgetCites, CITES.P_ALLOCATION_BOUNDS],
  });
  if (amount > programRoom) findings.push(budgetFinding("FUNDS_ALLOCATION_OVER_PROGRAM_BUDGET", input.programBudget, programRoom));
  if (amount > regionRoom) findings.push(budgetFinding("FUNDS_ALLOCATION_OVER_REGION_BUDGET", input.regionBudget, regionRoom));
  const ceiling = fen(Math.max(0, Math.min(requested, proposed ?? 0, programRoom, regionRoom)));
  return makeVerdict(
    "checkAllocationBounds",
    { ceiling, programRoom, regionRoom },
    findings,
    [applicationCite(input.fund), decideCite(input.fund), publicityCite(input.fund), ...budgetCites, CITES.P_ALLOCATION_BOUNDS],
  );
}
