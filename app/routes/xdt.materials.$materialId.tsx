import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { found } from "~/server/http.server";
import { getMaterialFile } from "~/server/xdt/claims.server";

/** A claim material stored in the database, for users whose scope reaches its claim (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const id = Number(params.materialId);
  const file = found(Number.isSafeInteger(id) ? await getMaterialFile(await getDb(), user.scope, id) : null);
  return new Response(Buffer.from(file.content!), {
    headers: {
      "Content-Type": file.mimeType ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName ?? "material")}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
