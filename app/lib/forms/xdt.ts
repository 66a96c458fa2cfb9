import { z } from "zod";
import { dateField, yuanField } from "./fields";

/** 信贷通 form schemas for the pool operations, the partner-bank lifecycle and the blacklist (server-validated). */
const yuan = (label: string) => yuanField(label);
const date = dateField;
const text = (label: string, max = 500) => z.string({ error: `请填写${label}` }).trim().min(2, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
// organisation ids are 32-bit: a larger number names nothing (and must not reach the database)
const id = (label: string) => z.coerce.number({ error: `请选择${label}` }).int(`请选择${label}`).positive(`请选择${label}`).max(2_147_483_647, `请选择${label}`);

/** One id per form as rendered: a double click, a second tab or a retry of the same form posts once. */
const requestId = z.string({ error: "页面已过期，请刷新后再提交" }).regex(/^[0-9a-f-]{36}$/, "页面已过期，请刷新后再提交");

const poolOpCommon = {
  requestId,
  amount: yuan("金额"),
  valueDate: date("记账日期"),
  reference: text("银行回单号或凭证号", 100),
  reason: text("事由", 500),
};

export const poolOperationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deposit"), toBank: id("存入的合作银行"), ...poolOpCommon }),
  z.object({ intent: z.literal("withdrawal"), fromBank: id("支取的合作银行"), ...poolOpCommon }),
  z.object({ intent: z.literal("transfer"), fromBank: id("调出的合作银行"), toBank: id("调入的合作银行"), ...poolOpCommon }),
]);
export type PoolOperationInput = z.infer<typeof poolOperationSchema>;

const stepCommon = {
  basis: text("依据", 500),
  decisionRef: text("决定文号", 100),
  decisionDate: date("决定日期"),
};

/** Steps of the lifecycle recorded on the bank's page (suspend/restart have their own forms). */
export const partnerStepSchema = z.object({ intent: z.enum(["evaluate", "approve", "sign", "activate", "terminate"]), ...stepCommon });

export const bankApplicationSchema = z.object({ intent: z.literal("apply"), bankOrgId: id("申请的银行"), ...stepCommon });

export const publishListSchema = z.object({
  intent: z.literal("publish"),
  year: z.coerce.number({ error: "请输入年度" }).int("请输入年度").min(2022, "年度不早于 2022").max(2100, "年度无效"),
  publishedOn: date("公布日期"),
  documentRef: text("公布文号或网址", 200),
  bankOrgId: z.array(z.coerce.number().int().positive().max(2_147_483_647, "请选择合作银行"), { error: "请至少选择一家合作银行" }).min(1, "请至少选择一家合作银行"),
});

export const blacklistSchema = z.object({
  creditCode: z.string({ error: "请输入企业统一社会信用代码" }).trim().length(18, "统一社会信用代码为 18 位"),
  reason: text("列入原因", 500),
  decisionRef: text("协调领导小组决定文号", 100),
  decisionDate: date("决定日期"),
});
