import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { Why } from "~/components/funds/ui";
import { ExportLinks, FilterForm, FilterSelect } from "~/components/list";
import { formatBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fundsToday } from "~/server/funds/projects.server";
import { FINDINGS_SOURCE_READY, parseScorecardYear, regionScorecard, SCORECARD_YEARS } from "~/server/perf/scorecard.server";

export const meta: MetaFunction = () => [{ title: "地区绩效记分卡 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const today = fundsToday();
  const year = parseScorecardYear(new URL(request.url), today);
  return { year, today, rows: await regionScorecard(await getDb(), user.scope, year, today), findingsReady: FINDINGS_SOURCE_READY, years: [...SCORECARD_YEARS] };
}

export default function Scorecard() {
  const { year, today, rows, findingsReady, years } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>地区绩效记分卡（{year} 年度资金）</h1>
      <p className="muted">
        拨付进度 = 下达至市州的转移支付中已拨付至项目单位的比例（取自账簿分录，截至 {today}），与该年度时间进度比较（双监控容差 10 个百分点）；目标完成情况取重点评价平均分（D-10 分档）；监督检查问题数{findingsReady ? "" : "暂无数据来源（审计发现尚未建立），按 0 计"}。按《贵州省工业和信息化发展专项资金管理办法》第三十条，预算绩效目标完成情况不佳、资金拨付进度较慢及监督检查中发现问题较多的市县，视情况减少该地区下一年度专项资金支持。
      </p>
      <FilterForm>
        <FilterSelect label="资金年度" name="year" options={years.map((y) => [y, `${y} 年度`] as const)} />
        <ExportLinks table="perf-scorecard" extra={{ year: String(year) }} />
      </FilterForm>
      <p><Link to="/perf/charts">记分卡与等级分布图表 →</Link></p>
      <table className="data">
        <thead>
          <tr><th>市州</th><th className="num">下达（元）</th><th className="num">已拨付（元）</th><th className="num">拨付进度</th><th className="num">时间进度</th><th className="num">重点评价（优/良/中/差）</th><th className="num">平均分</th><th className="num">监督检查问题</th><th>第三十条提示</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} className={r.flagged ? "flagged" : undefined}>
              <td>{r.name}</td>
              <td className="num"><Money fen={r.issuedFen} /></td>
              <td className="num"><Money fen={r.paidFen} /></td>
              <td className="num">{r.disbursementBp === null ? "—" : formatBp(r.disbursementBp)}</td>
              <td className="num">{formatBp(r.timeElapsedBp)}</td>
              <td className="num">{r.keyCount ? `${r.grades.优}/${r.grades.良}/${r.grades.中}/${r.grades.差}` : "—"}</td>
              <td className="num">{r.meanScore === null ? "—" : `${r.meanScore}（${r.meanGrade}）`}</td>
              <td className="num">{r.findings}</td>
              <td>
                {r.flagged ? <strong className="form-error">⚠ 视情况减少下一年度支持：{r.reasons.join("；")}</strong> : "—"}
                <Why text={r.explain} label="依据（GXZJ-35 第三十条）" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
