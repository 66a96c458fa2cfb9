import { z } from "zod";
import { dateField, yuanField } from "./fields";
import { parseYuan } from "../money";

/** 专项资金 form schemas (server-validated; Chinese messages). Amounts are yuan text parsed to fen. */
const yuan = (label: string) => yuanField(label);
const date = dateField;
const text = (label: string, max = 500) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
const optionalText = (max = 500) => z.string().trim().max(max, `不能超过 ${max} 字`).optional();

export const GOAL_ROWS = 5;

/** A program's code (the two funds' own, or one the administrator added). */
const programCode = () => z.string({ error: "请选择专项资金" }).trim().regex(/^[A-Z][A-Z0-9-]{1,19}$/, "请选择专项资金");
/** An optional amount in yuan (blank = not set). */
const optionalYuan = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const f = parseYuan(v);
      if (f === null || f <= 0) {
        ctx.addIssue({ code: "custom", message: `${label}格式不正确（如 1,234,567.89）` });
        return z.NEVER;
      }
      return f as number;
    });


export const createProjectSchema = z
  .object({
    programCode: programCode(),
    creditCode: z.string({ error: "请输入项目单位统一社会信用代码" }).trim().min(18, "统一社会信用代码为 18 位").max(18, "统一社会信用代码为 18 位"),
    name: text("项目名称", 100),
    category: text("项目类别", 40),
    exemptCategory: z.enum(["phosphogypsum", "manganese_slag", "red_mud"]).optional(),
    implementationPlan: text("实施方案", 2000),
    totalInvestment: yuan("总投资"),
    fixedAssetInvestment: yuan("固定资产投资"),
    constructionStart: date("建设期开始日"),
    constructionEnd: date("建设期截止日"),
    filingLevel: z.enum(["county", "prefecture", "province"], { error: "请选择申报层级" }),
    keyProject: z.enum(["on"]).optional(),
    provincialEnterprise: z.enum(["on"]).optional(),
    jobs: z.coerce.number({ error: "请输入带动就业人数" }).int("请输入整数").min(0).max(1_000_000),
    goalName: z.array(z.string().trim().max(60).optional()).optional(),
    goalUnit: z.array(z.string().trim().max(20).optional()).optional(),
    goalTarget: z.array(z.string().trim().max(20).optional()).optional(),
    goalDirection: z.array(z.enum(["higher", "lower"]).optional()).optional(),
    goalWeight: z.array(z.string().trim().max(3).optional()).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.fixedAssetInvestment > v.totalInvestment) ctx.addIssue({ code: "custom", path: ["fixedAssetInvestment"], message: "固定资产投资不能超过总投资" });
    if (v.constructionEnd < v.constructionStart) ctx.addIssue({ code: "custom", path: ["constructionEnd"], message: "建设期截止日不能早于开始日" });
  });

export interface GoalInput {
  name: string;
  unit: string;
  target: string;
  direction: "higher" | "lower";
  weight: number;
}

/** The filled goal rows of the form; a partly filled row is an error message. */
export function goalsFrom(v: Pick<z.infer<typeof createProjectSchema>, "goalName" | "goalUnit" | "goalTarget" | "goalDirection" | "goalWeight">): { goals: GoalInput[]; error: string | null } {
  const goals: GoalInput[] = [];
  for (let i = 0; i < GOAL_ROWS; i++) {
    const name = v.goalName?.[i] ?? "";
    const unit = v.goalUnit?.[i] ?? "";
    const target = v.goalTarget?.[i] ?? "";
    const weight = v.goalWeight?.[i] ?? "";
    if (!name && !unit && !target && !weight) continue;
    if (!name || !unit || !target || !weight) return { goals, error: `第 ${i + 1} 项绩效指标须填写名称、单位、目标值和权重` };
    if (!/^\d+(\.\d+)?$/.test(target)) return { goals, error: `第 ${i + 1} 项绩效指标的目标值应为数字` };
    if (!/^\d{1,3}$/.test(weight)) return { goals, error: `第 ${i + 1} 项绩效指标的权重应为整数` };
    goals.push({ name, unit, target, direction: v.goalDirection?.[i] ?? "higher", weight: Number(weight) });
  }
  if (goals.length > 0 && goals.reduce((s, g) => s + g.weight, 0) !== 100) return { goals, error: "绩效指标权重合计应为 100" };
  return { goals, error: null };
}

