import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { Clock, SoftOverride, Why } from "~/components/xdt";
import { XDT_ADMISSION_LABELS, XDT_CLAIM_STATUS_LABELS } from "~/lib/labels";
import { formatBp } from "~/lib/money";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { found } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";
import { fileClaim } from "~/server/xdt/claims.server";
import { decideAdmission, decideAdmissionSchema, getLoan, recordRepayment, repaymentSchema } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "信贷通贷款 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = Number(params.loanId);
  const loan = found(Number.isSafeInteger(id) ? await getLoan(await getDb(), user.scope, id, xdtToday()) : null);
  return { loan, canDecide: can(user, "decide:xdt-admission"), canClaim: can(user, "file:xdt-claim"), canRepay: can(user, "file:xdt-loan"), today: xdtToday(), requestId: crypto.randomUUID() };
}

const claimSchema = z.object({ intent: z.literal("file-claim") });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.loanId);
  const user = await requirePermission(request, "read:xdt");
  const repaying = user.role === "bank" && (await request.clone().formData()).get("intent") === "repay";
  const permission = repaying ? "file:xdt-loan" : user.role === "bank" ? "file:xdt-claim" : "decide:xdt-admission";
  const { formData, actor } = await requireAction(request, context, permission);
  const db = await getDb();
  // the loan must be in the user's scope: out of scope and missing are the same 404
  found(Number.isSafeInteger(id) ? await getLoan(db, user.scope, id, xdtToday()) : null);
  const today = xdtToday();
  if (repaying && user.scope.kind === "bank") {
    const submission = parseWithZod(formData, { schema: repaymentSchema });
    if (submission.status !== "success") return invalid(submission);
    const bankOrgId = user.scope.bankOrgId;
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => recordRepayment(tx, actor, bankOrgId, id, submission.value, today));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/loans/${id}`, { type: "success", message: "还款已登记" });
    });
  }
  if (permission === "file:xdt-claim") {
    const submission = parseWithZod(formData, { schema: claimSchema });
    if (submission.status !== "success" || user.scope.kind !== "bank") return invalid(submission);
    const bankOrgId = user.scope.bankOrgId;
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => fileClaim(tx, actor, bankOrgId, id, today));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/claims/${outcome.value.id}`, { type: "success", message: "代偿申请已提交，请上传或标记九项材料" });
    });
  }
  const submission = parseWithZod(formData, { schema: decideAdmissionSchema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => decideAdmission(tx, actor, id, submission.value, today));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/xdt/loans/${id}`, { type: "success", message: outcome.value.admissionStatus === "admitted" ? "已同意入库" : "已决定不予入库" });
  });
}

export default function LoanDetail() {
  const { loan: l, canDecide, canClaim, canRepay, today, requestId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "result" in actionData ? (actionData.result as { error?: Record<string, string[] | null> }).error : undefined;
  const formErrors = errors ? Object.values(errors).flat().filter((x): x is string => Boolean(x)) : undefined;
  return (
    <>
      <h1>贷款 {l.contractNo}</h1>
      <FormError errors={formErrors} />
      <table className="data" style={{ maxWidth: 860 }}>
        <tbody>
          <tr><th>合作银行</th><td>{l.bank}</td></tr>
          <tr><th>借款企业</th><td>{l.enterpriseName}（<code>{l.creditCode}</code>）</td></tr>
          <tr><th>金额</th><td><Money fen={l.amountFen} /></td></tr>
          <tr><th>年利率 / 期限</th><td>{formatBp(l.annualRateBp)} / {l.termMonths} 个月</td></tr>
          <tr><th>放款日 / 到期日</th><td>{l.disbursementDate} / {l.maturityDate}</td></tr>
          <tr><th>担保方式</th><td>{l.isCreditLoan ? "信用贷款" : `增信措施：${l.creditEnhancement ?? "—"}`}{l.controllerSpouseGuarantee ? "；实际控制人及配偶连带责任保证" : ""}</td></tr>
          <tr><th>入库状态</th><td><strong>{XDT_ADMISSION_LABELS[l.admissionStatus]}</strong>{l.decidedOn ? `（${l.decidedOn}，${l.decidedByName}${l.decisionNote ? `：${l.decisionNote}` : ""}）` : ""}</td></tr>
          <tr><th>申请日 / 审核时限</th><td>{l.requestDate} / <Clock due={l.admissionDue} status={l.admissionClock} /></td></tr>
        </tbody>
      </table>
      <h2>准入检查</h2>
      <p>结论：{l.verdict.outcome === "pass" ? "通过" : l.verdict.outcome === "warn" ? "通过（有提示）" : "不通过"}</p>
      <SoftOverride override={l.verdict.override} />
      <ul>{l.verdict.findings.map((f, i) => <li key={i}>{f.message}</li>)}</ul>
      <Why text={l.verdict.explain} />
      {canDecide && l.admissionStatus === "pending" ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <label className="field">
            审核意见（不予入库须填写）
            <input name="note" />
          </label>
          <div>
            <SubmitButton intent="admit">同意入库</SubmitButton> <SubmitButton intent="reject">不予入库</SubmitButton>
          </div>
        </Form>
      ) : null}
      <h2>还款计划与逾期</h2>
      <p>
        未还本金 <Money fen={l.position.outstandingPrincipalFen} />；已到期未付利息 <Money fen={l.position.unpaidInterestDueFen} />；本金逾期 {l.position.principalDaysOverdue} 天，利息逾期 {l.position.interestDaysOverdue} 天
        {l.position.repaid ? "（已结清）" : ""}
      </p>
      <table className="data">
        <thead><tr><th>到期日</th><th>类别</th><th className="num">应还（元）</th><th className="num">已还（元）</th><th className="num">未还（元）</th><th className="num">逾期天数</th></tr></thead>
        <tbody>
          {l.dues.map((d, i) => (
            <tr key={i}>
              <td>{d.dueDate}</td>
              <td>{d.component === "principal" ? "本金" : "利息"}</td>
              <td className="num"><Money fen={d.amountFen} /></td>
              <td className="num"><Money fen={d.paidFen} /></td>
              <td className="num">{d.unpaidFen > 0 ? <Money fen={d.unpaidFen} /> : "—"}</td>
              <td className="num">{d.daysOverdue > 0 ? <strong>{d.daysOverdue}</strong> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canRepay && l.admissionStatus === "admitted" && !l.claim && !l.position.repaid ? (
        <Form method="post" className="stack">
          <h3>登记还款</h3>
          <CsrfInput />
          <input type="hidden" name="requestId" value={requestId} />
          <label className="field">类别<select name="component" defaultValue="interest"><option value="interest">利息</option><option value="principal">本金</option></select></label>
          <label className="field">还款日期<input type="date" name="paidOn" defaultValue={today} /></label>
          <label className="field">金额（元）<input name="amount" inputMode="decimal" /></label>
          <SubmitButton intent="repay">登记还款</SubmitButton>
        </Form>
      ) : null}
      <h2>代偿</h2>
      {l.claim ? (
        <p>
          已提交代偿申请：<Link to={`/xdt/claims/${l.claim.id}`}>申请 {l.claim.id}（{XDT_CLAIM_STATUS_LABELS[l.claim.status]}）</Link>
        </p>
      ) : l.eligibility ? (
        <>
          <p>代偿条件（本金逾期达 60 天或利息逾期达 90 天）：{l.eligibility.outcome === "block" ? "尚未满足" : "已满足"}</p>
          <ul>{l.eligibility.findings.map((f, i) => <li key={i}>{f.message}</li>)}</ul>
          <Why text={l.eligibility.explain} />
          {canClaim && l.eligibility.outcome !== "block" ? (
            <Form method="post">
              <CsrfInput />
              <SubmitButton intent="file-claim">提交代偿申请</SubmitButton>
            </Form>
          ) : null}
        </>
      ) : (
        <p className="muted">{l.admissionStatus !== "admitted" ? "未入库的贷款不能申请代偿。" : "贷款已结清或无逾期。"}</p>
      )}
    </>
  );
}
