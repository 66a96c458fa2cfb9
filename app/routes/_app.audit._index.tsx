import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable, ExportLinks, FilterForm, Pager } from "~/components/list";
import { formatTimestamp } from "~/lib/dates";
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from "~/lib/labels";
import { AUDIT_SORTS, auditFacets, listAuditLog, parseAuditFilters } from "~/server/audit-log.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";

export const meta: MetaFunction = () => [{ title: "审计日志 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:audit-log");
  const url = new URL(request.url);
  const params = parseListParams(url, AUDIT_SORTS, "at");
  const filters = parseAuditFilters(url);
  const db = await getDb();
  const { rows, total } = await listAuditLog(db, params, filters);
  return { rows: rows.map((r) => ({ ...r, at: formatTimestamp(r.at) })), total, page: params.page, facets: await auditFacets(db) };
}

export default function AuditLog() {
  const { rows, total, page, facets } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>审计日志</h1>
      <p className="muted">每一次写操作都在同一事务中留下记录（谁、何时、对象、操作、变更前后、请求编号），记录不可修改或删除。</p>
      <FilterForm>
        <label>
          搜索
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder="操作人、对象编号或请求编号" />
        </label>
        <label>
          对象
          <select name="entity" defaultValue={params.get("entity") ?? ""}>
            <option value="">全部</option>
            {facets.entities.map((e) => (
              <option key={e} value={e}>{AUDIT_ENTITY_LABELS[e] ?? e}</option>
            ))}
          </select>
        </label>
        <label>
          操作
          <select name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">全部</option>
            {facets.actions.map((a) => (
              <option key={a} value={a}>{AUDIT_ACTION_LABELS[a] ?? a}</option>
            ))}
          </select>
        </label>
        <label>
          起始日期
          <input type="date" name="from" defaultValue={params.get("from") ?? ""} />
        </label>
        <label>
          截止日期
          <input type="date" name="to" defaultValue={params.get("to") ?? ""} />
        </label>
        <ExportLinks table="audit" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "at", header: "时间", sort: "at", render: (r) => r.at },
          { key: "actor", header: "操作人", sort: "actor", render: (r) => r.actorName },
          { key: "entity", header: "对象", sort: "entity", render: (r) => `${AUDIT_ENTITY_LABELS[r.entity] ?? r.entity} #${r.entityId}` },
          { key: "action", header: "操作", render: (r) => AUDIT_ACTION_LABELS[r.action] ?? r.action },
          {
            key: "change",
            header: "变更",
            render: (r) =>
              r.before || r.after ? (
                <details>
                  <summary>查看</summary>
                  {r.before ? <pre className="json">变更前：{JSON.stringify(r.before, null, 1)}</pre> : null}
                  {r.after ? <pre className="json">变更后：{JSON.stringify(r.after, null, 1)}</pre> : null}
                </details>
              ) : (
                "—"
              ),
          },
          { key: "req", header: "请求编号", render: (r) => <code style={{ fontSize: 11 }}>{r.requestId.slice(0, 8)}</code> },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
