import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, readJson, requireApiUser, validationError } from "~/server/api.server";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "~/server/db.server";
import { riskEventFromJson } from "~/server/xdt/api-reports.server";
import { getLoan } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { reportRiskEvent } from "~/server/xdt/reports.server";

const NOT_FOUND = "找不到该贷款，或您无权查看";

/**
 * Overdue status is derived, never typed: it follows from the schedule and the repayments the bank records (so the
 * 60/90-day claim trigger cannot be set by hand). This is what the system holds for the loan today.
 */
async function overdueStatus(tx: Tx, scope: Scope, id: number) {
  const loan = await getLoan(tx, scope, id, xdtToday());
  if (!loan) return null;
  const firstUnpaid = (component: "principal" | "interest") => loan.dues.find((d) => d.component === component && d.unpaidFen > 0 && d.daysOverdue > 0) ?? null;
  return {
    loanId: loan.id,
    contractNo: loan.contractNo,
    asOf: xdtToday(),
    principal: { daysOverdue: loan.position.principalDaysOverdue, firstUnpaidDueDate: firstUnpaid("principal")?.dueDate ?? null, outstandingFen: loan.position.outstandingPrincipalFen },
    interest: { daysOverdue: loan.position.interestDaysOverdue, firstUnpaidDueDate: firstUnpaid("interest")?.dueDate ?? null, unpaidDueFen: loan.position.unpaidInterestDueFen },
    claimEligibility: loan.eligibility,
    claim: loan.claim,
  };
}

/** GET /api/v1/loans/:loanId/overdue — overdue days per component (each from its own first unpaid due date) and the claim trigger. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const id = Number(params.loanId);
  const status = Number.isSafeInteger(id) ? await overdueStatus(await getDb(), user.scope, id) : null;
  if (!status) return jsonError(404, "not_found", NOT_FOUND);
  return Response.json(status);
}

/**
 * POST /api/v1/loans/:loanId/overdue — the bank reports the loan's overdue (a risk event: XDT-TZ22 §二, in writing
 * within 5 working days of eventDate). Answers with the recorded event and the overdue status the system derives.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-report");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以报告逾期");
  const bankOrgId = user.scope.bankOrgId;
  const id = Number(params.loanId);
  if (!Number.isSafeInteger(id)) return jsonError(404, "not_found", NOT_FOUND);
  const parsed = riskEventFromJson(await readJson(request), { description: "借款企业未按期还本付息（逾期）" });
  if (!parsed.success) return validationError(parsed.error);
  const db = await getDb();
  try {
    const event = await db.transaction((tx) => reportRiskEvent(tx, actor, bankOrgId, { ...parsed.data, contractNo: undefined, loanId: id }, xdtToday(), "api"));
    return Response.json({ riskEvent: { id: event.id, eventDate: event.eventDate, dueDate: event.dueDate, reportedOn: event.reportedOn, late: event.late }, status: await overdueStatus(db, user.scope, id) }, { status: 201 });
  } catch (err) {
    if (err instanceof Error && err.message === "找不到该贷款") return jsonError(404, "not_found", NOT_FOUND);
    return domainError(err);
  }
}
