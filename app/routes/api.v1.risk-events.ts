import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/server/db.server";
import { domainError, jsonError, readJson, requireApiUser, validationError } from "~/server/api.server";
import { parseListParams } from "~/server/list.server";
import { riskEventFromJson } from "~/server/xdt/api-reports.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { RISK_SORTS, listRiskEvents, parseReportFilters, reportRiskEvent } from "~/server/xdt/reports.server";

/** GET /api/v1/risk-events — the bank's own risk events with their 5-working-day clocks (?state=late|open&year=&page=). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireApiUser(request, context, "read:xdt");
  const url = new URL(request.url);
  const params = parseListParams(url, RISK_SORTS, "eventDate", "desc");
  const { rows, total } = await listRiskEvents(await getDb(), user.scope, params, { ...parseReportFilters(url), bankOrgId: undefined }, xdtToday());
  return Response.json({ total, page: params.page, events: rows.map(({ bank: _bank, ...r }) => r) });
}

/** POST /api/v1/risk-events — reports a risk event in writing (eventDate, description, contractNo if it concerns a loan). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "method_not_allowed", "只支持 POST");
  const { user, actor } = await requireApiUser(request, context, "file:xdt-report");
  if (user.scope.kind !== "bank") return jsonError(403, "forbidden", "只有合作银行可以报告风险事项");
  const bankOrgId = user.scope.bankOrgId;
  const parsed = riskEventFromJson(await readJson(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const r = await (await getDb()).transaction((tx) => reportRiskEvent(tx, actor, bankOrgId, parsed.data, xdtToday(), "api"));
    return Response.json({ id: r.id, eventDate: r.eventDate, loanId: r.loanId, dueDate: r.dueDate, reportedOn: r.reportedOn, late: r.late }, { status: 201 });
  } catch (err) {
    return domainError(err);
  }
}
