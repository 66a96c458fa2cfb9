/** Timestamps are shown in Beijing time as "YYYY-MM-DD HH:mm:ss"; legal dates stay "YYYY-MM-DD" strings. */
const formatter = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

export function formatTimestamp(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * Today's legal date in Beijing — the "as of" of every clock. On the server, ZJT_TODAY=YYYY-MM-DD runs the app
 * as of a fixed date: the tests pin it to the demo data's date so they pass on any day, and a demo or a
 * what-if can be shown as of a chosen day. Unset in production.
 */
export function todayInChina(now: Date = new Date()): string {
  const pinned = typeof process !== "undefined" ? process.env?.ZJT_TODAY : undefined;
  if (pinned) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned)) throw new Error(`ZJT_TODAY must be YYYY-MM-DD, got "${pinned}"`);
    return pinned;
  }
  return formatTimestamp(now).slice(0, 10);
}
