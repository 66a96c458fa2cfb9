import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admissionDecisionDue, bankLendingTarget, bankRiskRatio, bankYearlyTest, checkLoanAdmission, claimEligibility, claimPlanDue, clockStatus,
  compensation, compensationPaymentDue, daysOverdue, DEADLINES, DEFAULT_CALENDAR, explain, fen, INITIAL_LPR_TABLE,
  isOverdueBy, legalDate as d, monthlyReportDue, partnerListDue, poolRiskRatio, quarterlyReportDue, recoveryReturn,
  recoveryReturnDue, riskEventReportDue, riskStopStatus, RuleDateError, RuleInputError, splitClaimPayment, wan, wasLate,
  type LoanAdmissionInput,
} from "#rules";

const ctx = { lpr: INITIAL_LPR_TABLE };
const cal = DEFAULT_CALENDAR;
const base = (o: Partial<LoanAdmissionInput> = {}): LoanAdmissionInput => ({
  bankId: "B1",
  disbursementDate: d("2024-03-01"), // 1y LPR 345
  asOf: d("2026-11-27"), // filed on the demo's today
  amount: wan(1000),
  termMonths: 12,
  annualRateBp: 400,
  enterprise: { creditCode: "91520100MA6DJXXX0U", regionCode: "520102", isSme: true, shareholderIds: ["S1", "S2"] },
  otherOutstandingLoans: [],
  blacklist: [],
  isCreditLoan: true,
  creditEnhancement: null,
  controllerSpouseGuarantee: true,
  ...o,
});
const codes = (v: { findings: readonly { code: string }[] }) => v.findings.map((f) => f.code);

describe("XDT-BF 第八条 / XDT-FA 六（一）: borrower and blacklist (hard)", () => {
  it("admits a conforming loan", () => {
    const v = checkLoanAdmission(base(), ctx);
    expect(v.outcome).toBe("pass");
    expect(v.value).toMatchObject({ admitted: true, compensable: true, lprBp: 345, tenor: "1y", rateCeilingBp: 419, enterpriseTotal: wan(1000) });
    expect(v.trace.map((t) => t.param)).toEqual(expect.arrayContaining(["xdt.rateCap", "lpr.1y", "xdt.enterpriseCap", "xdt.termCapMonths", "xdt.creditEnhancement"]));
  });
  it.each([
    [{ enterprise: { ...base().enterprise, isSme: false } }, "XDT_NOT_SME"],
    [{ enterprise: { ...base().enterprise, regionCode: "510104" } }, "XDT_NOT_IN_GUIZHOU"],
    [{ blacklist: ["91520100MA6DJXXX0U"] }, "XDT_BLACKLISTED_ENTERPRISE"],
    [{ blacklist: new Set(["S2"]) }, "XDT_BLACKLISTED_SHAREHOLDER"],
    [{ bankSuspended: true }, "XDT_BANK_SUSPENDED"],
  ] as const)("blocks: %o → %s", (o, code) => {
    const v = checkLoanAdmission(base(o as Partial<LoanAdmissionInput>), ctx);
    expect(v.outcome).toBe("block");
    expect(v.value.admitted).toBe(false);
    expect(v.value.compensable).toBe(false);
    expect(codes(v)).toContain(code);
  });
  it("贵安新区 (520900) counts as Guizhou", () => {
    expect(checkLoanAdmission(base({ enterprise: { ...base().enterprise, regionCode: "520900" } }), ctx).outcome).toBe("pass");
  });
});

describe("XDT-BF 第十二条: renewals are admitted automatically (blacklist still applies)", () => {
  it("skips the loan checks for a renewal", () => {
    const v = checkLoanAdmission(base({ renewalOfAdmittedLoanId: "L-1", annualRateBp: 999, termMonths: 60, amount: wan(6000) }), ctx);
    expect(v.outcome).toBe("pass");
    expect(v.value.renewal).toBe(true);
    expect(codes(v)).toEqual(["XDT_RENEWAL_AUTO"]);
    const b = checkLoanAdmission(base({ renewalOfAdmittedLoanId: "L-1", blacklist: ["S1"] }), ctx);
    expect(b.outcome).toBe("block");
  });
});

