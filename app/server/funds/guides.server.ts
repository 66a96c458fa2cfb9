import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import { fundGuide, fundProgram } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { fundSettingsAt, parseLegalDate, type FundId } from "#rules";
import type { guideSchema, publishGuideSchema } from "~/lib/forms/funds";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "../db.server";
import { UserInputError } from "../users.server";
import { isProvince, pastDate, programByCode, rule } from "./projects.server";

/** Extra documents typed one per line (or separated by 、，,;；) → a clean list without repeats. */
export function parseExtraDocuments(text: string | undefined): string[] {
  const names = (text ?? "")
    .split(/[\n\r、，,;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (names.some((n) => n.length > 60)) throw new UserInputError("extraDocuments", "每项材料名称不超过 60 字");
  return [...new Set(names)];
}

const guideColumns = {
  id: fundGuide.id,
  programId: fundGuide.programId,
  programCode: fundProgram.code,
  programName: fundProgram.name,
  ruleSet: fundProgram.ruleSet,
  year: fundGuide.year,
  title: fundGuide.title,
  directions: fundGuide.directions,
  conditions: fundGuide.conditions,
  openFrom: fundGuide.openFrom,
  openTo: fundGuide.openTo,
  publishedOn: fundGuide.publishedOn,
  extraDocuments: fundGuide.extraDocuments,
};

/** All guides, drafts included (the industry department's working list); guides are not region data. */
export async function listGuides(tx: Tx) {
  return tx.select(guideColumns).from(fundGuide).innerJoin(fundProgram, eq(fundProgram.id, fundGuide.programId)).orderBy(desc(fundGuide.year), fundProgram.code);
}

/** One published guide for the public page; a draft is not found. */
export async function publishedGuide(tx: Tx, id: number) {
  const [g] = await tx
    .select(guideColumns)
    .from(fundGuide)
    .innerJoin(fundProgram, eq(fundProgram.id, fundGuide.programId))
    .where(and(eq(fundGuide.id, id), isNotNull(fundGuide.publishedOn)));
  return g ?? null;
}

/** The program's published guide for a year (what an application of that year is held to), if any. */
export async function guideFor(tx: Tx, programId: number, year: number) {
  const [g] = await tx
    .select()
    .from(fundGuide)
    .where(and(eq(fundGuide.programId, programId), eq(fundGuide.year, year), isNotNull(fundGuide.publishedOn)));
  return g ?? null;
}

function provinceOnly(scope: Scope) {
  if (!isProvince(scope)) throw new UserInputError("", "申报指南由省工业和信息化厅发布");
}

/**
 * 省工信厅 drafts (or edits a draft of) the year's guide of a program (GXZJ-35 Art.11; ZXZJ-206 Art.11). A published
 * guide is a public record and is not edited. The year must lie in the program's term.
 */
export async function saveGuide(tx: Tx, actor: Actor, scope: Scope, v: z.infer<typeof guideSchema>) {
  provinceOnly(scope);
  const program = await programByCode(tx, v.programCode);
  let from;
  let to;
  try {
    from = parseLegalDate(v.openFrom);
    to = parseLegalDate(v.openTo);
  } catch {
    throw new UserInputError("openFrom", "日期无效");
  }
  if (String(v.year) < program.termFrom.slice(0, 4) || String(v.year) > program.termTo.slice(0, 4)) throw new UserInputError("year", `${program.name}实施期为 ${program.termFrom} 至 ${program.termTo}`);
  rule(() => fundSettingsAt(program.ruleSet as FundId, from), "openFrom");
  if (to > program.termTo) throw new UserInputError("openTo", `申报截止日不能晚于${program.name}实施期（至 ${program.termTo}）`);
  const extraDocuments = parseExtraDocuments(v.extraDocuments);
  const values = { programId: program.id, year: v.year, title: v.title, directions: v.directions, conditions: v.conditions, openFrom: from, openTo: to, extraDocuments };
  const [same] = await tx.select().from(fundGuide).where(and(eq(fundGuide.programId, program.id), eq(fundGuide.year, v.year))).for("update");
  if (v.guideId) {
    const [g] = await tx.select().from(fundGuide).where(eq(fundGuide.id, v.guideId)).for("update");
    if (!g) throw new UserInputError("", "找不到该指南");
    if (g.publishedOn) throw new UserInputError("", `该指南已于 ${g.publishedOn} 发布，不能修改`);
    if (same && same.id !== g.id) throw new UserInputError("year", `${program.name} ${v.year} 年度已有申报指南`);
    const [row] = await tx.update(fundGuide).set(values).where(eq(fundGuide.id, g.id)).returning();
    await writeAudit(tx, actor, { entity: "fund-guide", entityId: row.id, action: "update", before: g, after: row });
    return row;
  }
  if (same) throw new UserInputError("year", `${program.name} ${v.year} 年度已有申报指南${same.publishedOn ? "（已发布）" : "（草稿，请在下方修改）"}`);
  const [row] = await tx.insert(fundGuide).values(values).returning();
  await writeAudit(tx, actor, { entity: "fund-guide", entityId: row.id, action: "create", after: row });
  return row;
}

/** Publishing makes the guide public (disclosure pages) and the one applications of its year are held to. */
export async function publishGuide(tx: Tx, actor: Actor, scope: Scope, v: z.infer<typeof publishGuideSchema>) {
  provinceOnly(scope);
  const onDate = pastDate(v.onDate);
  const [g] = await tx.select().from(fundGuide).where(eq(fundGuide.id, v.guideId)).for("update");
  if (!g) throw new UserInputError("", "找不到该指南");
  if (g.publishedOn) throw new UserInputError("", `该指南已于 ${g.publishedOn} 发布`);
  const [row] = await tx.update(fundGuide).set({ publishedOn: onDate }).where(eq(fundGuide.id, g.id)).returning();
  await writeAudit(tx, actor, { entity: "fund-guide", entityId: g.id, action: "publish", before: { publishedOn: null }, after: { publishedOn: onDate } });
  return row;
}
