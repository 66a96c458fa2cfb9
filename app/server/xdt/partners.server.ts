import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { organisation, xdtBank, xdtBankList, xdtBankListEntry, xdtBankStatusChange } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { ensureAccount } from "#db/ledger";
import { XDT_ACCOUNTS } from "#db/accounts";
import {
  CITES,
  formatCitation,
  nextPartnerBankSteps,
  parseLegalDate,
  partnerBankTransition,
  partnerListDue,
  PARTNER_BANK_STEPS,
  RuleError,
  wasLate,
  type LegalDate,
  type PartnerBankStatus,
  type PartnerBankStep,
} from "#rules";
import type { bankApplicationSchema, partnerStepSchema, publishListSchema } from "~/lib/forms/xdt";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { bankRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";

/** Statuses whose bank has a signed agreement and may stand on a year's list (XDT-BF 第五条; XDT-TZ22 一（一）). */
const LISTABLE: PartnerBankStatus[] = ["agreement_signed", "listed", "active", "suspended"];

/** Audit action per step ("approve" is taken by the claims' decision). */
const AUDIT_ACTION: Record<PartnerBankStep, string> = { apply: "apply", evaluate: "evaluate", approve: "approve-bank", sign: "sign", list: "list", activate: "activate", suspend: "suspend", restart: "restart", terminate: "terminate" };

function legalDate(value: string, field: string): LegalDate {
  try {
    return parseLegalDate(value);
  } catch {
    throw new UserInputError(field, "日期应为 YYYY-MM-DD 格式的有效日期");
  }
}

async function lastChangeDate(tx: Tx, orgId: number): Promise<LegalDate | null> {
  const [row] = await tx.select({ d: xdtBankStatusChange.decisionDate }).from(xdtBankStatusChange).where(eq(xdtBankStatusChange.bankOrgId, orgId)).orderBy(desc(xdtBankStatusChange.decisionDate), desc(xdtBankStatusChange.id)).limit(1);
  return (row?.d as LegalDate | undefined) ?? null;
}

/** Runs the rule; a refused step comes back to the form with the rule's reasons. */
function checkStep(input: Parameters<typeof partnerBankTransition>[0]) {
  const v = partnerBankTransition(input);
  if (!v.value.allowed) throw new UserInputError("", v.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；"));
  return v;
}

async function recordChange(tx: Tx, actor: Actor, orgId: number, step: PartnerBankStep, from: PartnerBankStatus | null, v: { basis: string; decisionRef: string; decisionDate: LegalDate }) {
  const to = PARTNER_BANK_STEPS[step].to;
  await tx.insert(xdtBankStatusChange).values({ bankOrgId: orgId, fromStatus: from, toStatus: to, basis: v.basis, decisionRef: v.decisionRef, decisionDate: v.decisionDate, recordedByUserId: actor.userId, recordedByName: actor.name });
  await writeAudit(tx, actor, { entity: "xdt-bank", entityId: orgId, action: AUDIT_ACTION[step], before: { status: from }, after: { status: to, basis: v.basis, decisionRef: v.decisionRef, decisionDate: v.decisionDate }, bankOrgId: orgId });
}

/** Banks (organisations of kind bank) that have not applied yet: the office records their written application. */
export async function bankApplicants(tx: Tx) {
  return tx
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .leftJoin(xdtBank, eq(xdtBank.orgId, organisation.id))
    .where(and(eq(organisation.kind, "bank"), eq(organisation.active, true), isNull(xdtBank.orgId)))
    .orderBy(asc(organisation.id));
}

/** XDT-BF 第五条: a bank with Guizhou branches applies to the 信贷通办, which records the application it received. */
export async function recordApplication(tx: Tx, actor: Actor, input: z.infer<typeof bankApplicationSchema>, today: LegalDate) {
  const decisionDate = legalDate(input.decisionDate, "decisionDate");
  // locked: a second submission waits, then finds the application and is refused in words
  const [org] = await tx.select().from(organisation).where(and(eq(organisation.id, input.bankOrgId), eq(organisation.kind, "bank"))).for("update");
  if (!org) throw new UserInputError("bankOrgId", "请选择一家银行金融机构");
  const [existing] = await tx.select().from(xdtBank).where(eq(xdtBank.orgId, org.id));
  checkStep({ from: existing?.status ?? null, step: "apply", basis: input.basis, decisionRef: input.decisionRef, decisionDate, asOf: today });
  await tx.insert(xdtBank).values({ orgId: org.id, status: "applied", code: `B${org.id}` });
  await recordChange(tx, actor, org.id, "apply", null, { basis: input.basis, decisionRef: input.decisionRef, decisionDate });
  return `已登记${org.shortName ?? org.name}的合作申请`;
}

/**
 * One step of the lifecycle on a bank's page: evaluation and the leading group's approval (office), the agreement
 * (trustee, which opens the bank's 信贷通 deposit account), the start of business after listing, or the end of
 * cooperation. Only the legal next step, with basis, decision reference and date (rules/xdt/partners.ts).
 */
export async function advanceBank(tx: Tx, actor: Actor, scope: Scope, orgId: number, input: z.infer<typeof partnerStepSchema>, today: LegalDate) {
  const decisionDate = legalDate(input.decisionDate, "decisionDate");
  const [bank] = await tx.select().from(xdtBank).where(and(eq(xdtBank.orgId, orgId), bankRecordCondition(scope, xdtBank.orgId))).for("update");
  if (!bank) throw new UserInputError("", "找不到该合作银行");
  checkStep({ from: bank.status, step: input.intent, basis: input.basis, decisionRef: input.decisionRef, decisionDate, asOf: today, previousDate: await lastChangeDate(tx, orgId) });
  const to = PARTNER_BANK_STEPS[input.intent].to;
  if (input.intent === "sign") {
    const [org] = await tx.select().from(organisation).where(eq(organisation.id, orgId));
    // XDT-BF 第十七条 draws compensation from the bank's own 信贷通 deposit account: opened with the agreement
    await ensureAccount(tx, { code: XDT_ACCOUNTS.deposit(orgId), name: `信贷通存款户（${org.shortName ?? org.name}）`, kind: "asset", book: "xdt", ownerOrgId: orgId, mustNotGoNegative: true });
  }
  await tx.update(xdtBank).set({ status: to, suspensionReason: null, updatedAt: new Date() }).where(eq(xdtBank.orgId, orgId));
  await recordChange(tx, actor, orgId, input.intent, bank.status, { basis: input.basis, decisionRef: input.decisionRef, decisionDate });
  return `已记录：${PARTNER_BANK_STEPS[input.intent].name}`;
}

/** The steps a user may take on a bank now (what its page offers), from the rule and the user's permissions. */
export function offeredSteps(status: PartnerBankStatus, may: { decide: boolean; sign: boolean }) {
  return nextPartnerBankSteps(status)
    .filter((s): s is "evaluate" | "approve" | "sign" | "activate" | "terminate" => ["evaluate", "approve", "sign", "activate", "terminate"].includes(s))
    .filter((s) => (s === "sign" ? may.sign : may.decide))
    .map((s) => ({ step: s, name: PARTNER_BANK_STEPS[s].name, refLabel: PARTNER_BANK_STEPS[s].refLabel, actor: PARTNER_BANK_STEPS[s].actor, why: PARTNER_BANK_STEPS[s].cites.map(formatCitation).join("；") }));
}

/** XDT-TZ22 一（一）: the year's list is due by 31 January; no deadline before the notice came into force (2022 list). */
export function listDeadline(year: number): { due: LegalDate | null; why: string } {
  try {
    const v = partnerListDue(year);
    return { due: v.value.due, why: v.cites.map(formatCitation).join("；") };
  } catch (err) {
    if (err instanceof RuleError) return { due: null, why: `${formatCitation(CITES.XDT_TZ22_LIST)}（${err.message}）` };
    throw err;
  }
}

/**
 * The office publishes year N's list: one list per year, of banks with a signed agreement; banks whose agreement was
 * just signed move to "listed" (recorded as a status change). Publication after 31 January is recorded and flagged late.
 */
export async function publishYearList(tx: Tx, actor: Actor, input: z.infer<typeof publishListSchema>, today: LegalDate) {
  const publishedOn = legalDate(input.publishedOn, "publishedOn");
  if (publishedOn > today) throw new UserInputError("publishedOn", "公布日期不能晚于今天");
  if (Number(publishedOn.slice(0, 4)) < input.year - 1) throw new UserInputError("publishedOn", `${input.year}年度名单不能早于${input.year - 1}年公布`);
  const ids = [...new Set(input.bankOrgId)];
  const banks = await tx.select({ id: xdtBank.orgId, status: xdtBank.status, name: organisation.shortName }).from(xdtBank).innerJoin(organisation, eq(organisation.id, xdtBank.orgId)).where(inArray(xdtBank.orgId, ids)).for("update", { of: xdtBank });
  if (banks.length !== ids.length) throw new UserInputError("bankOrgId", "所选银行不是信贷通合作申请银行");
  const notReady = banks.filter((b) => !LISTABLE.includes(b.status));
  if (notReady.length) throw new UserInputError("bankOrgId", `${notReady.map((b) => b.name).join("、")}尚未签订合作协议或已终止合作，不能列入名单`);
  const [earlier] = await tx.select().from(xdtBankList).where(eq(xdtBankList.year, input.year));
  if (earlier) throw new UserInputError("year", `${input.year}年度合作名单已于${earlier.publishedOn}公布，不能重复公布`);
  await tx.insert(xdtBankList).values({ year: input.year, publishedOn, documentRef: input.documentRef, publishedByUserId: actor.userId, publishedByName: actor.name });
  await tx.insert(xdtBankListEntry).values(ids.map((bankOrgId) => ({ year: input.year, bankOrgId })));
  const basis = `列入${input.year}年度合作金融机构名单（XDT-TZ22 一（一））`;
  for (const b of banks.filter((x) => x.status === "agreement_signed")) {
    checkStep({ from: b.status, step: "list", basis, decisionRef: input.documentRef, decisionDate: publishedOn, asOf: today, previousDate: await lastChangeDate(tx, b.id) });
    await tx.update(xdtBank).set({ status: "listed", updatedAt: new Date() }).where(eq(xdtBank.orgId, b.id));
    await recordChange(tx, actor, b.id, "list", b.status, { basis, decisionRef: input.documentRef, decisionDate: publishedOn });
  }
  const { due } = listDeadline(input.year);
  const late = due !== null && wasLate(due, publishedOn);
  await writeAudit(tx, actor, { entity: "xdt-bank-list", entityId: input.year, action: "publish", after: { year: input.year, publishedOn, documentRef: input.documentRef, banks: ids, due, late } });
  return `已公布${input.year}年度合作金融机构名单（${ids.length} 家）${late ? `；晚于 ${due} 的公布期限` : ""}`;
}

/**
 * Each year's list with its publication date and deadline (late flagged). `scope` limits the banks shown (a bank
 * sees its own entry in the app; the full list is on the public page).
 */
export async function yearLists(tx: Tx, scope: Scope, today: LegalDate) {
  const lists = await tx.select().from(xdtBankList).orderBy(desc(xdtBankList.year));
  const entries = await tx
    .select({ year: xdtBankListEntry.year, bankOrgId: xdtBankListEntry.bankOrgId, name: organisation.name, shortName: organisation.shortName })
    .from(xdtBankListEntry)
    .innerJoin(organisation, eq(organisation.id, xdtBankListEntry.bankOrgId))
    .where(bankRecordCondition(scope, xdtBankListEntry.bankOrgId))
    .orderBy(asc(xdtBankListEntry.bankOrgId));
  const years = lists.map((l) => {
    const { due, why } = listDeadline(l.year);
    return { year: l.year, publishedOn: l.publishedOn, documentRef: l.documentRef, publishedByName: l.publishedByName, due, why, late: due !== null && wasLate(due, l.publishedOn as LegalDate), banks: entries.filter((e) => e.year === l.year) };
  });
  // the coming list's clock: the next year without a published list, from the year of today
  const thisYear = Number(today.slice(0, 4));
  const pending = [thisYear, thisYear + 1].filter((y) => !lists.some((l) => l.year === y)).map((y) => ({ year: y, ...listDeadline(y) }));
  return { years, pending };
}

/** The public page (no sign-in): each published list with bank names and dates only — no status, no figures. */
export async function publicYearLists(tx: Tx, year?: number) {
  const lists = await tx.select({ year: xdtBankList.year, publishedOn: xdtBankList.publishedOn, documentRef: xdtBankList.documentRef }).from(xdtBankList).where(year ? eq(xdtBankList.year, year) : undefined).orderBy(desc(xdtBankList.year));
  const entries = await tx
    .select({ year: xdtBankListEntry.year, name: organisation.name })
    .from(xdtBankListEntry)
    .innerJoin(organisation, eq(organisation.id, xdtBankListEntry.bankOrgId))
    .where(year ? eq(xdtBankListEntry.year, year) : undefined)
    .orderBy(asc(organisation.id));
  return lists.map((l) => ({ ...l, due: listDeadline(l.year).due, banks: entries.filter((e) => e.year === l.year).map((e) => e.name) }));
}

/** Banks in the lifecycle with their current status, last step and the next legal steps (scoped). */
export async function lifecycleBanks(tx: Tx, scope: Scope) {
  const rows = await tx
    .select({
      id: xdtBank.orgId,
      name: organisation.name,
      shortName: organisation.shortName,
      status: xdtBank.status,
      lastDate: sql<string | null>`(select max(c.decision_date)::text from xdt_bank_status_change c where c.bank_org_id = ${xdtBank.orgId})`,
    })
    .from(xdtBank)
    .innerJoin(organisation, eq(organisation.id, xdtBank.orgId))
    .where(bankRecordCondition(scope, xdtBank.orgId))
    .orderBy(asc(xdtBank.orgId));
  return rows.map((r) => ({ ...r, next: nextPartnerBankSteps(r.status).map((s) => PARTNER_BANK_STEPS[s].name), listable: LISTABLE.includes(r.status) }));
}
