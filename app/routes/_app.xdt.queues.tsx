import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/list";
import { QueueSection } from "~/components/queues";
import { PAGE_SIZE } from "~/lib/list";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { TRUSTEE_QUEUES, loadQueue, queuesOverview, type TrusteeQueue } from "~/server/xdt/workspaces.server";

export const meta: MetaFunction = () => [{ title: "受托管理队列 · 资金通" }];

/** The trustee's queues, each by its clock; `?queue=<key>&page=N` opens one queue alone, paged in SQL. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt-queues");
  // read here, not at module level: the browser bundle has no server module values
  const KEYS = Object.keys(TRUSTEE_QUEUES) as TrusteeQueue[];
  const url = new URL(request.url);
  const db = await getDb();
  const today = xdtToday();
  const only = KEYS.find((k) => k === url.searchParams.get("queue"));
  if (only) {
    const { page } = parseListParams(url, ["due"], "due", "asc");
    return { today, page, single: true, queues: [await loadQueue(db, user.scope, only, page, today)] };
  }
  return { today, page: 1, single: false, queues: await queuesOverview(db, user.scope, KEYS, today) };
}

export default function Queues() {
  const { today, page, single, queues } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>受托管理队列</h1>
      <p className="muted">
        今天 {today}。每个队列按时限排序：已逾期的在前，其次是最近到期的（工作日按国务院节假日安排含调休计算）。办理请打开事项。
        {single ? <> <Link to="/xdt/queues">返回全部队列</Link></> : null}
      </p>
      {!single ? (
        <nav className="cards" aria-label="队列">
          {queues.map((q) => (
            <a key={q.key} className="card" href={`#queue-${q.key}`}>
              <div className="label">{q.title}</div>
              <div className="value">{q.total}</div>
            </a>
          ))}
        </nav>
      ) : null}
      {queues.map((q) => (
        <QueueSection key={q.key} queue={q} openHref={`/xdt/queues?queue=${q.key}`} exportTable={`xdt-queue-${q.key}`} />
      ))}
      {single ? <Pager page={page} pageSize={PAGE_SIZE} total={queues[0].total} /> : null}
    </>
  );
}
