import { ACCOUNT_KIND_LABELS, AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, SIZE_LABELS, SRDI_LABELS } from "~/lib/labels";
import { formatTimestamp } from "~/lib/dates";
import type { Permission } from "~/lib/permissions";
import { ORG_KIND_LABELS, ROLE_LABELS } from "~/lib/roles";
import { AUDIT_SORTS, listAuditLog, parseAuditFilters } from "./audit-log.server";
import type { CurrentUser } from "./auth.server";
import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import type { Tx } from "./db.server";
import { ENTERPRISE_SORTS, listEnterprises, parseEnterpriseFilters } from "./enterprises.server";
import { streamedExportResponse, type ExportColumn } from "./export.server";
import { found, int32Id } from "./http.server";
import { ACCOUNT_SORTS, getAccount, ledgerReach, listAccounts } from "./ledger-view.server";
import { EXPORT_BATCH, EXPORT_LIMIT, EXPORT_STREAM_LIMIT, exportBatchOf, exportBatchUrl, parseListParams } from "./list.server";
import { ORG_SORTS, listOrganisations } from "./organisations.server";
import { contributions } from "./pool.server";
import { USER_SORTS, listUsers } from "./users.server";
import { LOAN_SORTS, listLoans, parseLoanFilters } from "./xdt/loans.server";
import { CLAIM_SORTS, listClaims, parseClaimFilters } from "./xdt/claims.server";
import { xdtToday } from "./xdt/reference.server";
import { PROJECT_SORTS, fundsToday, listProjects, parseProjectFilters, regionOptions } from "./funds/projects.server";
import { carryOver, monthlySeries } from "./funds/overview.server";
import { listBudgets } from "./funds/budgets.server";
import { FUND_STATUS_LABELS } from "~/lib/labels";
import { RECOVERY_SORTS, listRecoveries, parseRecoveryFilters } from "./xdt/recoveries.server";
import { claimsByStage, lendingByMonth, poolSeries } from "./xdt/charts.server";
import { XDT_ADMISSION_LABELS, XDT_CLAIM_STATUS_LABELS } from "~/lib/labels";
import { formatBp } from "~/lib/money";
import { MONITORING_SORTS, listMonitoring, monitoringChart, parseMonitoringFilters } from "./perf/monitoring.server";
import { EVALUATION_SORTS, listEvaluations, parseEvaluationFilters } from "./perf/evaluations.server";
import { gradeDistribution, parseScorecardYear, regionScorecard } from "./perf/scorecard.server";
import { CLOCK_LABELS } from "~/lib/labels";
import { OFFICE_QUEUES, TRUSTEE_QUEUES, exportQueue } from "./xdt/workspaces.server";
import { MONTHLY_SORTS, QUARTERLY_SORTS, RISK_SORTS, listMonthlyReports, listQuarterlyReports, listRiskEvents, parseReportFilters } from "./xdt/reports.server";
import { FINDING_STATUS_LABELS, RECORD_KIND_LABELS, SEVERITY_LABELS, YEARLY_DECISION_LABELS } from "~/lib/forms/auditor";
import { FINDING_SORTS, listFindings, parseFindingFilters } from "./auditor/findings.server";
import { bankEvaluations, chosenYear, poolYears } from "./xdt/yearly.server";
import { POOL_OP_SORTS, listPoolOperations, parsePoolOpFilters } from "./xdt/pool-ops.server";
import { BLACKLIST_SORTS, listBlacklist, parseBlacklistFilters } from "./xdt/blacklist.server";
import { XDT_POOL_OP_LABELS } from "~/lib/labels";

interface ExportTable {
  permission: Permission;
  title: string;
  /** a list read in batches (parseListParams with `exporting`, or exportBatchOf): streamed, up to EXPORT_STREAM_LIMIT rows */
  paged?: true;
  /** the same scoped query as the page, with the page's filters: every row, or one batch of a paged list */
  load(tx: Tx, user: CurrentUser, url: URL): Promise<{ title?: string; columns: ExportColumn<never>[]; rows: never[] }>;
}

function table<T>(columns: ExportColumn<T>[], rows: T[], title?: string) {
  return { columns: columns as ExportColumn<never>[], rows: rows as never[], title };
}

