import { sql, type SQL } from "drizzle-orm";
import { enterprise, fundAllocation, fundPayment, fundProject, ledgerAccount, posting, xdtBank, xdtClaim, xdtLoan } from "#db/schema";
import type { AuditRecordKind } from "~/lib/audit-work";
import { can, type Permission } from "~/lib/permissions";
import type { CurrentUser } from "../auth.server";
import type { Tx } from "../db.server";
import type { ExportColumn } from "../export.server";
import { ledgerReach } from "../ledger-view.server";
import { likePattern } from "../list.server";
import { bankRecordCondition, loanCondition, loanRecordCondition, ownerOrgCondition, regionCondition } from "../scope.server";
import { rowsOf } from "#db/client";

/** Who reads: the role decides the modules, the scope the records (a bank: its own; a 市州 officer: its region). */
export type Reader = Pick<CurrentUser, "role" | "scope">;

const orTrue = (c: SQL | undefined) => c ?? sql`true`;

interface RecordKindSpec {
  /** the module permission that reaches records of this kind at all */
  permission: Permission;
  /** "the record with this id exists and is in the reader's scope", as SQL (an EXISTS on the record's own table) */
  reach(reader: Reader, id: SQL | number): SQL;
  /** who answers a finding on it (besides a bank, which answers for its own records) */
  responders: CurrentUser["role"][];
}

/**
 * One place that says, per kind of record, which module it belongs to and how scope applies to it — the same
 * conditions as that record's own page (README Decision 5). Findings and evidence are reached through these.
 */
export const RECORD_KINDS: Record<AuditRecordKind, RecordKindSpec> = {
  project: {
    permission: "read:funds",
    reach: (r, id) => sql`exists (select 1 from ${fundProject} where ${fundProject.id} = ${id} and ${orTrue(regionCondition(r.scope, fundProject.regionCode))})`,
    responders: ["industry", "finance"],
  },
  fund_payment: {
    permission: "read:funds",
    reach: (r, id) =>
      sql`exists (select 1 from ${fundPayment} join ${fundAllocation} on ${fundAllocation.id} = ${fundPayment.allocationId} join ${fundProject} on ${fundProject.id} = ${fundAllocation.projectId} where ${fundPayment.id} = ${id} and ${orTrue(regionCondition(r.scope, fundProject.regionCode))})`,
    responders: ["finance", "industry"],
  },
  claim: {
    permission: "read:xdt",
    reach: (r, id) => sql`exists (select 1 from ${xdtClaim} where ${xdtClaim.id} = ${id} and ${orTrue(loanRecordCondition(r.scope, xdtClaim.bankOrgId, xdtClaim.loanId))})`,
    responders: ["trustee", "industry", "bank"],
  },
  loan: {
    permission: "read:xdt",
    reach: (r, id) => sql`exists (select 1 from ${xdtLoan} where ${xdtLoan.id} = ${id} and ${orTrue(loanCondition(r.scope, xdtLoan.bankOrgId, xdtLoan.enterpriseId))})`,
    responders: ["trustee", "bank"],
  },
  bank: {
    permission: "read:xdt",
    reach: (r, id) => sql`exists (select 1 from ${xdtBank} where ${xdtBank.orgId} = ${id} and ${orTrue(bankRecordCondition(r.scope, xdtBank.orgId))})`,
    responders: ["industry", "trustee", "bank"],
  },
  // a journal is reached through a posting on an account the reader reaches (the ledger pages show no more)
  journal: {
    permission: "read:ledger",
    reach: (r, id) => {
      const reach = ledgerReach(r);
      return sql`exists (select 1 from ${posting} join ${ledgerAccount} on ${ledgerAccount.id} = ${posting.accountId} where ${posting.journalId} = ${id} and ${orTrue(ownerOrgCondition(reach.scope, ledgerAccount.ownerOrgId))} and ${ledgerAccount.book} in (${sql.join(reach.books.map((b) => sql`${b}`), sql`, `)}))`;
    },
    responders: ["finance", "trustee"],
  },
  enterprise: {
    permission: "read:enterprise",
    reach: (r, id) => sql`exists (select 1 from ${enterprise} where ${enterprise.id} = ${id} and ${orTrue(regionCondition(r.scope, enterprise.regionCode))})`,
    responders: ["industry", "finance"],
  },
};

/** The kinds of record this reader reaches at all. */
const MAX_INT32 = 2_147_483_647;

export function readableKinds(reader: Reader): AuditRecordKind[] {
  return (Object.keys(RECORD_KINDS) as AuditRecordKind[]).filter((k) => can(reader, RECORD_KINDS[k].permission));
}

