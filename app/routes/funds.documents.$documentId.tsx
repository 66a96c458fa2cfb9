import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { getApplicationDocument } from "~/server/funds/documents.server";
import { fileDownload, found } from "~/server/http.server";

/** An application document stored in the database, for users whose region reaches its project (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.documentId);
  const file = found(Number.isSafeInteger(id) ? await getApplicationDocument(await getDb(), user.scope, id) : null);
  return fileDownload(file, "document");
}
