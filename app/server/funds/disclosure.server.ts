import { sql } from "drizzle-orm";
import type { Tx } from "../db.server";
import { rowsOf } from "#db/client";
import type { LegalDate } from "#rules";

/**
 * What the public may read (GXZJ-35 Art.32): rules, guides, plans and allocation results, use of funds, performance
 * (acceptance) results and complaints handled. Only the columns listed here leave the database — never a credit code,
 * account number, objector, objection text, expert name or score, tax or jobs figure (test/server/funds-disclosure.test.ts).
 */
export const PUBLIC_FIELDS = {
  programs: ["name", "termFrom", "termTo", "unitYearCapFen", "projectCapFen", "supportModes", "publicityWorkingDays"],
  guides: ["id", "program", "year", "title", "directions", "conditions", "openFrom", "openTo", "publishedOn", "extraDocuments"],
  /** 拟支持金额: the amount the collective decision proposed, which is what the 公示 publishes (GXZJ-35 Art.17（四）) */
  publicity: ["program", "year", "project", "unit", "region", "proposedFen", "publicityStart", "publicityEnd"],
  allocations: ["program", "year", "project", "unit", "region", "supportMode", "amountFen", "approvalRef", "decidedOn"],
  use: ["program", "year", "allocatedFen", "paidFen", "recoveredFen"],
  acceptance: ["program", "project", "unit", "result", "acceptedOn"],
  complaints: ["program", "project", "status", "decidedOn"],
  /** released key evaluations (绩效评价结果): score and D-10 grade only — never findings, self-evaluations, spot-checks or evidence */
  performance: ["program", "year", "project", "unit", "region", "score", "grade", "publishedOn"],
} as const;

/**
 * `today` (Beijing) decides what is 正在公示: an application whose 公示 period has ended is no longer in it, even
 * before the plan is issued — its last day (inclusive) is the last day it is listed.
 */
export async function disclosure(tx: Tx, today: LegalDate, year?: number) {
  const y = year ? sql`and a.year = ${year}` : sql``;
  const programs = rowsOf<Record<string, unknown>>(await tx.execute(sql`select name, term_from as "termFrom", term_to as "termTo", unit_year_cap_fen::text as "unitYearCapFen", project_cap_fen::text as "projectCapFen", support_modes as "supportModes", publicity_working_days as "publicityWorkingDays" from fund_program order by code`));
  const guides = rowsOf<Record<string, unknown>>(await tx.execute(sql`select g.id, p.code as program, g.year, g.title, g.directions, g.conditions, g.open_from as "openFrom", g.open_to as "openTo", g.published_on as "publishedOn", g.extra_documents as "extraDocuments" from fund_guide g join fund_program p on p.id = g.program_id where g.published_on is not null order by g.year desc, p.code`));
  const publicity = rowsOf<Record<string, unknown>>(await tx.execute(sql`
    select p.code as program, a.year, fp.name as project, e.name as unit, r.name as region, a.proposed_fen::text as "proposedFen", a.publicity_start as "publicityStart", a.publicity_end as "publicityEnd"
    from fund_application a join fund_project fp on fp.id = a.project_id join fund_program p on p.id = a.program_id join enterprise e on e.id = fp.enterprise_id join region r on r.code = fp.region_code
    where a.status = 'publicity' and a.publicity_end >= ${today} ${y} order by a.publicity_start desc, a.id limit 200`));
  const allocations = rowsOf<Record<string, unknown>>(await tx.execute(sql`
    select p.code as program, al.year, fp.name as project, e.name as unit, r.name as region, al.support_mode as "supportMode", al.amount_fen::text as "amountFen", a.approval_ref as "approvalRef", al.decided_on as "decidedOn"
    from fund_allocation al join fund_application a on a.id = al.application_id join fund_project fp on fp.id = al.project_id join fund_program p on p.id = al.program_id join enterprise e on e.id = al.enterprise_id join region r on r.code = fp.region_code
    where true ${year ? sql`and al.year = ${year}` : sql``} order by al.year desc, p.code, al.id limit 500`));
  const use = rowsOf<Record<string, unknown>>(await tx.execute(sql`
    select p.code as program, al.year, sum(al.amount_fen)::text as "allocatedFen",
      coalesce(sum(al.paid_fen), 0)::text as "paidFen",
      coalesce(sum((select sum(rc.amount_fen) from fund_recovery rc where rc.allocation_id = al.id)), 0)::text as "recoveredFen"
    from fund_allocation al join fund_program p on p.id = al.program_id group by p.code, al.year order by al.year desc, p.code`));
  const acceptance = rowsOf<Record<string, unknown>>(await tx.execute(sql`
    select p.code as program, fp.name as project, e.name as unit, ac.result, ac.accepted_on as "acceptedOn"
    from fund_acceptance ac join fund_allocation al on al.id = ac.allocation_id join fund_project fp on fp.id = al.project_id join fund_program p on p.id = al.program_id join enterprise e on e.id = al.enterprise_id
    order by ac.accepted_on desc limit 200`));
  const complaints = rowsOf<Record<string, unknown>>(await tx.execute(sql`
    select p.code as program, fp.name as project, o.status, o.decided_on as "decidedOn"
    from fund_objection o join fund_application a on a.id = o.application_id join fund_project fp on fp.id = a.project_id join fund_program p on p.id = a.program_id
    order by o.filed_on desc limit 200`));
  const performance = rowsOf<Record<string, unknown>>(await tx.execute(sql`
    select p.code as program, ev.year, fp.name as project, e.name as unit, r.name as region, to_char(ev.score_centi / 100.0, 'FM990.00') as score, ev.grade, ev.published_on as "publishedOn"
    from perf_evaluation ev join fund_project fp on fp.id = ev.project_id join fund_program p on p.id = ev.program_id join enterprise e on e.id = fp.enterprise_id join region r on r.code = fp.region_code
    where ev.kind = 'key' and ev.published_on is not null ${year ? sql`and ev.year = ${year}` : sql``} order by ev.published_on desc, ev.id limit 500`));
  return { programs, guides, publicity, allocations, use, acceptance, complaints, performance };
}
