import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { replyErrors } from "~/components/auditor";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { formatTimestamp } from "~/lib/dates";
import { EVIDENCE_ITEM_KINDS } from "~/lib/audit-work";
import { RECORD_KIND_LABELS, evidenceItemSchema } from "~/lib/forms/auditor";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { changeEvidenceItems, getEvidenceSet } from "~/server/auditor/evidence.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { found } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "证据集 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:evidence-set");
  const id = Number(params.setId);
  const set = found(Number.isSafeInteger(id) ? await getEvidenceSet(await getDb(), id) : null);
  return { set: { ...set, createdAt: formatTimestamp(set.createdAt), items: set.items.map((i) => ({ ...i, addedAt: formatTimestamp(i.addedAt) })) } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.setId);
  const { user, formData, actor } = await requireAction(request, context, "manage:evidence-set");
  const db = await getDb();
  found(Number.isSafeInteger(id) ? await getEvidenceSet(db, id) : null);
  const submission = parseWithZod(formData, { schema: evidenceItemSchema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => changeEvidenceItems(tx, actor, user, id, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/auditor/evidence/${id}`, { type: "success", message: outcome.value });
  });
}

export default function EvidenceSetPage() {
  const { set } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>证据集：{set.name}</h1>
      <p className="muted">{set.purpose ?? ""} 编制人 {set.createdByName}，{set.createdAt}。导出的 Excel 每类记录一张工作表（关键字段），文件列出名称、大小和 SHA-256（文件本身不嵌入），审计日志记录单列一表。</p>
      <p><a className="button" href={`/auditor/evidence/${set.id}/export`} download data-testid="evidence-export">导出 Excel</a> <Link to="/auditor">返回审计工作台</Link></p>
      <FormError errors={replyErrors(actionData)} />
      {set.items.length === 0 ? <p className="muted">证据集为空。</p> : (
        <table className="data" data-testid="evidence-items">
          <thead><tr><th>类型</th><th>编号</th><th>内容</th><th>备注</th><th>加入</th><th></th></tr></thead>
          <tbody>
            {set.items.map((i) => (
              <tr key={i.id}>
                <td>{RECORD_KIND_LABELS[i.kind]}</td>
                <td>{i.refId}</td>
                <td>{i.href ? <Link to={i.href}>{i.label}</Link> : i.label}</td>
                <td>{i.note ?? ""}</td>
                <td>{i.addedByName}，{i.addedAt}</td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="itemId" value={i.id} />
                    <SubmitButton intent="remove" className="secondary">移出</SubmitButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="stack">
        <h2>加入证据</h2>
        <p className="muted">记录编号见各记录页面地址；代偿材料的编号见材料下载链接；审计日志记录的编号见审计日志。</p>
        <CsrfInput />
        <label className="field">类型<select name="kind">{EVIDENCE_ITEM_KINDS.map((k) => <option key={k} value={k}>{RECORD_KIND_LABELS[k]}</option>)}</select></label>
        <label className="field">编号<input name="refId" autoComplete="off" /></label>
        <label className="field">备注<input name="note" /></label>
        <SubmitButton intent="add">加入</SubmitButton>
      </Form>
    </>
  );
}
