import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { appUser } from "./org";

/** Per-user API tokens for the bank API (/api/v1): only the SHA-256 of the token is stored; revoked tokens stay for the record. */
export const apiToken = pgTable(
  "api_token",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => appUser.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** the first characters, to tell tokens apart on the page */
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_token_hash_uq").on(t.tokenHash), index("api_token_user_idx").on(t.userId)],
);

/** One row per API request, for the per-token rate limit (counted in the database, not in a process). */
export const apiRequest = pgTable(
  "api_request",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenId: integer("token_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_request_token_at_idx").on(t.tokenId, t.at)],
);
