import { PARTNER_BANK_STATUS_ZH } from "../../rules/xdt/partner-statuses";
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
  file: "提交",
  admit: "同意入库",
  reject: "不予入库",
  verify: "核实",
  return: "退回",
  resubmit: "重新提交",
  plan: "报送方案",
  compile: "汇总",
  approve: "批准补偿",
  "reject-claim": "不予补偿",
  pay: "支付",
  upload: "上传",
  mark: "标记已提供",
  "report-recovery": "报告追偿",
  "return-recovery": "追偿款返还入账",
  suspend: "暂停",
  restart: "恢复",
  import: "导入",
  revoke: "撤销",
  repay: "登记还款",
  "file-report": "报送",
  "correct-report": "更正报送（新版本）",
  "report-risk": "报告风险事项",
  terminate: "不予/终止合作",
  respond: "整改回复",
  close: "关闭",
  "add-item": "加入证据",
  "remove-item": "移出证据",
  decide: "记录决定",
  // 专项资金 (issue 5)
  issue: "下达",
  "library-enter": "入库",
  "library-refuse": "不予入库",
  prereview: "形式审查通过",
  "first-review": "初审通过",
  "close-expert": "专家评审结束",
  "site-visit": "实地核查",
  rank: "排序",
  publicity: "开始公示",
  score: "专家评分",
  "objection-file": "登记异议",
  "objection-verify": "核实异议",
  "objection-uphold": "异议成立",
  "objection-reject": "异议不成立",
  allocate: "安排资金",
  adjust: "调整",
  "adjust-refused": "调整未获批准",
  accept: "验收",
  recover: "收回",
  ban: "限制申报",
  // 绩效 (issue 6)
  monitor: "双监控记录",
  raise: "发起整改",
  rectify: "整改完成",
  "revise-goals": "变更绩效目标",
  "self-evaluate": "绩效自评",
  "spot-check": "自评抽查",
  "key-evaluate": "重点评价",
  publish: "公开（公布）",
  // 基础数据
  enter: "录入",
  "re-enter": "重新录入",
  deposit: "存入存款户",
  withdraw: "从存款户支取",
  transfer: "存款户间调拨",
  apply: "登记合作申请",
  evaluate: "初步评价",
  "approve-bank": "领导小组审定",
  sign: "签署合作协议",
  list: "列入年度名单",
  activate: "开展业务",
  blacklist: "列入黑名单",
};
export const AUDIT_ENTITY_LABELS: Record<string, string> = { user: "用户", organisation: "机构", journal: "记账分录", session: "会话", "xdt-loan": "信贷通贷款", "xdt-claim": "代偿申请", "xdt-claim-material": "代偿材料", "xdt-bank": "合作银行", "xdt-recovery": "追偿", "xdt-import": "贷款清单导入", "xdt-monthly-report": "月度数据", "xdt-quarterly-report": "季度报告", "xdt-risk-event": "风险事项", "api-token": "接口令牌", "audit-finding": "审计发现", "evidence-set": "证据集", "xdt-yearly": "信贷通年度评价", "fund-program": "专项资金", "fund-budget": "预算", "fund-project": "项目", "fund-application": "项目申报", "fund-objection": "公示异议", "fund-allocation": "资金安排", "fund-payment": "资金拨付", "fund-recovery": "资金收回", "fund-ban": "申报限制", "fund-acceptance": "项目验收", "perf-monitoring": "双监控记录", "perf-goal-revision": "绩效目标版本", "perf-rectification": "偏差整改", "perf-evaluation": "绩效评价", "perf-results-decision": "结果应用决定", "calendar_year": "节假日安排", "xdt-pool-op": "资金池存取与调拨", "xdt-bank-list": "年度合作名单", "xdt-blacklist": "信贷通黑名单" };
export const XDT_POOL_OP_LABELS: Record<string, string> = { deposit: "存入", withdrawal: "支取", transfer: "调拨" };

export const XDT_ADMISSION_LABELS: Record<string, string> = { pending: "待审核", admitted: "已入库", rejected: "不予入库" };
export const XDT_CLAIM_STATUS_LABELS: Record<string, string> = {
  filed: "已提交",
  returned: "退回补充",
  verified: "受托机构已核实",
  planned: "补偿方案已报送",
  compiled: "信贷通办已汇总",
  approved: "领导小组已批准",
  rejected: "领导小组不予补偿",
  paid: "已支付",
};
export const XDT_CLAIM_STEP_LABELS: Record<string, string> = { ...XDT_CLAIM_STATUS_LABELS, filed: "银行提交申请", resubmitted: "银行补充后重新提交" };
/** XDT-BF 第十五条: the nine claim materials. */
export const XDT_MATERIAL_LABELS: Record<string, string> = {
  overdue_summary: "逾期业务基本情况",
  operations: "企业经营情况",
  financials: "财务及资产情况",
  investments: "对外投资情况",
  debts: "债权债务情况",
  tax: "税收情况",
  employment: "劳动用工情况",
  collateral: "抵质押物现状",
  collection_plan: "催收方案",
};
export const XDT_BANK_STATUS_LABELS: Record<string, string> = PARTNER_BANK_STATUS_ZH;
export const CLOCK_LABELS: Record<string, string> = { due: "未到期", overdue: "已逾期", done: "已完成" };

// 专项资金 (issue 5)
export const FUND_STATUS_LABELS: Record<string, string> = {
  pending_review: "待入库审核",
  refused: "不予入库",
  library: "已入库（未申报）",
  filed: "已申报",
  returned: "退回补正",
  prereviewed: "形式预审通过",
  first_reviewed: "初审通过（专家评审中）",
  expert_reviewed: "专家评审完成",
  site_visited: "实地核查完成",
  ranked: "已排序",
  decided: "集体决策通过",
  publicity: "公示中",
  approved: "公示期满，计划已下达",
  allocated: "已安排资金",
  rejected: "不予支持",
  objection_upheld: "异议成立，取消支持",
};
export const FUND_SUPPORT_MODE_LABELS: Record<string, string> = { direct_subsidy: "直接补助", interest_subsidy: "融资贴息", award_in_lieu: "以奖代补", government_purchase: "政府购买服务" };
export const FUND_FILING_LEVEL_LABELS: Record<string, string> = { county: "县级申报", prefecture: "市级申报", province: "省级申报" };
export const FUND_OBJECTION_LABELS: Record<string, string> = { filed: "已受理", verified: "已核实", upheld: "异议成立", rejected: "异议不成立" };
export const FUND_PAYMENT_KIND_LABELS: Record<string, string> = { prepayment: "预拨", progress: "按进度拨付", final: "清算拨付" };
export const FUND_RECOVERY_LABELS: Record<string, string> = { carry_over: "结转两年收回", sanction: "违规追回", adjustment_refused: "调整未获批准收回", acceptance_failed: "验收不通过收回" };
export const FUND_ALLOCATION_STATUS_LABELS: Record<string, string> = { active: "执行中", completed: "已完成", recovered: "已收回" };
export const FUND_STEP_LABELS: Record<string, string> = { ...FUND_STATUS_LABELS, filed: "申报" };

/** The two special funds, for filter menus. */
export const FUND_PROGRAM_OPTIONS = [
  ["GXZJ", "工信发展专项资金"],
  ["ZXZJ", "中小企业发展专项资金"],
] as const;
