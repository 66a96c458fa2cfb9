/**
 * Legal dates: `YYYY-MM-DD` strings, validated, compared as strings, computed in UTC day numbers
 * (no local time zone, no "today": every rule takes the date that matters as an argument).
 */
import { RuleInputError } from "./errors";

export type LegalDate = string & { readonly __brand: "LegalDate" };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Parse and validate a `YYYY-MM-DD` date; throws `RuleInputError` for anything else (e.g. 2023-02-29). */
export function parseLegalDate(value: string): LegalDate {
  const m = DATE_RE.exec(value);
  if (!m) throw new RuleInputError(`日期格式应为 YYYY-MM-DD：「${value}」`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new RuleInputError(`日期不存在：「${value}」`);
  }
  return value as LegalDate;
}

/** Short alias of `parseLegalDate`, handy in tests and fixtures. */
export const legalDate = parseLegalDate;

/** True if the string is a valid legal date. */
export function isLegalDate(value: string): value is LegalDate {
  try {
    parseLegalDate(value);
    return true;
  } catch {
    return false;
  }
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (UTC). */
export function toDayNumber(date: LegalDate): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function fromDayNumber(n: number): LegalDate {
  const dt = new Date(n * MS_PER_DAY);
  return fromParts(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function fromParts(year: number, month: number, day: number): LegalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` as LegalDate;
}

export function yearOf(date: LegalDate): number {
  return Number(date.slice(0, 4));
}

export function monthOf(date: LegalDate): number {
  return Number(date.slice(5, 7));
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: LegalDate): number {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
}

export function addDays(date: LegalDate, n: number): LegalDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** `to − from` in calendar days (negative if `to` is earlier). */
export function daysBetween(from: LegalDate, to: LegalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Add calendar months; the day is clamped to the month's last day (01-31 + 1 month → 02-28/29). */
export function addMonths(date: LegalDate, n: number): LegalDate {
  const y = yearOf(date);
  const m = monthOf(date);
  const d = Number(date.slice(8, 10));
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return fromParts(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(date: LegalDate, n: number): LegalDate {
  return addMonths(date, 12 * n);
}

export function endOfMonth(date: LegalDate): LegalDate {
  const y = yearOf(date);
  const m = monthOf(date);
  return fromParts(y, m, daysInMonth(y, m));
}

export function compareDates(a: LegalDate, b: LegalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: LegalDate, b: LegalDate): LegalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LegalDate, b: LegalDate): LegalDate {
  return a >= b ? a : b;
}
