/**
 * zod's default messages in plain Chinese (issue 13 §2): "Invalid input" or zod's own zh-CN locale ("期望 string") would
 * reach a user wherever a schema has no message of its own. A schema's own message always wins; this covers the rest,
 * in words a form's user reads beside the field — no type names, no codes. Installed once by importing this module
 * (app/root.tsx on both server and browser, and the server modules that parse API bodies and import rows).
 */
import { z } from "zod";

type Issue = z.core.$ZodRawIssue;

const EMPTY = (input: unknown) => input === undefined || input === null || input === "";

export function chineseMessage(issue: Issue): string {
  const i = issue as Issue & { origin?: string; minimum?: number | bigint | Date; maximum?: number | bigint | Date; inclusive?: boolean; format?: string; divisor?: number };
  const bound = (v: number | bigint | Date | undefined) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  switch (i.code) {
    case "invalid_type":
      return EMPTY(i.input) ? "此项必填" : "格式不正确";
    case "too_small":
      if (i.origin === "string") return Number(i.minimum) <= 1 ? "此项必填" : `至少 ${bound(i.minimum)} 个字`;
      if (i.origin === "array" || i.origin === "set") return `至少选择 ${bound(i.minimum)} 项`;
      if (i.origin === "date") return `不能早于 ${bound(i.minimum)}`;
      return i.inclusive ? `不能小于 ${bound(i.minimum)}` : `应大于 ${bound(i.minimum)}`;
    case "too_big":
      if (i.origin === "string") return `不能超过 ${bound(i.maximum)} 个字`;
      if (i.origin === "array" || i.origin === "set") return `最多 ${bound(i.maximum)} 项`;
      if (i.origin === "date") return `不能晚于 ${bound(i.maximum)}`;
      return i.inclusive ? `不能大于 ${bound(i.maximum)}` : `应小于 ${bound(i.maximum)}`;
    case "invalid_format":
      return i.format === "email" ? "电子邮箱格式不正确" : i.format === "url" ? "网址格式不正确" : "格式不正确";
    case "not_multiple_of":
      return `应为 ${i.divisor} 的整数倍`;
    case "unrecognized_keys":
      return "含有无法识别的栏目";
    case "invalid_value":
      return EMPTY(i.input) ? "此项必填" : "请从可选项中选择";
    default:
      return "填写不正确";
  }
}

z.config({ customError: chineseMessage });
