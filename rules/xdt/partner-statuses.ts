/** The partner-bank statuses and their Chinese names (no citations here: the browser bundle imports this file). */
export const PARTNER_BANK_STATUSES = ["applied", "evaluated", "approved", "agreement_signed", "listed", "active", "suspended", "terminated"] as const;
export type PartnerBankStatus = (typeof PARTNER_BANK_STATUSES)[number];

export const PARTNER_BANK_STATUS_ZH: Record<PartnerBankStatus, string> = {
  applied: "已申请",
  evaluated: "已评估",
  approved: "领导小组已审定",
  agreement_signed: "已签订协议",
  listed: "列入年度名单",
  active: "合作中",
  suspended: "暂停新增",
  terminated: "终止合作",
};
