import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { organisation, xdtBank, xdtMonthlyReport, xdtYearlyDecision } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { bankYearlyTest, parseLegalDate, poolRiskRatio, ratioBp, type LegalDate } from "#rules";
import type { yearlyDecisionSchema } from "~/lib/forms/auditor";
import { YEARLY_DECISION_LABELS } from "~/lib/forms/auditor";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { bankRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { changeBankStatus } from "./banks.server";
import { verdictRecord } from "./reference.server";
import { rowsOf } from "#db/client";

/**
 * 信贷通 yearly evaluation (XDT-BF Art.14, Art.23-24; XDT-TZ22 §一(一); RULES.md §1, §3): at the start of a year, on the
 * prior year. Every figure comes from the ledger (compensation, recoveries, contributions) and the admitted loans;
 * the two yearly tests per bank come from rules/ (bankYearlyTest); only the office's decision is recorded.
 */
export const FIRST_XDT_YEAR = 2022;

/** Years that can be shown: from the first year of lending to the current one (incomplete, "截至今日"). */
export function evaluationYears(today: LegalDate): number[] {
  const current = Number(today.slice(0, 4));
  return Array.from({ length: current - FIRST_XDT_YEAR + 1 }, (_, i) => FIRST_XDT_YEAR + i);
}

/** The year asked for, or the last complete year (the one evaluated at the start of this year). */
export function chosenYear(url: URL, today: LegalDate): number {
  const years = evaluationYears(today);
  const asked = Number(url.searchParams.get("year"));
  return years.includes(asked) ? asked : Math.max(FIRST_XDT_YEAR, Number(today.slice(0, 4)) - 1);
}

/** Pool performance for each year (pool aggregates: every 信贷通 role may see them). */
export async function poolYears(tx: Tx, today: LegalDate) {
  const years = evaluationYears(today);
  // money, lending and enterprises supported from the stored figures (Decision 22): a few hundred rows per year
  const result = await tx.execute(sql`
    with y as (select unnest(${sql.raw(`array[${years.join(",")}]`)}::int[]) as year),
    lent as (select extract(year from month)::int as year, sum(admitted_fen) as fen, sum(admitted_count) as n from xdt_lending_month group by 1),
    smes as (select year, count(distinct enterprise_id) as n from xdt_bank_year_enterprise where year >= ${years[0]} group by 1),
    moves as (
      select extract(year from m.month)::int as year, split_part(a.code, ':', 2) as class, sum(m.net_fen) as net
      from ledger_account_month m join ledger_account a on a.id = m.account_id
      where a.code like 'xdt:contrib:%' or a.code like 'xdt:compensation:%' or a.code like 'xdt:recovery:%' group by 1, 2),
    paid as (select extract(year from paid_on)::int as year, count(*) as n from xdt_claim where status = 'paid' group by 1)
    select y.year,
      coalesce((select fen from lent where lent.year = y.year), 0)::text as lending,
      coalesce((select n from lent where lent.year = y.year), 0)::int as loans,
      coalesce((select n from smes where smes.year = y.year), 0)::int as smes,
      coalesce((select sum(fen) from lent where lent.year <= y.year), 0)::text as cumulative_loans,
      coalesce((select -sum(net) from moves where class = 'contrib' and moves.year <= y.year), 0)::text as contributed,
      coalesce((select sum(net) from moves where class = 'compensation' and moves.year = y.year), 0)::text as compensation,
      coalesce((select sum(net) from moves where class = 'compensation' and moves.year <= y.year), 0)::text as cumulative_compensation,
      coalesce((select n from paid where paid.year = y.year), 0)::int as claims_paid,
      coalesce((select -sum(net) from moves where class = 'recovery' and moves.year = y.year), 0)::text as recoveries
    from y order by y.year`);
  const thisYear = Number(today.slice(0, 4));
  return rowsOf<{ year: number; lending: string; loans: number; smes: number; cumulative_loans: string; contributed: string; compensation: string; cumulative_compensation: string; claims_paid: number; recoveries: string }>(result).map((r) => {
    const lending = Number(r.lending);
    const contributed = Number(r.contributed);
    const compensation = Number(r.compensation);
    const recoveries = Number(r.recoveries);
    const complete = r.year < thisYear;
    // D-6 ratio at the year's end (or today for the current year), from the rule book
    const asOf = complete ? parseLegalDate(`${r.year}-12-31`) : today;
    const ratio = poolRiskRatio({ compensationPaid: Number(r.cumulative_compensation), cumulativeLoans: Number(r.cumulative_loans) } as never, asOf);
    return {
      year: r.year,
      complete,
      lendingFen: lending,
      loans: r.loans,
      smes: r.smes,
      contributedFen: contributed,
      compensationFen: compensation,
      claimsPaid: r.claims_paid,
      recoveriesFen: recoveries,
      netLossFen: compensation - recoveries,
      /** lending supported per yuan of pool paid in, in bp (10000 = 1 元 per 元) */
      leverageBp: ratioBp(lending, contributed),
      /** compensation paid in the year ÷ the year's lending */
      compensationRateBp: ratioBp(compensation, lending),
      /** recoveries returned in the year ÷ compensation paid in the year */
      recoveryRateBp: ratioBp(recoveries, compensation),
      cumulativeRatioBp: ratio.value.ratioBp,
      ratioWhy: verdictRecord(ratio).explain,
    };
  });
}

/** Each partner bank in scope for the year: its two tests (rules), its 31 December report, the decision recorded. */
export async function bankEvaluations(tx: Tx, scope: Scope, year: number, today: LegalDate) {
  const banks = await tx
    .select({ id: organisation.id, name: organisation.shortName, fullName: organisation.name, status: xdtBank.status })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .where(bankRecordCondition(scope, xdtBank.orgId))
    .orderBy(organisation.id);
  if (banks.length === 0) return [];
  const ids = sql.join(banks.map((b) => sql`${b.id}`), sql`, `);
  const figures = rowsOf<{ bank: number; year: number; lending: string; smes: number }>(
    await tx.execute(sql`select b.bank, b.year,
        coalesce((select sum(m.admitted_fen) from xdt_lending_month m where m.bank_org_id = b.bank and m.month >= make_date(b.year, 1, 1) and m.month < make_date(b.year + 1, 1, 1)), 0)::text as lending,
        (select count(*) from xdt_bank_year_enterprise e where e.bank_org_id = b.bank and e.year = b.year)::int as smes
      from (select unnest(array[${ids}]::int[]) as bank) banks cross join lateral (select banks.bank, y as year from unnest(array[${year}, ${year - 1}]::int[]) y) b`),
  );
  const december = await tx.select().from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.month, `${year}-12-01`), bankRecordCondition(scope, xdtMonthlyReport.bankOrgId)));
  const decisions = await tx.select().from(xdtYearlyDecision).where(and(eq(xdtYearlyDecision.year, year), bankRecordCondition(scope, xdtYearlyDecision.bankOrgId)));
  const complete = year < Number(today.slice(0, 4));
  return banks.map((b) => {
    const cur = figures.find((f) => f.bank === b.id && f.year === year);
    const prior = figures.find((f) => f.bank === b.id && f.year === year - 1);
    const v = bankYearlyTest({ year, lending: Number(cur?.lending ?? 0) as never, priorYearLending: Number(prior?.lending ?? 0) as never, smeCount: cur?.smes ?? 0, priorYearSmeCount: prior?.smes ?? 0 });
    // a corrected month has several versions: the figures are the latest's, lateness is the first filing's
    const versions = december.filter((r) => r.bankOrgId === b.id).sort((x, y) => y.version - x.version);
    const report = versions[0] ?? null;
    const firstFiledOn = versions.at(-1)?.submittedOn ?? null;
    const decision = decisions.find((d) => d.bankOrgId === b.id) ?? null;
    return {
      ...b,
      complete,
      lendingFen: Number(cur?.lending ?? 0),
      priorLendingFen: Number(prior?.lending ?? 0),
      smes: cur?.smes ?? 0,
      priorSmes: prior?.smes ?? 0,
      growthBp: v.value.growthBp,
      growthOk: v.value.growthOk,
      countOk: v.value.countOk,
      passed: v.value.passed,
      why: verdictRecord(v).explain,
      december: report && { balanceFen: report.balanceFen, cumulativeLendingFen: report.cumulativeLendingFen, nplFen: report.nplFen, badDebtFen: report.badDebtFen, submittedOn: firstFiledOn!, late: firstFiledOn! > report.dueDate },
      decision,
    };
  });
}