describe("XDT-FA 三（四）/ XDT-BF 第九条: per-enterprise total ≤ 5000万 (soft)", () => {
  const others = [{ bankId: "B2", outstanding: wan(3000) }, { bankId: "B3", outstanding: fen(wan(1000) - 0) }];
  it("5000万 exactly passes", () => {
    const v = checkLoanAdmission(base({ otherOutstandingLoans: others, creditEnhancement: "抵押" }), ctx);
    expect(v.value.enterpriseTotal).toBe(wan(5000));
    expect(codes(v)).not.toContain("XDT_ENTERPRISE_TOTAL_OVER_CAP");
  });
  it("one fen over blocks without an override, warns with one", () => {
    const input = base({ amount: fen(wan(1000) + 1), otherOutstandingLoans: others, creditEnhancement: "抵押" });
    const v = checkLoanAdmission(input, ctx);
    expect(v.outcome).toBe("block");
    expect(v.findings.find((f) => f.code === "XDT_ENTERPRISE_TOTAL_OVER_CAP")).toMatchObject({ severity: "block", soft: true });
    const o = checkLoanAdmission({ ...input, override: { by: "省工信厅李四", reason: "重点项目会商同意" } }, ctx);
    expect(o.outcome).toBe("warn");
    expect(o.value.admitted).toBe(true);
    expect(o.findings.find((f) => f.code === "XDT_ENTERPRISE_TOTAL_OVER_CAP")?.override).toEqual({ by: "省工信厅李四", reason: "重点项目会商同意" });
    expect(() => checkLoanAdmission({ ...input, override: { by: "x", reason: "" } }, ctx)).toThrow(RuleInputError);
  });
});

describe("XDT-FA / XDT-BF 第九条: term ≤ 3 years (soft)", () => {
  it("36 months passes, 37 blocks (soft)", () => {
    expect(codes(checkLoanAdmission(base({ termMonths: 36 }), ctx))).not.toContain("XDT_TERM_OVER_CAP");
    const v = checkLoanAdmission(base({ termMonths: 37 }), ctx);
    expect(v.findings.find((f) => f.code === "XDT_TERM_OVER_CAP")?.severity).toBe("block");
  });
  it("a term above 5 years uses the 5-year LPR (D-1)", () => {
    const v = checkLoanAdmission(base({ termMonths: 72, override: { by: "a", reason: "b" } }), ctx);
    expect(v.value.tenor).toBe("5y");
    expect(v.value.lprBp).toBe(395);
  });
});

describe("Rate ceiling by disbursement date (XDT-FA → XDT-BF 第九条 → XDT-TZ22 一（二）)", () => {
  it.each([
    // before 2021-12-24: ≤ LPR × 1.10, hard. 2021-12-23: 1y LPR 380 → 418
    ["2021-12-23", 418, "pass", null],
    ["2021-12-23", 419, "block", "XDT_RATE_OVER_HARD_CAP"],
    // 2021-12-24 … 2022-05-31: soft ≤ LPR × 1.10, hard ≤ LPR × 1.20. 2021-12-24: LPR 380 → soft 418, hard 456
    ["2021-12-24", 418, "pass", null],
    ["2021-12-24", 419, "block", "XDT_RATE_OVER_SOFT_CAP"],
    ["2021-12-24", 456, "block", "XDT_RATE_OVER_SOFT_CAP"],
    ["2021-12-24", 457, "block", "XDT_RATE_OVER_HARD_CAP"],
    ["2022-05-31", 444, "block", "XDT_RATE_OVER_SOFT_CAP"], // LPR 370 → hard 444, soft 407
    ["2022-05-31", 445, "block", "XDT_RATE_OVER_HARD_CAP"],
    ["2022-05-31", 407, "pass", null],
    // from 2022-06-01: ≤ LPR + 74 bp. LPR 370 → 444
    ["2022-06-01", 444, "pass", null],
    ["2022-06-01", 445, "block", "XDT_RATE_OVER_HARD_CAP"],
    ["2022-08-21", 444, "pass", null], // LPR 370
    ["2022-08-22", 444, "block", "XDT_RATE_OVER_HARD_CAP"], // LPR 365 → 439
    ["2022-08-22", 439, "pass", null],
  ] as const)("disbursed %s at %s bp → %s", (date, rate, outcome, code) => {
    const v = checkLoanAdmission(base({ disbursementDate: d(date), annualRateBp: rate, controllerSpouseGuarantee: true }), ctx);
    expect(v.outcome).toBe(outcome);
    if (code) expect(codes(v)).toContain(code);
    else expect(codes(v).filter((c) => c.startsWith("XDT_RATE"))).toEqual([]);
  });
  it("the soft rate ceiling can be overridden, the hard one cannot", () => {
    const soft = checkLoanAdmission(base({ disbursementDate: d("2022-01-10"), annualRateBp: 419, override: { by: "a", reason: "b" } }), ctx);
    expect(soft.outcome).toBe("warn");
    expect(soft.value.softRateCeilingBp).toBe(418);
    expect(soft.value.rateCeilingBp).toBe(456);
    const hard = checkLoanAdmission(base({ disbursementDate: d("2022-01-10"), annualRateBp: 457, override: { by: "a", reason: "b" } }), ctx);
    expect(hard.outcome).toBe("block");
  });
  // issue 12 item 4: a loan is filed once disbursed, and never before 信贷通 began
  it("disbursed before 信贷通 existed: 2021-08-30 is refused citing XDT-FA 一（一）, 2021-08-31 is checked as usual", () => {
    const before = checkLoanAdmission(base({ disbursementDate: d("2021-08-30"), annualRateBp: 400 }), ctx);
    expect(before.outcome).toBe("block");
    expect(codes(before)).toEqual(["XDT_BEFORE_SCHEME_START"]);
    expect(before.findings[0].message).toBe("放款日期2021-08-30早于信贷通设立之日（2021-08-31，《贵州省中小企业信贷通设立方案》印发），不能纳入信贷通");
    expect(explain(before)).toContain("《贵州省中小企业信贷通设立方案》（黔工信办〔2021〕8号）一（一）");
    expect(before.trace).toEqual([]);
    // the renewal path is no way round it
    expect(codes(checkLoanAdmission(base({ disbursementDate: d("2021-08-30"), renewalOfAdmittedLoanId: "L-1" }), ctx))).toEqual(["XDT_BEFORE_SCHEME_START"]);
    const first = checkLoanAdmission(base({ disbursementDate: d("2021-08-31"), annualRateBp: 400, creditEnhancement: "抵押" }), ctx);
    expect(codes(first)).not.toContain("XDT_BEFORE_SCHEME_START");
    expect(first.outcome).toBe("pass");
  });
  it("disbursed after the filing day: today passes, tomorrow is refused (renewals too), citing the 已投放清单 and D-6", () => {
    const today = d("2026-11-27");
    expect(checkLoanAdmission(base({ disbursementDate: today, asOf: today, annualRateBp: 350 }), ctx).outcome).toBe("pass");
    const tomorrow = checkLoanAdmission(base({ disbursementDate: d("2026-11-28"), asOf: today, annualRateBp: 350 }), ctx);
    expect(tomorrow.outcome).toBe("block");
    expect(tomorrow.value.admitted).toBe(false);
    expect(codes(tomorrow)).toEqual(["XDT_DISBURSEMENT_IN_FUTURE"]);
    expect(tomorrow.findings[0].message).toContain("放款日期2026-11-28晚于报备日期2026-11-27");
    const why = explain(tomorrow);
    expect(why).toContain("二（二）");
    expect(why).toContain("D-6");
    // no reason lets it through: it is not a "原则上" limit
    expect(checkLoanAdmission(base({ disbursementDate: d("2026-11-28"), asOf: today, annualRateBp: 350, override: { by: "a", reason: "b" } }), ctx).outcome).toBe("block");
    expect(codes(checkLoanAdmission(base({ disbursementDate: d("2027-03-01"), asOf: today, renewalOfAdmittedLoanId: "L-1" }), ctx))).toEqual(["XDT_DISBURSEMENT_IN_FUTURE", "XDT_RENEWAL_AUTO"]);
    expect(() => checkLoanAdmission({ ...base(), asOf: undefined as never }, ctx)).toThrow(RuleInputError);
  });
  it("rejects a non-integer rate", () => {
    expect(() => checkLoanAdmission(base({ annualRateBp: 3.5 }), ctx)).toThrow(RuleInputError);
  });
});

