import { and, asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import { enterprise, region, shareholder } from "#db/schema";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "./db.server";
import { countUpTo, likePattern, type ListParams } from "./list.server";
import { regionCondition } from "./scope.server";

export const ENTERPRISE_SORTS = ["name", "creditCode", "region", "size"] as const;
export type EnterpriseSort = (typeof ENTERPRISE_SORTS)[number];

export interface EnterpriseFilters {
  regionCode?: string;
  sizeClass?: string;
  srdiTier?: string;
}

const SORT_COLUMNS = { name: enterprise.name, creditCode: enterprise.creditCode, region: enterprise.regionCode, size: enterprise.sizeClass };

/** Enterprises in scope, searched by name or credit code, filtered, sorted and paged in SQL. */
export async function listEnterprises(tx: Tx, scope: Scope, params: ListParams<EnterpriseSort>, filters: EnterpriseFilters) {
  const where = and(
    regionCondition(scope, enterprise.regionCode),
    params.q ? or(ilike(enterprise.name, likePattern(params.q)), ilike(enterprise.creditCode, likePattern(params.q.toUpperCase()))) : undefined,
    filters.regionCode ? regionCondition({ kind: "region", regionCode: filters.regionCode }, enterprise.regionCode) : undefined,
    filters.sizeClass ? eq(enterprise.sizeClass, filters.sizeClass as "small") : undefined,
    filters.srdiTier ? eq(enterprise.srdiTier, filters.srdiTier as "srdi") : undefined,
  );
  const order = params.dir === "asc" ? asc(SORT_COLUMNS[params.sort]) : desc(SORT_COLUMNS[params.sort]);
  const rows = await tx
    .select({
      id: enterprise.id,
      creditCode: enterprise.creditCode,
      name: enterprise.name,
      regionName: region.name,
      sizeClass: enterprise.sizeClass,
      industryName: enterprise.industryName,
      aboveScale: enterprise.aboveScale,
      srdiTier: enterprise.srdiTier,
      srdiValidTo: enterprise.srdiValidTo,
    })
    .from(enterprise)
    .innerJoin(region, eq(region.code, enterprise.regionCode))
    .where(where)
    .orderBy(order, asc(enterprise.id))
    .limit(params.limit)
    .offset(params.offset);
  const n = await countUpTo(tx, tx.select({ one: sql`1` }).from(enterprise).where(where));
  return { rows, total: n };
}

/** One enterprise, only if it is in scope (otherwise null → 404, the same as a missing id). */
export async function getEnterprise(tx: Tx, scope: Scope, id: number) {
  const [row] = await tx
    .select({ enterprise, regionName: region.name })
    .from(enterprise)
    .innerJoin(region, eq(region.code, enterprise.regionCode))
    .where(and(eq(enterprise.id, id), regionCondition(scope, enterprise.regionCode)));
  if (!row) return null;
  const holders = await tx.select().from(shareholder).where(eq(shareholder.enterpriseId, id)).orderBy(desc(shareholder.shareBp));
  return { ...row.enterprise, regionName: row.regionName, shareholders: holders };
}

const SIZE_CLASS_VALUES = ["micro", "small", "medium", "large"];
const SRDI_VALUES = ["innovative", "srdi", "little_giant"];

/** Filters from the URL (region, size, tier); anything unknown is ignored. */
export function parseEnterpriseFilters(url: URL): EnterpriseFilters {
  const p = url.searchParams;
  const region = p.get("region") ?? "";
  const size = p.get("size") ?? "";
  const tier = p.get("tier") ?? "";
  return {
    regionCode: /^\d{6}$/.test(region) ? region : undefined,
    sizeClass: SIZE_CLASS_VALUES.includes(size) ? size : undefined,
    srdiTier: SRDI_VALUES.includes(tier) ? tier : undefined,
  };
}
