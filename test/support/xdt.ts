import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { appUser, enterprise, organisation, shareholder, xdtBank, xdtBlacklist, xdtLoan, xdtLoanDue } from "#db/schema";
import { buildSchedule } from "#db/xdt";
import { hashPassword } from "~/server/password.server";
import { DEMO_PASSWORD } from "#db/seed/demo-users";
import { admissionDecisionDue, DEFAULT_CALENDAR, INITIAL_LPR_TABLE, lprForTerm, parseLegalDate } from "#rules";
import { todayInChina } from "~/lib/dates";

export const today = () => parseLegalDate(todayInChina());

/** The 1-year LPR in force today plus `plusBp`, as the form's "%" text. */
export function rateText(plusBp: number): string {
  const bp = lprForTerm(INITIAL_LPR_TABLE, today(), 12).bp + plusBp;
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
}

export async function orgIdOf(db: Db, username: string): Promise<number> {
  const [u] = await db.select().from(appUser).where(eq(appUser.username, username));
  return u.organisationId;
}

/** An SME not on the blacklist, none of whose shareholders is listed, with no outstanding 信贷通 loan. */
export async function cleanEnterprise(db: Db, skip = 0) {
  const rows = await db
    .select()
    .from(enterprise)
    .where(
      and(
        ne(enterprise.sizeClass, "large"),
        sql`not exists (select 1 from ${xdtBlacklist} b where b.identifier = ${enterprise.creditCode})`,
        sql`not exists (select 1 from ${shareholder} s join ${xdtBlacklist} b on b.identifier = s.identifier where s.enterprise_id = ${enterprise.id})`,
        sql`not exists (select 1 from ${xdtLoan} l where l.enterprise_id = ${enterprise.id} and l.maturity_date > ${today()})`,
      ),
    )
    .orderBy(enterprise.id)
    .limit(skip + 1);
  return rows[skip];
}

/** A user for a partner bank that has none in the demo data (signs in with the demo password). */
export async function bankUser(db: Db, bankOrgId: number, username: string) {
  await db.insert(appUser).values({ username, displayName: `${username} 经理`, role: "bank", organisationId: bankOrgId, passwordHash: await hashPassword(DEMO_PASSWORD) }).onConflictDoNothing();
  return username;
}

export async function suspendedBank(db: Db) {
  const [b] = await db.select({ id: xdtBank.orgId, name: organisation.shortName }).from(xdtBank).innerJoin(organisation, eq(organisation.id, xdtBank.orgId)).where(eq(xdtBank.status, "suspended"));
  return b;
}

/**
 * An admitted loan of `bankOrgId` put straight into the database, disbursed `monthsAgo` months ago, with nothing
 * repaid: interest is overdue from its first quarter — a claim case built without touching the demo loans.
 */
export async function overdueLoan(db: Db, bankOrgId: number, enterpriseId: number, contractNo: string, amountFen = 500_000_000, monthsAgo = 9) {
  const disbursed = new Date(Date.parse(`${today()}T00:00:00Z`));
  disbursed.setUTCMonth(disbursed.getUTCMonth() - monthsAgo);
  const disbursementDate = parseLegalDate(disbursed.toISOString().slice(0, 10));
  const rate = lprForTerm(INITIAL_LPR_TABLE, disbursementDate, 12).bp + 50;
  const { maturityDate, dues } = buildSchedule(amountFen, rate, 12, disbursementDate);
  const [loan] = await db
    .insert(xdtLoan)
    .values({
      bankOrgId,
      enterpriseId,
      contractNo,
      amountFen,
      annualRateBp: rate,
      termMonths: 12,
      disbursementDate,
      maturityDate,
      isCreditLoan: true,
      controllerSpouseGuarantee: true,
      requestDate: disbursementDate,
      admissionDue: admissionDecisionDue(disbursementDate, DEFAULT_CALENDAR).value.due,
      admissionStatus: "admitted",
      admissionVerdict: { rule: "checkLoanAdmission", outcome: "pass", findings: [], explain: "结论：通过" },
      decidedOn: disbursementDate,
      decidedByName: "测试",
      source: "seed",
    })
    .returning();
  await db.insert(xdtLoanDue).values(dues.map((d) => ({ loanId: loan.id, ...d })));
  return { loan, dues };
}
