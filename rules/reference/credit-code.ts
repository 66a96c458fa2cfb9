/**
 * 统一社会信用代码 (GB 32100-2015), RULES.md D-12: 18 characters from the 31-character set
 * 0-9 A-H J-N P-R T U W-Y (no I, O, Z, S, V); the 18th is a check character:
 * C18 = 31 − (Σ Ci × Wi mod 31), Wi = 3^(i−1) mod 31, with 31 → '0'.
 */
import { CITES } from "../core/cite";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";

export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const CREDIT_CODE_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if they are not 17 valid characters. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET[c];
}

export interface CreditCodeResult {
  /** Trimmed, upper-cased input. */
  normalized: string;
  valid: boolean;
  /** Characters 3–8: the registering authority's administrative-division code (GB/T 2260). */
  regionCode: string | null;
}

/** Check a 统一社会信用代码. Lower-case letters and surrounding spaces are accepted and normalised. */
export function validateCreditCode(code: string): Verdict<CreditCodeResult> {
  const normalized = code.trim().toUpperCase();
  const findings: Finding[] = [];
  const cites = [CITES.D12];
  if (normalized.length !== 18) {
    findings.push({ code: "CREDIT_CODE_LENGTH", severity: "block", message: `统一社会信用代码应为18位，实际为${normalized.length}位` });
  } else {
    const bad = [...normalized].filter((ch) => !CREDIT_CODE_CHARSET.includes(ch));
    if (bad.length > 0) {
      findings.push({
        code: "CREDIT_CODE_CHARSET",
        severity: "block",
        message: `统一社会信用代码含有不允许的字符：${[...new Set(bad)].join("、")}（不使用 I、O、Z、S、V）`,
      });
    } else {
      const expected = creditCodeCheckChar(normalized.slice(0, 17)) as string;
      if (expected !== normalized[17]) {
        findings.push({
          code: "CREDIT_CODE_CHECK",
          severity: "block",
          message: `统一社会信用代码校验码错误：第18位应为「${expected}」，实际为「${normalized[17]}」`,
        });
      }
    }
  }
  const valid = findings.length === 0;
  return makeVerdict(
    "validateCreditCode",
    { normalized, valid, regionCode: valid ? normalized.slice(2, 8) : null },
    findings,
    cites,
  );
}

/** Boolean shorthand of `validateCreditCode`. */
export function isValidCreditCode(code: string): boolean {
  return validateCreditCode(code).value.valid;
}
