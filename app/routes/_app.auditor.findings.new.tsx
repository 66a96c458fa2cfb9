import type { z } from "zod";
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RecordLink } from "~/components/auditor";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { AUDIT_RECORD_KINDS, type AuditRecordKind } from "~/lib/audit-work";
import { RECORD_KIND_LABELS, SEVERITY_LABELS, findingCreateSchema } from "~/lib/forms/auditor";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { createFinding } from "~/server/auditor/findings.server";
import { recordReachable, summarize } from "~/server/auditor/records.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "记录审计发现 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:audit-finding");
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind") as AuditRecordKind | null;
  const id = Number(url.searchParams.get("recordId"));
  const db = await getDb();
  // the record picked in the workspace's search, shown so the auditor sees what the finding is about
  const record = kind && (AUDIT_RECORD_KINDS as readonly string[]).includes(kind) && Number.isSafeInteger(id) && id > 0 && (await recordReachable(db, user, kind, id)) ? { kind, ...(await summarize(db, kind, [id])).get(id)! } : null;
  return { record, kind: kind ?? "", recordId: Number.isSafeInteger(id) && id > 0 ? String(id) : "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "record:audit-finding");
  const submission = parseWithZod(formData, { schema: findingCreateSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => createFinding(tx, actor, user, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/auditor/findings/${outcome.value.id}`, { type: "success", message: `审计发现 #${outcome.value.id} 已记录，待责任方回复` });
  });
}

export default function NewFinding() {
  const { record, kind, recordId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof findingCreateSchema>>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: { recordKind: kind as AuditRecordKind, recordId, severity: "medium" },
  });
  return (
    <>
      <h1>记录审计发现</h1>
      {record ? <p>关联记录：<RecordLink kind={record.kind} record={record} /></p> : <p className="muted">填写记录类型和编号（可在审计工作台查找记录）。</p>}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">
          记录类型
          <select {...getSelectProps(fields.recordKind)}>
            <option value="">请选择</option>
            {AUDIT_RECORD_KINDS.map((k) => <option key={k} value={k}>{RECORD_KIND_LABELS[k]}</option>)}
          </select>
          <FieldErrors errors={fields.recordKind.errors} />
        </label>
        <label className="field">
          记录编号
          <input {...getInputProps(fields.recordId, { type: "text" })} autoComplete="off" />
          <FieldErrors errors={fields.recordId.errors} />
        </label>
        <label className="field">
          严重程度
          <select {...getSelectProps(fields.severity)}>
            {Object.entries(SEVERITY_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          <FieldErrors errors={fields.severity.errors} />
        </label>
        <label className="field">
          标题
          <input {...getInputProps(fields.title, { type: "text" })} />
          <FieldErrors errors={fields.title.errors} />
        </label>
        <label className="field">
          问题描述
          <textarea {...getTextareaProps(fields.description)} rows={4} />
          <FieldErrors errors={fields.description.errors} />
        </label>
        <label className="field">
          审计建议
          <textarea {...getTextareaProps(fields.recommendation)} rows={3} />
          <FieldErrors errors={fields.recommendation.errors} />
        </label>
        <SubmitButton>记录</SubmitButton>
      </Form>
    </>
  );
}
