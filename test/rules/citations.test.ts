/**
 * Every citation of a seed document, checked against the seed itself (issue 12 item 10): each fragment of the quote
 * between "……" occurs verbatim, in order, within the cited lines, and the lines lie inside the cited article (and
 * item, where one is cited). Citations of PRODUCT decisions quote RULES.md / the product, not the seed: exempt.
 *
 * The citations are collected from everything `#rules` exports (the CITES catalogue, every dated parameter's
 * versions, the settings' `cites`, the deadline catalogue…), so a citation added anywhere in the rule book is checked.
 *
 * Normalisation: all whitespace is removed (the seed breaks lines mid-sentence and spaces numbers: "2000 万元"), and
 * lines holding only a page number of the printed compilation (e.g. L23131 "475") are skipped.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as rules from "#rules";
import { SOURCES, type Citation } from "#rules";

const SEED = fileURLToPath(new URL("../../../shared/seed/000_76e80a477897f6e0.txt", import.meta.url));

function loadSeed(): string[] {
  if (!existsSync(SEED)) throw new Error(`找不到政策汇编原文：${SEED}（应位于仓库旁的 shared/seed/）`);
  return readFileSync(SEED, "utf8").split(/\r?\n/);
}

const PAGE_NUMBER = /^\s*\d{1,4}\s*$/;
const NUM = "[一二三四五六七八九十百]+";
const ARTICLE_HEAD = new RegExp(`^第(${NUM})条`);
const SECTION_HEAD = new RegExp(`^(${NUM})、`);
const ITEM_HEAD = new RegExp(`^（(${NUM})）`);

/** Every citation reachable from the rule book's exports, with where it was found. */
function collectCitations(): { where: string; c: Citation }[] {
  const out: { where: string; c: Citation }[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, where: string) => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.doc === "string" && o.doc in SOURCES && typeof o.article === "string") {
      out.push({ where, c: o as unknown as Citation });
      return;
    }
    if (v instanceof Set || v instanceof Map) return;
    for (const [k, x] of Object.entries(o)) walk(x, `${where}.${k}`);
  };
  for (const [name, value] of Object.entries(rules)) walk(value, name);
  return out;
}

/** What is wrong with one citation against the seed (empty = nothing). */
function problems(c: Citation, seed: readonly string[]): string[] {
  const errs: string[] = [];
  const span = SOURCES[c.doc].seedLines;
  if (!c.lines) return ["未注明汇编行号"];
  const [from, to] = c.lines;
  if (!span || from > to || from < span[0] || to > span[1]) return [`行号${from}–${to}不在该文件的汇编范围内`];

  // the quote: each fragment between "……" verbatim, in order, within the cited lines
  const text = seed.slice(from - 1, to).filter((l) => !PAGE_NUMBER.test(l)).join("").replace(/\s+/g, "");
  let at = 0;
  for (const fragment of (c.quote ?? "").split("……").map((f) => f.replace(/\s+/g, "")).filter(Boolean)) {
    const i = text.indexOf(fragment, at);
    if (i < 0) errs.push(`引文片段不在第${from}–${to}行（或次序不对）：「${fragment}」`);
    else at = i + fragment.length;
  }

  // the article: "第N条（k）…" or "N（k）…" (section numbering of the notices and 方案)
  const m = new RegExp(`^(?:第(${NUM})条|(${NUM}))((?:（${NUM}）)*)$`).exec(c.article);
  if (!m) return [...errs, `无法识别的条款编号「${c.article}」`];
  const head = m[1] !== undefined ? ARTICLE_HEAD : SECTION_HEAD;
  const major = m[1] ?? m[2];
  const items = [...m[3].matchAll(new RegExp(`（(${NUM})）`, "g"))].map((x) => x[1]);
  const trimmed = (n: number) => (seed[n - 1] ?? "").trim();
  let headLine = 0;
  for (let n = from; n >= span[0]; n--) {
    if (head.test(trimmed(n))) {
      headLine = n;
      break;
    }
  }
  const inForce = headLine ? head.exec(trimmed(headLine))![1] : null;
  if (inForce !== major) errs.push(`第${from}行属于「${inForce ?? "无"}」，不是所引的「${major}」`);
  for (let n = from + 1; n <= to; n++) {
    const h = head.exec(trimmed(n));
    if (h) errs.push(`第${from}–${to}行越出所引条款，第${n}行已是「${h[1]}」`);
  }
  if (items.length > 0 && headLine) {
    let item: string | null = null;
    for (let n = from; n >= headLine; n--) {
      const h = ITEM_HEAD.exec(trimmed(n));
      if (h) {
        item = h[1];
        break;
      }
    }
    // a range that starts at the article's heading reaches its first item inside the range
    if (item === null) {
      for (let n = from + 1; n <= to && item === null; n++) item = ITEM_HEAD.exec(trimmed(n))?.[1] ?? null;
    }
    if (item !== items[0]) errs.push(`第${from}行属于（${item ?? "无"}），不是所引的（${items[0]}）`);
    for (let n = from + 1; n <= to; n++) {
      const h = ITEM_HEAD.exec(trimmed(n));
      if (h && !items.includes(h[1])) errs.push(`第${from}–${to}行越出所引的项，第${n}行已是（${h[1]}）`);
    }
  }
  return errs;
}

describe("every citation of a seed document matches the seed (quote verbatim, lines inside the cited article)", () => {
  const seed = loadSeed();
  const all = collectCitations();
  const seedCites = all.filter((x) => x.c.doc !== "PRODUCT");

  it("finds the rule book's citations (the catalogue and the parameters)", () => {
    expect(seedCites.length).toBeGreaterThanOrEqual(Object.values(rules.CITES).filter((c) => c.doc !== "PRODUCT").length);
  });

  it.each(seedCites.map((x) => [`${x.where}: ${x.c.doc} ${x.c.article}`, x.c] as const))("%s", (_label, c) => {
    expect(problems(c, seed)).toEqual([]);
  });

  it("the check catches a wrong quote, a range that stops short, and a wrong article", () => {
    const art13 = rules.CITES.XDT_BF_ART13;
    expect(problems(art13, seed)).toEqual([]);
    expect(problems({ ...art13, quote: `${art13.quote}，另行补偿` }, seed).length).toBe(1);
    expect(problems({ ...art13, quote: "对贷款损失（含贷款本金、利息等）的80%进行风险补偿" }, seed).length).toBe(1);
    expect(problems({ ...art13, lines: [20857, 20859] }, seed).length).toBeGreaterThan(0);
    expect(problems({ ...art13, article: "第十二条" }, seed).length).toBeGreaterThan(0);
    expect(problems({ ...art13, lines: [20857, 20867] }, seed).join()).toContain("越出所引条款");
    // an item that is not the one cited
    expect(problems({ ...rules.CITES.GXZJ_ART9_SUBSIDY, article: "第九条（一）" }, seed).length).toBeGreaterThan(0);
  });
});
