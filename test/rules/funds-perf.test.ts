import { describe, expect, it } from "vitest";
import {
  acceptanceRouting, adjustmentPermission, applicationBanEnd, carryOverStatus, checkAllocationCaps, checkCrossFundDuplicates,
  checkSupportMode, DEFAULT_CALENDAR, fen, fundSettingsAt, gradeForScore, INITIAL_LPR_TABLE, interestSubsidy, legalDate as d,
  monitoringDeviation, prepaymentLimit, publicityEndDate, resultsApplication, RuleDateError, RuleInputError, wan, YI_YUAN,
  type AllocationCapInput, checkAllocationBounds, checkProposedAmount, citeText, type AllocationBoundsInput,
} from "#rules";

const codes = (v: { findings: readonly { code: string }[] }) => v.findings.map((f) => f.code);
const cal = DEFAULT_CALENDAR;

describe("Fund terms and program settings (GXZJ-35 第三十四条, ZXZJ-206 第三十五条)", () => {
  it.each([
    ["GXZJ", "2023-04-16", false],
    ["GXZJ", "2023-04-17", true],
    ["GXZJ", "2027-12-31", true],
    ["GXZJ", "2028-01-01", false],
    ["ZXZJ", "2023-12-03", false],
    ["ZXZJ", "2023-12-04", true],
    ["ZXZJ", "2025-12-31", true],
    ["ZXZJ", "2026-01-01", false],
  ] as const)("%s on %s in term: %s", (fund, date, ok) => {
    if (ok) expect(fundSettingsAt(fund, d(date)).value.fund).toBe(fund);
    else expect(() => fundSettingsAt(fund, d(date))).toThrow(RuleDateError);
  });
});

describe("第十条 caps (soft), per project and per unit per year", () => {
  const base = (o: Partial<AllocationCapInput> = {}): AllocationCapInput => ({
    fund: "GXZJ", date: d("2024-06-01"), year: 2024, unitId: "U1", projectId: "P1", amount: wan(1000), existingAllocations: [], ...o,
  });
  it.each([
    ["GXZJ", wan(1000), "pass"],
    ["GXZJ", wan(1000) + 1, "block"],
    ["ZXZJ", wan(500), "pass"],
    ["ZXZJ", wan(500) + 1, "block"],
  ] as const)("%s per project %i → %s", (fund, amount, outcome) => {
    const v = checkAllocationCaps(base({ fund, amount: fen(amount) }));
    expect(v.outcome).toBe(outcome);
    if (outcome === "block") expect(codes(v)).toEqual(["FUNDS_PROJECT_CAP_EXCEEDED"]);
  });
  it.each([
    ["GXZJ", wan(2000), "pass"],
    ["GXZJ", wan(2000) + 1, "block"],
    ["ZXZJ", wan(1000), "pass"],
    ["ZXZJ", wan(1000) + 1, "block"],
  ] as const)("%s per unit-year total %i → %s", (fund, total, outcome) => {
    const existing = [{ projectId: "P0", amount: fen(total - wan(400)) }];
    const v = checkAllocationCaps(base({ fund, amount: wan(400), existingAllocations: existing }));
    expect(v.outcome).toBe(outcome);
    expect(v.value.unitYearTotal).toBe(total);
  });
  it("counts earlier allocations to the same project", () => {
    const v = checkAllocationCaps(base({ amount: wan(600), existingAllocations: [{ projectId: "P1", amount: wan(400) }] }));
    expect(v.value.projectTotal).toBe(wan(1000));
    expect(v.value.projectRoom).toBe(wan(600));
    expect(v.outcome).toBe("pass");
  });
  it("an override turns the soft block into a recorded warning", () => {
    const v = checkAllocationCaps(base({ amount: fen(wan(1000) + 1), override: { by: "省财政厅王五", reason: "省政府专题会议纪要" } }));
    expect(v.outcome).toBe("warn");
    expect(v.findings[0].override).toEqual({ by: "省财政厅王五", reason: "省政府专题会议纪要" });
  });
  it("GXZJ 磷石膏/锰渣/赤泥 projects are outside both caps and not counted in the unit total", () => {
    const v = checkAllocationCaps(base({ amount: wan(3000), category: "phosphogypsum", existingAllocations: [{ projectId: "P9", amount: wan(1500), category: "red_mud" }, { projectId: "P8", amount: wan(500) }] }));
    expect(v.outcome).toBe("pass");
    expect(v.value.exempt).toBe(true);
    expect(v.value.unitYearTotal).toBe(wan(500));
    expect(codes(v)).toEqual(["FUNDS_CAP_EXEMPT"]);
    expect(() => checkAllocationCaps(base({ fund: "ZXZJ", category: "manganese_slag" }))).toThrow(RuleInputError);
    expect(() => checkAllocationCaps(base({ year: 2024.5 }))).toThrow(RuleInputError);
    expect(() => checkAllocationCaps(base({ date: d("2028-01-01") }))).toThrow(RuleDateError);
  });
});

