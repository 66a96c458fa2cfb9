import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { ledgerAccount, organisation, xdtPoolOperation, type XdtPoolOpKind } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { accountByCode, LedgerError, postJournal } from "#db/ledger";
import { XDT_ACCOUNTS } from "#db/accounts";
import { CITES, formatCitation, formatMoney, parseLegalDate, XDT_START, type LegalDate } from "#rules";
import type { PoolOperationInput } from "~/lib/forms/xdt";

import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { likePattern, type ListParams } from "../list.server";
import { bankRecordCondition } from "../scope.server";
import { UserInputError } from "../users.server";

const KIND_BY_INTENT: Record<PoolOperationInput["intent"], XdtPoolOpKind> = { deposit: "deposit", withdrawal: "withdrawal", transfer: "transfer" };
const KIND_ZH: Record<XdtPoolOpKind, string> = { deposit: "存入合作银行存款户", withdrawal: "从合作银行存款户支取", transfer: "合作银行存款户间调拨" };
/** journal kinds: `xdt.deposit` is what the deposit weights of XDT-BF Art.17 count (reference.server.ts depositWeights) */
export const POOL_OP_JOURNAL_KINDS: Record<XdtPoolOpKind, string> = { deposit: "xdt.deposit", withdrawal: "xdt.withdrawal", transfer: "xdt.transfer" };
const AUDIT_ACTION: Record<XdtPoolOpKind, string> = { deposit: "deposit", withdrawal: "withdraw", transfer: "transfer" };

/** Why "what the pool can still pay" is balance minus approved, unpaid compensation (shown beside the figure). */
export const POOL_CAPACITY_WHY = [CITES.XDT_BF_ART13, CITES.XDT_BF_ART17, CITES.XDT_TRUSTEE_ACCOUNT].map((c) => `${formatCitation(c)}：“${c.quote}”`);

async function depositAccount(tx: Tx, bankOrgId: number, field: string) {
  const account = await accountByCode(tx, XDT_ACCOUNTS.deposit(bankOrgId));
  if (!account) throw new UserInputError(field, "该银行没有信贷通存款户（须先由受托管理机构签署合作协议）");
  return account;
}

/**
 * The trustee moves pool money between the pool's own accounts: one balanced journal (README Decision 2) with the
 * form's id as idempotency key — a second submission of the same form finds the first journal and records nothing
 * more. Accounts that must not be overdrawn (the special account, every deposit account) are checked under a row
 * lock by the ledger; an overdraft comes back as the form's error.
 */
export async function recordPoolOperation(tx: Tx, actor: Actor, input: PoolOperationInput, today: LegalDate) {
  let valueDate: LegalDate;
  try {
    valueDate = parseLegalDate(input.valueDate);
  } catch {
    throw new UserInputError("valueDate", "记账日期应为 YYYY-MM-DD 格式的有效日期");
  }
  if (valueDate > today) throw new UserInputError("valueDate", "记账日期不能晚于今天");
  if (valueDate < XDT_START) throw new UserInputError("valueDate", `记账日期不能早于信贷通设立（${XDT_START}）`);
  const kind = KIND_BY_INTENT[input.intent];
  const trust = await accountByCode(tx, XDT_ACCOUNTS.trust);
  if (!trust) throw new UserInputError("", "信贷通专户尚未开设");
  let from: typeof trust;
  let to: typeof trust;
  if (input.intent === "deposit") {
    from = trust;
    to = await depositAccount(tx, input.toBank, "toBank");
  } else if (input.intent === "withdrawal") {
    from = await depositAccount(tx, input.fromBank, "fromBank");
    to = trust;
  } else {
    if (input.fromBank === input.toBank) throw new UserInputError("toBank", "调出和调入不能是同一家银行");
    from = await depositAccount(tx, input.fromBank, "fromBank");
    to = await depositAccount(tx, input.toBank, "toBank");
  }
  const bankOrgId = input.intent === "deposit" ? input.toBank : input.fromBank;
  let posted;
  try {
    posted = await postJournal(tx, actor, {
      idempotencyKey: `xdt:pool-op:${input.requestId}`,
      kind: POOL_OP_JOURNAL_KINDS[kind],
      // the memo shows on every account of the journal: it names neither bank (a bank sees its own account's lines)
      memo: `信贷通资金${KIND_ZH[kind]}（凭证号 ${input.reference}）`,
      valueDate,
      postings: [
        { accountId: to.id, amountFen: input.amount },
        { accountId: from.id, amountFen: -input.amount },
      ],
      bankOrgId,
    });
  } catch (err) {
    if (err instanceof LedgerError && err.code === "insufficient_funds") throw new UserInputError("amount", `${err.message}：${formatMoney(input.amount)} 超过可用余额，未记账`);
    if (err instanceof LedgerError && err.code === "idempotency_conflict") throw new UserInputError("", "该表单已提交过另一笔内容，请刷新页面后重新填写");
    throw err;
  }
  if (posted.replayed) {
    const [earlier] = await tx.select().from(xdtPoolOperation).where(eq(xdtPoolOperation.journalId, posted.journalId));
    if (earlier) return { operation: earlier, replayed: true, message: `该笔${KIND_ZH[kind]}已于先前提交记账（重复提交，未再次记账）` };
  }
  const [operation] = await tx
    .insert(xdtPoolOperation)
    .values({ kind, journalId: posted.journalId, fromAccountId: from.id, toAccountId: to.id, amountFen: input.amount, valueDate, reference: input.reference, reason: input.reason, recordedByUserId: actor.userId, recordedByName: actor.name })
    .returning();
  await writeAudit(tx, actor, {
    entity: "xdt-pool-op",
    entityId: operation.id,
    action: AUDIT_ACTION[kind],
    after: { kind, journalId: posted.journalId, from: from.code, to: to.code, amountFen: input.amount, valueDate, reference: input.reference, reason: input.reason },
    bankOrgId,
  });
  return { operation, replayed: false, message: `已记账：${KIND_ZH[kind]} ${formatMoney(input.amount)}` };
}

