import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, FilterForm, Pager } from "~/components/list";
import { Clock } from "~/components/xdt";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { RECOVERY_SORTS, listRecoveries, parseRecoveryFilters } from "~/server/xdt/recoveries.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "追偿返还 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const url = new URL(request.url);
  const params = parseListParams(url, RECOVERY_SORTS, "dueDate", "asc");
  const { rows, total } = await listRecoveries(await getDb(), user.scope, params, parseRecoveryFilters(url), xdtToday());
  return { rows, total, page: params.page };
}

export default function Recoveries() {
  const { rows, total, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>追偿返还</h1>
      <p className="muted">补偿后追回的款项，扣除可扣除费用后按约定比例于收回后 3 个工作日内返还信贷通账户。逾期返还的标为“逾期”，提示受托管理机构和信贷通办。</p>
      <FilterForm>
        <label>
          状态
          <select name="state" defaultValue={params.get("state") ?? ""}>
            <option value="">全部</option>
            <option value="open">待返还</option>
            <option value="late">逾期（含逾期后返还）</option>
            <option value="returned">已返还</option>
          </select>
        </label>
        <ExportLinks table="xdt-recoveries" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "claim", header: "代偿申请", render: (r) => <Link to={`/xdt/claims/${r.claimId}`}>{r.claimId}（{r.contractNo}）</Link> },
          { key: "bank", header: "合作银行", render: (r) => r.bank },
          { key: "enterprise", header: "企业", render: (r) => r.enterprise },
          { key: "recoveryDate", header: "收回日", sort: "recoveryDate", render: (r) => r.recoveryDate },
          { key: "recovered", header: "追回（元）", render: (r) => <Money fen={r.recoveredFen} /> },
          { key: "toPool", header: "应返还（元）", sort: "toPool", render: (r) => <Money fen={r.toPoolFen} /> },
          { key: "due", header: "返还时限", sort: "dueDate", render: (r) => <><Clock due={r.dueDate} status={r.clock} />{r.late ? <strong className="error"> 逾期</strong> : null}</> },
          { key: "returnedOn", header: "返还日", render: (r) => r.returnedOn ?? "—" },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