describe("第九条 support modes", () => {
  it.each([
    ["GXZJ", "government_purchase", "provincial", true],
    ["GXZJ", "government_purchase", "transfer", false],
    ["ZXZJ", "government_purchase", "provincial", false],
    ["ZXZJ", "interest_subsidy", "transfer", true],
  ] as const)("%s %s (%s) allowed %s", (fund, mode, level, allowed) => {
    expect(checkSupportMode({ fund, date: d("2024-06-01"), mode, level }).value.allowed).toBe(allowed);
  });
});

describe("SZH-25 三（一）: cross-fund duplicates", () => {
  const candidate = { unitId: "U1", projectKey: "年产10万吨 磷石膏建材项目", fund: "GXZJ" };
  it("blocks the same unit and project in another fund; ignores others", () => {
    const v = checkCrossFundDuplicates({
      candidate,
      date: d("2024-06-01"),
      others: [
        { unitId: "U1", projectKey: "年产10万吨磷石膏建材项目", fund: "ZXZJ", ref: "2024-017" },
        { unitId: "U1", projectKey: "年产10万吨磷石膏建材项目", fund: "GXZJ" },
        { unitId: "U2", projectKey: "年产10万吨磷石膏建材项目", fund: "大数据发展" },
        { unitId: "U1", projectKey: "另一个项目", fund: "ZXZJ" },
        { unitId: "U1", projectKey: "年产１０万吨磷石膏建材项目", fund: "能源结构调整" },
      ],
    });
    expect(v.outcome).toBe("block");
    expect(v.value.duplicates.map((x) => x.fund)).toEqual(["ZXZJ", "能源结构调整"]);
    expect(v.findings[0].message).toContain("2024-017");
  });
  it("passes without duplicates; outside SZH-25's term it has no basis", () => {
    expect(checkCrossFundDuplicates({ candidate, date: d("2025-12-31"), others: [] }).outcome).toBe("pass");
    expect(() => checkCrossFundDuplicates({ candidate, date: d("2026-01-01"), others: [] })).toThrow(RuleDateError);
    expect(() => checkCrossFundDuplicates({ candidate, date: d("2022-04-11"), others: [] })).toThrow(RuleDateError);
  });
});

describe("D-8 interest subsidy", () => {
  const ctx = { lpr: INITIAL_LPR_TABLE };
  it("1000万 × 3.45 % × 365 / 360 = 349,791.67元 (half-up)", () => {
    const v = interestSubsidy({ fund: "GXZJ", amount: wan(1000), approvalDate: d("2024-03-01"), days: 365 }, ctx);
    expect(v.value).toEqual({ subsidy: 34_979_167, lpr1yBp: 345, daysCounted: 365, dayBasis: 360 });
    expect(v.outcome).toBe("pass");
  });
  it("uses the LPR as of the approval date: day before / day of 2024-07-22", () => {
    expect(interestSubsidy({ fund: "GXZJ", amount: wan(100), approvalDate: d("2024-07-21"), days: 360 }, ctx).value.subsidy).toBe(3_450_000); // 100万 × 3.45 %
    expect(interestSubsidy({ fund: "GXZJ", amount: wan(100), approvalDate: d("2024-07-22"), days: 360 }, ctx).value.subsidy).toBe(3_350_000); // 100万 × 3.35 %
  });
  it("caps at 730 days and warns above the interest paid", () => {
    const v = interestSubsidy({ fund: "ZXZJ", amount: wan(100), approvalDate: d("2025-06-01"), days: 731, interestPaid: fen(100) }, ctx);
    expect(v.value.daysCounted).toBe(730);
    expect(v.value.subsidy).toBe(6_083_333); // 100,000,000 × 300 × 730 / 3,600,000 = 6,083,333.33
    expect(codes(v)).toEqual(["FUNDS_SUBSIDY_DAYS_CAPPED", "FUNDS_SUBSIDY_EXCEEDS_INTEREST"]);
    expect(v.outcome).toBe("warn");
    expect(interestSubsidy({ fund: "ZXZJ", amount: wan(100), approvalDate: d("2025-06-01"), days: 730, interestPaid: wan(100) }, ctx).outcome).toBe("pass");
    expect(() => interestSubsidy({ fund: "ZXZJ", amount: wan(1), approvalDate: d("2025-06-01"), days: -1 }, ctx)).toThrow(RuleInputError);
  });
});

