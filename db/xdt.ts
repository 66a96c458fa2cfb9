/**
 * Pure 信贷通 loan arithmetic shared by the app and the demo data: the contractual schedule and a loan's position
 * (what is unpaid and since when) from its dues and repayments. No I/O. Verdicts stay in rules/.
 */
import { addMonths, compareDates, type LegalDate } from "../rules/core/dates";
import { mulDivHalfUp } from "../rules/core/money";

export type Component = "principal" | "interest";

export interface Due {
  component: Component;
  dueDate: string;
  amountFen: number;
}

export interface Repayment {
  component: Component;
  paidOn: string;
  amountFen: number;
}

/**
 * Interest quarterly on the full principal (the last period may be shorter), principal in one sum at maturity —
 * the usual shape of a 信贷通 working-capital loan. Interest per period = round_half_up(amount × rate × months / 12).
 */
export function buildSchedule(amountFen: number, annualRateBp: number, termMonths: number, disbursementDate: string): { maturityDate: string; dues: Due[] } {
  const start = disbursementDate as LegalDate;
  const maturityDate = addMonths(start, termMonths);
  const dues: Due[] = [];
  for (let m = 0; m < termMonths; ) {
    const months = Math.min(3, termMonths - m);
    m += months;
    dues.push({ component: "interest", dueDate: addMonths(start, m), amountFen: Number(mulDivHalfUp(amountFen, annualRateBp * months, 120_000)) });
  }
  dues.push({ component: "principal", dueDate: maturityDate, amountFen });
  return { maturityDate, dues };
}

export interface DueState extends Due {
  paidFen: number;
  unpaidFen: number;
}

export interface LoanPosition {
  dues: DueState[];
  principalPaidFen: number;
  /** principal not repaid (all of it, due or not) */
  outstandingPrincipalFen: number;
  /** D-3: unpaid contractual interest of the periods due on or before asOf */
  unpaidInterestDueFen: number;
  principalFirstUnpaidDue: string | null;
  interestFirstUnpaidDue: string | null;
  repaid: boolean;
}

/** Repayments of a component settle its dues in due-date order; an unpaid due on or before asOf is overdue. */
export function loanPosition(dues: readonly Due[], repayments: readonly Repayment[], asOf: string): LoanPosition {
  const out: DueState[] = [];
  for (const component of ["principal", "interest"] as const) {
    let pool = repayments.filter((r) => r.component === component && compareDates(r.paidOn as LegalDate, asOf as LegalDate) <= 0).reduce((s, r) => s + r.amountFen, 0);
    for (const d of dues.filter((x) => x.component === component).sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))) {
      const paid = Math.min(pool, d.amountFen);
      pool -= paid;
      out.push({ ...d, paidFen: paid, unpaidFen: d.amountFen - paid });
    }
  }
  out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.component === "interest" ? -1 : 1));
  const firstUnpaid = (c: Component) => out.find((d) => d.component === c && d.unpaidFen > 0 && d.dueDate <= asOf)?.dueDate ?? null;
  const principalTotal = out.filter((d) => d.component === "principal").reduce((s, d) => s + d.amountFen, 0);
  const principalPaid = out.filter((d) => d.component === "principal").reduce((s, d) => s + d.paidFen, 0);
  return {
    dues: out,
    principalPaidFen: principalPaid,
    outstandingPrincipalFen: principalTotal - principalPaid,
    unpaidInterestDueFen: out.filter((d) => d.component === "interest" && d.dueDate <= asOf).reduce((s, d) => s + d.unpaidFen, 0),
    principalFirstUnpaidDue: firstUnpaid("principal"),
    interestFirstUnpaidDue: firstUnpaid("interest"),
    repaid: out.every((d) => d.unpaidFen === 0),
  };
}
