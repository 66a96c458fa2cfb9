/**
 * Messages render the policy numbers of the dated parameter version the rule used (issue 12 item 9): give a parameter
 * a new version with another value and the message says the new value — nothing is hard-coded (70%, 74BP, 3年, 3%…).
 * Each test adds a version (from 2030-01-01 unless said; the current one then ends the day before) and restores the
 * parameter after.
 */
import { describe, expect, it } from "vitest";
import {
  acceptanceRouting, addDays, bankRiskRatio, carryOverStatus, checkLoanAdmission, compensation, DEADLINES, defineParam, explain, fen,
  GXZJ_SETTINGS, interestSubsidy, INITIAL_LPR_TABLE, legalDate as d, recoveryReturn, riskStopStatus, wan, XDT_ADMISSION_DAYS,
  XDT_COMPENSATION_SHARE, XDT_INTEREST_DAY_BASIS, XDT_RATE_CAP, XDT_RECOVERY_DEDUCTIBLE, XDT_RISK_STOP, XDT_TERM_CAP_MONTHS,
  YI_YUAN, DEFAULT_CALENDAR, type DatedParam, type FundProgramSettings, type LprTable, type ParamVersion,
} from "#rules";

const CHANGE = d("2030-01-01");

/** Runs `fn` with `param` given one more version from `from` (value from `change`), then restores it. */
function withNewVersion<T>(param: DatedParam<T>, change: (old: T) => T, fn: () => void, from = CHANGE) {
  const saved = param.versions;
  const last = saved[saved.length - 1];
  const versions: ParamVersion<T>[] = [...saved.slice(0, -1), { ...last, to: addDays(from, -1) }, { from, value: change(last.value), cite: last.cite }];
  (param as { versions: readonly ParamVersion<T>[] }).versions = defineParam(param.name, param.label, versions).versions;
  try {
    fn();
  } finally {
    (param as { versions: readonly ParamVersion<T>[] }).versions = saved;
  }
}

/** The LPR table with a 2030 row, so admission can be checked in 2030. */
const LPR: LprTable = [...INITIAL_LPR_TABLE, { effectiveDate: d("2029-12-20"), lpr1yBp: 300, lpr5yBp: 350 }];

const messages = (v: { findings: readonly { message: string }[] }) => v.findings.map((f) => f.message).join("\n");

describe("信贷通 messages follow their parameters", () => {
  it("compensation share: 70% → 80% changes the loss arithmetic and the pool warning", () => {
    const input = { unpaidPrincipal: wan(100), unpaidInterest: fen(0), poolAvailable: wan(50) };
    expect(messages(compensation({ ...input, claimDate: d("2029-12-31") }))).toContain("按70%应补偿70万元");
    withNewVersion(XDT_COMPENSATION_SHARE, () => 8_000, () => {
      const text = messages(compensation({ ...input, claimDate: CHANGE }));
      expect(text).toContain("按80%应补偿80万元");
      expect(text).toContain("× 80% = 800,000.00元");
      expect(text).not.toContain("70%");
      expect(messages(compensation({ ...input, claimDate: d("2029-12-31") }))).toContain("按70%");
    });
  });

  it("day basis of the accrued interest: 360 → 365", () => {
    const accrual = { annualRateBp: 365, disbursementDate: d("2030-01-01"), maturityDate: d("2031-01-01"), interestDueDates: [] };
    withNewVersion(XDT_INTEREST_DAY_BASIS, () => 365, () => {
      const v = compensation({ unpaidPrincipal: wan(100), unpaidInterest: fen(0), accrual, poolAvailable: wan(1000), claimDate: d("2030-01-02") });
      expect(v.value.accruedInterest).toBe(10_000); // 1,000,000.00元 × 3.65% ÷ 365
      expect(messages(v)).toContain("× 1天 ÷ 365计算，为100.00元");
    });
  });

  it("rate spread: LPR + 74BP → LPR + 60BP", () => {
    const loan = {
      bankId: "A", amount: wan(100), annualRateBp: 370, termMonths: 12, disbursementDate: CHANGE, asOf: CHANGE, otherOutstandingLoans: [], blacklist: [],
      enterprise: { creditCode: "91520100MA00000000", isSme: true, regionCode: "520102", shareholderIds: [] },
      isCreditLoan: true, controllerSpouseGuarantee: true,
    };
    withNewVersion(XDT_RATE_CAP, () => ({ kind: "spread" as const, hardSpreadBp: 60 }), () => {
      const text = messages(checkLoanAdmission(loan, { lpr: LPR }));
      expect(text).toContain("LPR 3.00% + 60BP = 3.60%");
      expect(text).not.toContain("74BP");
    });
  });

  it("term cap: 36 months (3年) → 24 months (2年), and a cap that is no whole number of years says months only", () => {
    const loan = {
      bankId: "A", amount: wan(100), annualRateBp: 300, termMonths: 40, disbursementDate: CHANGE, asOf: CHANGE, otherOutstandingLoans: [], blacklist: [],
      enterprise: { creditCode: "91520100MA00000000", isSme: true, regionCode: "520102", shareholderIds: [] },
      isCreditLoan: true, controllerSpouseGuarantee: true,
    };
    withNewVersion(XDT_TERM_CAP_MONTHS, () => 24, () => {
      expect(messages(checkLoanAdmission(loan, { lpr: LPR }))).toContain("贷款期限40个月，超过24个月（2年）");
    });
    withNewVersion(XDT_TERM_CAP_MONTHS, () => 30, () => {
      expect(messages(checkLoanAdmission(loan, { lpr: LPR }))).toContain("贷款期限40个月，超过30个月（");
    });
  });

  it("risk stop: restart below 3% → below 5%", () => {
    const low = { compensationPaid: fen(100), cumulativeLoans: fen(10_000) };
    const input = { asOf: CHANGE, bank: low, pool: low, currentlySuspended: true };
    withNewVersion(XDT_RISK_STOP, (old) => ({ ...old, thresholdBp: 500 }), () => {
      expect(messages(riskStopStatus(input))).toContain("不良率已低于5%，但须经协调领导小组决策");
      expect(messages(riskStopStatus({ ...input, restartDecision: { date: CHANGE, ref: "纪要1号" } }))).toContain("不良率已低于5%，协调领导小组已于2030-01-01");
    });
  });

  it("risk stop: the pool-only period is named by its parameter version", () => {
    const text = messages(bankRiskRatio({ compensationPaid: fen(500), cumulativeLoans: fen(10_000) }, d("2021-12-23")));
    expect(text).toContain("2021-08-31至2021-12-23适用的规定仅按信贷通整体不良率叫停");
  });

  it("recovery deductions: the date of the litigation-only rule comes from its version", () => {
    const input = {
      recovered: fen(100_000), costs: [{ kind: "recovery" as const, amount: fen(5_000), actuallyIncurred: true }], recoveryDate: d("2026-03-02"),
    };
    expect(messages(recoveryReturn({ ...input, claimApprovalDate: d("2024-01-01") }, DEFAULT_CALENDAR))).toContain("2022-06-01起审定的补偿");
    withNewVersion(XDT_RECOVERY_DEDUCTIBLE, () => "litigation_actually_incurred" as const, () => {
      expect(messages(recoveryReturn({ ...input, claimApprovalDate: d("2026-01-05") }, DEFAULT_CALENDAR))).toContain("2026-01-01起审定的补偿");
    }, d("2026-01-01"));
  });

  it("the deadline catalogue describes each clock with its parameter's newest value", () => {
    const admission = () => DEADLINES.find((x) => x.id === "xdt.admissionDecision")!.rule;
    expect(admission()).toContain("5个工作日内");
    withNewVersion(XDT_ADMISSION_DAYS, () => 7, () => expect(admission()).toContain("7个工作日内"));
    expect(DEADLINES.find((x) => x.id === "xdt.partnerList")!.rule).toContain("每年1月31日前");
  });
});

