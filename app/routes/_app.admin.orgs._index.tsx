import { getFormProps, useForm } from "@conform-to/react";
import { createOrgSchema } from "~/lib/forms/organisations";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { DataTable, ExportLinks, FilterForm, Pager } from "~/components/list";
import { OrgFields } from "~/components/org-fields";
import { ORG_KIND_LABELS } from "~/lib/roles";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { ORG_SORTS, createOrganisation, listOrganisations, regionOptions } from "~/server/organisations.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "机构管理 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:organisation");
  const params = parseListParams(new URL(request.url), ORG_SORTS, "name", "asc");
  const db = await getDb();
  const { rows, total } = await listOrganisations(db, params);
  return { rows, total, page: params.page, regions: await regionOptions(db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:organisation");
  const submission = parseWithZod(formData, { schema: createOrgSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => createOrganisation(tx, actor, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/admin/orgs/${outcome.value.id}`, { type: "success", message: `已创建机构 ${outcome.value.name}` });
  });
}

export default function Organisations() {
  const { rows, total, page, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof createOrgSchema>>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(createOrgSchema),
  });
  return (
    <>
      <h1>机构管理</h1>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="机构名称或地区" />
        </label>
        <ExportLinks table="organisations" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "name", header: "机构全称", sort: "name", render: (r) => <Link to={`/admin/orgs/${r.id}`}>{r.name}</Link> },
          { key: "kind", header: "类型", sort: "kind", render: (r) => ORG_KIND_LABELS[r.kind] },
          { key: "region", header: "地区", sort: "region", render: (r) => r.regionName },
          { key: "users", header: "用户数", sort: "users", numeric: true, render: (r) => r.users },
          { key: "active", header: "状态", render: (r) => (r.active ? <span className="tag">启用</span> : <span className="tag off">停用</span>) },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
      <h2>新建机构</h2>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <FormError errors={form.errors} />
        <OrgFields fields={fields} regions={regions} />
        <SubmitButton>创建机构</SubmitButton>
      </Form>
    </>
  );
}
