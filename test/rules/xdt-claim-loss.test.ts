/**
 * XDT-BF 第十三条 + D-3 (issue 12 item 8): the loss counts the unpaid contractual interest up to the claim date — the
 * periods due, plus the interest accrued on the unpaid principal since the last due date (actual days / 360, half-up
 * to the fen once), never past maturity (later interest is penalty interest, outside the loss).
 */
import { describe, expect, it } from "vitest";
import { compensation, explain, fen, legalDate as d, type ContractualAccrualInput } from "#rules";

// 1,000,000.00元 at 4.44 %, disbursed 2024-01-15 for 12 months, interest quarterly, principal at maturity
const LOAN: ContractualAccrualInput = {
  annualRateBp: 444,
  disbursementDate: d("2024-01-15"),
  maturityDate: d("2025-01-15"),
  interestDueDates: [d("2024-04-15"), d("2024-07-15"), d("2024-10-15"), d("2025-01-15")],
};
const PRINCIPAL = fen(100_000_000);

function claim(claimDate: string, opts: { principal?: number; unpaidInterest?: number; loan?: ContractualAccrualInput } = {}) {
  return compensation({
    unpaidPrincipal: fen(opts.principal ?? PRINCIPAL),
    unpaidInterest: fen(opts.unpaidInterest ?? 0),
    accrual: opts.loan ?? LOAN,
    poolAvailable: fen(10 ** 12),
    claimDate: d(claimDate),
  });
}

describe("D-3: interest accrued since the last due date is part of the loss", () => {
  it.each([
    // claim date, accrued from, days, accrued fen — 1e8 × 444 × days / 360 / 10000
    ["2024-01-15", "2024-01-15", 0, 0], // the disbursement day itself
    ["2024-01-16", "2024-01-15", 1, 12_333], // 12,333.33 → 12,333
    ["2024-04-14", "2024-01-15", 90, 1_110_000], // the day before the first due date: from disbursement
    ["2024-04-15", "2024-04-15", 0, 0], // on a due date: that period is due, counted in the unpaid interest
    ["2024-04-16", "2024-04-15", 1, 12_333], // the day after
    ["2024-07-14", "2024-04-15", 90, 1_110_000], // the day before the next due date
    ["2024-07-15", "2024-07-15", 0, 0],
    ["2025-01-14", "2024-10-15", 91, 1_122_333], // 1,122,333.33 → 1,122,333
    ["2025-01-15", "2025-01-15", 0, 0], // maturity, the last due date
    ["2025-01-16", "2025-01-15", 0, 0], // after maturity: no contractual interest accrues (penalty interest excluded)
    ["2025-06-30", "2025-01-15", 0, 0],
  ])("claim %s: accrued from %s, %i days, %i fen", (claimDate, from, days, accrued) => {
    const v = claim(claimDate, { unpaidInterest: 555 });
    expect(v.value.accruedFrom).toBe(from);
    expect(v.value.accruedDays).toBe(days);
    expect(v.value.accruedInterest).toBe(accrued);
    expect(v.value.loss).toBe(PRINCIPAL + 555 + accrued);
    expect(v.value.compensation).toBe(Math.floor(((PRINCIPAL + 555 + accrued) * 7000 + 5000) / 10000));
  });

  it("rounds half-up to the fen once: 4500 fen × 4 % × 1 day ÷ 360 = 0.5 → 1; 4499 fen → 0.4999 → 0", () => {
    const loan = { ...LOAN, annualRateBp: 400 };
    expect(claim("2024-04-16", { principal: 4500, loan }).value.accruedInterest).toBe(1);
    expect(claim("2024-04-16", { principal: 4499, loan }).value.accruedInterest).toBe(0);
  });

  it("a maturity that is not a due date: the last period accrues up to maturity, not beyond", () => {
    const loan = { ...LOAN, maturityDate: d("2024-05-15"), interestDueDates: [d("2024-04-15")] };
    const v = claim("2024-06-01", { loan });
    expect([v.value.accruedFrom, v.value.accruedTo, v.value.accruedDays, v.value.accruedInterest]).toEqual(["2024-04-15", "2024-05-15", 30, 370_000]);
    expect(explain(v)).toContain("至到期日2024-05-15（到期后的罚息不计入损失）共30天");
  });

  it("the why shows the accrual and the loss in 元, with the basis", () => {
    const text = explain(claim("2024-04-16", { unpaidInterest: 1_110_000 }));
    expect(text).toContain("应计利息：自上一结息日2024-04-15至申请日2024-04-16共1天，按未还本金1,000,000.00元 × 年利率4.44% × 1天 ÷ 360计算，为123.33元（四舍五入到分）");
    expect(text).toContain("损失 = 未还本金1,000,000.00元 + 到期未付利息11,100.00元 + 应计利息123.33元 = 1,011,223.33元");
    expect(text).toContain("按70%补偿：1,011,223.33元 × 70% = 707,856.33元");
    expect(text).toContain("D-3 应计利息");
    expect(text).toContain("应计利息的年计息天数");
    expect(explain(claim("2024-04-15"))).toContain("申请日2024-04-15恰为结息日");
    expect(explain(claim("2025-02-01"))).toContain("合同利息计至到期日2025-01-15");
  });

  it("without the contract (no accrual input) nothing is added, as before", () => {
    const v = compensation({ unpaidPrincipal: PRINCIPAL, unpaidInterest: fen(2_345_679), poolAvailable: fen(10 ** 12), claimDate: d("2024-05-01") });
    expect([v.value.accruedInterest, v.value.accruedFrom, v.value.loss, v.value.compensation]).toEqual([0, null, 102_345_679, 71_641_975]);
  });
});
