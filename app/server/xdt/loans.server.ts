import { and, asc, desc, eq, gte, ilike, inArray, lt, lte, ne, or, sql } from "drizzle-orm";
import { int32Id } from "../http.server";
import { z } from "zod";
import { yuanField } from "~/lib/forms/fields";
import { enterprise, organisation, shareholder, xdtClaim, xdtLendingMonth, xdtLoan, xdtLoanDue, xdtRepayment } from "#db/schema";
import { writeAudit, writeAudits, type Actor } from "#db/audit";
import { bulkInsert } from "#db/bulk";
import { inIdList, inTextList, rowsOf } from "#db/client";
import { buildSchedule, loanPosition } from "#db/xdt";
import { type Fen, XDT_CLAIM_TRIGGER, addDays, paramAt, type LprTable, type WorkingDayCalendar, admissionDecisionDue, checkLoanAdmission, claimEligibility, clockStatus, daysOverdue, parseLegalDate, validateCreditCode, type LegalDate, type Verdict } from "#rules";
import { formatYuan } from "~/lib/money";
import { todayInChina } from "~/lib/dates";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { countUpTo, likePattern, type ListParams } from "../list.server";
import { bankRecordCondition, loanCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { requireDisbursed, requireEventDate } from "../event-dates.server";
import { workingCalendar } from "../calendar.server";
import { data } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import { submitOrReply } from "../form.server";
import { FieldErrors, assessEnterprise, enterpriseColumns, enterpriseFieldsSchema, fieldErrorsOf, loadRegions, nameConflictNotice, sameEnterpriseName, type AssessedEnterprise, type RegionIndex } from "../enterprises.server";
import { blacklistedAmong, lprTable, refreshRiskStop, verdictRecord, type VerdictRecord } from "./reference.server";

const yuan = (label: string) => yuanField(label, "1,000,000.00").transform((f) => f as Fen);

/** "4.35" (%) → 435 bp, exact; at most two decimals. */
export function parsePercentBp(text: string): number | null {
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?%?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

const legalDate = (label: string) =>
  z
    .string({ error: `请输入${label}` })
    .trim()
    .refine((v) => {
      try {
        parseLegalDate(v);
        return true;
      } catch {
        return false;
      }
    }, `${label}应为 YYYY-MM-DD 格式的有效日期`);

/** Each register field as text, optional; an object with nothing typed is no object (a form's empty fieldset). */
const borrowerFields = z.preprocess(
  (v) => (v && typeof v === "object" && Object.values(v).some((x) => x !== undefined && x !== null && String(x).trim() !== "") ? v : undefined),
  z
    .object(Object.fromEntries(Object.keys(enterpriseFieldsSchema.shape).map((k) => [k, z.string().trim().max(200, "不能超过 200 个字").optional()])) as Record<keyof typeof enterpriseFieldsSchema.shape, z.ZodOptional<z.ZodString>>)
    .optional(),
);

export const fileLoanSchema = z.object({
  creditCode: z.string({ error: "请输入借款企业统一社会信用代码" }).trim().toUpperCase(),
  contractNo: z.string({ error: "请输入借款合同编号" }).trim().min(3, "合同编号至少 3 个字符").max(60, "合同编号不能超过 60 个字符"),
  amount: yuan("贷款金额"),
  rate: z
    .string({ error: "请输入年利率" })
    .transform((v, ctx) => {
      const bp = parsePercentBp(v);
      if (bp === null || bp <= 0) {
        ctx.addIssue({ code: "custom", message: "年利率格式不正确（如 4.35，单位 %）" });
        return z.NEVER;
      }
      return bp;
    }),
  termMonths: z.coerce.number({ error: "请输入贷款期限（月）" }).int("期限须为整数月").min(1, "期限至少 1 个月").max(120, "期限不能超过 120 个月"),
  disbursementDate: legalDate("放款日期"),
  isCreditLoan: z.enum(["on"]).optional(),
  creditEnhancement: z.string().trim().max(200, "增信措施不能超过 200 字").optional(),
  controllerSpouseGuarantee: z.enum(["on"]).optional(),
  renewalOf: z.string().trim().max(60).optional(),
  /**
   * A "原则上" (soft) limit is let through only with a written reason (RULES.md §1 conventions): recorded with the
   * filer's name in the verdict and shown wherever it appears; the trustee's admission decides on it. Hard limits
   * are never let through.
   */
  overrideReason: z.string().trim().max(500, "放行理由不能超过 500 字").optional().refine((v) => !v || v.length >= 4, "放行理由至少 4 个字"),
  /**
   * The borrower's register fields (issue 12), as typed: needed only when the credit code is not registered yet, then
   * checked in full (enterpriseFieldsSchema, the county, 300号 划型) and registered with the loan in one transaction.
   * For a registered code only the name is read: a different one is a notice, never an overwrite.
   */
  enterprise: borrowerFields,
});
export type FileLoanInput = z.infer<typeof fileLoanSchema>;

/**
 * A bank files a loan: the admission rules decide (rules/xdt/admission.ts). A hard block — suspended bank,
 * blacklisted enterprise or shareholder, rate over the cap… — is refused with its reasons and nothing is stored;
 * otherwise the loan waits for the trustee (5 working days), or is admitted at once if it renews an admitted loan.
 */
type EnterpriseRow = typeof enterprise.$inferSelect;

/**
 * Everything the admission rules need for a batch of filings, read in a few queries (one for the form, one pass
 * for an import): the enterprises, their shareholders, the blacklist entries among them, their outstanding 信贷通
 * loans across banks, this bank's contract numbers, the LPR table and the bank's stop status.
 */
export interface LoanFilingContext {
  bankOrgId: number;
  /** who files: the name recorded with a "原则上" override */
  actorName: string;
  today: LegalDate;
  calendar: WorkingDayCalendar;
  lpr: LprTable;
  stop: { canLend: boolean; reason: string | null };
  enterprises: Map<string, EnterpriseRow>;
  holders: Map<number, string[]>;
  blacklist: Set<string>;
  contracts: Map<string, { id: number | null; status: string; enterpriseId: number }>;
  outstanding: Map<number, { id: string; bankOrgId: number; outstanding: number; maturityDate: string }[]>;
  /** where the filing comes from: what an unregistered borrower's message tells the filer to fill in */
  channel: "form" | "import" | "api";
  regions: RegionIndex;
  /** borrowers registered by filings of this context, by credit code (enterprises holds them too, under a negative id) */
  borrowers: Map<string, PendingBorrower>;
  /** notices on filings that passed (a registered code filed under another name), in order */
  notices: { contractNo: string; message: string }[];
}

/**
 * A borrower registered with a filing: a negative id stands for it in the context until insertDrafts writes it (with the
 * first loan that names it) and sets `id`; every later draft that names it shares this object.
 */
export interface PendingBorrower {
  placeholderId: number;
  creditCode: string;
  assessed: AssessedEnterprise;
  id: number | null;
}

/** The code is not registered and the filing carries no enterprise fields (the form then opens its borrower fieldset). */
export class UnknownBorrowerError extends UserInputError {}

const NO_REGIONS: RegionIndex = { byCode: new Map(), byName: new Map(), hasChildren: new Set() };

const UNKNOWN_BORROWER: Record<LoanFilingContext["channel"], string> = {
  form: "企业库中没有该统一社会信用代码的企业：请在下方“借款企业登记”中填写企业信息，提交时将同时登记企业并报备贷款",
  import: "企业库中没有该统一社会信用代码的企业：请在本行填写企业登记栏目（“企业名称”至“企业联系电话”），导入时将同时登记；同一文件中同一企业只需在第一次出现的行填写",
  api: "企业库中没有该统一社会信用代码的企业：请在请求体的 enterprise 对象中提供企业登记信息，将同时登记企业",
};

export async function loadFilingContext(tx: Tx, actor: Actor, bankOrgId: number, today: LegalDate, inputs: { creditCode?: string; contractNo?: string; renewalOf?: string; enterprise?: unknown }[], channel: LoanFilingContext["channel"] = "form"): Promise<LoanFilingContext> {
  const codes = [...new Set(inputs.map((i) => (i.creditCode ?? "").trim().toUpperCase()).filter(Boolean))];
  const ents = codes.length ? await tx.select().from(enterprise).where(inTextList(enterprise.creditCode, codes)) : [];
  const entIds = ents.map((e) => e.id);
  const holderRows = entIds.length ? await tx.select({ enterpriseId: shareholder.enterpriseId, identifier: shareholder.identifier }).from(shareholder).where(inIdList(shareholder.enterpriseId, entIds)) : [];
  const holders = new Map<number, string[]>();
  for (const h of holderRows) holders.set(h.enterpriseId, [...(holders.get(h.enterpriseId) ?? []), h.identifier]);
  const contractNos = [...new Set(inputs.flatMap((i) => [i.contractNo, i.renewalOf]).filter((x): x is string => Boolean(x)))];
  const contractRows = contractNos.length
    ? await tx.select({ id: xdtLoan.id, contractNo: xdtLoan.contractNo, status: xdtLoan.admissionStatus, enterpriseId: xdtLoan.enterpriseId }).from(xdtLoan).where(and(eq(xdtLoan.bankOrgId, bankOrgId), inTextList(xdtLoan.contractNo, contractNos)))
    : [];
  const loans = entIds.length
    ? await tx
        .select({
          id: xdtLoan.id,
          enterpriseId: xdtLoan.enterpriseId,
          bankOrgId: xdtLoan.bankOrgId,
          maturityDate: xdtLoan.maturityDate,
          outstanding: xdtLoan.outstandingPrincipalFen,
        })
        .from(xdtLoan)
        .where(and(inIdList(xdtLoan.enterpriseId, entIds), ne(xdtLoan.admissionStatus, "rejected")))
    : [];
  const outstanding = new Map<number, { id: string; bankOrgId: number; outstanding: number; maturityDate: string }[]>();
  for (const l of loans) outstanding.set(l.enterpriseId, [...(outstanding.get(l.enterpriseId) ?? []), { id: String(l.id), bankOrgId: l.bankOrgId, outstanding: Number(l.outstanding), maturityDate: l.maturityDate }]);
  const stop = await refreshRiskStop(tx, actor, bankOrgId, today);
  return {
    bankOrgId,
    actorName: actor.name,
    today,
    calendar: await workingCalendar(tx),
    lpr: await lprTable(tx),
    stop: { canLend: stop.canLend, reason: stop.reason },
    enterprises: new Map(ents.map((e) => [e.creditCode, e])),
    holders,
    blacklist: await blacklistedAmong(tx, [...codes, ...holderRows.map((h) => h.identifier)]),
    contracts: new Map(contractRows.map((c) => [c.contractNo, { id: c.id, status: c.status, enterpriseId: c.enterpriseId }])),
    outstanding,
    channel,
    // read only when a filing carries a borrower's fields (the county is resolved against it)
    regions: inputs.some((i) => i.enterprise) ? await loadRegions(tx) : NO_REGIONS,
    borrowers: new Map(),
    notices: [],
  };
}

/**
 * The borrower a filing names: the registered enterprise (a different name typed with it is a notice, the register is
 * not changed), or — for a code not registered — the enterprise its fields describe, checked in full and size-classed
 * by 300号 on the filing day. Refusals are FieldErrors under "enterprise.". Nothing is added to the context here: a
 * filing the admission rules refuse registers nothing.
 */
function borrowerOf(ctx: LoanFilingContext, code: string, input: FileLoanInput): { ent: EnterpriseRow; pending: PendingBorrower | null; notices: string[] } {
  const ent = ctx.enterprises.get(code);
  if (ent) {
    const typed = input.enterprise?.name;
    return { ent, pending: ctx.borrowers.get(code) ?? null, notices: typed && !sameEnterpriseName(typed, ent.name) ? [nameConflictNotice(code, ent.name, typed)] : [] };
  }
  if (!input.enterprise) throw new UnknownBorrowerError("creditCode", UNKNOWN_BORROWER[ctx.channel]);
  const parsed = enterpriseFieldsSchema.safeParse(input.enterprise);
  if (!parsed.success) throw fieldErrorsOf(parsed.error, "enterprise.");
  const assessed = assessEnterprise(parsed.data, ctx.regions, ctx.today, "enterprise.");
  const placeholderId = -(ctx.borrowers.size + 1);
  const row: EnterpriseRow = {
    id: placeholderId,
    creditCode: code,
    ...enterpriseColumns(assessed),
    aboveScale: false,
    srdiTier: null,
    srdiValidFrom: null,
    srdiValidTo: null,
    updatedAt: null,
    createdAt: new Date(),
  };
  return { ent: row, pending: { placeholderId, creditCode: code, assessed, id: null }, notices: [] };
}

/**
 * The admission decision for one filing, from the rule book, with what to insert. A hard block — suspended bank,
 * blacklisted enterprise or shareholder, rate over the cap… — throws a UserInputError with the reasons. On success
 * the context learns the new loan (so later rows of the same import count it).
 */
export function draftLoan(ctx: LoanFilingContext, input: FileLoanInput) {
  const code = validateCreditCode(input.creditCode);
  if (code.outcome === "block") throw new UserInputError("creditCode", code.findings.map((f) => f.message).join("；"));
  const { ent, pending, notices } = borrowerOf(ctx, code.value.normalized, input);
  if (ctx.contracts.has(input.contractNo)) throw new UserInputError("contractNo", "本行已登记该合同编号的贷款");
  let renewalOf: { id: number | null } | null = null;
  if (input.renewalOf) {
    const prior = ctx.contracts.get(input.renewalOf);
    if (!prior || prior.status !== "admitted" || prior.enterpriseId !== ent.id || prior.id === null) throw new UserInputError("renewalOf", "续贷的原贷款须是本行同一企业已入库的信贷通贷款");
    renewalOf = prior;
  }
  const disbursementDate = parseLegalDate(input.disbursementDate);
  const holderIds = ctx.holders.get(ent.id) ?? [];
  // the enterprise's other 信贷通 loans still outstanding on the disbursement date, across all banks
  const others = (ctx.outstanding.get(ent.id) ?? []).filter((o) => o.maturityDate > disbursementDate && o.id !== String(renewalOf?.id ?? ""));
  const verdict = withoutOtherBanksExposure(checkLoanAdmission(
    {
      bankId: String(ctx.bankOrgId),
      disbursementDate,
      // the filing day: a loan is filed once disbursed (a later disbursement date is refused)
      asOf: ctx.today,
      amount: input.amount,
      termMonths: input.termMonths,
      annualRateBp: input.rate,
      enterprise: { creditCode: ent.creditCode, regionCode: ent.regionCode, isSme: ent.sizeClass !== "large", shareholderIds: holderIds },
      otherOutstandingLoans: others.map((o) => ({ loanId: o.id, bankId: String(o.bankOrgId), outstanding: o.outstanding as never })),
      blacklist: ctx.blacklist,
      isCreditLoan: input.isCreditLoan === "on",
      creditEnhancement: input.creditEnhancement || null,
      controllerSpouseGuarantee: input.controllerSpouseGuarantee === "on",
      renewalOfAdmittedLoanId: renewalOf ? String(renewalOf.id) : null,
      bankSuspended: !ctx.stop.canLend,
      override: input.overrideReason ? { by: ctx.actorName, reason: input.overrideReason } : undefined,
    },
    { lpr: ctx.lpr },
  ));
  const record = verdictRecord(verdict);
  if (verdict.outcome === "block") {
    const blocks = verdict.findings.filter((f) => f.severity === "block");
    const reasons = blocks.map((f) => f.message);
    if (!ctx.stop.canLend && ctx.stop.reason) reasons.push(ctx.stop.reason);
    // only soft limits in the way: say how to proceed; any hard one: no reason can let it through
    const hint = blocks.every((f) => f.soft)
      ? "。以上均为“原则上”限制：如确有必要，可填写“原则上”限制放行理由后重新提交，理由与提交人将随准入结论记录，由受托管理机构审核"
      : input.overrideReason
        ? "。硬性限制不能以书面理由放行"
        : "";
    throw new UserInputError(blocks.every((f) => f.soft) ? "overrideReason" : "", `不予受理：${[...new Set(reasons)].join("；")}${hint}`);
  }
  const { maturityDate, dues } = buildSchedule(input.amount, input.rate, input.termMonths, disbursementDate);
  const renewal = verdict.value.renewal;
  const status = renewal ? ("admitted" as const) : ("pending" as const);
  if (pending && !ctx.enterprises.has(pending.creditCode)) {
    // the filing passed: its borrower is registered with it, and later filings of the context find it
    ctx.enterprises.set(pending.creditCode, { ...ent });
    ctx.borrowers.set(pending.creditCode, pending);
  }
  ctx.contracts.set(input.contractNo, { id: null, status, enterpriseId: ent.id });
  for (const message of notices) ctx.notices.push({ contractNo: input.contractNo, message });
  ctx.outstanding.set(ent.id, [...(ctx.outstanding.get(ent.id) ?? []), { id: `new:${input.contractNo}`, bankOrgId: ctx.bankOrgId, outstanding: input.amount, maturityDate }]);
  const values = {
    bankOrgId: ctx.bankOrgId,
    enterpriseId: ent.id,
    contractNo: input.contractNo,
    amountFen: input.amount,
    annualRateBp: input.rate,
    termMonths: input.termMonths,
    disbursementDate,
    maturityDate,
    isCreditLoan: input.isCreditLoan === "on",
    creditEnhancement: input.creditEnhancement || null,
    controllerSpouseGuarantee: input.controllerSpouseGuarantee === "on",
    renewalOfLoanId: renewalOf?.id ?? null,
    requestDate: ctx.today,
    admissionDue: admissionDecisionDue(ctx.today, ctx.calendar).value.due,
    admissionStatus: status,
    admissionVerdict: record,
    decidedOn: renewal ? ctx.today : null,
    decidedByName: renewal ? "系统（续贷自动入库，XDT-BF 第十二条）" : null,
  };
  return { values, dues, record, borrower: pending, notices };
}

/** Writes drafted loans with their schedules and one audit record each (batched: an import writes thousands). */
export async function insertDrafts(tx: Tx, actor: Actor, drafts: ReturnType<typeof draftLoan>[], source: "form" | "import" | "api", importJobId: number | null = null) {
  const out: (typeof xdtLoan.$inferSelect)[] = [];
  for (let k = 0; k < drafts.length; k += 500) {
    const batch = drafts.slice(k, k + 500);
    await insertBorrowers(tx, actor, batch);
    const ids = await bulkInsert(tx, xdtLoan, batch.map((d) => ({ ...d.values, enterpriseId: d.borrower ? d.borrower.id! : d.values.enterpriseId, source, importJobId })));
    const loans = await tx.select().from(xdtLoan).where(inIdList(xdtLoan.id, ids)).orderBy(xdtLoan.id);
    await bulkInsert(tx, xdtLoanDue, batch.flatMap((d, j) => d.dues.map((due) => ({ loanId: loans[j].id, ...due }))));
    await writeAudits(
      tx,
      actor,
      loans.map((loan, j) => ({ entity: "xdt-loan", entityId: loan.id, action: "file", after: { ...loan, admissionVerdict: { outcome: batch[j].record.outcome, findings: batch[j].record.findings }, ...(batch[j].notices.length ? { notices: batch[j].notices } : {}) }, bankOrgId: loan.bankOrgId })),
    );
    out.push(...loans);
  }
  return out;
}

/**
 * Registers the borrowers the drafts name that are not written yet (once per credit code), with an audit record each,
 * in the caller's transaction: the loans that name them follow in the same one. Should another filing have registered
 * the same code meanwhile (the unique index decides), the loan goes to that record.
 */
async function insertBorrowers(tx: Tx, actor: Actor, drafts: ReturnType<typeof draftLoan>[]) {
  const fresh = [...new Set(drafts.map((d) => d.borrower).filter((b): b is PendingBorrower => b !== null && b.id === null))];
  if (fresh.length === 0) return;
  const rows = await tx
    .insert(enterprise)
    .values(fresh.map((b) => ({ creditCode: b.creditCode, ...enterpriseColumns(b.assessed) })))
    .onConflictDoNothing({ target: enterprise.creditCode })
    .returning();
  const byCode = new Map(rows.map((r) => [r.creditCode, r.id]));
  const raced = fresh.filter((b) => !byCode.has(b.creditCode)).map((b) => b.creditCode);
  if (raced.length > 0) for (const r of await tx.select({ id: enterprise.id, creditCode: enterprise.creditCode }).from(enterprise).where(inTextList(enterprise.creditCode, raced))) byCode.set(r.creditCode, r.id);
  for (const b of fresh) b.id = byCode.get(b.creditCode)!;
  await writeAudits(
    tx,
    actor,
    rows.map((r) => ({ entity: "enterprise", entityId: r.id, action: "create", after: { ...r, registeredWith: "信贷通贷款报备" }, regionCode: r.regionCode, bankOrgId: actor.orgId })),
  );
}

/** A bank files one loan (the form, the API): the same checks and writes as each row of an import. */
/**
 * The bank files the loan and reads the verdict: the enterprise's outstanding 信贷通 total includes its loans at
 * other banks, which the bank must not learn (PRODUCT.md). The two findings that state that total keep their
 * code, rule and basis but not the figure.
 */
function withoutOtherBanksExposure<T>(verdict: Verdict<T>): Verdict<T> {
  const neutral: Record<string, string> = {
    XDT_ENTERPRISE_TOTAL_OVER_CAP: "该企业在各合作银行的信贷通贷款余额合计（含本笔）超过单户上限（金额不向单家银行显示）",
    XDT_ENHANCEMENT_REQUIRED: "该企业在各合作银行的信贷通融资额度合计（含本笔）已达须提供增信措施的额度（金额不向单家银行显示）",
  };
  return { ...verdict, findings: verdict.findings.map((f) => (neutral[f.code] ? { ...f, message: neutral[f.code] } : f)) };
}

export async function fileLoan(tx: Tx, actor: Actor, bankOrgId: number, input: FileLoanInput, today: LegalDate, source: "form" | "api" = "form") {
  const ctx = await loadFilingContext(tx, actor, bankOrgId, today, [input], source);
  const draft = draftLoan(ctx, input);
  const [loan] = await insertDrafts(tx, actor, [draft], source);
  /** notices: a registered code filed under another name; enterpriseRegistered: the borrower was registered with it */
  return { ...loan, notices: draft.notices, enterpriseRegistered: draft.borrower !== null };
}

/**
 * The loan form's filing (savepoint, refusals back to the form with everything typed): every field of the borrower
 * refused at once under its own name, and `borrowerOpen` when the form should show its borrower fieldset — the code is
 * not registered, or the borrower's fields were refused.
 */
export async function fileLoanFromForm(tx: Tx, submission: Submission<FileLoanInput>, actor: Actor, bankOrgId: number, input: FileLoanInput, today: LegalDate) {
  let refusal: UserInputError | null = null;
  const outcome = await submitOrReply(tx, submission, async (sp) => {
    try {
      return await fileLoan(sp, actor, bankOrgId, input, today);
    } catch (err) {
      if (err instanceof FieldErrors || err instanceof UnknownBorrowerError) refusal = err;
      throw err;
    }
  });
  if (outcome.ok) return { ok: true as const, loan: outcome.value };
  const r = refusal as UserInputError | null;
  if (r instanceof FieldErrors) {
    const fieldErrors = Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, [m]]));
    return { ok: false as const, response: data({ result: submission.reply({ fieldErrors }), borrowerOpen: Object.keys(r.errors).some((k) => k.startsWith("enterprise.")) }, { status: 400 }) };
  }
  if (r instanceof UnknownBorrowerError) return { ok: false as const, response: data({ result: submission.reply({ fieldErrors: { creditCode: [r.message] } }), borrowerOpen: true }, { status: 400 }) };
  return { ok: false as const, response: outcome.response };
}

