import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, FilterForm, Pager, FilterSelect } from "~/components/list";
import { Clock, SoftOverride } from "~/components/xdt";
import { XDT_ADMISSION_LABELS } from "~/lib/labels";
import { formatBp } from "~/lib/money";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { LOAN_SORTS, listLoans, parseLoanFilters } from "~/server/xdt/loans.server";
import { partnerBanks, xdtToday } from "~/server/xdt/reference.server";
import { clockStatus, type LegalDate } from "#rules";

export const meta: MetaFunction = () => [{ title: "信贷通贷款 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const url = new URL(request.url);
  const params = parseListParams(url, LOAN_SORTS, "disbursementDate", "desc");
  const db = await getDb();
  const today = xdtToday();
  const { rows, total } = await listLoans(db, user.scope, params, { ...parseLoanFilters(url), asOf: today });
  return {
    rows: rows.map((r) => ({ ...r, clock: r.admissionDue ? clockStatus(r.admissionDue as LegalDate, today, r.decidedOn as LegalDate | null) : null })),
    total,
    page: params.page,
    // a bank never gets the list of other banks
    banks: user.scope.kind === "bank" ? [] : await partnerBanks(db),
    canFile: can(user, "file:xdt-loan"),
  };
}

export default function Loans() {
  const { rows, total, page, banks, canFile } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>信贷通贷款 {canFile ? <Link to="/xdt/loans/new" className="button">登记新贷款</Link> : null}</h1>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="合同编号、企业名称或信用代码" />
        </label>
        <FilterSelect label="入库状态" name="status" options={Object.entries(XDT_ADMISSION_LABELS)} />
        {banks.length > 0 ? <FilterSelect label="合作银行" name="bank" options={banks.map((b) => [b.id, b.name ?? ""] as const)} /> : null}
        <label>
          逾期
          <select name="overdue" defaultValue={params.get("overdue") ?? ""}>
            <option value="">全部</option>
            <option value="overdue">有逾期</option>
            <option value="claimable">可申请代偿（本金逾期60天或利息逾期90天，尚未申请）</option>
          </select>
        </label>
        <label>
          放款年度
          <input name="year" defaultValue={params.get("year") ?? ""} size={6} inputMode="numeric" />
        </label>
        <ExportLinks table="xdt-loans" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "contractNo", header: "合同编号", sort: "contractNo", render: (r) => <><Link to={`/xdt/loans/${r.id}`}>{r.contractNo}</Link> <SoftOverride override={r.override} compact /></> },
          { key: "bank", header: "合作银行", render: (r) => r.bank },
          { key: "enterprise", header: "借款企业", sort: "enterprise", render: (r) => r.enterprise },
          { key: "amount", header: "金额（元）", sort: "amount", render: (r) => <Money fen={r.amountFen} /> },
          { key: "rate", header: "年利率", render: (r) => formatBp(r.annualRateBp) },
          { key: "term", header: "期限", render: (r) => `${r.termMonths} 个月` },
          { key: "disbursementDate", header: "放款日", sort: "disbursementDate", render: (r) => r.disbursementDate },
          { key: "status", header: "入库", render: (r) => XDT_ADMISSION_LABELS[r.admissionStatus] },
          { key: "due", header: "审核时限（5个工作日）", sort: "admissionDue", render: (r) => <Clock due={r.admissionDue} status={r.clock} /> },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
