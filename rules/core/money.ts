/**
 * Money is an integer number of 分 (fen); rates and ratios are integer basis points (1% = 100 bp).
 * Products that could pass 2^53 are computed in BigInt; rounding is half-up, once, at the end (RULES.md conventions).
 */
import { RuleInputError } from "./errors";

export type Fen = number & { readonly __brand: "Fen" };

/** Basis points: 1% = 100 bp; LPR 3.45% = 345 bp; 70% = 7000 bp. */
export type Bp = number;

/** Construct a `Fen`, asserting a safe integer (negative allowed: differences). */
export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RuleInputError(`金额必须是整数分：${n}`);
  return n as Fen;
}

/** Construct a non-negative `Fen`; `what` names the field in the Chinese message. */
export function nonNegativeFen(n: number, what = "金额"): Fen {
  const v = fen(n);
  if (v < 0) throw new RuleInputError(`${what}不能为负数：${n}`);
  return v;
}

/** 1 元 = 100 分; 1 万元 = 1,000,000 分; 1 亿元 = 10,000,000,000 分. */
export const YUAN = 100;
export const WAN_YUAN = 1_000_000;
export const YI_YUAN = 10_000_000_000;

/** Whole 万元 to fen (e.g. `wan(5000)` = 5000万元). */
export function wan(n: number): Fen {
  return fen(n * WAN_YUAN);
}

export function assertBp(n: number, what = "比率"): Bp {
  if (!Number.isSafeInteger(n) || n < 0) throw new RuleInputError(`${what}必须是非负整数基点：${n}`);
  return n;
}

/** round_half_up(a × mul / div) for non-negative integers, computed exactly in BigInt. */
export function mulDivHalfUp(a: number | bigint, mul: number | bigint, div: number | bigint): bigint {
  const A = BigInt(a);
  const M = BigInt(mul);
  const D = BigInt(div);
  if (A < 0n || M < 0n || D <= 0n) throw new RuleInputError("内部计算错误：四舍五入只用于非负数");
  return (A * M * 2n + D) / (2n * D);
}

/** floor(a × mul / div) for non-negative integers, in BigInt. */
export function mulDivFloor(a: number | bigint, mul: number | bigint, div: number | bigint): bigint {
  const A = BigInt(a);
  const M = BigInt(mul);
  const D = BigInt(div);
  if (A < 0n || M < 0n || D <= 0n) throw new RuleInputError("内部计算错误：取整只用于非负数");
  return (A * M) / D;
}

/** Back from BigInt to `Fen`, asserting it is safe. */
export function fenFromBig(n: bigint): Fen {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RuleInputError("金额超出可精确表示的范围");
  }
  return fen(Number(n));
}

/** Apply a bp share to an amount, half-up: round_half_up(amount × bp / 10000). */
export function applyBp(amount: Fen, bp: Bp): Fen {
  return fenFromBig(mulDivHalfUp(amount, bp, 10_000));
}

/** Exact test `num / den ≥ bp / 10000` by cross-multiplication in BigInt (den > 0). */
export function ratioAtLeast(num: number, den: number, bp: Bp): boolean {
  return BigInt(num) * 10_000n >= BigInt(den) * BigInt(bp);
}

/** Exact test `num / den > bp / 10000`. */
export function ratioAbove(num: number, den: number, bp: Bp): boolean {
  return BigInt(num) * 10_000n > BigInt(den) * BigInt(bp);
}

/** num / den in basis points, rounded half-up (for display; decisions use `ratioAtLeast`). 0 when den = 0. */
export function ratioBp(num: number, den: number): Bp {
  if (den === 0) return 0;
  return Number(mulDivHalfUp(num, 10_000, den));
}

function group(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1,234.56元" — for messages. */
export function formatYuan(amount: number): string {
  const neg = amount < 0;
  const a = BigInt(Math.abs(amount));
  return `${neg ? "-" : ""}${group(a / 100n)}.${(a % 100n).toString().padStart(2, "0")}元`;
}

/** "5,000万元" when whole 万元, otherwise "1,234.56元" — for messages. */
export function formatMoney(amount: number): string {
  if (amount !== 0 && amount % WAN_YUAN === 0) return `${group(BigInt(amount / WAN_YUAN))}万元`;
  return formatYuan(amount);
}

/** "5亿元" when whole 亿元, otherwise as `formatMoney` — for figures the texts state in 亿元. */
export function formatMoneyYi(amount: number): string {
  if (amount !== 0 && amount % YI_YUAN === 0) return `${group(BigInt(amount / YI_YUAN))}亿元`;
  return formatMoney(amount);
}

/** A share or threshold as the texts write it: "70%", "3%", "74.5%", "3.45%" (no trailing zeros). */
export function formatPercent(bp: number): string {
  return formatBp(bp).replace(/\.?0+%$/, "%");
}

/** A small count as Chinese prose writes it before a measure word: 2 → "两" (两年), 3 → "三"; above 10 in digits. */
export function formatCountZh(n: number): string {
  const zh = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
  return Number.isInteger(n) && n >= 0 && n <= 10 ? zh[n] : String(n);
}

/** "3.45%" from 345 bp. */
export function formatBp(bp: number): string {
  const neg = bp < 0;
  const a = Math.abs(bp);
  const int = Math.floor(a / 100);
  const frac = String(a % 100).padStart(2, "0");
  return `${neg ? "-" : ""}${int}.${frac}%`;
}
