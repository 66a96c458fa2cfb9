import { clockStatus, riskStopStatus, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import { PAGE_SIZE } from "~/lib/list";
import type { CurrentUser } from "../auth.server";
import type { Tx } from "../db.server";
import { deadlinesFor } from "../deadlines.server";
import { EXPORT_LIMIT, type ListParams } from "../list.server";
import { poolSummary } from "../pool.server";
import { listBanks, poolRatio } from "./banks.server";
import { claimsByStage } from "./charts.server";
import { listClaims, type ClaimSort } from "./claims.server";
import { listImportJobs } from "./imports.server";
import { countLoans, listLoans, type LoanFilters, type LoanSort } from "./loans.server";
import { listRecoveries, type RecoverySort } from "./recoveries.server";
import { riskFigures } from "./reference.server";

/**
 * The per-role 信贷通 workspaces (issue 4 §9): the bank's own work, the trustee's queues, the office's and leading
 * group's decisions. Nothing here queries a list of its own: every queue and count is the list page's own query
 * (listLoans, listClaims, listRecoveries) with that page's filters preset, so a count here is the count there.
 */

/** One row of a queue, whatever list it comes from. */
export interface QueueRow {
  id: number;
  href: string;
  ref: string;
  bank: string | null;
  enterprise: string;
  amountFen: number;
  due: string | null;
  clock: "due" | "overdue" | "done" | null;
}

function params<S extends string>(sort: S, dir: "asc" | "desc", page: number, limit: number): ListParams<S> {
  return { q: "", page, sort, dir, limit, offset: (page - 1) * limit };
}

interface QueueSource {
  title: string;
  /** who must act and in what time, per the rule */
  clock: string;
  /** the list page with this queue's filters preset (its count is this queue's count) */
  listHref: string;
  amountHeader: string;
  load(tx: Tx, scope: Scope, page: number, limit: number, today: LegalDate): Promise<{ rows: QueueRow[]; total: number }>;
}

function claimQueue(status: "filed" | "verified" | "planned" | "compiled" | "approved", sort: ClaimSort, dir: "asc" | "desc") {
  return async (tx: Tx, scope: Scope, page: number, limit: number, today: LegalDate) => {
    const { rows, total } = await listClaims(tx, scope, params(sort, dir, page, limit), { status, bankOrgId: undefined }, today);
    return {
      total,
      rows: rows.map((r) => ({ id: r.id, href: `/xdt/claims/${r.id}`, ref: `申请 ${r.id} · ${r.contractNo}`, bank: r.bank, enterprise: r.enterprise, amountFen: r.approvedFen ?? r.compensationFen, due: r.due, clock: r.clock })),
    };
  };
}

/**
 * The trustee's queues, each sorted by its clock: the earliest due date first, so what is overdue comes first and
 * then what is nearest (XDT-TZ22 §二: admission in 5 working days; §四: plan in 10, payment in 3; XDT-BF Art.19: returns in 3).
 */
export const TRUSTEE_QUEUES = {
  admissions: {
    title: "入库审核",
    clock: "银行申请后 5 个工作日内审核",
    listHref: "/xdt/loans?status=pending&sort=admissionDue&dir=asc",
    amountHeader: "贷款金额（元）",
    async load(tx, scope, page, limit, today) {
      const { rows, total } = await listLoans(tx, scope, params<LoanSort>("admissionDue", "asc", page, limit), { status: "pending" });
      return {
        total,
        rows: rows.map((r) => ({ id: r.id, href: `/xdt/loans/${r.id}`, ref: r.contractNo, bank: r.bank, enterprise: r.enterprise, amountFen: r.amountFen, due: r.admissionDue, clock: r.admissionDue ? clockStatus(r.admissionDue as LegalDate, today) : null })),
      };
    },
  },
  verify: {
    title: "代偿申请待核实",
    clock: "核实名单与九项材料，收到后 10 个工作日内报送方案",
    listHref: "/xdt/claims?status=filed&sort=due&dir=asc",
    amountHeader: "应补偿（元）",
    load: claimQueue("filed", "due", "asc"),
  },
  plan: {
    title: "已核实待报送补偿方案",
    clock: "收到申请后 10 个工作日内报送信贷通办",
    listHref: "/xdt/claims?status=verified&sort=due&dir=asc",
    amountHeader: "应补偿（元）",
    load: claimQueue("verified", "due", "asc"),
  },
  payments: {
    title: "待支付补偿",
    clock: "领导小组决定后 3 个工作日内支付",
    listHref: "/xdt/claims?status=approved&sort=due&dir=asc",
    amountHeader: "批准补偿（元）",
    load: claimQueue("approved", "due", "asc"),
  },
  returns: {
    title: "追偿款待返还",
    clock: "银行收回后 3 个工作日内返还资金池；逾期的提示受托管理机构和信贷通办",
    listHref: "/xdt/recoveries?state=open&sort=dueDate&dir=asc",
    amountHeader: "应返还（元）",
    async load(tx, scope, page, limit, today) {
      const { rows, total } = await listRecoveries(tx, scope, params<RecoverySort>("dueDate", "asc", page, limit), { state: "open" }, today);
      return {
        total,
        rows: rows.map((r) => ({ id: r.id, href: `/xdt/claims/${r.claimId}`, ref: `申请 ${r.claimId} · ${r.contractNo}`, bank: r.bank, enterprise: r.enterprise, amountFen: r.toPoolFen, due: r.dueDate, clock: r.clock })),
      };
    },
  },
} satisfies Record<string, QueueSource>;

/** The office's (信贷通办) and the leading group's claim queues, oldest claim first: the group decides in principle monthly. */
export const OFFICE_QUEUES = {
  compile: {
    title: "待汇总的补偿方案",
    clock: "受托管理机构已报送方案，由信贷通办汇总提交协调领导小组",
    listHref: "/xdt/claims?status=planned&sort=claimDate&dir=asc",
    amountHeader: "应补偿（元）",
    load: claimQueue("planned", "claimDate", "asc"),
  },
  decide: {
    title: "待记录领导小组决定",
    clock: "协调领导小组原则上每月研究一次；决定后 3 个工作日内支付",
    listHref: "/xdt/claims?status=compiled&sort=claimDate&dir=asc",
    amountHeader: "应补偿（元）",
    load: claimQueue("compiled", "claimDate", "asc"),
  },
} satisfies Record<string, QueueSource>;

export type TrusteeQueue = keyof typeof TRUSTEE_QUEUES;
export type OfficeQueue = keyof typeof OFFICE_QUEUES;
const ALL_QUEUES: Record<string, QueueSource> = { ...TRUSTEE_QUEUES, ...OFFICE_QUEUES };

/** How many rows of each queue the overview shows; one queue opened alone pages by PAGE_SIZE. */
export const QUEUE_PREVIEW = 10;

/** A queue's rows (paged in SQL) and its count. */
export async function loadQueue(tx: Tx, scope: Scope, key: string, page: number, today: LegalDate, limit = PAGE_SIZE) {
  const q = ALL_QUEUES[key];
  if (!q) throw new Error(`unknown queue ${key}`);
  const { rows, total } = await q.load(tx, scope, page, limit, today);
  return { key, title: q.title, clock: q.clock, listHref: q.listHref, amountHeader: q.amountHeader, rows, total };
}

/** Every row of a queue for its .xlsx export (up to the export cap), in the queue's order. */
export async function exportQueue(tx: Tx, scope: Scope, key: string, today: LegalDate) {
  return loadQueue(tx, scope, key, 1, today, EXPORT_LIMIT);
}

export async function queuesOverview(tx: Tx, scope: Scope, keys: readonly string[], today: LegalDate) {
  const out = [];
  for (const key of keys) out.push(await loadQueue(tx, scope, key, 1, today, QUEUE_PREVIEW));
  return out;
}

/** A count from a list query itself (limit 0: the count query only matters). */
function loanCount(tx: Tx, scope: Scope, filters: LoanFilters) {
  return countLoans(tx, scope, undefined, filters);
}

/**
 * The bank's workspace (its own bank only: every query takes the user's scope): loans by state, the latest imports
 * with their progress, claims by stage with their clocks, recoveries to return, its ratio against 3%, and its deadlines.
 */
export async function bankWorkspace(tx: Tx, user: CurrentUser, today: LegalDate) {
  const scope = user.scope;
  const loans = [
    { label: "待入库审核", href: "/xdt/loans?status=pending&sort=admissionDue&dir=asc", count: await loanCount(tx, scope, { status: "pending" }) },
    { label: "已入库", href: "/xdt/loans?status=admitted", count: await loanCount(tx, scope, { status: "admitted" }) },
    { label: "不予入库", href: "/xdt/loans?status=rejected", count: await loanCount(tx, scope, { status: "rejected" }) },
    { label: "有逾期", href: "/xdt/loans?overdue=overdue", count: await loanCount(tx, scope, { overdue: "overdue", asOf: today }) },
    { label: "可申请代偿（未申请）", href: "/xdt/loans?overdue=claimable", count: await loanCount(tx, scope, { overdue: "claimable", asOf: today }) },
  ];
  const imports = (await listImportJobs(tx, scope)).slice(0, 5);
  const claims = (await claimsByStage(tx, scope, today)).map((s) => ({ ...s, total: s.due + s.overdue + s.none, href: `/xdt/claims?status=${s.status}&sort=due&dir=asc` }));
  const recoveries = await listRecoveries(tx, scope, params<RecoverySort>("dueDate", "asc", 1, QUEUE_PREVIEW), { state: "open" }, today);
  const banks = scope.kind === "bank" ? await listBanks(tx, scope, today) : [];
  const deadlines = await deadlinesFor(tx, user, today);
  return {
    loans,
    imports,
    claims,
    recoveries: { rows: recoveries.rows, total: recoveries.total, href: "/xdt/recoveries?state=open&sort=dueDate&dir=asc" },
    bank: banks[0] ?? null,
    deadlines: { rows: deadlines.slice(0, QUEUE_PREVIEW), total: deadlines.length, overdue: deadlines.filter((d) => d.status === "overdue").length },
  };
}

/**
 * The office's and the leading group's view: claims to compile and decisions to record, each bank's status and
 * D-6 ratio against the 3% line (with the banks waiting for a restart decision: under 3% again, still suspended),
 * late recovery returns, and the pool's figures.
 */
export async function officeView(tx: Tx, scope: Scope, today: LegalDate) {
  const queues = await queuesOverview(tx, scope, Object.keys(OFFICE_QUEUES), today);
  const pool = await riskFigures(tx, null);
  const banks = (await listBanks(tx, scope, today)).map((b) => {
    const stop = riskStopStatus({ asOf: today, bank: { compensationPaid: b.compensationPaid, cumulativeLoans: b.cumulativeLoans } as never, pool: pool as never, currentlySuspended: b.status === "suspended", restartDecision: null });
    return { ...b, awaitingRestart: b.status === "suspended" && stop.value.reason === "awaiting_restart_decision" };
  });
  const lateReturns = await listRecoveries(tx, scope, params<RecoverySort>("dueDate", "asc", 1, QUEUE_PREVIEW), { state: "late" }, today);
  return {
    queues,
    banks,
    restartRequests: banks.filter((b) => b.awaitingRestart),
    lateReturns: { rows: lateReturns.rows, total: lateReturns.total, href: "/xdt/recoveries?state=late" },
    pool: await poolSummary(tx),
    poolRatio: await poolRatio(tx, today),
  };
}
