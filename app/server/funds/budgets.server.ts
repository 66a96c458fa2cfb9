import { and, asc, eq, sql } from "drizzle-orm";
import { fundBudget, fundProgram, FUNDS_ACCOUNTS, region } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { accountBalances, ensureAccount, postJournal } from "#db/ledger";
import { formatMoney, fundSettingsAt, type LegalDate } from "#rules";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { regionCondition } from "../scope.server";
import { UserInputError } from "../users.server";
import { fundsToday, pastDate, programByCode, rule } from "./projects.server";
import { requireEventDate } from "../event-dates.server";

const PROVINCE = "520000";

/** Budget lines in scope with their ledger balance (money still on the line). */
export async function listBudgets(tx: Tx, scope: Scope) {
  const rows = await tx
    .select({ id: fundBudget.id, code: fundProgram.code, year: fundBudget.year, level: fundBudget.level, regionCode: fundBudget.regionCode, regionName: region.name, amountFen: fundBudget.amountFen, approvedOn: fundBudget.approvedOn, issuedOn: fundBudget.issuedOn, advance: fundBudget.advance })
    .from(fundBudget)
    .innerJoin(fundProgram, eq(fundProgram.id, fundBudget.programId))
    .innerJoin(region, eq(region.code, fundBudget.regionCode))
    .where(regionCondition(scope, fundBudget.regionCode))
    .orderBy(sql`${fundBudget.year} desc`, asc(fundProgram.code), asc(fundBudget.regionCode));
  const codes = rows.map((r) => FUNDS_ACCOUNTS.budget(r.code, r.year, r.regionCode));
  const accts = codes.length ? await tx.execute(sql`select id, code from ledger_account where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`) : [];
  const list = (Array.isArray(accts) ? accts : (accts as unknown as { rows: { id: number; code: string }[] }).rows) as { id: number; code: string }[];
  const ids = new Map(list.map((a) => [a.code, Number(a.id)]));
  const balances = await accountBalances(tx, [...ids.values()]);
  return rows.map((r) => ({ ...r, balanceFen: balances.get(ids.get(FUNDS_ACCOUNTS.budget(r.code, r.year, r.regionCode)) ?? -1) ?? 0 }));
}

async function account(tx: Tx, code: string, name: string, kind: "asset" | "equity", ownerOrgId: number | null, guard: boolean) {
  return ensureAccount(tx, { code, name, kind, book: "funds", ownerOrgId, mustNotGoNegative: guard });
}

/**
 * 省财政厅 approves a budget line: the appropriation posts to the province-level budget account. A transfer line is
 * then issued to its 市州 (资金跟着项目走); a line for a later year is next year's estimate issued in advance
 * (GXZJ-35 Art.19). The program's term decides whether a line may be approved for that date.
 */
