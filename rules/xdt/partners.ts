/**
 * The partner-bank lifecycle (XDT-BF 第五条 seed L20780-20788; XDT-TZ22 一（一） L21168-21176; XDT-BF 第十四条,
 * 第二十一条, 第二十四条): "在本省设立网点的银行金融机构……可自愿向中小企业信贷通办申请作为合作金融机构。中小企业
 * 信贷通办……进行初步评价，报协调领导小组审定。按程序由受托管理机构与其签署合作协议。"
 * Which step may follow which, who takes it, and what it must carry (basis, decision reference, date).
 */
import { CITES, type Citation } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { PARTNER_BANK_STATUS_ZH, type PartnerBankStatus } from "./partner-statuses";

export { PARTNER_BANK_STATUSES, PARTNER_BANK_STATUS_ZH, type PartnerBankStatus } from "./partner-statuses";

export type PartnerBankStep = "apply" | "evaluate" | "approve" | "sign" | "list" | "activate" | "suspend" | "restart" | "terminate";

export interface PartnerBankStepInfo {
  from: readonly (PartnerBankStatus | null)[];
  to: PartnerBankStatus;
  /** Chinese name of the step */
  name: string;
  /** who takes it */
  actor: string;
  /** what the decision reference is called on the form */
  refLabel: string;
  cites: readonly Citation[];
}

export const PARTNER_BANK_STEPS: Record<PartnerBankStep, PartnerBankStepInfo> = {
  apply: { from: [null], to: "applied", name: "申请合作", actor: "银行金融机构（向信贷通办申请）", refLabel: "申请函文号", cites: [CITES.XDT_BF_ART5] },
  evaluate: { from: ["applied"], to: "evaluated", name: "信贷通办初步评价", actor: "信贷通办", refLabel: "评价意见文号", cites: [CITES.XDT_BF_ART5] },
  approve: { from: ["evaluated"], to: "approved", name: "协调领导小组审定", actor: "协调领导小组（信贷通办记录）", refLabel: "会议纪要编号", cites: [CITES.XDT_BF_ART5] },
  sign: { from: ["approved"], to: "agreement_signed", name: "签署合作协议", actor: "受托管理机构", refLabel: "合作协议编号", cites: [CITES.XDT_BF_ART5] },
  list: { from: ["agreement_signed"], to: "listed", name: "列入年度合作名单", actor: "信贷通办（公布名单）", refLabel: "名单公布文号", cites: [CITES.XDT_TZ22_LIST] },
  activate: { from: ["listed"], to: "active", name: "开展业务", actor: "信贷通办", refLabel: "通知文号", cites: [CITES.XDT_BF_ART5, CITES.XDT_TZ22_LIST] },
  suspend: { from: ["active"], to: "suspended", name: "暂停合作", actor: "信贷通办", refLabel: "决定文号", cites: [CITES.XDT_BF_ART14, CITES.XDT_BF_ART21] },
  restart: { from: ["suspended"], to: "active", name: "恢复新增投放", actor: "协调领导小组（信贷通办记录）", refLabel: "会议纪要编号", cites: [CITES.XDT_BF_ART21] },
  terminate: {
    from: ["applied", "evaluated", "approved", "agreement_signed", "listed", "active", "suspended"],
    to: "terminated",
    name: "不予合作或终止合作",
    actor: "协调领导小组（信贷通办记录）",
    refLabel: "决定文号",
    cites: [CITES.XDT_BF_ART5, CITES.XDT_BF_ART24],
  },
};

/** The steps that may follow a status (what the page offers). */
export function nextPartnerBankSteps(from: PartnerBankStatus | null): PartnerBankStep[] {
  return (Object.keys(PARTNER_BANK_STEPS) as PartnerBankStep[]).filter((s) => PARTNER_BANK_STEPS[s].from.includes(from));
}

export interface PartnerBankTransitionInput {
  from: PartnerBankStatus | null;
  step: PartnerBankStep;
  basis: string;
  decisionRef: string;
  decisionDate: LegalDate;
  /** the legal date of the request: a decision is not dated in the future */
  asOf: LegalDate;
  /** the date of the bank's previous status change: a step is not dated before it */
  previousDate?: LegalDate | null;
}

/**
 * Whether `step` may be taken from `from`: only the legal next steps, each with its basis, decision reference and
 * decision date (not in the future, not before the previous step).
 */
export function partnerBankTransition(input: PartnerBankTransitionInput): Verdict<{ to: PartnerBankStatus; allowed: boolean }> {
  const info = PARTNER_BANK_STEPS[input.step];
  const findings: Finding[] = [];
  if (!info.from.includes(input.from)) {
    const legal = nextPartnerBankSteps(input.from).map((s) => `“${PARTNER_BANK_STEPS[s].name}”`);
    const now = input.from === null ? "尚未申请" : `当前状态为“${PARTNER_BANK_STATUS_ZH[input.from]}”`;
    findings.push({ code: "PARTNER_ILLEGAL_STEP", severity: "block", message: `${now}，不能“${info.name}”${legal.length ? `；下一步只能是${legal.join("或")}` : "；已终止合作，不能再变更"}`, cites: info.cites });
  }
  if (input.basis.trim().length < 2) findings.push({ code: "PARTNER_NO_BASIS", severity: "block", message: `“${info.name}”须写明依据` });
  if (input.decisionRef.trim().length < 2) findings.push({ code: "PARTNER_NO_DECISION", severity: "block", message: `“${info.name}”须填写${info.refLabel}` });
  if (input.decisionDate > input.asOf) findings.push({ code: "PARTNER_FUTURE_DATE", severity: "block", message: "决定日期不能晚于今天" });
  if (input.previousDate && input.decisionDate < input.previousDate) findings.push({ code: "PARTNER_DATE_ORDER", severity: "block", message: `决定日期不能早于上一步（${input.previousDate}）` });
  const allowed = !findings.some((f) => f.severity === "block");
  return makeVerdict("partnerBankTransition", { to: info.to, allowed }, findings, info.cites);
}
