import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { jsonError, requireApiUser } from "~/server/api.server";
import { getLoan } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";

/** GET /api/v1/loans/:loanId — status, admission verdict, schedule position, claim eligibility (own bank only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const id = Number(params.loanId);
  const loan = Number.isSafeInteger(id) ? await getLoan(await getDb(), user.scope, id, xdtToday()) : null;
  if (!loan) return jsonError(404, "not_found", "找不到该贷款，或您无权查看");
  return Response.json({
    id: loan.id,
    contractNo: loan.contractNo,
    enterprise: { name: loan.enterpriseName, creditCode: loan.creditCode },
    amountFen: loan.amountFen,
    annualRateBp: loan.annualRateBp,
    termMonths: loan.termMonths,
    disbursementDate: loan.disbursementDate,
    maturityDate: loan.maturityDate,
    admissionStatus: loan.admissionStatus,
    admissionDue: loan.admissionDue,
    admissionClock: loan.admissionClock,
    verdict: loan.verdict,
    position: loan.position,
    dues: loan.dues.map((d) => ({ component: d.component, dueDate: d.dueDate, amountFen: d.amountFen, unpaidFen: d.unpaidFen, daysOverdue: d.daysOverdue })),
    claim: loan.claim,
    claimEligibility: loan.eligibility,
  });
}
