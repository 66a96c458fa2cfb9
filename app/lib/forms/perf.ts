import { z } from "zod";

/** 绩效评价 form schemas (server-validated; Chinese messages). Scores are points with up to two decimals → hundredths. */
const date = (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);
const text = (label: string, max = 2000) => z.string({ error: `请填写${label}` }).trim().min(2, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
const year = z.coerce.number({ error: "请选择评价年度" }).int("评价年度无效").min(2020, "评价年度无效").max(2100, "评价年度无效");
export const scoreCenti = z
  .string({ error: "请填写评分" })
  .trim()
  .transform((v, ctx) => {
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(v) || Number(v) > 100) {
      ctx.addIssue({ code: "custom", message: "评分应为 0–100，最多两位小数" });
      return z.NEVER;
    }
    const [i, f = ""] = v.split(".");
    return Number(i) * 100 + Number(f.padEnd(2, "0"));
  });

export const selfEvaluationSchema = z.object({ intent: z.literal("self"), year, score: scoreCenti, onDate: date("自评日期"), note: text("自评报告摘要") });
export const spotCheckSchema = z.object({ intent: z.literal("spot-check"), year, score: scoreCenti, onDate: date("抽查日期"), note: text("偏差说明") });
export const keyEvaluationSchema = z.object({ intent: z.literal("key"), year, score: scoreCenti, onDate: date("评价日期"), findings: text("评价发现") });
export const publishSchema = z.object({ intent: z.literal("publish"), year, onDate: date("公开日期") });
export const decisionSchema = z.object({
  intent: z.literal("decide"),
  year,
  action: z.enum(["priority", "improve", "cut", "cancel", "recover"], { error: "请选择结果应用" }),
  onDate: date("决定日期"),
  basis: text("决定依据"),
});

export const PERF_KIND_LABELS: Record<string, string> = { self: "单位自评", spot_check: "财政抽查", key: "重点评价" };
export const PERF_ACTION_LABELS: Record<string, string> = {
  priority: "优先保障",
  improve: "督促改进",
  cut: "削减资金",
  cancel: "取消资金",
  recover: "收回资金",
};