export const fileApplicationSchema = z.object({
  intent: z.literal("file"),
  year: z.coerce.number({ error: "请输入申报年度" }).int().min(2023).max(2030),
  supportMode: z.enum(["direct_subsidy", "interest_subsidy", "award_in_lieu", "government_purchase"], { error: "请选择支持方式" }),
  requested: yuan("申请金额"),
  onDate: date("申报日期"),
});

/** One step of the review chain; `note` is required where the step says so (checked by the service). */
export const reviewStepSchema = z.object({
  intent: z.enum(["library-enter", "library-refuse", "resubmit", "prereview", "return", "first-review", "close-expert", "site-visit", "rank", "decide", "publicity", "approve", "reject"]),
  onDate: date("日期"),
  note: optionalText(500),
  ref: optionalText(60),
  rankScore: z.string().trim().max(6).optional(),
  /** the decide step: 拟支持金额 (yuan), required there */
  proposed: optionalYuan("拟支持金额"),
});

export const expertScoreSchema = z.object({
  intent: z.literal("score"),
  score: z
    .string({ error: "请输入评分" })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, "评分为 0–100，最多两位小数")
    .transform((v) => Math.round(Number(v) * 100))
    .refine((v) => v >= 0 && v <= 10_000, "评分为 0–100"),
  comment: optionalText(300),
});

export const objectionSchema = z.object({
  intent: z.enum(["objection-file", "objection-verify", "objection-uphold", "objection-reject"]),
  objectionId: z.coerce.number().int().positive().optional(),
  onDate: date("日期"),
  objector: optionalText(60),
  content: optionalText(1000),
  finding: optionalText(1000),
});

export const allocateSchema = z.object({
  intent: z.literal("allocate"),
  amount: yuan("安排金额"),
  supportMode: z.enum(["direct_subsidy", "interest_subsidy", "award_in_lieu", "government_purchase"], { error: "请选择支持方式" }),
  level: z.enum(["provincial", "transfer"], { error: "请选择资金层级" }),
  onDate: date("决定日期"),
  overrideReason: optionalText(500),
  /** a prior cancel / recover results-application decision acknowledged (SZH-25 三（三）) */
  acknowledgePriorDecision: z.enum(["on"]).optional(),
});

export const PAYEE_ACCOUNT_LABELS: Record<string, string> = {
  enterprise_basic: "项目单位基本存款账户",
  enterprise_general: "项目单位一般存款账户",
  fiscal_special: "财政专户（如代管资金专户）",
  budget_unit_real: "预算单位实有资金账户",
  zone_or_township: "开发区或乡镇账户",
  platform_company: "平台公司账户",
  co_managed: "共管账户",
};
/** RULES.md §2: final payees only; these account types are refused. */
export const FORBIDDEN_PAYEE_ACCOUNTS = ["fiscal_special", "budget_unit_real", "zone_or_township", "platform_company", "co_managed"];

export const paymentSchema = z.object({
  intent: z.literal("pay"),
  /** one id per payment form as rendered: a double-click, a second tab or a retry of the same form pays once */
  requestId: z.string({ error: "页面已过期，请刷新后再提交" }).regex(/^[0-9a-f-]{36}$/, "页面已过期，请刷新后再提交"),
  amount: yuan("拨付金额"),
  kind: z.enum(["prepayment", "progress", "final"], { error: "请选择拨付类型" }),
  onDate: date("拨付日期"),
  payeeAccountType: z.enum(["enterprise_basic", "enterprise_general", "fiscal_special", "budget_unit_real", "zone_or_township", "platform_company", "co_managed"], { error: "请选择收款账户类型" }),
  payeeAccountNo: z.string({ error: "请输入收款账号" }).trim().regex(/^[0-9-]{6,32}$/, "收款账号为 6–32 位数字"),
});

