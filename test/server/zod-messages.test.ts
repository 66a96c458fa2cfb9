/**
 * zod's default messages in plain Chinese (issue 13 §2): every kind of issue a schema without its own message can
 * raise reads as a sentence for the form's user, with no type names or codes; a schema's own message still wins.
 */
import { z } from "zod";
import { describe, expect, it } from "vitest";
import "~/lib/zod-messages";

const cases: [string, z.ZodType, unknown, string][] = [
  ["a required text left empty", z.object({ a: z.string() }), {}, "此项必填"],
  ["text where a number belongs", z.number(), "十二", "格式不正确"],
  ["an empty text under min(1)", z.string().min(1), "", "此项必填"],
  ["text shorter than min(6)", z.string().min(6), "abc", "至少 6 个字"],
  ["text longer than max(10)", z.string().max(10), "一二三四五六七八九十一", "不能超过 10 个字"],
  ["a number below min(1)", z.number().int().min(1), 0, "不能小于 1"],
  ["a number not above gt(0)", z.number().gt(0), 0, "应大于 0"],
  ["a number above max(360)", z.number().max(360), 361, "不能大于 360"],
  ["no item ticked", z.array(z.string()).min(1), [], "至少选择 1 项"],
  ["too many items", z.array(z.string()).max(2), ["a", "b", "c"], "最多 2 项"],
  ["an option not offered", z.enum(["approve", "reject"]), "maybe", "请从可选项中选择"],
  ["no option chosen", z.enum(["approve", "reject"]), undefined, "此项必填"],
  ["a bad e-mail", z.email(), "not-an-email", "电子邮箱格式不正确"],
  ["a pattern not matched", z.string().regex(/^\d{4}$/), "12", "格式不正确"],
  ["not a multiple", z.number().multipleOf(5), 7, "应为 5 的整数倍"],
  ["an unknown field", z.strictObject({ a: z.string() }), { a: "x", b: 1 }, "含有无法识别的栏目"],
  ["a refinement without its own message", z.string().refine((s) => s === "ok"), "no", "填写不正确"],
];

describe("zod's default messages", () => {
  for (const [name, schema, input, message] of cases) {
    it(name, () => {
      const result = schema.safeParse(input);
      expect(result.success).toBe(false);
      const text = result.error!.issues[0].message;
      expect(text).toBe(message);
      expect(text).not.toMatch(/[A-Za-z]{3,}/); // no type names, codes or English
    });
  }

  it("a schema's own message wins", () => {
    expect(z.string().min(1, "请填写企业名称").safeParse("").error!.issues[0].message).toBe("请填写企业名称");
  });
});
