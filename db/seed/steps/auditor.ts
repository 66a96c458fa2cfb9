/**
 * The auditor's work and the 信贷通 yearly evaluation (issue 6): findings on every kind of record in each status
 * (open, answered by the responsible side, closed), one evidence set, and the 2025 evaluation of every partner bank
 * with the office's decisions — each bank's two tests computed by rules/ (bankYearlyTest) from the admitted loans.
 * Findings pick their records deterministically (lowest ids matching a description), so the data is the same each run.
 */
import { and, asc, eq, like, ne, sql } from "drizzle-orm";
import {
  auditFinding,
  evidenceItem,
  evidenceSet,
  fundAllocation,
  fundApplication,
  fundPayment,
  fundProject,
  journal,
  xdtBank,
  xdtClaim,
  xdtClaimMaterial,
  xdtLoan,
  xdtYearlyDecision,
  type AuditRecordKind,
} from "../../schema";
import { writeAudit } from "../../audit";
import { bankYearlyTest } from "../../../rules/xdt/risk";
import { DEMO_USERS } from "../demo-users";
import { need, type SeedContext, type SeedStep } from "../context";

const nameOf = (username: string) => `${DEMO_USERS.find((u) => u.username === username)!.displayName}（${username}）`;
const AUDITOR = nameOf("auditor");
/** the 2025 evaluation meeting, at the start of 2026 (XDT-BF Art.23-24) */
const MEETING_DATE = "2026-01-20";
const MEETING_REF = "黔信贷通领〔2026〕1号";

type Step = { status: "open" } | { status: "responded"; by: string; response: string } | { status: "closed"; by: string; response: string; closingNote: string };

async function addFinding(ctx: SeedContext, kind: AuditRecordKind, recordId: number, owner: { bankOrgId?: number | null; regionCode?: string | null }, f: { severity: "high" | "medium" | "low"; title: string; description: string; recommendation: string }, step: Step, orgOf: (username: string) => number) {
  const responded = step.status !== "open";
  const [row] = await ctx.tx
    .insert(auditFinding)
    .values({
      recordKind: kind,
      recordId,
      ...f,
      status: step.status,
      bankOrgId: owner.bankOrgId ?? null,
      regionCode: owner.regionCode ?? null,
      createdByUserId: need(ctx, "users").get("auditor")!,
      createdByName: AUDITOR,
      createdAt: new Date("2026-09-15T02:00:00Z"),
      response: responded ? step.response : null,
      respondedByName: responded ? nameOf(step.by) : null,
      respondedByOrgId: responded ? orgOf(step.by) : null,
      respondedAt: responded ? new Date("2026-10-12T06:30:00Z") : null,
      closingNote: step.status === "closed" ? step.closingNote : null,
      closedByName: step.status === "closed" ? AUDITOR : null,
      closedAt: step.status === "closed" ? new Date("2026-11-02T03:00:00Z") : null,
    })
    .returning();
  await writeAudit(ctx.tx, ctx.actor, { entity: "audit-finding", entityId: row.id, action: "create", after: { recordKind: kind, recordId, title: f.title, status: step.status }, bankOrgId: row.bankOrgId, regionCode: row.regionCode });
  return row;
}

