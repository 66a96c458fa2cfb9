import type { Permission } from "./permissions";

/** Navigation by role: an item shows when the user holds its permission (the server checks again on every route). */
export const NAV: { group: string; items: { to: string; label: string; permission: Permission }[] }[] = [
  {
    group: "工作台",
    items: [
      { to: "/", label: "首页", permission: "read:home" },
      { to: "/todo", label: "待办", permission: "read:home" },
      // each 信贷通 role's own workspace first (finance: the pool and contributions)
      { to: "/xdt/workspace", label: "银行工作台", permission: "read:xdt-workspace" },
      { to: "/xdt/queues", label: "受托管理队列", permission: "read:xdt-queues" },
      { to: "/xdt/office", label: "信贷通办与领导小组", permission: "read:xdt-office" },
    ],
  },
  {
    group: "信贷通",
    items: [
      { to: "/pool", label: "资金池与出资", permission: "read:pool" },
      { to: "/ledger", label: "账户与分录", permission: "read:ledger" },
      { to: "/xdt/pool-ops", label: "资金池存取与调拨", permission: "read:pool" },
      { to: "/xdt/loans", label: "信贷通贷款", permission: "read:xdt" },
      { to: "/xdt/admissions", label: "入库审核队列", permission: "decide:xdt-admission" },
      { to: "/xdt/imports", label: "贷款清单导入", permission: "file:xdt-loan" },
      { to: "/xdt/claims", label: "代偿申请", permission: "read:xdt" },
      { to: "/xdt/recoveries", label: "追偿返还", permission: "read:xdt" },
      { to: "/xdt/reports", label: "报送（月报·季报·风险事项）", permission: "read:xdt" },
      { to: "/xdt/banks", label: "合作银行与不良率", permission: "read:xdt" },
      { to: "/xdt/partners", label: "合作银行准入与年度名单", permission: "read:xdt" },
      { to: "/xdt/blacklist", label: "信贷通黑名单", permission: "read:xdt-blacklist" },
      { to: "/xdt/charts", label: "信贷通图表", permission: "read:xdt" },
      { to: "/xdt/yearly", label: "年度评价", permission: "read:xdt" },
      { to: "/xdt/api", label: "银行接口说明", permission: "read:xdt" },
      { to: "/disclosure/xdt-banks", label: "合作银行名单（公众）", permission: "read:xdt" },
    ],
  },
  {
    group: "专项资金",
    items: [
      { to: "/funds", label: "资金概况与进度", permission: "read:funds" },
      { to: "/funds/guides", label: "申报指南", permission: "read:funds" },
      { to: "/funds/projects", label: "项目库与申报", permission: "read:funds" },
      { to: "/funds/budgets", label: "预算与下达", permission: "read:funds" },
      { to: "/funds/subsidy", label: "融资贴息计算", permission: "read:funds" },
      { to: "/funds/carry-over", label: "结转结余与收回", permission: "read:funds" },
      { to: "/perf/monitoring", label: "绩效双监控", permission: "read:funds" },
      { to: "/perf/monitoring/chart", label: "双监控图表", permission: "read:funds" },
      { to: "/disclosure/funds", label: "信息公开（公众）", permission: "read:funds" },
    ],
  },
  {
    group: "绩效管理",
    items: [
      { to: "/perf/evaluations", label: "绩效评价", permission: "read:funds" },
      { to: "/perf/scorecard", label: "地区绩效记分卡", permission: "read:funds" },
      { to: "/perf/charts", label: "绩效图表", permission: "read:funds" },
    ],
  },
  { group: "基础数据", items: [{ to: "/enterprises", label: "企业库", permission: "read:enterprise" }] },
  {
    group: "审计",
    items: [
      { to: "/auditor", label: "审计工作台", permission: "record:audit-finding" },
      { to: "/auditor/findings", label: "审计发现", permission: "read:audit-finding" },
      { to: "/audit", label: "审计日志", permission: "read:audit-log" },
    ],
  },
  {
    group: "系统管理",
    items: [
      { to: "/admin/users", label: "用户管理", permission: "manage:user" },
      { to: "/admin/orgs", label: "机构管理", permission: "manage:organisation" },
      { to: "/funds/programs", label: "专项资金设置", permission: "manage:funds-program" },
      { to: "/admin/calendar", label: "节假日与工作日", permission: "manage:calendar" },
    ],
  },
  {
    group: "个人",
    items: [
      { to: "/account/password", label: "修改密码", permission: "change:own-password" },
      { to: "/account/tokens", label: "接口令牌", permission: "manage:own-api-token" },
    ],
  },
];
