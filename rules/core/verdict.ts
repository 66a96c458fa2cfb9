/**
 * One shape of answer for every rule: `Verdict<T>`.
 * - `outcome`: 'block' if any finding blocks, else 'warn' if any warns, else 'pass';
 * - `value`: the figures;
 * - `findings`: code, severity, Chinese message (and its own cites, and the override that turned a block into a warn);
 * - `cites`: the clauses the rule applies; `trace`: the parameter versions used.
 * `explain()` renders the Chinese "why" text the app shows.
 */
import { CITES, type Citation } from "./cite";
import { RuleInputError } from "./errors";
import type { TraceEntry } from "./params";
import { SOURCES } from "./sources";

export type Outcome = "pass" | "warn" | "block";
export type Severity = "block" | "warn" | "info";

/**
 * A recorded exception to a "原则上" (soft) limit: who allowed it and why.
 * `codes` limits it to those finding codes; absent = every soft finding of the verdict.
 */
export interface SoftOverride {
  by: string;
  reason: string;
  codes?: readonly string[];
}

export interface Finding {
  code: string;
  severity: Severity;
  /** Chinese, for a finance officer. */
  message: string;
  /** True for a "原则上" limit: blocks unless overridden. */
  soft?: boolean;
  /** Present when a soft breach was allowed by an override (severity is then 'warn'). */
  override?: { by: string; reason: string };
  cites?: readonly Citation[];
}

export interface Verdict<T> {
  /** The rule's function name, e.g. `checkLoanAdmission`. */
  rule: string;
  outcome: Outcome;
  value: T;
  findings: readonly Finding[];
  cites: readonly Citation[];
  trace: readonly TraceEntry[];
}

export function outcomeOf(findings: readonly Finding[]): Outcome {
  if (findings.some((f) => f.severity === "block")) return "block";
  if (findings.some((f) => f.severity === "warn")) return "warn";
  return "pass";
}

export function makeVerdict<T>(
  rule: string,
  value: T,
  findings: readonly Finding[],
  cites: readonly Citation[],
  trace: readonly TraceEntry[] = [],
): Verdict<T> {
  return { rule, outcome: outcomeOf(findings), value, findings, cites: dedupeCites(cites), trace };
}

export function dedupeCites(cites: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const c of cites) {
    const key = `${c.doc}|${c.article}|${c.lines?.join("-") ?? ""}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

/** Validate an override: both who and why are required. */
export function checkOverride(override: SoftOverride | undefined): void {
  if (override === undefined) return;
  if (!override.by?.trim() || !override.reason?.trim()) {
    throw new RuleInputError("放行“原则上”限制须写明放行人和书面理由");
  }
}

/**
 * A "原则上" breach: blocks by default; with an override covering its code, it passes as a warning
 * that records who allowed it and why.
 */
export function softFinding(
  code: string,
  message: string,
  cites: readonly Citation[],
  override: SoftOverride | undefined,
): Finding {
  const covers = override !== undefined && (override.codes === undefined || override.codes.includes(code));
  if (covers) {
    return {
      code,
      severity: "warn",
      soft: true,
      message: `${message}（“原则上”限制，已由${override.by}放行，理由：${override.reason}）`,
      override: { by: override.by, reason: override.reason },
      cites: [...cites, CITES.P_SOFT],
    };
  }
  return {
    code,
    severity: "block",
    soft: true,
    message: `${message}（“原则上”限制：经授权的省级用户书面说明理由后可放行）`,
    cites: [...cites, CITES.P_SOFT],
  };
}

const OUTCOME_ZH: Record<Outcome, string> = {
  pass: "通过",
  warn: "通过，但有需要注意的事项",
  block: "不通过",
};

const SEVERITY_ZH: Record<Severity, string> = { block: "阻断", warn: "提示", info: "说明" };

/** "《…》（文号）第九条（汇编第20821–20833行）" */
export function formatCitation(c: Citation): string {
  const src = SOURCES[c.doc];
  const title = src.number ? `${src.title}（${src.number}）` : src.title;
  const where = c.doc === "PRODUCT" ? `产品决定 ${c.article}` : `${title}${c.article}`;
  const lines = c.lines ? `（汇编第${c.lines[0]}–${c.lines[1]}行）` : "";
  return `${where}${lines}`;
}

/**
 * Citations as users read them inside a sentence: the document's Chinese title and the article, articles of one
 * document joined — "《贵州省中小企业发展专项资金管理办法》第十三条、第二十三条". No internal short names (ZXZJ-206), no
 * 文号 or seed lines (those are in `explain`). Product decisions read "产品决定 D-8".
 */
export function citeText(...cites: readonly Citation[]): string {
  const groups: { doc: Citation["doc"]; articles: string[] }[] = [];
  for (const c of cites) {
    const last = groups.at(-1);
    if (last && last.doc === c.doc) {
      if (!last.articles.includes(c.article)) last.articles.push(c.article);
    } else groups.push({ doc: c.doc, articles: [c.article] });
  }
  return groups.map((g) => (g.doc === "PRODUCT" ? `产品决定 ${g.articles.join("、")}` : `${SOURCES[g.doc].title}${g.articles.join("、")}`)).join("；");
}

function formatValue(v: unknown): string {
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Render a verdict as the Chinese "why" text: conclusion, findings, cited articles with titles, parameters used. */
export function explain(verdict: Verdict<unknown>): string {
  const lines: string[] = [`结论：${OUTCOME_ZH[verdict.outcome]}`];
  if (verdict.findings.length > 0) {
    lines.push("原因：");
    verdict.findings.forEach((f, i) => {
      const own = f.cites && f.cites.length > 0 ? `（依据：${f.cites.map(formatCitation).join("；")}）` : "";
      lines.push(`${i + 1}. 【${SEVERITY_ZH[f.severity]}】${f.message}${own}`);
    });
  }
  if (verdict.cites.length > 0) {
    lines.push("依据条文：");
    for (const c of verdict.cites) {
      lines.push(`- ${formatCitation(c)}${c.quote ? `：“${c.quote}”` : ""}`);
    }
  }
  if (verdict.trace.length > 0) {
    lines.push("所用参数：");
    for (const t of verdict.trace) {
      lines.push(`- ${t.label}（${t.from}起${t.to ? `至${t.to}` : ""}的版本，适用日期${t.asOf}）：${formatValue(t.value)}`);
    }
  }
  return lines.join("\n");
}
