import { asc, eq } from "drizzle-orm";
import { calendarDay, calendarYear } from "#db/schema";
import type { Actor } from "#db/audit";
import { writeAudit } from "#db/audit";
import { addDays, DEFAULT_CALENDAR, parseLegalDate, weekday, withOverrides, yearOf, type LegalDate, type WorkingDayCalendar } from "#rules";
import type { CalendarYearInput } from "~/lib/forms/calendar";
import type { Tx } from "./db.server";
import { UserInputError } from "./users.server";

/**
 * The working-day calendar every clock uses (RULES.md D-11): the packaged State Council schedules (chinese-days,
 * up to its last published year) with the years an administrator has entered from each new notice. An entered year
 * replaces that year's packaged data; coverage extends only through consecutive entered years, so a gap year is
 * never guessed.
 */
let memo: { key: string; calendar: WorkingDayCalendar } | undefined;

export async function workingCalendar(tx: Tx): Promise<WorkingDayCalendar> {
  const years = await tx.select({ year: calendarYear.year, source: calendarYear.source }).from(calendarYear).orderBy(asc(calendarYear.year));
  if (years.length === 0) return DEFAULT_CALENDAR;
  const days = await tx.select({ day: calendarDay.day, kind: calendarDay.kind }).from(calendarDay).orderBy(asc(calendarDay.day));
  // a few dozen rows a year: rebuilding is cheap, but most requests see the same rows
  const key = JSON.stringify([years, days]);
  if (memo?.key === key) return memo.calendar;
  const toYear = coveredThrough(years.map((y) => y.year));
  const effective = new Set(years.filter((y) => y.year <= toYear).map((y) => y.year));
  const replaced = (d: string) => effective.has(Number(d.slice(0, 4)));
  const calendar = withOverrides(DEFAULT_CALENDAR, {
    source: [DEFAULT_CALENDAR.source, ...years.filter((y) => effective.has(y.year)).map((y) => `${y.year}年：${y.source}（管理员录入）`)].join("；"),
    toYear,
    remove: [...DEFAULT_CALENDAR.holidays, ...DEFAULT_CALENDAR.workdays].filter(replaced),
    addHolidays: days.filter((d) => d.kind === "holiday" && replaced(d.day)).map((d) => d.day),
    addWorkdays: days.filter((d) => d.kind === "workday" && replaced(d.day)).map((d) => d.day),
  });
  memo = { key, calendar };
  return calendar;
}

/** The last year the clocks can use: the packaged data, then each consecutive entered year. */
function coveredThrough(entered: number[]): number {
  const set = new Set(entered);
  let toYear = DEFAULT_CALENDAR.toYear;
  while (set.has(toYear + 1)) toYear++;
  return toYear;
}

export interface EnteredDay {
  day: string;
  kind: "holiday" | "workday";
  name: string;
}

