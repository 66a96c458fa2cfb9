import { createHash } from "node:crypto";
import { int32Id } from "../http.server";
import { and, asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { enterprise, organisation, xdtClaim, xdtClaimMaterial, xdtClaimStep, xdtLoan, xdtLoanDue, xdtRepayment, XDT_CLAIM_MATERIALS, type XdtClaimStatus } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { ensureAccount, postJournal } from "#db/ledger";
import { XDT_ACCOUNTS } from "#db/accounts";
import { loanPosition } from "#db/xdt";
import { claimEligibility, claimPlanDue, clockStatus, compensation, compensationPaymentDue, parseLegalDate, splitClaimPayment, type LegalDate } from "#rules";
import { XDT_MATERIAL_LABELS } from "~/lib/labels";
import { formatYuan, parseYuan } from "~/lib/money";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { countUpTo, likePattern, type ListParams } from "../list.server";
import { poolSummary } from "../pool.server";
import { loanRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { requireEventDate } from "../event-dates.server";
import { workingCalendar } from "../calendar.server";
import { depositWeights, refreshRiskStop, verdictRecord, type VerdictRecord } from "./reference.server";

async function addStep(tx: Tx, actor: Actor, claimId: number, step: string, onDate: string, note?: string | null) {
  await tx.insert(xdtClaimStep).values({ claimId, step, onDate, byName: actor.name, byUserId: actor.userId, note: note ?? null });
}

/** Locks the claim row (PostgreSQL: concurrent steps on one claim serialise here) and checks its state. */
async function lockClaim(tx: Tx, claimId: number, allowed: readonly XdtClaimStatus[]) {
  const [claim] = await tx.select().from(xdtClaim).where(eq(xdtClaim.id, claimId)).for("update");
  if (!claim) throw new UserInputError("", "找不到该代偿申请");
  if (!allowed.includes(claim.status)) throw new UserInputError("", `该申请当前状态不能执行此操作（已由他人处理或尚未到这一步）`);
  return claim;
}

/**
 * A bank files a claim for one of its admitted loans (XDT-BF Art.13): eligibility (principal 60 / interest 90 days
 * overdue) and the loss (D-3: unpaid principal + unpaid contractual interest up to the claim date — the periods due
 * plus the interest accrued since the last due date, from the loan's contract) and 70% of it, capped by what the pool
 * can pay — all from rules/, stored with their "why". The stored unpaid interest is both parts, so principal + interest = loss.
 */
export async function fileClaim(tx: Tx, actor: Actor, bankOrgId: number, loanId: number, today: LegalDate) {
  const [loan] = await tx.select().from(xdtLoan).where(and(eq(xdtLoan.id, loanId), eq(xdtLoan.bankOrgId, bankOrgId))).for("update");
  if (!loan) throw new UserInputError("", "找不到该贷款");
  const [existing] = await tx.select({ id: xdtClaim.id }).from(xdtClaim).where(eq(xdtClaim.loanId, loanId));
  if (existing) throw new UserInputError("", "该贷款已提交过代偿申请");
  const dues = await tx.select().from(xdtLoanDue).where(eq(xdtLoanDue.loanId, loanId));
  const repayments = await tx.select().from(xdtRepayment).where(eq(xdtRepayment.loanId, loanId));
  const pos = loanPosition(dues, repayments, today);
  const eligibility = claimEligibility({
    principalFirstUnpaidDueDate: pos.principalFirstUnpaidDue as LegalDate | null,
    interestFirstUnpaidDueDate: pos.interestFirstUnpaidDue as LegalDate | null,
    claimDate: today,
    onProjectList: loan.admissionStatus === "admitted",
  });
  if (eligibility.outcome === "block") throw new UserInputError("", `不符合代偿条件：${eligibility.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；")}`);
  const pool = await poolSummary(tx);
  const comp = compensation({
    unpaidPrincipal: pos.outstandingPrincipalFen as never,
    unpaidInterest: pos.unpaidInterestDueFen as never,
    accrual: {
      annualRateBp: loan.annualRateBp,
      disbursementDate: loan.disbursementDate as LegalDate,
      maturityDate: loan.maturityDate as LegalDate,
      interestDueDates: dues.filter((d) => d.component === "interest").map((d) => d.dueDate as LegalDate),
    },
    poolAvailable: Math.max(0, pool.availableFen) as never,
    claimDate: today,
  });
  const [claim] = await tx
    .insert(xdtClaim)
    .values({
      loanId,
      bankOrgId,
      status: "filed",
      claimDate: today,
      unpaidPrincipalFen: pos.outstandingPrincipalFen,
      unpaidInterestFen: pos.unpaidInterestDueFen + comp.value.accruedInterest,
      lossFen: comp.value.loss,
      compensationFen: comp.value.compensation,
      verdict: { eligibility: verdictRecord(eligibility), compensation: verdictRecord(comp) },
      receivedOn: today,
      planDue: claimPlanDue(today, await workingCalendar(tx)).value.due,
    })
    .returning();
  await addStep(tx, actor, claim.id, "filed", today);
  await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claim.id, action: "file", after: { loanId, lossFen: claim.lossFen, compensationFen: claim.compensationFen, status: "filed" }, bankOrgId });
  return claim;
}