describe("SZH-25 三（二）: prepayment 50 % for key projects", () => {
  it("key: 50 % half-up; not key: none; over the limit blocks", () => {
    expect(prepaymentLimit({ plannedAward: fen(1001), isKeyProject: true, date: d("2024-01-01") }).value).toEqual({ maxPrepayment: 501, remainderAfterAcceptance: 500 });
    expect(prepaymentLimit({ plannedAward: wan(500), isKeyProject: true, requested: wan(250), date: d("2024-01-01") }).outcome).toBe("pass");
    expect(prepaymentLimit({ plannedAward: wan(500), isKeyProject: true, requested: fen(wan(250) + 1), date: d("2024-01-01") }).outcome).toBe("block");
    const n = prepaymentLimit({ plannedAward: wan(500), isKeyProject: false, date: d("2024-01-01") });
    expect(n.value.maxPrepayment).toBe(0);
    expect(codes(n)).toContain("FUNDS_EX_POST_ONLY");
    expect(() => prepaymentLimit({ plannedAward: wan(500), isKeyProject: true, date: d("2026-01-01") })).toThrow(RuleDateError);
  });
});

describe("Adjustments (GXZJ-35 第二十三条, ZXZJ-206 第二十条)", () => {
  it.each([
    ["county", "市（州）工业和信息化主管部门", ["省工业和信息化厅", "省财政厅"]],
    ["prefecture", "省工业和信息化厅、省财政厅", []],
    ["province", "省工业和信息化厅、省财政厅", []],
  ] as const)("GXZJ filed at %s → approved by %s", (level, approver, filed) => {
    const v = adjustmentPermission({ fund: "GXZJ", requestDate: d("2024-06-01"), filingLevel: level });
    expect(v.value).toMatchObject({ allowed: true, approver, filedWith: filed });
  });
  it("ZXZJ: once, within the construction period", () => {
    const base = { fund: "ZXZJ" as const, filingLevel: "county" as const, constructionPeriodEnd: d("2024-12-31") };
    expect(adjustmentPermission({ ...base, requestDate: d("2024-12-31"), priorAdjustments: 0 }).value.allowed).toBe(true);
    const late = adjustmentPermission({ ...base, requestDate: d("2025-01-01") });
    expect(codes(late)).toEqual(["FUNDS_ADJUSTMENT_AFTER_CONSTRUCTION"]);
    const recover = adjustmentPermission({ ...base, requestDate: d("2025-01-01"), changedWithoutApproval: true });
    expect(recover.value.recover).toBe(true);
    const twice = adjustmentPermission({ ...base, requestDate: d("2024-06-01"), priorAdjustments: 1 });
    expect(twice.outcome).toBe("block");
    expect(adjustmentPermission({ ...base, requestDate: d("2024-06-01"), priorAdjustments: 1, override: { by: "a", reason: "b" } }).outcome).toBe("warn");
    expect(() => adjustmentPermission({ fund: "ZXZJ", filingLevel: "county", requestDate: d("2024-06-01") })).toThrow(RuleInputError);
    expect(() => adjustmentPermission({ ...base, requestDate: d("2024-06-01"), priorAdjustments: -1 })).toThrow(RuleInputError);
  });
  // issue 12 item 3: the settings are those of the funding date; the construction period judges the request date
  it("ZXZJ after the fund's term (2025-12-31): settings of the funding date, Art.20 on the request date", () => {
    const base = { fund: "ZXZJ" as const, filingLevel: "county" as const, constructionPeriodEnd: d("2026-06-30") };
    // without the funding date the request after the term finds no settings
    expect(() => adjustmentPermission({ ...base, requestDate: d("2026-01-01") })).toThrow(RuleDateError);
    for (const fundedOn of ["2025-12-31", "2025-06-01"] as const) {
      const v = adjustmentPermission({ ...base, fundedOn: d(fundedOn), requestDate: d("2026-01-01") });
      expect(v.value.allowed).toBe(true);
      expect(v.trace[0].asOf).toBe(fundedOn);
    }
    // the construction period's last day and the day after, both after the term
    expect(adjustmentPermission({ ...base, fundedOn: d("2025-12-31"), requestDate: d("2026-06-30") }).value.allowed).toBe(true);
    expect(codes(adjustmentPermission({ ...base, fundedOn: d("2025-12-31"), requestDate: d("2026-07-01") }))).toEqual(["FUNDS_ADJUSTMENT_AFTER_CONSTRUCTION"]);
    // funded the day after the term: no settings (nothing may be funded then)
    expect(() => adjustmentPermission({ ...base, fundedOn: d("2026-01-01"), requestDate: d("2026-01-02") })).toThrow(RuleDateError);
    // a request before the funding is not an adjustment
    expect(() => adjustmentPermission({ ...base, fundedOn: d("2025-06-01"), requestDate: d("2025-05-31") })).toThrow(RuleInputError);
  });
});

