import { sql } from "drizzle-orm";
import type { Db } from "#db/client";

/**
 * Test fixture: the budget line of (program, year, region) has at least `fen` not yet allocated — the province
 * budgeted enough for the allocations a test makes (an allocation may not exceed what its line and its program's budget
 * still hold; that bound has its own tests). Raises the line's approved amount only; the ledger is not touched, so a
 * test that pays must stay within what the demo issued to the line.
 */
export async function budgetRoomAtLeast(db: Db, programCode: string, year: number, regionCode: string, fen: number) {
  await db.execute(sql`
    update fund_budget b set amount_fen = greatest(b.amount_fen, ${fen}::bigint
      + coalesce((select sum(a.amount_fen) from fund_allocation a where a.program_id = b.program_id and a.year = b.year and a.budget_region_code = b.region_code and a.status <> 'recovered'), 0)
      + coalesce((select sum(x.amount_fen) from fund_recovery x where x.kind = 'carry_over' and x.budget_id = b.id), 0))
    where b.program_id = (select id from fund_program where code = ${programCode}) and b.year = ${year} and b.region_code = ${regionCode}`);
}
