import { z } from "zod";
import { domainError, jsonError } from "../api.server";
import { ENTERPRISE_FIELD_LABELS, FieldErrors } from "../enterprises.server";
import { fileLoanSchema, type fileLoan } from "./loans.server";

/** A JSON value the form would have typed: strings as they are, numbers as their decimal text, anything else absent. */
const text = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

/**
 * The borrower's register fields in the body (`enterprise`, optional; issue 12): needed when the credit code is not
 * registered yet, then registered with the loan in one transaction. Unknown keys are refused so a misspelt field is
 * not silently dropped; numbers may be sent as numbers or text (amounts in yuan, like the loan's).
 */
const enterpriseJson = z
  .strictObject(
    Object.fromEntries(
      (Object.keys(ENTERPRISE_FIELD_LABELS) as (keyof typeof ENTERPRISE_FIELD_LABELS)[]).map((k) => [
        k,
        z.union([z.string(), z.number()], { error: `enterprise.${k}（${ENTERPRISE_FIELD_LABELS[k]}）须为字符串或数字` }).optional(),
      ]),
    ),
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `enterprise 中有无法识别的字段：${issue.keys.join("、")}（可用字段：${Object.keys(ENTERPRISE_FIELD_LABELS).join("、")}）`
          : "enterprise（借款企业登记信息）须为 JSON 对象",
    },
  )
  .optional()
  .nullable();

/** The API's JSON loan → the form's fields (booleans and numbers as the form would send them), the borrower's included. */
export function loanFromJson(body: Record<string, unknown>) {
  const flag = (v: unknown) => (v === true || v === "是" || v === "true" ? "on" : undefined);
  const ent = enterpriseJson.safeParse(body.enterprise);
  if (!ent.success) return { success: false as const, error: new z.ZodError(ent.error.issues.map((i) => ({ ...i, path: ["enterprise", ...i.path] }))) };
  return fileLoanSchema.safeParse({
    creditCode: text(body.creditCode),
    contractNo: text(body.contractNo),
    amount: text(body.amount),
    rate: text(body.rate),
    termMonths: text(body.termMonths),
    disbursementDate: text(body.disbursementDate),
    isCreditLoan: flag(body.isCreditLoan),
    creditEnhancement: text(body.creditEnhancement),
    controllerSpouseGuarantee: flag(body.controllerSpouseGuarantee),
    renewalOf: text(body.renewalOf),
    overrideReason: text(body.overrideReason),
    enterprise: ent.data ? Object.fromEntries(Object.entries(ent.data).map(([k, v]) => [k, text(v)])) : undefined,
  });
}

/** zod issues → 400 with every field's Chinese message; a nested field is named by its path ("enterprise.name"). */
export function loanValidationError(error: z.ZodError): Response {
  const fields = error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  return jsonError(400, "invalid", fields[0]?.message ?? "请求无效", fields[0]?.field, fields);
}

/** A refused filing → 400: the borrower's fields each with its reason, anything else as the other API routes answer. */
export function loanRefusal(err: unknown): Response {
  if (err instanceof FieldErrors) {
    const fields = Object.entries(err.errors).map(([field, message]) => ({ field, message }));
    return jsonError(400, "invalid", fields[0]?.message ?? err.message, fields[0]?.field, fields);
  }
  return domainError(err);
}

/** What a filed loan answers: its admission, the verdict, whether the borrower was registered with it, and notices (Chinese). */
export function loanCreated(loan: Awaited<ReturnType<typeof fileLoan>>): Response {
  return Response.json(
    { id: loan.id, contractNo: loan.contractNo, admissionStatus: loan.admissionStatus, admissionDue: loan.admissionDue, verdict: loan.admissionVerdict, enterpriseRegistered: loan.enterpriseRegistered, notices: loan.notices },
    { status: 201, headers: { Location: `/api/v1/loans/${loan.id}` } },
  );
}
