import { date, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * RULES.md D-11: the working-day calendar follows the State Council's yearly holiday notice. The packaged data
 * (chinese-days) ends with the last published year; an administrator enters each new year's notice here. An entered
 * year replaces the packaged data of that year entirely (so a correction is a re-entry of the whole year).
 */
export const calendarYear = pgTable("calendar_year", {
  year: integer("year").primaryKey(),
  /** the notice the entries come from, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  source: text("source").notNull(),
  enteredByName: text("entered_by_name").notNull(),
  enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
});

export const CALENDAR_DAY_KINDS = ["holiday", "workday"] as const;

/** One official day off, or one 调休 working day (a Saturday or Sunday worked), of an entered year. */
export const calendarDay = pgTable(
  "calendar_day",
  {
    day: date("day", { mode: "string" }).primaryKey(),
    year: integer("year")
      .notNull()
      .references(() => calendarYear.year),
    kind: text("kind", { enum: CALENDAR_DAY_KINDS }).notNull(),
    /** the holiday it belongs to (元旦, 春节, …) */
    name: text("name").notNull(),
  },
  (t) => [index("calendar_day_year_idx").on(t.year)],
);
