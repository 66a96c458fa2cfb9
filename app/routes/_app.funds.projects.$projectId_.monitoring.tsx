import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ZodType } from "zod";
import { Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { IntentForm, useLastSubmission, Why } from "~/components/funds/ui";
import { GOAL_ROWS } from "~/lib/forms/funds";
import { goalChangeSchema, monitorSchema, rectifySchema } from "~/lib/forms/perf-monitoring";
import { CITES, citeText } from "~/lib/cites";
import { formatBp } from "~/lib/money";
import { can, type Permission } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { fundsToday } from "~/server/funds/projects.server";
import { badRequest, found } from "~/server/http.server";
import { changeGoals, completeRectification, projectMonitoring, recordMonitoring } from "~/server/perf/monitoring.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "绩效目标与双监控 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.projectId);
  const db = await getDb();
  const today = fundsToday();
  const data = found(Number.isSafeInteger(id) ? await projectMonitoring(db, user.scope, id, today) : null);
  // the period chosen for the form (its indicators are the goal version in force at that period's end)
  const wanted = new URL(request.url).searchParams.get("period");
  const chosen = data.periods.find((p) => p.label === wanted) ?? data.periods[0] ?? null;
  return { ...data, chosen, today, may: { monitor: can(user, "monitor:funds"), adjust: can(user, "adjust:funds") } };
}

/** One file per indicator (10 MB each) plus the form fields. */
const MAX_REQUEST_BYTES = GOAL_ROWS * 10 * 1024 * 1024 + 1024 * 1024;

