/**
 * SZH-25 三（一）: the same unit and the same project may not apply to more than one provincial fund.
 */
import { CITES } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { paramAt } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { SZH_DUPLICATE_BAN } from "./params";

export interface FundApplication {
  /** Applicant unit, keyed by 统一社会信用代码. */
  unitId: string;
  /** The project's identity (name or library id); compared after trimming, removing spaces, case-folding. */
  projectKey: string;
  /** Any provincial-department fund, e.g. 'GXZJ', 'ZXZJ', '能源结构调整', '大数据发展'. */
  fund: string;
  ref?: string;
}

export interface DuplicateCheckInput {
  candidate: FundApplication;
  /** Other applications / allocations to provincial funds (any status that counts as applying). */
  others: readonly FundApplication[];
  /** The date that matters: the application date (must be within SZH-25's term). */
  date: LegalDate;
}

export interface DuplicateCheckResult {
  duplicates: FundApplication[];
}

export function normalizeProjectKey(key: string): string {
  return key.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/**
 * 《支持工业领域数字化转型的若干政策措施》三（一） (seed L21118-21126):
 * "同一申报单位、同一项目不能重复申请省级部门管理的资金支持。" Same unit + same project in a **different** fund → block.
 */
export function checkCrossFundDuplicates(input: DuplicateCheckInput): Verdict<DuplicateCheckResult> {
  const p = paramAt(SZH_DUPLICATE_BAN, input.date);
  const key = normalizeProjectKey(input.candidate.projectKey);
  const duplicates = input.others.filter(
    (o) => o.unitId === input.candidate.unitId && normalizeProjectKey(o.projectKey) === key && o.fund !== input.candidate.fund,
  );
  const findings: Finding[] = duplicates.map((o) => ({
    code: "FUNDS_CROSS_FUND_DUPLICATE",
    severity: "block",
    message: `同一单位同一项目已申请「${o.fund}」${o.ref ? `（${o.ref}）` : ""}，不能重复申请省级部门管理的资金支持`,
  }));
  return makeVerdict("checkCrossFundDuplicates", { duplicates }, findings, [CITES.SZH_DUPLICATE, ...p.version.cite], [p.trace]);
}

