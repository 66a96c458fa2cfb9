import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { changePasswordSchema } from "~/lib/forms/users";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";
import { changeOwnPassword } from "~/server/users.server";

export const meta: MetaFunction = () => [{ title: "修改密码 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "change:own-password");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "change:own-password");
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => changeOwnPassword(tx, actor, user.id, user.sessionId, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, "/", { type: "success", message: "密码已修改，其他设备上的登录已失效" });
  });
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof changePasswordSchema>>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(changePasswordSchema),
  });
  return (
    <>
      <h1>修改密码</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">
          当前密码
          <input {...getInputProps(fields.current, { type: "password" })} autoComplete="current-password" />
          <FieldErrors errors={fields.current.errors} />
        </label>
        <label className="field">
          新密码（至少 10 位，含字母和数字）
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
          <FieldErrors errors={fields.password.errors} />
        </label>
        <label className="field">
          再次输入新密码
          <input {...getInputProps(fields.confirm, { type: "password" })} autoComplete="new-password" />
          <FieldErrors errors={fields.confirm.errors} />
        </label>
        <SubmitButton>修改密码</SubmitButton>
      </Form>
    </>
  );
}
