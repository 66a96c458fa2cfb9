import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { appUser, organisation, region, session } from "#db/schema";
import type { Tx } from "./db.server";
import { readCookie, serializeCookie } from "./http.server";

/** The cookie holds only a random token; the session row (keyed by its SHA-256) is the truth. */
export const SESSION_COOKIE = "zjt_session";
export const SESSION_TTL_HOURS = 12;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function sessionToken(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}

export async function createSession(tx: Tx, request: Request, userId: number, ip: string): Promise<{ id: number; setCookie: string }> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await tx
    .insert(session)
    .values({
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_HOURS * 3600_000),
      ip,
      userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
    })
    .returning({ id: session.id });
  return { id: row.id, setCookie: serializeCookie(request, SESSION_COOKIE, token, { maxAgeSeconds: SESSION_TTL_HOURS * 3600 }) };
}

export function clearSessionCookie(request: Request): string {
  return serializeCookie(request, SESSION_COOKIE, "", { maxAgeSeconds: 0 });
}

/** The live session of the request with its user, organisation and region — one query. */
export async function findLiveSession(tx: Tx, request: Request) {
  const token = sessionToken(request);
  if (!token) return null;
  const [row] = await tx
    .select({
      sessionId: session.id,
      userId: appUser.id,
      username: appUser.username,
      displayName: appUser.displayName,
      role: appUser.role,
      orgId: organisation.id,
      orgName: organisation.name,
      orgKind: organisation.kind,
      regionCode: organisation.regionCode,
      regionName: region.name,
      flash: session.flash,
    })
    .from(session)
    .innerJoin(appUser, eq(appUser.id, session.userId))
    .innerJoin(organisation, eq(organisation.id, appUser.organisationId))
    .innerJoin(region, eq(region.code, organisation.regionCode))
    .where(
      and(
        eq(session.tokenHash, hashToken(token)),
        isNull(session.revokedAt),
        gt(session.expiresAt, sql`now()`),
        eq(appUser.active, true),
        eq(organisation.active, true),
      ),
    );
  return row ?? null;
}

export async function revokeSession(tx: Tx, sessionId: number): Promise<void> {
  await tx.update(session).set({ revokedAt: sql`now()` }).where(and(eq(session.id, sessionId), isNull(session.revokedAt)));
}

/** Signs the user out everywhere (password changed, account disabled), optionally keeping the current session. */
export async function revokeUserSessions(tx: Tx, userId: number, exceptSessionId?: number): Promise<void> {
  await tx
    .update(session)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(session.userId, userId), isNull(session.revokedAt), exceptSessionId ? sql`${session.id} <> ${exceptSessionId}` : undefined));
}

/** A one-shot message for the next page (toast), kept on the session row — no state in the process. */
export async function setFlash(tx: Tx, sessionId: number, toast: Toast): Promise<void> {
  await tx.update(session).set({ flash: JSON.stringify(toast) }).where(eq(session.id, sessionId));
}

/** Clears the flash once shown (the value itself came with findLiveSession). */
export async function clearFlash(tx: Tx, sessionId: number): Promise<void> {
  await tx.update(session).set({ flash: null }).where(eq(session.id, sessionId));
}

export interface Toast {
  type: "success" | "error" | "info";
  message: string;
}