export const auditorStep: SeedStep = {
  name: "auditor",
  async run(ctx) {
    const { tx } = ctx;
    const org = need(ctx, "org");
    const xdt = need(ctx, "xdt");
    const [bankA, bankB] = org.banks;
    const userOrg = new Map<string, number>([["bank.a", bankA.id], ["bank.b", bankB.id], ["industry", org.provinceIndustry], ["industry.gy", org.prefectureIndustry.get("520100")!], ["finance", org.provinceFinance], ["trustee", org.trustee], ["xdt", org.xdtOffice]]);
    const orgOf = (u: string) => userOrg.get(u)!;

    // records the findings are about
    const [claimA] = await tx.select().from(xdtClaim).where(and(eq(xdtClaim.bankOrgId, bankA.id), eq(xdtClaim.status, "paid"))).orderBy(asc(xdtClaim.id)).limit(1);
    const [claimB] = await tx.select().from(xdtClaim).where(and(eq(xdtClaim.bankOrgId, bankB.id), ne(xdtClaim.status, "paid"))).orderBy(asc(xdtClaim.id)).limit(1);
    const [loanA] = await tx.select().from(xdtLoan).where(and(eq(xdtLoan.bankOrgId, bankA.id), eq(xdtLoan.admissionStatus, "admitted"))).orderBy(asc(xdtLoan.id)).limit(1);
    const [zunyiProject] = await tx.select().from(fundProject).where(like(fundProject.regionCode, "5203%")).orderBy(asc(fundProject.id)).limit(1);
    const [guiyangProject] = await tx.select().from(fundProject).where(like(fundProject.regionCode, "5201%")).orderBy(asc(fundProject.id)).limit(1);
    const [payment] = await tx
      .select({ id: fundPayment.id, regionCode: fundProject.regionCode })
      .from(fundPayment)
      .innerJoin(fundAllocation, eq(fundAllocation.id, fundPayment.allocationId))
      .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
      .orderBy(asc(fundPayment.id))
      .limit(1);
    const [compensationJournal] = await tx.select().from(journal).where(eq(journal.id, claimA.paymentJournalId!));
    const suspendedBank = xdt.suspendedBankOrgId;

    const findings = [
      await addFinding(ctx, "claim", claimA.id, { bankOrgId: bankA.id }, { severity: "medium", title: "催收方案未附执行记录", description: "代偿申请所附催收方案仅列计划，未见实际催收的时间、方式和结果记录。", recommendation: "补充催收执行记录，今后代偿申请须附催收台账。" }, { status: "responded", by: "bank.a", response: "已补充 2025 年 3 月至 8 月催收台账（电话、上门、律师函），并修订内部代偿申报清单。" }, orgOf),
      await addFinding(ctx, "claim", claimB.id, { bankOrgId: bankB.id }, { severity: "low", title: "逾期认定日期与还款计划表不一致", description: "申请书所填首次欠息日与系统还款计划表相差一个计息周期。", recommendation: "核对还款计划并更正申请书。" }, { status: "open" }, orgOf),
      await addFinding(ctx, "loan", loanA.id, { bankOrgId: bankA.id }, { severity: "low", title: "借款用途证明材料不完整", description: "贷款档案中缺少借款用途的采购合同或发票。", recommendation: "补充用途证明，完善贷后管理。" }, { status: "open" }, orgOf),
      await addFinding(ctx, "bank", suspendedBank, { bankOrgId: suspendedBank }, { severity: "high", title: "不良率达到叫停线后仍有新增申报", description: "该行不良率达到 3% 后，仍有贷款入库申请提交至受托管理机构。", recommendation: "建立不良率预警，达到叫停线即停止新增申报。" }, { status: "responded", by: "industry", response: "信贷通办已函告该行，入库规则已自动拒绝叫停后的新增申请；该行已完成内部整改。" }, orgOf),
      await addFinding(ctx, "project", zunyiProject.id, { regionCode: zunyiProject.regionCode }, { severity: "medium", title: "绩效目标值低于申报测算", description: "项目申报书测算新增产值明显高于绩效目标所填目标值，目标设置偏低。", recommendation: "按申报测算重新核定绩效目标。" }, { status: "open" }, orgOf),
      await addFinding(ctx, "project", guiyangProject.id, { regionCode: guiyangProject.regionCode }, { severity: "low", title: "项目实施方案未按期更新", description: "建设期调整后，实施方案未同步更新。", recommendation: "更新实施方案并报备。" }, { status: "closed", by: "industry.gy", response: "已更新实施方案并报市工信局备案。", closingNote: "经复核，实施方案已更新，予以关闭。" }, orgOf),
      await addFinding(ctx, "fund_payment", payment.id, { regionCode: payment.regionCode }, { severity: "medium", title: "拨付凭证缺少验收意见", description: "该笔拨付的支付凭证未附阶段性验收意见。", recommendation: "补附验收意见，今后按进度验收后拨付。" }, { status: "responded", by: "finance", response: "已补附阶段验收意见书，并在拨付审核中增加验收意见必填项。" }, orgOf),
      await addFinding(ctx, "journal", compensationJournal.id, {}, { severity: "low", title: "补偿支付分录摘要过简", description: "补偿支付分录摘要未注明决定文号。", recommendation: "摘要中注明协调领导小组决定文号。" }, { status: "closed", by: "trustee", response: "今后支付分录摘要注明决定文号（不含银行名称），已在受托管理机构操作规程中明确。", closingNote: "回复合理，关闭。" }, orgOf),
      await addFinding(ctx, "enterprise", xdt.blacklistedEnterpriseId, { regionCode: null }, { severity: "high", title: "列入黑名单企业的股东关联情况待核实", description: "该企业股东在其他企业持股，需核实关联企业是否仍在申请信贷通贷款。", recommendation: "对关联股东开展穿透核查。" }, { status: "open" }, orgOf),
    ];
    if (new Set(findings.map((f) => f.status)).size !== 3) throw new Error("demo data: findings should cover every status");

    // one evidence set: the claim, its loan and bank, its materials, a special-fund document list and audit entries
    const [set] = await tx.insert(evidenceSet).values({ name: "2026年信贷通代偿专项审计", purpose: "核查代偿申请材料完整性与补偿资金支付", createdByUserId: need(ctx, "users").get("auditor")!, createdByName: AUDITOR, createdAt: new Date("2026-10-20T02:00:00Z") }).returning();
    const materials = await tx.select({ id: xdtClaimMaterial.id }).from(xdtClaimMaterial).where(eq(xdtClaimMaterial.claimId, claimA.id)).orderBy(asc(xdtClaimMaterial.id)).limit(3);
    const [application] = await tx.select({ id: fundApplication.id }).from(fundApplication).where(eq(fundApplication.projectId, guiyangProject.id)).orderBy(asc(fundApplication.id)).limit(1);
    const audits = await tx.execute(sql`select id::int from audit_log where entity = 'audit-finding' order by id limit 2`);
    const auditIds = ((Array.isArray(audits) ? audits : (audits as { rows: unknown[] }).rows) as { id: number }[]).map((r) => r.id);
    const items: { kind: (typeof evidenceItem.$inferInsert)["kind"]; refId: number; note?: string }[] = [
      { kind: "claim", refId: claimA.id, note: "被审代偿申请" },
      { kind: "loan", refId: claimA.loanId },
      { kind: "bank", refId: bankA.id },
      { kind: "journal", refId: compensationJournal.id, note: "补偿支付分录" },
      ...materials.map((m) => ({ kind: "claim_material" as const, refId: m.id })),
      ...(application ? [{ kind: "fund_documents" as const, refId: application.id }] : []),
      ...auditIds.map((id) => ({ kind: "audit_entry" as const, refId: id })),
    ];
    await tx.insert(evidenceItem).values(items.map((i) => ({ setId: set.id, kind: i.kind, refId: i.refId, note: i.note ?? null, addedByName: AUDITOR })));
    await writeAudit(tx, ctx.actor, { entity: "evidence-set", entityId: set.id, action: "create", after: { name: set.name, items: items.length } });

    // the 2025 yearly evaluation: each bank's tests from rules/, the office's decision at the start of 2026
    const figures = await tx.execute(sql`select bank_org_id::int as bank, extract(year from disbursement_date)::int as year, coalesce(sum(amount_fen), 0)::text as lending, count(distinct enterprise_id)::int as smes
      from xdt_loan where admission_status = 'admitted' and extract(year from disbursement_date) in (2024, 2025) group by 1, 2`);
    const rows = (Array.isArray(figures) ? figures : (figures as { rows: unknown[] }).rows) as { bank: number; year: number; lending: string; smes: number }[];
    const banks = await tx.select().from(xdtBank).orderBy(asc(xdtBank.orgId));
    for (const b of banks) {
      const cur = rows.find((r) => r.bank === b.orgId && r.year === 2025);
      const prior = rows.find((r) => r.bank === b.orgId && r.year === 2024);
      const v = bankYearlyTest({ year: 2025, lending: Number(cur?.lending ?? 0) as never, priorYearLending: Number(prior?.lending ?? 0) as never, smeCount: cur?.smes ?? 0, priorYearSmeCount: prior?.smes ?? 0 });
      const passed = v.value.passed;
      // the demo's lending grows less than 20% at most banks: those still await the office's decision (the page shows
      // them undecided); the banks that passed continue, and the bank already stopped at 3% is kept suspended ("change")
      if (!passed && b.status !== "suspended") continue;
      const basis = passed
        ? "2025年度累计投放增长和支持户数均达到第十四条要求，继续合作"
        : `${v.findings.filter((f) => f.severity === "block").map((f) => f.message).join("；")}；该行已因不良率达到 3% 暂停新增，维持暂停，限期整改`;
      await tx.insert(xdtYearlyDecision).values({ year: 2025, bankOrgId: b.orgId, decision: passed ? "continue" : "change", testPassed: passed, basis, meetingDate: MEETING_DATE, decisionRef: MEETING_REF, recordedByUserId: need(ctx, "users").get("xdt")!, recordedByName: nameOf("xdt") });
    }
  },
};
