import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { formatTimestamp } from "~/lib/dates";
import { createToken, createTokenSchema, listTokens, revokeToken, revokeTokenSchema } from "~/server/api.server";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "接口令牌 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "manage:own-api-token");
  return { tokens: await listTokens(await getDb(), user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:own-api-token");
  const db = await getDb();
  if (formData.get("intent") === "revoke") {
    const submission = parseWithZod(formData, { schema: revokeTokenSchema });
    if (submission.status !== "success") return invalid(submission);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => revokeToken(tx, actor, user.id, submission.value.tokenId));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, "/account/tokens", { type: "success", message: "令牌已撤销" });
    });
  }
  const submission = parseWithZod(formData, { schema: createTokenSchema });
  if (submission.status !== "success") return invalid(submission);
  // the token is shown once, in this response, and never stored in plain text
  const created = await db.transaction((tx) => createToken(tx, actor, user.id, submission.value.name));
  return data({ created: created.token });
}

export default function Tokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const created = actionData && "created" in actionData ? actionData.created : null;
  const errors = actionData && "result" in actionData ? (actionData.result as { error?: Record<string, string[] | null> }).error : undefined;
  return (
    <>
      <h1>接口令牌</h1>
      <p className="muted">令牌用于本行系统调用资金通银行接口（<Link to="/xdt/api">接口说明</Link>），权限与您的账号相同，仅限本行数据；每个令牌每分钟最多 60 次请求。令牌只在创建时显示一次，请妥善保存；不用时请撤销。</p>
      {created ? (
        <div className="form-error" role="status">
          新令牌（只显示这一次）：<code>{created}</code>
        </div>
      ) : null}
      <FormError errors={errors ? Object.values(errors).flat().filter((x): x is string => Boolean(x)) : undefined} />
      <Form method="post" className="stack">
        <CsrfInput />
        <label className="field">用途<input name="name" placeholder="如：信贷系统对接" /></label>
        <SubmitButton intent="create">创建令牌</SubmitButton>
      </Form>
      <table className="data">
        <thead><tr><th>用途</th><th>前缀</th><th>创建时间</th><th>最近使用</th><th>状态</th><th></th></tr></thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td><code>{t.prefix}…</code></td>
              <td>{formatTimestamp(t.createdAt)}</td>
              <td>{t.lastUsedAt ? formatTimestamp(t.lastUsedAt) : "—"}</td>
              <td>{t.revokedAt ? `已撤销（${formatTimestamp(t.revokedAt)}）` : "有效"}</td>
              <td>
                {t.revokedAt ? null : (
                  <Form method="post"><CsrfInput /><input type="hidden" name="tokenId" value={t.id} /><SubmitButton intent="revoke">撤销</SubmitButton></Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
