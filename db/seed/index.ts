import { SYSTEM_ACTOR } from "../audit";
import type { Db } from "../client";
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

/** Loads the demo data in one transaction: all of it or nothing. Deterministic for a given seed. */
export async function seedDemo(db: Db, options: { seed?: number; steps?: SeedStep[] } = {}): Promise<SeedContext["refs"]> {
  const rng = new Rng(options.seed ?? DEMO_SEED);
  const refs: SeedContext["refs"] = {};
  await db.transaction(async (tx) => {
    const ctx: SeedContext = { tx, rng, refs, actor: { ...SYSTEM_ACTOR, name: "系统（演示数据）", requestId: "seed" } };
    await ensureReferenceData(tx);
    for (const step of options.steps ?? SEED_STEPS) await step.run(ctx);
  });
  return refs;
}
