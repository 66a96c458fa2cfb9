import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { FUND_OBJECTION_LABELS, FUND_SUPPORT_MODE_LABELS } from "~/lib/labels";
import { getDb } from "~/server/db.server";
import { disclosure } from "~/server/funds/disclosure.server";
import { fundsToday } from "~/server/funds/projects.server";

export const meta: MetaFunction = () => [{ title: "专项资金信息公开 · 资金通" }];

/** Public (no sign-in): GXZJ-35 Art.32 disclosure. Only the fields in PUBLIC_FIELDS are read. */
export async function loader({ request }: LoaderFunctionArgs) {
  const y = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isSafeInteger(y) && y >= 2020 && y <= 2100 ? y : undefined;
  return { year: year ?? null, ...(await disclosure(await getDb(), fundsToday(), year)) };
}

const s = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const fen = (v: unknown) => <Money fen={Number(v)} />;

export default function FundsDisclosure() {
  const d = useLoaderData<typeof loader>();
  return (
    <main className="printable" style={{ maxWidth: 1100, margin: "0 auto", padding: 16 }}>
      <h1>贵州省专项资金信息公开</h1>
      <p className="muted">依据《贵州省工业和信息化发展专项资金管理办法》第三十二条公开：管理制度、申报指南、项目安排计划、分配方法与程序、分配结果、资金使用、绩效（验收）结果与异议处理情况。涉密内容不予公开。</p>
      <nav><a href="#rules">管理制度</a> · <a href="#guides">申报指南</a> · <a href="#publicity">正在公示</a> · <a href="#results">分配结果</a> · <a href="#use">资金使用</a> · <a href="#acceptance">验收结果</a> · <a href="#performance">绩效评价结果</a> · <a href="#complaints">异议处理</a></nav>
      <form method="get"><label>年度 <input name="year" defaultValue={d.year ?? ""} size={6} /></label> <button type="submit">筛选</button></form>
      <h2 id="rules">管理制度与分配方法</h2>
      <table className="data">
        <thead><tr><th>专项资金</th><th>实施期限</th><th className="num">单位年度支持上限（元）</th><th className="num">单个项目上限（元）</th><th>支持方式</th><th>公示期</th></tr></thead>
        <tbody>{d.programs.map((p) => <tr key={s(p.name)}><td>{s(p.name)}</td><td>{s(p.termFrom)} 至 {s(p.termTo)}</td><td className="num">{fen(p.unitYearCapFen)}</td><td className="num">{fen(p.projectCapFen)}</td><td>{(p.supportModes as unknown as string[]).map((m) => FUND_SUPPORT_MODE_LABELS[m]).join("、")}</td><td>{s(p.publicityWorkingDays)} 个工作日</td></tr>)}</tbody>
      </table>
      <p>分配程序：项目入库 → 市县形式预审 → 省工信厅初审、专家评审（可实地核查）→ 综合排序 → 集体决策 → 向社会公示 → 下达资金计划 → 按项目进度拨付至项目单位 → 验收与绩效评价。</p>
      <h2 id="guides">申报指南</h2>
      {d.guides.map((g) => (
        <section key={`${s(g.program)}${s(g.year)}`}>
          <h3><a href={`/disclosure/funds/guides/${s(g.id)}`}>{s(g.title)}</a></h3>
          <p>申报时间：{s(g.openFrom)} 至 {s(g.openTo)}（{s(g.publishedOn)} 发布）</p>
          <p>支持方向：{s(g.directions)}</p>
          <p>申报条件：{s(g.conditions)}</p>
        </section>
      ))}
      <h2 id="publicity">正在公示的项目</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>项目</th><th>项目单位</th><th>地区</th><th className="num">拟支持金额（元）</th><th>公示期</th></tr></thead>
        <tbody>{d.publicity.map((r, i) => <tr key={i}><td>{s(r.program)}</td><td>{s(r.year)}</td><td>{s(r.project)}</td><td>{s(r.unit)}</td><td>{s(r.region)}</td><td className="num">{fen(r.proposedFen)}</td><td>{s(r.publicityStart)} 至 {s(r.publicityEnd)}</td></tr>)}</tbody>
      </table>
      <h2 id="results">分配结果</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>项目</th><th>项目单位</th><th>地区</th><th>支持方式</th><th className="num">安排（元）</th><th>计划文号</th><th>日期</th></tr></thead>
        <tbody>{d.allocations.map((r, i) => <tr key={i}><td>{s(r.program)}</td><td>{s(r.year)}</td><td>{s(r.project)}</td><td>{s(r.unit)}</td><td>{s(r.region)}</td><td>{FUND_SUPPORT_MODE_LABELS[s(r.supportMode)]}</td><td className="num">{fen(r.amountFen)}</td><td>{s(r.approvalRef)}</td><td>{s(r.decidedOn)}</td></tr>)}</tbody>
      </table>
      <h2 id="use">资金使用情况</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th className="num">已安排（元）</th><th className="num">已拨付（元）</th><th className="num">已收回（元）</th></tr></thead>
        <tbody>{d.use.map((r, i) => <tr key={i}><td>{s(r.program)}</td><td>{s(r.year)}</td><td className="num">{fen(r.allocatedFen)}</td><td className="num">{fen(r.paidFen)}</td><td className="num">{fen(r.recoveredFen)}</td></tr>)}</tbody>
      </table>
      <h2 id="acceptance">验收（绩效）结果</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>项目</th><th>项目单位</th><th>结论</th><th>日期</th></tr></thead>
        <tbody>{d.acceptance.map((r, i) => <tr key={i}><td>{s(r.program)}</td><td>{s(r.project)}</td><td>{s(r.unit)}</td><td>{r.result === "passed" ? "通过" : "不通过"}</td><td>{s(r.acceptedOn)}</td></tr>)}</tbody>
      </table>
      <h2 id="performance">绩效评价结果（重点评价）</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>项目</th><th>项目单位</th><th>地区</th><th className="num">评分</th><th>等级</th><th>公开日期</th></tr></thead>
        <tbody>{d.performance.map((r, i) => <tr key={i}><td>{s(r.program)}</td><td>{s(r.year)}</td><td>{s(r.project)}</td><td>{s(r.unit)}</td><td>{s(r.region)}</td><td className="num">{s(r.score)}</td><td>{s(r.grade)}</td><td>{s(r.publishedOn)}</td></tr>)}</tbody>
      </table>
      <h2 id="complaints">公示异议处理情况</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>项目</th><th>处理情况</th><th>办结日期</th></tr></thead>
        <tbody>{d.complaints.map((r, i) => <tr key={i}><td>{s(r.program)}</td><td>{s(r.project)}</td><td>{FUND_OBJECTION_LABELS[s(r.status)]}</td><td>{s(r.decidedOn)}</td></tr>)}</tbody>
      </table>
    </main>
  );
}
