import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useEffect } from "react";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import stylesheet from "./styles.css";
import "./lib/zod-messages"; // zod's default messages in Chinese, on the server and in the browser
import { loadRootData } from "./server/root.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%230b3d91'/%3E%3C/svg%3E" },
];

export const meta: MetaFunction = () => [{ title: "资金通" }];

export const loader = ({ request }: LoaderFunctionArgs) => loadRootData(request);

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  // marks the page interactive (browser tests wait for it before typing: conform re-keys inputs on hydration)
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

const STATUS_TEXT: Record<number, string> = {
  400: "请求有误",
  401: "请先登录",
  403: "无权访问",
  404: "页面不存在",
  405: "不支持的请求方式",
  413: "文件过大",
  429: "请求过于频繁",
};

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : null;
  return (
    <main style={{ maxWidth: 640, margin: "10vh auto" }}>
      <h1>
        {status} · {STATUS_TEXT[status] ?? "系统出错了"}
      </h1>
      <p>{detail ?? (status === 500 ? "处理您的请求时出现了意外错误，已记录。请稍后重试；如反复出现，请联系系统管理员。" : "")}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </main>
  );
}
