import { region } from "./schema";
import { GUIZHOU_REGIONS } from "../rules/reference/regions";
import type { Tx } from "./client";

/** Reference data every database needs, demo or not: the GB/T 2260 regions of Guizhou. Idempotent. */
export async function ensureReferenceData(tx: Tx): Promise<void> {
  await tx
    .insert(region)
    .values(GUIZHOU_REGIONS.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null })))
    .onConflictDoNothing({ target: region.code });
}
