import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { evidenceDownload } from "~/server/auditor/evidence.server";
import { found } from "~/server/http.server";

/** The evidence set as .xlsx (resource route: under single fetch a UI route cannot return a file). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:evidence-set");
  const id = Number(params.setId);
  return found(Number.isSafeInteger(id) ? await evidenceDownload(await getDb(), id) : null);
}