describe("Acceptance routing (GXZJ-35 第二十五条, ZXZJ-206 第二十二条)", () => {
  const g = { fund: "GXZJ" as const, date: d("2024-06-01"), isProvincialEnterprise: false, fundingLevel: "county" as const, regionCode: "520102" };
  it.each([
    [{ totalInvestment: fen(5 * YI_YUAN) }, "province"], // 5亿 exactly
    [{ totalInvestment: fen(5 * YI_YUAN - 1) }, "county"],
    [{ totalInvestment: wan(100), isProvincialEnterprise: true, fundingLevel: "province" as const }, "province"],
    [{ totalInvestment: wan(100), isProvincialEnterprise: true }, "county"],
    [{ totalInvestment: wan(100), regionCode: "520100" }, "prefecture"],
  ])("GXZJ %o → %s", (o, level) => {
    expect(acceptanceRouting({ ...g, ...o }).value.level).toBe(level);
  });
  it("names the body", () => {
    expect(acceptanceRouting({ ...g, totalInvestment: wan(1) }).value.body).toBe("南明区工业和信息化主管部门");
    expect(acceptanceRouting({ ...g, totalInvestment: fen(5 * YI_YUAN) }).value.costFromFund).toBe(true);
    expect(() => acceptanceRouting({ ...g, totalInvestment: wan(1), regionCode: "520000" })).toThrow(RuleInputError);
  });
  const z = { fund: "ZXZJ" as const, date: d("2024-06-01"), totalInvestment: fen(10 * YI_YUAN), isProvincialEnterprise: false, regionCode: "522601" };
  it.each([
    [{ isProvincialEnterprise: true, fundingLevel: "province" as const }, "province", "省工业和信息化厅"],
    [{ fundingLevel: "prefecture" as const }, "prefecture", "黔东南苗族侗族自治州中小企业主管部门"],
    [{ fundingLevel: "county" as const }, "county", "凯里市中小企业主管部门"],
    [{ fundingLevel: "province" as const }, "county", "凯里市中小企业主管部门"], // ZXZJ has no 5亿 rule
  ])("ZXZJ %o → %s", (o, level, body) => {
    expect(acceptanceRouting({ ...z, ...o }).value).toMatchObject({ level, body });
  });
  it("ZXZJ input errors", () => {
    expect(() => acceptanceRouting({ ...z, fundingLevel: "prefecture", regionCode: "520000" })).toThrow(RuleInputError);
    expect(() => acceptanceRouting({ ...z, fundingLevel: "county", regionCode: "522600" })).toThrow(RuleInputError);
  });
});

