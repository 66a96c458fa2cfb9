import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { jsonError, requireApiUser } from "~/server/api.server";
import { getClaim } from "~/server/xdt/claims.server";
import { xdtToday } from "~/server/xdt/reference.server";

/** GET /api/v1/claims/:claimId — the claim's status, figures, clocks, materials and steps (own bank only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const id = Number(params.claimId);
  const claim = Number.isSafeInteger(id) ? await getClaim(await getDb(), user.scope, id, xdtToday()) : null;
  if (!claim) return jsonError(404, "not_found", "找不到该代偿申请，或您无权查看");
  const { steps, materials, ...rest } = claim;
  return Response.json({
    ...rest,
    steps: steps.map((s) => ({ step: s.step, onDate: s.onDate, by: s.byName, note: s.note })),
    materials: materials.map((m) => ({ kind: m.kind, label: m.label, provided: Boolean(m.item), file: m.item?.fileName ?? null })),
  });
}
