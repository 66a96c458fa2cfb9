/**
 * The enterprise and project-unit register (issue 12 item 1; RULES.md D-12). One record per 统一社会信用代码 (unique
 * index); the size class is never typed: it is decided by 工信部联企业〔2011〕300号 第四条 (rules/reference/size-class.ts)
 * from the GB/T 4754 industry code, 从业人员, 营业收入 and (where the industry is sized by it) 资产总额.
 * - industry and finance officers register and correct enterprises of their region (the province: all);
 * - banks register a borrower only with a loan filing (form, import, API: app/server/xdt/loans.server.ts), never here;
 * - who sees what: officers their region, the trustee and auditors all, a bank the enterprises it has filed loans for.
 */
import { data } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { enterprise, region, shareholder, xdtLoan } from "#db/schema";
import { writeAudit, type Actor } from "#db/audit";
import { SIZE_CLASS_ZH, smeSizeClass, validateCreditCode, type Fen, type LegalDate } from "#rules";
import { parseYuan } from "~/lib/money";
import type { Scope } from "~/lib/permissions";
import type { Tx } from "./db.server";
import { submitOrReply } from "./form.server";
import { countUpTo, likePattern, type ListParams } from "./list.server";
import { regionCondition } from "./scope.server";
import { UserInputError } from "./users.server";

export const ENTERPRISE_SORTS = ["name", "creditCode", "region", "size"] as const;
export type EnterpriseSort = (typeof ENTERPRISE_SORTS)[number];

export interface EnterpriseFilters {
  regionCode?: string;
  sizeClass?: string;
  srdiTier?: string;
}

const SORT_COLUMNS = { name: enterprise.name, creditCode: enterprise.creditCode, region: enterprise.regionCode, size: enterprise.sizeClass };

/**
 * Which enterprises a user reaches, in SQL (README Decision 5): a region's officers its region and counties, the
 * province-wide roles all, a bank only the enterprises it has filed 信贷通 loans for (whatever their admission) — its
 * borrowers, never another bank's.
 */
export function enterpriseCondition(scope: Scope, idColumn: AnyPgColumn = enterprise.id, regionColumn: AnyPgColumn = enterprise.regionCode): SQL | undefined {
  if (scope.kind === "bank") return sql`${idColumn} in (select l.enterprise_id from ${xdtLoan} l where l.bank_org_id = ${scope.bankOrgId})`;
  return regionCondition(scope, regionColumn);
}

/** Enterprises in scope, searched by name or credit code, filtered, sorted and paged in SQL. */
export async function listEnterprises(tx: Tx, scope: Scope, params: ListParams<EnterpriseSort>, filters: EnterpriseFilters) {
  const where = and(
    enterpriseCondition(scope),
    params.q ? or(ilike(enterprise.name, likePattern(params.q)), ilike(enterprise.creditCode, likePattern(params.q.toUpperCase()))) : undefined,
    filters.regionCode ? regionCondition({ kind: "region", regionCode: filters.regionCode }, enterprise.regionCode) : undefined,
    filters.sizeClass ? eq(enterprise.sizeClass, filters.sizeClass as "small") : undefined,
    filters.srdiTier ? eq(enterprise.srdiTier, filters.srdiTier as "srdi") : undefined,
  );
  const order = params.dir === "asc" ? asc(SORT_COLUMNS[params.sort]) : desc(SORT_COLUMNS[params.sort]);
  const rows = await tx
    .select({
      id: enterprise.id,
      creditCode: enterprise.creditCode,
      name: enterprise.name,
      regionName: region.name,
      sizeClass: enterprise.sizeClass,
      industryName: enterprise.industryName,
      aboveScale: enterprise.aboveScale,
      srdiTier: enterprise.srdiTier,
      srdiValidTo: enterprise.srdiValidTo,
    })
    .from(enterprise)
    .innerJoin(region, eq(region.code, enterprise.regionCode))
    .where(where)
    .orderBy(order, asc(enterprise.id))
    .limit(params.limit)
    .offset(params.offset);
  const n = await countUpTo(tx, tx.select({ one: sql`1` }).from(enterprise).where(where));
  return { rows, total: n };
}

