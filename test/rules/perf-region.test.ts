import { describe, expect, it } from "vitest";
import { fen, legalDate as d, regionSupportReview, RuleInputError, wan } from "#rules";

const codes = (v: { findings: readonly { code: string }[] }) => v.findings.map((f) => f.code);
const base = { asOf: d("2025-12-31"), periodStart: d("2025-01-01"), periodEnd: d("2025-12-31"), issued: wan(1000), keyScores: [] as number[], findings: 0 };

describe("regionSupportReview (GXZJ-35 第三十条)", () => {
  it("slow disbursement is the dual-monitoring execution lag: 90 % paid at year end passes, one fen less is flagged", () => {
    const ok = regionSupportReview({ ...base, paid: wan(900) });
    expect(ok.value.flagged).toBe(false);
    expect(ok.value.disbursementBp).toBe(9000);
    const slow = regionSupportReview({ ...base, paid: fen(wan(900) - 1) });
    expect(slow.value.slowDisbursement).toBe(true);
    expect(codes(slow)).toEqual(["PERF_REGION_SLOW_DISBURSEMENT", "PERF_REGION_REDUCE_SUPPORT"]);
    expect(slow.cites.map((c) => `${c.doc} ${c.article}`)).toContain("GXZJ-35 第三十条");
  });

  it("poor performance: the mean key score graded 差 (D-10); 60 on average is 中", () => {
    expect(regionSupportReview({ ...base, paid: wan(1000), keyScores: [50, 69.9] }).value).toMatchObject({ meanScore: 59.95, meanGrade: "差", poorPerformance: true, flagged: true });
    expect(regionSupportReview({ ...base, paid: wan(1000), keyScores: [50, 70] }).value).toMatchObject({ meanScore: 60, meanGrade: "中", flagged: false });
  });

  it("the mean of hundredths is rounded once, half-up (59.00 and 59.23 → 59.12; 59.00 and 59.22 → 59.11)", () => {
    expect(regionSupportReview({ ...base, paid: wan(1000), keyScores: [59, 59.23] }).value.meanScore).toBe(59.12);
    expect(regionSupportReview({ ...base, paid: wan(1000), keyScores: [59, 59.22] }).value.meanScore).toBe(59.11);
    expect(regionSupportReview({ ...base, paid: wan(1000), keyScores: [59.99, 60, 60] }).value).toMatchObject({ meanScore: 60, meanGrade: "中" });
    expect(regionSupportReview({ ...base, paid: wan(1000), keyScores: [59.98, 60, 60] }).value).toMatchObject({ meanScore: 59.99, meanGrade: "差" });
  });

  it("many findings from 3; nothing issued means no disbursement verdict; bad counts are refused", () => {
    expect(regionSupportReview({ ...base, paid: wan(1000), findings: 2 }).value.flagged).toBe(false);
    expect(codes(regionSupportReview({ ...base, paid: wan(1000), findings: 3 }))).toContain("PERF_REGION_MANY_FINDINGS");
    expect(regionSupportReview({ ...base, issued: fen(0), paid: fen(0) }).value).toMatchObject({ disbursementBp: null, slowDisbursement: false, flagged: false });
    expect(() => regionSupportReview({ ...base, paid: fen(0), findings: -1 })).toThrow(RuleInputError);
  });
});
