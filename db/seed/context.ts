import type { Actor } from "../audit";
import type { Tx } from "../client";
import type { Rng } from "./rng";

/** Ids created by earlier steps, for later steps (and later issues' steps) to build on. */
export interface SeedRefs {
  org: {
    system: number;
    provinceFinance: number;
    provinceIndustry: number;
    xdtOffice: number;
    trustee: number;
    auditOffice: number;
    evaluator: number;
    /** by 市州 region code */
    prefectureFinance: Map<string, number>;
    prefectureIndustry: Map<string, number>;
    banks: { id: number; name: string; shortName: string }[];
  };
  users: Map<string, number>;
  enterprises: { id: number; name: string; regionCode: string; creditCode: string; sizeClass: string }[];
  accounts: { trust: number; deposits: Map<number, number>; contributions: Map<number, number> };
  /** 信贷通 demo figures (issue 4) */
  xdt: { loans: number; claims: number; suspendedBankOrgId: number; nearBankOrgId: number; blacklistedEnterpriseId: number };
}

export interface SeedContext {
  tx: Tx;
  rng: Rng;
  actor: Actor;
  refs: Partial<SeedRefs>;
  /**
   * Commits what the steps have written so far and goes on in a new transaction (call it between events, never with a
   * savepoint open). A five-year history in one transaction keeps every superseded version of every loan row (each
   * repayment rewrites the loan's arrears), and every query then wades through them; committed, they are pruned.
   */
  checkpoint(): Promise<void>;
}

/** One step of the demo data. Later issues append steps; each step reads what earlier ones put in refs. */
export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<void>;
}

export function need<K extends keyof SeedRefs>(ctx: SeedContext, key: K): SeedRefs[K] {
  const value = ctx.refs[key];
  if (value === undefined) throw new Error(`demo data: step needs "${key}" from an earlier step`);
  return value as SeedRefs[K];
}
