import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable, ExportLinks, FilterForm, FilterSelect, Pager } from "~/components/list";
import { PERF_KIND_LABELS } from "~/lib/forms/perf";
import { FUND_PROGRAM_OPTIONS } from "~/lib/labels";
import { PAGE_SIZE } from "~/lib/list";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { EVALUATION_SORTS, listEvaluations, parseEvaluationFilters } from "~/server/perf/evaluations.server";

export const meta: MetaFunction = () => [{ title: "绩效评价 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const url = new URL(request.url);
  const params = parseListParams(url, EVALUATION_SORTS, "evaluatedOn", "desc");
  const { rows, total } = await listEvaluations(await getDb(), user.scope, params, parseEvaluationFilters(url));
  return { rows, total, page: params.page };
}

export default function PerfEvaluations() {
  const { rows, total, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>绩效评价</h1>
      <p className="muted">单位自评、财政抽查与重点评价（等级按 D-10：优 ≥ 90，良 80–89，中 60–79，差 &lt; 60）。在项目的“绩效评价与结果应用”页办理。另见 <Link to="/perf/scorecard">地区绩效记分卡</Link>、<Link to="/perf/charts">绩效图表</Link>。</p>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="项目或单位名称" />
        </label>
        <FilterSelect label="评价类型" name="kind" options={Object.entries(PERF_KIND_LABELS)} />
        <FilterSelect label="等级" name="grade" options={["优", "良", "中", "差"].map((g) => [g, g] as const)} />
        <FilterSelect label="专项资金" name="program" options={FUND_PROGRAM_OPTIONS} />
        <label>
          年度
          <input name="year" defaultValue={params.get("year") ?? ""} size={6} inputMode="numeric" />
        </label>
        <ExportLinks table="perf-evaluations" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "project", header: "项目", sort: "project", render: (r) => <Link to={`/funds/projects/${r.projectId}/evaluation`}>{r.project}</Link> },
          { key: "unit", header: "项目单位", render: (r) => r.unit },
          { key: "region", header: "地区", sort: "region", render: (r) => r.region },
          { key: "program", header: "资金", render: (r) => r.program },
          { key: "year", header: "年度", sort: "year", render: (r) => r.year },
          { key: "kind", header: "类型", render: (r) => r.kindLabel },
          { key: "score", header: "评分", sort: "score", numeric: true, render: (r) => (r.scoreCenti / 100).toFixed(2) },
          { key: "grade", header: "等级", render: (r) => r.grade },
          { key: "evaluatedOn", header: "日期", sort: "evaluatedOn", render: (r) => r.evaluatedOn },
          { key: "by", header: "评价人", render: (r) => r.byName },
          { key: "published", header: "公开", render: (r) => r.publishedOn ?? "—" },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
