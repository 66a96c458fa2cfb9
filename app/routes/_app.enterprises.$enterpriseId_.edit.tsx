import type { z } from "zod";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EnterpriseFields } from "~/components/enterprise-fields";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { formatYuan } from "~/lib/money";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { correctEnterprise, countyOptions, enterpriseFieldsSchema, enterpriseForCorrection, sizeClassZh, submitWithFieldErrors } from "~/server/enterprises.server";
import { invalid } from "~/server/form.server";
import { found, int32Id } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "更正企业信息 · 资金通" }];

const idOf = (raw: string | undefined) => int32Id(Number(raw)) ?? -1;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "register:enterprise");
  const db = await getDb();
  const e = found(await enterpriseForCorrection(db, user.scope, idOf(params.enterpriseId)));
  return {
    enterprise: { id: e.id, name: e.name, creditCode: e.creditCode },
    values: {
      name: e.name,
      regionCode: e.regionCode,
      industryCode: e.industryCode,
      industryName: e.industryName,
      employees: e.employees === null ? "" : String(e.employees),
      revenue: e.revenueFen === null ? "" : formatYuan(e.revenueFen),
      totalAssets: e.totalAssetsFen === null ? "" : formatYuan(e.totalAssetsFen),
      actualControllerName: e.actualControllerName,
      actualControllerSpouse: e.actualControllerSpouse ?? "",
      contactName: e.contactName ?? "",
      contactPhone: e.contactPhone ?? "",
    },
    counties: await countyOptions(db, user.scope),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "register:enterprise");
  const id = idOf(params.enterpriseId);
  const db = await getDb();
  found(await enterpriseForCorrection(db, user.scope, id));
  const submission = parseWithZod(formData, { schema: enterpriseFieldsSchema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitWithFieldErrors(tx, submission, (sp) => correctEnterprise(sp, actor, user, id, submission.value, xdtToday()));
    if (!outcome.ok) return outcome.response;
    const corrected = found(outcome.value);
    return redirectWithToast(tx, user.sessionId, `/enterprises/${id}`, {
      type: "success",
      message: corrected.changed.length === 0 ? "没有修改任何内容" : `已更正并记录修改前后内容（${sizeClassZh(corrected.enterprise.sizeClass)}）`,
    });
  });
}

export default function CorrectEnterprise() {
  const { enterprise, values, counties } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof enterpriseFieldsSchema>>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: values,
  });
  return (
    <>
      <h1>更正企业信息：{enterprise.name}</h1>
      <p className="muted">
        统一社会信用代码 <code>{enterprise.creditCode}</code> 是企业的唯一标识，不能更正。保存时按填写的行业、从业人员、营业收入（及资产总额）重新划型；修改前后的内容记入审计日志。
      </p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <EnterpriseFields fields={fields} counties={counties} />
        <SubmitButton>保存更正</SubmitButton>
        <Link to={`/enterprises/${enterprise.id}`}>返回</Link>
      </Form>
    </>
  );
}