describe("专项资金 messages follow the fund settings", () => {
  // GXZJ's term ends 2027-12-31; the new version runs 2028 onwards
  function withGxzj(change: (old: FundProgramSettings) => FundProgramSettings, fn: () => void) {
    const saved = GXZJ_SETTINGS.versions;
    const last = saved[saved.length - 1];
    (GXZJ_SETTINGS as { versions: typeof saved }).versions = [last, { ...last, from: d("2028-01-01"), to: d("2030-12-31"), value: change(last.value) }];
    try {
      fn();
    } finally {
      (GXZJ_SETTINGS as { versions: typeof saved }).versions = saved;
    }
  }
  const D28 = d("2028-06-01");

  it("acceptance threshold: 5亿元 → 3亿元", () => {
    const input = { fund: "GXZJ" as const, totalInvestment: fen(3 * YI_YUAN), isProvincialEnterprise: false, fundingLevel: "county" as const, regionCode: "520102" };
    expect(messages(acceptanceRouting({ ...input, totalInvestment: fen(5 * YI_YUAN), date: d("2027-06-01") }))).toContain("项目总投资5亿元，达到5亿元");
    withGxzj((s) => ({ ...s, acceptanceInvestmentThreshold: fen(3 * YI_YUAN) }), () => {
      expect(messages(acceptanceRouting({ ...input, date: D28 }))).toContain("项目总投资3亿元，达到3亿元");
    });
  });

  it("carry-over: two years → three years", () => {
    const input = { fund: "GXZJ" as const, approvalDate: D28, unused: wan(10), level: "transfer" as const };
    expect(carryOverStatus({ ...input, approvalDate: d("2027-06-01"), asOf: d("2028-06-01") }).value.action).toContain("结转未满两年");
    withGxzj((s) => ({ ...s, carryOverYears: 3 }), () => {
      expect(carryOverStatus({ ...input, asOf: d("2030-06-01") }).value.action).toBe("结转未满三年（2031-06-01届满）");
      expect(messages(carryOverStatus({ ...input, asOf: d("2031-06-01") }))).toContain("结转三年以上");
      expect(DEADLINES.find((x) => x.id === "funds.carryOver")!.rule).toContain("结转三年以上");
    });
  });

  it("interest subsidy: at most two years (730 days) → one year (365 days)", () => {
    const input = { fund: "GXZJ" as const, amount: wan(100), days: 800 };
    expect(messages(interestSubsidy({ ...input, approvalDate: d("2027-06-01") }, { lpr: LPR }))).toContain("贴息期限原则上不超过两年，按730天计算");
    withGxzj((s) => ({ ...s, interestSubsidyMaxDays: 365 }), () => {
      expect(messages(interestSubsidy({ ...input, approvalDate: D28 }, { lpr: LPR }))).toContain("贴息期限原则上不超过一年，按365天计算");
    });
  });

  it("the texts explain the parameters used", () => {
    expect(explain(compensation({ unpaidPrincipal: wan(1), unpaidInterest: fen(0), poolAvailable: wan(1), claimDate: d("2024-01-01") }))).toContain("风险补偿比例（基点）");
  });
});