export const decideAdmissionSchema = z.object({
  intent: z.enum(["admit", "reject"], { error: "请选择审核结论" }),
  note: z.string().trim().max(500, "说明不能超过 500 字").optional(),
});

/** The trustee's decision (XDT-TZ22 §二, 5 working days). The loan row is locked so two decisions cannot both land. */
export async function decideAdmission(tx: Tx, actor: Actor, loanId: number, input: z.infer<typeof decideAdmissionSchema>, today: LegalDate) {
  const [loan] = await tx.select().from(xdtLoan).where(eq(xdtLoan.id, loanId)).for("update");
  if (!loan) throw new UserInputError("", "找不到该贷款");
  if (loan.admissionStatus !== "pending") throw new UserInputError("", "该贷款已审核，不能重复审核");
  if (input.intent === "reject" && !input.note) throw new UserInputError("note", "不予入库须说明理由");
  if (input.intent === "admit" && (loan.admissionVerdict as VerdictRecord).outcome === "block") throw new UserInputError("", "准入规则未通过，不能入库");
  if (input.intent === "admit") requireDisbursed(loan.disbursementDate, today);
  if (input.intent === "admit") {
    // the blacklist is permanent and immediate (XDT-FA §六(一)): an entry made after the filing still bars admission
    const [ent] = await tx.select({ creditCode: enterprise.creditCode }).from(enterprise).where(eq(enterprise.id, loan.enterpriseId));
    const holders = await tx.select({ identifier: shareholder.identifier }).from(shareholder).where(eq(shareholder.enterpriseId, loan.enterpriseId));
    const listed = await blacklistedAmong(tx, [ent.creditCode, ...holders.map((h) => h.identifier)]);
    if (listed.size > 0) {
      throw new UserInputError("", listed.has(ent.creditCode) ? "企业已于报备后列入信贷通信用黑名单，永久取消申请资格，不能入库（请作不予入库处理）" : "企业股东已于报备后列入信贷通信用黑名单，不得纳入信贷通，不能入库（请作不予入库处理）");
    }
  }
  const status = input.intent === "admit" ? "admitted" : "rejected";
  const [after] = await tx
    .update(xdtLoan)
    .set({ admissionStatus: status, decidedOn: today, decidedByName: actor.name, decisionNote: input.note || null })
    .where(eq(xdtLoan.id, loanId))
    .returning();
  await writeAudit(tx, actor, { entity: "xdt-loan", entityId: loanId, action: input.intent, before: { admissionStatus: loan.admissionStatus }, after: { admissionStatus: status, decidedOn: today, note: input.note ?? null }, bankOrgId: loan.bankOrgId });
  return after;
}

