import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { AmountBars } from "~/components/funds/charts";
import { IntentForm, useLastSubmission } from "~/components/funds/ui";
import { ExportLinks } from "~/components/list";
import { carryOverRecoverSchema } from "~/lib/forms/funds";
import { CITES, citeText } from "~/lib/cites";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { carryOver, recoverCarryOver, unpaidAllocationsCarryOver } from "~/server/funds/overview.server";
import { fundsToday } from "~/server/funds/projects.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "结转结余与收回 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const today = fundsToday();
  const db = await getDb();
  const lines = await carryOver(db, user.scope, today);
  // allocated but unpaid money: only what the 2-year rule recovers is listed (a GXZJ allocation never is)
  const allocations = (await unpaidAllocationsCarryOver(db, user.scope, today)).filter((a) => a.due);
  const buckets = ["一年以内", "一至两年", "两年以上"].map((b) => ({ label: b, fen: lines.filter((l) => l.bucket === b && l.level === "transfer").reduce((s, l) => s + l.unallocatedFen, 0) }));
  return { today, lines, allocations, buckets, canRecover: can(user, "recover:funds") && user.scope.kind === "all" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "recover:funds");
  const submission = parseWithZod(formData, { schema: carryOverRecoverSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => recoverCarryOver(tx, actor, user.scope, submission.value.budgetId, submission.value.onDate));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, "/funds/carry-over", { type: "success", message: outcome.value.message });
  });
}

export default function CarryOver() {
  const { lines, allocations, buckets, canRecover, today } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const due = lines.filter((l) => l.due);
  return (
    <>
      <h1>结转结余与收回</h1>
      <p className="muted">省对市县转移支付资金尚未分配并结转两年以上的，收回省级（{citeText(CITES.GXZJ_ART24, CITES.ZXZJ_ART21_PROV, CITES.ZXZJ_ART21_TRANSFER)}，科研项目除外）。截至 {today}。</p>
      <ExportLinks table="funds-carry-over" />
      {last.errors.length ? <div className="form-error" role="alert">{last.errors.join("；")}</div> : null}
      <h2>应收回清单（{due.length}）</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>地区</th><th>批复／下达日</th><th>两年届满</th><th className="num">未分配（元）</th><th>处理</th><th></th></tr></thead>
        <tbody>
          {due.length === 0 ? <tr><td colSpan={8} className="muted">无</td></tr> : null}
          {due.map((l) => (
            <tr key={l.id}>
              <td>{l.code}</td><td>{l.year}</td><td>{l.regionName}</td><td>{l.since}</td><td>{l.twoYearDate}</td><td className="num"><Money fen={l.unallocatedFen} /></td><td>{l.action}</td>
              <td>{canRecover && l.level === "transfer" ? <IntentForm intent="recover" label="收回"><input type="hidden" name="budgetId" value={l.id} /><input type="hidden" name="onDate" value={today} /></IntentForm> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>已安排未拨付、结转满两年的资金（{allocations.length}）</h2>
      <p className="muted">已分配到部门（企业）的资金是否两年收回，按各资金管理办法判断：工信发展专项资金只收回市县尚未分配的资金（{citeText(CITES.GXZJ_ART24)}），已安排到项目的资金不在此列。</p>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>项目</th><th>批复／下达日</th><th>两年届满</th><th className="num">已安排未拨付（元）</th><th>处理</th><th>依据</th></tr></thead>
        <tbody>
          {allocations.length === 0 ? <tr><td colSpan={8} className="muted">无</td></tr> : null}
          {allocations.map((a) => (
            <tr key={a.id}>
              <td>{a.code}</td><td>{a.year}</td><td><a href={`/funds/projects/${a.projectId}`}>{a.project}</a></td><td>{a.since}</td><td>{a.twoYearDate}</td><td className="num"><Money fen={a.unpaidFen} /></td><td title={a.why ?? ""}>{a.action}</td><td>{a.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AmountBars title="未分配转移支付账龄" rows={buckets} label="未分配金额" />
      <h2>各预算线账龄</h2>
      <table className="data">
        <thead><tr><th>资金</th><th>年度</th><th>层级</th><th>地区</th><th className="num">预算（元）</th><th className="num">已安排</th><th className="num">已拨付</th><th className="num">未分配</th><th className="num">已安排未拨付</th><th className="num">已收回</th><th>账龄</th><th>两年规则</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.code}</td><td>{l.year}</td><td>{l.level === "transfer" ? "转移支付" : "省本级"}</td><td>{l.regionName}</td>
              <td className="num"><Money fen={l.amountFen} /></td><td className="num"><Money fen={l.allocatedFen} /></td><td className="num"><Money fen={l.paidFen} /></td>
              <td className="num"><Money fen={l.unallocatedFen} /></td><td className="num"><Money fen={l.unpaidAllocatedFen} /></td><td className="num"><Money fen={l.recoveredFen} /></td>
              <td>{l.ageDays} 天（{l.bucket}）</td><td title={l.why ?? ""}>{l.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
