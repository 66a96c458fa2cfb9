import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { enterprise, organisation, xdtBank, xdtClaim, xdtLoan, xdtRecovery } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { ensureAccount, postJournal } from "#db/ledger";
import { XDT_ACCOUNTS } from "#db/accounts";
import { clockStatus, parseLegalDate, recoveryReturn, wasLate, type LegalDate, type RecoveryCost } from "#rules";
import { parseYuan } from "~/lib/money";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import type { ListParams } from "../list.server";
import { claimRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { requireEventDate } from "../event-dates.server";
import { workingCalendar } from "../calendar.server";
import { verdictRecord, type VerdictRecord } from "./reference.server";

const optionalYuan = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return 0;
    const f = parseYuan(v);
    if (f === null || f < 0) {
      ctx.addIssue({ code: "custom", message: "金额格式不正确（如 10,000.00）" });
      return z.NEVER;
    }
    return f;
  });

export const reportRecoverySchema = z.object({
  intent: z.literal("report-recovery"),
  /** one id per rendered form (the API: its Idempotency-Key): a double submission or a retry records once */
  requestId: z.string({ error: "页面已过期，请刷新后再提交" }).trim().regex(/^[A-Za-z0-9_:.-]{8,100}$/, "页面已过期，请刷新后再提交（或 Idempotency-Key 格式不正确）"),
  recoveryDate: z.string({ error: "请输入收回日期" }).trim(),
  recovered: z
    .string({ error: "请输入追回金额" })
    .trim()
    .transform((v, ctx) => {
      const f = parseYuan(v);
      if (f === null || f <= 0) {
        ctx.addIssue({ code: "custom", message: "追回金额格式不正确（如 100,000.00）" });
        return z.NEVER;
      }
      return f;
    }),
  litigationCost: optionalYuan,
  recoveryCost: optionalYuan,
});

/**
 * The bank reports money recovered after compensation (XDT-BF Art.19, XDT-TZ22 §四(六)): deductible costs (D-4, by
 * the claim's approval date), the pool's share (D-5, the agreement's ratio) and the 3-working-day due date — from rules/.
 */
export async function reportRecovery(tx: Tx, actor: Actor, bankOrgId: number, claimId: number, input: z.infer<typeof reportRecoverySchema>, today: LegalDate) {
  let recoveryDate: LegalDate;
  try {
    recoveryDate = parseLegalDate(input.recoveryDate);
  } catch {
    throw new UserInputError("recoveryDate", "收回日期应为 YYYY-MM-DD 格式的有效日期");
  }
  const [claim] = await tx.select().from(xdtClaim).where(and(eq(xdtClaim.id, claimId), eq(xdtClaim.bankOrgId, bankOrgId))).for("update");
  if (!claim) throw new UserInputError("", "找不到该代偿申请");
  if (claim.status !== "paid") throw new UserInputError("", "只有已支付补偿的贷款才需报告追偿返还");
  requireEventDate("recoveryDate", { label: "收回日期", date: recoveryDate, asOf: today, notBefore: { date: claim.paidOn as LegalDate, label: "补偿支付日" } });
  // the claim row is locked: the same report sent twice finds the first one here
  const [earlier] = await tx.select().from(xdtRecovery).where(and(eq(xdtRecovery.claimId, claimId), eq(xdtRecovery.requestKey, input.requestId)));
  if (earlier) return earlier;
  const [bank] = await tx.select({ share: xdtBank.poolShareBp }).from(xdtBank).where(eq(xdtBank.orgId, bankOrgId));
  const costs: RecoveryCost[] = [];
  if (input.litigationCost > 0) costs.push({ kind: "litigation", amount: input.litigationCost as never, actuallyIncurred: true, note: "实际发生的诉讼费用" });
  if (input.recoveryCost > 0) costs.push({ kind: "recovery", amount: input.recoveryCost as never, actuallyIncurred: true, note: "追偿费用" });
  const v = recoveryReturn({ recovered: input.recovered as never, costs, claimApprovalDate: claim.decisionDate as LegalDate, recoveryDate, agreementPoolShareBp: bank?.share ?? null }, await workingCalendar(tx));
  const [row] = await tx
    .insert(xdtRecovery)
    .values({ claimId, bankOrgId, requestKey: input.requestId, recoveryDate, recoveredFen: input.recovered, costs, deductibleFen: v.value.deductible, toPoolFen: v.value.toPool, dueDate: v.value.due, verdict: verdictRecord(v), reportedByName: actor.name })
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-recovery", entityId: row.id, action: "report-recovery", after: row, bankOrgId });
  return row;
}

export const returnRecoverySchema = z.object({ intent: z.literal("return-recovery"), recoveryId: z.coerce.number({ error: "缺少追偿记录" }).int().positive() });

