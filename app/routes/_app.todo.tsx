import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { parseLegalDate } from "#rules";
import { Pager } from "~/components/list";
import { todayInChina } from "~/lib/dates";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { deadlinesFor, todoPage } from "~/server/deadlines.server";

export const meta: MetaFunction = () => [{ title: "待办 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:home");
  const today = parseLegalDate(todayInChina());
  const items = await deadlinesFor(await getDb(), user, today);
  return { today, auditor: user.role === "auditor", ...todoPage(items, new URL(request.url)) };
}

function filterHref(clock: string | null, state: string | null) {
  const p = new URLSearchParams();
  if (clock) p.set("clock", clock);
  if (state) p.set("state", state);
  const q = p.toString();
  return q ? `/todo?${q}` : "/todo";
}

export default function Todo() {
  const { today, auditor, total, overdue, groups, clock, state, shown, page, pageSize, items } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>待办</h1>
      <p className="muted">
        今天 {today}。{auditor ? "审计视角：列出所有已逾期的时限。" : "列出与您相关的每一个规定时限（工作日按国务院节假日安排含调休计算）。"}共 {total} 项，其中逾期{" "}
        <strong>{overdue}</strong> 项。
      </p>
      {groups.length > 1 ? (
        <table className="data" aria-label="按时限分类">
          <thead>
            <tr>
              <th>时限</th>
              <th className="num">事项</th>
              <th className="num">其中逾期</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.clock} aria-current={g.clock === clock ? "true" : undefined}>
                <td>
                  {g.clock === clock ? <strong>{g.area} · {g.clock}</strong> : <Link to={filterHref(g.clock, state)}>{g.area} · {g.clock}</Link>}
                </td>
                <td className="num">{g.total}</td>
                <td className="num">{g.overdue > 0 ? <Link to={filterHref(g.clock, "overdue")}>{g.overdue}</Link> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="no-print" style={{ display: "flex", gap: 12 }}>
        {state === "overdue" ? <strong>只看逾期</strong> : <Link to={filterHref(clock, "overdue")}>只看逾期</Link>}
        {state === "due" ? <strong>只看未到期</strong> : <Link to={filterHref(clock, "due")}>只看未到期</Link>}
        {clock || state ? <Link to="/todo">全部待办</Link> : null}
        {clock ? <span className="muted">当前：{clock}</span> : null}
      </p>
      <table className="data" aria-label="待办事项">
        <thead>
          <tr>
            <th>状态</th>
            <th>到期日</th>
            <th>事项</th>
            <th>时限</th>
            <th>办理方</th>
            <th>依据</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                暂无待办事项
              </td>
            </tr>
          ) : (
            items.map((i) => (
              <tr key={i.key}>
                <td>{i.status === "overdue" ? <span className="tag off">已逾期</span> : <span className="tag">待办</span>}</td>
                <td>{i.due}</td>
                <td>{i.href ? <Link to={i.href}>{i.subject}</Link> : i.subject}</td>
                <td>
                  {i.area} · {i.clock}
                </td>
                <td>{i.actor}</td>
                <td className="muted" style={{ fontSize: 12 }}>
                  {i.basis}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {shown > pageSize ? <Pager page={page} pageSize={pageSize} total={shown} /> : null}
    </>
  );
}