describe("Credit enhancement and the controller + spouse guarantee", () => {
  it("XDT-FA (before 2021-12-24): a single loan ≥ 2000万 needs 增信措施 (hard)", () => {
    const at = (amount: number, enh: string | null) =>
      checkLoanAdmission(base({ disbursementDate: d("2021-10-08"), amount: fen(amount), annualRateBp: 400, creditEnhancement: enh, controllerSpouseGuarantee: false }), ctx);
    expect(codes(at(wan(2000), null))).toContain("XDT_ENHANCEMENT_REQUIRED");
    expect(at(wan(2000), "房产抵押").outcome).toBe("pass");
    expect(at(wan(2000) - 1, null).outcome).toBe("pass"); // no spouse-guarantee rule yet
  });
  it("XDT-BF 第九条 (2021-12-24 … 2022-05-31): enterprise total ≥ 2000万 (含) needs 增信措施; credit loans < 2000万 need the guarantee (soft)", () => {
    const at = (o: Partial<LoanAdmissionInput>) => checkLoanAdmission(base({ disbursementDate: d("2022-03-01"), annualRateBp: 400, ...o }), ctx);
    const total = at({ amount: wan(500), otherOutstandingLoans: [{ bankId: "B2", outstanding: wan(1500) }] });
    expect(total.findings.find((f) => f.code === "XDT_ENHANCEMENT_REQUIRED")?.severity).toBe("block");
    expect(at({ amount: wan(500), otherOutstandingLoans: [{ bankId: "B2", outstanding: fen(wan(1500) - 1) }] }).outcome).toBe("pass");
    expect(at({ amount: wan(500), otherOutstandingLoans: [{ bankId: "B2", outstanding: wan(1500) }], creditEnhancement: "保证" }).outcome).toBe("pass");
    const g = at({ controllerSpouseGuarantee: false });
    expect(g.findings.find((f) => f.code === "XDT_CONTROLLER_GUARANTEE_MISSING")).toMatchObject({ severity: "block", soft: true });
    expect(at({ controllerSpouseGuarantee: false, isCreditLoan: false }).outcome).toBe("pass");
  });
  it("XDT-TZ22 (from 2022-06-01): single loan ≥ 2000万 — the bank decides and records the measure", () => {
    const at = (o: Partial<LoanAdmissionInput>) => checkLoanAdmission(base({ disbursementDate: d("2022-06-01"), annualRateBp: 400, ...o }), ctx);
    expect(codes(at({ amount: wan(2000) }))).toContain("XDT_ENHANCEMENT_NOT_RECORDED");
    const rec = at({ amount: wan(2000), creditEnhancement: " 应收账款质押 " });
    expect(rec.outcome).toBe("pass");
    expect(rec.findings.find((f) => f.code === "XDT_ENHANCEMENT_RECORDED")?.message).toContain("应收账款质押");
    // enterprise total ≥ 2000万 no longer matters, only the single loan
    expect(at({ amount: wan(500), otherOutstandingLoans: [{ bankId: "B2", outstanding: wan(3000) }] }).outcome).toBe("pass");
    // the guarantee for credit loans < 2000万 stays a soft check
    expect(at({ amount: fen(wan(2000) - 1), controllerSpouseGuarantee: false }).outcome).toBe("block");
    expect(at({ amount: fen(wan(2000) - 1), controllerSpouseGuarantee: false, override: { by: "a", reason: "配偶已故" } }).outcome).toBe("warn");
    expect(at({ amount: wan(2000), creditEnhancement: "抵押", controllerSpouseGuarantee: false }).outcome).toBe("pass");
  });
  it("explains a refusal in Chinese with the cited article", () => {
    const text = explain(checkLoanAdmission(base({ annualRateBp: 500 }), ctx));
    expect(text).toContain("结论：不通过");
    expect(text).toContain("LPR 3.45% + 74BP = 4.19%");
    expect(text).toContain("一（二）");
  });
});

