import { data } from "@remix-run/node";
import { csrfTokenFor } from "./csrf.server";
import { getCurrentUser } from "./auth.server";
import { getDb } from "./db.server";
import { clearFlash, type Toast } from "./session.server";

/** Root data for every page: the CSRF token for forms and a one-shot toast. */
export async function loadRootData(request: Request) {
  const csrf = csrfTokenFor(request);
  const user = await getCurrentUser(request);
  let toast: Toast | null = null;
  if (user?.flash) {
    toast = JSON.parse(user.flash) as Toast;
    await clearFlash(await getDb(), user.sessionId);
  }
  const body = { csrf: csrf.token, toast };
  return csrf.setCookie ? data(body, { headers: { "Set-Cookie": csrf.setCookie } }) : body;
}
