import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fileDownload, found } from "~/server/http.server";
import { getEvidenceFile } from "~/server/perf/monitoring.server";

/** A monitoring evidence file stored in the database, for users whose scope reaches its project (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.evidenceId);
  const file = found(Number.isSafeInteger(id) ? await getEvidenceFile(await getDb(), user.scope, id) : null);
  return fileDownload(file, "evidence");
}