describe("XDT-BF 第十三条: claim eligibility — principal 60 / interest 90 days, each from its own first unpaid due date", () => {
  it.each([
    ["2024-01-01", null, "2024-02-29", false], // 59 days
    ["2024-01-01", null, "2024-03-01", true], // 60 days
    [null, "2024-01-01", "2024-03-30", false], // 89 days
    [null, "2024-01-01", "2024-03-31", true], // 90 days
    ["2024-02-01", "2024-01-01", "2024-03-31", true], // principal 59, interest 90
    ["2024-01-01", "2024-02-01", "2024-03-01", true], // principal 60, interest 29
    ["2024-01-02", "2024-01-02", "2024-03-01", false], // 59 / 59
  ] as const)("principal due %s, interest due %s, claim %s → eligible %s", (p, i, claim, ok) => {
    const v = claimEligibility({ principalFirstUnpaidDueDate: p ? d(p) : null, interestFirstUnpaidDueDate: i ? d(i) : null, claimDate: d(claim), onProjectList: true });
    expect(v.value.eligible).toBe(ok);
    expect(v.outcome).toBe(ok ? "pass" : "block");
  });
  it("reports the days and the dates the clocks are met", () => {
    const v = claimEligibility({ principalFirstUnpaidDueDate: d("2024-01-02"), interestFirstUnpaidDueDate: d("2024-01-02"), claimDate: d("2024-03-01"), onProjectList: true });
    expect(v.value).toMatchObject({ principalDaysOverdue: 59, interestDaysOverdue: 59, principalEligibleFrom: "2024-03-02", interestEligibleFrom: "2024-04-01" });
    expect(v.findings[0].message).toContain("2024-03-02起");
  });
  it("blocks a loan not on the list and a loan with nothing overdue", () => {
    expect(codes(claimEligibility({ principalFirstUnpaidDueDate: d("2024-01-01"), claimDate: d("2024-06-01"), onProjectList: false }))).toContain("XDT_CLAIM_NOT_ON_LIST");
    const none = claimEligibility({ claimDate: d("2024-06-01"), onProjectList: true });
    expect(none.findings[0].message).toContain("没有逾期");
  });
  it("helpers", () => {
    expect(daysOverdue(d("2024-03-01"), d("2024-02-01"))).toBe(0);
    expect(isOverdueBy(d("2024-01-01"), d("2024-03-01"), 60)).toBe(true);
    expect(isOverdueBy(d("2024-01-01"), d("2024-02-29"), 60)).toBe(false);
  });
});

