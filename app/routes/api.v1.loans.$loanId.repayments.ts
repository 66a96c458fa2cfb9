import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, readJson, requireApiUser, validationError } from "~/server/api.server";
import { repaymentFromJson } from "~/server/xdt/api-reports.server";
import { getLoan, recordRepayment } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";

const NOT_FOUND = "找不到该贷款，或您无权查看";

/** GET /api/v1/loans/:loanId/repayments — the loan's recorded repayments (own bank only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const id = Number(params.loanId);
  const loan = Number.isSafeInteger(id) ? await getLoan(await getDb(), user.scope, id, xdtToday()) : null;
  if (!loan) return jsonError(404, "not_found", NOT_FOUND);
  return Response.json({ loanId: loan.id, repayments: loan.repayments.map((r) => ({ id: r.id, component: r.component, paidOn: r.paidOn, amountFen: r.amountFen })) });
}

/** POST /api/v1/loans/:loanId/repayments — records a repayment of principal or interest (component, paidOn, amount). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-loan");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以登记还款");
  const bankOrgId = user.scope.bankOrgId;
  const id = Number(params.loanId);
  if (!Number.isSafeInteger(id)) return jsonError(404, "not_found", NOT_FOUND);
  const parsed = repaymentFromJson(await readJson(request), request.headers.get("Idempotency-Key"));
  if (!parsed.success) return validationError(parsed.error);
  const db = await getDb();
  try {
    const today = xdtToday();
    const row = await db.transaction((tx) => recordRepayment(tx, actor, bankOrgId, id, parsed.data, today));
    const loan = await getLoan(db, user.scope, id, today);
    return Response.json({ id: row.id, component: row.component, paidOn: row.paidOn, amountFen: row.amountFen, position: loan?.position ?? null }, { status: 201 });
  } catch (err) {
    if (err instanceof Error && err.message === "找不到该贷款") return jsonError(404, "not_found", NOT_FOUND);
    return domainError(err);
  }
}
