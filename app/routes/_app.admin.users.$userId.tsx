import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { updateUserSchema, resetPasswordSchema } from "~/lib/forms/users";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { UserFields } from "~/components/user-fields";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { ORG_KIND_LABELS, ROLE_LABELS, ROLES, type OrgKind } from "~/lib/roles";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { found, int32Id } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";
import { getUser, organisationOptions, resetPassword, updateUser } from "~/server/users.server";

export const meta: MetaFunction = () => [{ title: "编辑用户 · 资金通" }];

const actionSchema = z.discriminatedUnion("intent", [updateUserSchema, resetPasswordSchema], { error: "未知的操作" });

function userId(raw: string | undefined): number {
  const id = Number(raw);
  return int32Id(id) ?? -1;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:user");
  const db = await getDb();
  return { user: found(await getUser(db, userId(params.userId))), organisations: await organisationOptions(db) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user: admin, formData, actor } = await requireAction(request, context, "manage:user");
  const id = userId(params.userId);
  const submission = parseWithZod(formData, { schema: actionSchema });
  if (submission.status !== "success") return invalid(submission);
  const value = submission.value;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => (value.intent === "update" ? updateUser(tx, actor, id, value) : resetPassword(tx, actor, id, value.password)));
    if (!outcome.ok) return outcome.response;
    found(outcome.value);
    return redirectWithToast(tx, admin.sessionId, `/admin/users/${id}`, { type: "success", message: value.intent === "update" ? "已保存" : "密码已重置，该用户的所有会话已失效" });
  });
}

export default function EditUser() {
  const { user, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "result" in actionData ? actionData.result : undefined;
  const [form, fields] = useForm({
    id: "update-user",
    lastResult: lastResult?.initialValue?.intent === "update" ? lastResult : undefined,
    defaultValue: { displayName: user.displayName, organisationId: String(user.organisationId), role: user.role, active: user.active ? "on" : undefined },
  });
  const [pwForm, pwFields] = useForm({
    id: "reset-password",
    lastResult: lastResult?.initialValue?.intent === "reset-password" ? lastResult : undefined,
  });
  return (
    <>
      <h1>用户 {user.username}</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="update" />
        <FormError errors={form.errors} />
        <UserFields fields={fields} organisations={organisations} />
        <label>
          <input {...getInputProps(fields.active, { type: "checkbox" })} /> 启用（停用或更改角色、机构后，该用户的会话立即失效）
        </label>
        <SubmitButton>保存</SubmitButton>
      </Form>
      <h2>重置密码</h2>
      <Form method="post" className="stack" {...getFormProps(pwForm)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="reset-password" />
        <label className="field">
          新密码（至少 10 位，含字母和数字）
          <input {...getInputProps(pwFields.password, { type: "password" })} autoComplete="new-password" />
          <FieldErrors errors={pwFields.password.errors} />
        </label>
        <SubmitButton className="danger">重置密码</SubmitButton>
      </Form>
    </>
  );
}