describe("XDT-BF 第十三条 + D-3: compensation 70 %, half-up, capped by the pool", () => {
  it.each([
    [100_000_000, 2_345_679, 10 ** 12, 71_641_975], // 102,345,679 × 0.7 = 71,641,975.3
    [1, 0, 100, 1], // 0.7 → 1
    [0, 15, 100, 11], // 10.5 → 11
    [0, 5, 100, 4], // 3.5 → 4
    [wan(100), 0, wan(50), wan(50)], // pool cap
  ])("principal %i + interest %i, pool %i → %i", (p, i, pool, expected) => {
    const v = compensation({ unpaidPrincipal: fen(p), unpaidInterest: fen(i), poolAvailable: fen(pool), claimDate: d("2024-05-01") });
    expect(v.value.compensation).toBe(expected);
    expect(v.value.bankBears).toBe(p + i - expected);
  });
  it("warns with the shortfall when the pool cannot pay it all", () => {
    const v = compensation({ unpaidPrincipal: wan(100), unpaidInterest: fen(0), poolAvailable: wan(50), claimDate: d("2024-05-01") });
    expect(v.outcome).toBe("warn");
    expect(v.value.poolShortfall).toBe(wan(20));
    expect(v.value.uncapped).toBe(wan(70));
  });
  it("property: never more than round_half_up(70 % of loss), never more than the pool, nothing negative", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 13 }), fc.nat({ max: 10 ** 11 }), fc.nat({ max: 10 ** 13 }), (p, i, pool) => {
        const v = compensation({ unpaidPrincipal: fen(p), unpaidInterest: fen(i), poolAvailable: fen(pool), claimDate: d("2024-05-01") });
        const c = BigInt(v.value.compensation);
        const loss = BigInt(p + i);
        return c >= 0n && c * 10_000n <= loss * 7_000n + 5_000n && c <= BigInt(pool) && v.value.bankBears >= 0;
      }),
    );
  });
});

describe("XDT-BF 第十七条: payment sources — own account first, shortfall pro rata by deposits", () => {
  const acc = (bankId: string, balance: number, deposited: number) => ({ bankId, balance: fen(balance), deposited: fen(deposited) });
  it("pays from the claiming bank's own account when it can", () => {
    const v = splitClaimPayment({ amount: fen(500), claimingBankId: "A", accounts: [acc("A", 1000, 1000), acc("B", 1000, 1000)] });
    expect(v.value.parts).toEqual([{ bankId: "A", amount: 500, kind: "own" }]);
    expect(v.outcome).toBe("pass");
  });
  it("shares the shortfall by deposits, largest remainder, ties by bank id", () => {
    const v = splitClaimPayment({ amount: fen(100), claimingBankId: "A", accounts: [acc("A", 0, 5), acc("D", 1000, 1), acc("C", 1000, 1), acc("B", 1000, 1)] });
    expect(v.value.parts).toEqual([
      { bankId: "B", amount: 34, kind: "shortfall" },
      { bankId: "C", amount: 33, kind: "shortfall" },
      { bankId: "D", amount: 33, kind: "shortfall" },
    ]);
    const w = splitClaimPayment({ amount: fen(1000), claimingBankId: "A", accounts: [acc("A", 400, 1), acc("B", 10_000, 2), acc("C", 10_000, 1)] });
    expect(w.value).toMatchObject({ fromOwn: 400, shortfall: 600 });
    expect(w.value.parts).toEqual([{ bankId: "A", amount: 400, kind: "own" }, { bankId: "B", amount: 400, kind: "shortfall" }, { bankId: "C", amount: 200, kind: "shortfall" }]);
    expect(codes(w)).toContain("XDT_PAYMENT_SHORTFALL_SHARED");
  });
  it("never draws more than an account holds: a capped bank's excess goes to the others", () => {
    const v = splitClaimPayment({ amount: fen(900), claimingBankId: "A", accounts: [acc("A", 0, 0), acc("B", 100, 800), acc("C", 5000, 200), acc("D", 5000, 0)] });
    expect(v.value.parts).toEqual([{ bankId: "B", amount: 100, kind: "shortfall" }, { bankId: "C", amount: 800, kind: "shortfall" }]);
  });
  it("falls back to balances when no other bank has a deposit weight", () => {
    const v = splitClaimPayment({ amount: fen(30), claimingBankId: "A", accounts: [acc("B", 20, 0), acc("C", 10, 0)] });
    expect(v.value.parts).toEqual([{ bankId: "B", amount: 20, kind: "shortfall" }, { bankId: "C", amount: 10, kind: "shortfall" }]);
  });
  it("blocks with the uncovered amount when the others cannot cover it", () => {
    const v = splitClaimPayment({ amount: fen(1000), claimingBankId: "A", accounts: [acc("A", 300, 300), acc("B", 200, 200)] });
    expect(v.outcome).toBe("block");
    expect(v.value.uncovered).toBe(500);
    expect(v.findings.find((f) => f.code === "XDT_PAYMENT_UNCOVERED")?.message).toContain("5.00元");
  });
  it("rejects duplicate accounts", () => {
    expect(() => splitClaimPayment({ amount: fen(1), claimingBankId: "A", accounts: [acc("A", 1, 1), acc("A", 1, 1)] })).toThrow(/重复/);
  });
  it("property: parts + uncovered = amount, nothing negative, no account overdrawn", () => {
    const account = fc.record({ balance: fc.nat({ max: 10 ** 9 }), deposited: fc.nat({ max: 10 ** 9 }) });
    fc.assert(
      fc.property(fc.nat({ max: 3 * 10 ** 9 }), fc.array(account, { minLength: 1, maxLength: 8 }), (amount, accts) => {
        const accounts = accts.map((a, i) => ({ bankId: `B${i}`, balance: fen(a.balance), deposited: fen(a.deposited) }));
        const v = splitClaimPayment({ amount: fen(amount), claimingBankId: "B0", accounts });
        const sum = v.value.parts.reduce((s, p) => s + p.amount, 0);
        const byBank = new Map(accounts.map((a) => [a.bankId, a.balance]));
        const total = accounts.reduce((s, a) => s + a.balance, 0);
        return (
          sum + v.value.uncovered === amount &&
          v.value.parts.every((p) => p.amount > 0 && p.amount <= (byBank.get(p.bankId) as number)) &&
          v.value.uncovered === Math.max(0, amount - total) &&
          (v.value.uncovered > 0) === (v.outcome === "block")
        );
      }),
    );
  });
});

