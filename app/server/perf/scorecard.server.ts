import { sql } from "drizzle-orm";
import { auditFinding } from "#db/schema";
import { regionSupportReview, type Fen, type Grade, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { verdictRecord } from "../funds/projects.server";
import { regionCondition } from "../scope.server";
import { rowsOf } from "#db/client";

const GRADES: Grade[] = ["优", "良", "中", "差"];

/**
 * Audit / finance inspection findings per 市州 (GXZJ-35 Art.30 "审计或财政等监督检查中发现问题较多"). The findings
 * table is built elsewhere (issue 6 item 6); until it exists every region has 0 — point this one query at it then.
 */
export async function findingsByRegion(tx: Tx, regionCodes: readonly string[], year: number): Promise<Map<string, number>> {
  // audit findings on records that lie in the 市州 (or its counties), recorded since the start of the budget year:
  // the year's supervision and the review that follows it
  const res = await tx.execute(sql`
    select left(f.region_code, 4) || '00' as prefecture, count(*)::int as n
    from ${auditFinding} f
    where f.region_code is not null
      and (f.created_at at time zone 'Asia/Shanghai')::date >= ${`${year}-01-01`}::date
    group by 1`);
  const counts = new Map(rowsOf<{ prefecture: string; n: number }>(res).map((r) => [r.prefecture, Number(r.n)]));
  return new Map(regionCodes.map((c) => [c, counts.get(c) ?? 0]));
}
export const FINDINGS_SOURCE_READY = true;

/**
 * Money issued to each 市州 for a budget year and paid out of it, from the ledger: postings on the region's budget
 * accounts (`funds:budget:<program>:<year>:<region>`) by journals of kind funds.issue (in) and funds.payment (out),
 * reversals included, up to `asOf`.
 */
export async function ledgerDisbursement(tx: Tx, scope: Scope, year: number, asOf: LegalDate) {
  const res = await tx.execute(sql`
    select r.code, r.name,
      coalesce(sum(case when coalesce(o.kind, j.kind) = 'funds.issue' then p.amount_fen end), 0)::text as issued,
      coalesce(-sum(case when coalesce(o.kind, j.kind) = 'funds.payment' then p.amount_fen end), 0)::text as paid
    from region r
    left join ledger_account a on a.code like ('funds:budget:%:' || ${String(year)} || ':' || r.code)
    left join posting p on p.account_id = a.id
    left join journal j on j.id = p.journal_id and j.value_date <= ${asOf}
    left join journal o on o.id = j.reverses_journal_id
    where r.level = 'prefecture' and ${regionCondition(scope, sql.raw("r.code") as never) ?? sql`true`} and (p.id is null or j.id is not null)
    group by r.code, r.name order by r.code`);
  return rowsOf<{ code: string; name: string; issued: string; paid: string }>(res).map((r) => ({ code: r.code, name: r.name, issuedFen: Number(r.issued), paidFen: Number(r.paid) }));
}

/** Key-evaluation scores of the projects located in each 市州 (and its counties) for a budget year, in scope. */
async function keyScores(tx: Tx, scope: Scope, year: number) {
  const res = await tx.execute(sql`
    select case when rr.level = 'county' then rr.parent_code else rr.code end as prefecture, e.score_centi as score, e.grade
    from perf_evaluation e join region rr on rr.code = e.region_code
    where e.kind = 'key' and e.year = ${year} and ${regionCondition(scope, sql.raw("e.region_code") as never) ?? sql`true`}`);
  const by = new Map<string, { scores: number[]; grades: Record<Grade, number> }>();
  for (const r of rowsOf<{ prefecture: string; score: number; grade: Grade }>(res)) {
    const code = r.prefecture;
    const entry = by.get(code) ?? { scores: [], grades: { 优: 0, 良: 0, 中: 0, 差: 0 } };
    entry.scores.push(Number(r.score) / 100);
    entry.grades[r.grade]++;
    by.set(code, entry);
  }
  return by;
}

/**
 * The region scorecard for a budget year: goal attainment (key evaluations), disbursement speed (ledger: paid ÷
 * issued against the time elapsed in the year), findings, and the GXZJ-35 Art.30 flag from `regionSupportReview`.
 */
export async function regionScorecard(tx: Tx, scope: Scope, year: number, asOf: LegalDate) {
  const money = await ledgerDisbursement(tx, scope, year, asOf);
  const scores = await keyScores(tx, scope, year);
  const findings = await findingsByRegion(tx, money.map((m) => m.code), year);
  return money.map((m) => {
    const s = scores.get(m.code) ?? { scores: [], grades: { 优: 0, 良: 0, 中: 0, 差: 0 } };
    const v = regionSupportReview({ asOf, periodStart: `${year}-01-01` as LegalDate, periodEnd: `${year}-12-31` as LegalDate, issued: m.issuedFen as Fen, paid: m.paidFen as Fen, keyScores: s.scores, findings: findings.get(m.code) ?? 0 });
    return {
      ...m,
      ...v.value,
      keyCount: s.scores.length,
      grades: s.grades,
      findings: findings.get(m.code) ?? 0,
      reasons: v.findings.filter((f) => f.code !== "PERF_REGION_REDUCE_SUPPORT").map((f) => f.message),
      explain: verdictRecord(v).explain,
    };
  });
}
export type ScorecardRow = Awaited<ReturnType<typeof regionScorecard>>[number];

/** Key-evaluation grade counts by 市州 or by program (all budget years, or one), in scope. */
export async function gradeDistribution(tx: Tx, scope: Scope, by: "region" | "program", year?: number) {
  const group = by === "region" ? sql`pr.name` : sql`p.code`;
  const res = await tx.execute(sql`
    select ${group} as label, e.grade, count(*)::int as n
    from perf_evaluation e join region rr on rr.code = e.region_code join region pr on pr.code = coalesce(case when rr.level = 'county' then rr.parent_code end, rr.code) join fund_program p on p.id = e.program_id
    where e.kind = 'key' ${year ? sql`and e.year = ${year}` : sql``} and ${regionCondition(scope, sql.raw("e.region_code") as never) ?? sql`true`}
    group by 1, 2 order by 1`);
  const map = new Map<string, Record<Grade, number>>();
  for (const r of rowsOf<{ label: string; grade: Grade; n: number }>(res)) {
    const entry = map.get(r.label) ?? { 优: 0, 良: 0, 中: 0, 差: 0 };
    entry[r.grade] = Number(r.n);
    map.set(r.label, entry);
  }
  return [...map.entries()].map(([label, g]) => ({ label, ...g, total: GRADES.reduce((s, k) => s + g[k], 0) }));
}

/** Budget years a scorecard can be asked for. */
export const SCORECARD_YEARS = [2024, 2025, 2026] as const;
export function parseScorecardYear(url: URL, today: LegalDate) {
  const y = Number(url.searchParams.get("year"));
  return (SCORECARD_YEARS as readonly number[]).includes(y) ? y : Number(today.slice(0, 4)) - 1;
}
