import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { enterprise, shareholder, xdtBlacklist } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { CITES, formatCitation, parseLegalDate, type LegalDate } from "#rules";
import type { blacklistSchema } from "~/lib/forms/xdt";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { likePattern, type ListParams } from "../list.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";

export const BLACKLIST_BASIS = `${formatCitation(CITES.XDT_FA_BLACKLIST)}：“${CITES.XDT_FA_BLACKLIST.quote}”`;

export const BLACKLIST_SORTS = ["decisionDate", "name"] as const;
export type BlacklistSort = (typeof BLACKLIST_SORTS)[number];

export function parseBlacklistFilters(url: URL) {
  const kind = url.searchParams.get("kind");
  return { kind: kind === "enterprise" || kind === "shareholder" ? (kind as "enterprise" | "shareholder") : null };
}

/**
 * The blacklist, searched (name, identifier, reason, decision) and paged in SQL. A 市州 officer reaches the entries
 * of its region's enterprises; province-level users all. Banks have no access (the list names people).
 */
export async function listBlacklist(tx: Tx, scope: Scope, params: ListParams<BlacklistSort>, filters: ReturnType<typeof parseBlacklistFilters>) {
  const q = params.q ? likePattern(params.q) : null;
  const where: SQL | undefined = and(
    scope.kind === "all" ? undefined : regionCondition(scope, enterprise.regionCode),
    filters.kind ? eq(xdtBlacklist.kind, filters.kind) : undefined,
    q ? or(ilike(xdtBlacklist.name, q), ilike(xdtBlacklist.identifier, q), ilike(xdtBlacklist.reason, q), ilike(xdtBlacklist.decisionRef, q), ilike(enterprise.name, q)) : undefined,
  );
  const order = { decisionDate: xdtBlacklist.decisionDate, name: xdtBlacklist.name }[params.sort];
  const rows = await tx
    .select({
      id: xdtBlacklist.id,
      identifier: xdtBlacklist.identifier,
      name: xdtBlacklist.name,
      kind: xdtBlacklist.kind,
      enterpriseId: xdtBlacklist.enterpriseId,
      enterpriseName: enterprise.name,
      reason: xdtBlacklist.reason,
      decisionRef: xdtBlacklist.decisionRef,
      decisionDate: xdtBlacklist.decisionDate,
      createdByName: xdtBlacklist.createdByName,
      createdAt: xdtBlacklist.createdAt,
    })
    .from(xdtBlacklist)
    .leftJoin(enterprise, eq(enterprise.id, xdtBlacklist.enterpriseId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(order) : desc(order), asc(xdtBlacklist.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ total }] = await tx.select({ total: count() }).from(xdtBlacklist).leftJoin(enterprise, eq(enterprise.id, xdtBlacklist.enterpriseId)).where(where);
  return { rows, total };
}

/**
 * XDT-FA §六(一) (seed L19524-19527): fraud, misappropriation or non-business use → "将企业和所有股东列入信用黑名单，
 * 协调领导小组永久取消其申请中小信贷通资格". The enterprise and every shareholder on record get a row each, with the
 * leading group's decision. Entries are permanent: there is no delete. An identifier already listed (a shareholder of
 * an earlier case) keeps its first entry.
 */
export async function addToBlacklist(tx: Tx, actor: Actor, input: z.infer<typeof blacklistSchema>, today: LegalDate) {
  let decisionDate: LegalDate;
  try {
    decisionDate = parseLegalDate(input.decisionDate);
  } catch {
    throw new UserInputError("decisionDate", "决定日期应为 YYYY-MM-DD 格式的有效日期");
  }
  if (decisionDate > today) throw new UserInputError("decisionDate", "决定日期不能晚于今天");
  const [ent] = await tx.select().from(enterprise).where(eq(enterprise.creditCode, input.creditCode.toUpperCase()));
  if (!ent) throw new UserInputError("creditCode", "企业库中没有该统一社会信用代码的企业");
  const holders = await tx.select().from(shareholder).where(eq(shareholder.enterpriseId, ent.id)).orderBy(asc(shareholder.id));
  const common = { enterpriseId: ent.id, decisionRef: input.decisionRef, decisionDate, createdByName: actor.name };
  const candidates = [
    { identifier: ent.creditCode, name: ent.name, kind: "enterprise" as const, reason: input.reason, ...common },
    ...holders.map((h) => ({ identifier: h.identifier, name: h.name, kind: "shareholder" as const, reason: `${ent.name}的股东：${input.reason}（XDT-FA 六（一）：企业及其全部股东列入黑名单）`, ...common })),
  ];
  const added = await tx.insert(xdtBlacklist).values(candidates).onConflictDoNothing({ target: xdtBlacklist.identifier }).returning();
  if (added.length === 0) throw new UserInputError("creditCode", `${ent.name}及其全部股东均已在黑名单中`);
  await writeAudit(tx, actor, {
    entity: "xdt-blacklist",
    entityId: ent.id,
    action: "blacklist",
    after: { enterprise: ent.creditCode, reason: input.reason, decisionRef: input.decisionRef, decisionDate, listed: added.map((a) => ({ id: a.id, kind: a.kind, identifier: a.identifier, name: a.name })) },
  });
  const already = candidates.length - added.length;
  return `已将${ent.name}及其 ${added.filter((a) => a.kind === "shareholder").length} 名股东列入黑名单${already ? `（${already} 项此前已在名单中）` : ""}`;
}
