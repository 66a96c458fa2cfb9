import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { IntentForm, useLastSubmission } from "~/components/funds/ui";
import { guideSchema, publishGuideSchema } from "~/lib/forms/funds";
import { CITES, citeText } from "~/lib/cites";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { badRequest } from "~/server/http.server";
import { listGuides, publishGuide, saveGuide } from "~/server/funds/guides.server";
import { listPrograms } from "~/server/funds/programs.server";
import { fundsToday } from "~/server/funds/projects.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "申报指南 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const db = await getDb();
  // 省工信厅 drafts and publishes; everyone else reads the published guides (drafts are internal)
  const edit = can(user, "edit:funds-guide") && user.scope.kind === "all";
  const guides = (await listGuides(db)).filter((g) => edit || g.publishedOn);
  return { guides, edit, today: fundsToday(), programs: edit ? (await listPrograms(db)).map((p) => ({ code: p.code, name: p.name })) : [] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "edit:funds-guide");
  const intent = formData.get("intent");
  const schema = intent === "save" ? guideSchema : intent === "publish" ? publishGuideSchema : null;
  if (!schema) throw badRequest("未知操作");
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) =>
      intent === "save" ? saveGuide(tx, actor, user.scope, submission.value as never) : publishGuide(tx, actor, user.scope, submission.value as never),
    );
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, "/funds/guides", { type: "success", message: intent === "save" ? `已保存草稿：${outcome.value.title}` : `已发布：${outcome.value.title}` });
  });
}

export default function Guides() {
  const { guides, edit, today, programs } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const [params] = useSearchParams();
  const editing = guides.find((g) => String(g.id) === params.get("edit") && !g.publishedOn) ?? null;
  const v = (name: string, fallback = "") => last.value("save", name, fallback);
  const err = (intent: string) => (last.intent === intent ? last.errors : null);
  return (
    <>
      <h1>申报指南</h1>
      <p className="muted">省工业和信息化厅发布年度申报指南，明确支持方向和重点、申报条件、申报程序和要求（{citeText(CITES.GXZJ_ART11, CITES.ZXZJ_ART11)}）。发布后在信息公开页面公开；当年的申报须提供指南要求的其他资料，在申报时间外提交的申报会被标注提醒。</p>
      <table className="data">
        <thead><tr><th>专项资金</th><th>年度</th><th>标题</th><th>申报时间</th><th>指南要求的其他资料</th><th>状态</th><th></th></tr></thead>
        <tbody>
          {guides.length === 0 ? <tr><td colSpan={7} className="muted">尚无申报指南</td></tr> : null}
          {guides.map((g) => (
            <tr key={g.id}>
              <td>{g.programName}</td>
              <td>{g.year}</td>
              <td>{g.title}</td>
              <td>{g.openFrom} 至 {g.openTo}</td>
              <td>{g.extraDocuments.length ? g.extraDocuments.join("、") : "—"}</td>
              <td>{g.publishedOn ? `${g.publishedOn} 已发布` : "草稿"}</td>
              <td>
                {g.publishedOn ? <a href={`/disclosure/funds/guides/${g.id}`}>公开页面</a> : edit ? <a href={`/funds/guides?edit=${g.id}`}>修改草稿</a> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {edit
        ? guides
            .filter((g) => !g.publishedOn)
            .map((g) => (
              <IntentForm key={g.id} intent="publish" label={`发布：${g.title}`} errors={last.intent === "publish" && last.value("publish", "guideId") === String(g.id) ? last.errors : null}>
                <input type="hidden" name="guideId" value={g.id} />
                <label className="field">发布日期<input type="date" name="onDate" defaultValue={today} max={today} /></label>
              </IntentForm>
            ))
        : null}
      {edit ? (
        <>
          <h2>{editing ? `修改草稿：${editing.title}` : "起草申报指南"}</h2>
          <IntentForm key={editing?.id ?? "new"} intent="save" label="保存草稿" errors={err("save")}>
            {editing ? <input type="hidden" name="guideId" value={editing.id} /> : null}
            <label className="field">
              专项资金
              <select name="programCode" defaultValue={v("programCode", editing?.programCode ?? programs[0]?.code)}>
                {programs.map((p) => <option key={p.code} value={p.code}>{p.name}（{p.code}）</option>)}
              </select>
            </label>
            <label className="field">年度<input name="year" defaultValue={v("year", String(editing?.year ?? Number(today.slice(0, 4)) + 1))} size={6} /></label>
            <label className="field">标题<input name="title" defaultValue={v("title", editing?.title)} /></label>
            <label className="field">支持方向和重点<textarea name="directions" rows={3} defaultValue={v("directions", editing?.directions)} /></label>
            <label className="field">申报条件<textarea name="conditions" rows={3} defaultValue={v("conditions", editing?.conditions)} /></label>
            <label className="field">申报开始日<input type="date" name="openFrom" defaultValue={v("openFrom", editing?.openFrom)} /></label>
            <label className="field">申报截止日<input type="date" name="openTo" defaultValue={v("openTo", editing?.openTo)} /></label>
            <label className="field">指南要求的其他资料（每行一项；主管部门申报文件和专项资金申请报告为办法规定，无须填写）<textarea name="extraDocuments" rows={3} defaultValue={v("extraDocuments", editing?.extraDocuments.join("\n"))} /></label>
          </IntentForm>
        </>
      ) : null}
    </>
  );
}
