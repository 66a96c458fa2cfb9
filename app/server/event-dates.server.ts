import { CITES, checkEventDate, citeText, XDT_START, type EventDateInput, type LegalDate } from "#rules";
import { UserInputError } from "./users.server";

/**
 * A date typed for an event (a repayment, a recovery, a payment, an acceptance…): refused when it is after today or
 * before what the event follows, in Chinese with its basis, so nothing is stored (rules/core/event-dates.ts).
 */
export function requireEventDate(field: string, input: EventDateInput): LegalDate {
  const v = checkEventDate(input);
  if (v.outcome === "block") throw new UserInputError(field, v.findings.map((f) => `${f.message}（依据：${citeText(...(f.cites ?? []))}）`).join("；"));
  return input.date;
}

/** The start of 信贷通 as an event's earliest day, with its basis (《设立方案》, 2021-08-31). */
export const XDT_BEGAN = { date: XDT_START, label: "信贷通设立之日（《贵州省中小企业信贷通设立方案》印发）", cites: [CITES.XDT_FA_SETUP] } as const;

/**
 * The trustee admits only a disbursed loan: a loan filed before issue 12's check with a disbursement date still in
 * the future stays pending (it is not lending yet, and would count in the D-6 denominator once admitted).
 */
export function requireDisbursed(disbursementDate: string, today: LegalDate): void {
  if (disbursementDate > today) {
    throw new UserInputError("", `放款日期${disbursementDate}晚于今天（${today}）：尚未发放的贷款不能入库（也不计入累计投放），请在放款后审核（依据：${citeText(CITES.P_LOAN_DISBURSED, CITES.XDT_TZ22_DISBURSED, CITES.D6)}）`);
  }
}
