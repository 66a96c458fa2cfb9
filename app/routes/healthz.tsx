import { sql } from "drizzle-orm";
import { getDb } from "~/server/db.server";

/** Liveness for load balancers: answers only "ok"/"unavailable", no data. */
export async function loader() {
  try {
    await (await getDb()).execute(sql`select 1`);
    return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  } catch {
    return new Response("unavailable", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