/** A work queue's export (xdt-queue-<key>): every row of the queue in its order, the same scoped query as the page. */
function queueExports(queues: Record<string, { title: string; amountHeader: string }>, permission: Permission): Record<string, ExportTable> {
  return Object.fromEntries(
    Object.entries(queues).map(([key, q]) => [
      `xdt-queue-${key}`,
      {
        permission,
        title: q.title,
        async load(tx: Tx, user: CurrentUser) {
          const { rows } = await exportQueue(tx, user.scope, key, xdtToday());
          return table([
            { header: "时限", value: (r) => r.due },
            { header: "时限状态", value: (r) => (r.clock ? CLOCK_LABELS[r.clock] : null) },
            { header: "事项", value: (r) => r.ref },
            { header: "合作银行", value: (r) => r.bank },
            { header: "借款企业", value: (r) => r.enterprise },
            { header: q.amountHeader, value: (r) => r.amountFen, fen: true },
          ], rows);
        },
      } satisfies ExportTable,
    ]),
  );
}

/** Every list's export (/export/:table?…&format=xlsx|csv), checked by its permission and scoped like its page. */
export const EXPORT_TABLES: Record<string, ExportTable> = {
  // 绩效评价 (issue 6)
  "perf-evaluations": {
    permission: "read:funds",
    paged: true,
    title: "绩效评价",
    async load(tx, user, url) {
      const { rows } = await listEvaluations(tx, user.scope, parseListParams(url, EVALUATION_SORTS, "evaluatedOn", "desc", true), parseEvaluationFilters(url));
      return table([
        { header: "项目", value: (r) => r.project },
        { header: "项目单位", value: (r) => r.unit },
        { header: "地区", value: (r) => r.region },
        { header: "资金", value: (r) => r.program },
        { header: "年度", value: (r) => r.year },
        { header: "类型", value: (r) => r.kindLabel },
        { header: "评分", value: (r) => (r.scoreCenti / 100).toFixed(2) },
        { header: "等级", value: (r) => r.grade },
        { header: "日期", value: (r) => r.evaluatedOn },
        { header: "评价人", value: (r) => r.byName },
        { header: "公开日期", value: (r) => r.publishedOn },
      ], rows);
    },
  },
  "perf-scorecard": {
    permission: "read:funds",
    title: "地区绩效记分卡",
    async load(tx, user, url) {
      const today = fundsToday();
      const year = parseScorecardYear(url, today);
      return table([
        { header: "市州", value: (r) => r.name },
        { header: "下达（元）", value: (r) => r.issuedFen, fen: true },
        { header: "已拨付（元）", value: (r) => r.paidFen, fen: true },
        { header: "拨付进度", value: (r) => (r.disbursementBp === null ? null : formatBp(r.disbursementBp)) },
        { header: "时间进度", value: (r) => formatBp(r.timeElapsedBp) },
        { header: "重点评价项目数", value: (r) => r.keyCount },
        { header: "平均分", value: (r) => r.meanScore },
        { header: "等级", value: (r) => r.meanGrade },
        { header: "监督检查问题", value: (r) => r.findings },
        { header: "第三十条提示", value: (r) => (r.flagged ? r.reasons.join("；") : "否") },
      ], await regionScorecard(tx, user.scope, year, today), `地区绩效记分卡（${year}年度）`);
    },
  },
  ...Object.fromEntries(
    (["region", "program"] as const).map((by) => [
      `perf-grades-${by}`,
      {
        permission: "read:funds",
        title: by === "region" ? "重点评价等级分布（按市州）" : "重点评价等级分布（按专项资金）",
        async load(tx: Tx, user: CurrentUser) {
          return table([
            { header: by === "region" ? "市州" : "专项资金", value: (r) => r.label },
            { header: "优", value: (r) => r.优 },
            { header: "良", value: (r) => r.良 },
            { header: "中", value: (r) => r.中 },
            { header: "差", value: (r) => r.差 },
            { header: "合计", value: (r) => r.total },
          ], await gradeDistribution(tx, user.scope, by));
        },
      } satisfies ExportTable,
    ]),
  ),
  ...queueExports(TRUSTEE_QUEUES, "read:xdt-queues"),
  ...queueExports(OFFICE_QUEUES, "read:xdt-office"),
  // issue 6: findings (scoped like their records), the 信贷通 yearly evaluation
  "audit-findings": {
    permission: "read:audit-finding",
    paged: true,
    title: "审计发现",
    async load(tx, user, url) {
      const { rows } = await listFindings(tx, user, parseListParams(url, FINDING_SORTS, "created", "desc", true), parseFindingFilters(url));
      return table([
        { header: "编号", value: (r) => r.id },
        { header: "标题", value: (r) => r.title },
        { header: "严重程度", value: (r) => SEVERITY_LABELS[r.severity] },
        { header: "记录类型", value: (r) => RECORD_KIND_LABELS[r.recordKind] },
        { header: "关联记录", value: (r) => r.record.label },
        { header: "状态", value: (r) => FINDING_STATUS_LABELS[r.status] },
        { header: "问题描述", value: (r) => r.description },
        { header: "审计建议", value: (r) => r.recommendation },
        { header: "记录人", value: (r) => r.createdByName },
        { header: "记录时间", value: (r) => formatTimestamp(r.createdAt) },
        { header: "整改回复", value: (r) => r.response },
        { header: "回复人", value: (r) => r.respondedByName },
        { header: "关闭说明", value: (r) => r.closingNote },
      ], rows);
    },
  },
  "xdt-yearly-pool": {
    permission: "read:xdt",
    title: "信贷通资金池年度绩效",
    async load(tx) {
      return table([
        { header: "年度", value: (r) => (r.complete ? r.year : `${r.year}（截至今日）`) },
        { header: "当年投放（元）", value: (r) => r.lendingFen, fen: true },
        { header: "入库贷款（笔）", value: (r) => r.loans },
        { header: "支持企业（户）", value: (r) => r.smes },
        { header: "资金池到位（元）", value: (r) => r.contributedFen, fen: true },
        { header: "每元资金池撬动贷款（元）", value: (r) => r.leverageBp / 10_000 },
        { header: "当年补偿（元）", value: (r) => r.compensationFen, fen: true },
        { header: "当年追偿返还（元）", value: (r) => r.recoveriesFen, fen: true },
        { header: "当年净损失（元）", value: (r) => r.netLossFen, fen: true },
        { header: "补偿占当年投放", value: (r) => formatBp(r.compensationRateBp) },
        { header: "追偿占当年补偿", value: (r) => formatBp(r.recoveryRateBp) },
        { header: "年末不良率（叫停口径）", value: (r) => formatBp(r.cumulativeRatioBp) },
      ], await poolYears(tx, xdtToday()));
    },
  },
  "xdt-yearly-banks": {
    permission: "read:xdt",
    title: "合作银行年度考核",
    async load(tx, user, url) {
      const today = xdtToday();
      const year = chosenYear(url, today);
      return table([
        { header: "年度", value: () => year },
        { header: "合作银行", value: (r) => r.name },
        { header: "当年投放（元）", value: (r) => r.lendingFen, fen: true },
        { header: "上年投放（元）", value: (r) => r.priorLendingFen, fen: true },
        { header: "增长", value: (r) => (r.growthBp === null ? null : formatBp(r.growthBp)) },
        { header: "支持户数", value: (r) => r.smes },
        { header: "上年户数", value: (r) => r.priorSmes },
        { header: "考核结论", value: (r) => (r.passed ? "达标" : "未达标") },
        { header: "12月末余额（元）", value: (r) => r.december?.balanceFen ?? null, fen: true },
        { header: "12月末累计投放（元）", value: (r) => r.december?.cumulativeLendingFen ?? null, fen: true },
        { header: "逾期90天以上（元）", value: (r) => r.december?.nplFen ?? null, fen: true },
        { header: "年度决定", value: (r) => (r.decision ? YEARLY_DECISION_LABELS[r.decision.decision] : null) },
        { header: "会议日期", value: (r) => r.decision?.meetingDate ?? null },
        { header: "依据", value: (r) => r.decision?.basis ?? null },
      ], await bankEvaluations(tx, user.scope, year, today), `合作银行${year}年度考核`);
    },
  },
  "xdt-chart-pool": {
    permission: "read:xdt",
    title: "资金池余额及构成",
    async load(tx) {
      return table([
        { header: "月末", value: (r) => r.month },
        { header: "累计出资（元）", value: (r) => r.contributed, fen: true },
        { header: "累计补偿支出（元）", value: (r) => r.compensated, fen: true },
        { header: "累计追偿返还（元）", value: (r) => r.recovered, fen: true },
        { header: "余额（元）", value: (r) => r.balance, fen: true },
      ], await poolSeries(tx, xdtToday()));
    },
  },
  "xdt-chart-claims": {
    permission: "read:xdt",
    title: "代偿申请按环节",
    async load(tx, user) {
      return table([
        { header: "环节", value: (r) => XDT_CLAIM_STATUS_LABELS[r.status] },
        { header: "时限内", value: (r) => r.due },
        { header: "已逾期", value: (r) => r.overdue },
        { header: "无时限", value: (r) => r.none },
      ], await claimsByStage(tx, user.scope, xdtToday()));
    },
  },
  "xdt-chart-lending": {
    permission: "read:xdt",
    title: "按月投放与上年同期",
    async load(tx, user, url) {
      const bank = Number(url.searchParams.get("bank"));
      return table([
        { header: "月份", value: (r) => `${r.year}年${r.month}` },
        { header: "当月投放（元）", value: (r) => r.current, fen: true },
        { header: "上年同月（元）", value: (r) => r.prior, fen: true },
        { header: "当年累计（元）", value: (r) => r.cumulative, fen: true },
        { header: "上年同期累计（元）", value: (r) => r.cumulativePrior, fen: true },
        { header: "上年同期×120%（元）", value: (r) => r.target, fen: true },
      ], await lendingByMonth(tx, user.scope, xdtToday(), int32Id(bank) ?? undefined));
    },
  },
  "funds-projects": {
    permission: "read:funds",
    paged: true,
    title: "专项资金项目",
    async load(tx, user, url) {
      const { rows } = await listProjects(tx, user.scope, parseListParams(url, PROJECT_SORTS, "id", "desc", true), parseProjectFilters(url));
      return table([
        { header: "编号", value: (r) => r.id },
        { header: "项目名称", value: (r) => r.name },
        { header: "资金", value: (r) => r.program },
        { header: "项目单位", value: (r) => r.enterprise },
        { header: "地区", value: (r) => r.region },
        { header: "年度", value: (r) => r.year },
        { header: "状态", value: (r) => FUND_STATUS_LABELS[r.status] ?? r.status },
        { header: "申请（元）", value: (r) => r.requestedFen, fen: true },
        { header: "安排（元）", value: (r) => r.allocatedFen, fen: true },
        { header: "突破额度（经办人：理由）", value: (r) => (r.overrideBy ? `${r.overrideBy}：${r.overrideReason}` : null) },
        { header: "已拨付（元）", value: (r) => r.paidFen, fen: true },
      ], rows);
    },
  },
  "perf-monitoring": {
    permission: "read:funds",
    paged: true,
    title: "绩效双监控记录",
    async load(tx, user, url) {
      const { rows } = await listMonitoring(tx, user.scope, parseListParams(url, MONITORING_SORTS, "asOf", "desc", true), parseMonitoringFilters(url), fundsToday());
      return table([
        { header: "期间", value: (r) => r.period },
        { header: "监控时点", value: (r) => r.asOf },
        { header: "项目", value: (r) => r.project },
        { header: "项目单位", value: (r) => r.enterprise },
        { header: "资金", value: (r) => r.program },
        { header: "地区", value: (r) => r.region },
        { header: "安排（元）", value: (r) => r.allocatedFen, fen: true },
        { header: "已拨付（元，账簿）", value: (r) => r.paidFen, fen: true },
        { header: "时间进度", value: (r) => formatBp(r.timeElapsedBp) },
        { header: "执行进度", value: (r) => formatBp(r.executionBp) },
        { header: "执行偏差", value: (r) => (r.executionFlag ? "是" : "否") },
        { header: "目标完成度", value: (r) => (r.goalAttainmentBp === null ? null : formatBp(r.goalAttainmentBp)) },
        { header: "目标偏差", value: (r) => (r.goalFlag ? "是" : "否") },
        { header: "整改期限", value: (r) => r.dueOn },
        { header: "整改状态", value: (r) => (r.taskStatus === null ? null : r.taskStatus === "done" ? `已完成 ${r.completedOn}` : r.overdue ? "逾期未完成" : "未完成") },
      ], rows);
    },
  },
  "perf-monitoring-chart": {
    permission: "read:funds",
    title: "双监控：执行进度与目标完成度",
    async load(tx, user, url) {
      const chart = await monitoringChart(tx, user.scope, parseMonitoringFilters(url), fundsToday(), EXPORT_LIMIT);
      return table([
        { header: "期间", value: () => chart.period },
        { header: "项目", value: (r) => r.project },
        { header: "地区", value: (r) => r.region },
        { header: "时间进度", value: (r) => formatBp(r.timeElapsedBp) },
        { header: "执行偏差线", value: (r) => formatBp(r.executionLineBp) },
        { header: "执行进度", value: (r) => formatBp(r.executionBp) },
        { header: "执行偏差", value: (r) => (r.executionFlag ? "是" : "否") },
        { header: "目标偏差线", value: (r) => formatBp(r.goalLineBp) },
        { header: "目标完成度", value: (r) => (r.goalAttainmentBp === null ? null : formatBp(r.goalAttainmentBp)) },
        { header: "目标偏差", value: (r) => (r.goalFlag ? "是" : "否") },
      ], chart.rows);
    },
  },
  "funds-progress": {
    permission: "read:funds",
    title: "专项资金下达与拨付（按月累计）",
    async load(tx, user, url) {
      const program = url.searchParams.get("program");
      const regions = await regionOptions(tx, user.scope);
      const region = regions.find((r) => r.code === url.searchParams.get("region"))?.code;
      const rows = await monthlySeries(tx, user.scope, program === "GXZJ" || program === "ZXZJ" ? program : undefined, region);
      return table([
        { header: "月份", value: (r) => r.month },
        { header: "累计下达（元）", value: (r) => r.issuedFen, fen: true },
        { header: "累计拨付（元）", value: (r) => r.paidFen, fen: true },
      ], rows);
    },
  },
  "funds-budgets": {
    permission: "read:funds",
    title: "专项资金预算与下达",
    async load(tx, user) {
      const rows = await listBudgets(tx, user.scope);
      return table([
        { header: "资金", value: (r) => r.code },
        { header: "年度", value: (r) => r.year },
        { header: "层级", value: (r) => (r.level === "transfer" ? "转移支付" : "省本级") },
        { header: "地区", value: (r) => r.regionName },
        { header: "预算（元）", value: (r) => r.amountFen, fen: true },
        { header: "批复日", value: (r) => r.approvedOn },
        { header: "下达日", value: (r) => r.issuedOn },
        { header: "提前下达", value: (r) => (r.advance ? "是" : "否") },
        { header: "账户余额（元）", value: (r) => r.balanceFen, fen: true },
      ], rows);
    },
  },
  "funds-carry-over": {
    permission: "read:funds",
    title: "专项资金结转账龄",
    async load(tx, user) {
      const rows = await carryOver(tx, user.scope, fundsToday());
      return table([
        { header: "资金", value: (r) => r.code },
        { header: "年度", value: (r) => r.year },
        { header: "层级", value: (r) => (r.level === "transfer" ? "转移支付" : "省本级") },
        { header: "地区", value: (r) => r.regionName },
        { header: "预算（元）", value: (r) => r.amountFen, fen: true },
        { header: "已安排（元）", value: (r) => r.allocatedFen, fen: true },
        { header: "已拨付（元）", value: (r) => r.paidFen, fen: true },
        { header: "未分配（元）", value: (r) => r.unallocatedFen, fen: true },
        { header: "已收回（元）", value: (r) => r.recoveredFen, fen: true },
        { header: "账龄（天）", value: (r) => r.ageDays },
        { header: "两年规则", value: (r) => r.action },
      ], rows);
    },
  },
  "xdt-pool-ops": {
    permission: "read:pool",
    paged: true,
    title: "资金池存取与调拨",
    async load(tx, user, url) {
      const { rows } = await listPoolOperations(tx, user.scope, parseListParams(url, POOL_OP_SORTS, "valueDate", "desc", true), parsePoolOpFilters(url));
      return table([
        { header: "记账日期", value: (r) => r.valueDate },
        { header: "类型", value: (r) => XDT_POOL_OP_LABELS[r.kind] },
        { header: "转出账户", value: (r) => r.fromName },
        { header: "转入账户", value: (r) => r.toName },
        { header: "金额（元）", value: (r) => r.amountFen, fen: true },
        { header: "凭证号", value: (r) => r.reference },
        { header: "事由", value: (r) => r.reason },
        { header: "分录", value: (r) => r.journalId },
        { header: "记录人", value: (r) => r.recordedByName },
        { header: "记录时间", value: (r) => formatTimestamp(r.recordedAt) },
      ], rows);
    },
  },
  "xdt-blacklist": {
    permission: "read:xdt-blacklist",
    paged: true,
    title: "信贷通黑名单",
    async load(tx, user, url) {
      const { rows } = await listBlacklist(tx, user.scope, parseListParams(url, BLACKLIST_SORTS, "decisionDate", "desc", true), parseBlacklistFilters(url));
      return table([
        { header: "名称", value: (r) => r.name },
        { header: "类别", value: (r) => (r.kind === "enterprise" ? "企业" : "股东") },
        { header: "统一社会信用代码/身份标识", value: (r) => r.identifier },
        { header: "涉及企业", value: (r) => r.enterpriseName },
        { header: "列入原因", value: (r) => r.reason },
        { header: "决定文号", value: (r) => r.decisionRef },
        { header: "决定日期", value: (r) => r.decisionDate },
        { header: "登记人", value: (r) => r.createdByName },
      ], rows);
    },
  },
  "xdt-recoveries": {
    permission: "read:xdt",
    paged: true,
    title: "追偿返还",
    async load(tx, user, url) {
      const { rows } = await listRecoveries(tx, user.scope, parseListParams(url, RECOVERY_SORTS, "dueDate", "asc", true), parseRecoveryFilters(url), xdtToday());
      return table([
        { header: "代偿申请", value: (r) => r.claimId },
        { header: "合同编号", value: (r) => r.contractNo },
        { header: "合作银行", value: (r) => r.bank },
        { header: "企业", value: (r) => r.enterprise },
        { header: "收回日", value: (r) => r.recoveryDate },
        { header: "追回（元）", value: (r) => r.recoveredFen, fen: true },
        { header: "可扣除费用（元）", value: (r) => r.deductibleFen, fen: true },
        { header: "应返还（元）", value: (r) => r.toPoolFen, fen: true },
        { header: "返还时限", value: (r) => r.dueDate },
        { header: "返还日", value: (r) => r.returnedOn },
        { header: "逾期", value: (r) => (r.late ? "是" : "否") },
      ], rows);
    },
  },
  "xdt-monthly-reports": {
    permission: "read:xdt",
    paged: true,
    title: "信贷通月度数据报送",
    async load(tx, user, url) {
      const { rows } = await listMonthlyReports(tx, user.scope, parseListParams(url, MONTHLY_SORTS, "month", "desc", true), parseReportFilters(url));
      return table([
        { header: "月份", value: (r) => r.month.slice(0, 7) },
        { header: "合作银行", value: (r) => r.bank },
        { header: "贷款余额（元）", value: (r) => r.balanceFen, fen: true },
        { header: "累计发放（元）", value: (r) => r.cumulativeLendingFen, fen: true },
        { header: "不良贷款（元）", value: (r) => r.nplFen, fen: true },
        { header: "坏账（元）", value: (r) => r.badDebtFen, fen: true },
        { header: "报送时限", value: (r) => r.dueDate },
        { header: "首次报送日", value: (r) => r.firstSubmittedOn },
        { header: "逾期报送", value: (r) => (r.late ? `是（${r.lateDays}天）` : "否") },
        { header: "版本", value: (r) => r.version },
        { header: "本版报送日", value: (r) => r.submittedOn },
        { header: "更正原因", value: (r) => r.correctionReason },
      ], rows);
    },
  },
  "xdt-quarterly-reports": {
    permission: "read:xdt",
    paged: true,
    title: "信贷通季度报告",
    async load(tx, user, url) {
      const { rows } = await listQuarterlyReports(tx, user.scope, parseListParams(url, QUARTERLY_SORTS, "quarter", "desc", true), parseReportFilters(url));
      return table([
        { header: "季度", value: (r) => r.label },
        { header: "合作银行", value: (r) => r.bank },
        { header: "本季发放笔数", value: (r) => r.loansCount },
        { header: "本季发放金额（元）", value: (r) => r.lendingFen, fen: true },
        { header: "季末余额（元）", value: (r) => r.balanceFen, fen: true },
        { header: "季末逾期（元）", value: (r) => r.overdueFen, fen: true },
        { header: "收到补偿（元）", value: (r) => r.compensationFen, fen: true },
        { header: "追偿收回（元）", value: (r) => r.recoveredFen, fen: true },
        { header: "情况说明", value: (r) => r.narrative },
        { header: "报送时限", value: (r) => r.dueDate },
        { header: "首次报送日", value: (r) => r.firstSubmittedOn },
        { header: "逾期报送", value: (r) => (r.late ? `是（${r.lateDays}天）` : "否") },
        { header: "版本", value: (r) => r.version },
        { header: "更正原因", value: (r) => r.correctionReason },
      ], rows);
    },
  },
  "xdt-risk-events": {
    permission: "read:xdt",
    paged: true,
    title: "信贷通风险事项",
    async load(tx, user, url) {
      const { rows } = await listRiskEvents(tx, user.scope, parseListParams(url, RISK_SORTS, "eventDate", "desc", true), parseReportFilters(url), xdtToday());
      return table([
        { header: "发生日", value: (r) => r.eventDate },
        { header: "合作银行", value: (r) => r.bank },
        { header: "合同编号", value: (r) => r.contractNo },
        { header: "说明", value: (r) => r.description },
        { header: "报送时限", value: (r) => r.dueDate ?? "不适用（2022-06-01前）" },
        { header: "报送日", value: (r) => r.reportedOn },
        { header: "逾期", value: (r) => (r.late ? "是" : "否") },
      ], rows);
    },
  },
  "xdt-loans": {
    permission: "read:xdt",
    paged: true,
    title: "信贷通贷款",
    async load(tx, user, url) {
      const { rows } = await listLoans(tx, user.scope, parseListParams(url, LOAN_SORTS, "disbursementDate", "desc", true), parseLoanFilters(url));
      return table([
        { header: "合同编号", value: (r) => r.contractNo },
        { header: "合作银行", value: (r) => r.bank },
        { header: "借款企业", value: (r) => r.enterprise },
        { header: "金额（元）", value: (r) => r.amountFen, fen: true },
        { header: "年利率", value: (r) => formatBp(r.annualRateBp) },
        { header: "期限（月）", value: (r) => r.termMonths },
        { header: "放款日", value: (r) => r.disbursementDate },
        { header: "到期日", value: (r) => r.maturityDate },
        { header: "入库状态", value: (r) => XDT_ADMISSION_LABELS[r.admissionStatus] },
        { header: "审核时限", value: (r) => r.admissionDue },
        { header: "审核日", value: (r) => r.decidedOn },
      ], rows);
    },
  },
  "xdt-claims": {
    permission: "read:xdt",
    paged: true,
    title: "代偿申请",
    async load(tx, user, url) {
      const { rows } = await listClaims(tx, user.scope, parseListParams(url, CLAIM_SORTS, "due", "asc", true), parseClaimFilters(url), xdtToday());
      return table([
        { header: "申请号", value: (r) => r.id },
        { header: "合同编号", value: (r) => r.contractNo },
        { header: "合作银行", value: (r) => r.bank },
        { header: "借款企业", value: (r) => r.enterprise },
        { header: "申请日", value: (r) => r.claimDate },
        { header: "损失（元）", value: (r) => r.lossFen, fen: true },
        { header: "补偿（元）", value: (r) => r.approvedFen ?? r.compensationFen, fen: true },
        { header: "状态", value: (r) => XDT_CLAIM_STATUS_LABELS[r.status] },
        { header: "当前时限", value: (r) => r.due },
        { header: "支付日", value: (r) => r.paidOn },
      ], rows);
    },
  },
  enterprises: {
    permission: "read:enterprise",
    paged: true,
    title: "企业库",
    async load(tx, user, url) {
      const { rows } = await listEnterprises(tx, user.scope, parseListParams(url, ENTERPRISE_SORTS, "name", "asc", true), parseEnterpriseFilters(url));
      return table([
        { header: "统一社会信用代码", value: (r) => r.creditCode },
        { header: "企业名称", value: (r) => r.name },
        { header: "所在地区", value: (r) => r.regionName },
        { header: "规模", value: (r) => SIZE_LABELS[r.sizeClass] },
        { header: "行业", value: (r) => r.industryName },
        { header: "规上", value: (r) => (r.aboveScale ? "是" : "否") },
        { header: "梯度培育", value: (r) => (r.srdiTier ? SRDI_LABELS[r.srdiTier] : "") },
        { header: "认定有效期至", value: (r) => r.srdiValidTo },
      ], rows);
    },
  },
  ledger: {
    permission: "read:ledger",
    paged: true,
    title: "记账账户",
    async load(tx, user, url) {
      const { rows } = await listAccounts(tx, ledgerReach(user), parseListParams(url, ACCOUNT_SORTS, "code", "asc", true));
      return table([
        { header: "科目代码", value: (r) => r.code },
        { header: "账户名称", value: (r) => r.name },
        { header: "类别", value: (r) => ACCOUNT_KIND_LABELS[r.kind] ?? r.kind },
        { header: "所属机构", value: (r) => r.owner },
        { header: "余额（元，借正贷负）", value: (r) => r.balanceFen, fen: true },
      ], rows);
    },
  },
  "ledger-account": {
    permission: "read:ledger",
    paged: true,
    title: "账户明细",
    async load(tx, user, url) {
      const id = Number(url.searchParams.get("id"));
      const result = found(Number.isSafeInteger(id) ? await getAccount(tx, ledgerReach(user), id, exportBatchOf(url)) : null);
      return table([
        { header: "起息日", value: (r) => r.valueDate },
        { header: "分录号", value: (r) => r.journalId },
        { header: "业务类型", value: (r) => r.kind },
        { header: "摘要", value: (r) => r.memo },
        { header: "金额（元，借正贷负）", value: (r) => r.amountFen, fen: true },
        { header: "冲销分录号", value: (r) => r.reversesJournalId },
      ], result.lines, `账户明细-${result.account.code.replace(/:/g, "-")}`);
    },
  },
  contributions: {
    permission: "read:pool",
    title: "信贷通出资到位情况",
    async load(tx, user) {
      // a bank reaches pool aggregates only, not the contributors' rows
      const rows = user.scope.kind === "bank" ? [] : await contributions(tx, user.scope);
      return table([
        { header: "出资来源", value: (r) => r.sourceLabel },
        { header: "出资单位", value: (r) => r.contributor },
        { header: "应出资（元）", value: (r) => r.dueFen, fen: true },
        { header: "已到位（元）", value: (r) => r.paidFen, fen: true },
        { header: "应到位日期", value: (r) => r.dueDate },
        { header: "最近到账日期", value: (r) => r.lastPaidOn },
      ], rows);
    },
  },
  audit: {
    permission: "read:audit-log",
    paged: true,
    title: "审计日志",
    async load(tx, _user, url) {
      const { rows } = await listAuditLog(tx, parseListParams(url, AUDIT_SORTS, "at", "desc", true), parseAuditFilters(url));
      return table([
        { header: "编号", value: (r) => r.id },
        { header: "时间（北京时间）", value: (r) => formatTimestamp(r.at) },
        { header: "操作人", value: (r) => r.actorName },
        { header: "对象", value: (r) => AUDIT_ENTITY_LABELS[r.entity] ?? r.entity },
        { header: "对象编号", value: (r) => r.entityId },
        { header: "操作", value: (r) => AUDIT_ACTION_LABELS[r.action] ?? r.action },
        { header: "变更前", value: (r) => (r.before ? JSON.stringify(r.before) : "") },
        { header: "变更后", value: (r) => (r.after ? JSON.stringify(r.after) : "") },
        { header: "请求编号", value: (r) => r.requestId },
        { header: "IP", value: (r) => r.ip },
      ], rows);
    },
  },
  users: {
    permission: "manage:user",
    paged: true,
    title: "用户",
    async load(tx, _user, url) {
      const { rows } = await listUsers(tx, parseListParams(url, USER_SORTS, "username", "asc", true));
      return table([
        { header: "登录名", value: (r) => r.username },
        { header: "姓名", value: (r) => r.displayName },
        { header: "所属机构", value: (r) => r.organisation },
        { header: "角色", value: (r) => ROLE_LABELS[r.role] },
        { header: "状态", value: (r) => (r.active ? "启用" : "停用") },
      ], rows);
    },
  },
  organisations: {
    permission: "manage:organisation",
    paged: true,
    title: "机构",
    async load(tx, _user, url) {
      const { rows } = await listOrganisations(tx, parseListParams(url, ORG_SORTS, "name", "asc", true));
      return table([
        { header: "机构全称", value: (r) => r.name },
        { header: "简称", value: (r) => r.shortName },
        { header: "类型", value: (r) => ORG_KIND_LABELS[r.kind] },
        { header: "地区", value: (r) => r.regionName },
        { header: "用户数", value: (r) => r.users },
        { header: "状态", value: (r) => (r.active ? "启用" : "停用") },
      ], rows);
    },
  },
};

