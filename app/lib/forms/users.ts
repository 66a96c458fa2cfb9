import { z } from "zod";
import { ROLES } from "../roles";
import { passwordProblems } from "./password-policy";

/** Form schemas shared by the browser (conform validation) and the server (the truth). Chinese messages. */
const password = z.string({ error: "请输入密码" }).superRefine((value, ctx) => {
  const problem = passwordProblems(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const createUserSchema = z.object({
  intent: z.literal("create"),
  username: z
    .string({ error: "请输入登录名" })
    .trim()
    .min(3, "登录名至少 3 个字符")
    .max(40, "登录名不能超过 40 个字符")
    .regex(/^[a-zA-Z0-9._-]+$/, "登录名只能包含字母、数字、点、下划线和连字符"),
  displayName: z.string({ error: "请输入姓名" }).trim().min(1, "请输入姓名").max(60, "姓名不能超过 60 个字符"),
  organisationId: z.coerce.number({ error: "请选择所属机构" }).int().positive("请选择所属机构"),
  role: z.enum(ROLES, { error: "请选择角色" }),
  password,
});

export const updateUserSchema = z.object({
  intent: z.literal("update"),
  displayName: z.string({ error: "请输入姓名" }).trim().min(1, "请输入姓名").max(60, "姓名不能超过 60 个字符"),
  organisationId: z.coerce.number({ error: "请选择所属机构" }).int().positive("请选择所属机构"),
  role: z.enum(ROLES, { error: "请选择角色" }),
  active: z.enum(["on"]).optional(),
});

export const resetPasswordSchema = z.object({ intent: z.literal("reset-password"), password });

export const changePasswordSchema = z
  .object({
    current: z.string({ error: "请输入当前密码" }),
    password,
    confirm: z.string({ error: "请再次输入新密码" }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "两次输入的新密码不一致" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "新密码不能与当前密码相同" });