/** XDT-BF Art.15 materials: PDF, images, Word/Excel/OFD, up to 10 MB each, checked by content, not by name. */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;
const SIGNATURES: { ext: string[]; mime: string; test: (b: Uint8Array) => boolean }[] = [
  { ext: ["pdf"], mime: "application/pdf", test: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 },
  { ext: ["png"], mime: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { ext: ["jpg", "jpeg"], mime: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: ["docx"], mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4 },
  { ext: ["xlsx"], mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4 },
  { ext: ["ofd"], mime: "application/ofd", test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4 },
];

export function checkMaterialFile(name: string, bytes: Uint8Array): { mime: string } {
  if (bytes.byteLength === 0) throw new UserInputError("file", "文件为空");
  if (bytes.byteLength > MATERIAL_MAX_BYTES) throw new UserInputError("file", `文件超过 10 MB（${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB）`);
  const ext = name.toLowerCase().split(".").pop() ?? "";
  const sig = SIGNATURES.find((s) => s.ext.includes(ext));
  if (!sig) throw new UserInputError("file", "只接受 PDF、JPG、PNG、DOCX、XLSX、OFD 文件");
  if (!sig.test(bytes)) throw new UserInputError("file", `文件内容不是有效的 ${ext.toUpperCase()} 文件`);
  return { mime: sig.mime };
}

export const materialSchema = z.object({
  intent: z.enum(["upload", "mark"]),
  kind: z.enum(XDT_CLAIM_MATERIALS, { error: "请选择材料类别" }),
  note: z.string().trim().max(200, "说明不能超过 200 字").optional(),
});

/** Attach (or mark as provided on paper) one of the nine materials; only while the bank still holds the claim. */
export async function saveMaterial(tx: Tx, actor: Actor, bankOrgId: number, claimId: number, input: z.infer<typeof materialSchema>, file: File | null) {
  const claim = await lockClaim(tx, claimId, ["filed", "returned"]);
  if (claim.bankOrgId !== bankOrgId) throw new UserInputError("", "找不到该代偿申请");
  let values: Partial<typeof xdtClaimMaterial.$inferInsert> = { markedOnly: true, fileName: null, mimeType: null, sizeBytes: null, sha256: null, content: null };
  if (input.intent === "upload") {
    if (!file || typeof file === "string" || file.size === 0) throw new UserInputError("file", "请选择要上传的文件");
    if (file.size > MATERIAL_MAX_BYTES) throw new UserInputError("file", `文件超过 10 MB（${(file.size / 1024 / 1024).toFixed(1)} MB）`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { mime } = checkMaterialFile(file.name, bytes);
    values = { markedOnly: false, fileName: file.name.slice(-200), mimeType: mime, sizeBytes: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex"), content: bytes };
  }
  await tx
    .insert(xdtClaimMaterial)
    .values({ claimId, kind: input.kind, byName: actor.name, note: input.note || null, ...values })
    .onConflictDoUpdate({ target: [xdtClaimMaterial.claimId, xdtClaimMaterial.kind], set: { ...values, note: input.note || null, byName: actor.name, at: new Date() } });
  await writeAudit(tx, actor, { entity: "xdt-claim-material", entityId: `${claimId}:${input.kind}`, action: input.intent, after: { kind: input.kind, fileName: values.fileName ?? null, sizeBytes: values.sizeBytes ?? null, sha256: values.sha256 ?? null }, bankOrgId });
}

export const claimStepSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resubmit") }),
  z.object({ intent: z.literal("verify") }),
  z.object({ intent: z.literal("return"), reason: z.string({ error: "请说明退回原因" }).trim().min(2, "请说明退回原因").max(500, "原因不能超过 500 字") }),
  z.object({ intent: z.literal("plan"), note: z.string({ error: "请填写补偿方案意见" }).trim().min(2, "请填写补偿方案意见").max(1000, "不能超过 1000 字") }),
  z.object({ intent: z.literal("compile"), note: z.string().trim().max(1000).optional() }),
  z.object({
    intent: z.literal("decide"),
    outcome: z.enum(["approve", "reject"], { error: "请选择决定" }),
    meetingDate: z.string({ error: "请输入会议日期" }).trim(),
    decisionRef: z.string({ error: "请输入会议纪要编号" }).trim().min(2, "请输入会议纪要编号").max(100),
    amount: z.string().trim().optional(),
  }),
  z.object({ intent: z.literal("pay") }),
]);
export type ClaimStepInput = z.infer<typeof claimStepSchema>;
export const STEP_PERMISSION = { resubmit: "file:xdt-claim", verify: "verify:xdt-claim", return: "verify:xdt-claim", plan: "verify:xdt-claim", compile: "compile:xdt-claim", decide: "compile:xdt-claim", pay: "pay:xdt-claim" } as const;

/**
 * One step of the claim workflow (XDT-TZ22 §四). The claim row is locked and its state checked inside the transaction,
 * so two people (or two tabs) cannot both take the same step; payment also carries the idempotency key
 * `xdt:claim:<id>:payment`, so it posts once whatever happens.
 */
export async function claimStep(tx: Tx, actor: Actor, scope: Scope, claimId: number, input: ClaimStepInput, today: LegalDate): Promise<{ message: string }> {
  if (scope.kind === "bank") {
    const [own] = await tx.select({ id: xdtClaim.id }).from(xdtClaim).where(and(eq(xdtClaim.id, claimId), eq(xdtClaim.bankOrgId, scope.bankOrgId)));
    if (!own) throw new UserInputError("", "找不到该代偿申请");
  }
  switch (input.intent) {
    case "resubmit": {
      const claim = await lockClaim(tx, claimId, ["returned"]);
      const planDue = claimPlanDue(today, await workingCalendar(tx)).value.due;
      await tx.update(xdtClaim).set({ status: "filed", receivedOn: today, planDue, returnedReason: null }).where(eq(xdtClaim.id, claimId));
      await addStep(tx, actor, claimId, "resubmitted", today);
      await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "resubmit", before: { status: claim.status }, after: { status: "filed", receivedOn: today, planDue }, bankOrgId: claim.bankOrgId });
      return { message: "已重新提交，受托管理机构将重新核实" };
    }
    case "verify": {
      const claim = await lockClaim(tx, claimId, ["filed"]);
      const mats = await tx.select({ kind: xdtClaimMaterial.kind }).from(xdtClaimMaterial).where(eq(xdtClaimMaterial.claimId, claimId));
      const missing = XDT_CLAIM_MATERIALS.filter((k) => !mats.some((m) => m.kind === k));
      if (missing.length > 0) throw new UserInputError("", `材料不齐，不能核实：缺少${missing.map((k) => `“${XDT_MATERIAL_LABELS[k]}”`).join("、")}（可退回补充）`);
      const [loan] = await tx.select({ status: xdtLoan.admissionStatus }).from(xdtLoan).where(eq(xdtLoan.id, claim.loanId));
      if (loan.status !== "admitted") throw new UserInputError("", "该贷款不在信贷通项目名单内，不能核实");
      await tx.update(xdtClaim).set({ status: "verified" }).where(eq(xdtClaim.id, claimId));
      await addStep(tx, actor, claimId, "verified", today, "贷款在项目名单内，九项材料齐全");
      await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "verify", before: { status: claim.status }, after: { status: "verified" }, bankOrgId: claim.bankOrgId });
      return { message: "已核实" };
    }
    case "return": {
      const claim = await lockClaim(tx, claimId, ["filed"]);
      await tx.update(xdtClaim).set({ status: "returned", returnedReason: input.reason }).where(eq(xdtClaim.id, claimId));
      await addStep(tx, actor, claimId, "returned", today, input.reason);
      await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "return", before: { status: claim.status }, after: { status: "returned", reason: input.reason }, bankOrgId: claim.bankOrgId });
      return { message: "已退回银行补充材料" };
    }
    case "plan": {
      const claim = await lockClaim(tx, claimId, ["verified"]);
      await tx.update(xdtClaim).set({ status: "planned", planNote: input.note }).where(eq(xdtClaim.id, claimId));
      await addStep(tx, actor, claimId, "planned", today, input.note);
      await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "plan", before: { status: claim.status }, after: { status: "planned", planNote: input.note, late: claim.planDue ? today > claim.planDue : false }, bankOrgId: claim.bankOrgId });
      return { message: "补偿方案已报送信贷通办" };
    }
    case "compile": {
      const claim = await lockClaim(tx, claimId, ["planned"]);
      await tx.update(xdtClaim).set({ status: "compiled" }).where(eq(xdtClaim.id, claimId));
      await addStep(tx, actor, claimId, "compiled", today, input.note || null);
      await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "compile", before: { status: claim.status }, after: { status: "compiled" }, bankOrgId: claim.bankOrgId });
      return { message: "已汇总，待协调领导小组决策" };
    }
    case "decide": {
      let meetingDate: LegalDate;
      try {
        meetingDate = parseLegalDate(input.meetingDate);
      } catch {
        throw new UserInputError("meetingDate", "会议日期应为 YYYY-MM-DD 格式的有效日期");
      }
      const claim = await lockClaim(tx, claimId, ["compiled"]);
      requireEventDate("meetingDate", { label: "会议日期", date: meetingDate, asOf: today, notBefore: { date: claim.claimDate as LegalDate, label: "代偿申请日" } });
      if (input.outcome === "reject") {
        await tx.update(xdtClaim).set({ status: "rejected", decisionDate: meetingDate, decisionRef: input.decisionRef }).where(eq(xdtClaim.id, claimId));
        await addStep(tx, actor, claimId, "rejected", meetingDate, input.decisionRef);
        await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "reject-claim", before: { status: claim.status }, after: { status: "rejected", decisionDate: meetingDate, decisionRef: input.decisionRef }, bankOrgId: claim.bankOrgId });
        return { message: "已记录：不予补偿" };
      }
      const amount = input.amount ? parseYuan(input.amount) : claim.compensationFen;
      if (amount === null || amount <= 0) throw new UserInputError("amount", "批准金额格式不正确（如 1,000,000.00）");
      if (amount > claim.compensationFen) throw new UserInputError("amount", "批准金额不能超过按规则计算的补偿金额（损失的70%）");
      // 以资金规模为限 (XDT-BF Art.13): what the pool can still pay, with every approved-unpaid claim set aside,
      // checked with the pool's accounts locked so two decisions cannot both spend the same money
      await lockPoolAccounts(tx);
      const { availableFen } = await poolSummary(tx);
      if (amount > availableFen) throw new UserInputError("amount", `资金池尚可支付 ${formatYuan(availableFen)} 元，不足以批准 ${formatYuan(amount)} 元（以资金规模为限）`);
      const paymentDue = compensationPaymentDue(meetingDate, await workingCalendar(tx)).value.due;
      await tx.update(xdtClaim).set({ status: "approved", decisionDate: meetingDate, decisionRef: input.decisionRef, approvedFen: amount, paymentDue }).where(eq(xdtClaim.id, claimId));
      await addStep(tx, actor, claimId, "approved", meetingDate, `${input.decisionRef}；批准补偿 ${formatYuan(amount)} 元`);
      await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "approve", before: { status: claim.status }, after: { status: "approved", approvedFen: amount, decisionDate: meetingDate, paymentDue }, bankOrgId: claim.bankOrgId });
      return { message: "已记录领导小组批准决定" };
    }
    case "pay":
      return payClaim(tx, actor, claimId, today);
  }
}

