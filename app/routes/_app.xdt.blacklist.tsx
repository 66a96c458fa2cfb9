import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { IntentForm, useLastSubmission } from "~/components/funds/ui";
import { DataTable, ExportLinks, FilterForm, FilterSelect, Pager } from "~/components/list";
import { blacklistSchema } from "~/lib/forms/xdt";
import { PAGE_SIZE } from "~/lib/list";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { forbidden } from "~/server/http.server";
import { parseListParams } from "~/server/list.server";
import { redirectWithToast } from "~/server/toast.server";
import { BLACKLIST_BASIS, BLACKLIST_SORTS, addToBlacklist, listBlacklist, parseBlacklistFilters } from "~/server/xdt/blacklist.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "信贷通黑名单 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt-blacklist");
  const url = new URL(request.url);
  const params = parseListParams(url, BLACKLIST_SORTS, "decisionDate", "desc");
  const { rows, total } = await listBlacklist(await getDb(), user.scope, params, parseBlacklistFilters(url));
  return { rows, total, page: params.page, manage: can(user, "manage:xdt-blacklist") && user.scope.kind === "all", basis: BLACKLIST_BASIS, today: xdtToday() };
}

/** Recorded by the provincial 信贷通 office on the leading group's decision; a 市州 officer reads its region only. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:xdt-blacklist");
  if (user.scope.kind !== "all") throw forbidden();
  const submission = parseWithZod(formData, { schema: blacklistSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => addToBlacklist(tx, actor, submission.value, xdtToday()));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, "/xdt/blacklist", { type: "success", message: outcome.value });
  });
}

export default function Blacklist() {
  const { rows, total, page, manage, basis, today } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const last = useLastSubmission();
  return (
    <>
      <h1>信贷通黑名单</h1>
      <p className="muted">{basis}。列入黑名单的企业及其股东永久不得申请信贷通，名单不可删除；提交贷款时，企业或其任一股东在名单中即不予受理。</p>
      {manage ? (
        <IntentForm intent="blacklist" label="列入黑名单" errors={last.errors} danger>
          <strong>按协调领导小组决定，将企业及其全部股东列入黑名单</strong>
          <label className="field">企业统一社会信用代码<input name="creditCode" defaultValue={last.value("", "creditCode")} maxLength={18} /></label>
          <label className="field">列入原因（骗取、挪用贷款或用于与经营无关的活动）<input name="reason" defaultValue={last.value("", "reason")} /></label>
          <label className="field">协调领导小组决定文号<input name="decisionRef" defaultValue={last.value("", "decisionRef")} /></label>
          <label className="field">决定日期<input type="date" name="decisionDate" max={today} defaultValue={last.value("", "decisionDate", today)} /></label>
        </IntentForm>
      ) : null}
      <FilterForm>
        <label>搜索<input name="q" defaultValue={params.get("q") ?? ""} placeholder="名称、代码、原因、文号" /></label>
        <FilterSelect label="类别" name="kind" options={[["enterprise", "企业"], ["shareholder", "股东"]]} />
        <ExportLinks table="xdt-blacklist" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "name", header: "名称", sort: "name", render: (r) => r.name },
          { key: "kind", header: "类别", render: (r) => (r.kind === "enterprise" ? "企业" : "股东") },
          { key: "identifier", header: "代码/身份标识", render: (r) => r.identifier },
          { key: "enterprise", header: "涉及企业", render: (r) => (r.enterpriseId ? <Link to={`/enterprises/${r.enterpriseId}`}>{r.enterpriseName}</Link> : "—") },
          { key: "reason", header: "列入原因", render: (r) => r.reason },
          { key: "decisionRef", header: "决定文号", render: (r) => r.decisionRef },
          { key: "decisionDate", header: "决定日期", sort: "decisionDate", render: (r) => r.decisionDate },
          { key: "by", header: "登记人", render: (r) => r.createdByName },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
