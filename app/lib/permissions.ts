import type { Role } from "./roles";

/**
 * Typed permissions "<action>:<entity>" (README Decision 5). Which records a permission reaches is the
 * user's Scope, applied in SQL by app/server/scope.server.ts.
 */
export const PERMISSIONS = [
  "read:home",
  "read:pool",
  "read:ledger",
  "read:enterprise",
  // the enterprise and project-unit register: officers register and correct enterprises of their region (a bank
  // registers a borrower only with a loan filing: file:xdt-loan)
  "register:enterprise",
  "read:audit-log",
  "manage:user",
  "manage:organisation",
  "change:own-password",
  // 信贷通 (issue 4); which banks' records a user reaches is its Scope (a bank: its own only)
  "read:xdt",
  "file:xdt-loan",
  "decide:xdt-admission",
  "file:xdt-claim",
  "verify:xdt-claim",
  "compile:xdt-claim",
  "pay:xdt-claim",
  "file:xdt-recovery",
  "return:xdt-recovery",
  "decide:xdt-bank-status",
  "manage:own-api-token",
  // the per-role 信贷通 workspaces (issue 4 §9): the bank's, the trustee's queues, the office's view; auditors read all three
  "read:xdt-workspace",
  "read:xdt-queues",
  "read:xdt-office",
  /** monthly data, quarterly report, risk events (RULES.md §1 "Reporting duties of banks") */
  "file:xdt-report",
  // the trustee's deposits, withdrawals and transfers between the pool's accounts (XDT-BF 第三条: 专户管理)
  "manage:xdt-pool",
  // the trustee signs the partner agreement (XDT-BF 第五条)
  "sign:xdt-agreement",
  // the blacklist names enterprises and their shareholders (identity numbers): officers, trustee, auditors only
  "read:xdt-blacklist",
  "manage:xdt-blacklist",
  // 专项资金 (issue 5); which projects a user reaches is its region Scope (province: all)
  "read:funds",
  "edit:funds-project",
  "review:funds",
  "allocate:funds",
  "adjust:funds",
  "accept:funds",
  "pay:funds",
  "recover:funds",
  "manage:funds-program",
  // D-11: entering each new year's State Council holiday notice
  "manage:calendar",
  // 绩效 双监控 (issue 6): recording monitoring and rectification, in the user's region Scope
  "monitor:funds",
  // 绩效评价 (issue 6): reading is read:funds; the key evaluation is the auditor's one write here
  "evaluate:perf-self",
  "spot-check:perf",
  "record:perf-key-evaluation",
  "publish:perf-evaluation",
  "decide:perf-results",
  // the auditor's workspace (issue 6): findings reach what the reader's scope reaches; auditors write only these
  "read:audit-finding",
  "record:audit-finding",
  "respond:audit-finding",
  "manage:evidence-set",
  "edit:funds-guide",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // finance reads 信贷通 (the province all of it, a 市州 its borrowers' loans and every bank-level figure: Decision 23), writes none of it
  finance: ["read:home", "read:pool", "read:ledger", "read:enterprise", "register:enterprise", "change:own-password", "read:xdt", "read:xdt-workspace", "read:xdt-queues", "read:xdt-office", "read:xdt-blacklist", "read:funds", "pay:funds", "recover:funds", "monitor:funds", "evaluate:perf-self", "spot-check:perf", "record:perf-key-evaluation", "publish:perf-evaluation", "decide:perf-results", "read:audit-finding", "respond:audit-finding"],
  // 省工信厅 and its 信贷通办: bank admission, claim compilation, recording the leading group's decisions
  industry: ["read:home", "read:pool", "read:enterprise", "register:enterprise", "change:own-password", "read:xdt", "compile:xdt-claim", "decide:xdt-bank-status", "read:funds", "edit:funds-project", "review:funds", "allocate:funds", "adjust:funds", "accept:funds", "monitor:funds", "evaluate:perf-self", "decide:perf-results", "read:xdt-office", "read:audit-finding", "respond:audit-finding", "edit:funds-guide", "read:xdt-blacklist", "manage:xdt-blacklist"],
  // 黔晟国资: loan admission, claim verification and plans, payments
  trustee: ["read:home", "read:pool", "read:ledger", "read:enterprise", "change:own-password", "read:xdt", "decide:xdt-admission", "verify:xdt-claim", "pay:xdt-claim", "return:xdt-recovery", "read:xdt-queues", "read:audit-finding", "respond:audit-finding", "manage:xdt-pool", "sign:xdt-agreement", "read:xdt-blacklist"],
  bank: ["read:home", "read:enterprise", "read:pool", "read:ledger", "change:own-password", "read:xdt", "file:xdt-loan", "file:xdt-claim", "file:xdt-recovery", "manage:own-api-token", "read:xdt-workspace", "file:xdt-report", "read:audit-finding", "respond:audit-finding"],
  auditor: ["read:home", "read:pool", "read:ledger", "read:enterprise", "read:audit-log", "change:own-password", "read:xdt", "read:funds", "record:perf-key-evaluation", "read:xdt-workspace", "read:xdt-queues", "read:xdt-office", "read:audit-finding", "record:audit-finding", "manage:evidence-set", "read:xdt-blacklist"],
  admin: ["read:home", "manage:user", "manage:organisation", "change:own-password", "manage:funds-program", "manage:calendar"],
};

/** Which records a user reaches: all, one region (with its counties), one bank, or no business records. */
export type Scope =
  | { kind: "all" }
  | { kind: "region"; regionCode: string }
  | { kind: "bank"; bankOrgId: number }
  | { kind: "none" };

export function can(user: { role: Role }, permission: Permission): boolean {
  return ROLE_PERMISSIONS[user.role].includes(permission);
}

export const PROVINCE_CODE = "520000";

export function scopeFor(user: { role: Role; orgId: number; regionCode: string }): Scope {
  switch (user.role) {
    case "bank":
      return { kind: "bank", bankOrgId: user.orgId };
    case "finance":
    case "industry":
      return user.regionCode === PROVINCE_CODE ? { kind: "all" } : { kind: "region", regionCode: user.regionCode };
    case "trustee":
    case "auditor":
      return { kind: "all" };
    case "admin":
      return { kind: "none" };
  }
}
