import { z } from "zod";
import { adjustmentSchema } from "./funds";

/** 双监控 form schemas (server-validated; Chinese messages). Evidence files are read from the multipart body. */
export const MONITOR_PERIOD_PATTERN = /^\d{4}H[12]$/;

const dateText = (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);

export const monitorSchema = z.object({
  intent: z.literal("monitor"),
  period: z.string({ error: "请选择监控期间" }).regex(MONITOR_PERIOD_PATTERN, "请选择监控期间"),
  /** one actual value per indicator of the goal version in force, in order */
  actual: z.array(z.string().trim().max(20).optional()).optional(),
  note: z.string().trim().max(1000, "说明不能超过 1000 字").optional(),
});

export const rectifySchema = z.object({
  intent: z.literal("rectify"),
  rectificationId: z.coerce.number({ error: "缺少整改任务" }).int().positive(),
  onDate: dateText("完成日期"),
  note: z.string({ error: "请填写整改情况" }).trim().min(2, "请填写整改情况").max(1000, "整改情况不能超过 1000 字"),
});

/** An adjustment (the project page's) that also carries a new goal set; the goals change only if it is approved. */
export const goalChangeSchema = adjustmentSchema.extend({
  intent: z.literal("adjust-goals"),
  goalName: z.array(z.string().trim().max(60).optional()).optional(),
  goalUnit: z.array(z.string().trim().max(20).optional()).optional(),
  goalTarget: z.array(z.string().trim().max(20).optional()).optional(),
  goalDirection: z.array(z.enum(["higher", "lower"]).optional()).optional(),
  goalWeight: z.array(z.string().trim().max(3).optional()).optional(),
});

export const MONITOR_LIST_FLAGS = [
  ["flagged", "有偏差"],
  ["ok", "无偏差"],
  ["open", "整改未完成"],
  ["overdue", "整改已逾期"],
] as const;
