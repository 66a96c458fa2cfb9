import { eq } from "drizzle-orm";
import type { Actor } from "#db/audit";
import type { Db, Tx } from "#db/client";
import { appUser } from "#db/schema";
import { UserInputError } from "~/server/users.server";

/** A demo user as the routes build the actor (name with login, organisation), for calling services directly. */
export async function actorOf(db: Db, username: string): Promise<Actor> {
  const [u] = await db.select().from(appUser).where(eq(appUser.username, username));
  return { userId: u.id, name: `${u.displayName}（${username}）`, orgId: u.organisationId, requestId: "test", ip: null };
}

/** Runs a service call in its own transaction; a refusal comes back as its Chinese message. */
export async function attempt(db: Db, fn: (tx: Tx) => Promise<unknown>): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await db.transaction(fn);
    return { ok: true };
  } catch (err) {
    if (err instanceof UserInputError) return { ok: false, message: err.message };
    throw err;
  }
}

/** The refusal's message, or "" when the call went through. */
export const refusal = (r: { ok: boolean; message?: string }) => (r.ok ? "" : (r as { message: string }).message);
