import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { forbidden, readCookie, serializeCookie } from "./http.server";
import { sessionToken } from "./session.server";

/**
 * CSRF (README Decision 4): every state-changing form carries a token the attacker's site cannot know.
 * Signed in, the token is derived from the session token (nothing more to store); signed out (the sign-in
 * form), it is a random value in its own cookie (double submit). SameSite=Lax cookies and Remix's Origin
 * check are further layers, not the only one.
 */
export const CSRF_FIELD = "csrf";
const ANON_COOKIE = "zjt_csrf";

function deriveFromSession(token: string): string {
  return createHash("sha256").update(`csrf:${token}`).digest("base64url");
}

/** The token for forms on this page, and the cookie to set when a signed-out visitor has none yet. */
export function csrfTokenFor(request: Request): { token: string; setCookie?: string } {
  const session = sessionToken(request);
  if (session) return { token: deriveFromSession(session) };
  const existing = readCookie(request, ANON_COOKIE);
  if (existing) return { token: existing };
  const token = randomBytes(24).toString("base64url");
  return { token, setCookie: serializeCookie(request, ANON_COOKIE, token) };
}

function expectedToken(request: Request): string | null {
  const session = sessionToken(request);
  if (session) return deriveFromSession(session);
  return readCookie(request, ANON_COOKIE);
}

export function assertCsrf(request: Request, formData: FormData): void {
  const expected = expectedToken(request);
  const given = formData.get(CSRF_FIELD);
  if (
    !expected ||
    typeof given !== "string" ||
    given.length !== expected.length ||
    !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  ) {
    throw forbidden("页面已过期或请求来源无法确认（CSRF 校验未通过），请刷新页面后重试。");
  }
}
