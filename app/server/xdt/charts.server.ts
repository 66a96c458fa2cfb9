import { sql } from "drizzle-orm";
import { rowsOf } from "#db/client";
import { clockStatus, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { loanRecordCondition } from "../scope.server";

export { lendingByMonth, poolSeries } from "./figures.server";

/** Claims by stage with the state of their current clock, within scope. */
export async function claimsByStage(tx: Tx, scope: Scope, today: LegalDate) {
  const cond = loanRecordCondition(scope, sql`c.bank_org_id`, sql`c.loan_id`) ?? sql`true`;
  const result = await tx.execute(sql`
    select c.status, case when c.status in ('filed','verified') then c.plan_due when c.status = 'approved' then c.payment_due end as due, c.paid_on
    from xdt_claim c where ${cond}`);
  const stages = ["filed", "returned", "verified", "planned", "compiled", "approved", "rejected", "paid"] as const;
  const out = stages.map((s) => ({ status: s, due: 0, overdue: 0, none: 0 }));
  for (const r of rowsOf<{ status: string; due: string | null }>(result)) {
    const row = out.find((o) => o.status === r.status)!;
    if (!r.due) row.none++;
    else if (clockStatus(r.due as LegalDate, today) === "overdue") row.overdue++;
    else row.due++;
  }
  return out;
}
