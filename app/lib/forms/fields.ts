import { z } from "zod";
import { parseYuan } from "../money";

/** Field schemas the form modules share (client-safe): amounts typed in yuan become fen; dates as YYYY-MM-DD. */
export const yuanField = (label: string, example = "1,234,567.89") =>
  z
    .string({ error: `请输入${label}` })
    .trim()
    .transform((v, ctx) => {
      const f = parseYuan(v);
      if (f === null || f <= 0) {
        ctx.addIssue({ code: "custom", message: `${label}格式不正确（如 ${example}）` });
        return z.NEVER;
      }
      return f as number;
    });

export const dateField = (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);
