import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { readJson, requireApiUser, jsonError } from "~/server/api.server";
import { loanCreated, loanFromJson, loanRefusal, loanValidationError } from "~/server/xdt/api-loans.server";
import { LOAN_SORTS, fileLoan, listLoans, parseLoanFilters } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";

/** GET /api/v1/loans — the bank's own loans (?status=pending|admitted|rejected&page=N). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const url = new URL(request.url);
  const params = parseListParams(url, LOAN_SORTS, "disbursementDate", "desc");
  const { rows, total } = await listLoans(await getDb(), user.scope, params, parseLoanFilters(url));
  return Response.json({ total, page: params.page, loans: rows.map(({ bank: _bank, ...r }) => r) });
}

/**
 * POST /api/v1/loans — files a loan: the same schema and admission rules as the form. An `enterprise` object registers
 * a borrower the register does not know yet, in the same transaction; `notices` says when a registered code came with
 * another name (the register is not changed).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-loan");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以登记贷款");
  const bankOrgId = user.scope.bankOrgId;
  const parsed = loanFromJson(await readJson(request));
  if (!parsed.success) return loanValidationError(parsed.error);
  const db = await getDb();
  try {
    return loanCreated(await db.transaction((tx) => fileLoan(tx, actor, bankOrgId, parsed.data, xdtToday(), "api")));
  } catch (err) {
    return loanRefusal(err);
  }
}
