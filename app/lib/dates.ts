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

/** Today's legal date in Beijing. */
export function todayInChina(now: Date = new Date()): string {
  return formatTimestamp(now).slice(0, 10);
}