/** One enterprise, only if it is in scope (otherwise null → 404, the same as a missing id), with the why of its size class. */
export async function getEnterprise(tx: Tx, scope: Scope, id: number) {
  const [row] = await tx
    .select({ enterprise, regionName: region.name })
    .from(enterprise)
    .innerJoin(region, eq(region.code, enterprise.regionCode))
    .where(and(eq(enterprise.id, id), enterpriseCondition(scope)));
  if (!row) return null;
  const holders = await tx.select().from(shareholder).where(eq(shareholder.enterpriseId, id)).orderBy(desc(shareholder.shareBp));
  const e = row.enterprise;
  // the register's own assessment, restated from the figures it was decided by (records entered before have none)
  const sizeWhy =
    e.employees !== null && e.revenueFen !== null && e.sizeAssessedOn
      ? smeSizeClass({ industryCode: e.industryCode, employees: e.employees, revenue: e.revenueFen as Fen, assets: e.totalAssetsFen as Fen | null }, e.sizeAssessedOn as LegalDate).findings.map((f) => f.message).join("；")
      : null;
  return { ...e, regionName: row.regionName, shareholders: holders, sizeWhy };
}

const SIZE_CLASS_VALUES = ["micro", "small", "medium", "large"];
const SRDI_VALUES = ["innovative", "srdi", "little_giant"];

/** Filters from the URL (region, size, tier); anything unknown is ignored. */
export function parseEnterpriseFilters(url: URL): EnterpriseFilters {
  const p = url.searchParams;
  const region = p.get("region") ?? "";
  const size = p.get("size") ?? "";
  const tier = p.get("tier") ?? "";
  return {
    regionCode: /^\d{6}$/.test(region) ? region : undefined,
    sizeClass: SIZE_CLASS_VALUES.includes(size) ? size : undefined,
    srdiTier: SRDI_VALUES.includes(tier) ? tier : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Registration and correction

/** Several fields refused at once (the form shows each under its field; an import reports one line per field). */
export class FieldErrors extends UserInputError {
  constructor(readonly errors: Record<string, string>) {
    const [first] = Object.keys(errors);
    super(first ?? "", Object.values(errors).join("；"));
  }
}

/**
 * submitOrReply (a savepoint; refusals back to the form with everything typed) that shows every refused field under
 * its own name when the refusal is a FieldErrors.
 */
export async function submitWithFieldErrors<T>(tx: Tx, submission: Submission<unknown>, write: (tx: Tx) => Promise<T>) {
  let fields: FieldErrors | null = null;
  const outcome = await submitOrReply(tx, submission, async (sp) => {
    try {
      return await write(sp);
    } catch (err) {
      if (err instanceof FieldErrors) fields = err;
      throw err;
    }
  });
  const refused = fields as FieldErrors | null;
  if (outcome.ok || !refused) return outcome;
  const fieldErrors = Object.fromEntries(Object.entries(refused.errors).map(([k, m]) => [k, [m]]));
  return { ok: false as const, response: data({ result: submission.reply({ fieldErrors }) }, { status: 400 }) };
}

const text = (label: string, max: number, min = 2) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);

/** Yuan as typed ("8,000,000.00", full-width digits too) → fen; zero allowed (a new enterprise may have no revenue yet). */
const yuanNonNegative = (label: string) =>
  z
    .string({ error: `请填写${label}（元）` })
    .trim()
    .transform((v, ctx) => {
      const f = parseYuan(v);
      if (f === null || f < 0) {
        ctx.addIssue({ code: "custom", message: `${label}格式不正确（单位为元，如 8,000,000.00）` });
        return z.NEVER;
      }
      return f as number;
    });

/**
 * The enterprise's fields as typed (officer's form, a loan form's borrower fieldset, an import row's enterprise columns,
 * the API's `enterprise` object). `regionCode` is the county's code or its name ("南明区", "贵阳市南明区"): resolved
 * against the region table by assessEnterprise.
 */
export const enterpriseFieldsSchema = z.object({
  name: text("企业名称", 100, 4),
  regionCode: z.string({ error: "请选择企业所在县（区）" }).trim().min(2, "请选择企业所在县（区）").max(40, "所在县（区）不能超过 40 个字"),
  industryCode: z
    .string({ error: "请填写国民经济行业代码（如 C1512）" })
    .trim()
    .transform((v) => v.toUpperCase()),
  industryName: text("行业名称", 60),
  employees: z
    .string({ error: "请填写从业人员人数" })
    .trim()
    .regex(/^\d{1,7}$/, "从业人员应为整数人数（如 45）")
    .transform(Number),
  revenue: yuanNonNegative("上年营业收入"),
  totalAssets: yuanNonNegative("资产总额").optional(),
  actualControllerName: text("实际控制人姓名", 30),
  actualControllerSpouse: z.string().trim().max(30, "配偶姓名不能超过 30 个字").optional(),
  contactName: text("企业联系人", 30),
  contactPhone: z
    .string({ error: "请填写企业联系电话" })
    .trim()
    .regex(/^[0-9０-９+＋\-－ ()（）转]{7,30}$/, "联系电话格式不正确（如 0851-85551234 或 13800000000）"),
});
export type EnterpriseFieldsInput = z.input<typeof enterpriseFieldsSchema>;
export type EnterpriseFields = z.output<typeof enterpriseFieldsSchema>;

/** The officer's form: the code, then the fields. */
export const registerEnterpriseSchema = enterpriseFieldsSchema.extend({
  creditCode: z.string({ error: "请输入统一社会信用代码" }).trim().toUpperCase(),
});

/** Field label by key, for reports that name the column (imports) and for messages. */
export const ENTERPRISE_FIELD_LABELS: Record<keyof EnterpriseFields, string> = {
  name: "企业名称",
  regionCode: "企业所在县（区）",
  industryCode: "国民经济行业代码",
  industryName: "行业名称",
  employees: "从业人员（人）",
  revenue: "营业收入（元）",
  totalAssets: "资产总额（元）",
  actualControllerName: "实际控制人",
  actualControllerSpouse: "实际控制人配偶",
  contactName: "企业联系人",
  contactPhone: "企业联系电话",
};

/** zod issues of the enterprise fields → field errors under `prefix` ("" for the officer's form, "enterprise." for a loan). */
export function fieldErrorsOf(error: z.ZodError, prefix = ""): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = `${prefix}${issue.path.join(".")}`;
    errors[key] ??= issue.message;
  }
  return new FieldErrors(errors);
}

