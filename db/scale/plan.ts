/**
 * The shape of the scale data set: how many of everything for `--loans N`, the partner banks' profiles, the
 * fixed dates. Everything else is drawn from the seeded RNG, so one (N, seed) gives one data set.
 */
import { GUIZHOU_REGIONS } from "../../rules/reference/regions";

/** The demo's "today" (db/seed/steps/xdt.ts XDT_DEMO_TODAY): nothing is dated after it. */
export const TODAY = "2026-11-27";
/** First bulk disbursement (the demo's first loans are from early January 2022 too). */
export const FIRST_DAY = "2022-01-04";
export const DEFAULT_SEED = 20_261_127;

export const WAN = 1_000_000; // 1万元 in fen
export const YI = 10_000_000_000; // 1亿元 in fen

export type SizeClass = "micro" | "small" | "medium" | "large";

export interface BankProfile {
  /** index into the demo's DEMO_BANKS / refs.org.banks */
  index: number;
  /** share of the bulk lending (0 = none) */
  share: number;
  /** lifetime probability that an admitted loan stops paying (before size-class multipliers) */
  defaultRate: number;
  /** weights of the borrowers' size classes */
  sizes: [number, number, number];
  /** spread over the 1-year LPR for loans from 2022-06-01, bp (≤ 74, XDT-TZ22 §一(二)) */
  spread: [number, number];
  /** share of the yearly claims need the trustee places in advance with this bank (< 1: shortfalls are shared) */
  depositCover: number;
}

/**
 * Risk profiles: the two city banks and the rural credit union lend to smaller firms at higher spreads and lose
 * more; the state banks lend larger and lose less. 交通银行 (index 6) was suspended by the demo in 2022 (its ratio
 * reached 3%, D-7) and files nothing after that: it gets no bulk loans, so the ratio that suspended it stands.
 */
export const BANK_PROFILES: BankProfile[] = [
  { index: 0, share: 18, defaultRate: 0.03, sizes: [35, 45, 20], spread: [20, 74], depositCover: 1.15 },
  { index: 1, share: 16, defaultRate: 0.024, sizes: [35, 45, 20], spread: [20, 70], depositCover: 1.2 },
  { index: 2, share: 14, defaultRate: 0.018, sizes: [15, 45, 40], spread: [0, 45], depositCover: 1.3 },
  { index: 3, share: 14, defaultRate: 0.018, sizes: [30, 45, 25], spread: [0, 50], depositCover: 1.25 },
  { index: 4, share: 10, defaultRate: 0.011, sizes: [15, 45, 40], spread: [0, 40], depositCover: 1.3 },
  { index: 5, share: 12, defaultRate: 0.013, sizes: [15, 45, 40], spread: [0, 45], depositCover: 1.3 },
  { index: 6, share: 0, defaultRate: 0, sizes: [1, 1, 1], spread: [0, 0], depositCover: 1 },
  { index: 7, share: 16, defaultRate: 0.055, sizes: [60, 35, 5], spread: [40, 74], depositCover: 0.8 },
];

/** Default risk by size class (a micro firm stops paying more often). */
export const SIZE_RISK: Record<Exclude<SizeClass, "large">, number> = { micro: 1.4, small: 1.0, medium: 0.55 };

/** Loan amounts by size class, 万元 (medium firms may borrow ≥ 2000万: then the bank records its 增信措施). */
export const AMOUNT_WAN: Record<Exclude<SizeClass, "large">, [number, number]> = { micro: [30, 300], small: [100, 1000], medium: [300, 3000] };

export const TERMS: Record<Exclude<SizeClass, "large">, [number, number][]> = {
  micro: [[12, 80], [24, 15], [36, 5]],
  small: [[12, 70], [24, 20], [36, 10]],
  medium: [[12, 50], [24, 30], [36, 20]],
};

/** Relative lending per year (≥ 20% growth a year: the yearly test of XDT-BF Art.14); 2026 runs to late November. */
export const YEAR_WEIGHT: Record<number, number> = { 2022: 1, 2023: 1.3, 2024: 1.68, 2025: 2.15, 2026: 2.45 };
/** Seasonality by month (more lending in spring and before year end). */
export const MONTH_WEIGHT = [0.7, 0.8, 1.15, 1.1, 1.0, 1.1, 0.95, 0.9, 1.05, 0.95, 1.05, 1.25];

/** Economic weight of each 市州 for where enterprises are (贵阳 and 遵义 largest). */
export const PREFECTURE_WEIGHT: Record<string, number> = {
  "520100": 25,
  "520200": 7,
  "520300": 18,
  "520400": 6,
  "520500": 10,
  "520600": 7,
  "522300": 7,
  "522600": 8,
  "522700": 9,
  "520900": 3,
};

export const PREFECTURES = GUIZHOU_REGIONS.filter((r) => r.level === "prefecture");
export const COUNTIES_OF = new Map(PREFECTURES.map((p) => [p.code, GUIZHOU_REGIONS.filter((r) => r.parentCode === p.code)]));

export interface ScalePlan {
  loans: number;
  enterprises: number;
  projects: number;
  seed: number;
}

export function planFor(loans: number, seed: number): ScalePlan {
  return {
    loans,
    enterprises: Math.max(300, Math.round(loans / 5)),
    projects: Math.max(100, Math.round(loans / 10)),
    seed,
  };
}
