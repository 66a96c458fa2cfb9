import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, Pager } from "~/components/list";
import { Clock, SoftOverride } from "~/components/xdt";
import { formatBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { LOAN_SORTS, listLoans } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { clockStatus, type LegalDate } from "#rules";

export const meta: MetaFunction = () => [{ title: "入库审核队列 · 资金通" }];

/** The trustee's queue: loans waiting for admission, the nearest (or overdue) 5-working-day clock first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "decide:xdt-admission");
  const params = { ...parseListParams(new URL(request.url), LOAN_SORTS, "admissionDue", "asc"), sort: "admissionDue" as const, dir: "asc" as const };
  const today = xdtToday();
  const { rows, total } = await listLoans(await getDb(), user.scope, params, { status: "pending" });
  return { rows: rows.map((r) => ({ ...r, clock: r.admissionDue ? clockStatus(r.admissionDue as LegalDate, today) : null })), total, page: params.page, today };
}

export default function Admissions() {
  const { rows, total, page, today } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>入库审核队列</h1>
      <p className="muted">受托管理机构应在银行申请后 5 个工作日内审核是否纳入入库项目（《关于进一步做好中小企业信贷通工作的通知》二）。今天：{today}。按时限排序，已逾期的在前。</p>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="没有待审核的贷款"
        columns={[
          { key: "due", header: "审核时限", render: (r) => <Clock due={r.admissionDue} status={r.clock} /> },
          { key: "contractNo", header: "合同编号", render: (r) => <><Link to={`/xdt/loans/${r.id}`}>{r.contractNo}</Link> <SoftOverride override={r.override} compact /></> },
          { key: "bank", header: "合作银行", render: (r) => r.bank },
          { key: "enterprise", header: "借款企业", render: (r) => r.enterprise },
          { key: "amount", header: "金额（元）", render: (r) => <Money fen={r.amountFen} /> },
          { key: "rate", header: "年利率", render: (r) => formatBp(r.annualRateBp) },
          { key: "date", header: "放款日", render: (r) => r.disbursementDate },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
