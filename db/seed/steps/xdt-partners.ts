import { and, eq, gt } from "drizzle-orm";
import { journal, organisation, posting, xdtBank, xdtBankList, xdtBankListEntry, xdtBankStatusChange, xdtPoolOperation } from "../../schema";
import { postJournal } from "../../ledger";
import { need, type SeedStep } from "../context";

const WAN = 10_000 * 100; // 1万元 in fen

/**
 * Issue 4 items 1 and 2 on the demo data: the trustee's pool operations (the first deposits of the pool step, plus a
 * transfer and a withdrawal this year), the year's partner lists 2022–2026 (2025's published late, after 31
 * January), and one bank that has applied and waits for the office's evaluation. Runs last: the new organisation
 * shifts no other step's ids.
 */
export const xdtPartnersStep: SeedStep = {
  name: "xdt-partners",
  async run(ctx) {
    const org = need(ctx, "org");
    const accounts = need(ctx, "accounts");
    const { tx, actor } = ctx;

    // --- the pool step's deposits, as the trustee's recorded operations
    for (const [i, b] of org.banks.entries()) {
      const [j] = await tx.select().from(journal).where(eq(journal.idempotencyKey, `seed:deposit:${b.id}`));
      const [{ amount }] = await tx.select({ amount: posting.amountFen }).from(posting).where(and(eq(posting.journalId, j.id), gt(posting.amountFen, 0)));
      await tx.insert(xdtPoolOperation).values({ kind: "deposit", journalId: j.id, fromAccountId: accounts.trust, toAccountId: accounts.deposits.get(b.id)!, amountFen: amount, valueDate: j.valueDate, reference: `QSGZ-2022-07-${String(i + 1).padStart(3, "0")}`, reason: "首次存入信贷通存款户（按合作协议约定的存入额度）", recordedByName: actor.name });
    }
    const ops: { kind: "transfer" | "withdrawal"; from: number; to: number; fen: number; date: string; reference: string; reason: string }[] = [
      { kind: "transfer", from: accounts.deposits.get(org.banks[0].id)!, to: accounts.deposits.get(org.banks[7].id)!, fen: 1000 * WAN, date: "2026-06-30", reference: "QSGZ-2026-06-018", reason: "按年度业务量调整存入额度" },
      { kind: "withdrawal", from: accounts.deposits.get(org.banks[1].id)!, to: accounts.trust, fen: 500 * WAN, date: "2026-09-15", reference: "QSGZ-2026-09-007", reason: "存款到期转回专户" },
    ];
    for (const [n, op] of ops.entries()) {
      const { journalId } = await postJournal(tx, actor, {
        idempotencyKey: `seed:pool-op:${n}`,
        kind: op.kind === "transfer" ? "xdt.transfer" : "xdt.withdrawal",
        memo: `信贷通资金${op.kind === "transfer" ? "合作银行存款户间调拨" : "从合作银行存款户支取"}（凭证号 ${op.reference}）`,
        valueDate: op.date,
        postings: [
          { accountId: op.to, amountFen: op.fen },
          { accountId: op.from, amountFen: -op.fen },
        ],
      });
      await tx.insert(xdtPoolOperation).values({ kind: op.kind, journalId, fromAccountId: op.from, toAccountId: op.to, amountFen: op.fen, valueDate: op.date, reference: op.reference, reason: op.reason, recordedByName: actor.name });
    }

    // --- the yearly lists: every partner bank each year; 2025's came out after the 31 January deadline
    const published: [number, string, string][] = [
      [2022, "2022-01-20", "黔信贷通办〔2022〕1号"],
      [2023, "2023-01-16", "黔信贷通办〔2023〕2号"],
      [2024, "2024-01-29", "黔信贷通办〔2024〕1号"],
      [2025, "2025-02-12", "黔信贷通办〔2025〕4号"],
      [2026, "2026-01-27", "黔信贷通办〔2026〕1号"],
    ];
    for (const [year, publishedOn, documentRef] of published) {
      await tx.insert(xdtBankList).values({ year, publishedOn, documentRef, publishedByName: actor.name });
      await tx.insert(xdtBankListEntry).values(org.banks.map((b) => ({ year, bankOrgId: b.id })));
    }

    // --- a bank that has applied (XDT-BF 第五条) and waits for the office's evaluation
    const [applicant] = await tx.insert(organisation).values({ name: "兴业银行股份有限公司贵阳分行", shortName: "兴业银行", kind: "bank", regionCode: "520000" }).returning({ id: organisation.id });
    await tx.insert(xdtBank).values({ orgId: applicant.id, status: "applied", code: `B${applicant.id}` });
    await tx.insert(xdtBankStatusChange).values({ bankOrgId: applicant.id, fromStatus: null, toStatus: "applied", basis: "在黔设有 28 个营业网点，申请成为信贷通合作金融机构（XDT-BF 第五条）", decisionRef: "兴银黔函〔2026〕57号", decisionDate: "2026-11-16", recordedByName: actor.name });
  },
};
