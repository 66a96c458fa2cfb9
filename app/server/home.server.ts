import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import { appUser, auditLog, enterprise, journal, loginAttempt, organisation, session } from "#db/schema";
import type { CurrentUser } from "./auth.server";
import type { Tx } from "./db.server";
import { contributions, depositBalances, poolSummary } from "./pool.server";
import { regionCondition } from "./scope.server";

/** The figures each role acts on first (issue 2; later issues add theirs). Every query is scoped. */
export async function homeFigures(tx: Tx, user: CurrentUser) {
  switch (user.role) {
    case "bank": {
      const [deposit] = await depositBalances(tx, user.scope);
      return { kind: "bank" as const, pool: await poolSummary(tx), deposit: deposit ?? null };
    }
    case "trustee":
      return { kind: "trustee" as const, pool: await poolSummary(tx), deposits: await depositBalances(tx, user.scope) };
    case "finance":
    case "industry": {
      const [ent] = await tx.select({ n: count() }).from(enterprise).where(regionCondition(user.scope, enterprise.regionCode));
      return {
        kind: "officer" as const,
        pool: await poolSummary(tx),
        contributions: await contributions(tx, user.scope),
        enterprises: ent.n,
      };
    }
    case "auditor": {
      const [audit] = await tx.select({ n: count() }).from(auditLog);
      const [today] = await tx.select({ n: count() }).from(auditLog).where(gt(auditLog.at, sql`now() - interval '1 day'`));
      const [journals] = await tx.select({ n: count() }).from(journal);
      return { kind: "auditor" as const, pool: await poolSummary(tx), auditEntries: audit.n, auditToday: today.n, journals: journals.n };
    }
    case "admin": {
      const [users] = await tx.select({ n: count() }).from(appUser).where(eq(appUser.active, true));
      const [orgs] = await tx.select({ n: count() }).from(organisation).where(eq(organisation.active, true));
      const [sessions] = await tx.select({ n: count() }).from(session).where(and(isNull(session.revokedAt), gt(session.expiresAt, sql`now()`)));
      const [failed] = await tx.select({ n: count() }).from(loginAttempt).where(and(eq(loginAttempt.success, false), gt(loginAttempt.at, sql`now() - interval '1 day'`)));
      return { kind: "admin" as const, users: users.n, organisations: orgs.n, liveSessions: sessions.n, failedLogins24h: failed.n };
    }
  }
}