export interface RegionRow {
  code: string;
  name: string;
  level: "province" | "prefecture" | "county";
  parentCode: string | null;
}

/** The region table, indexed: by code, by name and by "市州 + 县" name; which codes have counties under them. */
export interface RegionIndex {
  byCode: Map<string, RegionRow>;
  byName: Map<string, RegionRow[]>;
  hasChildren: Set<string>;
}

export async function loadRegions(tx: Tx): Promise<RegionIndex> {
  const rows = (await tx.select({ code: region.code, name: region.name, level: region.level, parentCode: region.parentCode }).from(region)) as RegionRow[];
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const byName = new Map<string, RegionRow[]>();
  const add = (name: string, r: RegionRow) => byName.set(name, [...(byName.get(name) ?? []), r]);
  for (const r of rows) {
    add(r.name, r);
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (parent && parent.level === "prefecture") add(`${parent.name}${r.name}`, r);
  }
  return { byCode, byName, hasChildren: new Set(rows.map((r) => r.parentCode).filter((c): c is string => Boolean(c))) };
}

/**
 * The county an enterprise is registered in: a 县/区/县级市 of the region table, or a 市州-level area with no counties
 * under it (贵安新区). Typed as its code (520102) or name (南明区, 贵阳市南明区).
 */
export function resolveCounty(regions: RegionIndex, typed: string): { region: RegionRow } | { error: string } {
  const t = typed.replace(/\s+/g, "");
  let r: RegionRow | undefined;
  if (/^\d{6}$/.test(t)) r = regions.byCode.get(t);
  else {
    const named = regions.byName.get(t) ?? [];
    if (named.length > 1) return { error: `县（区）名称「${t}」不唯一，请在前面加上所属市（州），或填写行政区划代码` };
    r = named[0];
  }
  if (!r) return { error: `找不到县（区）「${t}」：请填写贵州省的县（区、市）名称或 6 位行政区划代码` };
  if (r.level === "province" || (r.level === "prefecture" && regions.hasChildren.has(r.code))) return { error: `「${r.name}」不是县级行政区划：请选择企业所在的县（区、市）` };
  return { region: r };
}

/** Whether a region code lies in the user's reach (its region or a county under it). */
function regionInScope(regions: RegionIndex, scope: Scope, code: string): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind !== "region") return false;
  return code === scope.regionCode || regions.byCode.get(code)?.parentCode === scope.regionCode;
}

/** What the register stores for the fields (the size class decided by the rule book, on `today`). */
export interface AssessedEnterprise {
  name: string;
  regionCode: string;
  regionName: string;
  industryCode: string;
  industryName: string;
  sizeIndustry: string;
  sizeClass: "micro" | "small" | "medium" | "large";
  sizeWhy: string;
  employees: number;
  revenueFen: number;
  totalAssetsFen: number | null;
  sizeAssessedOn: string;
  actualControllerName: string;
  actualControllerSpouse: string | null;
  contactName: string;
  contactPhone: string;
}