describe("Carry-over (GXZJ-35 第二十四条, ZXZJ-206 第二十一条)", () => {
  const at = (o: Partial<Parameters<typeof carryOverStatus>[0]>) =>
    carryOverStatus({ fund: "GXZJ", approvalDate: d("2023-05-10"), asOf: d("2025-05-09"), unused: wan(10), level: "transfer", ...o });
  it("GXZJ transfer unallocated: day before / day of the 2-year mark", () => {
    expect(at({}).value.status).toBe("within");
    const v = at({ asOf: d("2025-05-10") });
    expect(v.value.status).toBe("recover");
    expect(v.outcome).toBe("warn");
    expect(at({ allocated: true }).value.status).toBe("not_applicable");
    expect(at({ level: "provincial" }).value.status).toBe("not_applicable");
    expect(at({ asOf: d("2025-05-10"), unused: fen(0) }).outcome).toBe("pass");
    expect(() => at({ asOf: d("2023-05-09") })).toThrow(RuleInputError);
  });
  it("ZXZJ provincial money: 2 years → back to 省财政厅, research projects exempt (Art.21 (一)4)", () => {
    const z = { fund: "ZXZJ" as const, approvalDate: d("2023-12-10"), level: "provincial" as const };
    expect(at({ ...z, asOf: d("2025-12-09") }).value.status).toBe("within");
    expect(at({ ...z, asOf: d("2025-12-10") }).value.status).toBe("recover");
    expect(at({ ...z, asOf: d("2025-12-10"), researchProject: true }).value.status).toBe("exempt");
  });
  it("ZXZJ transfers: allocated or not", () => {
    const z = { fund: "ZXZJ" as const, approvalDate: d("2023-12-10"), level: "transfer" as const, asOf: d("2025-12-10") };
    expect(at({ ...z, allocated: true }).value.action).toContain("年度终了后收回");
    expect(at({ ...z, allocated: false }).value.action).toContain("交回上级财政");
    expect(at({ ...z, asOf: d("2025-01-01") }).value.status).toBe("within");
  });
});

describe("D-9 公示 end date and GXZJ-35 第三十条 application ban", () => {
  it("default 5 working days, start day counts; crossing National Day 2025", () => {
    const v = publicityEndDate({ fund: "GXZJ", startDate: d("2025-09-26") }, cal);
    expect(v.value).toEqual({ start: "2025-09-26", end: "2025-10-09", workingDays: 5 });
    expect(v.findings[0].message).toContain("产品默认");
  });
  it("per-program setting and the ZXZJ after-公示 step", () => {
    const v = publicityEndDate({ fund: "ZXZJ", startDate: d("2025-06-02"), workingDays: 7 }, cal);
    expect(v.value.end).toBe("2025-06-11"); // 06-02 is 端午: day 1 = 06-03
    expect(v.findings[1].message).toContain("资金申请文件");
  });
  it("3-year ban: last banned day and eligible again", () => {
    expect(applicationBanEnd({ fund: "GXZJ", decisionDate: d("2024-02-29") }).value).toEqual({ lastBannedDay: "2027-02-27", eligibleAgainFrom: "2027-02-28" });
    expect(applicationBanEnd({ fund: "GXZJ", decisionDate: d("2024-06-01") }).value.lastBannedDay).toBe("2027-05-31");
    expect(() => applicationBanEnd({ fund: "ZXZJ", decisionDate: d("2024-06-01") })).toThrow(/未规定/);
    // GXZJ-35 runs to 2027-12-31: a sanction decided after it on a project funded within it is still its 3 years
    expect(applicationBanEnd({ fund: "GXZJ", fundedOn: d("2027-12-31"), decisionDate: d("2028-01-01") }).value.lastBannedDay).toBe("2030-12-31");
    expect(() => applicationBanEnd({ fund: "GXZJ", decisionDate: d("2028-01-01") })).toThrow(RuleDateError);
    expect(() => applicationBanEnd({ fund: "GXZJ", fundedOn: d("2028-01-01"), decisionDate: d("2028-01-02") })).toThrow(RuleDateError);
    expect(() => applicationBanEnd({ fund: "GXZJ", fundedOn: d("2025-06-01"), decisionDate: d("2025-05-31") })).toThrow(RuleInputError);
  });
});