/** SQL: the (kind, id) pair names a record this reader reaches. Unknown kinds and foreign records are false. */
export function recordReachCondition(reader: Reader, kindColumn: SQL | unknown, idColumn: SQL | unknown): SQL {
  const kinds = readableKinds(reader);
  if (kinds.length === 0) return sql`false`;
  return sql`(${sql.join(
    kinds.map((k) => sql`(${kindColumn} = ${k} and ${RECORD_KINDS[k].reach(reader, idColumn as SQL)})`),
    sql` or `,
  )})`;
}

/** Whether one record exists and is in the reader's scope. */
export async function recordReachable(tx: Tx, reader: Reader, kind: AuditRecordKind, id: number): Promise<boolean> {
  if (!can(reader, RECORD_KINDS[kind].permission)) return false;
  // a bank is keyed by a 32-bit organisation id: a larger number names no record (and must not reach the database)
  if (!Number.isSafeInteger(id) || id <= 0 || (kind === "bank" && id > MAX_INT32)) return false;
  const [row] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select ${RECORD_KINDS[kind].reach(reader, id)} as ok`));
  return Boolean(row?.ok);
}

export interface RecordSummary {
  id: number;
  label: string;
  href: string | null;
  /** the bank the record belongs to, or the region it lies in (kept on a finding for listing) */
  bankOrgId: number | null;
  regionCode: string | null;
}

/**
 * Key fields per kind, for the pages and the evidence export (one sheet per kind). The caller has checked reach;
 * each query reads only the ids given.
 */
export const RECORD_SHEETS: Record<AuditRecordKind, { title: string; load(tx: Tx, ids: number[]): Promise<{ summary: RecordSummary; row: Record<string, string | number | null> }[]>; columns: ExportColumn<Record<string, string | number | null>>[] }> = {
  project: {
    title: "专项资金项目",
    columns: cols([["id", "项目编号"], ["name", "项目名称"], ["enterprise", "申报单位"], ["creditCode", "统一社会信用代码"], ["region", "所在地区"], ["category", "类别"], ["total", "总投资（元）", true], ["status", "入库状态"], ["allocated", "已安排资金（元）", true], ["paid", "已拨付（元）", true]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; name: string; enterprise: string; credit_code: string; region: string; region_code: string; category: string; total: string; status: string; allocated: string; paid: string }>(
        await tx.execute(sql`select p.id::int as id, p.name, e.name as enterprise, e.credit_code, r.name as region, p.region_code, p.category, p.total_investment_fen::text as total, p.library_status as status,
          (select coalesce(sum(a.amount_fen), 0) from fund_allocation a where a.project_id = p.id and a.status <> 'recovered')::text as allocated,
          (select coalesce(sum(fp.amount_fen), 0) from fund_payment fp join fund_allocation a on a.id = fp.allocation_id where a.project_id = p.id)::text as paid
          from fund_project p join enterprise e on e.id = p.enterprise_id join region r on r.code = p.region_code where p.id in ${inList(ids)} order by p.id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: r.name, href: `/funds/projects/${r.id}`, bankOrgId: null, regionCode: r.region_code },
        row: { id: r.id, name: r.name, enterprise: r.enterprise, creditCode: r.credit_code, region: r.region, category: r.category, total: Number(r.total), status: r.status, allocated: Number(r.allocated), paid: Number(r.paid) },
      }));
    },
  },
  fund_payment: {
    title: "专项资金拨付",
    columns: cols([["id", "拨付编号"], ["project", "项目"], ["tranche", "批次"], ["kind", "类型"], ["amount", "金额（元）", true], ["paidOn", "拨付日期"], ["payee", "收款人"], ["journalId", "记账分录号"], ["by", "经办人"]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; project_id: number; project: string; region_code: string; tranche: number; kind: string; amount: string; paid_on: string; payee: string; journal_id: number; by_name: string }>(
        await tx.execute(sql`select fp.id::int as id, p.id::int as project_id, p.name as project, p.region_code, fp.tranche, fp.kind, fp.amount_fen::text as amount, fp.paid_on::text, fp.payee_name as payee, fp.journal_id::int, fp.by_name
          from fund_payment fp join fund_allocation a on a.id = fp.allocation_id join fund_project p on p.id = a.project_id where fp.id in ${inList(ids)} order by fp.id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: `${r.project} 第${r.tranche}批拨付`, href: `/funds/projects/${r.project_id}`, bankOrgId: null, regionCode: r.region_code },
        row: { id: r.id, project: r.project, tranche: r.tranche, kind: r.kind, amount: Number(r.amount), paidOn: r.paid_on, payee: r.payee, journalId: r.journal_id, by: r.by_name },
      }));
    },
  },
  claim: {
    title: "代偿申请",
    columns: cols([["id", "申请编号"], ["bank", "合作银行"], ["contractNo", "合同编号"], ["enterprise", "借款企业"], ["status", "状态"], ["claimDate", "申请日"], ["loss", "损失（元）", true], ["compensation", "应补偿（元）", true], ["approved", "批准金额（元）", true], ["paidOn", "支付日"], ["journalId", "支付分录号"]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; bank_org_id: number; bank: string; contract_no: string; enterprise: string; status: string; claim_date: string; loss: string; comp: string; approved: string | null; paid_on: string | null; journal_id: number | null }>(
        await tx.execute(sql`select c.id::int as id, c.bank_org_id, o.short_name as bank, l.contract_no, e.name as enterprise, c.status, c.claim_date::text, c.loss_fen::text as loss, c.compensation_fen::text as comp, c.approved_fen::text as approved, c.paid_on::text, c.payment_journal_id::int as journal_id
          from xdt_claim c join xdt_loan l on l.id = c.loan_id join enterprise e on e.id = l.enterprise_id join organisation o on o.id = c.bank_org_id where c.id in ${inList(ids)} order by c.id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: `代偿申请 #${r.id}（${r.contract_no}，${r.enterprise}）`, href: `/xdt/claims/${r.id}`, bankOrgId: r.bank_org_id, regionCode: null },
        row: { id: r.id, bank: r.bank, contractNo: r.contract_no, enterprise: r.enterprise, status: r.status, claimDate: r.claim_date, loss: Number(r.loss), compensation: Number(r.comp), approved: r.approved === null ? null : Number(r.approved), paidOn: r.paid_on, journalId: r.journal_id },
      }));
    },
  },
  loan: {
    title: "信贷通贷款",
    columns: cols([["id", "贷款编号"], ["bank", "合作银行"], ["contractNo", "合同编号"], ["enterprise", "借款企业"], ["creditCode", "统一社会信用代码"], ["amount", "金额（元）", true], ["rate", "年利率"], ["term", "期限（月）"], ["disbursed", "发放日"], ["status", "入库状态"]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; bank_org_id: number; bank: string; contract_no: string; enterprise: string; credit_code: string; amount: string; rate: number; term: number; disbursed: string; status: string }>(
        await tx.execute(sql`select l.id::int as id, l.bank_org_id, o.short_name as bank, l.contract_no, e.name as enterprise, e.credit_code, l.amount_fen::text as amount, l.annual_rate_bp as rate, l.term_months as term, l.disbursement_date::text as disbursed, l.admission_status as status
          from xdt_loan l join enterprise e on e.id = l.enterprise_id join organisation o on o.id = l.bank_org_id where l.id in ${inList(ids)} order by l.id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: `贷款 ${r.contract_no}（${r.enterprise}）`, href: `/xdt/loans/${r.id}`, bankOrgId: r.bank_org_id, regionCode: null },
        row: { id: r.id, bank: r.bank, contractNo: r.contract_no, enterprise: r.enterprise, creditCode: r.credit_code, amount: Number(r.amount), rate: `${(r.rate / 100).toFixed(2)}%`, term: r.term, disbursed: r.disbursed, status: r.status },
      }));
    },
  },
  bank: {
    title: "合作银行",
    columns: cols([["id", "机构编号"], ["name", "名称"], ["status", "合作状态"], ["loans", "累计入库贷款（元）", true], ["compensation", "累计补偿（元）", true]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; name: string; short_name: string; status: string; loans: string; comp: string }>(
        await tx.execute(sql`select b.org_id::int as id, o.name, o.short_name, b.status,
          (select coalesce(sum(l.amount_fen), 0) from xdt_loan l where l.bank_org_id = b.org_id and l.admission_status = 'admitted')::text as loans,
          (select coalesce(sum(a.balance_fen), 0) from ledger_account a where a.code = 'xdt:compensation:' || b.org_id)::text as comp
          from xdt_bank b join organisation o on o.id = b.org_id where b.org_id in ${inList(ids)} order by b.org_id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: r.name, href: `/xdt/banks/${r.id}`, bankOrgId: r.id, regionCode: null },
        row: { id: r.id, name: r.name, status: r.status, loans: Number(r.loans), compensation: Number(r.comp) },
      }));
    },
  },
  journal: {
    title: "记账分录",
    columns: cols([["id", "分录号"], ["valueDate", "记账日期"], ["kind", "类型"], ["memo", "摘要"], ["amount", "借方合计（元）", true], ["reverses", "冲销分录"]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; value_date: string; kind: string; memo: string; amount: string; reverses: number | null }>(
        await tx.execute(sql`select j.id::int as id, j.value_date::text, j.kind, j.memo, (select coalesce(sum(p.amount_fen), 0) from posting p where p.journal_id = j.id and p.amount_fen > 0)::text as amount, j.reverses_journal_id::int as reverses
          from journal j where j.id in ${inList(ids)} order by j.id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: `分录 #${r.id}（${r.value_date}，${r.memo}）`, href: null, bankOrgId: null, regionCode: null },
        row: { id: r.id, valueDate: r.value_date, kind: r.kind, memo: r.memo, amount: Number(r.amount), reverses: r.reverses },
      }));
    },
  },
  enterprise: {
    title: "企业",
    columns: cols([["id", "企业编号"], ["name", "名称"], ["creditCode", "统一社会信用代码"], ["region", "地区"], ["industry", "行业"], ["size", "规模"]]),
    async load(tx, ids) {
      const rows = rowsOf<{ id: number; name: string; credit_code: string; region: string; region_code: string; industry: string; size: string }>(
        await tx.execute(sql`select e.id::int as id, e.name, e.credit_code, r.name as region, e.region_code, e.industry_name as industry, e.size_class as size from enterprise e join region r on r.code = e.region_code where e.id in ${inList(ids)} order by e.id`),
      );
      return rows.map((r) => ({
        summary: { id: r.id, label: `${r.name}（${r.credit_code}）`, href: `/enterprises/${r.id}`, bankOrgId: null, regionCode: r.region_code },
        row: { id: r.id, name: r.name, creditCode: r.credit_code, region: r.region, industry: r.industry, size: r.size },
      }));
    },
  },
};

