/**
 * 专项资金 demo data (issue 5): the two programs configured from the rule book, 2024–2026 budgets (ZXZJ-206 ends
 * 2025-12-31, so it has no 2026 budget), guides, ~300 library projects across every 市州 at every stage — library,
 * under review with expert scores, in 公示 with an objection, allocated within the caps (one provincial override,
 * one exempt 磷石膏 project), partly paid, adjusted, accepted, carried over, recovered, a banned unit — with every
 * movement of money a balanced journal. Verdicts come from rules/; dates are fixed (demo "today" 2026-11-27).
 */
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import {
  appUser,
  fundAcceptance,
  fundAdjustment,
  fundApplicationDocument,
  fundAllocation,
  fundApplication,
  fundBan,
  fundBudget,
  fundExpertScore,
  fundGoal,
  fundGuide,
  fundObjection,
  fundPayment,
  fundProgram,
  fundProject,
  fundRecovery,
  fundReviewStep,
  FUNDS_ACCOUNTS,
  type FundApplicationStatus,
} from "../../schema";
import { ensureAccount, postJournal } from "../../ledger";
import { addDays, type LegalDate } from "../../../rules/core/dates";
import { DEFAULT_CALENDAR, nextWorkingDayOnOrAfter } from "../../../rules/reference/calendar";
import { parentPrefecture, GUIZHOU_REGIONS } from "../../../rules/reference/regions";
import { fundSettingsAt, type FundId, type SupportMode } from "../../../rules/funds/params";
import { checkAllocationCaps } from "../../../rules/funds/allocation";
import { acceptanceRouting, adjustmentPermission, applicationBanEnd, publicityEndDate } from "../../../rules/funds/projects";
import { prepaymentLimit } from "../../../rules/funds/subsidy";
import { formatMoney, type Fen } from "../../../rules/core/money";
import { explain, type Verdict } from "../../../rules/core/verdict";
import { need, type SeedStep } from "../context";

export const FUNDS_DEMO_TODAY = "2026-11-27";
const WAN = 1_000_000; // 1万元 in fen
const PROVINCE = "520000";

import { requiredApplicationDocuments } from "../../../rules/funds/applications";

/** "申报指南要求提供的其他资料" of the demo guides (GXZJ-35 Art.16（三）; ZXZJ-206 Art.15（三）). */
const GUIDE_EXTRAS: Record<FundId, string[]> = { GXZJ: ["营业执照", "近一年财务审计报告"], ZXZJ: ["营业执照", "绩效目标申报表"] };
/** A minimal PDF standing in for an uploaded document of the demo (passes the upload's content check). */
const DEMO_PDF = new TextEncoder().encode("%PDF-1.4\n% 资金通演示材料\n%%EOF\n");
const DEMO_PDF_SHA256 = createHash("sha256").update(DEMO_PDF).digest("hex");

function record(v: Verdict<unknown>) {
  return { rule: v.rule, outcome: v.outcome, findings: v.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, override: f.override ?? null })), explain: explain(v) };
}

const min = (a: string, b: string) => (a < b ? a : b);

type Stage =
  | "library_pending"
  | "library"
  | "filed"
  | "returned"
  | "prereviewed"
  | "first_reviewed"
  | "expert_reviewed"
  | "ranked"
  | "decided"
  | "publicity"
  | "rejected"
  | "objection_upheld"
  | "approved"
  | "allocated"
  | "paid_partly"
  | "paid"
  | "adjusted"
  | "accepted"
  | "acceptance_failed"
  | "sanctioned";

const ORDER: FundApplicationStatus[] = ["filed", "prereviewed", "first_reviewed", "expert_reviewed", "ranked", "decided", "publicity", "approved", "allocated"];
const STAGE_STATUS: Record<Exclude<Stage, "library_pending" | "library">, FundApplicationStatus> = {
  filed: "filed",
  returned: "returned",
  prereviewed: "prereviewed",
  first_reviewed: "first_reviewed",
  expert_reviewed: "expert_reviewed",
  ranked: "ranked",
  decided: "decided",
  publicity: "publicity",
  rejected: "rejected",
  objection_upheld: "objection_upheld",
  approved: "approved",
  allocated: "allocated",
  paid_partly: "allocated",
  paid: "allocated",
  adjusted: "allocated",
  accepted: "allocated",
  acceptance_failed: "allocated",
  sanctioned: "allocated",
};

const CATEGORIES = ["技术改造", "数字化转型", "绿色制造", "产业链协同", "专精特新培育", "新材料", "装备制造", "酱香白酒配套"];
const PROJECT_WORDS = ["智能化生产线改造", "数字化车间建设", "节能降耗技术改造", "工业互联网平台应用", "新产品产业化", "质量提升工程", "扩能升级", "绿色工厂建设"];