describe("Recoveries (XDT-BF 第十九条, XDT-TZ22 四（六）, D-4, D-5)", () => {
  const costs = [
    { kind: "litigation" as const, amount: fen(10_000), actuallyIncurred: true },
    { kind: "recovery" as const, amount: fen(5_000), actuallyIncurred: true },
    { kind: "litigation" as const, amount: fen(2_000), actuallyIncurred: false },
  ];
  it("claims approved before 2022-06-01 deduct recovery and litigation costs", () => {
    const v = recoveryReturn({ recovered: fen(100_000), costs, claimApprovalDate: d("2022-05-31"), recoveryDate: d("2024-03-01") }, cal);
    expect(v.value).toMatchObject({ deductible: 17_000, notDeductible: 0, net: 83_000, poolShareBp: 7000, toPool: 58_100, bankKeeps: 41_900 });
  });
  it("from 2022-06-01 only litigation costs actually incurred", () => {
    const v = recoveryReturn({ recovered: fen(100_000), costs, claimApprovalDate: d("2022-06-01"), recoveryDate: d("2024-03-01") }, cal);
    expect(v.value).toMatchObject({ deductible: 10_000, notDeductible: 7_000, net: 90_000, toPool: 63_000 });
    expect(codes(v)).toContain("XDT_RECOVERY_COST_NOT_DEDUCTIBLE");
  });
  it("uses an agreed ratio when the agreement sets one; half-up", () => {
    const v = recoveryReturn({ recovered: fen(15), costs: [], claimApprovalDate: d("2023-01-01"), recoveryDate: d("2024-03-01"), agreementPoolShareBp: 5000 }, cal);
    expect(v.value.toPool).toBe(8);
    expect(codes(v)).toContain("XDT_RECOVERY_AGREED_SHARE");
  });
  it("costs above the recovery: nothing to return, warned", () => {
    const v = recoveryReturn({ recovered: fen(5_000), costs, claimApprovalDate: d("2023-01-01"), recoveryDate: d("2024-03-01") }, cal);
    expect(v.value.toPool).toBe(0);
    expect(v.outcome).toBe("warn");
  });
  it("due in 3 working days, across National Day 2025", () => {
    const v = recoveryReturn({ recovered: fen(1), costs: [], claimApprovalDate: d("2023-01-01"), recoveryDate: d("2025-09-30") }, cal);
    expect(v.value.due).toBe("2025-10-11"); // 10-09, 10-10, 10-11 (调休 Saturday)
  });
  it("the 3-working-day return clock exists only from XDT-BF (2021-12-24)", () => {
    expect(recoveryReturnDue(d("2021-12-24"), cal).value.due).toBe("2021-12-29");
    expect(() => recoveryReturnDue(d("2021-12-23"), cal)).toThrow(RuleDateError);
  });
});

