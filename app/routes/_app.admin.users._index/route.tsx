import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { createUserSchema } from "~/lib/forms/users";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { UserFields } from "~/components/user-fields";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { DataTable, ExportLinks, FilterForm, Pager } from "~/components/list";
import { ORG_KIND_LABELS, ROLE_LABELS, ROLES, type OrgKind } from "~/lib/roles";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { redirectWithToast } from "~/server/toast.server";
import { USER_SORTS, createUser, listUsers, organisationOptions } from "~/server/users.server";

export const meta: MetaFunction = () => [{ title: "用户管理 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:user");
  const params = parseListParams(new URL(request.url), USER_SORTS, "username", "asc");
  const db = await getDb();
  const { rows, total } = await listUsers(db, params);
  return { rows, total, page: params.page, organisations: await organisationOptions(db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:user");
  const submission = parseWithZod(formData, { schema: createUserSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => createUser(tx, actor, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/admin/users/${outcome.value.id}`, { type: "success", message: `已创建用户 ${outcome.value.username}` });
  });
}

export default function Users() {
  const { rows, total, page, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof createUserSchema>>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(createUserSchema),
  });
  return (
    <>
      <h1>用户管理</h1>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="登录名、姓名或机构" />
        </label>
        <ExportLinks table="users" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "username", header: "登录名", sort: "username", render: (r) => <Link to={`/admin/users/${r.id}`}>{r.username}</Link> },
          { key: "displayName", header: "姓名", sort: "displayName", render: (r) => r.displayName },
          { key: "organisation", header: "所属机构", sort: "organisation", render: (r) => r.organisation },
          { key: "role", header: "角色", sort: "role", render: (r) => ROLE_LABELS[r.role] },
          { key: "active", header: "状态", render: (r) => (r.active ? <span className="tag">启用</span> : <span className="tag off">停用</span>) },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
      <h2>新建用户</h2>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <FormError errors={form.errors} />
        <label className="field">
          登录名
          <input {...getInputProps(fields.username, { type: "text" })} autoComplete="off" />
          <FieldErrors errors={fields.username.errors} />
        </label>
        <UserFields fields={fields} organisations={organisations} placeholder />
        <label className="field">
          初始密码（至少 10 位，含字母和数字）
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
          <FieldErrors errors={fields.password.errors} />
        </label>
        <SubmitButton>创建用户</SubmitButton>
      </Form>
    </>
  );
}
