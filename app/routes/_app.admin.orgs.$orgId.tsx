import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { updateOrgSchema } from "~/lib/forms/organisations";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { OrgFields } from "~/components/org-fields";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { found, int32Id } from "~/server/http.server";
import { getOrganisation, regionOptions, updateOrganisation } from "~/server/organisations.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "编辑机构 · 资金通" }];

function orgId(raw: string | undefined): number {
  const id = Number(raw);
  return int32Id(id) ?? -1;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:organisation");
  const db = await getDb();
  return { org: found(await getOrganisation(db, orgId(params.orgId))), regions: await regionOptions(db) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:organisation");
  const submission = parseWithZod(formData, { schema: updateOrgSchema });
  if (submission.status !== "success") return invalid(submission);
  const id = orgId(params.orgId);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => updateOrganisation(tx, actor, id, submission.value));
    if (!outcome.ok) return outcome.response;
    found(outcome.value);
    return redirectWithToast(tx, user.sessionId, `/admin/orgs/${id}`, { type: "success", message: "已保存" });
  });
}

export default function EditOrganisation() {
  const { org, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: { name: org.name, shortName: org.shortName ?? "", kind: org.kind, regionCode: org.regionCode, active: org.active ? "on" : undefined },
  });
  return (
    <>
      <h1>{org.name}</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="update" />
        <FormError errors={form.errors} />
        <OrgFields fields={fields} regions={regions} />
        <label>
          <input {...getInputProps(fields.active, { type: "checkbox" })} /> 启用（停用后该机构用户不能登录）
        </label>
        <SubmitButton>保存</SubmitButton>
      </Form>
    </>
  );
}
