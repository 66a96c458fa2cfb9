import { fileLoanSchema } from "./loans.server";

/** The API's JSON loan → the form's fields (booleans and numbers as the form would send them). */
export function loanFromJson(body: Record<string, unknown>) {
  const text = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
  const flag = (v: unknown) => (v === true || v === "是" || v === "true" ? "on" : undefined);
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
  });
}
