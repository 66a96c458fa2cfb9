import { parseWithZod } from "@conform-to/zod/v4";
import { formatYuan } from "~/lib/money";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { Clock, Why } from "~/components/xdt";
import { XDT_CLAIM_STATUS_LABELS, XDT_CLAIM_STEP_LABELS } from "~/lib/labels";
import { can } from "~/lib/permissions";
import { formatTimestamp } from "~/lib/dates";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { badRequest, found } from "~/server/http.server";
import { UserInputError } from "~/server/users.server";
import { redirectWithToast } from "~/server/toast.server";
import { STEP_PERMISSION, claimStep, claimStepSchema, getClaim, materialSchema, saveMaterial } from "~/server/xdt/claims.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { xdtStatedFigures, type LegalDate } from "#rules";
import { claimRecoveries, recordReturn, reportRecovery, reportRecoverySchema, returnRecoverySchema } from "~/server/xdt/recoveries.server";

export const meta: MetaFunction = () => [{ title: "代偿申请 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = Number(params.claimId);
  const db = await getDb();
  const claim = found(Number.isSafeInteger(id) ? await getClaim(db, user.scope, id, xdtToday()) : null);
  return {
    claim,
    recoveries: await claimRecoveries(db, claim.id, xdtToday()),
    // one id per rendered recovery form: the same report submitted twice is recorded once
    recoveryRequestId: crypto.randomUUID(),
    today: xdtToday(),
    // the share and clocks as they stood when the claim was filed (the date its rules were judged at)
    stated: xdtStatedFigures(claim.claimDate as LegalDate),
    may: {
      bank: can(user, "file:xdt-claim"),
      verify: can(user, "verify:xdt-claim"),
      compile: can(user, "compile:xdt-claim"),
      pay: can(user, "pay:xdt-claim"),
      recover: can(user, "file:xdt-recovery"),
      takeReturn: can(user, "return:xdt-recovery"),
    },
  };
}

/** Upload limit for the whole request (one file of at most 10 MB plus the form fields). */
const MAX_REQUEST_BYTES = 11 * 1024 * 1024;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.claimId);
  const user = await requirePermission(request, "read:xdt");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) throw badRequest("上传的文件超过 10 MB");
  const db = await getDb();
  const today = xdtToday();
  found(Number.isSafeInteger(id) ? await getClaim(db, user.scope, id, today) : null);
  // the intent decides the permission: read it from a clone so requireAction can read the body
  const intent = String((await request.clone().formData()).get("intent") ?? "");
  if (intent === "upload" || intent === "mark") {
    const { formData, actor } = await requireAction(request, context, "file:xdt-claim");
    const submission = parseWithZod(formData, { schema: materialSchema });
    if (submission.status !== "success" || user.scope.kind !== "bank") return invalid(submission);
    const bankOrgId = user.scope.bankOrgId;
    const file = formData.get("file");
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => saveMaterial(tx, actor, bankOrgId, id, submission.value, file instanceof File ? file : null));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/claims/${id}`, { type: "success", message: intent === "upload" ? "材料已上传" : "已标记为已提供（纸质）" });
    });
  }
  if (intent === "report-recovery") {
    const { formData, actor } = await requireAction(request, context, "file:xdt-recovery");
    const submission = parseWithZod(formData, { schema: reportRecoverySchema });
    if (submission.status !== "success" || user.scope.kind !== "bank") return invalid(submission);
    const bankOrgId = user.scope.bankOrgId;
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => reportRecovery(tx, actor, bankOrgId, id, submission.value, today));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/claims/${id}`, { type: "success", message: `已报告追偿，应于 ${outcome.value.dueDate} 前返还 ${formatYuan(outcome.value.toPoolFen)} 元` });
    });
  }
  if (intent === "return-recovery") {
    const { formData, actor } = await requireAction(request, context, "return:xdt-recovery");
    const submission = parseWithZod(formData, { schema: returnRecoverySchema });
    if (submission.status !== "success") return invalid(submission);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, async (tx) => {
        const rec = (await claimRecoveries(tx, id, today)).find((r) => r.id === submission.value.recoveryId);
        if (!rec) throw new UserInputError("", "该追偿记录不属于此申请");
        return recordReturn(tx, actor, submission.value.recoveryId, today);
      });
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/claims/${id}`, { type: "success", message: outcome.value.message });
    });
  }
  const permission = STEP_PERMISSION[intent as keyof typeof STEP_PERMISSION];
  if (!permission) throw badRequest("未知操作");
  const { formData, actor } = await requireAction(request, context, permission);
  const submission = parseWithZod(formData, { schema: claimStepSchema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => claimStep(tx, actor, user.scope, id, submission.value, today));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/xdt/claims/${id}`, { type: "success", message: outcome.value.message });
  });
}