type ExportBatch = Awaited<ReturnType<ExportTable["load"]>>;

/** The table's rows batch by batch (one batch unless the table is a paged list), up to EXPORT_STREAM_LIMIT rows. */
async function* exportBatches(tx: Tx, table: ExportTable, user: CurrentUser, url: URL): AsyncGenerator<ExportBatch> {
  for (let n = 0; n * EXPORT_BATCH < EXPORT_STREAM_LIMIT; n++) {
    const batch = await table.load(tx, user, exportBatchUrl(url, n));
    yield batch;
    if (!table.paged || batch.rows.length < EXPORT_BATCH) return;
  }
}

/**
 * The download of one export table, read in one read-only, repeatable-read transaction (a row written meanwhile can
 * neither appear twice nor push another out of the file). The first batch is read before the response, so a missing
 * record still answers 404. On PostgreSQL the file then streams while later batches are read (flat memory; a client
 * that stops reading for a minute ends the transaction). On PGlite — one connection for every request — the rows are
 * read first and the file streams afterwards, so a slow download never holds the database.
 */
export async function exportTableResponse(handle: DbHandle, user: CurrentUser, name: string, url: URL, format: "xlsx" | "csv"): Promise<Response> {
  const table = EXPORT_TABLES[name];
  const options = { isolationLevel: "repeatable read", accessMode: "read only" } as const;
  if (handle.driver === "pglite") {
    const batches = await handle.db.transaction(async (tx) => {
      const all: ExportBatch[] = [];
      for await (const b of exportBatches(tx, table, user, url)) all.push(b);
      return all;
    }, options);
    return streamedExportResponse<never>(format, batches[0].title ?? table.title, batches[0].columns, async (write) => {
      for (const b of batches) await write(b.rows);
    });
  }
  let opened!: (first: ExportBatch) => void;
  let failed!: (err: unknown) => void;
  const firstBatch = new Promise<ExportBatch>((resolve, reject) => {
    opened = resolve;
    failed = reject;
  });
  let writer!: (rows: never[]) => Promise<void>;
  let writerReady!: () => void;
  const ready = new Promise<void>((resolve) => (writerReady = resolve));
  const run = handle.db.transaction(async (tx) => {
    await tx.execute(sql`set local idle_in_transaction_session_timeout = '60s'`);
    for await (const batch of exportBatches(tx, table, user, url)) {
      opened(batch); // the first batch opens the response; later calls do nothing
      await ready;
      await writer(batch.rows);
    }
  }, options);
  run.catch(failed); // before the first batch: the error of the page (e.g. 404); after it: the stream's own
  const first = await firstBatch;
  return streamedExportResponse<never>(format, first.title ?? table.title, first.columns, async (write) => {
    writer = write;
    writerReady();
    await run;
  });
}