/** Loans the trustee may decide in one submission (a page of the queue and then some). */
export const BULK_ADMISSION_MAX = 100;

export const decideAdmissionsSchema = decideAdmissionSchema.extend({
  loanId: z.array(z.coerce.number({ error: "所选贷款无效" }).int("所选贷款无效").positive("所选贷款无效"), { error: "请勾选要审核的贷款" }).min(1, "请勾选要审核的贷款").max(BULK_ADMISSION_MAX, `每次最多审核 ${BULK_ADMISSION_MAX} 笔`),
});

export interface BulkAdmissionResult {
  loanId: number;
  contractNo: string | null;
  done: boolean;
  message: string;
}

/**
 * The trustee decides many pending loans at once (issue 12): each through decideAdmission — the same checks, lock
 * and audit record as one decision on the loan's page — in its own savepoint, so a loan the rules stop (already
 * decided, blacklisted since its filing, a blocked verdict) is reported and the others are still decided.
 */
export async function decideAdmissions(tx: Tx, actor: Actor, input: z.infer<typeof decideAdmissionsSchema>, today: LegalDate): Promise<BulkAdmissionResult[]> {
  const ids = [...new Set(input.loanId)];
  if (input.intent === "reject" && !input.note) throw new UserInputError("note", "不予入库须说明理由");
  const contracts = new Map((await tx.select({ id: xdtLoan.id, contractNo: xdtLoan.contractNo }).from(xdtLoan).where(inIdList(xdtLoan.id, ids))).map((l) => [l.id, l.contractNo]));
  const results: BulkAdmissionResult[] = [];
  for (const loanId of ids) {
    const contractNo = contracts.get(loanId) ?? null;
    try {
      await tx.transaction((savepoint) => decideAdmission(savepoint, actor, loanId, { intent: input.intent, note: input.note }, today));
      results.push({ loanId, contractNo, done: true, message: input.intent === "admit" ? "已同意入库" : "已决定不予入库" });
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      results.push({ loanId, contractNo, done: false, message: err.message });
    }
  }
  return results;
}

