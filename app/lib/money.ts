/** Money is an integer number of 分 (fen) everywhere (README Decision 1); the type is the rule book's. */
import { fen, type Fen } from "../../rules/core/money";

export { fen, type Fen };

const YUAN_PATTERN = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

/** Parses what people type ("1,234.56", "1234", "１２３４．５") into fen, or null. Never through a float. */
export function parseYuan(input: string): Fen | null {
  const text = input
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[，]/g, ",")
    .replace(/[．]/g, ".")
    .replace(/元$/, "")
    .trim();
  if (!YUAN_PATTERN.test(text)) return null;
  const negative = text.startsWith("-");
  const [whole, frac = ""] = text.replace(/^-/, "").replace(/,/g, "").split(".");
  const value = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return fen(Number(negative ? -value : value));
}

function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1,234,567.89" — exact, from the integer. */
export function formatYuan(value: number): string {
  const negative = value < 0;
  const abs = BigInt(Math.abs(value));
  const text = `${groupDigits((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** In 万元 with two decimals, rounded half-up from fen (1万元 = 1,000,000 fen). */
export function formatWan(value: number): string {
  return formatScaled(value, 1_000_000n);
}

/** In 亿元 with two decimals, rounded half-up from fen (1亿元 = 10,000,000,000 fen). */
export function formatYi(value: number): string {
  return formatScaled(value, 10_000_000_000n);
}

function formatScaled(value: number, unit: bigint): string {
  const negative = value < 0;
  const abs = BigInt(Math.abs(value));
  const hundredths = (abs * 100n + unit / 2n) / unit;
  const text = `${groupDigits((hundredths / 100n).toString())}.${(hundredths % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** Basis points as a percentage "3.00%". */
export function formatBp(bp: number): string {
  const negative = bp < 0;
  const abs = Math.abs(bp);
  return `${negative ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}%`;
}

/** A policy threshold in basis points as written in the policies: 300 → "3%", 250 → "2.5%", 74 → "0.74%". */
export function formatThresholdBp(bp: number): string {
  return formatBp(bp).replace(/\.?0+%$/, "%");
}
