import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { signInSchema } from "~/lib/forms/auth";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { getCurrentUser, signIn, THROTTLE } from "~/server/auth.server";
import { assertCsrf } from "~/server/csrf.server";
import { safeRedirectPath } from "~/server/http.server";

export const meta: MetaFunction = () => [{ title: "登录 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: signInSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const result = await signIn(request, context, submission.value);
  if (!result.ok) {
    const message = result.reason === "throttled" ? `登录失败次数过多，请 ${THROTTLE.windowMinutes} 分钟后再试。` : "登录名或密码不正确。";
    return data({ result: submission.reply({ formErrors: [message], hideFields: ["password"] }) }, { status: result.reason === "throttled" ? 429 : 400 });
  }
  throw redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
  });
  return (
    <main className="login">
      <h1>资金通</h1>
      <p className="muted" style={{ textAlign: "center" }}>
        专项资金与中小企业信贷通管理平台
      </p>
      {params.get("bye") ? <p className="toast info" style={{ position: "static" }}>您已安全退出。</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <FormError errors={form.errors} />
        <label className="field">
          登录名
          <input {...getInputProps(fields.username, { type: "text" })} autoComplete="username" autoFocus />
          <FieldErrors errors={fields.username.errors} />
        </label>
        <label className="field">
          密码
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
          <FieldErrors errors={fields.password.errors} />
        </label>
        <SubmitButton>登录</SubmitButton>
      </Form>
    </main>
  );
}
