import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, requireApiUser } from "~/server/api.server";
import { fileClaim } from "~/server/xdt/claims.server";
import { xdtToday } from "~/server/xdt/reference.server";

/** POST /api/v1/loans/:loanId/claim — files a compensation claim for the bank's own overdue loan. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-claim");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以申请代偿");
  const bankOrgId = user.scope.bankOrgId;
  const id = Number(params.loanId);
  if (!Number.isSafeInteger(id)) return jsonError(404, "not_found", "找不到该贷款，或您无权查看");
  const db = await getDb();
  try {
    const claim = await db.transaction((tx) => fileClaim(tx, actor, bankOrgId, id, xdtToday()));
    return Response.json(
      { id: claim.id, status: claim.status, lossFen: claim.lossFen, compensationFen: claim.compensationFen, planDue: claim.planDue, verdict: claim.verdict },
      { status: 201, headers: { Location: `/api/v1/claims/${claim.id}` } },
    );
  } catch (err) {
    // another bank's loan looks the same as a missing one
    if (err instanceof Error && err.message === "找不到该贷款") return jsonError(404, "not_found", "找不到该贷款，或您无权查看");
    return domainError(err);
  }
}
