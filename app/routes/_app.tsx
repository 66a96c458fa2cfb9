import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CsrfInput } from "~/components/forms";
import { NAV } from "~/lib/nav";
import { can } from "~/lib/permissions";
import { ROLE_LABELS } from "~/lib/roles";
import type { loader as rootLoader } from "~/root";
import { parseLegalDate } from "#rules";
import { todayInChina } from "~/lib/dates";
import { requireUser } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { deadlineCounts } from "~/server/deadlines.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const nav = NAV.map((g) => ({ group: g.group, items: g.items.filter((i) => can(user, i.permission)) })).filter((g) => g.items.length > 0);
  // counted in SQL: every page shows the badge, none should build the whole 待办 list for it
  const todo = await deadlineCounts(await getDb(), user, parseLegalDate(todayInChina()));
  return {
    user: { displayName: user.displayName, role: user.role, orgName: user.orgName, regionName: user.regionName },
    nav,
    todo,
  };
}

function Toast() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    setVisible(true);
    const t = setTimeout(() => setVisible(false), 5000);
    return () => clearTimeout(t);
  }, [root?.toast]);
  if (!root?.toast || !visible) return null;
  return (
    <div className={`toast ${root.toast.type}`} role="status">
      {root.toast.message}
    </div>
  );
}

export default function AppLayout() {
  const { user, nav, todo } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="top">
        <a className="brand" href="/">
          资金通
        </a>
        <span className="muted" style={{ color: "#cfe0ff" }}>
          专项资金 · 中小企业信贷通
        </span>
        <div className="who">
          <span data-testid="who">
            {user.displayName} · {ROLE_LABELS[user.role]} · {user.orgName}
          </span>
          <Form method="post" action="/logout">
            <CsrfInput />
            <button type="submit">退出</button>
          </Form>
        </div>
      </header>
      <div className="shell">
        <nav className="side" aria-label="主导航">
          {nav.map((g) => (
            <div key={g.group}>
              <div className="group">{g.group}</div>
              {g.items.map((i) => (
                <NavLink key={i.to} to={i.to} end={i.to === "/"}>
                  {i.label}
                  {i.to === "/todo" && todo.total > 0 ? (
                    <span className={todo.overdue > 0 ? "tag off" : "tag"} style={{ marginLeft: 6 }} title={`${todo.total} 项待办，其中逾期 ${todo.overdue} 项`} data-testid="todo-count">
                      {todo.total}
                    </span>
                  ) : null}
                </NavLink>
              ))}
            </div>
          ))}
        </nav>
        <main>
          <Outlet />
        </main>
      </div>
      <Toast />
    </>
  );
}