export const LOAN_SORTS = ["disbursementDate", "amount", "contractNo", "admissionDue", "enterprise"] as const;
export type LoanSort = (typeof LOAN_SORTS)[number];
const SORTS = { disbursementDate: xdtLoan.disbursementDate, amount: xdtLoan.amountFen, contractNo: xdtLoan.contractNo, admissionDue: xdtLoan.admissionDue, enterprise: enterprise.name };

export interface LoanFilters {
  status?: "pending" | "admitted" | "rejected";
  bankOrgId?: number;
  year?: number;
  /** overdue: some due date passed unpaid; claimable: the 60/90-day trigger is met and no claim filed yet */
  overdue?: "overdue" | "claimable";
  /** "today" for the overdue filters (the caller's legal date) */
  asOf?: string;
}

/**
 * "Some due of this component on or before D is unpaid" is "D ≥ its first unpaid due date" (stored on the loan and kept
 * by the database as dues and repayments are recorded: migration 0017) — an indexed range condition, no per-loan sums.
 */
function unpaidBy(component: "principal" | "interest", date: string) {
  return lte(component === "principal" ? xdtLoan.principalUnpaidFrom : xdtLoan.interestUnpaidFrom, date);
}

function overdueCondition(kind: "overdue" | "claimable", asOf: string) {
  if (kind === "overdue") return or(unpaidBy("principal", asOf), unpaidBy("interest", asOf));
  // the trigger days come from the rule book's parameter in force today (XDT-BF 第十三条: 60 / 90)
  const trig = paramAt(XDT_CLAIM_TRIGGER, asOf as LegalDate).value;
  return and(
    eq(xdtLoan.admissionStatus, "admitted"),
    sql`not exists (select 1 from ${xdtClaim} c where c.loan_id = ${xdtLoan.id})`,
    or(unpaidBy("principal", addDays(asOf as LegalDate, -trig.principalDays)), unpaidBy("interest", addDays(asOf as LegalDate, -trig.interestDays))),
  );
}

