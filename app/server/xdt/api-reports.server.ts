import { createHash } from "node:crypto";
/**
 * The bank API's reports, repayments and overdue status (issue 4 §12): JSON → the pages' form fields, then the same
 * zod schemas and services as the 报送 page and the loan page. Numbers may be sent as JSON numbers or text.
 */
import { monthlyReportSchema, quarterlyReportSchema, riskEventSchema } from "~/lib/forms/xdt-reports";
import { repaymentSchema } from "./loans.server";

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function pick(body: Record<string, unknown>, names: readonly string[]) {
  return Object.fromEntries(names.map((n) => [n, text(body[n])]));
}

export function monthlyFromJson(body: Record<string, unknown>) {
  return monthlyReportSchema.safeParse({ intent: "file-monthly", ...pick(body, ["month", "balance", "cumulativeLending", "npl", "badDebt", "correctionReason"]) });
}

export function quarterlyFromJson(body: Record<string, unknown>) {
  return quarterlyReportSchema.safeParse({ intent: "file-quarterly", ...pick(body, ["quarter", "loansCount", "lending", "balance", "overdue", "compensation", "recovered", "narrative", "correctionReason"]) });
}

export function riskEventFromJson(body: Record<string, unknown>, defaults: { description?: string } = {}) {
  const fields = pick(body, ["eventDate", "contractNo", "description"]);
  return riskEventSchema.safeParse({ intent: "report-risk", ...fields, description: fields.description ?? defaults.description });
}

/** `requestId`: the call's Idempotency-Key, or a hash of what it records — a retried call records the repayment once. */
export function repaymentFromJson(body: Record<string, unknown>, idempotencyKey: string | null): ReturnType<typeof repaymentSchema.safeParse> {
  const fields = pick(body, ["component", "paidOn", "amount"]);
  const requestId = idempotencyKey ?? `body:${createHash("sha256").update(JSON.stringify([fields.component, fields.paidOn, fields.amount])).digest("hex").slice(0, 40)}`;
  return repaymentSchema.safeParse({ intent: "repay", ...fields, requestId });
}
