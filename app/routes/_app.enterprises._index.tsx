import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable, ExportLinks, FilterForm, Pager, FilterSelect } from "~/components/list";
import { SIZE_LABELS, SRDI_LABELS } from "~/lib/labels";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { ENTERPRISE_SORTS, listEnterprises } from "~/server/enterprises.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { regionOptions } from "~/server/organisations.server";

export const meta: MetaFunction = () => [{ title: "企业库 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:enterprise");
  const url = new URL(request.url);
  const params = parseListParams(url, ENTERPRISE_SORTS, "name", "asc");
  const filters = {
    regionCode: /^\d{6}$/.test(url.searchParams.get("region") ?? "") ? url.searchParams.get("region")! : undefined,
    sizeClass: url.searchParams.get("size") && SIZE_LABELS[url.searchParams.get("size")!] ? url.searchParams.get("size")! : undefined,
    srdiTier: url.searchParams.get("tier") && SRDI_LABELS[url.searchParams.get("tier")!] ? url.searchParams.get("tier")! : undefined,
  };
  const db = await getDb();
  const { rows, total } = await listEnterprises(db, user.scope, params, filters);
  // region menu: only regions inside the user's scope
  const regions = (await regionOptions(db)).filter((r) => r.level !== "province" && (user.scope.kind === "all" || (user.scope.kind === "region" && (r.code === user.scope.regionCode || r.parentCode === user.scope.regionCode))));
  return { rows, total, page: params.page, regions, canRegister: can(user, "register:enterprise"), isBank: user.scope.kind === "bank" };
}

export default function Enterprises() {
  const { rows, total, page, regions, canRegister, isBank } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>企业库</h1>
      {isBank ? <p className="muted">只列出本行报备过信贷通贷款的借款企业。新的借款企业在报备贷款时一并登记（页面、批量导入或接口）。</p> : null}
      {canRegister ? (
        <p>
          <Link to="/enterprises/new">登记企业（项目单位）</Link>
        </p>
      ) : null}
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="企业名称或统一社会信用代码" />
        </label>
        <label>
          地区
          <select name="region" defaultValue={params.get("region") ?? ""}>
            <option value="">全部</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.level === "county" ? "　" : ""}
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <FilterSelect label="规模" name="size" options={Object.entries(SIZE_LABELS)} />
        <FilterSelect label="梯度培育" name="tier" options={Object.entries(SRDI_LABELS)} />
        <ExportLinks table="enterprises" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "creditCode", header: "统一社会信用代码", sort: "creditCode", render: (r) => <code>{r.creditCode}</code> },
          { key: "name", header: "企业名称", sort: "name", render: (r) => <Link to={`/enterprises/${r.id}`}>{r.name}</Link> },
          { key: "region", header: "地区", sort: "region", render: (r) => r.regionName },
          { key: "size", header: "规模", sort: "size", render: (r) => SIZE_LABELS[r.sizeClass] },
          { key: "industry", header: "行业", render: (r) => r.industryName },
          { key: "tags", header: "标签", render: (r) => <>{r.aboveScale ? <span className="tag">规上</span> : null} {r.srdiTier ? <span className="tag">{SRDI_LABELS[r.srdiTier]}</span> : null}</> },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