/** The pool's accounts with their balances: the special account and the deposit accounts in scope (a bank: its own). */
export async function poolAccountBalances(tx: Tx, scope: Scope) {
  const rows = await tx
    .select({
      accountId: ledgerAccount.id,
      code: ledgerAccount.code,
      name: ledgerAccount.name,
      bankOrgId: ledgerAccount.ownerOrgId,
      bank: organisation.shortName,
      balanceFen: sql<string>`${ledgerAccount.balanceFen}::text`,
    })
    .from(ledgerAccount)
    .innerJoin(organisation, eq(organisation.id, ledgerAccount.ownerOrgId))
    .where(or(eq(ledgerAccount.code, XDT_ACCOUNTS.trust), and(sql`${ledgerAccount.code} like 'xdt:deposit:%'`, bankRecordCondition(scope, ledgerAccount.ownerOrgId))))
    .orderBy(asc(ledgerAccount.id));
  return rows.map((r) => ({ ...r, balanceFen: Number(r.balanceFen), isTrust: r.code === XDT_ACCOUNTS.trust }));
}

export const POOL_OP_SORTS = ["valueDate", "amount", "recordedAt"] as const;
export type PoolOpSort = (typeof POOL_OP_SORTS)[number];

export function parsePoolOpFilters(url: URL) {
  const kind = url.searchParams.get("kind");
  return { kind: kind === "deposit" || kind === "withdrawal" || kind === "transfer" ? (kind as XdtPoolOpKind) : null };
}

/**
 * Past operations, newest first, searched and paged in SQL. A bank reaches the operations on its own deposit account
 * only, and sees neither the other side of a transfer between banks nor its reason (it may name the other bank).
 */
export async function listPoolOperations(tx: Tx, scope: Scope, params: ListParams<PoolOpSort>, filters: ReturnType<typeof parsePoolOpFilters>) {
  const fromAcc = alias(ledgerAccount, "from_acc");
  const toAcc = alias(ledgerAccount, "to_acc");
  const scoped = scope.kind === "all" ? undefined : or(bankRecordCondition(scope, fromAcc.ownerOrgId), bankRecordCondition(scope, toAcc.ownerOrgId));
  const where: SQL | undefined = and(
    scoped,
    filters.kind ? eq(xdtPoolOperation.kind, filters.kind) : undefined,
    // a bank does not see a transfer's reason, so it cannot search it either (a hit would reveal what it says)
    params.q ? (scope.kind === "bank" ? ilike(xdtPoolOperation.reference, likePattern(params.q)) : or(ilike(xdtPoolOperation.reference, likePattern(params.q)), ilike(xdtPoolOperation.reason, likePattern(params.q)))) : undefined,
  );
  const order = { valueDate: xdtPoolOperation.valueDate, amount: xdtPoolOperation.amountFen, recordedAt: xdtPoolOperation.id }[params.sort];
  const rows = await tx
    .select({
      id: xdtPoolOperation.id,
      kind: xdtPoolOperation.kind,
      valueDate: xdtPoolOperation.valueDate,
      amountFen: xdtPoolOperation.amountFen,
      fromName: fromAcc.name,
      fromOwner: fromAcc.ownerOrgId,
      toName: toAcc.name,
      toOwner: toAcc.ownerOrgId,
      reference: xdtPoolOperation.reference,
      reason: xdtPoolOperation.reason,
      journalId: xdtPoolOperation.journalId,
      recordedByName: xdtPoolOperation.recordedByName,
      recordedAt: xdtPoolOperation.recordedAt,
    })
    .from(xdtPoolOperation)
    .innerJoin(fromAcc, eq(fromAcc.id, xdtPoolOperation.fromAccountId))
    .innerJoin(toAcc, eq(toAcc.id, xdtPoolOperation.toAccountId))
    .where(where)
    .orderBy(params.dir === "asc" ? asc(order) : desc(order), desc(xdtPoolOperation.id))
    .limit(params.limit)
    .offset(params.offset);
  const [{ total }] = await tx
    .select({ total: count() })
    .from(xdtPoolOperation)
    .innerJoin(fromAcc, eq(fromAcc.id, xdtPoolOperation.fromAccountId))
    .innerJoin(toAcc, eq(toAcc.id, xdtPoolOperation.toAccountId))
    .where(where);
  const ownBank = scope.kind === "bank" ? scope.bankOrgId : null;
  const hidden = "其他合作银行存款户";
  return {
    total,
    rows: rows.map(({ fromOwner, toOwner, ...r }) => {
      const foreign = ownBank !== null && r.kind === "transfer";
      return {
        ...r,
        fromName: foreign && fromOwner !== ownBank ? hidden : r.fromName,
        toName: foreign && toOwner !== ownBank ? hidden : r.toName,
        reason: foreign ? "—" : r.reason,
        // a bank reads the journal on its own account page, not the journal of a transfer with another bank
        journalId: ownBank === null ? r.journalId : null,
      };
    }),
  };
}