/**
 * Pays an approved claim (XDT-BF Art.17): the claiming bank's own deposit account first, any shortfall from the
 * other banks pro rata to their deposits (splitClaimPayment), as one balanced journal with the claim's state
 * change and the audit record. A second submission finds the claim paid and pays nothing.
 */
export async function payClaim(tx: Tx, actor: Actor, claimId: number, today: LegalDate): Promise<{ message: string }> {
  const [current] = await tx.select().from(xdtClaim).where(eq(xdtClaim.id, claimId)).for("update");
  if (!current) throw new UserInputError("", "找不到该代偿申请");
  if (current.status === "paid") return { message: `该申请已于 ${current.paidOn} 支付，未重复支付` };
  const claim = await lockClaim(tx, claimId, ["approved"]);
  const amount = claim.approvedFen!;
  // the split reads every bank's deposit: lock them first (in id order) so concurrent payments split on current balances
  await lockPoolAccounts(tx);
  const accounts = await depositWeights(tx);
  const split = splitClaimPayment({
    amount: amount as never,
    claimingBankId: String(claim.bankOrgId),
    accounts: accounts.map((a) => ({ bankId: String(a.bankOrgId), balance: Math.max(0, a.balance) as never, deposited: Math.max(0, a.deposited) as never })),
  });
  if (split.outcome === "block") throw new UserInputError("", split.findings.map((f) => f.message).join("；"));
  const [bankOrg] = await tx.select({ shortName: organisation.shortName }).from(organisation).where(eq(organisation.id, claim.bankOrgId));
  const expense = await ensureAccount(tx, { code: XDT_ACCOUNTS.compensation(claim.bankOrgId), name: `信贷通风险补偿支出（${bankOrg.shortName}）`, kind: "expense", book: "xdt", ownerOrgId: claim.bankOrgId });
  const { journalId } = await postJournal(tx, actor, {
    idempotencyKey: `xdt:claim:${claimId}:payment`,
    kind: "xdt.compensation",
    // the memo shows on every drawn bank's account: it names no claim, contract or bank (a bank sees only its own)
    memo: "信贷通风险补偿（管理办法第十七条：本行存款户先付，不足部分由其他合作银行按存入比例分担）",
    valueDate: today,
    postings: [
      { accountId: expense.id, amountFen: amount },
      ...split.value.parts.map((p) => ({ accountId: accounts.find((a) => String(a.bankOrgId) === p.bankId)!.accountId, amountFen: -p.amount })),
    ],
    bankOrgId: claim.bankOrgId,
  });
  await tx.update(xdtClaim).set({ status: "paid", paidOn: today, paymentJournalId: journalId, paymentSplit: split.value.parts }).where(eq(xdtClaim.id, claimId));
  await addStep(tx, actor, claimId, "paid", today, `分录 ${journalId}`);
  await writeAudit(tx, actor, { entity: "xdt-claim", entityId: claimId, action: "pay", before: { status: claim.status }, after: { status: "paid", paidOn: today, journalId, parts: split.value.parts }, bankOrgId: claim.bankOrgId });
  // the payment raises the bank's ratio: the 3% stop is checked at once (D-7)
  await refreshRiskStop(tx, actor, claim.bankOrgId, today);
  return { message: `已支付 ${formatYuan(amount)} 元（分录 ${journalId}）` };
}

