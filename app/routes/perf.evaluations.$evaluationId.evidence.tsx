import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fileDownload, found } from "~/server/http.server";
import { getEvidence } from "~/server/perf/evaluations.server";

/** A self-evaluation's evidence stored in the database, for users whose scope reaches its project (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.evaluationId);
  const file = found(Number.isSafeInteger(id) ? await getEvidence(await getDb(), user.scope, id) : null);
  return fileDownload(file, "evidence");
}
