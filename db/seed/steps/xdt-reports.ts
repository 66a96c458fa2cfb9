import { and, eq, sql } from "drizzle-orm";
import { xdtMonthlyReport } from "../../schema";
import { addDays, addMonths, fromParts, monthOf, quarterlyReportDue, yearOf, type LegalDate } from "../../../rules";
import { fileMonthlyReport, fileQuarterlyReport, quarterLabel } from "../../../app/server/xdt/reports.server";
import { need, type SeedStep } from "../context";
import { rowsOf } from "../../client";
import { actorsOf } from "./xdt";

const TODAY = "2026-11-27" as LegalDate;

/**
 * The banks' quarterly reports (XDT-FA §五(二), due 15 days after quarter end) from their first listed quarter to the
 * last one ended, with figures read from the loans, claims, recoveries and monthly reports already seeded; most on
 * time, a few late, and the suspended bank's last quarter not yet filed (overdue in 待办). Two monthly reports carry a
 * correction (a second version) so the history shows. Each is filed by the bank through the function its 报送 page
 * calls, on its filing day. Deterministic: no randomness beyond the ids' order.
 */
export const xdtReportsStep: SeedStep = {
  name: "xdt-reports",
  async run(ctx) {
    const { tx } = ctx;
    const xdt = need(ctx, "xdt");
    const org = need(ctx, "org");
    const lastQuarter = addMonths(fromParts(yearOf(TODAY), Math.floor((monthOf(TODAY) - 1) / 3) * 3 + 1, 1), -3);
    const figures = rowsOf<{ bank: number; quarter: string; loans: number; lending: string; balance: string; overdue: string; compensation: string; recovered: string }>(
      await tx.execute(sql`
        select b.org_id as bank, to_char(q, 'YYYY-MM-DD') as quarter,
          (select count(*)::int from xdt_loan l where l.bank_org_id = b.org_id and l.admission_status = 'admitted' and l.disbursement_date >= q and l.disbursement_date < q + interval '3 months') as loans,
          (select coalesce(sum(l.amount_fen), 0)::text from xdt_loan l where l.bank_org_id = b.org_id and l.admission_status = 'admitted' and l.disbursement_date >= q and l.disbursement_date < q + interval '3 months') as lending,
          coalesce(
            (select m.balance_fen from xdt_monthly_report m where m.bank_org_id = b.org_id and m.month = (q + interval '2 months')::date and m.version = 1),
            (select coalesce(sum(l.amount_fen - coalesce((select sum(r.amount_fen) from xdt_repayment r where r.loan_id = l.id and r.component = 'principal' and r.paid_on < q + interval '3 months'), 0)), 0)
               from xdt_loan l where l.bank_org_id = b.org_id and l.admission_status = 'admitted' and l.disbursement_date < q + interval '3 months')
          )::text as balance,
          coalesce((select m.npl_fen from xdt_monthly_report m where m.bank_org_id = b.org_id and m.month = (q + interval '2 months')::date and m.version = 1), 0)::text as overdue,
          (select coalesce(sum(coalesce(c.approved_fen, c.compensation_fen)), 0)::text from xdt_claim c where c.bank_org_id = b.org_id and c.status = 'paid' and c.paid_on >= q and c.paid_on < q + interval '3 months') as compensation,
          (select coalesce(sum(r.recovered_fen), 0)::text from xdt_recovery r where r.bank_org_id = b.org_id and r.recovery_date >= q and r.recovery_date < q + interval '3 months') as recovered
        from xdt_bank b
        cross join generate_series(date '2022-01-01', ${lastQuarter}::date, interval '3 months') as q
        where b.status in ('listed', 'active', 'suspended')
        order by b.org_id, q`),
    );
    const who = actorsOf(ctx, org);
    const bankIndex = new Map(org.banks.map((b, k) => [b.id, k]));
    for (const [i, f] of figures.entries()) {
      if (f.bank === xdt.suspendedBankOrgId && f.quarter === lastQuarter) continue; // not filed yet: overdue
      const due = quarterlyReportDue(f.quarter as LegalDate).value.due;
      const late = (f.bank + i) % 11 === 0;
      const submittedOn = late ? addDays(due, 1 + (i % 4)) : addDays(due, -((f.bank * 3 + i) % 9));
      const q = Math.floor((Number(f.quarter.slice(5, 7)) - 1) / 3) + 1;
      const balance = Number(f.balance);
      await fileQuarterlyReport(
        tx,
        who.bank(bankIndex.get(f.bank)!),
        f.bank,
        {
          intent: "file-quarterly",
          quarter: quarterLabel(f.quarter),
          loansCount: f.loans,
          lending: Number(f.lending),
          balance,
          overdue: Math.min(Number(f.overdue), balance),
          compensation: Number(f.compensation),
          recovered: Number(f.recovered),
          narrative: `${f.quarter.slice(0, 4)}年第${q}季度新发放信贷通贷款${f.loans}笔，按规定审核入库；贷后管理正常开展，逾期贷款均已落实催收措施。`,
        },
        submittedOn,
      );
    }

    // two monthly corrections (second versions): the first version stays, the month's lateness is the first filing's
    for (const [bankOrgId, month, reason] of [
      [org.banks[0].id, "2026-08-01", "核对贷后系统后更正不良贷款余额（演示数据）"],
      [xdt.nearBankOrgId, "2026-09-01", "补录月末到期未还贷款，更正贷款余额（演示数据）"],
    ] as const) {
      const [first] = await tx.select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, bankOrgId), eq(xdtMonthlyReport.month, month), eq(xdtMonthlyReport.version, 1)));
      const balance = first.balanceFen + 12_345_600;
      await fileMonthlyReport(
        tx,
        who.bank(bankIndex.get(bankOrgId)!),
        bankOrgId,
        { intent: "file-monthly", month: month.slice(0, 7), balance, cumulativeLending: first.cumulativeLendingFen, npl: Math.min(first.nplFen + 50_000_000, balance), badDebt: first.badDebtFen, correctionReason: reason },
        addDays(first.dueDate as LegalDate, 6),
      );
    }
  },
};