/** Row locks on the pool's accounts (the trustee's special account and every deposit account), in id order. */
async function lockPoolAccounts(tx: Tx) {
  await tx.execute(sql`select id from ledger_account where code = 'xdt:trust' or code like 'xdt:deposit:%' order by id for update`);
}

export const CLAIM_SORTS = ["claimDate", "due", "loss", "status"] as const;
export type ClaimSort = (typeof CLAIM_SORTS)[number];
/** the clock that matters now: plan due while the trustee holds it, payment due once approved */
const DUE = sql<string | null>`case when ${xdtClaim.status} in ('filed','verified') then ${xdtClaim.planDue} when ${xdtClaim.status} = 'approved' then ${xdtClaim.paymentDue} else null end`;
const CLAIM_SORT_COLUMNS = { claimDate: xdtClaim.claimDate, due: DUE, loss: xdtClaim.lossFen, status: xdtClaim.status };

export function parseClaimFilters(url: URL) {
  const status = url.searchParams.get("status") ?? "";
  const bank = Number(url.searchParams.get("bank"));
  return {
    status: (["filed", "returned", "verified", "planned", "compiled", "approved", "rejected", "paid", "open"] as const).find((s) => s === status),
    bankOrgId: int32Id(bank) ?? undefined,
  };
}

