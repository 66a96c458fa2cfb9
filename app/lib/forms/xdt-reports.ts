import { z } from "zod";
import { parseYuan } from "../money";

/**
 * The bank's reporting duties (RULES.md §1 "Reporting duties of banks"): monthly data, the quarterly report and risk
 * events. Shared by the 报送 page and the API (the API maps its JSON to these fields). Amounts are yuan text → fen.
 */
const amount = (label: string) =>
  z
    .string({ error: `请输入${label}` })
    .trim()
    .min(1, `请输入${label}`)
    .transform((v, ctx) => {
      const f = parseYuan(v);
      if (f === null || f < 0) {
        ctx.addIssue({ code: "custom", message: `${label}格式不正确（如 12,345,678.00，可为 0）` });
        return z.NEVER;
      }
      return f as number;
    });
const correctionReason = z.string().trim().max(500, "更正原因不能超过 500 字").optional();

export const monthlyReportSchema = z.object({
  intent: z.literal("file-monthly"),
  /** the reported month, "2026-10" */
  month: z.string({ error: "请选择报送月份" }).trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "报送月份格式应为 YYYY-MM（如 2026-10）"),
  balance: amount("贷款余额"),
  cumulativeLending: amount("累计发放额"),
  npl: amount("不良贷款余额"),
  badDebt: amount("坏账金额"),
  /** required when the month was filed before: the correction is a new version */
  correctionReason,
});
export type MonthlyReportInput = z.infer<typeof monthlyReportSchema>;

export const quarterlyReportSchema = z.object({
  intent: z.literal("file-quarterly"),
  /** "2026-Q3" */
  quarter: z.string({ error: "请选择报送季度" }).trim().toUpperCase().regex(/^\d{4}-Q[1-4]$/, "报送季度格式应为 YYYY-Qn（如 2026-Q3）"),
  loansCount: z.coerce.number({ error: "请输入本季度发放笔数" }).int("笔数须为整数").min(0, "笔数不能为负").max(1_000_000, "笔数过大"),
  lending: amount("本季度发放金额"),
  balance: amount("季末贷款余额"),
  overdue: amount("季末逾期贷款余额"),
  compensation: amount("本季度收到补偿金额"),
  recovered: amount("本季度追偿收回金额"),
  narrative: z.string({ error: "请填写贷款项目基本情况及执行情况" }).trim().min(10, "请填写贷款项目基本情况及执行情况（至少 10 字）").max(4000, "情况说明不能超过 4000 字"),
  correctionReason,
});
export type QuarterlyReportInput = z.infer<typeof quarterlyReportSchema>;

export const riskEventSchema = z.object({
  intent: z.literal("report-risk"),
  eventDate: z.string({ error: "请输入风险事项发生日期" }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, "发生日期格式应为 YYYY-MM-DD"),
  /** the bank's own loan, by contract number (optional: an event may concern the enterprise, not one loan) */
  contractNo: z.string().trim().max(60, "合同编号不能超过 60 个字符").optional(),
  description: z.string({ error: "请填写风险事项说明" }).trim().min(4, "请填写风险事项说明（至少 4 字）").max(2000, "说明不能超过 2000 字"),
});
export type RiskEventInput = z.infer<typeof riskEventSchema>;

/** Reporting, in writing, an event the system already knows of (an overdue it detected, a seeded event). */
export const reportPendingRiskSchema = z.object({
  intent: z.literal("report-pending"),
  eventId: z.coerce.number({ error: "缺少风险事项" }).int().positive(),
  description: z.string().trim().max(2000, "说明不能超过 2000 字").optional(),
});

export const REPORT_TABS = ["monthly", "quarterly", "risk"] as const;
export type ReportTab = (typeof REPORT_TABS)[number];