const DATE = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`;
const LINE = new RegExp(String.raw`^${DATE}(?:\s*(?:~|～|至|到|—|–|\.\.)\s*${DATE})?\s*(.*)$`);

function lineDate(y: string, m: string, d: string): LegalDate | null {
  try {
    return parseLegalDate(`${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`);
  } catch {
    return null;
  }
}

/**
 * One field of the form: one line per day or range, "2027-02-15~2027-02-21 春节" or "2027-02-14 春节调休".
 * Every refusal names its line.
 */
export function parseCalendarLines(year: number, text: string, kind: EnteredDay["kind"], field: string): EnteredDay[] {
  const out: EnteredDay[] = [];
  const label = kind === "holiday" ? "放假日期" : "调休上班日期";
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const at = `${label}第 ${i + 1} 行（${line}）`;
    const m = LINE.exec(line);
    if (!m) throw new UserInputError(field, `${at}：格式应为“2027-02-15~2027-02-21 春节”或“2027-02-14 春节调休”`);
    const start = lineDate(m[1], m[2], m[3]);
    const end = m[4] ? lineDate(m[4], m[5], m[6]) : start;
    if (!start || !end) throw new UserInputError(field, `${at}：日期不存在`);
    if (yearOf(start) !== year || yearOf(end) !== year) throw new UserInputError(field, `${at}：日期不在 ${year} 年内`);
    if (end < start) throw new UserInputError(field, `${at}：结束日期早于开始日期`);
    const name = m[7].trim() || (kind === "holiday" ? "节假日" : "调休上班");
    if (name.length > 20) throw new UserInputError(field, `${at}：节日名称不能超过 20 个字符`);
    for (let d = start; d <= end; d = addDays(d, 1)) {
      if (out.length > 60) throw new UserInputError(field, `${at}：一年的${label}不会超过 60 天，请检查日期范围`);
      if (out.some((o) => o.day === d)) throw new UserInputError(field, `${at}：${d} 重复填写`);
      // 调休 moves work onto a weekend day; a weekday "working day" would change nothing and is a typing error
      if (kind === "workday" && weekday(d) !== 0 && weekday(d) !== 6) throw new UserInputError(field, `${at}：${d} 是工作日（周一至周五），调休上班日应为周六或周日`);
      out.push({ day: d, kind, name });
    }
  });
  return out;
}

export async function saveCalendarYear(tx: Tx, actor: Actor, input: CalendarYearInput) {
  if (input.year < DEFAULT_CALENDAR.fromYear) throw new UserInputError("year", `内置日历从 ${DEFAULT_CALENDAR.fromYear} 年开始，不能录入更早的年份`);
  const holidays = parseCalendarLines(input.year, input.holidays, "holiday", "holidays");
  const workdays = parseCalendarLines(input.year, input.workdays ?? "", "workday", "workdays");
  const clash = workdays.find((w) => holidays.some((h) => h.day === w.day));
  if (clash) throw new UserInputError("workdays", `${clash.day} 同时填在放假日期和调休上班日期中`);
  if (holidays.length === 0) throw new UserInputError("holidays", "请填写放假日期");

  const before = await yearEntries(tx, input.year);
  const [existing] = await tx.select().from(calendarYear).where(eq(calendarYear.year, input.year));
  await tx.delete(calendarDay).where(eq(calendarDay.year, input.year));
  if (existing) await tx.update(calendarYear).set({ source: input.source, enteredByName: actor.name, enteredAt: new Date() }).where(eq(calendarYear.year, input.year));
  else await tx.insert(calendarYear).values({ year: input.year, source: input.source, enteredByName: actor.name });
  const days = [...holidays, ...workdays].sort((a, b) => a.day.localeCompare(b.day));
  await tx.insert(calendarDay).values(days.map((d) => ({ ...d, year: input.year })));
  await writeAudit(tx, actor, {
    entity: "calendar_year",
    entityId: input.year,
    action: existing ? "re-enter" : "enter",
    before: existing ? { source: existing.source, days: before } : undefined,
    after: { source: input.source, days },
  });
  const covered = coveredThrough((await tx.select({ year: calendarYear.year }).from(calendarYear)).map((r) => r.year));
  return { year: input.year, holidays: holidays.length, workdays: workdays.length, coveredThrough: covered };
}

async function yearEntries(tx: Tx, year: number): Promise<EnteredDay[]> {
  return tx.select({ day: calendarDay.day, kind: calendarDay.kind, name: calendarDay.name }).from(calendarDay).where(eq(calendarDay.year, year)).orderBy(asc(calendarDay.day));
}

/** Consecutive days of one kind and name as "a~b 名称" lines: how the form shows (and takes back) a year. */
export function toLines(days: EnteredDay[]): string {
  const lines: string[] = [];
  let run: { from: string; to: string; name: string } | undefined;
  const flush = () => run && lines.push(`${run.from === run.to ? run.from : `${run.from}~${run.to}`}${run.name ? ` ${run.name}` : ""}`);
  for (const d of days) {
    if (run && run.name === d.name && addDays(run.to as LegalDate, 1) === d.day) run.to = d.day;
    else {
      flush();
      run = { from: d.day, to: d.day, name: d.name };
    }
  }
  flush();
  return lines.join("\n");
}

/** The page: which years the clocks can use, what each entered year holds, and one year's days for the form. */
export async function calendarOverview(tx: Tx, selectedYear: number) {
  const calendar = await workingCalendar(tx);
  const years = await tx.select().from(calendarYear).orderBy(asc(calendarYear.year));
  const counts = await tx.select({ year: calendarDay.year, kind: calendarDay.kind, day: calendarDay.day }).from(calendarDay);
  const entered = years.map((y) => ({
    year: y.year,
    source: y.source,
    enteredByName: y.enteredByName,
    enteredAt: y.enteredAt.toISOString(),
    holidays: counts.filter((c) => c.year === y.year && c.kind === "holiday").length,
    workdays: counts.filter((c) => c.year === y.year && c.kind === "workday").length,
    effective: y.year <= calendar.toYear,
  }));
  const enteredDays = await yearEntries(tx, selectedYear);
  const packaged = selectedYear <= DEFAULT_CALENDAR.toYear && !years.some((y) => y.year === selectedYear);
  const prefix = `${selectedYear}-`;
  const days: EnteredDay[] = packaged
    ? [
        ...[...DEFAULT_CALENDAR.holidays].filter((d) => d.startsWith(prefix)).map((day) => ({ day, kind: "holiday" as const, name: "" })),
        ...[...DEFAULT_CALENDAR.workdays].filter((d) => d.startsWith(prefix)).map((day) => ({ day, kind: "workday" as const, name: "" })),
      ].sort((a, b) => a.day.localeCompare(b.day))
    : enteredDays;
  return {
    fromYear: calendar.fromYear,
    toYear: calendar.toYear,
    packagedToYear: DEFAULT_CALENDAR.toYear,
    packagedSource: DEFAULT_CALENDAR.source,
    entered,
    selected: {
      year: selectedYear,
      origin: packaged ? ("packaged" as const) : enteredDays.length > 0 ? ("entered" as const) : ("missing" as const),
      source: years.find((y) => y.year === selectedYear)?.source ?? "",
      holidayLines: toLines(days.filter((d) => d.kind === "holiday")),
      workdayLines: toLines(days.filter((d) => d.kind === "workday")),
    },
  };
}
