import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, readJson, requireApiUser, validationError } from "~/server/api.server";
import { reportRecovery, reportRecoverySchema } from "~/server/xdt/recoveries.server";
import { xdtToday } from "~/server/xdt/reference.server";

/** POST /api/v1/claims/:claimId/recoveries — reports money recovered after compensation and its costs. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-recovery");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以报告追偿");
  const bankOrgId = user.scope.bankOrgId;
  const id = Number(params.claimId);
  const body = await readJson(request);
  const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  // a retry with the same Idempotency-Key (or, without one, the same body) records the recovery once
  const requestId = request.headers.get("Idempotency-Key") ?? `body:${createHash("sha256").update(JSON.stringify([body.recoveryDate, body.recovered, body.litigationCost, body.recoveryCost])).digest("hex").slice(0, 40)}`;
  const parsed = reportRecoverySchema.safeParse({ intent: "report-recovery", requestId, recoveryDate: text(body.recoveryDate), recovered: text(body.recovered), litigationCost: text(body.litigationCost), recoveryCost: text(body.recoveryCost) });
  if (!parsed.success) return validationError(parsed.error);
  if (!Number.isSafeInteger(id)) return jsonError(404, "not_found", "找不到该代偿申请，或您无权查看");
  try {
    const rec = await (await getDb()).transaction((tx) => reportRecovery(tx, actor, bankOrgId, id, parsed.data, xdtToday()));
    return Response.json({ id: rec.id, toPoolFen: rec.toPoolFen, deductibleFen: rec.deductibleFen, dueDate: rec.dueDate, verdict: rec.verdict }, { status: 201 });
  } catch (err) {
    if (err instanceof Error && err.message === "找不到该代偿申请") return jsonError(404, "not_found", "找不到该代偿申请，或您无权查看");
    return domainError(err);
  }
}
