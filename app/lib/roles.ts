/** Roles and organisation kinds (PRODUCT.md "Who uses it"). Client-safe: the UI shows them. */
export const ROLES = ["finance", "industry", "trustee", "bank", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  finance: "财政",
  industry: "工信",
  trustee: "受托管理机构",
  bank: "合作银行",
  auditor: "审计",
  admin: "系统管理员",
};

export const ORG_KINDS = ["finance", "industry", "xdt_office", "trustee", "bank", "audit", "system"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  finance: "财政部门",
  industry: "工信部门",
  xdt_office: "信贷通办",
  trustee: "受托管理机构",
  bank: "合作金融机构",
  audit: "审计/第三方机构",
  system: "系统管理",
};

/** Which roles a user of an organisation kind may hold: a bank's users are bank users, and so on. */
export const ROLES_BY_ORG_KIND: Record<OrgKind, Role[]> = {
  finance: ["finance"],
  industry: ["industry"],
  xdt_office: ["industry"],
  trustee: ["trustee"],
  bank: ["bank"],
  audit: ["auditor"],
  system: ["admin"],
};
