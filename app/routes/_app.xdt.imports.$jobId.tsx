import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { CsrfInput } from "~/components/forms";
import { formatTimestamp } from "~/lib/dates";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb, getDbHandle } from "~/server/db.server";
import { badRequest, found } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";
import { REPORT_ROWS_SHOWN, getImportJob, runImportJob } from "~/server/xdt/imports.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "导入结果 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = Number(params.jobId);
  const job = found(Number.isSafeInteger(id) ? await getImportJob(await getDb(), user.scope, id) : null);
  return { job, canRun: can(user, "file:xdt-loan") && user.scope.kind === "bank" };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.jobId);
  const { user, actor } = await requireAction(request, context, "file:xdt-loan");
  if (user.scope.kind !== "bank") throw badRequest("只有合作银行可以导入贷款清单");
  const db = await getDb();
  found(Number.isSafeInteger(id) ? await getImportJob(db, user.scope, id) : null);
  // a second connection can report the write phase's progress (PostgreSQL); PGlite's one connection cannot
  const progressDuringWrite = (await getDbHandle()).driver === "postgres";
  const result = await runImportJob(db, actor, user.scope.bankOrgId, id, xdtToday(), { progressDuringWrite });
  return db.transaction((tx) =>
    redirectWithToast(tx, user.sessionId, `/xdt/imports/${id}`, result ? { type: "success", message: `导入完成：${result.ok} 行已导入，${result.bad} 行未导入` } : { type: "success", message: "该导入正在处理或已完成" }),
  );
}

const STATUS: Record<string, string> = { queued: "排队中", running: "处理中", done: "已完成", failed: "失败" };

export default function ImportJob() {
  const { job, canRun } = useLoaderData<typeof loader>();
  const runner = useFetcher();
  const revalidator = useRevalidator();
  // a queued job starts when its page opens; while it runs, the page re-reads its progress from the database
  useEffect(() => {
    if (job.status === "queued" && canRun && runner.state === "idle" && !runner.data) {
      const fd = new FormData(document.getElementById("run-import") as HTMLFormElement);
      runner.submit(fd, { method: "post" });
    }
  }, [job.status, canRun, runner]);
  useEffect(() => {
    if (job.status !== "queued" && job.status !== "running") return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(t);
  }, [job.status, revalidator]);
  const pct = job.totalRows ? Math.floor((job.processedRows * 100) / job.totalRows) : 0;
  return (
    <>
      <h1>导入 {job.id}：{job.fileName}</h1>
      <p>
        状态：<strong>{STATUS[job.status]}</strong>；共 {job.totalRows} 行，已检查 {job.processedRows} 行
        {job.status === "done" ? `，导入 ${job.okRows} 行，未导入 ${job.badRows} 行` : ""}（{job.createdByName}，{formatTimestamp(job.createdAt)}）
      </p>
      {job.status === "queued" || job.status === "running" ? <progress max={100} value={pct} aria-label="检查进度">{pct}%</progress> : null}
      {job.status === "running" && job.processedRows === 0 ? <p className="muted">正在读取文件……</p> : null}
      {job.status === "running" && job.writtenRows > 0 ? <p className="muted">已写入 {job.writtenRows.toLocaleString("zh-CN")} 行；全部处理完成前不会有任何一行生效。</p> : null}
      {job.status === "running" && job.writtenRows === 0 && job.totalRows > 0 && job.processedRows >= job.totalRows ? (
        <p className="muted">已检查全部行，正在一次性写入通过的 {job.okRows.toLocaleString("zh-CN")} 行；写入完成前不会有任何一行生效。</p>
      ) : null}
      <runner.Form method="post" id="run-import">
        <CsrfInput />
        {canRun && job.status === "queued" ? <button type="submit">开始处理</button> : null}
      </runner.Form>
      {job.error ? <div className="form-error">{job.error}</div> : null}
      {job.status === "done" ? (
        <>
          <h2>未导入的行（{job.badRows}）</h2>
          {job.reportLength === 0 ? <p>全部行已导入。</p> : (
            <>
            <p>
              {job.reportLength > REPORT_ROWS_SHOWN ? `下表列出前 ${REPORT_ROWS_SHOWN} 条原因（共 ${job.reportLength.toLocaleString("zh-CN")} 条）。` : null}
              下载全部未导入的行及原因：<a href={`/xdt/imports/${job.id}/rejected?format=xlsx`}>Excel</a> · <a href={`/xdt/imports/${job.id}/rejected?format=csv`}>CSV</a>
            </p>
            <table className="data">
              <thead><tr><th className="num">行号</th><th>合同编号</th><th>栏目</th><th>原因</th></tr></thead>
              <tbody>
                {job.report.map((r, i) => (
                  <tr key={i}><td className="num">{r.row}</td><td>{r.contractNo ?? ""}</td><td>{r.field}</td><td>{r.message}</td></tr>
                ))}
              </tbody>
            </table>
            </>
          )}
          {job.warningsLength > 0 ? (
            <>
              <h2>已导入但请核对的行（{job.warningsLength}）</h2>
              <p className="muted">
                以下各行已导入。所填企业名称与企业库中该统一社会信用代码的登记不一致：贷款按已登记的企业办理，企业信息未作修改；如登记有误，请联系企业所在地工信或财政部门更正。
                {job.warningsLength > REPORT_ROWS_SHOWN ? `下表列出前 ${REPORT_ROWS_SHOWN} 条。` : ""}
              </p>
              <table className="data">
                <thead><tr><th className="num">行号</th><th>合同编号</th><th>栏目</th><th>提示</th></tr></thead>
                <tbody>
                  {job.warnings.map((r, i) => (
                    <tr key={i}><td className="num">{r.row}</td><td>{r.contractNo ?? ""}</td><td>{r.field}</td><td>{r.message}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
