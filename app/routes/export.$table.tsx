import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDbHandle } from "~/server/db.server";
import { EXPORT_TABLES, exportTableResponse } from "~/server/exports.server";
import { badRequest, found } from "~/server/http.server";

/** Every list's Excel/CSV export: /export/:table?<the page's filters>&format=xlsx|csv (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const table = found(Object.hasOwn(EXPORT_TABLES, params.table ?? "") ? EXPORT_TABLES[params.table!] : null, "没有这个导出表");
  const user = await requirePermission(request, table.permission);
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "xlsx" && format !== "csv") throw badRequest("导出格式只能是 xlsx 或 csv");
  return exportTableResponse(await getDbHandle(), user, params.table!, url, format);
}
