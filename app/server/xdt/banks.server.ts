import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { organisation, xdtBank, xdtBankStatusChange, xdtMonthlyReport } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { bankRiskRatio, bankYearlyTest, monthlyReportDue, clockStatus, parseLegalDate, poolRiskRatio, riskStopStatus, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { bankRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { riskFigures, verdictRecord } from "./reference.server";
import { ratioSeries } from "./figures.server";

/** The latest monthly report per bank: the conventional NPL measure's figures. */
async function latestReports(tx: Tx) {
  const rows = await tx
    .selectDistinctOn([xdtMonthlyReport.bankOrgId], { bankOrgId: xdtMonthlyReport.bankOrgId, month: xdtMonthlyReport.month, balanceFen: xdtMonthlyReport.balanceFen, nplFen: xdtMonthlyReport.nplFen })
    .from(xdtMonthlyReport)
    // a correction is a later version of the same month: the latest version of the latest month counts
    .orderBy(xdtMonthlyReport.bankOrgId, desc(xdtMonthlyReport.month), desc(xdtMonthlyReport.version));
  return new Map(rows.map((r) => [r.bankOrgId, r]));
}

/** The pool's D-6 ratio with the conventional measure beside it (sum of the banks' latest reports). */
export async function poolRatio(tx: Tx, today: LegalDate) {
  const reports = [...(await latestReports(tx)).values()];
  const conventional = { overdue90Balance: reports.reduce((s, r) => s + r.nplFen, 0) as never, outstandingBalance: reports.reduce((s, r) => s + r.balanceFen, 0) as never };
  const figures = await riskFigures(tx, null);
  const v = poolRiskRatio(figures as never, today, conventional);
  return { ...figures, ratioBp: v.value.ratioBp, thresholdBp: v.value.thresholdBp, reached: v.value.reached, conventionalBp: v.value.conventionalBp, why: verdictRecord(v).explain };
}

/**
 * Partner banks in scope with their D-6 ratio (compensation paid ÷ cumulative admitted loans, from the ledger and the
 * loans) and, labelled apart, the conventional NPL ratio from their latest monthly report. A bank sees its own row.
 */
export async function listBanks(tx: Tx, scope: Scope, today: LegalDate, onlyOrgId?: number) {
  const banks = await tx
    .select({ id: organisation.id, name: organisation.shortName, fullName: organisation.name, status: xdtBank.status, suspensionReason: xdtBank.suspensionReason })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .where(and(bankRecordCondition(scope, xdtBank.orgId), onlyOrgId === undefined ? undefined : eq(xdtBank.orgId, onlyOrgId)))
    .orderBy(organisation.id);
  const reports = await latestReports(tx);
  const rows = [];
  for (const b of banks) {
    const figures = await riskFigures(tx, b.id);
    const r = reports.get(b.id);
    const v = bankRiskRatio(figures as never, today, r ? { overdue90Balance: r.nplFen as never, outstandingBalance: r.balanceFen as never } : undefined);
    rows.push({ ...b, ...figures, ratioBp: v.value.ratioBp, thresholdBp: v.value.thresholdBp, reached: v.value.reached, conventionalBp: v.value.conventionalBp, reportMonth: r?.month ?? null });
  }
  return rows;
}

/** One bank in scope (else null → 404): status, history, ratio with its why, monthly reports with clocks, yearly tests. */
export async function getBank(tx: Tx, scope: Scope, orgId: number, today: LegalDate) {
  const [bank] = await listBanks(tx, scope, today, orgId);
  if (!bank) return null;
  const history = await tx.select().from(xdtBankStatusChange).where(eq(xdtBankStatusChange.bankOrgId, orgId)).orderBy(desc(xdtBankStatusChange.id));
  const figures = await riskFigures(tx, orgId);
  const stop = riskStopStatus({
    asOf: today,
    bank: figures as never,
    pool: (await riskFigures(tx, null)) as never,
    currentlySuspended: bank.status === "suspended",
    restartDecision: null,
  });
  const reports = await tx
    .selectDistinctOn([xdtMonthlyReport.month])
    .from(xdtMonthlyReport)
    .where(eq(xdtMonthlyReport.bankOrgId, orgId))
    .orderBy(desc(xdtMonthlyReport.month), desc(xdtMonthlyReport.version))
    .limit(12);
  const firstFiled = new Map(
    (await tx.select({ month: xdtMonthlyReport.month, on: xdtMonthlyReport.submittedOn }).from(xdtMonthlyReport).where(and(eq(xdtMonthlyReport.bankOrgId, orgId), eq(xdtMonthlyReport.version, 1)))).map((r) => [r.month, r.on]),
  );
  // this month's report is due by the 10th of next month: the clock of the month just ended
  const lastMonth = parseLegalDate(`${today.slice(0, 7)}-01`);
  const currentDue = monthlyReportDue(parseLegalDate(new Date(Date.parse(`${lastMonth}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10))).value.due;
  // the yearly tests from the stored figures: lending per month and enterprises supported per year (Decision 22)
  const years = await tx.execute(sql`
    select l.year, l.lending, (select count(*) from xdt_bank_year_enterprise e where e.bank_org_id = ${orgId} and e.year = l.year)::int as smes
    from (select extract(year from month)::int as year, sum(admitted_fen)::text as lending from xdt_lending_month where bank_org_id = ${orgId} group by 1 having sum(admitted_count) > 0) l
    order by 1`);
  const yearRows = (Array.isArray(years) ? years : (years as { rows: unknown[] }).rows) as { year: number; lending: string; smes: number }[];
  const yearly = yearRows.slice(1).map((y, i) => {
    const prior = yearRows[i];
    const v = bankYearlyTest({ year: y.year, lending: Number(y.lending) as never, priorYearLending: Number(prior.lending) as never, smeCount: y.smes, priorYearSmeCount: prior.smes });
    return { year: y.year, lendingFen: Number(y.lending), priorFen: Number(prior.lending), smes: y.smes, priorSmes: prior.smes, passed: v.value.passed, growthBp: v.value.growthBp, why: verdictRecord(v).explain, complete: y.year < Number(today.slice(0, 4)) };
  });
  return {
    ...bank,
    history,
    stopWhy: verdictRecord(stop).explain,
    restartPossible: bank.status === "suspended" && stop.value.reason === "awaiting_restart_decision",
    reports: reports.map((r) => ({ ...r, firstSubmittedOn: firstFiled.get(r.month) ?? r.submittedOn, late: (firstFiled.get(r.month) ?? r.submittedOn) > r.dueDate })),
    currentReport: { due: currentDue, status: clockStatus(currentDue, today, firstFiled.get(`${lastMonth.slice(0, 7)}-01`) as LegalDate | undefined) },
    yearly,
    series: await ratioSeries(tx, orgId, today),
  };
}

export const bankStatusSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("restart"),
    decisionDate: z.string({ error: "请输入决定日期" }).trim(),
    decisionRef: z.string({ error: "请输入会议纪要编号" }).trim().min(2, "请输入会议纪要编号").max(100),
  }),
  z.object({
    intent: z.literal("suspend"),
    reason: z.enum(["yearly_test", "other"], { error: "请选择暂停原因" }),
    basis: z.string({ error: "请填写依据" }).trim().min(2, "请填写依据").max(500),
    decisionDate: z.string({ error: "请输入决定日期" }).trim(),
    decisionRef: z.string().trim().max(100).optional(),
  }),
  // the yearly evaluation's terminate decision (XDT-BF Art.14, Art.24; app/server/xdt/yearly.server.ts)
  z.object({
    intent: z.literal("terminate"),
    basis: z.string({ error: "请填写依据" }).trim().min(2, "请填写依据").max(1000),
    decisionDate: z.string({ error: "请输入决定日期" }).trim(),
    decisionRef: z.string().trim().max(100).optional(),
  }),
]);

/**
 * Restart needs the ratios below 3% **and** the leading group's recorded decision (XDT-BF Art.21, D-7): the rule
 * decides with the decision given; a restart refused by it is explained. Suspension for the yearly test (Art.14)
 * or another reason is recorded with its basis.
 */
export async function changeBankStatus(tx: Tx, actor: Actor, orgId: number, input: z.infer<typeof bankStatusSchema>, today: LegalDate) {
  let decisionDate: LegalDate;
  try {
    decisionDate = parseLegalDate(input.decisionDate);
  } catch {
    throw new UserInputError("decisionDate", "决定日期应为 YYYY-MM-DD 格式的有效日期");
  }
  if (decisionDate > today) throw new UserInputError("decisionDate", "决定日期不能晚于今天");
  const [bank] = await tx.select().from(xdtBank).where(eq(xdtBank.orgId, orgId)).for("update");
  if (!bank) throw new UserInputError("", "找不到该合作银行");
  if (input.intent === "restart") {
    if (bank.status !== "suspended") throw new UserInputError("", "该行未暂停，无需恢复");
    const v = riskStopStatus({ asOf: today, bank: (await riskFigures(tx, orgId)) as never, pool: (await riskFigures(tx, null)) as never, currentlySuspended: true, restartDecision: { date: decisionDate, ref: input.decisionRef } });
    if (!v.value.restarted) throw new UserInputError("", `不能恢复：${v.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；")}`);
    await tx.update(xdtBank).set({ status: "active", suspensionReason: null, updatedAt: new Date() }).where(eq(xdtBank.orgId, orgId));
    await tx.insert(xdtBankStatusChange).values({ bankOrgId: orgId, fromStatus: "suspended", toStatus: "active", basis: v.findings.map((f) => f.message).join("；"), decisionRef: input.decisionRef, decisionDate, recordedByUserId: actor.userId, recordedByName: actor.name });
    await writeAudit(tx, actor, { entity: "xdt-bank", entityId: orgId, action: "restart", before: { status: bank.status }, after: { status: "active", decisionRef: input.decisionRef, decisionDate }, bankOrgId: orgId });
    return "已记录协调领导小组决定，恢复新增贷款投放";
  }
  if (input.intent === "terminate") {
    if (bank.status === "terminated") throw new UserInputError("", "该行已终止合作");
    // loans already admitted stay compensable (XDT-BF Art.14); only new business ends
    await tx.update(xdtBank).set({ status: "terminated", suspensionReason: null, updatedAt: new Date() }).where(eq(xdtBank.orgId, orgId));
    await tx.insert(xdtBankStatusChange).values({ bankOrgId: orgId, fromStatus: bank.status, toStatus: "terminated", basis: input.basis, decisionRef: input.decisionRef || null, decisionDate, recordedByUserId: actor.userId, recordedByName: actor.name });
    await writeAudit(tx, actor, { entity: "xdt-bank", entityId: orgId, action: "terminate", before: { status: bank.status }, after: { status: "terminated", basis: input.basis }, bankOrgId: orgId });
    return "已终止该行信贷通合作";
  }
  if (bank.status !== "active") throw new UserInputError("", "只有合作中的银行可以暂停");
  await tx.update(xdtBank).set({ status: "suspended", suspensionReason: input.reason, updatedAt: new Date() }).where(eq(xdtBank.orgId, orgId));
  await tx.insert(xdtBankStatusChange).values({ bankOrgId: orgId, fromStatus: "active", toStatus: "suspended", basis: input.basis, decisionRef: input.decisionRef || null, decisionDate, recordedByUserId: actor.userId, recordedByName: actor.name });
  await writeAudit(tx, actor, { entity: "xdt-bank", entityId: orgId, action: "suspend", before: { status: bank.status }, after: { status: "suspended", reason: input.reason, basis: input.basis }, bankOrgId: orgId });
  return "已暂停该行新增信贷通贷款";
}

void and;
