import { z } from "zod";

/** The administrator's entry of one year's holiday notice (browser and server). Lines are parsed on the server. */
export const calendarYearSchema = z.object({
  year: z.coerce.number({ error: "请输入年份" }).int("年份应为整数").min(2004, "年份不能早于 2004 年").max(2100, "年份不能晚于 2100 年"),
  source: z.string({ error: "请填写依据的通知（标题或文号）" }).trim().min(4, "请填写依据的通知（标题或文号）").max(200, "通知名称不能超过 200 个字符"),
  holidays: z.string({ error: "请填写放假日期" }).trim().min(1, "请填写放假日期").max(5000, "放假日期内容过长"),
  workdays: z.string().trim().max(2000, "调休上班日期内容过长").optional(),
});
export type CalendarYearInput = z.infer<typeof calendarYearSchema>;
