import type { z } from "zod";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { EnterpriseFields } from "~/components/enterprise-fields";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { countyOptions, registerEnterprise, registerEnterpriseSchema, sizeClassZh, submitWithFieldErrors } from "~/server/enterprises.server";
import { invalid } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "登记企业（项目单位） · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "register:enterprise");
  return { counties: await countyOptions(await getDb(), user.scope), regionName: user.regionName };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "register:enterprise");
  const submission = parseWithZod(formData, { schema: registerEnterpriseSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitWithFieldErrors(tx, submission, (sp) => registerEnterprise(sp, actor, user, submission.value, xdtToday()));
    if (!outcome.ok) return outcome.response;
    const { enterprise } = outcome.value;
    return redirectWithToast(tx, user.sessionId, `/enterprises/${enterprise.id}`, { type: "success", message: `已登记 ${enterprise.name}（${sizeClassZh(enterprise.sizeClass)}）` });
  });
}

export default function NewEnterprise() {
  const { counties, regionName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // validated on the server only (README Decision 7)
  const [form, fields] = useForm<z.input<typeof registerEnterpriseSchema>>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
  });
  return (
    <>
      <h1>登记企业（项目单位）</h1>
      <p className="muted">
        企业库按统一社会信用代码一企一档，专项资金项目的项目单位和信贷通借款企业共用。可登记{regionName === "贵州省" ? "全省" : `${regionName}及所辖县（区）`}的企业；信贷通借款企业也可由合作银行在报备贷款时一并登记。
      </p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">
          统一社会信用代码（18 位，GB 32100-2015）
          <input {...getInputProps(fields.creditCode, { type: "text" })} autoComplete="off" />
          <FieldErrors errors={fields.creditCode.errors} />
        </label>
        <EnterpriseFields fields={fields} counties={counties} />
        <SubmitButton>登记</SubmitButton>
      </Form>
    </>
  );
}
