import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, readJson, requireApiUser, validationError } from "~/server/api.server";
import { parseListParams } from "~/server/list.server";
import { monthlyFromJson } from "~/server/xdt/api-reports.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { MONTHLY_SORTS, fileMonthlyReport, listMonthlyReports, parseReportFilters } from "~/server/xdt/reports.server";

/** GET /api/v1/reports/monthly — the bank's own monthly data, latest version of each month with its history (?year=&state=late|corrected&page=). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const url = new URL(request.url);
  const params = parseListParams(url, MONTHLY_SORTS, "month", "desc");
  const { rows, total } = await listMonthlyReports(await getDb(), user.scope, params, { ...parseReportFilters(url), bankOrgId: undefined });
  return Response.json({
    total,
    page: params.page,
    reports: rows.map((r) => ({
      month: r.month.slice(0, 7),
      balanceFen: r.balanceFen,
      cumulativeLendingFen: r.cumulativeLendingFen,
      nplFen: r.nplFen,
      badDebtFen: r.badDebtFen,
      dueDate: r.dueDate,
      firstSubmittedOn: r.firstSubmittedOn,
      late: r.late,
      version: r.version,
      correctionReason: r.correctionReason,
      earlierVersions: r.history.filter((h) => h.version < r.version).map((h) => ({ version: h.version, submittedOn: h.submittedOn, correctionReason: h.correctionReason })),
    })),
  });
}

/** POST /api/v1/reports/monthly — files a month's data (a filed month: a correction with correctionReason, as a new version). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-report");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以报送");
  const bankOrgId = user.scope.bankOrgId;
  const parsed = monthlyFromJson(await readJson(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const r = await (await getDb()).transaction((tx) => fileMonthlyReport(tx, actor, bankOrgId, parsed.data, xdtToday(), "api"));
    return Response.json({ id: r.id, month: r.month.slice(0, 7), version: r.version, dueDate: r.dueDate, submittedOn: r.submittedOn, late: r.late }, { status: 201 });
  } catch (err) {
    return domainError(err);
  }
}
