import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { OverrideNote } from "~/components/funds/ui";
import { PAYEE_ACCOUNT_LABELS } from "~/lib/forms/funds";
import { FUND_ALLOCATION_STATUS_LABELS, FUND_FILING_LEVEL_LABELS, FUND_OBJECTION_LABELS, FUND_PAYMENT_KIND_LABELS, FUND_RECOVERY_LABELS, FUND_STATUS_LABELS, FUND_STEP_LABELS, FUND_SUPPORT_MODE_LABELS } from "~/lib/labels";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { found } from "~/server/http.server";
import { fundsToday, getProject, type VerdictRecord } from "~/server/funds/projects.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `项目表：${data?.project.name ?? ""} · 资金通` }];

/** The printable project sheet (issue 5 §12): the same data and scope as the project page, laid out for paper. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.projectId);
  const project = found(Number.isSafeInteger(id) ? await getProject(await getDb(), user.scope, id, user.id) : null);
  return { project, printedOn: fundsToday(), printedBy: user.displayName };
}

/** A verdict printed in full (a collapsed <details> would not print). */
function Verdict({ title, v }: { title: string; v: VerdictRecord | null | undefined }) {
  if (!v) return null;
  return (
    <div className="why">
      <strong>{title}</strong>
      <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: "4px 0 8px" }}>{v.explain}</pre>
    </div>
  );
}

const score = (c: number | null) => (c === null ? "—" : (c / 100).toFixed(2));

