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

/** A column, or a raw column reference (`sql\`c.bank_org_id\``) in hand-written SQL. */
type Column = AnyPgColumn | SQL;

/** The region and its counties (a 市州 officer's reach), as a subquery of region codes. */
function regionCodes(regionCode: string): SQL {
  return sql`(select r.code from region r where r.code = ${regionCode} or r.parent_code = ${regionCode})`;
}

/**
 * 信贷通 records of a partner bank as a whole — the bank and its status, its monthly reports and yearly evaluation, its
 * deposit account and ratios: a bank reaches its own; officers of a region read every bank's, because a partner bank
 * lends across the province and is no one region's (README Decision 23).
 */
export function bankRecordCondition(scope: Scope, bankOrgColumn: Column): SQL | undefined {
  switch (scope.kind) {
    case "all":
    case "region":
      return undefined;
    case "bank":
      return sql`${bankOrgColumn} = ${scope.bankOrgId}`;
    default:
      return sql`false`;
  }
}

const enterprisesIn = (regionCode: string) => sql`(select e.id from enterprise e where e.region_code in ${regionCodes(regionCode)})`;
const loansIn = (regionCode: string) => sql`(select l.id from xdt_loan l where l.enterprise_id in ${enterprisesIn(regionCode)})`;
const claimsIn = (regionCode: string) => sql`(select c.id from xdt_claim c where c.loan_id in ${loansIn(regionCode)})`;

function borrowerCondition(scope: Scope, bankOrgColumn: Column, idColumn: Column, idsInRegion: (regionCode: string) => SQL): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "bank":
      return sql`${bankOrgColumn} = ${scope.bankOrgId}`;
    case "region":
      return sql`${idColumn} in ${idsInRegion(scope.regionCode)}`;
    default:
      return sql`false`;
  }
}

/**
 * 信贷通 records of one borrower's loan — the loan, its claim, recoveries and risk events: a bank reaches its own
 * bank's; an officer of a region those whose borrower is registered in the region or its counties (Decision 23).
 */
export function loanCondition(scope: Scope, bankOrgColumn: Column, enterpriseIdColumn: Column): SQL | undefined {
  return borrowerCondition(scope, bankOrgColumn, enterpriseIdColumn, enterprisesIn);
}

/** Records of a loan (its claim, a risk event on it), by the loan's borrower (see loanCondition). */
export function loanRecordCondition(scope: Scope, bankOrgColumn: Column, loanIdColumn: Column): SQL | undefined {
  return borrowerCondition(scope, bankOrgColumn, loanIdColumn, loansIn);
}

/** Records of a claim (its recoveries, its materials), by the claimed loan's borrower (see loanCondition). */
export function claimRecordCondition(scope: Scope, bankOrgColumn: Column, claimIdColumn: Column): SQL | undefined {
  return borrowerCondition(scope, bankOrgColumn, claimIdColumn, claimsIn);
}

/** A bank's own files and submissions (its import jobs): the bank and the province-wide roles; not a region's officers. */
export function bankFileCondition(scope: Scope, bankOrgColumn: Column): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "bank":
      return sql`${bankOrgColumn} = ${scope.bankOrgId}`;
    default:
      return sql`false`;
  }
}
