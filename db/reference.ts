import { region, xdtLpr } from "./schema";
import { INITIAL_LPR_TABLE, LPR_SOURCE } from "../rules/reference/lpr";
import { GUIZHOU_REGIONS } from "../rules/reference/regions";
import type { Tx } from "./client";

/** Reference data every database needs, demo or not: the GB/T 2260 regions of Guizhou and the LPR history. Idempotent. */
export async function ensureReferenceData(tx: Tx): Promise<void> {
  await tx
    .insert(region)
    .values(GUIZHOU_REGIONS.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null })))
    .onConflictDoNothing({ target: region.code });
  // D-1: the LPR history is data the administrator maintains; start from the rule book's initial table
  await tx
    .insert(xdtLpr)
    .values(INITIAL_LPR_TABLE.map((r) => ({ effectiveDate: r.effectiveDate, lpr1yBp: r.lpr1yBp, lpr5yBp: r.lpr5yBp, source: LPR_SOURCE })))
    .onConflictDoNothing({ target: xdtLpr.effectiveDate });
}
