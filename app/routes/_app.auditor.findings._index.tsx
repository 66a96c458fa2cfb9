import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FindingsTable } from "~/components/auditor";
import { ExportLinks, FilterForm, FilterSelect, Pager } from "~/components/list";
import { FINDING_STATUS_LABELS, RECORD_KIND_LABELS } from "~/lib/forms/auditor";
import { PAGE_SIZE } from "~/lib/list";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { FINDING_SORTS, listFindings, parseFindingFilters } from "~/server/auditor/findings.server";
import { readableKinds } from "~/server/auditor/records.server";
import { parseListParams } from "~/server/list.server";

export const meta: MetaFunction = () => [{ title: "审计发现 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:audit-finding");
  const url = new URL(request.url);
  const params = parseListParams(url, FINDING_SORTS, "created");
  const { rows, total } = await listFindings(await getDb(), user, params, parseFindingFilters(url));
  return { rows, total, page: params.page, kinds: readableKinds(user), canRecord: can(user, "record:audit-finding") };
}

export default function Findings() {
  const { rows, total, page, kinds, canRecord } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>审计发现</h1>
      <p className="muted">审计人员对项目、代偿、贷款、拨付、分录、合作银行或企业记录的问题，由责任方回复整改情况，审计人员复核后关闭。您只能看到您有权查看的记录上的审计发现。{canRecord ? <> <Link to="/auditor/findings/new">记录审计发现</Link></> : null}</p>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="标题或描述" />
        </label>
        <FilterSelect label="状态" name="status" options={Object.entries(FINDING_STATUS_LABELS)} />
        <FilterSelect label="记录类型" name="kind" options={kinds.map((k) => [k, RECORD_KIND_LABELS[k]] as const)} />
        <ExportLinks table="audit-findings" />
      </FilterForm>
      <FindingsTable rows={rows} />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
