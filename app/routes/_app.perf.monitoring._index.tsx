import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, FilterForm, FilterSelect, Pager } from "~/components/list";
import { MONITOR_LIST_FLAGS } from "~/lib/forms/perf-monitoring";
import { FUND_PROGRAM_OPTIONS } from "~/lib/labels";
import { PAGE_SIZE } from "~/lib/list";
import { formatBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fundsToday, regionOptions } from "~/server/funds/projects.server";
import { parseListParams } from "~/server/list.server";
import { MONITORING_SORTS, listMonitoring, monitoringPeriods, parseMonitoringFilters } from "~/server/perf/monitoring.server";

export const meta: MetaFunction = () => [{ title: "绩效双监控 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const url = new URL(request.url);
  const params = parseListParams(url, MONITORING_SORTS, "asOf", "desc");
  const db = await getDb();
  const { rows, total } = await listMonitoring(db, user.scope, params, parseMonitoringFilters(url), fundsToday());
  return { rows, total, page: params.page, regions: await regionOptions(db, user.scope), periods: await monitoringPeriods(db, user.scope) };
}

const bp = (v: number | null) => (v === null ? "—" : formatBp(v));

export default function MonitoringList() {
  const { rows, total, page, regions, periods } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>
        绩效双监控 <Link to={`/perf/monitoring/chart${params.toString() ? `?${params.toString()}` : ""}`} className="button secondary">图表</Link>
      </h1>
      <p className="muted">每个已安排资金的项目按半年度监控：预算执行进度（账簿已拨付 ÷ 安排）与绩效目标完成度，落后于时间进度超过容差即为偏差（GXZJ-35 第二十七条；ZXZJ-206 第二十五条），偏差须限期整改。</p>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="项目或单位名称" />
        </label>
        <FilterSelect label="专项资金" name="program" options={FUND_PROGRAM_OPTIONS} />
        <FilterSelect label="地区" name="region" options={regions.map((r) => [r.code, r.name] as const)} />
        <FilterSelect label="监控期间" name="period" options={periods.map((p) => [p, p] as const)} />
        <FilterSelect label="偏差与整改" name="flag" options={MONITOR_LIST_FLAGS} />
        <ExportLinks table="perf-monitoring" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "asOf", header: "期间", sort: "asOf", render: (r) => r.period },
          { key: "project", header: "项目", sort: "project", render: (r) => <Link to={`/funds/projects/${r.projectId}/monitoring`}>{r.project}</Link> },
          { key: "program", header: "资金", render: (r) => r.program },
          { key: "region", header: "地区", sort: "region", render: (r) => r.region },
          { key: "paid", header: "已拨付 / 安排（元）", numeric: true, render: (r) => <><Money fen={r.paidFen} /> / <Money fen={r.allocatedFen} /></> },
          { key: "time", header: "时间进度", numeric: true, render: (r) => bp(r.timeElapsedBp) },
          { key: "execution", header: "执行进度", sort: "execution", numeric: true, render: (r) => <>{bp(r.executionBp)}{r.executionFlag ? " ⚠" : ""}</> },
          { key: "attainment", header: "目标完成度", sort: "attainment", numeric: true, render: (r) => <>{bp(r.goalAttainmentBp)}{r.goalFlag ? " ⚠" : ""}</> },
          {
            key: "due",
            header: "整改",
            sort: "due",
            render: (r) => (r.taskStatus === null ? "—" : r.taskStatus === "done" ? `已完成（${r.completedOn}）` : r.overdue ? <strong className="warn">逾期（应于 {r.dueOn}）</strong> : `应于 ${r.dueOn} 前`),
          },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
