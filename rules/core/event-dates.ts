/**
 * Dates of recorded events (issue 12, "Dates and bounds that the rules imply"). What the app records — a loan's
 * disbursement, a repayment, an overdue, a risk event, a claim, a payment, a recovery, a fund payment, an
 * acceptance… — has happened: its date is not after the day it is recorded, and not before the instrument (or the
 * event it follows) began. The policies take this for granted; the product states it (`CITES.P_EVENT_DATES`), and
 * each caller names the start that applies with its own basis (信贷通: 《设立方案》 of 2021-08-31, `XDT_START`;
 * a special fund: its program's term; a repayment: the disbursement…). "Today" is an input, never read here.
 */
import { CITES, type Citation } from "./cite";
import type { LegalDate } from "./dates";
import { makeVerdict, type Finding, type Verdict } from "./verdict";

export interface EventDateInput {
  /** What the date is, in Chinese: "还款日期". */
  label: string;
  date: LegalDate;
  /** The day the event is recorded (the app's today). */
  asOf: LegalDate;
  /** The earliest day the event can have: the start of the instrument, or of the event it follows. */
  notBefore?: { date: LegalDate; label: string; cites?: readonly Citation[] } | null;
}

/**
 * `EVENT_DATE_IN_FUTURE` when `date > asOf` (today itself passes); `EVENT_DATE_TOO_EARLY` when `date < notBefore.date`
 * (that day itself passes). Both block; each cites its basis.
 */
export function checkEventDate(input: EventDateInput): Verdict<{ date: LegalDate }> {
  const findings: Finding[] = [];
  const cites: Citation[] = [CITES.P_EVENT_DATES];
  if (input.date > input.asOf) {
    findings.push({ code: "EVENT_DATE_IN_FUTURE", severity: "block", message: `${input.label}（${input.date}）不能晚于今天（${input.asOf}）：只能登记已经发生的事项`, cites: [CITES.P_EVENT_DATES] });
  }
  const nb = input.notBefore;
  if (nb && input.date < nb.date) {
    const basis = nb.cites && nb.cites.length > 0 ? nb.cites : [CITES.P_EVENT_DATES];
    cites.push(...basis);
    findings.push({ code: "EVENT_DATE_TOO_EARLY", severity: "block", message: `${input.label}（${input.date}）不能早于${nb.label}（${nb.date}）`, cites: basis });
  }
  return makeVerdict("checkEventDate", { date: input.date }, findings, cites);
}
