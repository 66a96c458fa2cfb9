import { redirect } from "@remix-run/node";
import type { Tx } from "./db.server";
import { setFlash, type Toast } from "./session.server";

/** Post/redirect/get with a toast on the next page (stored on the session row). */
export async function redirectWithToast(tx: Tx, sessionId: number, to: string, toast: Toast): Promise<Response> {
  await setFlash(tx, sessionId, toast);
  return redirect(to);
}
