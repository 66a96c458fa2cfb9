import type { Role } from "../schema";

/** The demo password exists only in demo data; real deployments create users through the CLI and the admin page. */
export const DEMO_PASSWORD = "zjt-demo-2026";

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  /** which organisation of the demo data the user belongs to */
  org: "system" | "provinceFinance" | "provinceIndustry" | "xdtOffice" | "trustee" | "auditOffice" | "bank0" | "bank1" | "finance:520100" | "finance:520300" | "industry:520100";
  what: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: "admin", displayName: "系统管理员", role: "admin", org: "system", what: "用户与机构管理" },
  { username: "finance", displayName: "省财政厅 王会计", role: "finance", org: "provinceFinance", what: "财政（全省）" },
  { username: "finance.gy", displayName: "贵阳市财政局 李科长", role: "finance", org: "finance:520100", what: "财政（贵阳市）" },
  { username: "finance.zy", displayName: "遵义市财政局 张科长", role: "finance", org: "finance:520300", what: "财政（遵义市）" },
  { username: "industry", displayName: "省工信厅 陈处长", role: "industry", org: "provinceIndustry", what: "工信（全省）" },
  { username: "industry.gy", displayName: "贵阳市工信局 赵科长", role: "industry", org: "industry:520100", what: "工信（贵阳市）" },
  { username: "xdt", displayName: "信贷通办 刘主任", role: "industry", org: "xdtOffice", what: "信贷通办" },
  { username: "trustee", displayName: "黔晟国资 周经理", role: "trustee", org: "trustee", what: "受托管理机构" },
  { username: "bank.a", displayName: "贵州银行 吴经理", role: "bank", org: "bank0", what: "合作银行 A" },
  { username: "bank.b", displayName: "贵阳银行 郑经理", role: "bank", org: "bank1", what: "合作银行 B" },
  { username: "auditor", displayName: "省审计厅 孙审计", role: "auditor", org: "auditOffice", what: "审计（只读＋审计发现）" },
];
