import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { OverrideNote } from "~/components/funds/ui";
import { DataTable, ExportLinks, FilterForm, Pager, FilterSelect } from "~/components/list";
import { FUND_PROGRAM_OPTIONS, FUND_STATUS_LABELS } from "~/lib/labels";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { PROJECT_SORTS, listProjects, parseProjectFilters, regionOptions } from "~/server/funds/projects.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";

export const meta: MetaFunction = () => [{ title: "项目库与申报 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const url = new URL(request.url);
  const params = parseListParams(url, PROJECT_SORTS, "id", "desc");
  const db = await getDb();
  const { rows, total } = await listProjects(db, user.scope, params, parseProjectFilters(url));
  return { rows, total, page: params.page, regions: await regionOptions(db, user.scope), canCreate: can(user, "edit:funds-project") };
}

export default function FundProjects() {
  const { rows, total, page, regions, canCreate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>项目库与申报 {canCreate ? <Link to="/funds/projects/new" className="button">项目入库</Link> : null}</h1>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="项目名称、单位名称或信用代码" />
        </label>
        <FilterSelect label="专项资金" name="program" options={FUND_PROGRAM_OPTIONS} />
        <FilterSelect label="状态" name="status" options={Object.entries(FUND_STATUS_LABELS)} />
        <label>
          地区
          <select name="region" defaultValue={params.get("region") ?? ""}>
            <option value="">全部</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>{r.name}</option>
            ))}
          </select>
        </label>
        <label>
          年度
          <input name="year" defaultValue={params.get("year") ?? ""} size={6} inputMode="numeric" />
        </label>
        <ExportLinks table="funds-projects" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "id", header: "编号", sort: "id", render: (r) => r.id },
          { key: "name", header: "项目名称", sort: "name", render: (r) => <Link to={`/funds/projects/${r.id}`}>{r.name}</Link> },
          { key: "program", header: "资金", render: (r) => r.program },
          { key: "enterprise", header: "项目单位", sort: "enterprise", render: (r) => r.enterprise },
          { key: "region", header: "地区", sort: "region", render: (r) => r.region },
          { key: "year", header: "年度", render: (r) => r.year ?? "—" },
          { key: "status", header: "状态", sort: "status", render: (r) => FUND_STATUS_LABELS[r.status] ?? r.status },
          { key: "amount", header: "安排（元）", sort: "amount", numeric: true, render: (r) => (r.allocatedFen !== null ? <><Money fen={r.allocatedFen} /><OverrideNote by={r.overrideBy} reason={r.overrideReason} /></> : "—") },
          { key: "paid", header: "已拨付（元）", numeric: true, render: (r) => (r.allocatedFen !== null ? <Money fen={r.paidFen} /> : "—") },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
