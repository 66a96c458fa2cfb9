import { count, sql } from "drizzle-orm";
import { SYSTEM_ACTOR } from "../audit";
import { rowsOf, type Db } from "../client";
import { organisation } from "../schema";
import type { SeedContext, SeedStep } from "./context";
import { Rng } from "./rng";
import { organisationsStep } from "./steps/organisations";
import { ensureReferenceData } from "../reference";
import { usersStep } from "./steps/users";
import { enterprisesStep } from "./steps/enterprises";
import { poolStep } from "./steps/pool";
import { xdtStep } from "./steps/xdt";
import { xdtReportsStep } from "./steps/xdt-reports";
import { fundsStep } from "./steps/funds";
import { perfMonitoringStep } from "./steps/perf-monitoring";
import { perfEvaluationsStep } from "./steps/perf-evaluations";
import { auditorStep } from "./steps/auditor";
import { xdtPartnersStep } from "./steps/xdt-partners";

export const DEMO_SEED = 20_260_101;

/** The demo data, in order. Later issues append their steps (loans, claims, projects…) here. */
export const SEED_STEPS: SeedStep[] = [organisationsStep, usersStep, enterprisesStep, poolStep, xdtStep, fundsStep, perfMonitoringStep, perfEvaluationsStep, xdtReportsStep, auditorStep, xdtPartnersStep];

/**
 * Loads the demo data into an empty database: all of it or nothing. Deterministic for a given seed. The history is
 * committed as it goes (SeedContext.checkpoint); if a step fails, every table is emptied again, so the database is
 * as empty as it was and the next `prepare` loads it afresh.
 */
export async function seedDemo(db: Db, options: { seed?: number; steps?: SeedStep[] } = {}): Promise<SeedContext["refs"]> {
  const [{ n }] = await db.select({ n: count() }).from(organisation);
  if (n > 0) throw new Error("演示数据只能载入空数据库：该数据库已有机构记录");
  const rng = new Rng(options.seed ?? DEMO_SEED);
  const refs: SeedContext["refs"] = {};
  try {
    await db.transaction(async (tx) => {
      const checkpoint = async () => {
        await tx.execute(sql`commit`);
        await tx.execute(sql`begin`);
      };
      const ctx: SeedContext = { tx, rng, refs, actor: { ...SYSTEM_ACTOR, name: "系统（演示数据）", requestId: "seed" }, checkpoint };
      await ensureReferenceData(tx);
      for (const step of options.steps ?? SEED_STEPS) await step.run(ctx);
    });
  } catch (err) {
    try {
      await emptyAllTables(db);
    } catch (resetError) {
      const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
      throw new Error(`演示数据载入失败（${why(err)}），已写入的部分未能清除（${why(resetError)}）：请删除该数据库（PGlite 即其数据目录）后重新运行`, { cause: err });
    }
    throw err;
  }
  return refs;
}

/**
 * Every table of the app's schema, emptied (the migrations' record, in its own schema, stays). The ledger and the
 * audit log refuse TRUNCATE by trigger; triggers are off for this one transaction (replica mode, which needs a
 * superuser — PGlite's, or a PostgreSQL owner's; otherwise the caller says to drop the database).
 */
async function emptyAllTables(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    const tables = rowsOf<{ name: string }>(await tx.execute(sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`));
    if (tables.length > 0) await tx.execute(sql.raw(`truncate ${tables.map((t) => t.name).join(", ")} restart identity cascade`));
  });
  await ensureReferenceData(db);
}