export const adjustmentSchema = z.object({
  intent: z.literal("adjust"),
  onDate: date("申请日期"),
  content: text("调整内容", 1000),
  decision: z.enum(["approved", "refused"], { error: "请选择审批结果" }),
  changedWithoutApproval: z.enum(["on"]).optional(),
  overrideReason: optionalText(500),
});

export const acceptanceSchema = z.object({
  intent: z.literal("accept"),
  onDate: date("验收日期"),
  result: z.enum(["passed", "failed"], { error: "请选择验收结论" }),
  note: optionalText(1000),
});

export const sanctionSchema = z.object({
  intent: z.literal("sanction"),
  onDate: date("决定日期"),
  reason: text("处理理由", 500),
  ban: z.enum(["on"]).optional(),
});

export const carryOverRecoverSchema = z.object({
  intent: z.literal("recover"),
  budgetId: z.coerce.number().int().positive(),
  onDate: date("收回日期"),
});

export const approveBudgetSchema = z.object({
  intent: z.literal("approve"),
  programCode: programCode(),
  year: z.coerce.number({ error: "请输入预算年度" }).int().min(2023).max(2030),
  regionCode: z.string({ error: "请选择地区" }).regex(/^\d{6}$/, "请选择地区"),
  amount: yuan("预算金额"),
  onDate: date("批复日期"),
});

export const issueBudgetSchema = z.object({
  intent: z.literal("issue"),
  budgetId: z.coerce.number().int().positive(),
  onDate: date("下达日期"),
});

export const createProgramSchema = z.object({
  code: z.string({ error: "请输入代码" }).trim().regex(/^[A-Z][A-Z0-9-]{1,19}$/, "代码为 2–20 位大写字母、数字或连字符"),
  ruleSet: z.enum(["GXZJ", "ZXZJ"], { error: "请选择适用的管理办法" }),
  name: z.string({ error: "请输入名称" }).trim().min(2, "请输入名称").max(60, "名称不能超过 60 字"),
  termFrom: date("实施期开始日"),
  termTo: date("实施期截止日"),
  publicityWorkingDays: z.coerce.number({ error: "请输入公示期" }).int("公示期为整数个工作日").min(1, "公示期至少 1 个工作日").max(30, "公示期不超过 30 个工作日"),
  /** stricter caps of the program (blank = the rule set's) */
  unitYearCap: optionalYuan("单位年度上限"),
  projectCap: optionalYuan("单个项目上限"),
});

/** An application guide (GXZJ-35 Art.11): a draft saved, then published. Extra documents one per line. */
export const guideSchema = z
  .object({
    intent: z.literal("save"),
    guideId: z.coerce.number().int().positive().optional(),
    programCode: programCode(),
    year: z.coerce.number({ error: "请输入年度" }).int("年度为整数").min(2023, "年度无效").max(2030, "年度无效"),
    title: text("标题", 100),
    directions: text("支持方向和重点", 2000),
    conditions: text("申报条件", 2000),
    openFrom: date("申报开始日"),
    openTo: date("申报截止日"),
    extraDocuments: z.string().trim().max(1000, "其他材料不能超过 1000 字").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.openTo < v.openFrom) ctx.addIssue({ code: "custom", path: ["openTo"], message: "申报截止日不能早于开始日" });
  });

export const publishGuideSchema = z.object({
  intent: z.literal("publish"),
  guideId: z.coerce.number({ error: "找不到该指南" }).int().positive(),
  onDate: date("发布日期"),
});

/** One document of an application, uploaded as a file (checked by size and content, not by name). */
export const documentUploadSchema = z.object({
  intent: z.literal("upload-document"),
  kind: text("材料名称", 60),
});