export default function ClaimDetail() {
  const { claim: c, may, today, recoveries, recoveryRequestId, stated } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "result" in actionData ? (actionData.result as { error?: Record<string, string[] | null> }).error : undefined;
  const formErrors = errors ? Object.values(errors).flat().filter((x): x is string => Boolean(x)) : undefined;
  const bankHolds = c.status === "filed" || c.status === "returned";
  return (
    <>
      <h1>代偿申请 {c.id}：{XDT_CLAIM_STATUS_LABELS[c.status]}</h1>
      <p className="muted no-print"><Link to={`/auditor/findings?kind=claim&recordId=${c.id}`}>本申请的审计发现</Link></p>
      <FormError errors={formErrors} />
      <table className="data" style={{ maxWidth: 860 }}>
        <tbody>
          <tr><th>贷款</th><td><Link to={`/xdt/loans/${c.loanId}`}>{c.contractNo}</Link>（{c.bank}，{c.enterpriseName}）</td></tr>
          <tr><th>申请日</th><td>{c.claimDate}</td></tr>
          <tr><th>未还本金</th><td><Money fen={c.unpaidPrincipalFen} /></td></tr>
          <tr><th>未付合同利息（至申请日）</th><td><Money fen={c.unpaidInterestFen} /></td></tr>
          <tr><th>损失</th><td><Money fen={c.lossFen} /></td></tr>
          <tr><th>应补偿（损失的 {stated.compensationShare}）</th><td><strong><Money fen={c.compensationFen} /></strong>；银行承担 <Money fen={c.lossFen - c.compensationFen} /></td></tr>
          {c.approvedFen !== null ? <tr><th>批准补偿</th><td><strong><Money fen={c.approvedFen} /></strong>（{c.decisionDate}，{c.decisionRef}）</td></tr> : null}
          {c.decisionDate && c.status === "rejected" ? <tr><th>领导小组决定</th><td>不予补偿（{c.decisionDate}，{c.decisionRef}）</td></tr> : null}
          <tr><th>方案报送时限（{stated.claimPlanDays} 个工作日）</th><td>{c.clocks.plan ? <Clock due={c.clocks.plan.due} status={c.clocks.plan.status} /> : "—"}</td></tr>
          <tr><th>支付时限（决定后 {stated.paymentDays} 个工作日）</th><td>{c.clocks.payment ? <Clock due={c.clocks.payment.due} status={c.clocks.payment.status} /> : "—"}</td></tr>
          {c.paidOn ? <tr><th>已支付</th><td>{c.paidOn}（分录 {c.paymentJournalId}）</td></tr> : null}
          {c.returnedReason ? <tr><th>退回原因</th><td>{c.returnedReason}</td></tr> : null}
        </tbody>
      </table>
      <Why text={`【代偿条件】\n${c.eligibilityWhy}\n\n【补偿金额】\n${c.compensationWhy}`} />
      {c.paymentParts ? (
        <>
          <h2>资金来源（《管理办法》第十七条）</h2>
          <table className="data" style={{ maxWidth: 640 }}>
            <thead><tr><th>账户</th><th className="num">金额（元）</th></tr></thead>
            <tbody>{c.paymentParts.map((p, i) => <tr key={i}><td>{p.label}</td><td className="num"><Money fen={p.amountFen} /></td></tr>)}</tbody>
          </table>
        </>
      ) : null}

      <h2>九项材料（《管理办法》第十五条）</h2>
      <table className="data">
        <thead><tr><th>材料</th><th>状态</th>{may.bank && bankHolds ? <th>上传 / 标记</th> : null}</tr></thead>
        <tbody>
          {c.materials.map((m) => (
            <tr key={m.kind}>
              <td>{m.label}</td>
              <td>
                {m.item ? (m.item.markedOnly ? `已提供（纸质）${m.item.note ? `：${m.item.note}` : ""}` : <a href={`/xdt/materials/${m.item.id}`}>{m.item.fileName}（{Math.ceil((m.item.sizeBytes ?? 0) / 1024)} KB）</a>) : <strong>缺</strong>}
              </td>
              {may.bank && bankHolds ? (
                <td>
                  <Form method="post" encType="multipart/form-data" style={{ display: "inline" }}>
                    <CsrfInput />
                    <input type="hidden" name="kind" value={m.kind} />
                    <input type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd" />
                    <SubmitButton intent="upload">上传</SubmitButton>
                  </Form>{" "}
                  <Form method="post" style={{ display: "inline" }}>
                    <CsrfInput />
                    <input type="hidden" name="kind" value={m.kind} />
                    <SubmitButton intent="mark">标记纸质已提供</SubmitButton>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">接受 PDF、JPG、PNG、DOCX、XLSX、OFD，每个文件不超过 10 MB；文件保存在数据库中。</p>

      <h2>办理</h2>
      {may.bank && c.status === "returned" ? (
        <Form method="post"><CsrfInput /><SubmitButton intent="resubmit">补充完毕，重新提交</SubmitButton></Form>
      ) : null}
      {may.verify && c.status === "filed" ? (
        <>
          <Form method="post"><CsrfInput /><SubmitButton intent="verify">核实：在项目名单内、材料齐全</SubmitButton></Form>
          <Form method="post" className="stack">
            <CsrfInput />
            <label className="field">退回原因<input name="reason" /></label>
            <SubmitButton intent="return">退回银行补充</SubmitButton>
          </Form>
        </>
      ) : null}
      {may.verify && c.status === "verified" ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <label className="field">补偿方案意见<textarea name="note" defaultValue={`同意按损失的${stated.compensationShare}补偿 ${(c.compensationFen / 100).toFixed(2)} 元`} /></label>
          <SubmitButton intent="plan">报送补偿方案</SubmitButton>
        </Form>
      ) : null}
      {may.compile && c.status === "planned" ? (
        <Form method="post"><CsrfInput /><SubmitButton intent="compile">汇总，提交协调领导小组</SubmitButton></Form>
      ) : null}
      {may.compile && c.status === "compiled" ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <label className="field">决定<select name="outcome" defaultValue="approve"><option value="approve">批准补偿</option><option value="reject">不予补偿</option></select></label>
          <label className="field">会议日期<input type="date" name="meetingDate" defaultValue={today} /></label>
          <label className="field">会议纪要编号<input name="decisionRef" /></label>
          <label className="field">批准金额（元，留空按规则计算金额）<input name="amount" inputMode="decimal" /></label>
          <SubmitButton intent="decide">记录领导小组决定</SubmitButton>
        </Form>
      ) : null}
      {may.pay && c.status === "approved" ? (
        <Form method="post"><CsrfInput /><SubmitButton intent="pay">支付补偿款（记账）</SubmitButton></Form>
      ) : null}

      {c.status === "paid" ? (
        <>
          <h2>追偿与返还（《管理办法》第十九条：扣除费用后按约定比例，{stated.recoveryReturnDays} 个工作日内返还）</h2>
          {recoveries.length > 0 ? (
            <table className="data">
              <thead><tr><th>收回日</th><th className="num">追回（元）</th><th className="num">可扣除费用（元）</th><th className="num">应返还资金池（元）</th><th>返还时限</th><th>返还日</th><th></th></tr></thead>
              <tbody>
                {recoveries.map((r) => (
                  <tr key={r.id}>
                    <td>{r.recoveryDate}</td>
                    <td className="num"><Money fen={r.recoveredFen} /></td>
                    <td className="num"><Money fen={r.deductibleFen} /></td>
                    <td className="num"><strong><Money fen={r.toPoolFen} /></strong></td>
                    <td><Clock due={r.dueDate} status={r.clock} />{r.late ? <strong className="error"> 逾期返还</strong> : null}</td>
                    <td>{r.returnedOn ?? "—"}</td>
                    <td>
                      <Why text={r.why} label="计算依据" />
                      {may.takeReturn && !r.returnedOn ? (
                        <Form method="post"><CsrfInput /><input type="hidden" name="recoveryId" value={r.id} /><SubmitButton intent="return-recovery">确认返还到账（记账）</SubmitButton></Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : <p className="muted">尚无追偿记录。</p>}
          {may.recover ? (
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="requestId" value={recoveryRequestId} />
              <label className="field">收回日期<input type="date" name="recoveryDate" defaultValue={today} /></label>
              <label className="field">追回金额（元）<input name="recovered" inputMode="decimal" /></label>
              <label className="field">实际发生的诉讼费用（元）<input name="litigationCost" inputMode="decimal" /></label>
              <label className="field">其他追偿费用（元，2022年6月1日起审定的补偿不可扣除）<input name="recoveryCost" inputMode="decimal" /></label>
              <SubmitButton intent="report-recovery">报告追偿</SubmitButton>
            </Form>
          ) : null}
        </>
      ) : null}

      <h2>办理记录</h2>
      <table className="data">
        <thead><tr><th>环节</th><th>业务日期</th><th>办理人</th><th>说明</th><th>记录时间</th></tr></thead>
        <tbody>
          {c.steps.map((s) => (
            <tr key={s.id}><td>{XDT_CLAIM_STEP_LABELS[s.step] ?? s.step}</td><td>{s.onDate}</td><td>{s.byName}</td><td>{s.note ?? ""}</td><td>{formatTimestamp(s.at)}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
