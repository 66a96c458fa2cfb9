import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fileDownload, found } from "~/server/http.server";
import { getMaterialFile } from "~/server/xdt/claims.server";

/** A claim material stored in the database, for users whose scope reaches its claim (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = Number(params.materialId);
  const file = found(Number.isSafeInteger(id) ? await getMaterialFile(await getDb(), user.scope, id) : null);
  return fileDownload(file, "material");
}
