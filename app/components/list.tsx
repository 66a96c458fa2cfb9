import { Form, Link, useLocation, useSearchParams } from "@remix-run/react";
import { COUNT_CAP } from "~/lib/list";

export interface Column<T> {
  key: string;
  header: string;
  /** the sort key accepted by the loader; omit for unsortable columns */
  sort?: string;
  numeric?: boolean;
  render: (row: T) => React.ReactNode;
}

/** A table whose sort, page and filters live in the URL, so the loader does them in SQL and links can be shared. */
export function DataTable<T>({ rows, columns, rowKey, empty = "没有符合条件的记录" }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string | number; empty?: string }) {
  const [params] = useSearchParams();
  const sort = params.get("sort");
  const dir = params.get("dir") === "asc" ? "asc" : "desc";
  const link = (key: string) => {
    const next = new URLSearchParams(params);
    next.set("sort", key);
    next.set("dir", sort === key && dir === "desc" ? "asc" : "desc");
    next.delete("page");
    return `?${next.toString()}`;
  };
  return (
    <table className="data">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} className={c.numeric ? "num" : undefined} aria-sort={c.sort && sort === c.sort ? (dir === "asc" ? "ascending" : "descending") : undefined}>
              {c.sort ? (
                <Link to={link(c.sort)} preventScrollReset>
                  {c.header}
                  {sort === c.sort ? (dir === "asc" ? " ▲" : " ▼") : ""}
                </Link>
              ) : (
                c.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="muted">
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? "num" : undefined}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function Pager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const [params] = useSearchParams();
  // a count past the cap was stopped there (countUpTo): the pages stop at the cap too
  const capped = total > COUNT_CAP;
  const pages = Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / pageSize));
  const to = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <div className="pager">
      {capped ? (
        <span>
          超过 {COUNT_CAP.toLocaleString("zh-CN")} 条，第 {page} 页（更多请用搜索或筛选缩小范围，或导出）
        </span>
      ) : (
        <span>
          共 {total} 条，第 {page} / {pages} 页
        </span>
      )}
      {page > 1 ? <Link to={to(page - 1)}>上一页</Link> : null}
      {page < pages ? <Link to={to(page + 1)}>下一页</Link> : null}
    </div>
  );
}

/** Export the current filtered list (all pages) through the export route, which checks access like the page. */
export function ExportLinks({ table, extra }: { table: string; extra?: Record<string, string> }) {
  const location = useLocation();
  const href = (format: string) => {
    const next = new URLSearchParams(location.search);
    next.delete("page");
    for (const [k, v] of Object.entries(extra ?? {})) next.set(k, v);
    next.set("format", format);
    return `/export/${table}?${next.toString()}`;
  };
  return (
    <span className="no-print" style={{ display: "inline-flex", gap: 8 }}>
      <a className="button secondary" href={href("xlsx")} download>
        导出 Excel
      </a>
      <a className="button secondary" href={href("csv")} download>
        导出 CSV
      </a>
    </span>
  );
}

/** A GET form for filters; fields keep their values from the URL. */
export function FilterForm({ children }: { children: React.ReactNode }) {
  return (
    <Form method="get" className="toolbar no-print">
      {children}
      <button type="submit" className="secondary">
        查询
      </button>
    </Form>
  );
}

/** A filter menu in a FilterForm: "全部" plus the options; keeps its value from the URL. */
export function FilterSelect({ label, name, options }: { label: string; name: string; options: readonly (readonly [string | number, string])[] }) {
  const [params] = useSearchParams();
  return (
    <label>
      {label}
      <select name={name} defaultValue={params.get(name) ?? ""}>
        <option value="">全部</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
