import { and, eq, inArray, like, sql } from "drizzle-orm";
import { ledgerAccount, ledgerAccountMonth, organisation, xdtBank, xdtBankStatusChange, xdtBlacklist, xdtLendingMonth, xdtLpr } from "#db/schema";
import { XDT_ACCOUNTS } from "#db/accounts";
import { inTextList } from "#db/client";
import type { Actor } from "#db/audit";
import { writeAudit } from "#db/audit";
import { fen, parseLegalDate, riskStopStatus, type LegalDate, type LprTable, type Verdict } from "#rules";
import { explain } from "#rules";
import { todayInChina } from "~/lib/dates";
import type { Tx } from "../db.server";

/** "Today" for every 信贷通 clock: the legal date in Beijing. */
export function xdtToday(): LegalDate {
  return parseLegalDate(todayInChina());
}

/** D-1: the LPR history from the database (maintained by the administrator). */
export async function lprTable(tx: Tx): Promise<LprTable> {
  const rows = await tx.select().from(xdtLpr).orderBy(xdtLpr.effectiveDate);
  return rows.map((r) => ({ effectiveDate: parseLegalDate(r.effectiveDate), lpr1yBp: r.lpr1yBp, lpr5yBp: r.lpr5yBp }));
}

/** Only the identifiers that matter for one check (the enterprise and its shareholders), never the whole list. */
export async function blacklistedAmong(tx: Tx, identifiers: string[]): Promise<Set<string>> {
  if (identifiers.length === 0) return new Set();
  const rows = await tx.select({ identifier: xdtBlacklist.identifier }).from(xdtBlacklist).where(inTextList(xdtBlacklist.identifier, identifiers));
  return new Set(rows.map((r) => r.identifier));
}

/**
 * What a stored verdict keeps: outcome, findings and the "why" text — and, when a "原则上" limit was let through,
 * who let it through, why and which limits (RULES.md: shown wherever the figure is shown).
 */
export function verdictRecord(v: Verdict<unknown>) {
  const overridden = v.findings.filter((f) => f.override);
  const override = overridden.length > 0 ? { by: overridden[0].override!.by, reason: overridden[0].override!.reason, codes: overridden.map((f) => f.code) } : undefined;
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })), explain: explain(v), ...(override ? { override } : {}) };
}
export type VerdictRecord = ReturnType<typeof verdictRecord>;

/**
 * D-6 figures: cumulative compensation paid and cumulative admitted lending, per bank or pool-wide — read from the
 * stored figures (the compensation accounts' balances and the lending months, kept by the database: migration 0017),
 * never summed from the postings or the loans.
 */
export async function riskFigures(tx: Tx, bankOrgId: number | null) {
  const [row] = await tx
    .select({
      paid: sql<string>`coalesce((select sum(a.balance_fen) from ${ledgerAccount} a where ${
        bankOrgId === null ? sql`a.code like 'xdt:compensation:%'` : sql`a.code = ${XDT_ACCOUNTS.compensation(bankOrgId)}`
      }), 0)::text`,
      loans: sql<string>`coalesce((select sum(m.admitted_fen) from ${xdtLendingMonth} m ${bankOrgId === null ? sql`` : sql`where m.bank_org_id = ${bankOrgId}`}), 0)::text`,
    })
    .from(sql`(select 1) as one`);
  return { compensationPaid: fen(Number(row.paid)), cumulativeLoans: fen(Number(row.loans)) };
}

/**
 * The 3% stop (XDT-BF Art.21, D-7), recomputed from the ledger: a bank whose ratio (or the pool's) has reached 3%
 * is suspended at once and the change recorded; a restart needs the ratio below 3% and a recorded decision, so
 * nothing here lifts a suspension. Returns whether the bank may add loans and the verdict that says why.
 */
export async function refreshRiskStop(tx: Tx, actor: Actor, bankOrgId: number, asOf: LegalDate) {
  const [bank] = await tx.select().from(xdtBank).where(eq(xdtBank.orgId, bankOrgId)).for("update");
  if (!bank) return { canLend: false, reason: "该机构不是信贷通合作金融机构", verdict: null };
  const verdict = riskStopStatus({
    asOf,
    bank: (await riskFigures(tx, bankOrgId)) as never,
    pool: (await riskFigures(tx, null)) as never,
    currentlySuspended: bank.status === "suspended" && (bank.suspensionReason === "bank_ratio" || bank.suspensionReason === "pool_ratio"),
    restartDecision: null,
  });
  if (verdict.value.suspended && verdict.value.reason !== "awaiting_restart_decision" && bank.status === "active") {
    const reason = verdict.value.reason as "bank_ratio" | "pool_ratio";
    await tx.update(xdtBank).set({ status: "suspended", suspensionReason: reason, updatedAt: new Date() }).where(eq(xdtBank.orgId, bankOrgId));
    const basis = verdict.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；");
    await tx.insert(xdtBankStatusChange).values({ bankOrgId, fromStatus: "active", toStatus: "suspended", basis, decisionDate: asOf, recordedByUserId: actor.userId, recordedByName: actor.name });
    await writeAudit(tx, actor, { entity: "xdt-bank", entityId: bankOrgId, action: "suspend", before: { status: bank.status }, after: { status: "suspended", reason, basis }, bankOrgId });
    return { canLend: false, reason: basis, verdict };
  }
  if (bank.status !== "active") {
    const why =
      bank.status === "suspended"
        ? verdict.value.suspended
          ? verdict.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；")
          : "该行信贷通合作已暂停（年度考核或其他原因），须经协调领导小组决策后方可恢复"
        : `该行当前状态为“${bank.status === "terminated" ? "终止合作" : "尚未开展业务"}”，不能新增信贷通贷款`;
    return { canLend: false, reason: why, verdict };
  }
  return { canLend: true, reason: null, verdict };
}

/** Bank short names for filters (officers only; a bank never gets this list). */
export async function partnerBanks(tx: Tx) {
  return tx
    .select({ id: organisation.id, name: organisation.shortName, status: xdtBank.status })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .orderBy(organisation.id);
}

/**
 * Trustee deposits into each bank's account (the weights of XDT-BF Art.17's shortfall split): what the trustee put
 * in, net of what it took out or moved to another bank (pool-ops.server.ts) — "存入比例" is of the money deposited now.
 */
export async function depositWeights(tx: Tx) {
  const rows = await tx
    .select({
      bankOrgId: ledgerAccount.ownerOrgId,
      accountId: ledgerAccount.id,
      balance: sql<string>`${ledgerAccount.balanceFen}::text`,
      deposited: sql<string>`coalesce((select sum(m.net_fen) from ${ledgerAccountMonth} m where m.account_id = ${ledgerAccount.id} and m.journal_kind in ('xdt.deposit', 'xdt.withdrawal', 'xdt.transfer')), 0)::text`,
    })
    .from(ledgerAccount)
    .where(and(like(ledgerAccount.code, "xdt:deposit:%")))
    .orderBy(ledgerAccount.id);
  return rows.map((r) => ({ bankOrgId: r.bankOrgId!, accountId: r.accountId, balance: Number(r.balance), deposited: Number(r.deposited) }));
}
