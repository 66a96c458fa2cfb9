import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, FilterForm, Pager, FilterSelect } from "~/components/list";
import { Clock } from "~/components/xdt";
import { XDT_CLAIM_STATUS_LABELS } from "~/lib/labels";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { CLAIM_SORTS, listClaims, parseClaimFilters } from "~/server/xdt/claims.server";
import { partnerBanks, xdtToday } from "~/server/xdt/reference.server";
import { xdtStatedFigures } from "#rules";

export const meta: MetaFunction = () => [{ title: "代偿申请 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const url = new URL(request.url);
  // default: the queue — open claims, nearest clock first
  const params = parseListParams(url, CLAIM_SORTS, "due", "asc");
  const db = await getDb();
  const { rows, total } = await listClaims(db, user.scope, params, parseClaimFilters(url), xdtToday());
  return { rows, total, page: params.page, banks: user.scope.kind === "bank" ? [] : await partnerBanks(db), stated: xdtStatedFigures(xdtToday()) };
}

export default function Claims() {
  const { rows, total, page, banks, stated } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>代偿申请</h1>
      <p className="muted">流程：银行提交（九项材料）→ 受托管理机构核实或退回 → {stated.claimPlanDays} 个工作日内报送补偿方案 → 信贷通办汇总 → 协调领导小组决定 → 决定后 {stated.paymentDays} 个工作日内支付。默认按当前时限排序。</p>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="合同编号或企业名称" />
        </label>
        <label>
          状态
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">全部</option>
            <option value="open">未办结</option>
            {Object.entries(XDT_CLAIM_STATUS_LABELS).map(([k, v]) => (
              <option key={k} value={k}>{v}</option>
            ))}
          </select>
        </label>
        {banks.length > 0 ? <FilterSelect label="合作银行" name="bank" options={banks.map((b) => [b.id, b.name ?? ""] as const)} /> : null}
        <ExportLinks table="xdt-claims" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "id", header: "申请号", render: (r) => <Link to={`/xdt/claims/${r.id}`}>{r.id}</Link> },
          { key: "contractNo", header: "合同编号", render: (r) => r.contractNo },
          { key: "bank", header: "合作银行", render: (r) => r.bank },
          { key: "enterprise", header: "借款企业", render: (r) => r.enterprise },
          { key: "claimDate", header: "申请日", sort: "claimDate", render: (r) => r.claimDate },
          { key: "loss", header: "损失（元）", sort: "loss", render: (r) => <Money fen={r.lossFen} /> },
          { key: "comp", header: `补偿 ${stated.compensationShare}（元）`, render: (r) => <Money fen={r.approvedFen ?? r.compensationFen} /> },
          { key: "status", header: "状态", sort: "status", render: (r) => XDT_CLAIM_STATUS_LABELS[r.status] },
          { key: "due", header: "当前时限", sort: "due", render: (r) => (r.paidOn ? `已于 ${r.paidOn} 支付` : <Clock due={r.due} status={r.clock} />) },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
