import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ORG_KINDS, ROLES } from "../../app/lib/roles";
export { ORG_KINDS, ROLES, type OrgKind, type Role } from "../../app/lib/roles";

/** GB/T 2260 administrative divisions of Guizhou (province, 市州 + 贵安新区, counties). */
export const region = pgTable(
  "region",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "prefecture", "county"] }).notNull(),
    parentCode: text("parent_code"),
  },
  (t) => [index("region_parent_idx").on(t.parentCode)],
);




export const organisation = pgTable(
  "organisation",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    name: text("name").notNull(),
    shortName: text("short_name"),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => region.code),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("organisation_name_uq").on(t.name), index("organisation_region_idx").on(t.regionCode)],
);




export const appUser = pgTable(
  "app_user",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisation.id),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("app_user_username_uq").on(sql`lower(${t.username})`), index("app_user_org_idx").on(t.organisationId)],
);

/** Server-side sessions: the cookie carries only a random token; we store its SHA-256. */
export const session = pgTable(
  "session",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** one-shot toast shown on the next page (flash), cleared when read */
    flash: text("flash"),
  },
  (t) => [uniqueIndex("session_token_uq").on(t.tokenHash), index("session_user_idx").on(t.userId)],
);

/** Every sign-in attempt, for throttling per account and per address (kept in the database, not in memory). */
export const loginAttempt = pgTable(
  "login_attempt",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempt_user_idx").on(t.username, t.at), index("login_attempt_ip_idx").on(t.ip, t.at)],
);