function cols(spec: [string, string, boolean?][]): ExportColumn<Record<string, string | number | null>>[] {
  return spec.map(([key, header, fen]) => ({ header, value: (r) => r[key] ?? null, fen: fen ?? false }));
}

function inList(ids: number[]): SQL {
  return ids.length === 0 ? sql`(null)` : sql`(${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`;
}

/** Summaries of records of one kind (ids already reach-checked). */
export async function summarize(tx: Tx, kind: AuditRecordKind, ids: number[]): Promise<Map<number, RecordSummary>> {
  if (ids.length === 0) return new Map();
  return new Map((await RECORD_SHEETS[kind].load(tx, [...new Set(ids)])).map((r) => [r.summary.id, r.summary]));
}

/** Quick search for the auditor: records whose name, contract number, credit code or memo contains the text. */
export async function searchRecords(tx: Tx, reader: Reader, q: string) {
  const like = likePattern(q);
  // at most 9 digits: the id columns compared below include 32-bit ones
  const id = /^\d{1,9}$/.test(q) ? Number(q) : -1;
  const found: { kind: AuditRecordKind; id: number }[] = [];
  const pick = async (kind: AuditRecordKind, query: SQL) => {
    if (!can(reader, RECORD_KINDS[kind].permission)) return;
    for (const r of rowsOf<{ id: number }>(await tx.execute(query))) if (await recordReachable(tx, reader, kind, Number(r.id))) found.push({ kind, id: Number(r.id) });
  };
  await pick("project", sql`select id::int from fund_project where name ilike ${like} or id = ${id} order by id limit 10`);
  await pick("claim", sql`select c.id::int from xdt_claim c join xdt_loan l on l.id = c.loan_id where l.contract_no ilike ${like} or c.id = ${id} order by c.id limit 10`);
  await pick("loan", sql`select id::int from xdt_loan where contract_no ilike ${like} or id = ${id} order by id limit 10`);
  await pick("bank", sql`select b.org_id::int as id from xdt_bank b join organisation o on o.id = b.org_id where o.name ilike ${like} or o.short_name ilike ${like} or b.org_id = ${id} order by 1 limit 10`);
  await pick("enterprise", sql`select id::int from enterprise where name ilike ${like} or credit_code ilike ${like} or id = ${id} order by id limit 10`);
  await pick("journal", sql`select id::int from journal where memo ilike ${like} or id = ${id} order by id desc limit 10`);
  await pick("fund_payment", sql`select id::int from fund_payment where payee_name ilike ${like} or id = ${id} order by id limit 10`);
  const out: (RecordSummary & { kind: AuditRecordKind })[] = [];
  for (const kind of Object.keys(RECORD_KINDS) as AuditRecordKind[]) {
    const ids = found.filter((f) => f.kind === kind).map((f) => f.id);
    for (const s of (await summarize(tx, kind, ids)).values()) out.push({ ...s, kind });
  }
  return out;
}
