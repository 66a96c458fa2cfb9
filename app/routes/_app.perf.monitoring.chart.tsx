import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ExportLinks, FilterForm, FilterSelect } from "~/components/list";
import { MonitoringChart } from "~/components/perf-charts";
import { FUND_PROGRAM_OPTIONS } from "~/lib/labels";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fundsToday, regionOptions } from "~/server/funds/projects.server";
import { CHART_LIMIT, monitoringChart, monitoringPeriods, parseMonitoringFilters } from "~/server/perf/monitoring.server";

export const meta: MetaFunction = () => [{ title: "双监控图表 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const url = new URL(request.url);
  const db = await getDb();
  const filters = parseMonitoringFilters(url);
  const chart = await monitoringChart(db, user.scope, filters, fundsToday());
  return { chart, regions: await regionOptions(db, user.scope), periods: await monitoringPeriods(db, user.scope) };
}

export default function MonitoringChartPage() {
  const { chart, regions, periods } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>双监控图表</h1>
      <p className="muted">
        每个项目一组柱：预算执行进度（账簿）与绩效目标完成度；灰色短线为该项目的时间进度，红色虚线为偏差线（时间进度减容差，MONITORING_TOLERANCES），柱低于偏差线即为偏差（GXZJ-35 第二十七条；ZXZJ-206 第二十五条）。
        图下附数据表，可导出 Excel。<Link to="/perf/monitoring">返回监控记录</Link>
      </p>
      <FilterForm>
        <FilterSelect label="监控期间" name="period" options={periods.map((p) => [p, p] as const)} />
        <FilterSelect label="专项资金" name="program" options={FUND_PROGRAM_OPTIONS} />
        <FilterSelect label="地区" name="region" options={regions.map((r) => [r.code, r.name] as const)} />
        <FilterSelect label="偏差" name="flag" options={[["flagged", "有偏差"], ["ok", "无偏差"]]} />
      </FilterForm>
      {chart.period && chart.tolerance ? (
        <>
          <MonitoringChart rows={chart.rows} period={chart.period} toleranceBp={chart.tolerance.executionLagBp} />
          {chart.total > chart.rows.length ? <p className="muted">图中显示前 {chart.rows.length} 个项目（共 {chart.total} 个），请按地区或资金筛选；导出包含全部。</p> : null}
          <ExportLinks table="perf-monitoring-chart" extra={{ period: chart.period }} />
        </>
      ) : (
        <p className="muted">尚无监控记录。</p>
      )}
    </>
  );
}
