import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAdministrator } from "#db/admin";
import { auditLog } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { Client } from "../support/app";

const { db } = useAppDatabase();

describe("create-admin (the first administrator comes from the command line)", () => {
  it("creates an administrator who can sign in and manage users, and audits it", async () => {
    const user = await createAdministrator(db(), { username: "ops.admin", displayName: "运维管理员", password: "Ops-admin-2026" });
    const client = new Client();
    expect((await client.signIn("ops.admin", "Ops-admin-2026")).status).toBe(302);
    expect((await client.get("/admin/users")).status).toBe(200);
    const rows = await db().select().from(auditLog).where(eq(auditLog.entityId, String(user.id)));
    expect(rows.some((r) => r.entity === "user" && r.action === "create" && r.actorName === "命令行 create-admin")).toBe(true);
  });

  it("refuses a weak password and a bad login name", async () => {
    await expect(createAdministrator(db(), { username: "weak.admin", displayName: "x", password: "short" })).rejects.toThrow("密码至少需要 10 个字符");
    await expect(createAdministrator(db(), { username: "坏名字", displayName: "x", password: "Valid-pass-2026" })).rejects.toThrow("登录名只能包含");
  });
});
