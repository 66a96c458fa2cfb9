import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { FUND_PROGRAM_OPTIONS } from "~/lib/labels";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { IssuedPaidChart, PercentBars } from "~/components/funds/charts";
import { ExportLinks, FilterForm, FilterSelect } from "~/components/list";
import { CITES, citeText } from "~/lib/cites";
import { formatBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { capUse, disbursementVsTime, missingAcceptance, monthlySeries, programProgress, regionProgress } from "~/server/funds/overview.server";
import { fundsToday, regionOptions } from "~/server/funds/projects.server";

export const meta: MetaFunction = () => [{ title: "专项资金概况 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const url = new URL(request.url);
  const program = url.searchParams.get("program");
  const fund = program === "GXZJ" || program === "ZXZJ" ? program : undefined;
  const regionParam = url.searchParams.get("region") ?? "";
  const db = await getDb();
  const regions = await regionOptions(db, user.scope);
  const regionCode = regions.some((r) => r.code === regionParam) ? regionParam : undefined;
  const today = fundsToday();
  const progress = await programProgress(db, user.scope);
  return {
    today,
    progress,
    regions,
    byRegion: await regionProgress(db, user.scope, fund, Number(today.slice(0, 4))),
    series: await monthlySeries(db, user.scope, fund, regionCode),
    pace: disbursementVsTime(progress, today),
    caps: await capUse(db, user.scope),
    missing: await missingAcceptance(db, user.scope, today),
  };
}

const rate = (a: number, b: number) => (b > 0 ? formatBp(Math.round((a * 10_000) / b)) : "—");

export default function FundsOverview() {
  const { progress, byRegion, series, pace, caps, missing, regions, today } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>专项资金概况与执行进度</h1>
      <p className="muted">截至 {today}。拨付进度 = 已拨付 ÷ 已安排；与时间进度相差 10 个百分点以上的标记为执行滞后（双监控，{citeText(CITES.GXZJ_ART27, CITES.GXZJ_ART30_REGION)}）。</p>
      <h2>按资金和年度</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th className="num">预算（元）</th><th className="num">已安排（元）</th><th className="num">已拨付（元）</th><th className="num">拨付进度</th><th className="num">已收回（元）</th></tr></thead>
        <tbody>
          {progress.map((p) => (
            <tr key={`${p.code}${p.year}`}><td>{p.name}</td><td>{p.year}</td><td className="num"><Money fen={p.budgetFen} /></td><td className="num"><Money fen={p.allocatedFen} /></td><td className="num"><Money fen={p.paidFen} /></td><td className="num">{rate(p.paidFen, p.allocatedFen)}</td><td className="num"><Money fen={p.recoveredFen} /></td></tr>
          ))}
        </tbody>
      </table>
      <FilterForm>
        <FilterSelect label="专项资金" name="program" options={FUND_PROGRAM_OPTIONS} />
        <label>
          地区
          <select name="region" defaultValue={params.get("region") ?? ""}>
            <option value="">全部</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
          </select>
        </label>
        <ExportLinks table="funds-progress" />
      </FilterForm>
      <IssuedPaidChart title="下达与拨付（按月累计）" series={series} />
      <h2>按市州</h2>
      <table className="data">
        <thead><tr><th>市州</th><th className="num">已下达（元）</th><th className="num">已安排（元）</th><th className="num">已拨付（元）</th><th className="num">拨付进度</th><th className="num">以前年度拨付进度</th><th>提示</th></tr></thead>
        <tbody>
          {byRegion.map((r) => (
            <tr key={r.code}><td>{r.name}</td><td className="num"><Money fen={r.issuedFen} /></td><td className="num"><Money fen={r.allocatedFen} /></td><td className="num"><Money fen={r.paidFen} /></td><td className="num">{rate(r.paidFen, r.allocatedFen)}</td><td className="num">{rate(r.pastPaidFen, r.pastAllocatedFen)}</td><td>{r.slow ? `支出进度慢（${citeText(CITES.GXZJ_ART30_REGION)}：视情况减少该地区下一年度专项资金支持）` : ""}</td></tr>
          ))}
        </tbody>
      </table>
      <PercentBars title="拨付进度与时间进度" rows={pace.map((p) => ({ label: p.label, aBp: p.rateBp, bBp: p.elapsedBp, note: p.lagging ? "执行滞后" : null }))} a="拨付进度" b="时间进度" />
      <PercentBars title="单位年度额度使用（前 20）" rows={caps.map((c) => ({ label: `${c.unit}（${c.code} ${c.year}）`, aBp: c.useBp, note: `${(c.cappedFen / 100).toLocaleString("zh-CN")} 元 / 上限 ${(c.capFen / 100).toLocaleString("zh-CN")} 元${c.overrides ? `；突破额度：${c.overrides}` : ""}` }))} a="额度使用率" />
      <h2>建设期已满尚未验收</h2>
      <table className="data">
        <thead><tr><th>项目</th><th>地区</th><th>建设期截止</th></tr></thead>
        <tbody>
          {missing.length === 0 ? <tr><td colSpan={3} className="muted">无</td></tr> : null}
          {missing.map((m) => <tr key={m.id}><td><Link to={`/funds/projects/${m.id}`}>{m.name}</Link></td><td>{m.regionName}</td><td>{m.constructionEnd}</td></tr>)}
        </tbody>
      </table>
    </>
  );
}