/** Claims in scope, searched/filtered/sorted/paged in SQL; "open" = not yet paid or rejected. */
export async function listClaims(tx: Tx, scope: Scope, params: ListParams<ClaimSort>, filters: ReturnType<typeof parseClaimFilters>, today: LegalDate) {
  const where = and(
    loanRecordCondition(scope, xdtClaim.bankOrgId, xdtClaim.loanId),
    params.q ? or(ilike(xdtLoan.contractNo, likePattern(params.q)), ilike(enterprise.name, likePattern(params.q))) : undefined,
    filters.status === "open" ? sql`${xdtClaim.status} not in ('paid','rejected')` : filters.status ? eq(xdtClaim.status, filters.status) : undefined,
    filters.bankOrgId ? eq(xdtClaim.bankOrgId, filters.bankOrgId) : undefined,
  );
  const sortCol = CLAIM_SORT_COLUMNS[params.sort];
  const rows = await tx
    .select({
      id: xdtClaim.id,
      loanId: xdtClaim.loanId,
      contractNo: xdtLoan.contractNo,
      bank: organisation.shortName,
      enterprise: enterprise.name,
      status: xdtClaim.status,
      claimDate: xdtClaim.claimDate,
      lossFen: xdtClaim.lossFen,
      compensationFen: xdtClaim.compensationFen,
      approvedFen: xdtClaim.approvedFen,
      due: DUE,
      paidOn: xdtClaim.paidOn,
    })
    .from(xdtClaim)
    .innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId))
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .innerJoin(organisation, eq(organisation.id, xdtClaim.bankOrgId))
    .where(where)
    .orderBy(params.dir === "asc" ? sql`${sortCol} asc nulls last` : sql`${sortCol} desc nulls last`, asc(xdtClaim.id))
    .limit(params.limit)
    .offset(params.offset);
  const n = await countUpTo(tx, tx.select({ one: sql`1` }).from(xdtClaim).innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId)).innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId)).where(where));
  return { rows: rows.map((r) => ({ ...r, clock: r.due ? clockStatus(r.due as LegalDate, today) : null })), total: n };
}

