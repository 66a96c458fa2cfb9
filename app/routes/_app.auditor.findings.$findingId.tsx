import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RecordLink, replyErrors } from "~/components/auditor";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { formatTimestamp } from "~/lib/dates";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS, findingStepSchema } from "~/lib/forms/auditor";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { findingStep, getFinding } from "~/server/auditor/findings.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { forbidden, found } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "审计发现 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:audit-finding");
  const id = Number(params.findingId);
  const f = found(Number.isSafeInteger(id) ? await getFinding(await getDb(), user, id) : null);
  return { f: { ...f, createdAt: formatTimestamp(f.createdAt), respondedAt: formatTimestamp(f.respondedAt), closedAt: formatTimestamp(f.closedAt) } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.findingId);
  const { user, formData, actor } = await requireAction(request, context, "read:audit-finding");
  // the auditor edits and closes; the responsible side responds — nobody else writes here
  if (!can(user, formData.get("intent") === "respond" ? "respond:audit-finding" : "record:audit-finding")) throw forbidden();
  const db = await getDb();
  found(Number.isSafeInteger(id) ? await getFinding(db, user, id) : null);
  const submission = parseWithZod(formData, { schema: findingStepSchema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => findingStep(tx, actor, user, id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/auditor/findings/${id}`, { type: "success", message: outcome.value });
  });
}

export default function FindingDetail() {
  const { f } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>审计发现 #{f.id}：{f.title}</h1>
      <FormError errors={replyErrors(actionData)} />
      <table className="data">
        <tbody>
          <tr><th>关联记录</th><td><RecordLink kind={f.recordKind} record={f.record} /></td></tr>
          <tr><th>严重程度</th><td>{SEVERITY_LABELS[f.severity]}</td></tr>
          <tr><th>状态</th><td data-testid="finding-status">{FINDING_STATUS_LABELS[f.status]}</td></tr>
          <tr><th>问题描述</th><td style={{ whiteSpace: "pre-wrap" }}>{f.description}</td></tr>
          <tr><th>审计建议</th><td style={{ whiteSpace: "pre-wrap" }}>{f.recommendation}</td></tr>
          <tr><th>记录人</th><td>{f.createdByName}，{f.createdAt}</td></tr>
          {f.response ? <tr><th>整改回复</th><td style={{ whiteSpace: "pre-wrap" }}>{f.response}<div className="muted">{f.respondedByName}，{f.respondedAt}</div></td></tr> : null}
          {f.closingNote ? <tr><th>关闭说明</th><td style={{ whiteSpace: "pre-wrap" }}>{f.closingNote}<div className="muted">{f.closedByName}，{f.closedAt}</div></td></tr> : null}
        </tbody>
      </table>
      {f.canRespond ? (
        <Form method="post" className="stack">
          <h2>{f.status === "responded" ? "补充整改回复" : "整改回复"}</h2>
          <CsrfInput />
          <label className="field">整改情况<textarea name="response" rows={4} defaultValue={f.response ?? ""} /></label>
          <SubmitButton intent="respond">提交回复</SubmitButton>
        </Form>
      ) : null}
      {f.canEdit ? (
        <Form method="post" className="stack">
          <h2>修改（回复前）</h2>
          <CsrfInput />
          <label className="field">严重程度<select name="severity" defaultValue={f.severity}>{Object.entries(SEVERITY_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
          <label className="field">标题<input name="title" defaultValue={f.title} /></label>
          <label className="field">问题描述<textarea name="description" rows={4} defaultValue={f.description} /></label>
          <label className="field">审计建议<textarea name="recommendation" rows={3} defaultValue={f.recommendation} /></label>
          <SubmitButton intent="edit">保存修改</SubmitButton>
        </Form>
      ) : null}
      {f.canClose ? (
        <Form method="post" className="stack">
          <h2>关闭</h2>
          <p className="muted">{f.status === "open" ? "尚未回复：关闭即撤回该发现，请说明理由。" : "复核整改回复后关闭。"}</p>
          <CsrfInput />
          <label className="field">关闭说明<textarea name="closingNote" rows={2} /></label>
          <SubmitButton intent="close">关闭审计发现</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}
