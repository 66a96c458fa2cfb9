import { describe, expect, it } from "vitest";
import { endedMonitoringPeriods, explain, monitoringPeriod, parseLegalDate as d, rectificationDue, RuleDateError, RuleInputError } from "#rules";

describe("双监控 periods and rectification (PRODUCT decisions; GXZJ-35 第二十七条, ZXZJ-206 第二十五条)", () => {
  it("half-year periods from their label", () => {
    expect(monitoringPeriod("2026H1")).toEqual({ label: "2026H1", start: "2026-01-01", end: "2026-06-30" });
    expect(monitoringPeriod("2025H2")).toEqual({ label: "2025H2", start: "2025-07-01", end: "2025-12-31" });
    for (const bad of ["2026H3", "2026Q1", "26H1", ""]) expect(() => monitoringPeriod(bad)).toThrow(RuleInputError);
  });

  it("the periods ended by a date, from the one containing the start, newest first", () => {
    expect(endedMonitoringPeriods(d("2024-05-10"), d("2025-06-30")).map((p) => p.label)).toEqual(["2025H1", "2024H2", "2024H1"]);
    expect(endedMonitoringPeriods(d("2024-07-01"), d("2025-06-29")).map((p) => p.label)).toEqual(["2024H2"]);
    expect(endedMonitoringPeriods(d("2026-07-01"), d("2026-11-27"))).toEqual([]);
  });

  it("a rectification is due 30 calendar days after the deviation is recorded, with its basis", () => {
    const v = rectificationDue(d("2026-07-15"));
    expect(v.value).toEqual({ clock: "双监控偏差整改", from: "2026-07-15", due: "2026-08-14" });
    expect(rectificationDue(d("2026-12-15")).value.due).toBe("2027-01-14"); // calendar days: no working-day calendar needed
    const why = explain(v);
    expect(why).toContain("第二十七条");
    expect(why).toContain("第二十五条");
    expect(why).toContain("偏差整改期限");
    expect(() => rectificationDue(d("2019-12-31"))).toThrow(RuleDateError);
  });
});
