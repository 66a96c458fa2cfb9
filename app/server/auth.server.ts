import { redirect, type AppLoadContext } from "@remix-run/node";
import { and, count, eq, gt, sql } from "drizzle-orm";
import { appUser, loginAttempt } from "#db/schema";
import type { Actor } from "#db/audit";
import { can, scopeFor, type Permission, type Scope } from "~/lib/permissions";
import type { Role } from "~/lib/roles";
import { getDb, type Tx } from "./db.server";
import { forbidden } from "./http.server";
import { assertCsrf } from "./csrf.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { requestMeta } from "./request.server";
import { clearSessionCookie, createSession, findLiveSession, revokeSession } from "./session.server";
import { writeAudit } from "#db/audit";
import type { z } from "zod";
import type { signInSchema } from "~/lib/forms/auth";

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgName: string;
  orgKind: string;
  regionCode: string;
  regionName: string;
  sessionId: number;
  scope: Scope;
  flash: string | null;
}

// loaders of one request share the lookup
const perRequest = new WeakMap<Request, Promise<CurrentUser | null>>();

export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = (async () => {
      const row = await findLiveSession(await getDb(), request);
      if (!row) return null;
      return { ...row, id: row.userId, scope: scopeFor(row) };
    })();
    perRequest.set(request, pending);
  }
  return pending;
}

/** Signed in, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname.replace(/\.data$/, "") + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** The one place where access is checked: every loader, action, export and API route calls this (or requireAction). */
export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, permission)) throw forbidden();
  return user;
}

export function actorOf(user: CurrentUser, context: AppLoadContext | undefined): Actor {
  const meta = requestMeta(context);
  return { userId: user.id, name: `${user.displayName}（${user.username}）`, orgId: user.orgId, requestId: meta.requestId, ip: meta.ip };
}

/** For actions: permission, then the CSRF token of the posted form. Returns the parsed form and the audit actor. */
export async function requireAction(request: Request, context: AppLoadContext | undefined, permission: Permission) {
  if (request.method === "GET" || request.method === "HEAD") throw forbidden();
  const user = await requirePermission(request, permission);
  const formData = await request.formData();
  assertCsrf(request, formData);
  return { user, formData, actor: actorOf(user, context) };
}

/** Login throttling (README Decision 4): per account and per address, counted in the database. */
export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 20 };

export async function loginThrottled(tx: Tx, username: string, ip: string): Promise<boolean> {
  const since = sql`now() - make_interval(mins => ${THROTTLE.windowMinutes})`;
  const [byAccount] = await tx
    .select({ n: count() })
    .from(loginAttempt)
    .where(and(eq(loginAttempt.username, username.toLowerCase()), eq(loginAttempt.success, false), gt(loginAttempt.at, since)));
  if (byAccount.n >= THROTTLE.perAccount) return true;
  const [byAddress] = await tx
    .select({ n: count() })
    .from(loginAttempt)
    .where(and(eq(loginAttempt.ip, ip), eq(loginAttempt.success, false), gt(loginAttempt.at, since)));
  return byAddress.n >= THROTTLE.perAddress;
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: "throttled" | "invalid" };

export async function checkCredentials(tx: Tx, username: string, password: string, ip: string): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  if (await loginThrottled(tx, name, ip)) {
    await tx.insert(loginAttempt).values({ username: name, ip, success: false });
    return { ok: false, reason: "throttled" };
  }
  const [user] = await tx
    .select({ id: appUser.id, passwordHash: appUser.passwordHash, active: appUser.active })
    .from(appUser)
    .where(sql`lower(${appUser.username}) = ${name}`);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  const success = Boolean(user && user.active && ok);
  await tx.insert(loginAttempt).values({ username: name, ip, success });
  return success ? { ok: true, userId: user!.id } : { ok: false, reason: "invalid" };
}

/** Checks the credentials (throttled), opens a session and audits the sign-in, in one transaction. */
export async function signIn(request: Request, context: AppLoadContext | undefined, input: z.infer<typeof signInSchema>) {
  const meta = requestMeta(context);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const result = await checkCredentials(tx, input.username, input.password, meta.ip);
    if (!result.ok) return result;
    const created = await createSession(tx, request, result.userId, meta.ip);
    const [user] = await tx.select({ displayName: appUser.displayName, orgId: appUser.organisationId }).from(appUser).where(eq(appUser.id, result.userId));
    await writeAudit(
      tx,
      { userId: result.userId, name: `${user.displayName}（${input.username.trim()}）`, orgId: user.orgId, requestId: meta.requestId, ip: meta.ip },
      { entity: "session", entityId: created.id, action: "login" },
    );
    return { ok: true as const, setCookie: created.setCookie };
  });
}

export async function signOut(request: Request, context: AppLoadContext | undefined): Promise<string> {
  const user = await getCurrentUser(request);
  if (user) {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await revokeSession(tx, user.sessionId);
      await writeAudit(tx, actorOf(user, context), { entity: "session", entityId: user.sessionId, action: "logout" });
    });
  }
  return clearSessionCookie(request);
}