describe("Performance: D-10 grades, 双监控, SZH-25 三（三）", () => {
  it.each([
    [100, "优"], [90, "优"], [89.99, "良"], [80, "良"], [79.5, "中"], [60, "中"], [59.9, "差"], [0, "差"],
  ] as const)("score %s → %s", (score, grade) => {
    expect(gradeForScore(score, d("2024-12-31")).value.grade).toBe(grade);
  });
  it("rejects scores outside 0–100 and dates before the parameter", () => {
    expect(() => gradeForScore(101, d("2024-12-31"))).toThrow(RuleInputError);
    expect(() => gradeForScore(Number.NaN, d("2024-12-31"))).toThrow(RuleInputError);
    expect(() => gradeForScore(50, d("2019-12-31"))).toThrow(RuleDateError);
  });
  const period = { periodStart: d("2024-01-01"), periodEnd: d("2024-12-31"), asOf: d("2024-07-01") }; // 182/365 ≈ 49.86 %
  it("execution progress against time elapsed, with the 10-point tolerance", () => {
    const v = monitoringDeviation({ ...period, allocated: fen(1_000_000), paid: fen(398_700), goals: [] });
    expect(v.value.timeElapsedBp).toBe(4986);
    expect(v.value.executionFlag).toBe(false); // 39.87 % ≥ 49.86 % − 10
    const w = monitoringDeviation({ ...period, allocated: fen(1_000_000), paid: fen(398_600), goals: [] });
    expect(w.value.executionFlag).toBe(true);
    expect(w.outcome).toBe("warn");
    expect(w.value.goalAttainmentBp).toBeNull();
  });
  it("weighted goal attainment with higher/lower-is-better goals", () => {
    const v = monitoringDeviation({
      ...period,
      allocated: fen(100),
      paid: fen(100),
      goals: [
        { id: "g1", name: "新增就业", target: 100, actual: 20, direction: "higher", weight: 3 },
        { id: "g2", name: "单位能耗", target: 0.5, actual: 1, direction: "lower", weight: 1 },
        { id: "g3", name: "上规入统", target: 0, actual: 0, direction: "higher" },
        { id: "g4", name: "成本", target: 2, actual: 1.5, direction: "lower" },
      ],
    });
    expect(v.value.perGoal).toEqual([{ id: "g1", attainmentBp: 2000 }, { id: "g2", attainmentBp: 5000 }, { id: "g3", attainmentBp: 10000 }, { id: "g4", attainmentBp: 10000 }]);
    expect(v.value.goalAttainmentBp).toBe(5166); // (3×0.2 + 0.5 + 1 + 1) / 6 = 0.5166
    expect(v.value.goalFlag).toBe(false);
    const lag = monitoringDeviation({ ...period, allocated: fen(100), paid: fen(100), goals: [{ id: "g", name: "产值", target: 100, actual: 39, direction: "higher" }] });
    expect(lag.value.goalFlag).toBe(true);
    expect(codes(lag)).toEqual(["PERF_GOAL_LAG"]);
  });
  it("monitoring input errors", () => {
    expect(() => monitoringDeviation({ ...period, periodEnd: d("2024-01-01"), allocated: fen(1), paid: fen(0), goals: [] })).toThrow(RuleInputError);
    expect(() => monitoringDeviation({ ...period, allocated: fen(0), paid: fen(0), goals: [] })).toThrow(RuleInputError);
    expect(() => monitoringDeviation({ ...period, allocated: fen(1), paid: fen(0), goals: [{ id: "g", name: "x", target: 1, actual: 1, direction: "higher", weight: 0 }] })).toThrow(RuleInputError);
    expect(() => monitoringDeviation({ ...period, allocated: fen(1), paid: fen(0), goals: [{ id: "g", name: "x", target: -1, actual: 1, direction: "higher" }] })).toThrow(RuleInputError);
  });
  it.each([
    ["优", null, "priority"],
    ["良", null, "priority"],
    ["中", null, "improve"],
    ["差", null, "cut_or_cancel"],
    ["优", "2022-06-30", "recover"], // idle 2 years on 2024-06-30
    ["优", "2022-07-01", "priority"],
  ] as const)("grade %s, idle since %s → %s", (grade, idleSince, action) => {
    const v = resultsApplication({ grade, date: d("2024-06-30"), idleSince: idleSince ? d(idleSince) : null });
    expect(v.value.action).toBe(action);
    expect(v.outcome).toBe(action === "cut_or_cancel" || action === "recover" ? "warn" : "pass");
  });
});