const HANDLERS: Record<string, { permission: Permission; schema: ZodType }> = {
  monitor: { permission: "monitor:funds", schema: monitorSchema },
  rectify: { permission: "monitor:funds", schema: rectifySchema },
  "adjust-goals": { permission: "adjust:funds", schema: goalChangeSchema },
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.projectId);
  const user = await requirePermission(request, "read:funds");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) throw badRequest("上传的文件过大（每个佐证材料不超过 10 MB）");
  const db = await getDb();
  const today = fundsToday();
  found(Number.isSafeInteger(id) ? await projectMonitoring(db, user.scope, id, today) : null);
  const intent = String((await request.clone().formData()).get("intent") ?? "");
  const h = HANDLERS[intent];
  if (!h) throw badRequest("未知操作");
  const { formData, actor } = await requireAction(request, context, h.permission);
  const submission = parseWithZod(formData, { schema: h.schema });
  if (submission.status !== "success") return invalid(submission);
  const files = Array.from({ length: GOAL_ROWS }, (_, i) => {
    const f = formData.get(`evidence${i}`);
    return f instanceof File ? f : null;
  });
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => {
      const v = submission.value as never;
      if (intent === "monitor") return recordMonitoring(tx, actor, user.scope, id, v, files, today);
      if (intent === "rectify") return completeRectification(tx, actor, user.scope, id, v);
      return changeGoals(tx, actor, user.scope, id, v);
    });
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/funds/projects/${id}/monitoring`, { type: "success", message: outcome.value.message });
  });
}

const DIRECTION = { higher: "越高越好", lower: "越低越好" } as const;
const bp = (v: number | null) => (v === null ? "—" : formatBp(v));

export default function ProjectMonitoring() {
  const { project, program, enterprise, allocation, versions, current, records, periods, chosen, today, may } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const err = (intent: string) => (last.intent === intent ? last.errors : null);
  const val = (intent: string, name: string, fb = "") => last.value(intent, name, fb);
  return (
    <div className="printable">
      <h1>
        绩效目标与双监控：{project.name}（{program.code}）
      </h1>
      <p>
        <Link to={`/funds/projects/${project.id}`}>← 返回项目</Link> · <Link to="/perf/monitoring">全部监控记录</Link> · 项目单位：{enterprise} · 建设期 {project.constructionStart} 至 {project.constructionEnd}
      </p>
      {last.errors.length && !last.intent ? <div className="form-error" role="alert">{last.errors.join("；")}</div> : null}

      <h2>执行进度（来自账簿）</h2>
      {allocation ? (
        <p>
          {allocation.year} 年度安排 <Money fen={allocation.amountFen} />（{allocation.decidedOn}），截至今日账簿已拨付（净额） <Money fen={allocation.paidNowFen} />，执行进度{" "}
          {formatBp(Math.floor((allocation.paidNowFen * 10000) / allocation.amountFen))}。执行进度 = 项目拨付分录在“已拨付”科目上的发生额合计 ÷ 安排金额，不可手工填报。
        </p>
      ) : (
        <p className="muted">该项目尚未安排资金，无需双监控。</p>
      )}

      <h2>绩效目标（现行第 {current.version} 版）</h2>
      <GoalTable goals={current.goals} />
      <details>
        <summary>目标变更历史（共 {versions.length} 版；只能随经批准的项目调整变更）</summary>
        {versions.map((v) => (
          <div key={v.version} style={{ margin: "8px 0" }}>
            <strong>第 {v.version} 版</strong>
            {v.effectiveFrom ? `：自 ${v.effectiveFrom} 起，随项目调整（${v.adjustmentContent}；审批：${v.approver}）变更，经办 ${v.byName}` : `：${v.reason}`}
            <GoalTable goals={v.goals} />
          </div>
        ))}
      </details>
      {allocation && allocation.status !== "recovered" && may.adjust ? (
        <details open={last.intent === "adjust-goals"}>
        <summary>报批项目调整（含绩效目标变更）</summary>
        <IntentForm intent="adjust-goals" label="报批项目调整（含绩效目标变更）" errors={err("adjust-goals")}>
          <p className="muted">按项目调整规则审批（{citeText(CITES.GXZJ_ART23, CITES.ZXZJ_ART20)}）；批准后绩效目标生效为新版本，原版本保留。</p>
          <label className="field">
            申请日期
            <input type="date" name="onDate" defaultValue={val("adjust-goals", "onDate", today)} max={today} />
          </label>
          <label className="field">
            调整内容与理由
            <textarea name="content" rows={2} defaultValue={val("adjust-goals", "content")} />
          </label>
          <label className="field">
            审批结果
            <select name="decision" defaultValue={val("adjust-goals", "decision", "approved")}>
              <option value="approved">批准</option>
              <option value="refused">不予批准</option>
            </select>
          </label>
          <label className="field">
            再次调整的理由（“原则上只准予一次”，省级填写）
            <textarea name="overrideReason" rows={2} defaultValue={val("adjust-goals", "overrideReason")} />
          </label>
          <table className="data">
            <thead>
              <tr><th>指标</th><th>单位</th><th>目标值</th><th>方向</th><th>权重</th></tr>
            </thead>
            <tbody>
              {Array.from({ length: GOAL_ROWS }, (_, i) => {
                const g = current.goals[i];
                return (
                  <tr key={i}>
                    <td><input name={`goalName[${i}]`} aria-label={`指标${i + 1}名称`} defaultValue={val("adjust-goals", `goalName[${i}]`, g?.name ?? "")} /></td>
                    <td><input name={`goalUnit[${i}]`} aria-label={`指标${i + 1}单位`} size={8} defaultValue={val("adjust-goals", `goalUnit[${i}]`, g?.unit ?? "")} /></td>
                    <td><input name={`goalTarget[${i}]`} aria-label={`指标${i + 1}目标值`} size={8} defaultValue={val("adjust-goals", `goalTarget[${i}]`, g?.target ?? "")} /></td>
                    <td>
                      <select name={`goalDirection[${i}]`} aria-label={`指标${i + 1}方向`} defaultValue={val("adjust-goals", `goalDirection[${i}]`, g?.direction ?? "higher")}>
                        <option value="higher">越高越好</option>
                        <option value="lower">越低越好</option>
                      </select>
                    </td>
                    <td><input name={`goalWeight[${i}]`} aria-label={`指标${i + 1}权重`} size={4} defaultValue={val("adjust-goals", `goalWeight[${i}]`, g ? String(g.weight) : "")} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </IntentForm>
        </details>
      ) : null}

      <h2>双监控记录</h2>
      {records.length === 0 ? <p className="muted">尚无监控记录。</p> : null}
      {records.map((r) => (
        <section key={r.id} className="monitoring-record" style={{ border: "1px solid #ddd", padding: 8, margin: "8px 0" }}>
          <h3>
            {r.period}（监控时点 {r.asOf}）{r.flagged ? <span className="badge warn">有偏差</span> : <span className="badge ok">无偏差</span>}
          </h3>
          <table className="data">
            <tbody>
              <tr><th>时间进度</th><td>{bp(r.timeElapsedBp)}（实施期 {r.windowStart} 至 {r.windowEnd}）</td></tr>
              <tr>
                <th>预算执行进度</th>
                <td>
                  {bp(r.executionBp)} = 已拨付 <Money fen={r.paidFen} /> ÷ 安排 <Money fen={r.allocatedFen} />
                  {r.executionFlag ? <strong className="warn"> ⚠ 执行进度偏差</strong> : null}
                  {r.ledgerPaidFen !== r.paidFen ? <span className="form-error"> 账簿现显示截至 {r.asOf} 已拨付 <Money fen={r.ledgerPaidFen} />（其后有补记分录），与监控时不一致</span> : null}
                </td>
              </tr>
              <tr><th>绩效目标完成度（加权）</th><td>{bp(r.goalAttainmentBp)}（第 {r.goalVersion} 版目标）{r.goalFlag ? <strong className="warn"> ⚠ 目标完成偏差</strong> : null}</td></tr>
              <tr><th>记录</th><td>{r.recordedOn} {r.byName}{r.note ? `：${r.note}` : ""}</td></tr>
            </tbody>
          </table>
          <details>
            <summary>执行进度的账簿来源（{r.entries.length} 笔分录）</summary>
            <table className="data">
              <thead><tr><th>分录</th><th>记账日期</th><th>摘要</th><th className="num">已拨付科目发生额（元）</th></tr></thead>
              <tbody>
                {r.entries.map((e) => (
                  <tr key={e.journalId}><td>#{e.journalId}</td><td>{e.valueDate}</td><td>{e.memo}</td><td className="num"><Money fen={e.amountFen} /></td></tr>
                ))}
                <tr><th colSpan={3}>合计</th><td className="num"><Money fen={r.ledgerPaidFen} /></td></tr>
              </tbody>
            </table>
          </details>
          <table className="data">
            <thead><tr><th>指标</th><th>目标值</th><th>实际值</th><th>方向</th><th>权重</th><th className="num">完成度</th><th>佐证材料</th></tr></thead>
            <tbody>
              {r.indicators.map((g, i) => (
                <tr key={i}>
                  <td>{g.name}</td>
                  <td>{g.target} {g.unit}</td>
                  <td>{g.actual} {g.unit}</td>
                  <td>{DIRECTION[g.direction]}</td>
                  <td>{g.weight}</td>
                  <td className="num">{bp(g.attainmentBp)}</td>
                  <td>
                    {r.evidence.filter((e) => e.indicator === i).map((e) => (
                      <a key={e.id} href={`/perf/monitoring/evidence/${e.id}`} download>{e.fileName}（{Math.ceil(e.sizeBytes / 1024)} KB）</a>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Why text={r.why} />
          {r.task ? (
            <div className={r.task.overdue ? "form-error" : undefined}>
              <strong>整改任务</strong>：{r.task.issues}。应于 {r.task.dueOn} 前完成
              {r.task.status === "done" ? `；已于 ${r.task.completedOn} 完成（${r.task.completedByName}：${r.task.completionNote}）` : r.task.overdue ? "；已逾期未完成" : "；未完成"}
              <Why text={r.task.why} label="整改期限的依据" />
              {r.task.status === "open" && may.monitor ? (
                <IntentForm intent="rectify" label="记录整改完成" errors={err("rectify")}>
                  <input type="hidden" name="rectificationId" value={r.task.id} />
                  <label className="field">
                    完成日期
                    <input type="date" name="onDate" defaultValue={val("rectify", "onDate", today)} max={today} />
                  </label>
                  <label className="field">
                    整改情况
                    <textarea name="note" rows={2} defaultValue={val("rectify", "note")} />
                  </label>
                </IntentForm>
              ) : null}
            </div>
          ) : null}
        </section>
      ))}

      {may.monitor && chosen ? (
        <>
          <h3>填报监控</h3>
          <Form method="get" className="no-print">
            <label>
              监控期间
              <select name="period" defaultValue={chosen.label}>
                {periods.map((p) => (
                  <option key={p.label} value={p.label}>{p.label}（期末 {p.end}）</option>
                ))}
              </select>
            </label>{" "}
            <button type="submit" className="secondary">选择期间</button>
          </Form>
        <Form method="post" encType="multipart/form-data" className="stack intent-form" style={{ border: "1px solid #ddd", padding: 8, margin: "8px 0", maxWidth: 900 }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="monitor" />
          <input type="hidden" name="period" value={chosen.label} />
          <FormError errors={err("monitor")} />
          <p>监控期间：<strong>{chosen.label}</strong>（期末 {chosen.end}）</p>
          <p className="muted">执行进度按期末日从账簿自动计算。实际值须逐项上传佐证材料（PDF、JPG、PNG、DOCX、XLSX、OFD，每个不超过 10 MB）。指标为期末适用的第 {chosen.goals.version} 版目标。</p>
          <table className="data">
            <thead><tr><th>指标</th><th>目标值</th><th>实际值</th><th>佐证材料</th></tr></thead>
            <tbody>
              {chosen.goals.goals.map((g, i) => (
                <tr key={i}>
                  <td>{g.name}（{DIRECTION[g.direction]}，权重 {g.weight}）</td>
                  <td>{g.target} {g.unit}</td>
                  <td><input name={`actual[${i}]`} aria-label={`${g.name}实际值`} size={10} defaultValue={val("monitor", `actual[${i}]`)} /> {g.unit}</td>
                  <td><input type="file" name={`evidence${i}`} aria-label={`${g.name}佐证材料`} accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd" /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="field">
            说明
            <textarea name="note" rows={2} defaultValue={val("monitor", "note")} />
          </label>
          <SubmitButton>提交监控记录</SubmitButton>
        </Form>
        </>
      ) : null}
    </div>
  );
}

function GoalTable({ goals }: { goals: { name: string; unit: string; target: string; direction: "higher" | "lower"; weight: number }[] }) {
  if (goals.length === 0) return <p className="muted">未设定绩效目标</p>;
  return (
    <table className="data" style={{ maxWidth: 900 }}>
      <thead><tr><th>指标</th><th>单位</th><th>目标值</th><th>方向</th><th>权重</th></tr></thead>
      <tbody>
        {goals.map((g, i) => (
          <tr key={i}><td>{g.name}</td><td>{g.unit}</td><td>{g.target}</td><td>{DIRECTION[g.direction]}</td><td>{g.weight}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
