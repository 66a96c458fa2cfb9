import { z } from "zod";

/** Sign-in form (browser and server). */
export const signInSchema = z.object({
  username: z.string({ error: "请输入登录名" }).trim().min(1, "请输入登录名").max(60, "登录名过长"),
  password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(200, "密码过长"),
  redirectTo: z.string().optional(),
});

