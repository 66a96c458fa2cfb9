import { poolContribution, poolContributionPayment } from "../../schema";
import { ensureAccount, postJournal } from "../../ledger";
import { GUIZHOU_REGIONS } from "../../../rules/reference/regions";
import { need, type SeedContext, type SeedStep } from "../context";
import { POOL_SOURCE_LABELS, XDT_ACCOUNTS } from "../../accounts";

const YI = 100_000_000 * 100; // 1亿元 in fen
const WAN = 10_000 * 100; // 1万元 in fen

/**
 * XDT-FA §一(三) (seed L19398-19404): 17亿 = 省财政 5亿 + 黔微贷/贵工贷/贵园信贷通清算资金 5亿 + 黔晟国资 5亿
 * + 9 市州和贵安新区各 2000万. In the demo two contributors have not paid in full, so "due" and "paid" differ.
 * The banks' deposit accounts are opened with their agreements and filled by the trustee's deposits, in the 信贷通
 * step's history (db/seed/steps/xdt.ts).
 */
export const poolStep: SeedStep = {
  name: "pool",
  async run(ctx) {
    const org = need(ctx, "org");
    const { tx } = ctx;
    const trust = await ensureAccount(tx, { code: XDT_ACCOUNTS.trust, name: "信贷通专户（黔晟国资）", kind: "asset", book: "xdt", ownerOrgId: org.trustee, mustNotGoNegative: true });

    const prefectures = GUIZHOU_REGIONS.filter((r) => r.level === "prefecture");
    const plan: { source: "province_finance" | "legacy_funds" | "trustee" | "prefecture"; orgId: number; dueFen: number; dueDate: string; paid: { date: string; fen: number }[] }[] = [
      { source: "province_finance", orgId: org.provinceFinance, dueFen: 5 * YI, dueDate: "2021-12-31", paid: [{ date: "2021-11-15", fen: 3 * YI }, { date: "2022-03-20", fen: 2 * YI }] },
      { source: "legacy_funds", orgId: org.provinceFinance, dueFen: 5 * YI, dueDate: "2022-06-30", paid: [{ date: "2022-04-28", fen: 5 * YI }] },
      { source: "trustee", orgId: org.trustee, dueFen: 5 * YI, dueDate: "2021-12-31", paid: [{ date: "2021-12-10", fen: 5 * YI }] },
    ];
    prefectures.forEach((p, i) => {
      const financeId = org.prefectureFinance.get(p.code)!;
      // the last two 市州 of the list are behind with their share (demo: due vs paid)
      const paid =
        i === prefectures.length - 1 ? [{ date: "2022-08-16", fen: 500 * WAN }] :
        i === prefectures.length - 2 ? [{ date: "2022-05-09", fen: 1000 * WAN }] :
        [{ date: `2022-0${1 + (i % 6)}-1${i % 9}`, fen: 2000 * WAN }];
      plan.push({ source: "prefecture", orgId: financeId, dueFen: 2000 * WAN, dueDate: "2022-06-30", paid });
    });

    const contributions = new Map<number, number>();
    for (const c of plan) {
      const acct = await ensureAccount(tx, { code: XDT_ACCOUNTS.contribution(c.orgId, c.source), name: `信贷通出资（${sourceLabel(c.source)}）`, kind: "equity", book: "xdt", ownerOrgId: c.orgId });
      contributions.set(c.orgId, acct.id);
      const [row] = await tx.insert(poolContribution).values({ source: c.source, contributorOrgId: c.orgId, dueFen: c.dueFen, dueDate: c.dueDate, accountId: acct.id }).returning({ id: poolContribution.id });
      for (const [n, p] of c.paid.entries()) {
        const { journalId } = await postJournal(tx, ctx.actor, {
          idempotencyKey: `seed:contribution:${row.id}:${n}`,
          kind: "xdt.contribution",
          memo: `${sourceLabel(c.source)}出资到账`,
          valueDate: p.date,
          postings: [
            { accountId: trust.id, amountFen: p.fen },
            { accountId: acct.id, amountFen: -p.fen },
          ],
        });
        await tx.insert(poolContributionPayment).values({ contributionId: row.id, journalId });
      }
    }

    ctx.refs.accounts = { trust: trust.id, deposits: new Map(), contributions };
  },
};

function sourceLabel(source: string): string {
  return POOL_SOURCE_LABELS[source] ?? source;
}
