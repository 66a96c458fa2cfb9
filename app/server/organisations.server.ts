import { asc, count, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { appUser, organisation, region } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import type { createOrgSchema, updateOrgSchema } from "~/lib/forms/organisations";
import type { Tx } from "./db.server";
import { likePattern, type ListParams } from "./list.server";
import { UserInputError } from "./users.server";

export const ORG_SORTS = ["name", "kind", "region", "users"] as const;
export type OrgSort = (typeof ORG_SORTS)[number];

const usersCount = sql<number>`(select count(*)::int from ${appUser} u where u.organisation_id = ${organisation.id})`;
const SORTS = { name: organisation.name, kind: organisation.kind, region: organisation.regionCode, users: usersCount };

export async function listOrganisations(tx: Tx, params: ListParams<OrgSort>) {
  const where = params.q ? or(ilike(organisation.name, likePattern(params.q)), ilike(region.name, likePattern(params.q))) : undefined;
  const rows = await tx
    .select({ id: organisation.id, name: organisation.name, shortName: organisation.shortName, kind: organisation.kind, regionName: region.name, active: organisation.active, users: usersCount })
    .from(organisation)
    .innerJoin(region, eq(region.code, organisation.regionCode))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(SORTS[params.sort]) : desc(SORTS[params.sort]), asc(organisation.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(organisation).innerJoin(region, eq(region.code, organisation.regionCode)).where(where);
  return { rows, total: n };
}

export async function getOrganisation(tx: Tx, id: number) {
  const [row] = await tx.select().from(organisation).where(eq(organisation.id, id));
  return row ?? null;
}

export async function regionOptions(tx: Tx) {
  return tx.select({ code: region.code, name: region.name, level: region.level, parentCode: region.parentCode }).from(region).orderBy(region.code);
}

async function checkUnique(tx: Tx, name: string, exceptId?: number) {
  const [other] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.name, name));
  if (other && other.id !== exceptId) throw new UserInputError("name", "已有同名机构");
}

async function checkRegion(tx: Tx, code: string) {
  const [r] = await tx.select({ code: region.code }).from(region).where(eq(region.code, code));
  if (!r) throw new UserInputError("regionCode", "地区代码不存在");
}

export async function createOrganisation(tx: Tx, actor: Actor, input: z.infer<typeof createOrgSchema>) {
  await checkUnique(tx, input.name);
  await checkRegion(tx, input.regionCode);
  const [org] = await tx.insert(organisation).values({ name: input.name, shortName: input.shortName || null, kind: input.kind, regionCode: input.regionCode }).returning();
  await writeAudit(tx, actor, { entity: "organisation", entityId: org.id, action: "create", after: org, regionCode: org.regionCode });
  return org;
}

export async function updateOrganisation(tx: Tx, actor: Actor, id: number, input: z.infer<typeof updateOrgSchema>) {
  const [before] = await tx.select().from(organisation).where(eq(organisation.id, id));
  if (!before) return null;
  await checkUnique(tx, input.name, id);
  await checkRegion(tx, input.regionCode);
  if (input.kind !== before.kind) {
    const [{ n }] = await tx.select({ n: count() }).from(appUser).where(eq(appUser.organisationId, id));
    if (n > 0) throw new UserInputError("kind", "机构下已有用户，不能更改机构类型");
  }
  const [after] = await tx
    .update(organisation)
    .set({ name: input.name, shortName: input.shortName || null, kind: input.kind, regionCode: input.regionCode, active: input.active === "on" })
    .where(eq(organisation.id, id))
    .returning();
  await writeAudit(tx, actor, { entity: "organisation", entityId: id, action: "update", before, after, regionCode: after.regionCode });
  return after;
}
