import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { templateWorkbook } from "~/server/xdt/imports.server";

/** The import template (.xlsx with Chinese headers and a sheet of instructions) — a resource route. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:xdt");
  return new Response(await templateWorkbook(), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent("信贷通贷款清单导入模板.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