describe("XDT-BF 第二十一条 + D-6/D-7: risk ratios and stop/restart", () => {
  it.each([
    [299, 10_000, false], // 2.99 %
    [300, 10_000, true], // 3.00 %
    [29_999_999, 1_000_000_000, false],
    [30_000_000, 1_000_000_000, true],
  ])("bank: paid %i / loans %i → reached %s", (paid, loans, reached) => {
    const v = bankRiskRatio({ compensationPaid: fen(paid), cumulativeLoans: fen(loans) }, d("2024-01-01"));
    expect(v.value.reached).toBe(reached);
    expect(v.outcome).toBe(reached ? "block" : "pass");
  });
  it("before 2021-12-24 (XDT-FA): pool only and strictly above 3 %", () => {
    expect(poolRiskRatio({ compensationPaid: fen(300), cumulativeLoans: fen(10_000) }, d("2021-12-23")).value.reached).toBe(false);
    expect(poolRiskRatio({ compensationPaid: fen(301), cumulativeLoans: fen(10_000) }, d("2021-12-23")).value.reached).toBe(true);
    expect(poolRiskRatio({ compensationPaid: fen(300), cumulativeLoans: fen(10_000) }, d("2021-12-24")).value.reached).toBe(true);
    const bank = bankRiskRatio({ compensationPaid: fen(500), cumulativeLoans: fen(10_000) }, d("2021-12-23"));
    expect(bank.value.reached).toBe(false);
    expect(codes(bank)).toContain("XDT_BANK_RATIO_NOT_APPLICABLE");
  });
  it("shows the conventional measure beside it, never mixed", () => {
    const v = bankRiskRatio({ compensationPaid: fen(100), cumulativeLoans: fen(10_000) }, d("2024-01-01"), { overdue90Balance: fen(500), outstandingBalance: fen(1_000) });
    expect(v.value).toMatchObject({ ratioBp: 100, conventionalBp: 5000, reached: false });
    expect(codes(v)).toContain("XDT_CONVENTIONAL_NPL");
  });
  it("zero loans: ratio 0; compensation without loans is a data error", () => {
    expect(bankRiskRatio({ compensationPaid: fen(0), cumulativeLoans: fen(0) }, d("2024-01-01")).value.reached).toBe(false);
    expect(() => bankRiskRatio({ compensationPaid: fen(1), cumulativeLoans: fen(0) }, d("2024-01-01"))).toThrow(RuleInputError);
  });
  const ok = { compensationPaid: fen(299), cumulativeLoans: fen(10_000) };
  const bad = { compensationPaid: fen(300), cumulativeLoans: fen(10_000) };
  it.each([
    [bad, ok, false, null, true, "bank_ratio"],
    [ok, bad, false, null, true, "pool_ratio"],
    [ok, ok, false, null, false, null],
    [ok, ok, true, null, true, "awaiting_restart_decision"],
    [ok, ok, true, { date: d("2024-02-01"), ref: "会议纪要〔2024〕1号" }, false, null],
    [ok, ok, true, { date: d("2024-03-02"), ref: "future" }, true, "awaiting_restart_decision"],
    [bad, ok, true, { date: d("2024-02-01"), ref: "x" }, true, "bank_ratio"],
  ] as const)("D-7 case %#", (bank, pool, suspended, decision, expSuspended, reason) => {
    const v = riskStopStatus({ asOf: d("2024-03-01"), bank, pool, currentlySuspended: suspended, restartDecision: decision });
    expect(v.value.suspended).toBe(expSuspended);
    expect(v.value.reason).toBe(reason);
    expect(v.outcome).toBe(expSuspended ? "block" : "pass");
    if (decision && !expSuspended) expect(v.value.restarted).toBe(true);
  });
});

describe("XDT-BF 第十四条: the bank's yearly test", () => {
  it.each([
    [120, 100, 10, 10, true], // exactly +20 %, same count
    [119, 100, 10, 10, false], // +19 %
    [120, 100, 9, 10, false], // count below prior year
    [5, 0, 1, 0, true], // first year
  ])("lending %i vs %i, count %i vs %i → %s", (cur, prior, n, pn, passed) => {
    const v = bankYearlyTest({ year: 2023, lending: fen(cur * 1_000_000), priorYearLending: fen(prior * 1_000_000), smeCount: n, priorYearSmeCount: pn });
    expect(v.value.passed).toBe(passed);
    expect(v.outcome).toBe(passed ? "pass" : "block");
    if (!passed) expect(codes(v)).toContain("XDT_BANK_COOPERATION_SUSPENDED");
  });
  it("reports growth and rejects bad input", () => {
    expect(bankYearlyTest({ year: 2023, lending: fen(119), priorYearLending: fen(100), smeCount: 1, priorYearSmeCount: 1 }).findings[0].message).toContain("19.00%");
    expect(bankYearlyTest({ year: 2023, lending: fen(1), priorYearLending: fen(0), smeCount: 1, priorYearSmeCount: 1 }).value.growthBp).toBeNull();
    expect(() => bankYearlyTest({ year: 2023.5, lending: fen(1), priorYearLending: fen(0), smeCount: 1, priorYearSmeCount: 1 })).toThrow(RuleInputError);
    expect(() => bankYearlyTest({ year: 2023, lending: fen(1), priorYearLending: fen(0), smeCount: -1, priorYearSmeCount: 1 })).toThrow(RuleInputError);
    expect(() => bankYearlyTest({ year: 2020, lending: fen(1), priorYearLending: fen(0), smeCount: 1, priorYearSmeCount: 1 })).toThrow(RuleDateError);
  });
});

