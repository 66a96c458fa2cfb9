/**
 * Stored figures (README, Decision 22): the database keeps account balances, monthly nets, admitted lending per month
 * and each loan's arrears state by trigger. These tests prove that what is stored equals what raw history gives —
 * on the demo data, after the migration's fill of a database that had none, and after random sequences of events.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "#db/audit";
import { rowsOf } from "#db/client";
import { checkStoredFigures } from "#db/figures";
import { ensureAccount, postJournal, reverseJournal } from "#db/ledger";
import { journal, ledgerAccount, xdtLoan, xdtLoanDue, xdtRepayment } from "#db/schema";
import { buildSchedule } from "#db/xdt";
import { riskFigures } from "~/server/xdt/reference.server";
import { useAppDatabase } from "../setup/db";

const { db } = useAppDatabase();

describe("stored figures equal the recomputation from raw history", () => {
  it("on the demo data", async () => {
    const report = await checkStoredFigures(db());
    expect(report.checked.loans).toBeGreaterThan(1000);
    expect(report.checked.accountMonths).toBeGreaterThan(0);
    expect(report.differences).toEqual([]);
  });

  it("the check notices a wrong figure of every kind", async () => {
    const [loan] = await db().select({ id: xdtLoan.id, amount: xdtLoan.amountFen, status: xdtLoan.admissionStatus }).from(xdtLoan).where(eq(xdtLoan.admissionStatus, "admitted")).limit(1);
    const [account] = await db().select({ id: ledgerAccount.id }).from(ledgerAccount).where(sql`${ledgerAccount.balanceFen} <> 0`).limit(1);
    await db().transaction(async (tx) => {
      await tx.execute(sql`update ledger_account set balance_fen = balance_fen + 1 where id = ${account.id}`);
      await tx.execute(sql`update ledger_account_month set net_fen = net_fen + 1 where account_id = ${account.id} and month = (select max(month) from ledger_account_month where account_id = ${account.id})`);
      await tx.execute(sql`update xdt_lending_month set admitted_count = admitted_count + 1 where (bank_org_id, month) = (select bank_org_id, month from xdt_lending_month limit 1)`);
      await tx.execute(sql`delete from xdt_bank_year_enterprise where (bank_org_id, year, enterprise_id) = (select bank_org_id, year, enterprise_id from xdt_bank_year_enterprise limit 1)`);
      await tx.execute(sql`update fund_allocation set paid_fen = paid_fen + 1 where id = (select min(id) from fund_allocation)`);
      await tx.execute(sql`alter table xdt_loan disable trigger xdt_loan_maintain_lending_update`);
      await tx.execute(sql`update xdt_loan set outstanding_principal_fen = outstanding_principal_fen + 1 where id = ${loan.id}`);
      await tx.execute(sql`alter table xdt_loan enable trigger xdt_loan_maintain_lending_update`);
      const report = await checkStoredFigures(tx);
      expect(new Set(report.differences.map((d) => d.figure))).toEqual(new Set(["ledger balance", "ledger month", "lending month", "enterprises supported", "allocation paid", "loan arrears"]));
      tx.rollback();
    }).catch((e) => {
      if (!String(e?.message ?? e).includes("Rollback")) throw e;
    });
    expect((await checkStoredFigures(db())).differences).toEqual([]);
  });

  it("the migration fills a database whose history was recorded before the figures existed", async () => {
    const fillOf = (file: string, from: string) => {
      const text = readFileSync(path.resolve("db/migrations", file), "utf8");
      return text.slice(text.indexOf(from)).split("--> statement-breakpoint").map((s) => s.replace(/^--.*$/gm, "").trim()).filter(Boolean);
    };
    const fill = [
      ...fillOf("0017_stored_figures_maintained.sql", "-- 4."),
      ...fillOf("0020_enterprises_supported_maintained.sql", "-- Existing databases"),
      ...fillOf("0022_allocation_paid_maintained.sql", "-- Existing databases"),
    ];
    expect(fill.length).toBe(6);
    await db().transaction(async (tx) => {
      // the state of a database migrated from 0016: columns at their defaults, no stored rows
      await tx.execute(sql`alter table xdt_loan disable trigger xdt_loan_maintain_lending_update`);
      await tx.execute(sql`update xdt_loan set principal_unpaid_from = null, interest_unpaid_from = null, outstanding_principal_fen = 0`);
      await tx.execute(sql`alter table xdt_loan enable trigger xdt_loan_maintain_lending_update`);
      await tx.execute(sql`update ledger_account set balance_fen = 0`);
      await tx.execute(sql`delete from ledger_account_month`);
      await tx.execute(sql`delete from xdt_lending_month`);
      await tx.execute(sql`delete from xdt_bank_year_enterprise`);
      await tx.execute(sql`update fund_allocation set paid_fen = 0`);
      expect((await checkStoredFigures(tx)).differences.length).toBeGreaterThan(0);
      for (const statement of fill) await tx.execute(sql.raw(statement));
      expect((await checkStoredFigures(tx)).differences).toEqual([]);
    });
  });
});

type Event =
  | { kind: "post"; amount: number; day: number; from: number; to: number }
  | { kind: "reverse"; pick: number; day: number }
  | { kind: "loan"; amountWan: number; month: number; term: number; admitted: boolean }
  | { kind: "repay"; pick: number; component: "principal" | "interest"; share: number }
  | { kind: "status"; pick: number; status: "pending" | "admitted" | "rejected" };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant("post" as const), amount: fc.integer({ min: 1, max: 5_000_000_00 }), day: fc.integer({ min: 0, max: 1500 }), from: fc.nat(3), to: fc.nat(3) }),
  fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat(), day: fc.integer({ min: 0, max: 1500 }) }),
  fc.record({ kind: fc.constant("loan" as const), amountWan: fc.integer({ min: 1, max: 3000 }), month: fc.integer({ min: 0, max: 47 }), term: fc.integer({ min: 1, max: 36 }), admitted: fc.boolean() }),
  fc.record({ kind: fc.constant("repay" as const), pick: fc.nat(), component: fc.constantFrom("principal" as const, "interest" as const), share: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant("status" as const), pick: fc.nat(), status: fc.constantFrom("pending" as const, "admitted" as const, "rejected" as const) }),
);

function dayFrom2022(n: number): string {
  return new Date(Date.UTC(2022, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

describe("special-fund payments", () => {
  it("are append-only, like the ledger: a correction is a recovery, never an edit", async () => {
    const err = await db().execute(sql`update fund_payment set amount_fen = amount_fen + 1 where id = (select min(id) from fund_payment)`).catch((e) => e);
    expect(String(err?.cause?.message ?? err?.message ?? err)).toMatch(/append-only/);
    const del = await db().execute(sql`delete from fund_payment where id = (select min(id) from fund_payment)`).catch((e) => e);
    expect(String(del?.cause?.message ?? del?.message ?? del)).toMatch(/append-only/);
  });
});

describe("stored figures after random sequences of events", () => {
  it("postings, reversals, loans, repayments and admission changes keep every stored figure equal to history", async () => {
    const [template] = await db().select().from(xdtLoan).limit(1);
    const accounts: number[] = [];
    for (const i of [0, 1, 2, 3]) accounts.push((await ensureAccount(db(), { code: `prop:${i}`, name: `性质测试 ${i}`, kind: "asset", book: "xdt" })).id);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 25 }), async (events) => {
        run += 1;
        const before = await riskFigures(db(), template.bankOrgId);
        let admittedAdded = 0;
        await db().transaction(async (tx) => {
          const journals: number[] = [];
          const loans: { id: number; status: string; amount: number }[] = [];
          for (const [i, e] of events.entries()) {
            if (e.kind === "post") {
              const to = e.from === e.to ? (e.to + 1) % 4 : e.to;
              const r = await postJournal(tx, SYSTEM_ACTOR, { idempotencyKey: `prop:${run}:${i}`, kind: `prop.${e.day % 3}`, memo: "性质测试", valueDate: dayFrom2022(e.day), postings: [{ accountId: accounts[e.from], amountFen: e.amount }, { accountId: accounts[to], amountFen: -e.amount }] });
              journals.push(r.journalId);
            } else if (e.kind === "reverse" && journals.length > 0) {
              const target = journals[e.pick % journals.length];
              const [done] = await tx.select({ id: journal.id }).from(journal).where(eq(journal.reversesJournalId, target));
              if (!done) await reverseJournal(tx, SYSTEM_ACTOR, { journalId: target, idempotencyKey: `prop:${run}:${i}:rev`, memo: "冲销", valueDate: dayFrom2022(e.day) });
            } else if (e.kind === "loan") {
              const amount = e.amountWan * 1_000_000;
              const disbursed = dayFrom2022(e.month * 30);
              const schedule = buildSchedule(amount, template.annualRateBp, e.term, disbursed);
              const { id: _id, createdAt: _c, principalUnpaidFrom: _p, interestUnpaidFrom: _i, outstandingPrincipalFen: _o, ...rest } = template;
              const status = e.admitted ? "admitted" : "pending";
              const [row] = await tx
                .insert(xdtLoan)
                .values({ ...rest, contractNo: `PROP-${run}-${i}`, amountFen: amount, termMonths: e.term, disbursementDate: disbursed, maturityDate: schedule.maturityDate, admissionStatus: status, renewalOfLoanId: null })
                .returning({ id: xdtLoan.id });
              await tx.insert(xdtLoanDue).values(schedule.dues.map((d) => ({ loanId: row.id, ...d })));
              loans.push({ id: row.id, status, amount });
            } else if (e.kind === "repay" && loans.length > 0) {
              const loan = loans[e.pick % loans.length];
              const [owed] = rowsOf<{ owed: string }>(await tx.execute(sql`select (select coalesce(sum(amount_fen), 0) from xdt_loan_due where loan_id = ${loan.id} and component = ${e.component}) - (select coalesce(sum(amount_fen), 0) from xdt_repayment where loan_id = ${loan.id} and component = ${e.component}) as owed`));
              const amount = Math.floor((Number(owed.owed) * e.share) / 10_000);
              if (amount > 0) await tx.insert(xdtRepayment).values({ loanId: loan.id, component: e.component, paidOn: "2026-11-01", amountFen: amount, recordedByName: "性质测试" });
            } else if (e.kind === "status" && loans.length > 0) {
              const loan = loans[e.pick % loans.length];
              await tx.update(xdtLoan).set({ admissionStatus: e.status }).where(eq(xdtLoan.id, loan.id));
              loan.status = e.status;
            }
          }
          admittedAdded = loans.filter((l) => l.status === "admitted").reduce((s, l) => s + l.amount, 0);
          const report = await checkStoredFigures(tx);
          expect(report.differences).toEqual([]);
          // the D-6 denominator the pages read moves by exactly the admitted lending added
          expect((await riskFigures(tx, template.bankOrgId)).cumulativeLoans - before.cumulativeLoans).toBe(admittedAdded);
          tx.rollback();
        }).catch((e) => {
          if (!String(e?.message ?? e).includes("Rollback")) throw e;
        });
      }),
      { numRuns: 25, seed: 20261203 },
    );
  });
});