export function parseLoanFilters(url: URL): LoanFilters {
  const p = url.searchParams;
  const status = p.get("status") ?? "";
  const bank = Number(p.get("bank"));
  const year = Number(p.get("year"));
  const overdue = p.get("overdue") ?? "";
  return {
    overdue: overdue === "overdue" || overdue === "claimable" ? overdue : undefined,
    status: ["pending", "admitted", "rejected"].includes(status) ? (status as LoanFilters["status"]) : undefined,
    bankOrgId: int32Id(bank) ?? undefined,
    year: Number.isSafeInteger(year) && year >= 2019 && year <= 2100 ? year : undefined,
  };
}

function loanWhere(scope: Scope, q: string | undefined, filters: LoanFilters) {
  return and(
    loanCondition(scope, xdtLoan.bankOrgId, xdtLoan.enterpriseId),
    q ? or(ilike(xdtLoan.contractNo, likePattern(q)), ilike(enterprise.name, likePattern(q)), ilike(enterprise.creditCode, likePattern(q.toUpperCase()))) : undefined,
    filters.status ? eq(xdtLoan.admissionStatus, filters.status) : undefined,
    filters.bankOrgId ? eq(xdtLoan.bankOrgId, filters.bankOrgId) : undefined,
    // a range, so the disbursement-date index serves it
    filters.year ? and(gte(xdtLoan.disbursementDate, `${filters.year}-01-01`), lt(xdtLoan.disbursementDate, `${filters.year + 1}-01-01`)) : undefined,
    filters.overdue ? overdueCondition(filters.overdue, filters.asOf ?? todayInChina()) : undefined,
  );
}

