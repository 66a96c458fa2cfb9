/** XDT-BF 第五条 and XDT-TZ22 一（一）: the partner-bank lifecycle's legal next steps and what each must carry. */
import { describe, expect, it } from "vitest";
import { nextPartnerBankSteps, parseLegalDate, partnerBankTransition, type PartnerBankStatus, type PartnerBankStep } from "#rules";

const d = parseLegalDate;
const ok = { basis: "评价通过", decisionRef: "黔信贷通办〔2026〕1号", decisionDate: d("2026-11-20"), asOf: d("2026-11-27") };

describe("partnerBankTransition", () => {
  const legal: [PartnerBankStatus | null, PartnerBankStep, PartnerBankStatus][] = [
    [null, "apply", "applied"],
    ["applied", "evaluate", "evaluated"],
    ["evaluated", "approve", "approved"],
    ["approved", "sign", "agreement_signed"],
    ["agreement_signed", "list", "listed"],
    ["listed", "activate", "active"],
    ["active", "suspend", "suspended"],
    ["suspended", "restart", "active"],
    ["applied", "terminate", "terminated"],
    ["suspended", "terminate", "terminated"],
  ];
  it.each(legal)("%s --%s--> %s is allowed, with its citation", (from, step, to) => {
    const v = partnerBankTransition({ from, step, ...ok });
    expect(v.value).toEqual({ to, allowed: true });
    expect(v.outcome).toBe("pass");
    expect(v.cites.length).toBeGreaterThan(0);
  });

  it("refuses a skipped step and names the legal next ones", () => {
    const v = partnerBankTransition({ from: "applied", step: "approve", ...ok });
    expect(v.value.allowed).toBe(false);
    expect(v.findings[0].message).toContain("下一步只能是“信贷通办初步评价”或“不予合作或终止合作”");
    expect(partnerBankTransition({ from: null, step: "evaluate", ...ok }).findings[0].message).toContain("尚未申请");
    expect(partnerBankTransition({ from: "terminated", step: "apply", ...ok }).findings[0].message).toContain("已终止合作");
    expect(partnerBankTransition({ from: "active", step: "sign", ...ok }).value.allowed).toBe(false);
  });

  it("needs a basis, a decision reference and a date neither in the future nor before the previous step", () => {
    const codes = (input: Partial<typeof ok> & { previousDate?: ReturnType<typeof d> }) => partnerBankTransition({ from: "applied", step: "evaluate", ...ok, ...input }).findings.map((f) => f.code);
    expect(codes({ basis: " " })).toEqual(["PARTNER_NO_BASIS"]);
    expect(codes({ decisionRef: "" })).toEqual(["PARTNER_NO_DECISION"]);
    expect(codes({ decisionDate: d("2026-11-28") })).toEqual(["PARTNER_FUTURE_DATE"]);
    expect(codes({ previousDate: d("2026-11-21") })).toEqual(["PARTNER_DATE_ORDER"]);
    expect(codes({ previousDate: d("2026-11-20") })).toEqual([]);
  });

  it("offers the next steps of each status", () => {
    expect(nextPartnerBankSteps(null)).toEqual(["apply"]);
    expect(nextPartnerBankSteps("active")).toEqual(["suspend", "terminate"]);
    expect(nextPartnerBankSteps("terminated")).toEqual([]);
  });
});
