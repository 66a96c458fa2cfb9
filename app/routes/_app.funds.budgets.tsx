import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { IntentForm, useLastSubmission } from "~/components/funds/ui";
import { ExportLinks } from "~/components/list";
import { approveBudgetSchema, issueBudgetSchema } from "~/lib/forms/funds";
import { CITES, citeText } from "~/lib/cites";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { badRequest } from "~/server/http.server";
import { approveBudget, issueBudget, listBudgets } from "~/server/funds/budgets.server";
import { listPrograms } from "~/server/funds/programs.server";
import { fundsToday, regionOptions } from "~/server/funds/projects.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "专项资金预算与下达 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const db = await getDb();
  const manage = can(user, "pay:funds") && user.scope.kind === "all";
  return { lines: await listBudgets(db, user.scope), today: fundsToday(), manage, regions: manage ? await regionOptions(db, user.scope) : [], programs: manage ? (await listPrograms(db)).map((p) => ({ code: p.code, name: p.name })) : [] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "pay:funds");
  const intent = formData.get("intent");
  const db = await getDb();
  if (intent === "approve") {
    const submission = parseWithZod(formData, { schema: approveBudgetSchema });
    if (submission.status !== "success") return invalid(submission);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => approveBudget(tx, actor, user.scope, submission.value));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, "/funds/budgets", { type: "success", message: outcome.value.message });
    });
  }
  if (intent === "issue") {
    const submission = parseWithZod(formData, { schema: issueBudgetSchema });
    if (submission.status !== "success") return invalid(submission);
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => issueBudget(tx, actor, user.scope, submission.value.budgetId, submission.value.onDate));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, "/funds/budgets", { type: "success", message: outcome.value.message });
    });
  }
  throw badRequest("未知操作");
}

export default function Budgets() {
  const { lines, today, manage, regions, programs } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const err = (i: string) => (last.intent === i ? last.errors : null);
  return (
    <>
      <h1>专项资金预算与下达</h1>
      <p className="muted">年度预算分为省本级支出和对市州的转移支付；转移支付由省财政厅下达到市州（资金跟着项目走），下一年度预计数可提前下达（{citeText(CITES.GXZJ_ART19)}）。每笔批复和下达都是一笔记账分录。</p>
      <ExportLinks table="funds-budgets" />
      {manage ? (
        <IntentForm intent="approve" label="批复预算" errors={err("approve")}>
          <label className="field">专项资金<select name="programCode" defaultValue={last.value("approve", "programCode", "GXZJ")}>{programs.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}</select></label>
          <label className="field">预算年度<input name="year" defaultValue={last.value("approve", "year", today.slice(0, 4))} size={6} /></label>
          <label className="field">地区<select name="regionCode" defaultValue={last.value("approve", "regionCode", "520000")}><option value="520000">省本级</option>{regions.map((r) => <option key={r.code} value={r.code}>{r.name}（转移支付）</option>)}</select></label>
          <label className="field">金额（元）<input name="amount" defaultValue={last.value("approve", "amount")} inputMode="decimal" /></label>
          <label className="field">批复日期<input type="date" name="onDate" defaultValue={last.value("approve", "onDate", today)} max={today} /></label>
        </IntentForm>
      ) : null}
      {last.errors.length && last.intent === "issue" ? <div className="form-error" role="alert">{last.errors.join("；")}</div> : null}
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>层级</th><th>地区</th><th className="num">预算（元）</th><th>批复日</th><th>下达日</th><th className="num">账户余额（元）</th><th></th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.code}</td><td>{l.year}</td><td>{l.level === "transfer" ? "转移支付" : "省本级"}</td><td>{l.regionName}</td>
              <td className="num"><Money fen={l.amountFen} /></td><td>{l.approvedOn}</td><td>{l.issuedOn ?? (l.level === "transfer" ? "未下达" : "—")}{l.advance ? "（提前下达）" : ""}</td>
              <td className="num"><Money fen={l.balanceFen} /></td>
              <td>{manage && l.level === "transfer" && !l.issuedOn ? <IntentForm intent="issue" label="下达"><input type="hidden" name="budgetId" value={l.id} /><input type="hidden" name="onDate" value={today} /></IntentForm> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
