import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Scope } from "~/lib/permissions";

/**
 * Scope applied in SQL (README Decision 5): every list, detail, export and chart query adds one of these
 * conditions, so rows outside the user's reach are never read — not read and then filtered.
 */

/** Rows keyed by a region code: a region user reaches its region and its counties. */
export function regionCondition(scope: Scope, regionColumn: AnyPgColumn): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "region":
      return sql`${regionColumn} in (select r.code from region r where r.code = ${scope.regionCode} or r.parent_code = ${scope.regionCode})`;
    default:
      return sql`false`;
  }
}

/** Rows owned by an organisation (accounts, bank records): a bank reaches its own; a region user the organisations of its region. */
export function ownerOrgCondition(scope: Scope, orgColumn: AnyPgColumn): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "bank":
      return sql`${orgColumn} = ${scope.bankOrgId}`;
    case "region":
      return sql`${orgColumn} in (select o.id from organisation o join region r on r.code = o.region_code where r.code = ${scope.regionCode} or r.parent_code = ${scope.regionCode})`;
    default:
      return sql`false`;
  }
}
