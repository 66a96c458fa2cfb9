import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, readJson, requireApiUser, validationError } from "~/server/api.server";
import { parseListParams } from "~/server/list.server";
import { quarterlyFromJson } from "~/server/xdt/api-reports.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { QUARTERLY_SORTS, fileQuarterlyReport, listQuarterlyReports, parseReportFilters } from "~/server/xdt/reports.server";

/** GET /api/v1/reports/quarterly — the bank's own quarterly reports (?year=&state=late|corrected&page=). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const url = new URL(request.url);
  const params = parseListParams(url, QUARTERLY_SORTS, "quarter", "desc");
  const { rows, total } = await listQuarterlyReports(await getDb(), user.scope, params, { ...parseReportFilters(url), bankOrgId: undefined });
  return Response.json({
    total,
    page: params.page,
    reports: rows.map((r) => ({
      quarter: r.label,
      loansCount: r.loansCount,
      lendingFen: r.lendingFen,
      balanceFen: r.balanceFen,
      overdueFen: r.overdueFen,
      compensationFen: r.compensationFen,
      recoveredFen: r.recoveredFen,
      narrative: r.narrative,
      dueDate: r.dueDate,
      firstSubmittedOn: r.firstSubmittedOn,
      late: r.late,
      version: r.version,
      correctionReason: r.correctionReason,
    })),
  });
}

/** POST /api/v1/reports/quarterly — files a quarter's report (due 15 days after quarter end; corrections as new versions). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-report");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以报送");
  const bankOrgId = user.scope.bankOrgId;
  const parsed = quarterlyFromJson(await readJson(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const r = await (await getDb()).transaction((tx) => fileQuarterlyReport(tx, actor, bankOrgId, parsed.data, xdtToday(), "api"));
    return Response.json({ id: r.id, quarter: parsed.data.quarter, version: r.version, dueDate: r.dueDate, submittedOn: r.submittedOn, late: r.late }, { status: 201 });
  } catch (err) {
    return domainError(err);
  }
}
