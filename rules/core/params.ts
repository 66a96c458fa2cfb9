/**
 * Dated parameters, OpenFisca style: each parameter is a list of versions `{ from, to?, value, cite }`,
 * picked by the date that matters (disbursement date, approval date, …), never by "today".
 * A date no version covers is a `RuleDateError` (Chinese message) — not a silent default.
 */
import type { Citation } from "./cite";
import type { LegalDate } from "./dates";
import { RuleDateError, RuleInputError } from "./errors";

export interface ParamVersion<T> {
  from: LegalDate;
  /** Last day in force (inclusive). Absent = open-ended. */
  to?: LegalDate;
  value: T;
  cite: readonly Citation[];
}

export interface DatedParam<T> {
  /** Stable machine name, e.g. `xdt.rateCap`. */
  name: string;
  /** Chinese label for the UI and messages. */
  label: string;
  versions: readonly ParamVersion<T>[];
}

/** One line of a verdict's trace: which version of which parameter produced the figure. */
export interface TraceEntry {
  param: string;
  label: string;
  asOf: LegalDate;
  from: LegalDate;
  to?: LegalDate;
  value: unknown;
}

export interface ParamLookup<T> {
  value: T;
  version: ParamVersion<T>;
  trace: TraceEntry;
}

/** Build a parameter and check its versions: `from ≤ to`, sorted, no overlap. */
export function defineParam<T>(name: string, label: string, versions: readonly ParamVersion<T>[]): DatedParam<T> {
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i];
    if (v.to !== undefined && v.to < v.from) {
      throw new RuleInputError(`参数「${label}」的版本 ${v.from} 截止日早于起始日`);
    }
    if (i > 0) {
      const prev = versions[i - 1];
      if (prev.to === undefined || prev.to >= v.from) {
        throw new RuleInputError(`参数「${label}」的版本 ${prev.from} 与 ${v.from} 重叠或未排序`);
      }
    }
  }
  return { name, label, versions };
}

/** The version in force on `date`; throws `RuleDateError` when none covers it. */
export function paramAt<T>(param: DatedParam<T>, date: LegalDate): ParamLookup<T> {
  const version = param.versions.find((v) => v.from <= date && (v.to === undefined || date <= v.to));
  if (!version) {
    const spans = param.versions.map((v) => `${v.from}至${v.to ?? "今"}`).join("、");
    throw new RuleDateError(`参数「${param.label}」在 ${date} 没有生效的版本（已有版本：${spans || "无"}）`);
  }
  return {
    value: version.value,
    version,
    trace: {
      param: param.name,
      label: param.label,
      asOf: date,
      from: version.from,
      ...(version.to !== undefined ? { to: version.to } : {}),
      value: version.value,
    },
  };
}