export default function ProjectSheet() {
  const { project: p, printedOn, printedBy } = useLoaderData<typeof loader>();
  return (
    <div className="printable project-sheet">
      <p className="no-print">
        <a href={`/funds/projects/${p.id}`}>← 返回项目</a> · <button type="button" onClick={() => window.print()}>打印</button>
      </p>
      <h1>专项资金项目表</h1>
      <p className="muted">{p.program.name}（{p.program.code}）· 打印日期 {printedOn} · {printedBy}</p>
      <table className="data">
        <tbody>
          <tr><th>项目名称</th><td>{p.name}</td></tr>
          <tr><th>项目单位</th><td>{p.enterprise.name}（{p.enterprise.creditCode}）</td></tr>
          <tr><th>所在地</th><td>{p.regionName}</td></tr>
          <tr><th>入库状态</th><td>{p.libraryStatusLabel}{p.enteredOn ? `（${p.enteredOn}）` : ""}{p.libraryNote ? `：${p.libraryNote}` : ""}</td></tr>
          <tr><th>类别</th><td>{p.category}{p.exemptCategory ? "（磷石膏/锰渣/赤泥综合利用，不适用额度上限）" : ""}</td></tr>
          <tr><th>总投资 / 固定资产投资</th><td><Money fen={p.totalInvestmentFen} /> 元 / <Money fen={p.fixedAssetInvestmentFen} /> 元</td></tr>
          <tr><th>建设期</th><td>{p.constructionStart} 至 {p.constructionEnd}</td></tr>
          <tr><th>申报层级</th><td>{FUND_FILING_LEVEL_LABELS[p.filingLevel]}{p.keyProject ? "；重点项目" : ""}{p.provincialEnterprise ? "；省属企业" : ""}</td></tr>
          <tr><th>就业 / 税收 / 上规入统</th><td>{p.jobs} 人 / <Money fen={p.taxFen} /> 元 / {p.aboveScaleNew ? "是" : "否"}</td></tr>
        </tbody>
      </table>

      <h2>实施方案</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{p.implementationPlan}</p>

      <h2>绩效目标</h2>
      <table className="data">
        <thead><tr><th>指标</th><th>单位</th><th>目标值</th><th>方向</th><th>权重</th><th>实际</th></tr></thead>
        <tbody>
          {p.goals.length === 0 ? <tr><td colSpan={6}>未设定绩效目标</td></tr> : null}
          {p.goals.map((g) => <tr key={g.id}><td>{g.name}</td><td>{g.unit}</td><td>{g.target}</td><td>{g.direction === "higher" ? "越高越好" : "越低越好"}</td><td>{g.weight}</td><td>{g.actual ?? "—"}</td></tr>)}
        </tbody>
      </table>

      <h2>申报与评审</h2>
      {p.applications.length === 0 ? <p>尚未申报。</p> : null}
      {p.applications.map((a) => (
        <section key={a.id}>
          <h3>{a.year} 年度申报：{FUND_STATUS_LABELS[a.status]}</h3>
          <p>支持方式 {FUND_SUPPORT_MODE_LABELS[a.supportMode]}；申请 <Money fen={a.requestedFen} /> 元；申报日 {a.filedOn}</p>
          <p>申报材料：{a.documents.map((d) => `${d}${a.uploaded.some((u) => u.kind === d) ? "（已提供）" : "（未提供）"}`).join("、") || "—"}</p>
          <Verdict title="申报指南" v={a.guideCheck} />
          <p>专家评分（{a.scoreCount} 位）：{a.averageCenti !== null ? `平均 ${score(a.averageCenti)}，极差 ${score(a.spreadCenti)}` : "—"}</p>
          {a.rankScore !== null ? <p>综合排序得分 {score(a.rankScore)}</p> : null}
          {a.decisionRef ? <p>集体决策：{a.decisionRef}（{a.decidedOn}）</p> : null}
          {a.publicityStart ? <p>公示：{a.publicityStart} 至 {a.publicityEnd}（{p.program.publicityWorkingDays} 个工作日）</p> : null}
          {a.objections.length ? <p>公示异议：{a.objections.map((o) => `${o.filedOn} ${FUND_OBJECTION_LABELS[o.status]}${o.finding ? `（${o.finding}）` : ""}`).join("；")}</p> : null}
          {a.approvalRef ? <p>{p.program.ruleSet === "GXZJ" ? "资金安排计划" : "资金申请"}：{a.approvalRef}（{a.approvedOn}）</p> : null}
          <table className="data">
            <thead><tr><th>日期</th><th>环节</th><th>经办</th><th>意见</th></tr></thead>
            <tbody>{a.steps.map((s) => <tr key={s.id}><td>{s.onDate}</td><td>{FUND_STEP_LABELS[s.step] ?? s.step}</td><td>{s.byName}</td><td>{s.note ?? ""}</td></tr>)}</tbody>
          </table>
        </section>
      ))}

      <h2>资金安排、拨付、调整与验收</h2>
      {p.allocations.length === 0 ? <p>尚未安排资金。</p> : null}
      {p.allocations.map((x) => (
        <section key={x.id}>
          <h3>
            {x.year} 年度安排 <Money fen={x.amountFen} /> 元<OverrideNote by={x.overrideBy} reason={x.overrideReason} />
          </h3>
          <p>{FUND_SUPPORT_MODE_LABELS[x.supportMode]}；{x.level === "provincial" ? "省本级" : "转移支付"}；决定日 {x.decidedOn}；{FUND_ALLOCATION_STATUS_LABELS[x.status]}；已拨付 <Money fen={x.paidFen} /> 元{x.prepayMaxFen > 0 ? <>；可预拨 <Money fen={x.prepayMaxFen} /> 元</> : null}</p>
          <Verdict title="额度检查" v={x.capVerdict} />
          <Verdict title="跨资金重复申报检查" v={x.duplicateVerdict} />
          <table className="data">
            <thead><tr><th>笔次</th><th>类型</th><th>日期</th><th className="num">金额（元）</th><th>收款人</th><th>账户类型</th><th>分录</th></tr></thead>
            <tbody>
              {x.payments.length === 0 ? <tr><td colSpan={7}>尚未拨付</td></tr> : null}
              {x.payments.map((y) => <tr key={y.id}><td>{y.tranche}</td><td>{FUND_PAYMENT_KIND_LABELS[y.kind]}</td><td>{y.paidOn}</td><td className="num"><Money fen={y.amountFen} /></td><td>{y.payeeName}</td><td>{PAYEE_ACCOUNT_LABELS[y.payeeAccountType]}</td><td>{y.journalId}</td></tr>)}
            </tbody>
          </table>
          {x.adjustments.map((y) => (
            <div key={y.id}>
              <p>调整申请 {y.requestedOn}：{y.content} — {y.status === "approved" ? "已批准" : "未批准"}（审批：{y.approver}）</p>
              <Verdict title="调整规则" v={y.verdict} />
            </div>
          ))}
          {x.acceptance ? (
            <>
              <p>验收：{x.acceptance.acceptedOn} {x.acceptance.body} — {x.acceptance.result === "passed" ? "通过" : "不通过"}{x.acceptance.note ? `（${x.acceptance.note}）` : ""}</p>
              <Verdict title="验收组织" v={x.acceptance.verdict as unknown as VerdictRecord} />
            </>
          ) : x.status === "active" && p.constructionEnd < printedOn ? (
            <p>建设期已于 {p.constructionEnd} 结束，尚未验收</p>
          ) : null}
          {x.recoveries.map((r) => <p key={r.id}>收回 <Money fen={r.amountFen} /> 元（{FUND_RECOVERY_LABELS[r.kind]}，{r.decidedOn}，分录 {r.journalId}）：{r.reason}</p>)}
        </section>
      ))}
      {p.bans.length ? <p>取消申报资格：{p.bans.map((b) => `${b.decidedOn} 至 ${b.lastBannedDay}（${b.reason}）`).join("；")}</p> : null}
    </div>
  );
}
