import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { IntentForm, useLastSubmission } from "~/components/funds/ui";
import { bankApplicationSchema, publishListSchema } from "~/lib/forms/xdt";
import { XDT_BANK_STATUS_LABELS } from "~/lib/labels";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { badRequest, forbidden } from "~/server/http.server";
import { redirectWithToast } from "~/server/toast.server";
import { bankApplicants, lifecycleBanks, publishYearList, recordApplication, yearLists } from "~/server/xdt/partners.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "合作银行准入与年度名单 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const db = await getDb();
  const today = xdtToday();
  // the provincial 信贷通办 records applications and publishes the list
  const office = can(user, "decide:xdt-bank-status") && user.scope.kind === "all";
  return {
    banks: await lifecycleBanks(db, user.scope),
    lists: await yearLists(db, user.scope, today),
    applicants: office ? await bankApplicants(db) : [],
    office,
    today,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "decide:xdt-bank-status");
  if (user.scope.kind !== "all") throw forbidden();
  const db = await getDb();
  const today = xdtToday();
  const intent = formData.get("intent");
  if (intent === "apply") {
    const submission = parseWithZod(formData, { schema: bankApplicationSchema });
    if (submission.status !== "success") return invalid(submission);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => recordApplication(tx, actor, submission.value, today));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/xdt/banks/${submission.value.bankOrgId}`, { type: "success", message: outcome.value });
    });
  }
  if (intent === "publish") {
    const submission = parseWithZod(formData, { schema: publishListSchema });
    if (submission.status !== "success") return invalid(submission);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => publishYearList(tx, actor, submission.value, today));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, "/xdt/partners", { type: "success", message: outcome.value });
    });
  }
  throw badRequest("未知操作");
}

export default function Partners() {
  const { banks, lists, applicants, office, today } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const err = (i: string) => (last.intent === i ? last.errors : null);
  const nextYear = lists.pending[0]?.year ?? Number(today.slice(0, 4)) + 1;
  return (
    <>
      <h1>合作银行准入与年度名单</h1>
      <p className="muted">
        在本省设立网点的银行金融机构自愿向信贷通办申请 → 信贷通办初步评价 → 协调领导小组审定 → 受托管理机构签署合作协议（《管理办法》第五条）→
        列入年度合作名单（每年 1 月末前在政府网站公布，《关于推动中小企业信贷通落地落实的通知》一（一））→ 开展业务 ⇄ 暂停 → 终止。每一步记录依据、决定文号、日期和记录人。
        <Link to="/disclosure/xdt-banks">公开的年度合作名单</Link>
      </p>
      <h2>准入进度</h2>
      <table className="data">
        <thead><tr><th>银行</th><th>当前状态</th><th>最近一步日期</th><th>下一步</th></tr></thead>
        <tbody>
          {banks.map((b) => (
            <tr key={b.id}>
              <td><Link to={`/xdt/banks/${b.id}`}>{b.name}</Link></td>
              <td>{XDT_BANK_STATUS_LABELS[b.status]}</td>
              <td>{b.lastDate ?? "—"}</td>
              <td>{b.next.join("、") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {office && applicants.length > 0 ? (
        <IntentForm intent="apply" label="登记合作申请" errors={err("apply")}>
          <strong>登记银行的合作申请（收到书面申请后）</strong>
          <label className="field">申请的银行<select name="bankOrgId" defaultValue={last.value("apply", "bankOrgId")}><option value="">请选择</option>{applicants.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</select></label>
          <label className="field">申请说明（网点、服务能力等）<input name="basis" defaultValue={last.value("apply", "basis")} /></label>
          <label className="field">申请函文号<input name="decisionRef" defaultValue={last.value("apply", "decisionRef")} /></label>
          <label className="field">收到日期<input type="date" name="decisionDate" max={today} defaultValue={last.value("apply", "decisionDate", today)} /></label>
        </IntentForm>
      ) : null}
      <h2>年度合作名单</h2>
      {lists.pending.map((p) => (
        <p key={p.year}>
          {p.year}年度名单：尚未公布{p.due ? <>，应于 <strong>{p.due}</strong> 前公布{today > p.due ? <strong className="error">（已逾期）</strong> : null}</> : null}（{p.why}）
        </p>
      ))}
      <table className="data">
        <thead><tr><th>年度</th><th>公布日期</th><th>公布期限</th><th>公布文号</th><th>名单</th><th>公布人</th></tr></thead>
        <tbody>
          {lists.years.map((l) => (
            <tr key={l.year}>
              <td>{l.year}</td>
              <td>{l.publishedOn}{l.late ? <strong className="error"> 逾期公布</strong> : null}</td>
              <td title={l.why}>{l.due ?? "无（通知施行前）"}</td>
              <td>{l.documentRef}</td>
              <td>{l.banks.map((b) => b.shortName ?? b.name).join("、") || "—"}</td>
              <td>{l.publishedByName}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {office ? (
        <IntentForm intent="publish" label="公布年度名单" errors={err("publish")}>
          <strong>公布年度合作金融机构名单（已签订合作协议、未终止的银行）</strong>
          <label className="field">年度<input name="year" size={6} defaultValue={last.value("publish", "year", String(nextYear))} /></label>
          <label className="field">公布日期<input type="date" name="publishedOn" max={today} defaultValue={last.value("publish", "publishedOn", today)} /></label>
          <label className="field">公布文号或网址<input name="documentRef" defaultValue={last.value("publish", "documentRef")} /></label>
          <fieldset>
            <legend>列入名单的银行</legend>
            {banks.filter((b) => b.listable).map((b) => (
              <label key={b.id} style={{ marginRight: 12 }}><input type="checkbox" name="bankOrgId" value={b.id} defaultChecked /> {b.shortName ?? b.name}</label>
            ))}
          </fieldset>
        </IntentForm>
      ) : null}
    </>
  );
}