/**
 * The office records its decision on a bank for a complete year, at a meeting after the year's end. A bank that
 * failed a test cannot simply continue (XDT-BF Art.14: "暂停合作"); "change" suspends new lending through the bank
 * status path, "terminate" ends cooperation there too — so the bank's page, its history and the admission checks
 * all see it. One decision per bank and year.
 */
export async function recordYearlyDecision(tx: Tx, actor: Actor, scope: Scope, input: z.infer<typeof yearlyDecisionSchema>, today: LegalDate) {
  if (input.year >= Number(today.slice(0, 4))) throw new UserInputError("year", `${input.year}年尚未结束，年初方可评价上一年度`);
  let meetingDate: LegalDate;
  try {
    meetingDate = parseLegalDate(input.meetingDate);
  } catch {
    throw new UserInputError("meetingDate", "会议日期应为 YYYY-MM-DD 格式的有效日期");
  }
  if (meetingDate <= `${input.year}-12-31`) throw new UserInputError("meetingDate", `会议日期应在${input.year}年度结束之后`);
  if (meetingDate > today) throw new UserInputError("meetingDate", "会议日期不能晚于今天");
  // the bank row locked: a second submission waits, then finds the decision and is refused in words
  await tx.select({ id: xdtBank.orgId }).from(xdtBank).where(eq(xdtBank.orgId, input.bankOrgId)).for("update");
  const [bank] = await bankEvaluations(tx, scope, input.year, today).then((rows) => rows.filter((r) => r.id === input.bankOrgId));
  if (!bank) throw new UserInputError("bankOrgId", "找不到该合作银行");
  if (bank.decision) throw new UserInputError("bankOrgId", `${input.year}年度对该行的决定已记录（${YEARLY_DECISION_LABELS[bank.decision.decision]}）`);
  if (input.decision === "continue" && !bank.passed) throw new UserInputError("decision", "该行年度考核未达标，依管理办法第十四条应暂停合作，不能决定继续合作");
  const [row] = await tx
    .insert(xdtYearlyDecision)
    .values({ year: input.year, bankOrgId: bank.id, decision: input.decision, testPassed: bank.passed, basis: input.basis, meetingDate, decisionRef: input.decisionRef || null, recordedByUserId: actor.userId, recordedByName: actor.name })
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-yearly", entityId: row.id, action: "decide", after: row, bankOrgId: bank.id });
  const basis = `${input.year}年度评价：${YEARLY_DECISION_LABELS[input.decision]}。${input.basis}`;
  if (input.decision === "terminate") {
    await changeBankStatus(tx, actor, bank.id, { intent: "terminate", basis, decisionDate: meetingDate, decisionRef: input.decisionRef }, today);
  } else if (input.decision === "change" && bank.status === "active") {
    await changeBankStatus(tx, actor, bank.id, { intent: "suspend", reason: "yearly_test", basis, decisionDate: meetingDate, decisionRef: input.decisionRef }, today);
  }
  return `已记录${input.year}年度决定：${bank.name}${YEARLY_DECISION_LABELS[input.decision]}`;
}
