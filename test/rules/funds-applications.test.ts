/**
 * rules/funds/applications.ts and the program caps of checkAllocationCaps: the required documents (GXZJ-35 Art.16,
 * ZXZJ-206 Art.15), the pre-review's completeness check, the guide window (a warning), stricter program caps.
 */
import { describe, expect, it } from "vitest";
import { checkAllocationCaps, checkApplicationDocuments, checkGuideWindow, requiredApplicationDocuments, type Fen, type LegalDate } from "#rules";

const d = (s: string) => s as LegalDate;
const WAN = 1_000_000;

describe("required documents", () => {
  it("the law's two, the guide's extras without repeats; a provincial enterprise's filing document is its supervisor's", () => {
    const v = requiredApplicationDocuments({ fund: "GXZJ", date: d("2026-03-01"), isProvincialEnterprise: false, guideExtras: ["营业执照", " 营业执照 ", "专项资金申请报告", ""] });
    expect(v.value.map((x) => x.name)).toEqual(["市县工业和信息化主管部门申报文件", "专项资金申请报告", "营业执照"]);
    expect(v.cites.map((c) => c.article)).toContain("第十六条");
    const z = requiredApplicationDocuments({ fund: "ZXZJ", date: d("2025-03-01"), isProvincialEnterprise: true });
    expect(z.value.map((x) => x.name)).toEqual(["省属企业主管部门申报文件", "专项资金申请报告"]);
    expect(z.cites.map((c) => c.article)).toContain("第十五条");
  });

  it("the pre-review blocks with the missing list, passes when complete", () => {
    const base = { fund: "GXZJ" as const, date: d("2026-03-01"), isProvincialEnterprise: false, guideExtras: ["营业执照"] };
    const missing = checkApplicationDocuments({ ...base, provided: ["专项资金申请报告"] });
    expect(missing.outcome).toBe("block");
    expect(missing.value.missing).toEqual(["市县工业和信息化主管部门申报文件", "营业执照"]);
    expect(missing.findings[0].message).toBe("申报材料不齐全，缺少：市县工业和信息化主管部门申报文件、营业执照；形式预审不予通过");
    expect(missing.findings[0].cites?.[0].article).toBe("第十七条（一）");
    expect(checkApplicationDocuments({ ...base, provided: ["市县工业和信息化主管部门申报文件", "专项资金申请报告", "营业执照", "多余材料"] }).outcome).toBe("pass");
  });
});

describe("guide window", () => {
  const guide = { title: "2026年度指南", openFrom: "2026-01-15", openTo: "2026-03-31" };
  it("both ends are inside; a day before or after, or no guide, is a warning (never a block)", () => {
    for (const day of ["2026-01-15", "2026-03-31"]) expect(checkGuideWindow({ fund: "GXZJ", date: d(day), year: 2026, guide }).value.inWindow).toBe(true);
    for (const day of ["2026-01-14", "2026-04-01"]) {
      const v = checkGuideWindow({ fund: "GXZJ", date: d(day), year: 2026, guide });
      expect([v.outcome, v.value.inWindow]).toEqual(["warn", false]);
    }
    const none = checkGuideWindow({ fund: "ZXZJ", date: d("2025-05-01"), year: 2025, guide: null });
    expect(none.outcome).toBe("warn");
    expect(none.findings[0].message).toContain("2025 年度申报指南尚未发布");
  });
});

describe("a program's stricter caps", () => {
  const base = { fund: "GXZJ" as const, date: d("2026-10-01"), year: 2026, unitId: "u", projectId: "p", existingAllocations: [] };
  it("a stricter cap decides one fen either side and says whose it is; a looser one is ignored", () => {
    const programCaps = { name: "数字化专项", unitYearCap: (300 * WAN) as Fen, projectCap: (200 * WAN) as Fen };
    expect(checkAllocationCaps({ ...base, amount: (200 * WAN) as Fen, programCaps }).outcome).toBe("pass");
    const over = checkAllocationCaps({ ...base, amount: (200 * WAN + 1) as Fen, programCaps });
    expect(over.outcome).toBe("block");
    expect(over.findings.map((f) => f.message).join()).toContain("超过200万元上限0.01元");
    expect(over.findings[0].message).toContain("数字化专项设定的额度上限严于管理办法");
    const loose = checkAllocationCaps({ ...base, amount: (1000 * WAN) as Fen, programCaps: { name: "宽松", unitYearCap: (5000 * WAN) as Fen, projectCap: (3000 * WAN) as Fen } });
    expect(loose.outcome).toBe("pass");
    expect(checkAllocationCaps({ ...base, amount: (1000 * WAN + 1) as Fen, programCaps: { name: "宽松", unitYearCap: (5000 * WAN) as Fen, projectCap: (3000 * WAN) as Fen } }).outcome).toBe("block");
  });
});
