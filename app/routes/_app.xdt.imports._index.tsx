import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { formatTimestamp } from "~/lib/dates";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { badRequest } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";
import { UserInputError } from "~/server/users.server";
import { IMPORT_MAX_BYTES, createImportJob, listImportJobs } from "~/server/xdt/imports.server";

export const meta: MetaFunction = () => [{ title: "贷款清单导入 · 资金通" }];

const STATUS: Record<string, string> = { queued: "排队中", running: "处理中", done: "已完成", failed: "失败" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  return { jobs: await listImportJobs(await getDb(), user.scope), canImport: can(user, "file:xdt-loan") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (Number(request.headers.get("Content-Length") ?? 0) > IMPORT_MAX_BYTES + 64 * 1024) throw badRequest(`文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
  const { user, formData, actor } = await requireAction(request, context, "file:xdt-loan");
  if (user.scope.kind !== "bank") throw badRequest("只有合作银行可以导入贷款清单");
  const bankOrgId = user.scope.bankOrgId;
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return data({ error: "请选择 .xlsx 或 .csv 文件" }, { status: 400 });
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const job = await createImportJob(tx, actor, bankOrgId, file);
      return redirectWithToast(tx, user.sessionId, `/xdt/imports/${job.id}`, { type: "success", message: "文件已上传，正在逐行检查" });
    });
  } catch (err) {
    if (err instanceof UserInputError) return data({ error: err.message }, { status: 400 });
    throw err;
  }
}

export default function Imports() {
  const { jobs, canImport } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>贷款清单导入</h1>
      <p className="muted">
        按月导入本行信贷通贷款清单（.xlsx 或 .csv）。每行按与页面登记相同的准入规则检查：通过的行导入，不通过的行不导入并逐行说明原因；导入要么全部完成，要么不写入任何数据。
        <a href="/xdt/imports/template">下载模板（中文表头）</a>
      </p>
      {canImport ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <CsrfInput />
          <FormError errors={actionData && "error" in actionData ? [actionData.error] : undefined} />
          <input type="file" name="file" accept=".xlsx,.csv" />
          <SubmitButton>上传并检查</SubmitButton>
        </Form>
      ) : null}
      <h2>导入记录</h2>
      <table className="data">
        <thead><tr><th>编号</th><th>文件</th><th>状态</th><th className="num">行数</th><th className="num">导入</th><th className="num">未导入</th><th>上传人</th><th>时间</th></tr></thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td><Link to={`/xdt/imports/${j.id}`}>{j.id}</Link></td>
              <td>{j.fileName}</td>
              <td>{STATUS[j.status]}</td>
              <td className="num">{j.totalRows}</td>
              <td className="num">{j.okRows}</td>
              <td className="num">{j.badRows}</td>
              <td>{j.createdByName}</td>
              <td>{formatTimestamp(j.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
