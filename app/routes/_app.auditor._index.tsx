import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FindingsTable, RecordLink, replyErrors } from "~/components/auditor";
import { Figure } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { formatTimestamp } from "~/lib/dates";
import { evidenceSetCreateSchema } from "~/lib/forms/auditor";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { createEvidenceSet, listEvidenceSets } from "~/server/auditor/evidence.server";
import { findingCounts, listFindings } from "~/server/auditor/findings.server";
import { searchRecords } from "~/server/auditor/records.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "审计工作台 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:audit-finding");
  const db = await getDb();
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const open = await listFindings(db, user, { q: "", page: 1, sort: "severity", dir: "asc", limit: 20, offset: 0 }, { status: "open", kind: null, record: null });
  const responded = await listFindings(db, user, { q: "", page: 1, sort: "created", dir: "desc", limit: 20, offset: 0 }, { status: "responded", kind: null, record: null });
  return {
    counts: await findingCounts(db, user),
    open: open.rows,
    responded: responded.rows,
    sets: (await listEvidenceSets(db)).map((s) => ({ ...s, createdAt: formatTimestamp(s.createdAt) })),
    results: q ? await searchRecords(db, user, q) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:evidence-set");
  const submission = parseWithZod(formData, { schema: evidenceSetCreateSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => createEvidenceSet(tx, actor, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/auditor/evidence/${outcome.value.id}`, { type: "success", message: `证据集“${outcome.value.name}”已建立` });
  });
}

export default function AuditorHome() {
  const { counts, open, responded, sets, results } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>审计工作台</h1>
      <p className="muted">审计人员可查阅全部业务记录（只读），仅可记录审计发现、编制证据集。每一次操作均记入 <Link to="/audit">审计日志</Link>。</p>
      <div className="cards">
        <Figure label="待整改回复" value={counts.open ?? 0} note={<Link to="/auditor/findings?status=open">查看</Link>} />
        <Figure label="已回复待关闭" value={counts.responded ?? 0} note={<Link to="/auditor/findings?status=responded">查看</Link>} />
        <Figure label="已关闭" value={counts.closed ?? 0} note={<Link to="/auditor/findings?status=closed">查看</Link>} />
        <Figure label="证据集" value={sets.length} />
      </div>
      <h2>查找记录</h2>
      <Form method="get" className="toolbar no-print">
        <label>
          名称、合同编号、信用代码、分录摘要或编号
          <input name="q" defaultValue={params.get("q") ?? ""} />
        </label>
        <button type="submit" className="secondary">查找</button>
      </Form>
      {results ? (
        results.length === 0 ? (
          <p className="muted">没有找到匹配的记录。</p>
        ) : (
          <table className="data" data-testid="search-results">
            <thead><tr><th>记录</th><th>编号</th><th></th></tr></thead>
            <tbody>
              {results.map((r) => (
                <tr key={`${r.kind}:${r.id}`}>
                  <td><RecordLink kind={r.kind} record={r} /></td>
                  <td>{r.id}</td>
                  <td><Link to={`/auditor/findings/new?kind=${r.kind}&recordId=${r.id}`}>记录审计发现</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <p><Link className="button" to="/auditor/findings/new">记录审计发现</Link> <Link to="/auditor/findings">全部审计发现</Link> · <Link to="/audit">审计日志（筛选、导出）</Link></p>
      <h2>待整改回复的审计发现</h2>
      <FindingsTable rows={open} />
      <h2>已回复、待审计关闭</h2>
      <FindingsTable rows={responded} />
      <h2>证据集</h2>
      {sets.length === 0 ? <p className="muted">尚未编制证据集。</p> : (
        <table className="data" data-testid="evidence-sets">
          <thead><tr><th>名称</th><th>用途</th><th className="num">条目</th><th>编制人</th><th>时间</th></tr></thead>
          <tbody>
            {sets.map((s) => (
              <tr key={s.id}>
                <td><Link to={`/auditor/evidence/${s.id}`}>{s.name}</Link></td>
                <td>{s.purpose ?? "—"}</td>
                <td className="num">{s.items}</td>
                <td>{s.createdByName}</td>
                <td>{s.createdAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="stack">
        <h3>新建证据集</h3>
        <CsrfInput />
        <FormError errors={replyErrors(actionData)} />
        <label className="field">名称<input name="name" /></label>
        <label className="field">用途<input name="purpose" /></label>
        <SubmitButton>新建</SubmitButton>
      </Form>
    </>
  );
}
