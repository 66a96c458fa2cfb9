/**
 * Working-day calendar (RULES.md D-11): "工作日" follows the State Council holiday schedule **including 调休
 * working days**. The calendar is data with its covered year range; a date outside it is a `RuleDateError`,
 * never a weekday guess. Callers pass the calendar in (the app may store overrides); `DEFAULT_CALENDAR` is built
 * from the `chinese-days` package data (MIT, https://github.com/vsme/chinese-days, v1.5.7), imported statically.
 */
import chineseDays from "chinese-days/dist/chinese-days.json";
import { CITES, type Citation } from "../core/cite";
import { addDays, parseLegalDate, toDayNumber, weekday, yearOf, type LegalDate } from "../core/dates";
import { RuleDateError, RuleInputError } from "../core/errors";

export interface WorkingDayCalendar {
  /** Where the data comes from (shown to users). */
  source: string;
  /** First and last covered year, inclusive. */
  fromYear: number;
  toYear: number;
  /** Official days off (including the weekends inside a holiday period). */
  holidays: ReadonlySet<string>;
  /** 调休 working days: Saturdays or Sundays that are working days. */
  workdays: ReadonlySet<string>;
}

export const CHINESE_DAYS_SOURCE =
  "国务院办公厅历年《关于部分节假日安排的通知》，数据取自 chinese-days 1.5.7（MIT 许可，github.com/vsme/chinese-days）";

export interface CalendarData {
  source: string;
  fromYear: number;
  toYear: number;
  holidays: Iterable<string>;
  workdays: Iterable<string>;
}

/** Build a calendar; every listed date must be valid and inside the covered years, and no date both off and on. */
export function buildCalendar(data: CalendarData): WorkingDayCalendar {
  if (!Number.isSafeInteger(data.fromYear) || !Number.isSafeInteger(data.toYear) || data.fromYear > data.toYear) {
    throw new RuleInputError(`日历年份范围无效：${data.fromYear}–${data.toYear}`);
  }
  const check = (d: string): string => {
    const y = yearOf(parseLegalDate(d));
    if (y < data.fromYear || y > data.toYear) throw new RuleInputError(`日历数据 ${d} 不在覆盖年份 ${data.fromYear}–${data.toYear} 内`);
    return d;
  };
  const holidays = new Set([...data.holidays].map(check));
  const workdays = new Set([...data.workdays].map(check));
  for (const d of workdays) {
    if (holidays.has(d)) throw new RuleInputError(`日历数据矛盾：${d} 既是假日又是调休上班日`);
  }
  return { source: data.source, fromYear: data.fromYear, toYear: data.toYear, holidays, workdays };
}

export interface CalendarOverrides {
  source?: string;
  /** Extend the covered range (e.g. when a new year's schedule is published and entered). */
  toYear?: number;
  addHolidays?: Iterable<string>;
  addWorkdays?: Iterable<string>;
  /** Dates to return to the ordinary weekday/weekend rule. */
  remove?: Iterable<string>;
}

/** A new calendar = `base` with overrides applied (e.g. the app's administrator entries). */
export function withOverrides(base: WorkingDayCalendar, o: CalendarOverrides): WorkingDayCalendar {
  const holidays = new Set(base.holidays);
  const workdays = new Set(base.workdays);
  for (const d of o.remove ?? []) {
    holidays.delete(d);
    workdays.delete(d);
  }
  for (const d of o.addHolidays ?? []) {
    workdays.delete(d);
    holidays.add(d);
  }
  for (const d of o.addWorkdays ?? []) {
    holidays.delete(d);
    workdays.add(d);
  }
  return buildCalendar({
    source: o.source ?? base.source,
    fromYear: base.fromYear,
    toYear: o.toYear ?? base.toYear,
    holidays,
    workdays,
  });
}

function defaultCalendar(): WorkingDayCalendar {
  const holidays = Object.keys(chineseDays.holidays);
  const workdays = Object.keys(chineseDays.workdays);
  const years = [...holidays, ...workdays].map((d) => Number(d.slice(0, 4)));
  return buildCalendar({
    source: CHINESE_DAYS_SOURCE,
    fromYear: Math.min(...years),
    toYear: Math.max(...years),
    holidays,
    workdays,
  });
}

/** Default calendar from chinese-days: covers 2004–2026 (the years its data lists). */
export const DEFAULT_CALENDAR: WorkingDayCalendar = defaultCalendar();

/** Citations for any working-day computation. */
export const CALENDAR_CITES: readonly Citation[] = [CITES.D11];

function assertCovered(date: LegalDate, cal: WorkingDayCalendar): void {
  const y = yearOf(date);
  if (y < cal.fromYear || y > cal.toYear) {
    throw new RuleDateError(
      `工作日历只覆盖 ${cal.fromYear}–${cal.toYear} 年，${date} 不在范围内，无法计算工作日（请先录入该年的节假日安排）`,
      "CALENDAR_NOT_COVERED",
    );
  }
}

/** Is `date` a working day: a 调休 working day, or a Monday–Friday that is not an official day off. */
export function isWorkingDay(date: LegalDate, cal: WorkingDayCalendar = DEFAULT_CALENDAR): boolean {
  assertCovered(date, cal);
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

/**
 * The n-th working day after `date` (counting starts the next day: "N个工作日内" from an event on `date`).
 * n = 0 returns `date` itself; negative n counts backwards. Throws when the walk leaves the covered years.
 */
export function addWorkingDays(date: LegalDate, n: number, cal: WorkingDayCalendar = DEFAULT_CALENDAR): LegalDate {
  if (!Number.isSafeInteger(n)) throw new RuleInputError(`工作日数必须是整数：${n}`);
  assertCovered(date, cal);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  while (left > 0) {
    d = addDays(d, step);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/**
 * Working days in (from, to]: how many working days have passed after `from` up to and including `to`.
 * Negative when `to` is before `from`. `addWorkingDays(from, workingDaysBetween(from, to))` is the last
 * working day ≤ `to`.
 */
export function workingDaysBetween(from: LegalDate, to: LegalDate, cal: WorkingDayCalendar = DEFAULT_CALENDAR): number {
  assertCovered(from, cal);
  assertCovered(to, cal);
  if (to < from) return -workingDaysBetween(to, from, cal);
  let count = 0;
  for (let n = toDayNumber(from) + 1, end = toDayNumber(to), d = addDays(from, 1); n <= end; n++, d = addDays(d, 1)) {
    if (isWorkingDay(d, cal)) count++;
  }
  return count;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: LegalDate, cal: WorkingDayCalendar = DEFAULT_CALENDAR): LegalDate {
  return isWorkingDay(date, cal) ? date : addWorkingDays(date, 1, cal);
}

/**
 * The n-th working day of a period that **starts on** `start` (start counts as day 1 if it is a working day).
 * Used for 公示 periods ("公示5个工作日" starting on the publication day).
 */
export function nthWorkingDayFrom(start: LegalDate, n: number, cal: WorkingDayCalendar = DEFAULT_CALENDAR): LegalDate {
  if (!Number.isSafeInteger(n) || n < 1) throw new RuleInputError(`工作日数必须是正整数：${n}`);
  return addWorkingDays(nextWorkingDayOnOrAfter(start, cal), n - 1, cal);
}
