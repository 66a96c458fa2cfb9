import { and, asc, count, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { apiToken, appUser, organisation } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { ROLES_BY_ORG_KIND, type OrgKind } from "~/lib/roles";
import type { changePasswordSchema, createUserSchema, updateUserSchema } from "~/lib/forms/users";
import type { Tx } from "./db.server";
import { likePattern, type ListParams } from "./list.server";
import { hashPassword, verifyPassword } from "./password.server";
import { revokeUserSessions } from "./session.server";

export const USER_SORTS = ["username", "displayName", "organisation", "role"] as const;
export type UserSort = (typeof USER_SORTS)[number];
const SORTS = { username: appUser.username, displayName: appUser.displayName, organisation: organisation.name, role: appUser.role };

export async function listUsers(tx: Tx, params: ListParams<UserSort>) {
  const where = params.q
    ? or(ilike(appUser.username, likePattern(params.q)), ilike(appUser.displayName, likePattern(params.q)), ilike(organisation.name, likePattern(params.q)))
    : undefined;
  const rows = await tx
    .select({ id: appUser.id, username: appUser.username, displayName: appUser.displayName, role: appUser.role, active: appUser.active, organisation: organisation.name, organisationId: organisation.id })
    .from(appUser)
    .innerJoin(organisation, eq(organisation.id, appUser.organisationId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(SORTS[params.sort]) : desc(SORTS[params.sort]), asc(appUser.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(appUser).innerJoin(organisation, eq(organisation.id, appUser.organisationId)).where(where);
  return { rows, total: n };
}

export async function getUser(tx: Tx, id: number) {
  const [row] = await tx
    .select({ id: appUser.id, username: appUser.username, displayName: appUser.displayName, role: appUser.role, active: appUser.active, organisationId: appUser.organisationId })
    .from(appUser)
    .where(eq(appUser.id, id));
  return row ?? null;
}

export class UserInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A user's role must fit its organisation: bank users belong to a bank, and so on. */
async function checkRoleFitsOrg(tx: Tx, organisationId: number, role: string) {
  const [org] = await tx.select({ kind: organisation.kind, active: organisation.active }).from(organisation).where(eq(organisation.id, organisationId));
  if (!org) throw new UserInputError("organisationId", "所选机构不存在");
  if (!org.active) throw new UserInputError("organisationId", "所选机构已停用");
  if (!ROLES_BY_ORG_KIND[org.kind as OrgKind].includes(role as never))
    throw new UserInputError("role", "该角色与所属机构类型不符（例如银行用户只能属于合作银行）");
}

export async function createUser(tx: Tx, actor: Actor, input: z.infer<typeof createUserSchema>) {
  await checkRoleFitsOrg(tx, input.organisationId, input.role);
  const [taken] = await tx.select({ id: appUser.id }).from(appUser).where(sql`lower(${appUser.username}) = ${input.username.toLowerCase()}`);
  if (taken) throw new UserInputError("username", "该登录名已被使用");
  const [user] = await tx
    .insert(appUser)
    .values({ username: input.username, displayName: input.displayName, organisationId: input.organisationId, role: input.role, passwordHash: await hashPassword(input.password) })
    .returning();
  await writeAudit(tx, actor, { entity: "user", entityId: user.id, action: "create", after: user });
  return user;
}

export async function updateUser(tx: Tx, actor: Actor, id: number, input: z.infer<typeof updateUserSchema>) {
  const [before] = await tx.select().from(appUser).where(eq(appUser.id, id));
  if (!before) return null;
  await checkRoleFitsOrg(tx, input.organisationId, input.role);
  if (before.id === actor.userId && (input.role !== before.role || !input.active))
    throw new UserInputError("role", "不能修改或停用自己的管理员账号");
  const [after] = await tx
    .update(appUser)
    .set({ displayName: input.displayName, organisationId: input.organisationId, role: input.role, active: input.active === "on" })
    .where(eq(appUser.id, id))
    .returning();
  // a change of role, organisation or status takes effect at once: the user's sessions end
  if (before.role !== after.role || before.organisationId !== after.organisationId || (before.active && !after.active)) {
    await revokeUserSessions(tx, id);
    // an API token acts as its user: it must not follow the user into another bank or role
    await tx.update(apiToken).set({ revokedAt: sql`now()` }).where(and(eq(apiToken.userId, id), isNull(apiToken.revokedAt)));
  }
  await writeAudit(tx, actor, { entity: "user", entityId: id, action: "update", before, after });
  return after;
}

export async function resetPassword(tx: Tx, actor: Actor, id: number, newPassword: string) {
  const [user] = await tx.update(appUser).set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: sql`now()` }).where(eq(appUser.id, id)).returning({ id: appUser.id });
  if (!user) return null;
  await revokeUserSessions(tx, id);
  await writeAudit(tx, actor, { entity: "user", entityId: id, action: "reset-password" });
  return user;
}

export async function changeOwnPassword(tx: Tx, actor: Actor, userId: number, sessionId: number, input: z.infer<typeof changePasswordSchema>) {
  const [user] = await tx.select({ passwordHash: appUser.passwordHash }).from(appUser).where(eq(appUser.id, userId));
  if (!user || !(await verifyPassword(input.current, user.passwordHash))) throw new UserInputError("current", "当前密码不正确");
  await tx.update(appUser).set({ passwordHash: await hashPassword(input.password), passwordChangedAt: sql`now()` }).where(eq(appUser.id, userId));
  // other devices are signed out; this one stays
  await revokeUserSessions(tx, userId, sessionId);
  await writeAudit(tx, actor, { entity: "user", entityId: userId, action: "change-password" });
}

export async function organisationOptions(tx: Tx) {
  return tx
    .select({ id: organisation.id, name: organisation.name, kind: organisation.kind })
    .from(organisation)
    .where(and(eq(organisation.active, true)))
    .orderBy(organisation.kind, organisation.id);
}
