/**
 * Applications of the two special funds: the required documents (GXZJ-35 第十六条, ZXZJ-206 第十五条), the formal
 * pre-review's completeness check (GXZJ-35 第十七条（一）, ZXZJ-206 第十六条（一）) and the application guide's window
 * (第十一条: the guide states the conditions, procedure and requirements — the seed sets no consequence for a filing
 * outside the guide's dates, so that is a warning, not a refusal).
 */
import { CITES, type Citation } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { fundSettingsAt, type FundId } from "./params";

export interface RequiredDocument {
  /** The document's name, also the key an uploaded file is stored under. */
  name: string;
  cite: Citation;
}

export interface ApplicationDocumentsInput {
  fund: FundId;
  /** The date that matters: the filing date. */
  date: LegalDate;
  /** A provincial enterprise's filing document comes from its supervising department. */
  isProvincialEnterprise: boolean;
  /** "专项资金申报指南要求提供的其他资料": the extra documents of the year's published guide. */
  guideExtras?: readonly string[];
}

/** The documents an application must carry: the filing document, the application report, the guide's extras. */
export function requiredApplicationDocuments(input: ApplicationDocumentsInput): Verdict<RequiredDocument[]> {
  const s = fundSettingsAt(input.fund, input.date);
  const art = input.fund === "GXZJ" ? CITES.GXZJ_ART16 : CITES.ZXZJ_ART15;
  const dept = input.fund === "GXZJ" ? "市县工业和信息化主管部门" : "市县中小企业主管部门";
  const docs: RequiredDocument[] = [
    { name: input.isProvincialEnterprise ? "省属企业主管部门申报文件" : `${dept}申报文件`, cite: art },
    { name: "专项资金申请报告", cite: art },
  ];
  for (const extra of input.guideExtras ?? []) {
    const name = extra.trim();
    if (name && !docs.some((d) => d.name === name)) docs.push({ name, cite: art });
  }
  return makeVerdict("requiredApplicationDocuments", docs, [], [art, ...s.version.cite], [s.trace]);
}

/**
 * Formal pre-review (形式预审): "对符合申请条件且提交的申请材料齐全的项目……上报" — an application with a required
 * document missing does not pass; the finding lists what is missing.
 */
export function checkApplicationDocuments(input: ApplicationDocumentsInput & { provided: readonly string[] }): Verdict<{ required: string[]; missing: string[] }> {
  const req = requiredApplicationDocuments(input);
  const required = req.value.map((d) => d.name);
  const missing = required.filter((n) => !input.provided.includes(n));
  const pre = input.fund === "GXZJ" ? CITES.GXZJ_ART17_PRE : CITES.ZXZJ_ART16_PRE;
  const findings: Finding[] = missing.length
    ? [{ code: "FUNDS_DOCUMENTS_MISSING", severity: "block", message: `申报材料不齐全，缺少：${missing.join("、")}；形式预审不予通过`, cites: [pre] }]
    : [{ code: "FUNDS_DOCUMENTS_COMPLETE", severity: "info", message: `申报材料齐全（${required.join("、")}）` }];
  return makeVerdict("checkApplicationDocuments", { required, missing }, findings, [pre, ...req.cites], req.trace);
}

export interface GuideWindowInput {
  fund: FundId;
  /** The filing date. */
  date: LegalDate;
  year: number;
  /** The program's published guide for the year, if any. */
  guide: { title: string; openFrom: string; openTo: string } | null;
}

/** Whether a filing falls inside the published guide's window; outside (or no guide) is a warning with the dates. */
export function checkGuideWindow(input: GuideWindowInput): Verdict<{ inWindow: boolean }> {
  const s = fundSettingsAt(input.fund, input.date);
  const art = input.fund === "GXZJ" ? CITES.GXZJ_ART11 : CITES.ZXZJ_ART11;
  const findings: Finding[] = [];
  const g = input.guide;
  let inWindow = false;
  if (!g) {
    findings.push({ code: "FUNDS_GUIDE_MISSING", severity: "warn", message: `${input.year} 年度申报指南尚未发布，申报条件和要求以发布的指南为准` });
  } else if (input.date < g.openFrom || input.date > g.openTo) {
    findings.push({ code: "FUNDS_GUIDE_WINDOW", severity: "warn", message: `申报日期 ${input.date} 不在《${g.title}》规定的申报时间（${g.openFrom} 至 ${g.openTo}）内` });
  } else {
    inWindow = true;
    findings.push({ code: "FUNDS_GUIDE_WINDOW_OK", severity: "info", message: `在《${g.title}》规定的申报时间（${g.openFrom} 至 ${g.openTo}）内申报` });
  }
  return makeVerdict("checkGuideWindow", { inWindow }, findings, [art, ...s.version.cite], [s.trace]);
}
