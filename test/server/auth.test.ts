import { and, eq, ne, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUser, auditLog, loginAttempt, organisation, session } from "#db/schema";
import { hashToken } from "~/server/session.server";
import { hashPassword, verifyPassword } from "~/server/password.server";
import { useAppDatabase } from "../setup/db";
import { Client, signedIn } from "../support/app";
import { apiCall, apiTokenFor } from "../support/api";

const { db } = useAppDatabase();

describe("sign-in", () => {
  it("signs in with the right password: an httpOnly SameSite=Lax cookie holding only a random session id", async () => {
    const client = new Client();
    await client.get("/login");
    const res = await client.post("/login", { username: "finance", password: "zjt-demo-2026", redirectTo: "/pool" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/pool");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("zjt_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure is added under https (next test)
    const token = client.cookies.get("zjt_session")!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(session).where(eq(session.tokenHash, hashToken(token)));
    expect(row).toBeDefined(); // only the hash is stored
    expect(await db().select().from(session).where(eq(session.tokenHash, token))).toHaveLength(0);
  });

  it("marks the cookie Secure behind https", async () => {
    const client = new Client();
    await client.get("/login");
    const res = await client.request("/login", {
      method: "POST",
      body: new URLSearchParams({ csrf: client.csrf(), username: "finance", password: "zjt-demo-2026" }),
      headers: { "X-Forwarded-Proto": "https", "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.headers.getSetCookie().find((c) => c.startsWith("zjt_session="))).toMatch(/Secure/);
  });

  it("refuses a wrong password with a Chinese message, keeps the typed login name, and stores the hash only", async () => {
    const client = new Client();
    await client.get("/login");
    const res = await client.post("/login", { username: "finance", password: "wrong-password-1" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("登录名或密码不正确");
    expect(html).toContain('value="finance"');
    expect(html).not.toContain("wrong-password-1");
    const [user] = await db().select().from(appUser).where(eq(appUser.username, "finance"));
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it("refuses a sign-in without the CSRF token", async () => {
    const client = new Client();
    await client.get("/login");
    const res = await client.post("/login", { username: "finance", password: "zjt-demo-2026" }, { csrf: null });
    expect(res.status).toBe(403);
    expect(client.cookies.has("zjt_session")).toBe(false);
  });

  it("throttles per account after 5 failures, even with the right password, and says so", async () => {
    const attacker = new Client();
    await attacker.get("/login");
    for (let i = 0; i < 5; i++) expect((await attacker.post("/login", { username: "industry.gy", password: `guess-${i}` })).status).toBe(400);
    const fromElsewhere = new Client();
    await fromElsewhere.get("/login");
    const res = await fromElsewhere.post("/login", { username: "industry.gy", password: "zjt-demo-2026" });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("登录失败次数过多");
  });

  it("throttles per address after 20 failures across accounts", async () => {
    const client = new Client();
    await client.get("/login");
    for (let i = 0; i < 20; i++) await client.post("/login", { username: `nobody${i}`, password: "x" });
    const res = await client.post("/login", { username: "trustee", password: "zjt-demo-2026" });
    expect(res.status).toBe(429);
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(loginAttempt).where(eq(loginAttempt.ip, client.ip));
    expect(n).toBe(21);
  });

  it("only follows same-site paths after sign-in", async () => {
    const client = new Client();
    await client.get("/login");
    const res = await client.post("/login", { username: "auditor", password: "zjt-demo-2026", redirectTo: "//evil.example/" });
    expect(res.headers.get("Location")).toBe("/");
  });

  it("hashes with scrypt and verifies", async () => {
    const hash = await hashPassword("abcdefghij1");
    expect(await verifyPassword("abcdefghij1", hash)).toBe(true);
    expect(await verifyPassword("abcdefghij2", hash)).toBe(false);
  });
});

describe("sessions", () => {
  it("redirects a signed-out visitor to the sign-in page and back", async () => {
    const res = await new Client().get("/pool?x=1");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/pool?x=1")}`);
  });

  it("ends at the server-side expiry", async () => {
    const client = await signedIn("finance");
    expect((await client.get("/")).status).toBe(200);
    await db().update(session).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(session.tokenHash, hashToken(client.cookies.get("zjt_session")!)));
    expect((await client.get("/")).status).toBe(302);
  });

  it("sign-out revokes the session on the server: the old cookie no longer works", async () => {
    const client = await signedIn("trustee");
    const token = client.cookies.get("zjt_session")!;
    const res = await client.post("/logout", {});
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?bye=1");
    const replay = new Client();
    replay.cookies.set("zjt_session", token);
    expect((await replay.get("/")).status).toBe(302);
    const [row] = await db().select().from(session).where(eq(session.tokenHash, hashToken(token)));
    expect(row.revokedAt).not.toBeNull();
  });

  it("sign-out without the CSRF token is refused (no forced logout from another site)", async () => {
    const client = await signedIn("trustee");
    expect((await client.post("/logout", {}, { csrf: null })).status).toBe(403);
    expect((await client.get("/")).status).toBe(200);
  });

  it("change password: checks the current one, signs out other devices, keeps this one", async () => {
    const laptop = await signedIn("industry");
    const phone = await signedIn("industry");
    const wrong = await laptop.post("/account/password", { current: "not-it-123", password: "NewPassw0rd2026", confirm: "NewPassw0rd2026" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("当前密码不正确");
    const mismatch = await laptop.post("/account/password", { current: "zjt-demo-2026", password: "NewPassw0rd2026", confirm: "NewPassw0rd2027" });
    expect(await mismatch.text()).toContain("两次输入的新密码不一致");
    const weak = await laptop.post("/account/password", { current: "zjt-demo-2026", password: "short", confirm: "short" });
    expect(await weak.text()).toContain("密码至少需要 10 个字符");
    const ok = await laptop.post("/account/password", { current: "zjt-demo-2026", password: "NewPassw0rd2026", confirm: "NewPassw0rd2026" });
    expect(ok.status).toBe(302);
    expect((await laptop.get("/")).status).toBe(200);
    expect((await phone.get("/")).status).toBe(302);
    const again = new Client();
    expect((await again.signIn("industry", "NewPassw0rd2026")).status).toBe(302);
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, "change-password"));
    expect(audits.length).toBeGreaterThanOrEqual(1);
    // the audit record never carries the hash
    expect(JSON.stringify(audits)).not.toMatch(/scrypt\$/);
  });

  it("moving a user to another bank ends its sessions and its API tokens", async () => {
    const admin = await signedIn("admin");
    const banker = await signedIn("bank.b");
    const token = await apiTokenFor(banker);
    expect((await apiCall(banker, "/api/v1/loans", token)).status).toBe(200);
    const [u] = await db().select().from(appUser).where(eq(appUser.username, "bank.b"));
    const [otherBank] = await db().select().from(organisation).where(and(eq(organisation.kind, "bank"), ne(organisation.id, u.organisationId))).limit(1);
    const res = await admin.post(`/admin/users/${u.id}`, { intent: "update", displayName: u.displayName, organisationId: String(otherBank.id), role: "bank", active: "on" });
    expect(res.status).toBe(302);
    expect((await banker.get("/")).status).toBe(302);
    expect((await apiCall(banker, "/api/v1/loans", token)).status).toBe(401);
  });

  it("a disabled account's sessions end at once", async () => {
    const admin = await signedIn("admin");
    const victim = await signedIn("finance.zy");
    const [u] = await db().select().from(appUser).where(eq(appUser.username, "finance.zy"));
    const res = await admin.post(`/admin/users/${u.id}`, { intent: "update", displayName: u.displayName, organisationId: String(u.organisationId), role: u.role });
    expect(res.status).toBe(302);
    expect((await victim.get("/")).status).toBe(302);
    expect((await new Client().signIn("finance.zy")).status).toBe(400);
  });
});
