import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Form, useActionData, useLoaderData } from "@remix-run/react";
import { RatioChart } from "~/components/charts";
import { Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { Clock, Why } from "~/components/xdt";
import { XDT_BANK_STATUS_LABELS } from "~/lib/labels";
import { formatBp, formatThresholdBp } from "~/lib/money";
import { can } from "~/lib/permissions";
import { formatTimestamp } from "~/lib/dates";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { forbidden, found, int32Id, notFound } from "~/server/http.server";
import { partnerStepSchema } from "~/lib/forms/xdt";
import { useLastSubmission } from "~/components/funds/ui";
import { advanceBank, offeredSteps } from "~/server/xdt/partners.server";
import { redirectWithToast } from "~/server/toast.server";
import { bankStatusSchema, changeBankStatus, getBank } from "~/server/xdt/banks.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "合作银行 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = int32Id(params.bankId);
  const bank = found(id ? await getBank(await getDb(), user.scope, id, xdtToday()) : null);
  const steps = offeredSteps(bank.status, { decide: can(user, "decide:xdt-bank-status"), sign: can(user, "sign:xdt-agreement") });
  return { bank, canDecide: can(user, "decide:xdt-bank-status"), steps, today: xdtToday() };
}

/** Who records which step: the trustee signs the agreement, the 信贷通办 records every other decision. */
const STEP_PERMISSION = { sign: "sign:xdt-agreement" } as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = int32Id(params.bankId);
  const { user, formData, actor } = await requireAction(request, context, "read:xdt");
  const intent = String(formData.get("intent") ?? "");
  if (!can(user, intent === "sign" ? STEP_PERMISSION.sign : "decide:xdt-bank-status")) throw forbidden();
  // the lifecycle decisions are the province's (the leading group and its office), as on /xdt/partners
  if (["evaluate", "approve", "activate", "terminate"].includes(intent) && user.scope.kind !== "all") throw forbidden();
  const db = await getDb();
  const today = xdtToday();
  if (id === null) throw notFound();
  found(await getBank(db, user.scope, id, today));
  if (["evaluate", "approve", "sign", "activate", "terminate"].includes(intent)) {
    const step = parseWithZod(formData, { schema: partnerStepSchema });
    if (step.status !== "success") return invalid(step);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, step, (tx) => advanceBank(tx, actor, user.scope, id, step.value, today));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/banks/${id}`, { type: "success", message: outcome.value });
    });
  }
  const submission = parseWithZod(formData, { schema: bankStatusSchema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => changeBankStatus(tx, actor, id, submission.value, today));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/xdt/banks/${id}`, { type: "success", message: outcome.value });
  });
}

