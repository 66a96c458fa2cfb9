import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { badRequest, found } from "~/server/http.server";
import { importRejectionsResponse } from "~/server/xdt/imports.server";

/** The rows an import did not take, with their reasons, as .xlsx or .csv (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = Number(params.jobId);
  const format = new URL(request.url).searchParams.get("format") ?? "xlsx";
  if (format !== "xlsx" && format !== "csv") throw badRequest("导出格式只能是 xlsx 或 csv");
  return found(Number.isSafeInteger(id) ? await importRejectionsResponse(await getDb(), user.scope, id, format) : null);
}
