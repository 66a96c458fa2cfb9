import { asc, eq } from "drizzle-orm";
import { fundProgram } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { formatMoney, fundSettingsAt, parseLegalDate, type FundId } from "#rules";
import type { Tx } from "../db.server";
import { UserInputError } from "../users.server";
import { rule } from "./projects.server";

export async function listPrograms(tx: Tx) {
  return tx.select().from(fundProgram).orderBy(asc(fundProgram.id));
}

/**
 * The administrator adds a program under one of the rule book's fund rule sets (GXZJ-35 / ZXZJ-206): its caps,
 * exemptions and support modes are the rule set's (verdicts always come from rules/ for the date that matters);
 * the administrator sets its name, its term (inside the rule set's term), its 公示 length (D-9, per program) and,
 * optionally, stricter caps of its own.
 */
export async function createProgram(tx: Tx, actor: Actor, v: { code: string; ruleSet: FundId; name: string; termFrom: string; termTo: string; publicityWorkingDays: number; unitYearCap?: number; projectCap?: number }) {
  let from;
  let to;
  try {
    from = parseLegalDate(v.termFrom);
    to = parseLegalDate(v.termTo);
  } catch {
    throw new UserInputError("termFrom", "日期无效");
  }
  if (to < from) throw new UserInputError("termTo", "截止日不能早于开始日");
  const s = rule(() => fundSettingsAt(v.ruleSet, from), "termFrom");
  rule(() => fundSettingsAt(v.ruleSet, to), "termTo");
  // a program may be stricter than its rule set, never looser (the law's caps stay the ceiling in checkAllocationCaps)
  const unitYearCap = v.unitYearCap ?? s.value.unitYearCap;
  const projectCap = v.projectCap ?? s.value.projectCap;
  if (unitYearCap > s.value.unitYearCap) throw new UserInputError("unitYearCap", `单位年度上限不能高于管理办法的 ${formatMoney(s.value.unitYearCap)}`);
  if (projectCap > s.value.projectCap) throw new UserInputError("projectCap", `单个项目上限不能高于管理办法的 ${formatMoney(s.value.projectCap)}`);
  if (projectCap > unitYearCap) throw new UserInputError("projectCap", "单个项目上限不能高于单位年度上限");
  const [dup] = await tx.select({ id: fundProgram.id }).from(fundProgram).where(eq(fundProgram.code, v.code));
  if (dup) throw new UserInputError("code", "该代码已被使用");
  const [row] = await tx
    .insert(fundProgram)
    .values({ code: v.code, ruleSet: v.ruleSet, name: v.name, termFrom: from, termTo: to, unitYearCapFen: unitYearCap, projectCapFen: projectCap, exemptCategories: [...s.value.exemptCategories], supportModes: [...s.value.supportModes], publicityWorkingDays: v.publicityWorkingDays })
    .returning();
  await writeAudit(tx, actor, { entity: "fund-program", entityId: row.id, action: "create", after: row });
  return row;
}
