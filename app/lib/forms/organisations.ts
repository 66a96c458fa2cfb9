import { z } from "zod";
import { ORG_KINDS } from "../roles";

/** Organisation form schemas (browser and server). */
const fields = {
  name: z.string({ error: "请输入机构全称" }).trim().min(2, "请输入机构全称").max(100, "机构全称不能超过 100 个字符"),
  shortName: z.string().trim().max(30, "简称不能超过 30 个字符").optional(),
  kind: z.enum(ORG_KINDS, { error: "请选择机构类型" }),
  regionCode: z.string({ error: "请选择所在地区" }).regex(/^\d{6}$/, "请选择所在地区"),
};
export const createOrgSchema = z.object({ intent: z.literal("create"), ...fields });
export const updateOrgSchema = z.object({ intent: z.literal("update"), ...fields, active: z.enum(["on"]).optional() });

