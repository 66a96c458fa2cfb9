/**
 * The bank API (/api/v1, issue 4 §12): per-user bearer tokens (only their SHA-256 is stored), scoped to the user's
 * bank, rate-limited per token in the database, JSON errors with Chinese reasons and the field. The same services,
 * schemas and rules as the pages.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { apiRequest, apiToken, appUser, organisation, region } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { can, scopeFor, type Permission } from "~/lib/permissions";
import type { CurrentUser } from "./auth.server";
import { getDb, type Tx } from "./db.server";
import { requestMeta } from "./request.server";
import { RuleError } from "#rules";
import { UserInputError } from "./users.server";
import type { AppLoadContext } from "@remix-run/node";

export const API_RATE_LIMIT = { perMinute: 60 };

export function jsonError(status: number, code: string, message: string, field?: string, fields?: { field: string; message: string }[]): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}), ...(fields ? { fields } : {}) } }, { status, headers: { "Cache-Control": "no-store" } });
}

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A bearer token, its bank user, the rate limit — or a thrown JSON error (401/403/429). */
export async function requireApiUser(request: Request, context: AppLoadContext | undefined, permission: Permission): Promise<{ user: CurrentUser; actor: Actor }> {
  const header = request.headers.get("Authorization") ?? "";
  const m = /^Bearer\s+(zjt_[A-Za-z0-9_-]{20,100})$/.exec(header.trim());
  if (!m) throw jsonError(401, "unauthenticated", "缺少或格式错误的访问令牌（Authorization: Bearer zjt_…）");
  const db = await getDb();
  const [row] = await db
    .select({ tokenId: apiToken.id, userId: appUser.id, username: appUser.username, displayName: appUser.displayName, role: appUser.role, active: appUser.active, orgId: organisation.id, orgName: organisation.name, orgKind: organisation.kind, regionCode: organisation.regionCode, regionName: region.name })
    .from(apiToken)
    .innerJoin(appUser, eq(appUser.id, apiToken.userId))
    .innerJoin(organisation, eq(organisation.id, appUser.organisationId))
    .innerJoin(region, eq(region.code, organisation.regionCode))
    .where(and(eq(apiToken.tokenHash, hash(m[1])), isNull(apiToken.revokedAt)));
  if (!row || !row.active) throw jsonError(401, "unauthenticated", "访问令牌无效或已撤销");
  const user: CurrentUser = { id: row.userId, username: row.username, displayName: row.displayName, role: row.role, orgId: row.orgId, orgName: row.orgName, orgKind: row.orgKind, regionCode: row.regionCode, regionName: row.regionName, sessionId: 0, flash: null, scope: scopeFor({ role: row.role, orgId: row.orgId, regionCode: row.regionCode }) };
  if (user.role !== "bank" || !can(user, permission)) throw jsonError(403, "forbidden", "该令牌无权执行此操作");
  // rate limit per token, counted in the database (any instance sees the same count)
  const limited = await db.transaction(async (tx) => {
    await tx.select({ id: apiToken.id }).from(apiToken).where(eq(apiToken.id, row.tokenId)).for("update");
    const [{ n }] = await tx.select({ n: count() }).from(apiRequest).where(and(eq(apiRequest.tokenId, row.tokenId), gt(apiRequest.at, sql`now() - interval '1 minute'`)));
    if (n >= API_RATE_LIMIT.perMinute) return true;
    await tx.insert(apiRequest).values({ tokenId: row.tokenId });
    await tx.delete(apiRequest).where(and(eq(apiRequest.tokenId, row.tokenId), lt(apiRequest.at, sql`now() - interval '1 hour'`)));
    await tx.update(apiToken).set({ lastUsedAt: new Date() }).where(eq(apiToken.id, row.tokenId));
    return false;
  });
  if (limited) throw Response.json({ error: { code: "rate_limited", message: `请求过于频繁：每个令牌每分钟最多 ${API_RATE_LIMIT.perMinute} 次` } }, { status: 429, headers: { "Retry-After": "60" } });
  const meta = requestMeta(context);
  return { user, actor: { userId: user.id, name: `${user.displayName}（${user.username}）`, orgId: user.orgId, requestId: meta.requestId, ip: meta.ip } };
}

/** JSON body → the form's field names as strings (the same zod schema then parses them). */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  if (!(request.headers.get("Content-Type") ?? "").includes("application/json")) throw jsonError(415, "unsupported_media_type", "请求体须为 JSON（Content-Type: application/json）");
  const text = await request.text();
  if (text.length > 64 * 1024) throw jsonError(413, "too_large", "请求体超过 64 KB");
  try {
    const value = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error();
    return value;
  } catch {
    throw jsonError(400, "invalid_json", "请求体不是有效的 JSON 对象");
  }
}

/** zod issues → 400 with every field's Chinese message. */
export function validationError(error: z.ZodError): Response {
  const fields = error.issues.map((i) => ({ field: String(i.path[0] ?? ""), message: i.message }));
  return jsonError(400, "invalid", fields[0]?.message ?? "请求无效", fields[0]?.field, fields);
}

/** A refused domain action (UserInputError) or a date the rule book does not cover (RuleError) → 400 with its reason; anything else is rethrown. */
export function domainError(err: unknown): Response {
  if (err instanceof UserInputError) return jsonError(400, "refused", err.message, err.field || undefined);
  if (err instanceof RuleError) return jsonError(400, "rule_not_applicable", err.message);
  throw err;
}

export const createTokenSchema = z.object({ intent: z.literal("create"), name: z.string({ error: "请填写令牌用途" }).trim().min(1, "请填写令牌用途").max(60, "不能超过 60 个字") });
export const revokeTokenSchema = z.object({ intent: z.literal("revoke"), tokenId: z.coerce.number().int().positive() });

/** Creates a token for the user; the plain token is returned once and never stored. */
export async function createToken(tx: Tx, actor: Actor, userId: number, name: string) {
  const token = `zjt_${randomBytes(24).toString("base64url")}`;
  const [row] = await tx.insert(apiToken).values({ userId, name, tokenHash: hash(token), prefix: token.slice(0, 10) }).returning({ id: apiToken.id });
  await writeAudit(tx, actor, { entity: "api-token", entityId: row.id, action: "create", after: { name, prefix: token.slice(0, 10) } });
  return { id: row.id, token };
}

export async function revokeToken(tx: Tx, actor: Actor, userId: number, tokenId: number) {
  const [row] = await tx.update(apiToken).set({ revokedAt: new Date() }).where(and(eq(apiToken.id, tokenId), eq(apiToken.userId, userId), isNull(apiToken.revokedAt))).returning({ id: apiToken.id, name: apiToken.name });
  if (!row) throw new UserInputError("", "找不到该令牌，或已撤销");
  await writeAudit(tx, actor, { entity: "api-token", entityId: row.id, action: "revoke", after: { name: row.name } });
}

export async function listTokens(tx: Tx, userId: number) {
  return tx.select({ id: apiToken.id, name: apiToken.name, prefix: apiToken.prefix, createdAt: apiToken.createdAt, lastUsedAt: apiToken.lastUsedAt, revokedAt: apiToken.revokedAt }).from(apiToken).where(eq(apiToken.userId, userId)).orderBy(desc(apiToken.id));
}