/** One claim in scope (else null → 404): figures with their "why", steps with who/when, materials, clocks. */
export async function getClaim(tx: Tx, scope: Scope, id: number, today: LegalDate) {
  const [row] = await tx
    .select({ claim: xdtClaim, contractNo: xdtLoan.contractNo, enterpriseName: enterprise.name, bank: organisation.shortName, amountFen: xdtLoan.amountFen })
    .from(xdtClaim)
    .innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId))
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .innerJoin(organisation, eq(organisation.id, xdtClaim.bankOrgId))
    .where(and(eq(xdtClaim.id, id), loanRecordCondition(scope, xdtClaim.bankOrgId, xdtClaim.loanId)));
  if (!row) return null;
  const c = row.claim;
  const steps = await tx.select({ id: xdtClaimStep.id, step: xdtClaimStep.step, onDate: xdtClaimStep.onDate, byName: xdtClaimStep.byName, note: xdtClaimStep.note, at: xdtClaimStep.at }).from(xdtClaimStep).where(eq(xdtClaimStep.claimId, id)).orderBy(asc(xdtClaimStep.id));
  const materials = await tx
    .select({ id: xdtClaimMaterial.id, kind: xdtClaimMaterial.kind, fileName: xdtClaimMaterial.fileName, sizeBytes: xdtClaimMaterial.sizeBytes, markedOnly: xdtClaimMaterial.markedOnly, note: xdtClaimMaterial.note, byName: xdtClaimMaterial.byName })
    .from(xdtClaimMaterial)
    .where(eq(xdtClaimMaterial.claimId, id));
  const verdict = c.verdict as { eligibility: VerdictRecord; compensation: VerdictRecord };
  const planDoneOn = steps.find((s) => s.step === "planned")?.onDate ?? null;
  // a bank sees its own account's part of the payment; the other banks' shares only as a total
  const split = (c.paymentSplit as { bankId: string; amount: number; kind: string }[] | null) ?? null;
  const paymentParts = split
    ? scope.kind === "bank"
      ? [
          { label: "本行信贷通存款户", amountFen: split.filter((p) => p.kind === "own").reduce((s, p) => s + p.amount, 0) },
          { label: "其他合作银行按存入比例分担", amountFen: split.filter((p) => p.kind !== "own").reduce((s, p) => s + p.amount, 0) },
        ].filter((p) => p.amountFen > 0)
      : await Promise.all(
          split.map(async (p) => {
            const [o] = await tx.select({ n: organisation.shortName }).from(organisation).where(eq(organisation.id, Number(p.bankId)));
            return { label: `${o?.n ?? p.bankId}（${p.kind === "own" ? "本行账户" : "分担差额"}）`, amountFen: p.amount };
          }),
        )
    : null;
  return {
    id: c.id,
    loanId: c.loanId,
    status: c.status,
    claimDate: c.claimDate,
    contractNo: row.contractNo,
    enterpriseName: row.enterpriseName,
    bank: row.bank,
    loanAmountFen: row.amountFen,
    unpaidPrincipalFen: c.unpaidPrincipalFen,
    unpaidInterestFen: c.unpaidInterestFen,
    lossFen: c.lossFen,
    compensationFen: c.compensationFen,
    approvedFen: c.approvedFen,
    returnedReason: c.returnedReason,
    planNote: c.planNote,
    decisionDate: c.decisionDate,
    decisionRef: c.decisionRef,
    paidOn: c.paidOn,
    paymentJournalId: c.paymentJournalId,
    paymentParts,
    eligibilityWhy: verdict.eligibility.explain,
    compensationWhy: verdict.compensation.explain,
    clocks: {
      plan: c.planDue ? { due: c.planDue, status: clockStatus(c.planDue as LegalDate, today, (planDoneOn as LegalDate | null) ?? (["returned"].includes(c.status) ? today : null)) } : null,
      payment: c.paymentDue ? { due: c.paymentDue, status: clockStatus(c.paymentDue as LegalDate, today, c.paidOn as LegalDate | null) } : null,
    },
    steps,
    materials: XDT_CLAIM_MATERIALS.map((kind) => ({ kind, label: XDT_MATERIAL_LABELS[kind], item: materials.find((m) => m.kind === kind) ?? null })),
  };
}

/** A stored material file, only if its claim is in scope. */
export async function getMaterialFile(tx: Tx, scope: Scope, materialId: number) {
  const [row] = await tx
    .select({ fileName: xdtClaimMaterial.fileName, mimeType: xdtClaimMaterial.mimeType, content: xdtClaimMaterial.content })
    .from(xdtClaimMaterial)
    .innerJoin(xdtClaim, eq(xdtClaim.id, xdtClaimMaterial.claimId))
    .where(and(eq(xdtClaimMaterial.id, materialId), loanRecordCondition(scope, xdtClaim.bankOrgId, xdtClaim.loanId)));
  return row && row.content ? row : null;
}

void desc;