export async function approveBudget(tx: Tx, actor: Actor, scope: Scope, input: { programCode: string; year: number; regionCode: string; amount: number; onDate: string }) {
  if (scope.kind !== "all") throw new UserInputError("", "预算由省财政厅批复");
  const onDate = pastDate(input.onDate);
  const program = await programByCode(tx, input.programCode);
  // a budget is approved within the program's own term (an administrator's program may start after its rule set)
  requireEventDate("onDate", { label: "批复日期", date: onDate, asOf: fundsToday(), notBefore: { date: program.termFrom as LegalDate, label: `${program.name}实施期开始日` } });
  rule(() => fundSettingsAt(program.ruleSet, onDate), "onDate");
  const [reg] = await tx.select().from(region).where(eq(region.code, input.regionCode));
  if (!reg || (reg.level !== "prefecture" && reg.code !== PROVINCE)) throw new UserInputError("regionCode", "请选择全省（省本级）或一个市州");
  const [dup] = await tx.select({ id: fundBudget.id }).from(fundBudget).where(and(eq(fundBudget.programId, program.id), eq(fundBudget.year, input.year), eq(fundBudget.regionCode, input.regionCode)));
  if (dup) throw new UserInputError("regionCode", "该年度该地区的预算已批复");
  const provinceAcct = await account(tx, FUNDS_ACCOUNTS.budget(program.code, input.year, PROVINCE), `${program.code} ${input.year} 省级预算（省财政厅）`, "asset", actor.orgId, true);
  const appropriation = await account(tx, FUNDS_ACCOUNTS.appropriation(program.code, input.year), `${program.name}${input.year}年度预算`, "equity", actor.orgId, false);
  const level = input.regionCode === PROVINCE ? "provincial" : "transfer";
  const [row] = await tx
    .insert(fundBudget)
    .values({ programId: program.id, year: input.year, level, regionCode: input.regionCode, amountFen: input.amount, approvedOn: onDate, advance: input.year > Number(onDate.slice(0, 4)) })
    .returning();
  const { journalId } = await postJournal(tx, actor, {
    idempotencyKey: `funds:budget:${row.id}`,
    kind: "funds.budget",
    memo: `${input.year}年度${program.code}预算批复（${reg.name}${level === "transfer" ? "转移支付" : "省本级"}）`,
    valueDate: onDate,
    postings: [
      { accountId: provinceAcct.id, amountFen: input.amount },
      { accountId: appropriation.id, amountFen: -input.amount },
    ],
  });
  await tx.update(fundBudget).set({ approveJournalId: journalId }).where(eq(fundBudget.id, row.id));
  await writeAudit(tx, actor, { entity: "fund-budget", entityId: row.id, action: "approve", after: { ...row, journalId } });
  return { message: `已批复 ${formatMoney(input.amount as never)}${row.advance ? "（提前下达预计数）" : ""}` };
}

/** Issues a transfer line to its 市州: province budget → the 市州's budget account, one journal. */
export async function issueBudget(tx: Tx, actor: Actor, scope: Scope, budgetId: number, onDateText: string) {
  if (scope.kind !== "all") throw new UserInputError("", "转移支付由省财政厅下达");
  const onDate = pastDate(onDateText) as LegalDate;
  const [line] = await tx.select().from(fundBudget).where(eq(fundBudget.id, budgetId)).for("update");
  if (!line || line.level !== "transfer") throw new UserInputError("", "找不到该转移支付预算");
  if (line.issuedOn) throw new UserInputError("", `该预算已于 ${line.issuedOn} 下达`);
  requireEventDate("onDate", { label: "下达日期", date: onDate, asOf: fundsToday(), notBefore: { date: line.approvedOn as LegalDate, label: "预算批复日期" } });
  const [program] = await tx.select().from(fundProgram).where(eq(fundProgram.id, line.programId));
  const [reg] = await tx.select().from(region).where(eq(region.code, line.regionCode));
  const owner = await tx.execute(sql`select o.id from organisation o where o.kind = 'finance' and o.region_code = ${line.regionCode} order by o.id limit 1`);
  const ownerRows = (Array.isArray(owner) ? owner : (owner as unknown as { rows: { id: number }[] }).rows) as { id: number }[];
  const regionAcct = await account(tx, FUNDS_ACCOUNTS.budget(program.code, line.year, line.regionCode), `${program.code} ${line.year} ${reg.name}转移支付`, "asset", ownerRows[0] ? Number(ownerRows[0].id) : null, true);
  const provinceAcct = await account(tx, FUNDS_ACCOUNTS.budget(program.code, line.year, PROVINCE), `${program.code} ${line.year} 省级预算（省财政厅）`, "asset", actor.orgId, true);
  const { journalId } = await postJournal(tx, actor, {
    idempotencyKey: `funds:issue:${line.id}`,
    kind: "funds.issue",
    memo: `下达${reg.name}${line.year}年度${program.code}专项资金${line.advance ? "（提前下达）" : ""}`,
    valueDate: onDate,
    postings: [
      { accountId: regionAcct.id, amountFen: line.amountFen },
      { accountId: provinceAcct.id, amountFen: -line.amountFen },
    ],
  });
  await tx.update(fundBudget).set({ issuedOn: onDate, issueJournalId: journalId }).where(eq(fundBudget.id, line.id));
  await writeAudit(tx, actor, { entity: "fund-budget", entityId: line.id, action: "issue", after: { issuedOn: onDate, journalId } });
  return { message: `已下达${reg.name} ${formatMoney(line.amountFen as never)}` };
}