/**
 * The fields checked beyond their format: the county against the region table, the industry code and the metrics its
 * industry is sized by (300号 第四条), the size class decided. Refusals are FieldErrors under `prefix`.
 */
export function assessEnterprise(fields: EnterpriseFields, regions: RegionIndex, today: LegalDate, prefix = ""): AssessedEnterprise {
  const errors: Record<string, string> = {};
  const county = resolveCounty(regions, fields.regionCode);
  if ("error" in county) errors[`${prefix}regionCode`] = county.error;
  const size = smeSizeClass({ industryCode: fields.industryCode, employees: fields.employees, revenue: fields.revenue as Fen, assets: (fields.totalAssets ?? null) as Fen | null }, today);
  const FIELD_OF: Record<string, keyof EnterpriseFields> = { SME_INDUSTRY_CODE: "industryCode", SME_EMPLOYEES_MISSING: "employees", SME_REVENUE_MISSING: "revenue", SME_ASSETS_MISSING: "totalAssets" };
  for (const f of size.findings) if (f.severity === "block") errors[`${prefix}${FIELD_OF[f.code] ?? "industryCode"}`] ??= f.message;
  if (Object.keys(errors).length > 0 || "error" in county) throw new FieldErrors(errors);
  return {
    name: fields.name,
    regionCode: county.region.code,
    regionName: county.region.name,
    industryCode: fields.industryCode,
    industryName: fields.industryName,
    sizeIndustry: size.value.industry!,
    sizeClass: size.value.sizeClass!,
    sizeWhy: size.findings.map((f) => f.message).join("；"),
    employees: fields.employees,
    revenueFen: fields.revenue,
    totalAssetsFen: fields.totalAssets ?? null,
    sizeAssessedOn: today,
    actualControllerName: fields.actualControllerName,
    actualControllerSpouse: fields.actualControllerSpouse || null,
    contactName: fields.contactName,
    contactPhone: fields.contactPhone,
  };
}

/** The columns of an assessed enterprise (what is inserted or updated). */
export function enterpriseColumns(a: AssessedEnterprise) {
  return {
    name: a.name,
    regionCode: a.regionCode,
    industryCode: a.industryCode,
    industryName: a.industryName,
    sizeIndustry: a.sizeIndustry,
    sizeClass: a.sizeClass,
    employees: a.employees,
    revenueFen: a.revenueFen,
    totalAssetsFen: a.totalAssetsFen,
    sizeAssessedOn: a.sizeAssessedOn,
    actualControllerName: a.actualControllerName,
    actualControllerSpouse: a.actualControllerSpouse,
    contactName: a.contactName,
    contactPhone: a.contactPhone,
  };
}

/** A valid credit code, normalised, or a field error naming (for a wrong check character) the one expected. */
export function checkedCreditCode(typed: string, field = "creditCode"): string {
  const v = validateCreditCode(typed);
  if (v.outcome === "block") throw new FieldErrors({ [field]: v.findings.map((f) => f.message).join("；") });
  return v.value.normalized;
}

/** Company names compared as people write them: spaces ignored, full- and half-width brackets alike. */
export function sameEnterpriseName(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");
  return norm(a) === norm(b);
}

/** The notice when a filing names a registered code under another name: the register is not changed. */
export function nameConflictNotice(code: string, registered: string, typed: string): string {
  return `统一社会信用代码 ${code} 在企业库中登记的名称为「${registered}」，与填写的「${typed}」不一致：已按企业库中的登记办理，企业信息未作修改；如登记名称有误，请联系企业所在地工信或财政部门更正`;
}

const scopeLabel = (user: { regionName: string }) => `${user.regionName}及所辖县（区）`;

