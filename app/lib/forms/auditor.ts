import { z } from "zod";
import { AUDIT_FINDING_SEVERITIES, AUDIT_RECORD_KINDS, EVIDENCE_ITEM_KINDS, XDT_YEARLY_DECISIONS } from "../audit-work";

/** Client-safe labels and form schemas of the auditor's workspace and the 信贷通 yearly evaluation (issue 6). */
export const RECORD_KIND_LABELS: Record<(typeof EVIDENCE_ITEM_KINDS)[number], string> = {
  project: "专项资金项目",
  claim: "代偿申请",
  loan: "信贷通贷款",
  fund_payment: "专项资金拨付",
  journal: "记账分录",
  bank: "合作银行",
  enterprise: "企业",
  claim_material: "代偿材料（文件）",
  fund_documents: "专项资金申报材料清单",
  audit_entry: "审计日志记录",
};
export const SEVERITY_LABELS: Record<(typeof AUDIT_FINDING_SEVERITIES)[number], string> = { high: "重大", medium: "一般", low: "轻微" };
export const FINDING_STATUS_LABELS: Record<string, string> = { open: "待整改回复", responded: "已回复", closed: "已关闭" };
export const YEARLY_DECISION_LABELS: Record<(typeof XDT_YEARLY_DECISIONS)[number], string> = { continue: "继续合作", change: "调整合作（暂停新增，限期整改）", terminate: "终止合作" };

const text = (label: string, min: number, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(min, `请填写${label}`).max(max, `${label}不超过 ${max} 字`);
const idText = z.coerce.number({ error: "请输入记录编号" }).int("记录编号应为整数").positive("记录编号应为正整数");

export const findingFieldsSchema = z.object({
  severity: z.enum(AUDIT_FINDING_SEVERITIES, { error: "请选择严重程度" }),
  title: text("标题", 2, 200),
  description: text("问题描述", 2, 4000),
  recommendation: text("审计建议", 2, 2000),
});

export const findingCreateSchema = findingFieldsSchema.extend({
  recordKind: z.enum(AUDIT_RECORD_KINDS, { error: "请选择记录类型" }),
  recordId: idText,
});

export const findingStepSchema = z.discriminatedUnion("intent", [
  findingFieldsSchema.extend({ intent: z.literal("edit") }),
  z.object({ intent: z.literal("respond"), response: text("整改回复", 2, 4000) }),
  z.object({ intent: z.literal("close"), closingNote: text("关闭说明", 2, 2000) }),
]);

export const evidenceSetCreateSchema = z.object({
  name: text("证据集名称", 2, 200),
  purpose: z.string().trim().max(1000, "用途不超过 1000 字").optional(),
});

export const evidenceItemSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), kind: z.enum(EVIDENCE_ITEM_KINDS, { error: "请选择类型" }), refId: idText, note: z.string().trim().max(500).optional() }),
  z.object({ intent: z.literal("remove"), itemId: idText }),
]);

export const yearlyDecisionSchema = z.object({
  year: z.coerce.number({ error: "请选择年度" }).int().min(2021).max(2100),
  bankOrgId: idText,
  decision: z.enum(XDT_YEARLY_DECISIONS, { error: "请选择决定" }),
  basis: text("依据", 2, 1000),
  meetingDate: z.string({ error: "请输入会议日期" }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, "会议日期应为 YYYY-MM-DD"),
  decisionRef: z.string().trim().max(100, "文号不超过 100 字").optional(),
});