// issue 12 item 5: the amount requested, the amount decided and published, the budgets' rooms — both sides of each
describe("allocation bounds (GXZJ-35 第十六条、第十七条（四）（五）、第二十条、第二十一条; ZXZJ-206 第十五条、第十六条、第十八条)", () => {
  const budget = (total: number, committed: number, name = "预算") => ({ name, total: fen(total), committed: fen(committed) });
  const base = (o: Partial<AllocationBoundsInput> = {}): AllocationBoundsInput => ({
    fund: "GXZJ", amount: wan(855), requested: wan(900), proposed: wan(855),
    programBudget: budget(wan(10_000), wan(9_000), "工信发展专项资金2026年度预算"), regionBudget: budget(wan(2_000), wan(1_000), "贵阳市2026年度转移支付"), ...o,
  });
  it("the proposed amount: exactly the request passes, one fen more is refused", () => {
    expect(checkProposedAmount({ fund: "GXZJ", requested: wan(855), proposed: wan(855) }).outcome).toBe("pass");
    const v = checkProposedAmount({ fund: "ZXZJ", requested: wan(855), proposed: fen(wan(855) + 1) });
    expect(codes(v)).toEqual(["FUNDS_PROPOSED_OVER_REQUESTED"]);
    expect(v.findings[0].message).toBe("拟支持金额8,550,000.01元超过申请金额855万元（多0.01元）");
    expect(citeText(...v.findings[0].cites!)).toContain("《贵州省中小企业发展专项资金管理办法》第十六条（四）");
    expect(() => checkProposedAmount({ fund: "GXZJ", requested: wan(1), proposed: fen(0) })).toThrow(RuleInputError);
  });
  it("at the proposed amount it passes; 950万 against a request and 公示 of 855万 is refused on both", () => {
    const v = checkAllocationBounds(base());
    expect(v.outcome).toBe("pass");
    expect(v.value).toEqual({ ceiling: wan(855), programRoom: wan(1000), regionRoom: wan(1000) });
    const both = checkAllocationBounds(base({ amount: wan(950), requested: wan(855) }));
    expect(codes(both)).toEqual(["FUNDS_ALLOCATION_OVER_REQUESTED", "FUNDS_ALLOCATION_OVER_PROPOSED"]);
    expect(both.findings[1].message).toBe("安排金额950万元超过集体决策确定并公示的拟支持金额855万元（多95万元）");
    expect(codes(checkAllocationBounds(base({ amount: fen(wan(855) + 1) })))).toEqual(["FUNDS_ALLOCATION_OVER_PROPOSED"]);
    expect(codes(checkAllocationBounds(base({ amount: fen(wan(900) + 1), proposed: wan(1000) })))).toEqual(["FUNDS_ALLOCATION_OVER_REQUESTED"]);
  });
  it("no proposed amount recorded: refused", () => {
    expect(codes(checkAllocationBounds(base({ proposed: null })))).toEqual(["FUNDS_PROPOSED_MISSING"]);
  });
  it("the program's remaining budget and the region's: exactly the room passes, one fen more is refused", () => {
    const tight = { requested: wan(5000), proposed: wan(5000) };
    expect(checkAllocationBounds(base({ ...tight, amount: wan(1000) })).outcome).toBe("pass");
    const region = checkAllocationBounds(base({ ...tight, amount: fen(wan(1000) + 1), programBudget: budget(wan(10_000), 0) }));
    expect(codes(region)).toEqual(["FUNDS_ALLOCATION_OVER_REGION_BUDGET"]);
    expect(region.findings[0].message).toBe("安排金额10,000,000.01元超过贵阳市2026年度转移支付尚未安排的余额1,000万元（预算2,000万元，已安排1,000万元）");
    expect(citeText(...region.findings[0].cites!)).toContain("《贵州省工业和信息化发展专项资金管理办法》第二十条、第二十一条");
    const program = checkAllocationBounds(base({ ...tight, amount: fen(wan(1000) + 1), regionBudget: budget(wan(5000), 0) }));
    expect(codes(program)).toEqual(["FUNDS_ALLOCATION_OVER_PROGRAM_BUDGET"]);
    // over-committed lines (older data) have no room at all
    const spent = checkAllocationBounds(base({ ...tight, amount: fen(1), regionBudget: budget(wan(10), wan(11)) }));
    expect(spent.findings[0].message).toContain("尚未安排的余额0.00元");
    expect(spent.value.ceiling).toBe(0);
    expect(codes(checkAllocationBounds(base({ fund: "ZXZJ", ...tight, amount: fen(wan(1000) + 1), programBudget: budget(wan(10_000), 0) })))).toEqual(["FUNDS_ALLOCATION_OVER_REGION_BUDGET"]);
  });
});
