import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { parseLegalDate } from "#rules";
import { todayInChina } from "~/lib/dates";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { deadlinesFor } from "~/server/deadlines.server";

export const meta: MetaFunction = () => [{ title: "待办 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:home");
  const today = parseLegalDate(todayInChina());
  return { today, items: await deadlinesFor(await getDb(), user, today), auditor: user.role === "auditor" };
}

export default function Todo() {
  const { today, items, auditor } = useLoaderData<typeof loader>();
  const overdue = items.filter((i) => i.status === "overdue").length;
  return (
    <>
      <h1>待办</h1>
      <p className="muted">
        今天 {today}。{auditor ? "审计视角：列出所有已逾期的时限。" : "列出与您相关的每一个规定时限（工作日按国务院节假日安排含调休计算）。"}共 {items.length} 项，其中逾期{" "}
        <strong>{overdue}</strong> 项。
      </p>
      <table className="data">
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
    </>
  );
}