describe("XDT-BF 第十四条: the least lending that passes the growth test (the charts' target line)", () => {
  it.each([
    [100, 120], // +20 % exactly
    [101, 122], // 121.2 rounds up: "不低于"
    [0, 0],
    [5, 6],
    [10_000, 12_000], // 20.00% exactly, to the basis point: 11,999 would be 19.99%
  ])("prior %i fen → target %i fen", (prior, target) => {
    expect(bankLendingTarget(2023, fen(prior))).toBe(target);
  });
  it("第十四条 \"不低于20%\" to the basis point: 12,000 fen on 10,000 passes, 11,999 (19.99%) does not", () => {
    const growthOk = (lending: number) => bankYearlyTest({ year: 2023, lending: fen(lending), priorYearLending: fen(10_000), smeCount: 1, priorYearSmeCount: 1 }).value.growthOk;
    expect(growthOk(12_000)).toBe(true);
    expect(growthOk(11_999)).toBe(false);
  });
  it("the target passes the yearly test and one fen less does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000_000 }), (prior) => {
        const target = bankLendingTarget(2024, fen(prior));
        const test = (lending: number) => bankYearlyTest({ year: 2024, lending: fen(lending), priorYearLending: fen(prior), smeCount: 1, priorYearSmeCount: 1 }).value.growthOk;
        expect(test(target)).toBe(true);
        expect(test(target - 1)).toBe(false);
      }),
    );
  });
  it("refuses a year the parameter does not cover and a bad year", () => {
    expect(() => bankLendingTarget(2020, fen(1))).toThrow(RuleDateError);
    expect(() => bankLendingTarget(2023.5, fen(1))).toThrow(RuleInputError);
  });
});

describe("Deadlines (XDT-TZ22 二、四、五; XDT-FA 五（二）)", () => {
  it.each([
    [admissionDecisionDue, "2025-09-26", "2025-10-10"], // 5 WD across National Day, counts 调休 Sunday 09-28
    [riskEventReportDue, "2025-01-24", "2025-02-07"], // 5 WD across Spring Festival, counts 调休 Sunday 01-26
    [claimPlanDue, "2025-01-24", "2025-02-13"], // 10 WD, counts both 调休 days 01-26 and 02-08
    [compensationPaymentDue, "2025-02-05", "2025-02-08"], // 3 WD, 调休 Saturday 02-08
    [recoveryReturnDue, "2024-06-07", "2024-06-13"], // Dragon Boat 06-10
  ] as const)("%o from %s → %s", (fn, from, due) => {
    const v = fn(d(from), cal);
    expect(v.value.due).toBe(due);
    expect(v.cites.length).toBeGreaterThan(0);
  });
  it("working-day clocks from XDT-TZ22 do not exist before 2022-06-01", () => {
    expect(() => admissionDecisionDue(d("2022-05-31"), cal)).toThrow(RuleDateError);
    expect(admissionDecisionDue(d("2022-06-01"), cal).value.due).toBe("2022-06-09"); // 06-03 Dragon Boat
  });
  it("monthly report by the 10th of the next month; quarterly 15 days after quarter end; list by 31 January", () => {
    expect(monthlyReportDue(d("2024-12-05")).value).toMatchObject({ from: "2024-12-31", due: "2025-01-10" });
    expect(monthlyReportDue(d("2022-06-15")).value.due).toBe("2022-07-10");
    expect(() => monthlyReportDue(d("2022-05-15"))).toThrow(RuleDateError);
    expect(quarterlyReportDue(d("2024-02-10")).value).toMatchObject({ from: "2024-03-31", due: "2024-04-15" });
    expect(quarterlyReportDue(d("2024-12-31")).value.due).toBe("2025-01-15");
    expect(partnerListDue(2025).value.due).toBe("2025-01-31");
    expect(() => partnerListDue(2022)).toThrow(RuleDateError);
    expect(() => partnerListDue(1.5)).toThrow(RuleInputError);
  });
  it("clock status and the catalogue", () => {
    expect(clockStatus(d("2025-10-10"), d("2025-10-10"))).toBe("due");
    expect(clockStatus(d("2025-10-10"), d("2025-10-11"))).toBe("overdue");
    expect(clockStatus(d("2025-10-10"), d("2025-10-20"), d("2025-10-12"))).toBe("done");
    expect(wasLate(d("2025-10-10"), d("2025-10-11"))).toBe(true);
    expect(wasLate(d("2025-10-10"), d("2025-10-10"))).toBe(false);
    expect(new Set(DEADLINES.map((x) => x.id)).size).toBe(DEADLINES.length);
    expect(DEADLINES.every((x) => x.cites.length > 0 && x.name.length > 0)).toBe(true);
  });
});
