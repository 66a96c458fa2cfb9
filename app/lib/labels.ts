/** Chinese labels for stored codes (client-safe). */
export const SIZE_LABELS: Record<string, string> = { micro: "微型", small: "小型", medium: "中型", large: "大型" };
export const SRDI_LABELS: Record<string, string> = { innovative: "创新型中小企业", srdi: "专精特新中小企业", little_giant: "专精特新“小巨人”" };
export const ACCOUNT_KIND_LABELS: Record<string, string> = { asset: "资产", liability: "负债", equity: "权益（出资）", income: "收入", expense: "支出" };
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: "新增",
  update: "修改",
  post: "记账",
  reverse: "冲销",
  login: "登录",
  logout: "退出",
  "change-password": "修改密码",
  "reset-password": "重置密码",
  "revoke-sessions": "强制下线",
};
export const AUDIT_ENTITY_LABELS: Record<string, string> = { user: "用户", organisation: "机构", journal: "记账分录", session: "会话" };