/** An officer registers an enterprise or project unit of its region (one record per code). */
export async function registerEnterprise(tx: Tx, actor: Actor, user: { scope: Scope; regionName: string }, input: z.output<typeof registerEnterpriseSchema>, today: LegalDate) {
  const errors: Record<string, string> = {};
  let code = "";
  try {
    code = checkedCreditCode(input.creditCode);
  } catch (err) {
    Object.assign(errors, (err as FieldErrors).errors);
  }
  const regions = await loadRegions(tx);
  let assessed: AssessedEnterprise | null = null;
  try {
    assessed = assessEnterprise(input, regions, today);
  } catch (err) {
    if (!(err instanceof FieldErrors)) throw err;
    Object.assign(errors, err.errors);
  }
  if (assessed && !regionInScope(regions, user.scope, assessed.regionCode)) errors.regionCode = `只能登记本地区（${scopeLabel(user)}）的企业`;
  if (Object.keys(errors).length > 0 || !assessed) throw new FieldErrors(errors);
  const [existing] = await tx.select({ id: enterprise.id, name: enterprise.name, regionCode: enterprise.regionCode }).from(enterprise).where(eq(enterprise.creditCode, code));
  if (existing) {
    // within the officer's reach it may see which record it is; outside, only that the code is taken
    throw new FieldErrors({ creditCode: regionInScope(regions, user.scope, existing.regionCode) ? `该统一社会信用代码已登记为「${existing.name}」，一个代码只登记一次；如信息有误，请在该企业页面更正` : "该统一社会信用代码已在企业库中登记（不在本地区），一个代码只登记一次" });
  }
  const [row] = await tx
    .insert(enterprise)
    .values({ creditCode: code, ...enterpriseColumns(assessed) })
    .onConflictDoNothing({ target: enterprise.creditCode })
    .returning();
  if (!row) throw new FieldErrors({ creditCode: "该统一社会信用代码刚刚已由他人登记，一个代码只登记一次" });
  await writeAudit(tx, actor, { entity: "enterprise", entityId: row.id, action: "create", after: row, regionCode: row.regionCode });
  return { enterprise: row, sizeWhy: assessed.sizeWhy };
}

/** The record an officer may correct: in its region (the province: any). Null → 404. */
export async function enterpriseForCorrection(tx: Tx, scope: Scope, id: number, lock = false) {
  if (scope.kind !== "all" && scope.kind !== "region") return null;
  const query = tx.select().from(enterprise).where(and(eq(enterprise.id, id), regionCondition(scope, enterprise.regionCode)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/**
 * An officer corrects an enterprise of its region: the fields and figures, the size class decided again on `today`.
 * The credit code is the record's identity and is not corrected here. The audit record keeps the fields before and after.
 */
export async function correctEnterprise(tx: Tx, actor: Actor, user: { scope: Scope; regionName: string }, id: number, input: EnterpriseFields, today: LegalDate) {
  const before = await enterpriseForCorrection(tx, user.scope, id, true);
  if (!before) return null;
  const regions = await loadRegions(tx);
  const assessed = assessEnterprise(input, regions, today);
  if (!regionInScope(regions, user.scope, assessed.regionCode)) throw new FieldErrors({ regionCode: `只能改为本地区（${scopeLabel(user)}）的县（区）` });
  const columns = enterpriseColumns(assessed);
  const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => k !== "sizeAssessedOn" && String(before[k] ?? "") !== String(columns[k] ?? ""));
  if (changed.length === 0) return { enterprise: before, changed };
  const [after] = await tx.update(enterprise).set({ ...columns, updatedAt: new Date() }).where(eq(enterprise.id, id)).returning();
  const pick = (r: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, r[k] ?? null]));
  await writeAudit(tx, actor, { entity: "enterprise", entityId: id, action: "update", before: pick(before), after: pick(after), regionCode: after.regionCode });
  return { enterprise: after, changed };
}

/** The counties an officer may register in, grouped under their 市州 (the form's menu). */
export async function countyOptions(tx: Tx, scope: Scope) {
  const regions = await loadRegions(tx);
  const groups: { code: string; name: string; counties: { code: string; name: string }[] }[] = [];
  const prefectures = [...regions.byCode.values()].filter((r) => r.level === "prefecture").sort((a, b) => a.code.localeCompare(b.code));
  for (const p of prefectures) {
    const counties = regions.hasChildren.has(p.code)
      ? [...regions.byCode.values()].filter((r) => r.parentCode === p.code).sort((a, b) => a.code.localeCompare(b.code))
      : [p];
    const reachable = counties.filter((c) => scope.kind === "bank" || regionInScope(regions, scope, c.code));
    if (reachable.length > 0) groups.push({ code: p.code, name: p.name, counties: reachable.map((c) => ({ code: c.code, name: c.name })) });
  }
  return groups;
}

/** The enterprise's size class in words, for toasts: "小型企业". */
export function sizeClassZh(sizeClass: string): string {
  return `${SIZE_CLASS_ZH[sizeClass as "small"] ?? sizeClass}企业`;
}

