/**
 * LPR (贷款市场报价利率) reference data and lookups. The app stores the table in its database and passes it in;
 * `INITIAL_LPR_TABLE` is the initial data (from `shared/data/lpr.csv`).
 *
 * RULES.md D-1: "同期" = the LPR in force on the date that matters; "同档次" = the 1-year LPR for terms up to
 * 5 years, the 5-year LPR above. A date before the first row is an error, not a pass.
 */
import { CITES, type Citation } from "../core/cite";
import { addDays, parseLegalDate, type LegalDate } from "../core/dates";
import { RuleDateError, RuleInputError } from "../core/errors";
import type { TraceEntry } from "../core/params";

export interface LprRow {
  /** First day the published rates are in force. A row is in force until the next row. */
  effectiveDate: LegalDate;
  lpr1yBp: number;
  lpr5yBp: number;
}

export type LprTable = readonly LprRow[];
export type LprTenor = "1y" | "5y";

export const LPR_SOURCE =
  "全国银行间同业拆借中心受权公布的贷款市场报价利率（LPR），按每次变动一行整理，至2025-05-20（shared/data/lpr.csv）；此后的公布须由管理员录入";

const row = (d: string, y1: number, y5: number): LprRow => ({ effectiveDate: parseLegalDate(d), lpr1yBp: y1, lpr5yBp: y5 });

/** Initial LPR history, one row per published change (basis points). */
export const INITIAL_LPR_TABLE: LprTable = Object.freeze([
  row("2019-08-20", 425, 485),
  row("2019-09-20", 420, 485),
  row("2019-11-20", 415, 480),
  row("2020-02-20", 405, 475),
  row("2020-04-20", 385, 465),
  row("2021-12-20", 380, 465),
  row("2022-01-20", 370, 460),
  row("2022-05-20", 370, 445),
  row("2022-08-22", 365, 430),
  row("2023-06-20", 355, 420),
  row("2023-08-21", 345, 420),
  row("2024-02-20", 345, 395),
  row("2024-07-22", 335, 385),
  row("2024-10-21", 310, 360),
  row("2025-05-20", 300, 350),
]);

/** Check a table: at least one row, dates valid and strictly increasing, rates positive integers. */
export function validateLprTable(table: LprTable): void {
  if (table.length === 0) throw new RuleInputError("LPR表为空");
  table.forEach((r, i) => {
    parseLegalDate(r.effectiveDate);
    for (const bp of [r.lpr1yBp, r.lpr5yBp]) {
      if (!Number.isSafeInteger(bp) || bp <= 0) throw new RuleInputError(`LPR必须是正整数基点：${r.effectiveDate}`);
    }
    if (i > 0 && table[i - 1].effectiveDate >= r.effectiveDate) {
      throw new RuleInputError(`LPR表须按生效日期严格递增：${table[i - 1].effectiveDate}、${r.effectiveDate}`);
    }
  });
}

/** D-1 "同档次": terms up to 60 months use the 1-year LPR, longer terms the 5-year LPR. */
export function tenorForTerm(termMonths: number): LprTenor {
  if (!Number.isSafeInteger(termMonths) || termMonths <= 0) throw new RuleInputError(`贷款期限（月）必须是正整数：${termMonths}`);
  return termMonths <= 60 ? "1y" : "5y";
}

/** The row in force on `date` (the latest row with effectiveDate ≤ date); before the first row → `RuleDateError`. */
export function lprRowAt(table: LprTable, date: LegalDate): LprRow {
  validateLprTable(table);
  let found: LprRow | undefined;
  for (const r of table) {
    if (r.effectiveDate <= date) found = r;
    else break;
  }
  if (!found) throw new RuleDateError(`${date} 早于LPR表的第一行（${table[0].effectiveDate}），没有可用的LPR`, "LPR_NOT_COVERED");
  return found;
}

export interface LprLookup {
  bp: number;
  tenor: LprTenor;
  row: LprRow;
  trace: TraceEntry;
  cites: Citation[];
}

/** LPR of a tenor in force on `date`, with its trace line. */
export function lprAt(table: LprTable, date: LegalDate, tenor: LprTenor): LprLookup {
  const r = lprRowAt(table, date);
  const next = table.find((x) => x.effectiveDate > date);
  const bp = tenor === "1y" ? r.lpr1yBp : r.lpr5yBp;
  return {
    bp,
    tenor,
    row: r,
    cites: [CITES.D1],
    trace: {
      param: `lpr.${tenor}`,
      label: tenor === "1y" ? "一年期LPR（基点）" : "五年期以上LPR（基点）",
      asOf: date,
      from: r.effectiveDate,
      ...(next ? { to: addDays(next.effectiveDate, -1) } : {}),
      value: bp,
    },
  };
}

/** LPR for a loan term (D-1 "同档次") in force on `date` (D-1 "同期"). */
export function lprForTerm(table: LprTable, date: LegalDate, termMonths: number): LprLookup {
  return lprAt(table, date, tenorForTerm(termMonths));
}

