import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, FilterForm, Pager } from "~/components/list";
import { ACCOUNT_KIND_LABELS } from "~/lib/labels";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { ACCOUNT_SORTS, ledgerReach, listAccounts } from "~/server/ledger-view.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";

export const meta: MetaFunction = () => [{ title: "账户与分录 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:ledger");
  const params = parseListParams(new URL(request.url), ACCOUNT_SORTS, "code", "asc");
  const { rows, total } = await listAccounts(await getDb(), ledgerReach(user), params);
  return { rows, total, page: params.page };
}

export default function LedgerAccounts() {
  const { rows, total, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>账户与分录</h1>
      <p className="muted">余额由不可更改的记账分录实时汇总得出；借方为正、贷方为负，每笔分录借贷相抵为零。</p>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="账户名称或代码" />
        </label>
        <ExportLinks table="ledger" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "code", header: "科目代码", sort: "code", render: (r) => <Link to={`/ledger/${r.id}`}>{r.code}</Link> },
          { key: "name", header: "账户名称", sort: "name", render: (r) => r.name },
          { key: "kind", header: "类别", render: (r) => ACCOUNT_KIND_LABELS[r.kind] ?? r.kind },
          { key: "owner", header: "所属机构", render: (r) => r.owner ?? "—" },
          { key: "balance", header: "余额（元）", sort: "balance", numeric: true, render: (r) => <Money fen={r.balanceFen} /> },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
