/**
 * What 信贷通 pages state in words (issue 12 §9): the share, the stop line and the clocks come from the dated
 * parameters at the date of the event shown, never from literals on the page.
 */
import { describe, expect, it } from "vitest";
import { XDT_CLAIM_PLAN_DAYS, XDT_COMPENSATION_SHARE, parseLegalDate, xdtStatedFigures, type ParamVersion } from "#rules";

describe("xdtStatedFigures", () => {
  it.each([
    // XDT-TZ22 (2022-06-01) set the working-day clocks; before it a page states the first version's figure
    ["2022-05-31", { compensationShare: "70%", riskStopThreshold: "3%", admissionDays: 5, claimPlanDays: 10, paymentDays: 3, recoveryReturnDays: 3, riskEventDays: 5 }],
    ["2022-06-01", { compensationShare: "70%", riskStopThreshold: "3%", admissionDays: 5, claimPlanDays: 10, paymentDays: 3, recoveryReturnDays: 3, riskEventDays: 5 }],
    ["2026-12-03", { compensationShare: "70%", riskStopThreshold: "3%", admissionDays: 5, claimPlanDays: 10, paymentDays: 3, recoveryReturnDays: 3, riskEventDays: 5 }],
  ])("on %s", (date, expected) => {
    expect(xdtStatedFigures(parseLegalDate(date))).toEqual(expected);
  });

  it("a new version of a parameter changes what the page states, from its first day", () => {
    // the module's own version lists, extended for the test and restored after it
    const share = XDT_COMPENSATION_SHARE.versions as unknown as ParamVersion<number>[];
    const plan = XDT_CLAIM_PLAN_DAYS.versions as unknown as ParamVersion<number>[];
    const [shareBefore, planBefore] = [[...share], [...plan]];
    try {
      share.splice(0, share.length, { ...shareBefore[0], to: parseLegalDate("2030-12-31") }, { ...shareBefore[0], from: parseLegalDate("2031-01-01"), to: undefined, value: 8000 });
      plan.splice(0, plan.length, { ...planBefore[0], to: parseLegalDate("2030-12-31") }, { ...planBefore[0], from: parseLegalDate("2031-01-01"), to: undefined, value: 15 });
      expect(xdtStatedFigures(parseLegalDate("2030-12-31"))).toMatchObject({ compensationShare: "70%", claimPlanDays: 10 });
      expect(xdtStatedFigures(parseLegalDate("2031-01-01"))).toMatchObject({ compensationShare: "80%", claimPlanDays: 15 });
    } finally {
      share.splice(0, share.length, ...shareBefore);
      plan.splice(0, plan.length, ...planBefore);
    }
  });
});