export default function BankDetail() {
  const { bank: b, canDecide, steps, today } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "result" in actionData ? (actionData.result as { error?: Record<string, string[] | null> }).error : undefined;
  const formErrors = errors ? Object.values(errors).flat().filter((x): x is string => Boolean(x)) : undefined;
  return (
    <>
      <h1>{b.fullName}：{XDT_BANK_STATUS_LABELS[b.status]}</h1>
      <FormError errors={formErrors} />
      <p>
        不良率（叫停口径）<strong>{formatBp(b.ratioBp)}</strong>（累计实际补偿 <Money fen={b.compensationPaid} /> ÷ 累计入库贷款 <Money fen={b.cumulativeLoans} />）；
        常规不良率（月报口径，仅供参考）{b.conventionalBp === null ? "—" : formatBp(b.conventionalBp)}
      </p>
      <Why text={b.stopWhy} />
      <RatioChart title={`${b.name}不良率（叫停口径）逐月变化，与信贷通整体及 ${formatThresholdBp(b.thresholdBp)} 叫停线对照`} series={b.series} bankLabel={b.name ?? b.fullName} />
      {steps.map((s) => (
        <Form method="post" className="stack" key={s.step}>
          <h2>{s.name}</h2>
          <p className="muted">由{s.actor}作出；依据：{s.why}</p>
          <CsrfInput />
          <label className="field">依据（{s.step === "terminate" ? "不予合作或终止合作的理由" : "评价意见、审定结论或协议要点"}）<input name="basis" defaultValue={last.value(s.step, "basis")} /></label>
          <label className="field">{s.refLabel}<input name="decisionRef" defaultValue={last.value(s.step, "decisionRef")} /></label>
          <label className="field">决定日期<input type="date" name="decisionDate" max={today} defaultValue={last.value(s.step, "decisionDate", today)} /></label>
          <SubmitButton intent={s.step}>记录：{s.name}</SubmitButton>
        </Form>
      ))}
      {canDecide && b.status === "suspended" ? (
        <Form method="post" className="stack">
          <h2>恢复新增贷款投放</h2>
          <p className="muted">须不良率低于 {formatThresholdBp(b.thresholdBp)} 且协调领导小组作出决定。{b.restartPossible ? `当前不良率已低于 ${formatThresholdBp(b.thresholdBp)}。` : `当前不良率仍未低于 ${formatThresholdBp(b.thresholdBp)}，规则将拒绝恢复。`}</p>
          <CsrfInput />
          <label className="field">决定日期<input type="date" name="decisionDate" defaultValue={today} /></label>
          <label className="field">会议纪要编号<input name="decisionRef" /></label>
          <SubmitButton intent="restart">记录恢复决定</SubmitButton>
        </Form>
      ) : null}
      {canDecide && b.status === "active" ? (
        <Form method="post" className="stack">
          <h2>暂停合作（年度考核未达标等）</h2>
          <CsrfInput />
          <label className="field">原因<select name="reason"><option value="yearly_test">年度考核未达标（第十四条）</option><option value="other">其他</option></select></label>
          <label className="field">依据<input name="basis" /></label>
          <label className="field">决定日期<input type="date" name="decisionDate" defaultValue={today} /></label>
          <label className="field">决定文号<input name="decisionRef" /></label>
          <SubmitButton intent="suspend">暂停</SubmitButton>
        </Form>
      ) : null}
      <h2>年度考核（累计投放增长 ≥ 20%，支持户数不低于上年）</h2>
      <table className="data">
        <thead><tr><th>年度</th><th className="num">累计投放（元）</th><th className="num">上年（元）</th><th className="num">增长</th><th className="num">户数 / 上年</th><th>结论</th></tr></thead>
        <tbody>
          {b.yearly.map((y) => (
            <tr key={y.year}>
              <td>{y.year}{y.complete ? "" : "（截至今日）"}</td>
              <td className="num"><Money fen={y.lendingFen} /></td>
              <td className="num"><Money fen={y.priorFen} /></td>
              <td className="num">{y.growthBp === null ? "—" : formatBp(y.growthBp)}</td>
              <td className="num">{y.smes} / {y.priorSmes}</td>
              <td>{y.passed ? "达标" : <strong>未达标</strong>} <Why text={y.why} label="依据" /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>月度数据（次月 10 日前报送）</h2>
      <p>本期（上月）月报时限：<Clock due={b.currentReport.due} status={b.currentReport.status} />（报送、更正和历次版本见 <Link to="/xdt/reports">报送</Link>）</p>
      <table className="data">
        <thead><tr><th>月份</th><th className="num">贷款余额（元）</th><th className="num">累计投放（元）</th><th className="num">逾期90天以上（元）</th><th className="num">已补偿贷款（元）</th><th>应报日</th><th>报送日</th></tr></thead>
        <tbody>
          {b.reports.map((r) => (
            <tr key={r.id}>
              <td>{r.month.slice(0, 7)}</td>
              <td className="num"><Money fen={r.balanceFen} /></td>
              <td className="num"><Money fen={r.cumulativeLendingFen} /></td>
              <td className="num"><Money fen={r.nplFen} /></td>
              <td className="num"><Money fen={r.badDebtFen} /></td>
              <td>{r.dueDate}</td>
              <td>{r.firstSubmittedOn}{r.late ? <strong className="error"> 逾期</strong> : null}{r.version > 1 ? `（第 ${r.version} 版，更正于 ${r.submittedOn}）` : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>状态变更记录</h2>
      <table className="data">
        <thead><tr><th>决定日期</th><th>变更</th><th>依据</th><th>决定文号</th><th>记录人</th><th>记录时间</th></tr></thead>
        <tbody>
          {b.history.map((h) => (
            <tr key={h.id}>
              <td>{h.decisionDate}</td>
              <td>{h.fromStatus ? `${XDT_BANK_STATUS_LABELS[h.fromStatus]} → ` : ""}{XDT_BANK_STATUS_LABELS[h.toStatus]}</td>
              <td>{h.basis}</td>
              <td>{h.decisionRef ?? "—"}</td>
              <td>{h.recordedByName}</td>
              <td>{formatTimestamp(h.recordedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