export const fundsStep: SeedStep = {
  name: "funds",
  async run(ctx) {
    const { tx, rng, actor } = ctx;
    const org = need(ctx, "org");
    const users = need(ctx, "users");
    const enterprises = need(ctx, "enterprises");

    // programs from the rule book's parameters
    const programs = new Map<FundId, number>();
    for (const code of ["GXZJ", "ZXZJ"] as const) {
      const s = fundSettingsAt(code, "2024-01-01" as LegalDate).value;
      const from = code === "GXZJ" ? "2023-04-17" : "2023-12-04";
      const [row] = await tx
        .insert(fundProgram)
        .values({ code, ruleSet: code, name: s.name, termFrom: from, termTo: s.termEnd, unitYearCapFen: s.unitYearCap, projectCapFen: s.projectCap, exemptCategories: [...s.exemptCategories], supportModes: [...s.supportModes], publicityWorkingDays: s.publicityWorkingDays })
        .returning({ id: fundProgram.id });
      programs.set(code, row.id);
    }
    const years: Record<FundId, number[]> = { GXZJ: [2024, 2025, 2026], ZXZJ: [2024, 2025] };
    for (const code of ["GXZJ", "ZXZJ"] as const) {
      for (const y of years[code]) {
        await tx.insert(fundGuide).values({
          programId: programs.get(code)!,
          year: y,
          title: `${y}年度${code === "GXZJ" ? "省工业和信息化发展专项资金" : "省中小企业发展专项资金"}项目申报指南`,
          directions: code === "GXZJ" ? "支持工业技术改造、数字化转型、绿色制造、产业链协同及磷石膏综合利用等方向" : "支持专精特新中小企业培育、中小企业公共服务体系、融资贴息等方向",
          conditions: "在贵州省内依法登记注册、具有独立法人资格；项目已纳入项目库并设定绩效目标；近三年无严重失信记录；同一单位同一项目不得重复申请省级部门管理的资金",
          openFrom: `${y}-01-15`,
          openTo: `${y}-03-31`,
          publishedOn: `${y}-01-10`,
          extraDocuments: GUIDE_EXTRAS[code],
        });
      }
    }

    // experts (third-party reviewers at 省工信厅), sharing the demo password of the provincial industry officer
    const [industryUser] = await tx.select().from(appUser).where(eq(appUser.id, users.get("industry")!));
    const experts: { id: number; name: string }[] = [];
    for (const [n, name] of ["评审专家 黄教授", "评审专家 罗高工", "评审专家 杨会计师"].entries()) {
      const [u] = await tx
        .insert(appUser)
        .values({ username: `expert.${n + 1}`, displayName: name, role: "industry", organisationId: org.provinceIndustry, passwordHash: industryUser.passwordHash })
        .returning({ id: appUser.id });
      users.set(`expert.${n + 1}`, u.id);
      experts.push({ id: u.id, name: `${name}（expert.${n + 1}）` });
    }

    // ~300 projects: a plan per project, then allocations checked by the rule book in order
    const prefectures = GUIZHOU_REGIONS.filter((r) => r.level === "prefecture").map((r) => r.code);
    const byPrefecture = new Map<string, typeof enterprises>();
    for (const e of enterprises) {
      const p = e.regionCode.length === 6 ? (parentPrefecture(e.regionCode)?.code ?? e.regionCode) : e.regionCode;
      byPrefecture.set(p, [...(byPrefecture.get(p) ?? []), e]);
    }
    const lateStages: [Stage, number][] = [["allocated", 2], ["paid_partly", 6], ["paid", 5], ["adjusted", 2], ["accepted", 6], ["acceptance_failed", 0.4], ["rejected", 1.2], ["library", 1]];
    const earlyStages: [Stage, number][] = [["library_pending", 2], ["library", 2], ["filed", 3], ["returned", 1], ["prereviewed", 2], ["first_reviewed", 2], ["expert_reviewed", 2], ["ranked", 1.5], ["decided", 1], ["publicity", 2], ["approved", 1], ["allocated", 2], ["paid_partly", 2]];

    const unitYear = new Map<string, { projectId: string; amount: number; category: string | null }[]>();
    const lineNeeds = new Map<string, number>(); // program:year:region → allocated fen
    const lines: { code: FundId; year: number; region: string }[] = [];
    for (const code of ["GXZJ", "ZXZJ"] as const) for (const y of years[code]) for (const r of [PROVINCE, ...prefectures]) lines.push({ code, year: y, region: r });

    interface Planned {
      id: number;
      code: FundId;
      year: number;
      stage: Stage;
      projectId: number;
      applicationId: number | null;
      enterpriseId: number;
      region: string;
      prefecture: string;
      amount: number;
      level: "provincial" | "transfer";
      keyProject: boolean;
      allocationId?: number;
      decidedOn?: string;
      constructionEnd: string;
      totalInvestment: number;
      provincialEnterprise: boolean;
      filingLevel: "county" | "prefecture" | "province";
      entName: string;
    }
    const planned: Planned[] = [];
    const goals: (typeof fundGoal.$inferInsert)[] = [];
    const scores: (typeof fundExpertScore.$inferInsert)[] = [];
    const allSteps: (typeof fundReviewStep.$inferInsert)[] = [];
    // rows are written in batches with explicit ids (the sequences are moved past them afterwards): ~1,000 fewer round trips
    const projectRows: (typeof fundProject.$inferInsert)[] = [];
    const appRows: (typeof fundApplication.$inferInsert)[] = [];
    const docRows: (typeof fundApplicationDocument.$inferInsert)[] = [];
    const allocRows: (typeof fundAllocation.$inferInsert)[] = [];
    const objections: (typeof fundObjection.$inferInsert)[] = [];
    const maxId = async (table: string) => {
      const res = await tx.execute(sql.raw(`select coalesce(max(id), 0)::int as m from ${table}`));
      const rows = (Array.isArray(res) ? res : (res as unknown as { rows: { m: number }[] }).rows) as { m: number }[];
      return Number(rows[0].m);
    };
    const projectBase = await maxId("fund_project");
    const appBase = await maxId("fund_application");
    const allocBase = await maxId("fund_allocation");
    const N = 300;
    let sanctionedDone = false;
    let overrideDone = false;
    let exemptDone = false;
    let objectionOpen = 0;
    for (let i = 0; i < N; i++) {
      const code: FundId = i % 3 === 2 ? "ZXZJ" : "GXZJ";
      const prefecture = prefectures[i % prefectures.length];
      const pool = byPrefecture.get(prefecture) ?? enterprises;
      const ent = pool[Math.floor(i / prefectures.length) % pool.length];
      const year = code === "ZXZJ" ? (i % 2 === 0 ? 2024 : 2025) : [2024, 2025, 2026][Math.floor(i / 3) % 3];
      let stage: Stage = year === 2026 ? rng.weighted(earlyStages) : rng.weighted(lateStages);
      if (code === "ZXZJ" && stage === "library_pending") stage = "library";
      if (!sanctionedDone && code === "GXZJ" && year === 2024) {
        stage = "sanctioned";
        sanctionedDone = true;
      }
      if (i === 20 || i === 41) stage = "objection_upheld";
      const region = ent.regionCode;
      const keyProject = i % 7 === 0;
      const provincialEnterprise = i % 23 === 0;
      const s = fundSettingsAt(code, "2024-06-01" as LegalDate).value;
      let exempt: "phosphogypsum" | null = null;
      let amount = Math.round(rng.int(code === "GXZJ" ? 60 : 30, code === "GXZJ" ? 900 : 450)) * WAN;
      if (!exemptDone && code === "GXZJ" && year === 2025 && (stage === "paid" || stage === "paid_partly" || stage === "accepted")) {
        exempt = "phosphogypsum";
        amount = 3000 * WAN;
        exemptDone = true;
      }
      const totalInvestment = i % 37 === 0 ? 52_000 * WAN : amount * rng.int(3, 12);
      const start = `${year - 1}-${String(1 + (i % 9)).padStart(2, "0")}-01`;
      const constructionEnd = `${year + 1}-${String(1 + (i % 12)).padStart(2, "0")}-28`;
      const filingLevel = provincialEnterprise ? "province" : region.length === 6 && !prefectures.includes(region) ? "county" : "prefecture";
      const libraryStatus = stage === "library_pending" ? "pending_review" : "entered";
      const proj = { id: projectBase + projectRows.length + 1 };
      projectRows.push({
        id: proj.id,
          programId: programs.get(code)!,
          enterpriseId: ent.id,
          regionCode: region,
          name: `${ent.name.replace(/(有限公司|股份有限公司)$/, "")}${rng.pick(PROJECT_WORDS)}项目`,
          category: exempt ? "磷石膏综合利用" : rng.pick(CATEGORIES),
          exemptCategory: exempt,
          implementationPlan: `${start} 开工，${constructionEnd} 前建成；分设备购置、安装调试、试生产三个阶段实施。`,
          totalInvestmentFen: totalInvestment,
          fixedAssetInvestmentFen: Math.round(totalInvestment * 0.7),
          constructionStart: start,
          constructionEnd,
          filingLevel,
          provincialEnterprise,
          keyProject,
          researchProject: code === "ZXZJ" && i % 29 === 0,
          jobs: rng.int(5, 300),
          taxFen: rng.int(10, 3000) * WAN,
          aboveScaleNew: rng.chance(0.3),
          libraryStatus,
          enteredOn: libraryStatus === "entered" ? `${year - 1}-12-${String(1 + (i % 20)).padStart(2, "0")}` : null,
          createdByName: "演示数据",
        });
      goals.push(...([
        { projectId: proj.id, name: "新增产值", unit: "万元", target: String(rng.int(20, 200) * 100), direction: "higher", weight: 40 },
        { projectId: proj.id, name: "新增就业", unit: "人", target: String(rng.int(10, 200)), direction: "higher", weight: 30, actual: stage === "accepted" ? String(rng.int(10, 200)) : null },
        { projectId: proj.id, name: "单位产值综合能耗", unit: "吨标煤/万元", target: (rng.int(30, 120) / 100).toFixed(2), direction: "lower", weight: 30 },
      ] as (typeof fundGoal.$inferInsert)[]));
      const level: "provincial" | "transfer" = provincialEnterprise || i % 10 === 0 ? "provincial" : "transfer";
      const p: Planned = { id: i, code, year, stage, projectId: proj.id, applicationId: null, enterpriseId: ent.id, region, prefecture, amount, level, keyProject, constructionEnd, totalInvestment, provincialEnterprise, filingLevel, entName: ent.name };
      planned.push(p);
      if (stage === "library" || stage === "library_pending") continue;

      // the review chain with its dates
      const inProcess = year === 2026 && !["allocated", "paid_partly", "approved"].includes(stage);
      const base = inProcess ? addDays("2026-09-01" as LegalDate, i % 20) : addDays(`${year}-03-01` as LegalDate, i % 30);
      const dates: Record<string, string> = {
        filed: base,
        prereviewed: addDays(base, 10),
        first_reviewed: addDays(base, 20),
        expert_reviewed: addDays(base, 35),
        ranked: addDays(base, 45),
        decided: addDays(base, 55),
      };
      let pubStart = nextWorkingDayOnOrAfter(addDays(base, 58), DEFAULT_CALENDAR);
      if (stage === "publicity") {
        dates.decided = "2026-11-18";
        pubStart = "2026-11-23" as LegalDate;
      }
      const pub = publicityEndDate({ fund: code, startDate: pubStart }, DEFAULT_CALENDAR).value;
      dates.publicity = pub.start;
      dates.approved = addDays(pub.end, 5);
      dates.allocated = addDays(pub.end, 8);
      const status = STAGE_STATUS[stage];
      const reached = status === "returned" ? 0 : status === "rejected" ? 4 : status === "objection_upheld" ? 6 : ORDER.indexOf(status);
      // one allocation breaks the project cap with a provincial written reason: it was requested and decided at that amount
      const overrideHere = reached >= 8 && !overrideDone && code === "GXZJ" && year === 2025 && !exempt && stage !== "sanctioned";
      if (overrideHere) amount = 1200 * WAN;
      // the collective decision's 拟支持金额 (the decide step): the amount requested, or — for some still in the chain
      // (decided, in 公示, approved) — less; an allocation never exceeds it
      const proposedFen = reached >= 5 ? (reached < 8 && i % 2 === 1 ? Math.max(WAN, Math.round((amount * 0.9) / WAN) * WAN) : amount) : null;
      const app = { id: appBase + appRows.length + 1 };
      const required = requiredApplicationDocuments({ fund: code, date: dates.filed as LegalDate, isProvincialEnterprise: provincialEnterprise, guideExtras: GUIDE_EXTRAS[code] }).value.map((d) => d.name);
      // uploaded: all of them once past the pre-review; a returned application lacks its last one; some filed ones are still incomplete
      const uploaded = status === "returned" || (status === "filed" && i % 2 === 0) ? required.slice(0, -1) : required;
      for (const kind of uploaded) docRows.push({ applicationId: app.id, kind, fileName: `${kind}.pdf`, mimeType: "application/pdf", sizeBytes: DEMO_PDF.byteLength, sha256: DEMO_PDF_SHA256, content: DEMO_PDF, byName: "市县工信部门（演示）" });
      appRows.push({
          id: app.id,
          projectId: proj.id,
          programId: programs.get(code)!,
          year,
          status,
          supportMode: (code === "GXZJ" ? rng.pick(["direct_subsidy", "award_in_lieu", "interest_subsidy"]) : rng.pick(["award_in_lieu", "direct_subsidy"])) as SupportMode,
          requestedFen: amount,
          filedOn: dates.filed,
          documents: required,
          rankScore: reached >= 4 ? rng.int(6000, 9500) : null,
          decisionRef: reached >= 5 ? `${code === "GXZJ" ? "黔工信资" : "黔中小资"}〔${year}〕${10 + (i % 80)}号` : null,
          decidedOn: reached >= 5 ? dates.decided : null,
          proposedFen,
          publicityStart: reached >= 6 ? pub.start : null,
          publicityEnd: reached >= 6 ? pub.end : null,
          approvalRef: reached >= 7 ? `${code === "GXZJ" ? "黔财工" : "黔工信函"}〔${year}〕${20 + (i % 70)}号` : null,
          approvedOn: reached >= 7 ? dates.approved : null,
          returnedReason: status === "returned" ? `缺少${required.at(-1)}，请补正后重新提交` : null,
        });
      p.applicationId = app.id;
      const steps: (typeof fundReviewStep.$inferInsert)[] = [{ applicationId: app.id, step: "filed", onDate: dates.filed, byName: "市县工信部门（演示）" }];
      if (status === "returned") steps.push({ applicationId: app.id, step: "returned", onDate: addDays(base as LegalDate, 7), byName: "市县工信部门（演示）", note: "材料不全" });
      for (const [n, st] of ORDER.entries()) if (n > 0 && n <= reached) steps.push({ applicationId: app.id, step: st, onDate: dates[st], byName: n === 1 ? "市县工信部门（演示）" : n >= 7 ? "省财政厅、省工信厅（演示）" : "省工信厅（演示）", note: st === "decided" ? `${appRows.at(-1)!.decisionRef}：拟支持 ${formatMoney(proposedFen as Fen)}` : null });
      if (status === "rejected") steps.push({ applicationId: app.id, step: "rejected", onDate: dates.ranked, byName: "省工信厅（演示）", note: "排序靠后，集体决策未予支持" });
      if (reached >= 3) {
        for (const ex of experts) scores.push({ applicationId: app.id, expertUserId: ex.id, expertName: ex.name, scoreCenti: rng.int(6500, 9600), comment: "方案可行，绩效目标明确" });
      }
      if (stage === "objection_upheld") {
        objections.push({ applicationId: app.id, filedOn: addDays(pub.start as LegalDate, 1), objector: "匿名举报人（联系电话 139****0000）", content: "该项目设备已于上年度获其他省级资金支持", status: "upheld", finding: "经核实，该项目同一设备已获省级资金支持，异议成立，取消支持", decidedOn: addDays(pub.start as LegalDate, 4) });
        steps.push({ applicationId: app.id, step: "objection_upheld", onDate: addDays(pub.start as LegalDate, 4), byName: "省工信厅（演示）" });
      }
      if (stage === "publicity" && objectionOpen < 2) {
        objectionOpen++;
        objections.push({ applicationId: app.id, filedOn: "2026-11-25", objector: "同行企业（联系人 王某）", content: "质疑申报的新增就业人数与社保缴纳人数不符", status: objectionOpen === 1 ? "filed" : "verified", finding: objectionOpen === 2 ? "已调取社保缴纳记录，正在核实" : null });
      }
      if (reached >= 8 && i % 11 === 3) {
        objections.push({ applicationId: app.id, filedOn: addDays(pub.start as LegalDate, 1), objector: "个人来信", content: "反映企业存在环保问题", status: "rejected", finding: "经核实，企业环保手续齐全，无行政处罚记录，异议不成立", decidedOn: addDays(pub.start as LegalDate, 3) });
      }
      allSteps.push(...steps);
      if (reached < 8) continue;

      // allocation: the caps from the rule book, in order; one provincial override, one exempt project
      p.decidedOn = min(dates.allocated, FUNDS_DEMO_TODAY);
      if (code === "ZXZJ" && p.decidedOn > "2025-12-31") p.decidedOn = "2025-12-20";
      const key = `${code}:${year}:${ent.id}`;
      const existing = unitYear.get(key) ?? [];
      let override: { by: string; reason: string } | undefined;
      if (overrideHere) {
        override = { by: "省工信厅 陈处长", reason: "列入省重大工业项目，经厅党组会议研究同意突破单个项目1000万元额度" };
        overrideDone = true;
      }
      let caps = checkAllocationCaps({ fund: code, date: p.decidedOn as LegalDate, year, unitId: String(ent.id), projectId: String(proj.id), amount: amount as Fen, category: exempt, existingAllocations: existing.map((e) => ({ ...e, amount: e.amount as Fen, category: e.category as never })), override });
      if (caps.outcome === "block") {
        amount = Math.max(WAN, Math.min(caps.value.projectRoom, caps.value.unitYearRoom));
        caps = checkAllocationCaps({ fund: code, date: p.decidedOn as LegalDate, year, unitId: String(ent.id), projectId: String(proj.id), amount: amount as Fen, category: exempt, existingAllocations: existing.map((e) => ({ ...e, amount: e.amount as Fen, category: e.category as never })) });
      }
      existing.push({ projectId: String(proj.id), amount, category: exempt });
      unitYear.set(key, existing);
      p.amount = amount;
      const budgetRegion = level === "provincial" ? PROVINCE : prefecture;
      const lineKey = `${code}:${year}:${budgetRegion}`;
      lineNeeds.set(lineKey, (lineNeeds.get(lineKey) ?? 0) + amount);
      const prepay = p.decidedOn <= "2025-12-31" ? prepaymentLimit({ plannedAward: amount as Fen, isKeyProject: keyProject, date: p.decidedOn as LegalDate }).value.maxPrepayment : 0;
      const alloc = { id: allocBase + allocRows.length + 1 };
      allocRows.push({
          id: alloc.id,
          applicationId: app.id,
          projectId: proj.id,
          programId: programs.get(code)!,
          enterpriseId: ent.id,
          year,
          supportMode: code === "GXZJ" ? "award_in_lieu" : "direct_subsidy",
          level,
          budgetRegionCode: budgetRegion,
          amountFen: amount,
          prepayMaxFen: prepay,
          decidedOn: p.decidedOn,
          capVerdict: record(caps),
          duplicateVerdict: null,
          overrideBy: override?.by ?? null,
          overrideReason: override?.reason ?? null,
          status: stage === "sanctioned" ? "recovered" : stage === "accepted" ? "completed" : "active",
          adjustments: stage === "adjusted" ? 1 : 0,
        });
      p.allocationId = alloc.id;
    }

    const batch = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
      for (let k = 0; k < rows.length; k += 300) await write(rows.slice(k, k + 300));
    };
    await batch(projectRows, (c) => tx.insert(fundProject).values(c));
    await batch(appRows, (c) => tx.insert(fundApplication).values(c));
    await batch(docRows, (c) => tx.insert(fundApplicationDocument).values(c));
    await batch(allocRows, (c) => tx.insert(fundAllocation).values(c));
    await batch(objections, (c) => tx.insert(fundObjection).values(c));
    for (const t of ["fund_project", "fund_application", "fund_allocation"]) await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select coalesce(max(id), 1) from ${t}))`));
    for (let k = 0; k < goals.length; k += 500) await tx.insert(fundGoal).values(goals.slice(k, k + 500));
    for (let k = 0; k < scores.length; k += 500) await tx.insert(fundExpertScore).values(scores.slice(k, k + 500));
    for (let k = 0; k < allSteps.length; k += 500) await tx.insert(fundReviewStep).values(allSteps.slice(k, k + 500));

    // budgets: enough for what was allocated on each line, plus unallocated money (some of it now 2 years old)
    const accounts = new Map<string, number>();
    const account = async (code: string, name: string, kind: "asset" | "equity" | "expense", ownerOrgId: number | null, guard = false) => {
      if (!accounts.has(code)) accounts.set(code, (await ensureAccount(tx, { code, name, kind, book: "funds", ownerOrgId, mustNotGoNegative: guard })).id);
      return accounts.get(code)!;
    };
    const financeOf = (region: string) => (region === PROVINCE ? org.provinceFinance : org.prefectureFinance.get(region)!);
    const regionName = (code: string) => GUIZHOU_REGIONS.find((r) => r.code === code)!.name;
    const budgetIds = new Map<string, number>();
    for (const code of ["GXZJ", "ZXZJ"] as const) {
      for (const y of years[code]) {
        const advance = code === "GXZJ" && y === 2026;
        const approvedOn = advance ? "2025-11-10" : `${y}-03-15`;
        const issuedOn = advance ? "2025-11-20" : `${y}-04-20`;
        const amounts = new Map<string, number>();
        for (const r of [PROVINCE, ...prefectures]) {
          const need = lineNeeds.get(`${code}:${y}:${r}`) ?? 0;
          const spare = rng.chance(r === PROVINCE ? 1 : 0.45) ? rng.int(2, 30) * 10 * WAN : 0;
          // the current year's transfers still hold money (issued in advance, GXZJ-35 Art.19)
          const current = y === 2026 ? 500 * WAN : 0;
          // every 市州 gets a transfer each year (a small one where nothing was allocated)
          amounts.set(r, need + spare + current + (r === PROVINCE ? 500 * WAN : need + spare === 0 ? 50 * WAN : 0));
        }
        const total = [...amounts.values()].reduce((a, b) => a + b, 0);
        const appropriation = await account(FUNDS_ACCOUNTS.appropriation(code, y), `${code === "GXZJ" ? "工信发展专项资金" : "中小企业发展专项资金"}${y}年度预算`, "equity", org.provinceFinance);
        const provinceAcct = await account(FUNDS_ACCOUNTS.budget(code, y, PROVINCE), `${code} ${y} 省级预算（省财政厅）`, "asset", org.provinceFinance, true);
        const approve = await postJournal(tx, actor, {
          idempotencyKey: `seed:funds:budget:${code}:${y}`,
          kind: "funds.budget",
          memo: `${y}年度${code}专项资金预算批复${advance ? "（提前下达预计数）" : ""}`,
          valueDate: approvedOn,
          postings: [
            { accountId: provinceAcct, amountFen: total },
            { accountId: appropriation, amountFen: -total },
          ],
        });
        for (const r of [PROVINCE, ...prefectures]) {
          const amountFen = amounts.get(r)!;
          if (amountFen === 0) continue;
          let issueJournalId: number | null = null;
          if (r !== PROVINCE) {
            const acct = await account(FUNDS_ACCOUNTS.budget(code, y, r), `${code} ${y} ${regionName(r)}转移支付`, "asset", financeOf(r), true);
            issueJournalId = (
              await postJournal(tx, actor, {
                idempotencyKey: `seed:funds:issue:${code}:${y}:${r}`,
                kind: "funds.issue",
                memo: `下达${regionName(r)}${y}年度${code}专项资金${advance ? "（提前下达）" : ""}`,
                valueDate: issuedOn,
                postings: [
                  { accountId: acct, amountFen },
                  { accountId: provinceAcct, amountFen: -amountFen },
                ],
              })
            ).journalId;
          }
          const [b] = await tx
            .insert(fundBudget)
            .values({ programId: programs.get(code)!, year: y, level: r === PROVINCE ? "provincial" : "transfer", regionCode: r, amountFen, approvedOn, issuedOn: r === PROVINCE ? null : issuedOn, advance, approveJournalId: r === PROVINCE ? approve.journalId : null, issueJournalId })
            .returning({ id: fundBudget.id });
          budgetIds.set(`${code}:${y}:${r}`, b.id);
        }
      }
    }

    // payments, adjustments, acceptance, recoveries and the ban
    const payees = ["enterprise_basic", "enterprise_general"] as const;
    for (const p of planned) {
      if (!p.allocationId || !p.decidedOn) continue;
      const budgetRegion = p.level === "provincial" ? PROVINCE : p.prefecture;
      const from = accounts.get(FUNDS_ACCOUNTS.budget(p.code, p.year, budgetRegion))!;
      const paidAcct = await account(FUNDS_ACCOUNTS.paid(p.code, p.prefecture), `${p.code} 已拨付（${regionName(p.prefecture)}项目）`, "expense", financeOf(p.prefecture));
      const plan: { amount: number; kind: "prepayment" | "progress" | "final"; on: string }[] = [];
      const d1 = addDays(p.decidedOn as LegalDate, 30);
      const d2 = addDays(p.decidedOn as LegalDate, 200);
      const first = p.keyProject && p.decidedOn <= "2025-12-31" ? Math.floor(p.amount / 2) : Math.round((p.amount * rng.int(30, 60)) / 100);
      const firstKind = p.keyProject && p.decidedOn <= "2025-12-31" ? "prepayment" : "progress";
      if (["paid_partly", "adjusted", "acceptance_failed", "sanctioned"].includes(p.stage) && d1 <= FUNDS_DEMO_TODAY) plan.push({ amount: first, kind: firstKind, on: d1 });
      if (["paid", "accepted"].includes(p.stage)) {
        // key projects: 50% prepaid, the rest after acceptance (SZH-25 三（二）); others paid in one settlement
        if (firstKind === "prepayment" && d1 <= FUNDS_DEMO_TODAY) plan.push({ amount: first, kind: firstKind, on: d1 });
        plan.push({ amount: p.amount - (plan[0]?.amount ?? 0), kind: "final", on: min(d2, FUNDS_DEMO_TODAY) });
      }
      let paidTotal = 0;
      for (const [n, t] of plan.entries()) {
        const { journalId } = await postJournal(tx, actor, {
          idempotencyKey: `funds:payment:${p.allocationId}:${n + 1}`,
          kind: "funds.payment",
          memo: `拨付 ${p.entName} 第${n + 1}笔`,
          valueDate: t.on,
          postings: [
            { accountId: paidAcct, amountFen: t.amount },
            { accountId: from, amountFen: -t.amount },
          ],
        });
        await tx.insert(fundPayment).values({ allocationId: p.allocationId, tranche: n + 1, kind: t.kind, amountFen: t.amount, paidOn: t.on, payeeName: p.entName, payeeAccountType: payees[n % 2], payeeAccountNo: `6217${String(p.enterpriseId).padStart(6, "0")}${n}`, journalId, byName: "财政部门（演示）" });
        paidTotal += t.amount;
      }
      if (p.stage === "adjusted") {
        const reqOn = min(addDays(p.decidedOn as LegalDate, 90), p.constructionEnd);
        const v = adjustmentPermission({ fund: p.code, requestDate: reqOn as LegalDate, fundedOn: p.decidedOn as LegalDate, filingLevel: p.filingLevel, constructionPeriodEnd: p.constructionEnd as LegalDate, priorAdjustments: 0 });
        await tx.insert(fundAdjustment).values({ allocationId: p.allocationId, requestedOn: reqOn, content: "主要设备由进口改为国产同类设备，建设内容和绩效目标不变", status: "approved", approver: v.value.approver, verdict: record(v), byName: "工信部门（演示）" });
      }
      if (p.stage === "accepted" || p.stage === "acceptance_failed") {
        const on = min(addDays(p.decidedOn as LegalDate, 300), p.code === "ZXZJ" ? "2025-12-30" : FUNDS_DEMO_TODAY);
        const v = acceptanceRouting({ fund: p.code, date: on as LegalDate, totalInvestment: p.totalInvestment as never, isProvincialEnterprise: p.provincialEnterprise, fundingLevel: p.level === "provincial" ? "province" : p.region.length === 6 && p.region !== p.prefecture ? "county" : "prefecture", regionCode: p.region });
        const failed = p.stage === "acceptance_failed";
        await tx.insert(fundAcceptance).values({ allocationId: p.allocationId, level: v.value.level, body: v.value.body, result: failed ? "failed" : "passed", acceptedOn: on, note: failed ? "主要绩效目标未完成，验收不通过" : "建设内容和绩效目标基本完成", verdict: record(v), byName: v.value.body });
        if (failed && paidTotal > 0) await recover(p, paidTotal, "acceptance_failed", on, "验收不通过，收回已拨付资金");
      }
      if (p.stage === "sanctioned" && paidTotal > 0) {
        const on = "2025-09-10";
        await recover(p, paidTotal, "sanction", on, "项目单位虚报冒领专项资金，追回已拨付资金并取消三年申报资格（GXZJ-35 第三十条）");
        const ban = applicationBanEnd({ fund: "GXZJ", decisionDate: on as LegalDate, fundedOn: p.decidedOn as LegalDate });
        await tx.insert(fundBan).values({ enterpriseId: p.enterpriseId, programId: programs.get("GXZJ")!, decidedOn: on, lastBannedDay: ban.value.lastBannedDay, reason: "虚报冒领专项资金，追回资金并取消三年内专项资金申报资格", byName: "省工信厅、省财政厅（演示）" });
      }
    }

    async function recover(p: Planned, amountFen: number, kind: "sanction" | "acceptance_failed", on: string, reason: string) {
      const to = accounts.get(FUNDS_ACCOUNTS.budget(p.code, p.year, PROVINCE))!;
      const paidAcct = accounts.get(FUNDS_ACCOUNTS.paid(p.code, p.prefecture))!;
      const { journalId } = await postJournal(tx, actor, {
        idempotencyKey: `funds:recovery:${kind}:${p.allocationId}`,
        kind: "funds.recovery",
        memo: `收回 ${p.entName} 专项资金`,
        valueDate: on,
        postings: [
          { accountId: to, amountFen },
          { accountId: paidAcct, amountFen: -amountFen },
        ],
      });
      await tx.insert(fundRecovery).values({ kind, allocationId: p.allocationId!, regionCode: p.region, amountFen, decidedOn: on, reason, journalId, byName: "省财政厅（演示）" });
    }

    // one 2-year-old unallocated GXZJ 2024 transfer already taken back (GXZJ-35 Art.24); the others are on the due list
    for (const r of prefectures) {
      const bId = budgetIds.get(`GXZJ:2024:${r}`);
      if (!bId) continue;
      const [b] = await tx.select().from(fundBudget).where(eq(fundBudget.id, bId));
      const spare = b.amountFen - (lineNeeds.get(`GXZJ:2024:${r}`) ?? 0);
      if (spare <= 0) continue;
      const { journalId } = await postJournal(tx, actor, {
        idempotencyKey: `funds:carry-over:${bId}`,
        kind: "funds.carry-over",
        memo: `${regionName(r)} 2024年度GXZJ转移支付结转两年未分配，收回省级`,
        valueDate: "2026-05-06",
        postings: [
          { accountId: accounts.get(FUNDS_ACCOUNTS.budget("GXZJ", 2024, PROVINCE))!, amountFen: spare },
          { accountId: accounts.get(FUNDS_ACCOUNTS.budget("GXZJ", 2024, r))!, amountFen: -spare },
        ],
      });
      await tx.insert(fundRecovery).values({ kind: "carry_over", budgetId: bId, regionCode: r, amountFen: spare, decidedOn: "2026-05-06", reason: "市县财政尚未分配并结转两年以上，通过上下级结算收回省级财政总预算（GXZJ-35 第二十四条）", journalId, byName: "省财政厅（演示）" });
      break;
    }
  },
};