/**
 * How many loans in scope match (the enterprise is joined only when the search needs its name or code). The count of
 * admitted loans alone is a stored figure (the lending months, Decision 22): no scan of a bank's whole book.
 */
export async function countLoans(tx: Tx, scope: Scope, q: string | undefined, filters: LoanFilters): Promise<number> {
  // the lending months are kept per bank: a region's officer (loans by borrower's region) counts the loans themselves
  const onlyAdmitted = !q && filters.status === "admitted" && !filters.year && !filters.overdue && scope.kind !== "region";
  if (onlyAdmitted) {
    const [{ n }] = await tx
      .select({ n: sql<number>`coalesce(sum(${xdtLendingMonth.admittedCount}), 0)::int` })
      .from(xdtLendingMonth)
      .where(and(bankRecordCondition(scope, xdtLendingMonth.bankOrgId), filters.bankOrgId ? eq(xdtLendingMonth.bankOrgId, filters.bankOrgId) : undefined));
    return Number(n);
  }
  const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (${matchingLoans(tx, scope, q, filters)}) as matching`));
  return Number(n);
}

/** The loans in scope that match, as a query to count (the enterprise joined only when the search needs it). */
function matchingLoans(tx: Tx, scope: Scope, q: string | undefined, filters: LoanFilters) {
  const base = tx.select({ one: sql`1` }).from(xdtLoan);
  return (q ? base.innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId)) : base).where(loanWhere(scope, q, filters));
}

/** Loans in scope (a bank: its own), searched, filtered, sorted and paged in SQL. */
export async function listLoans(tx: Tx, scope: Scope, params: ListParams<LoanSort>, filters: LoanFilters) {
  const where = loanWhere(scope, params.q, filters);
  const rows = await tx
    .select({
      id: xdtLoan.id,
      contractNo: xdtLoan.contractNo,
      bank: organisation.shortName,
      enterprise: enterprise.name,
      amountFen: xdtLoan.amountFen,
      annualRateBp: xdtLoan.annualRateBp,
      termMonths: xdtLoan.termMonths,
      disbursementDate: xdtLoan.disbursementDate,
      maturityDate: xdtLoan.maturityDate,
      admissionStatus: xdtLoan.admissionStatus,
      admissionDue: xdtLoan.admissionDue,
      decidedOn: xdtLoan.decidedOn,
      /** a "原则上" limit let through with a written reason (shown wherever the verdict is) */
      override: sql<{ by: string; reason: string } | null>`${xdtLoan.admissionVerdict} -> 'override'`,
    })
    .from(xdtLoan)
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .innerJoin(organisation, eq(organisation.id, xdtLoan.bankOrgId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(SORTS[params.sort]) : desc(SORTS[params.sort]), asc(xdtLoan.id))
    .limit(params.limit)
    .offset(params.offset);
  return { rows, total: await countUpTo(tx, matchingLoans(tx, scope, params.q, filters)) };
}

/** One loan in scope (else null → 404) with its schedule, repayments, position today, admission clock and claim. */
export async function getLoan(tx: Tx, scope: Scope, id: number, today: LegalDate) {
  const [row] = await tx
    .select({ loan: xdtLoan, enterpriseName: enterprise.name, creditCode: enterprise.creditCode, bank: organisation.shortName })
    .from(xdtLoan)
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .innerJoin(organisation, eq(organisation.id, xdtLoan.bankOrgId))
    .where(and(eq(xdtLoan.id, id), loanCondition(scope, xdtLoan.bankOrgId, xdtLoan.enterpriseId)));
  if (!row) return null;
  const dues = await tx.select().from(xdtLoanDue).where(eq(xdtLoanDue.loanId, id)).orderBy(xdtLoanDue.dueDate, xdtLoanDue.id);
  const repayments = await tx.select().from(xdtRepayment).where(eq(xdtRepayment.loanId, id)).orderBy(xdtRepayment.paidOn, xdtRepayment.id);
  const position = loanPosition(dues, repayments, today);
  const [claim] = await tx.select({ id: xdtClaim.id, status: xdtClaim.status }).from(xdtClaim).where(eq(xdtClaim.loanId, id));
  const eligibility =
    row.loan.admissionStatus === "admitted" && !claim && !position.repaid
      ? verdictRecord(
          claimEligibility({
            principalFirstUnpaidDueDate: position.principalFirstUnpaidDue as LegalDate | null,
            interestFirstUnpaidDueDate: position.interestFirstUnpaidDue as LegalDate | null,
            claimDate: today,
            onProjectList: true,
          }),
        )
      : null;
  return {
    ...row.loan,
    enterpriseName: row.enterpriseName,
    creditCode: row.creditCode,
    bank: row.bank,
    verdict: row.loan.admissionVerdict as VerdictRecord,
    admissionClock: row.loan.admissionDue ? clockStatus(row.loan.admissionDue as LegalDate, today, row.loan.decidedOn as LegalDate | null) : null,
    dues: position.dues.map((d) => ({ ...d, daysOverdue: d.unpaidFen > 0 && d.dueDate <= today ? daysOverdue(d.dueDate as LegalDate, today) : 0 })),
    repayments,
    position: {
      outstandingPrincipalFen: position.outstandingPrincipalFen,
      unpaidInterestDueFen: position.unpaidInterestDueFen,
      principalDaysOverdue: position.principalFirstUnpaidDue ? daysOverdue(position.principalFirstUnpaidDue as LegalDate, today) : 0,
      interestDaysOverdue: position.interestFirstUnpaidDue ? daysOverdue(position.interestFirstUnpaidDue as LegalDate, today) : 0,
      repaid: position.repaid,
    },
    claim: claim ?? null,
    eligibility,
  };
}

export const repaymentSchema = z.object({
  intent: z.literal("repay"),
  component: z.enum(["principal", "interest"], { error: "请选择还款类别" }),
  paidOn: legalDate("还款日期"),
  amount: yuan("还款金额"),
  requestId: z.string().trim().min(8).max(100).optional(),
});

/**
 * The bank records a repayment of principal or interest; it settles that component's dues in due-date order, so
 * the overdue days and the claim trigger follow at once. Once a claim is filed, money recovered is a recovery.
 */
export async function recordRepayment(tx: Tx, actor: Actor, bankOrgId: number, loanId: number, input: z.infer<typeof repaymentSchema>, today: LegalDate) {
  const [loan] = await tx.select().from(xdtLoan).where(and(eq(xdtLoan.id, loanId), eq(xdtLoan.bankOrgId, bankOrgId))).for("update");
  if (!loan) throw new UserInputError("", "找不到该贷款");
  if (loan.admissionStatus !== "admitted") throw new UserInputError("", "只有已入库的贷款需要登记还款");
  const [claim] = await tx.select({ id: xdtClaim.id }).from(xdtClaim).where(eq(xdtClaim.loanId, loanId));
  if (claim) throw new UserInputError("", "该贷款已申请代偿：此后收回的款项请在代偿申请中报告追偿");
  if (input.requestId) {
    // the loan row is locked above: a retry waits here, then finds the first one and records nothing more
    const [earlier] = await tx.select().from(xdtRepayment).where(and(eq(xdtRepayment.loanId, loanId), eq(xdtRepayment.requestKey, input.requestId)));
    if (earlier) return earlier;
  }
  requireEventDate("paidOn", { label: "还款日期", date: input.paidOn as LegalDate, asOf: today, notBefore: { date: loan.disbursementDate as LegalDate, label: "该贷款的放款日" } });
  // what is still owed of this component: its dues less what was repaid of it (one query, summed by the database)
  const [{ owedText }] = await tx
    .select({
      owedText: sql<string>`((select coalesce(sum(${xdtLoanDue.amountFen}), 0) from ${xdtLoanDue} where ${xdtLoanDue.loanId} = ${loanId} and ${xdtLoanDue.component} = ${input.component})
        - (select coalesce(sum(${xdtRepayment.amountFen}), 0) from ${xdtRepayment} where ${xdtRepayment.loanId} = ${loanId} and ${xdtRepayment.component} = ${input.component}))::text`,
    })
    .from(sql`(select 1) as one`);
  const owed = Number(owedText);
  if (input.amount > owed) throw new UserInputError("amount", `还款金额超过该类未还合计（${formatYuan(owed)} 元）：按该贷款的还款计划，还款不能多于尚未归还的${input.component === "principal" ? "本金" : "利息"}`);
  const [row] = await tx.insert(xdtRepayment).values({ loanId, component: input.component, paidOn: input.paidOn, amountFen: input.amount, recordedByName: actor.name, requestKey: input.requestId ?? null }).returning();
  await writeAudit(tx, actor, { entity: "xdt-loan", entityId: loanId, action: "repay", after: row, bankOrgId });
  return row;
}
