import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ExportLinks, FilterForm, FilterSelect } from "~/components/list";
import { GradeChart, ScorecardChart } from "~/components/perf-evaluation-charts";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fundsToday } from "~/server/funds/projects.server";
import { gradeDistribution, parseScorecardYear, regionScorecard, SCORECARD_YEARS } from "~/server/perf/scorecard.server";

export const meta: MetaFunction = () => [{ title: "绩效图表 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const db = await getDb();
  const today = fundsToday();
  const year = parseScorecardYear(new URL(request.url), today);
  return {
    year,
    byRegion: await gradeDistribution(db, user.scope, "region"),
    byProgram: await gradeDistribution(db, user.scope, "program"),
    scorecard: await regionScorecard(db, user.scope, year, today),
    // the page needs the list in the browser too, where server modules are empty
    years: [...SCORECARD_YEARS],
  };
}

export default function PerfCharts() {
  const { year, byRegion, byProgram, scorecard, years } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>绩效图表</h1>
      <p className="muted">重点评价等级分布（各年度）与地区记分卡。每张图下附数据表（可展开），可导出 Excel。</p>
      <GradeChart title="重点评价等级分布（按市州）" labelHeader="市州" rows={byRegion} />
      <ExportLinks table="perf-grades-region" />
      <GradeChart title="重点评价等级分布（按专项资金）" labelHeader="专项资金" rows={byProgram} />
      <ExportLinks table="perf-grades-program" />
      <FilterForm>
        <FilterSelect label="资金年度" name="year" options={years.map((y) => [y, `${y} 年度`] as const)} />
      </FilterForm>
      <ScorecardChart year={year} rows={scorecard} />
      <ExportLinks table="perf-scorecard" extra={{ year: String(year) }} />
    </>
  );
}