/** The trustee records the pool's share as received: one journal (trust account ← the bank's recovery account), once. */
export async function recordReturn(tx: Tx, actor: Actor, recoveryId: number, today: LegalDate) {
  const [rec] = await tx.select().from(xdtRecovery).where(eq(xdtRecovery.id, recoveryId)).for("update");
  if (!rec) throw new UserInputError("", "找不到该追偿记录");
  if (rec.returnedOn) return { rec, message: `该笔已于 ${rec.returnedOn} 入账，未重复记账` };
  let journalId: number | null = null;
  if (rec.toPoolFen > 0) {
    const [o] = await tx.select({ shortName: organisation.shortName }).from(organisation).where(eq(organisation.id, rec.bankOrgId));
    const trust = await ensureAccount(tx, { code: XDT_ACCOUNTS.trust, name: "信贷通专户（黔晟国资）", kind: "asset", book: "xdt", mustNotGoNegative: true });
    const income = await ensureAccount(tx, { code: XDT_ACCOUNTS.recovery(rec.bankOrgId), name: `信贷通追偿返还收入（${o.shortName}）`, kind: "income", book: "xdt", ownerOrgId: rec.bankOrgId });
    ({ journalId } = await postJournal(tx, actor, {
      idempotencyKey: `xdt:recovery:${recoveryId}:return`,
      kind: "xdt.recovery-return",
      memo: `追偿款返还（代偿申请 ${rec.claimId}）`,
      valueDate: today,
      postings: [
        { accountId: trust.id, amountFen: rec.toPoolFen },
        { accountId: income.id, amountFen: -rec.toPoolFen },
      ],
      bankOrgId: rec.bankOrgId,
    }));
  }
  const late = wasLate(rec.dueDate as LegalDate, today);
  await tx.update(xdtRecovery).set({ returnedOn: today, returnJournalId: journalId }).where(eq(xdtRecovery.id, recoveryId));
  await writeAudit(tx, actor, { entity: "xdt-recovery", entityId: recoveryId, action: "return-recovery", before: { returnedOn: null }, after: { returnedOn: today, journalId, late }, bankOrgId: rec.bankOrgId });
  return { rec, message: late ? `已入账（逾期返还：应于 ${rec.dueDate} 前返还）` : "已入账" };
}

export const RECOVERY_SORTS = ["dueDate", "recoveryDate", "toPool"] as const;
export type RecoverySort = (typeof RECOVERY_SORTS)[number];
const SORTS = { dueDate: xdtRecovery.dueDate, recoveryDate: xdtRecovery.recoveryDate, toPool: xdtRecovery.toPoolFen };

export function parseRecoveryFilters(url: URL) {
  const s = url.searchParams.get("state") ?? "";
  return { state: (["open", "late", "returned"] as const).find((x) => x === s) };
}

/** Recoveries in scope; "late" = returned after its due date, or still open past it (flagged to trustee and office). */
export async function listRecoveries(tx: Tx, scope: Scope, params: ListParams<RecoverySort>, filters: ReturnType<typeof parseRecoveryFilters>, today: LegalDate) {
  const late = sql`(${xdtRecovery.returnedOn} > ${xdtRecovery.dueDate} or (${xdtRecovery.returnedOn} is null and ${xdtRecovery.dueDate} < ${today}))`;
  const where = and(
    claimRecordCondition(scope, xdtRecovery.bankOrgId, xdtRecovery.claimId),
    filters.state === "open" ? sql`${xdtRecovery.returnedOn} is null` : filters.state === "returned" ? sql`${xdtRecovery.returnedOn} is not null` : filters.state === "late" ? late : undefined,
  );
  const rows = await tx
    .select({
      id: xdtRecovery.id,
      claimId: xdtRecovery.claimId,
      bank: organisation.shortName,
      enterprise: enterprise.name,
      contractNo: xdtLoan.contractNo,
      recoveryDate: xdtRecovery.recoveryDate,
      recoveredFen: xdtRecovery.recoveredFen,
      deductibleFen: xdtRecovery.deductibleFen,
      toPoolFen: xdtRecovery.toPoolFen,
      dueDate: xdtRecovery.dueDate,
      returnedOn: xdtRecovery.returnedOn,
    })
    .from(xdtRecovery)
    .innerJoin(xdtClaim, eq(xdtClaim.id, xdtRecovery.claimId))
    .innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId))
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .innerJoin(organisation, eq(organisation.id, xdtRecovery.bankOrgId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(SORTS[params.sort]) : sql`${SORTS[params.sort]} desc`, asc(xdtRecovery.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ n }] = await tx.select({ n: count() }).from(xdtRecovery).where(where);
  return {
    rows: rows.map((r) => ({
      ...r,
      clock: clockStatus(r.dueDate as LegalDate, today, r.returnedOn as LegalDate | null),
      late: r.returnedOn ? wasLate(r.dueDate as LegalDate, r.returnedOn as LegalDate) : r.dueDate < today,
    })),
    total: n,
  };
}

/** The recoveries of one claim (the claim page), already scoped by the claim lookup. */
export async function claimRecoveries(tx: Tx, claimId: number, today: LegalDate) {
  const rows = await tx.select().from(xdtRecovery).where(eq(xdtRecovery.claimId, claimId)).orderBy(asc(xdtRecovery.id));
  return rows.map((r) => ({
    id: r.id,
    recoveryDate: r.recoveryDate,
    recoveredFen: r.recoveredFen,
    deductibleFen: r.deductibleFen,
    toPoolFen: r.toPoolFen,
    dueDate: r.dueDate,
    returnedOn: r.returnedOn,
    clock: clockStatus(r.dueDate as LegalDate, today, r.returnedOn as LegalDate | null),
    late: r.returnedOn ? wasLate(r.dueDate as LegalDate, r.returnedOn as LegalDate) : r.dueDate < today,
    why: (r.verdict as VerdictRecord).explain,
  }));
}
