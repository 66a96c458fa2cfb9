/**
 * Every action writes an audit record (issue 2): for each route of the build that has an action, a valid
 * submission by a user allowed to make it must add audit rows carrying that request's actor. A new action
 * without a case here fails the first test, so none can be forgotten.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUser, auditFinding, auditLog, enterprise, evidenceSet, fundAllocation, fundGoal, fundProject, organisation, perfGoalRevision, perfMonitoring, xdtClaim, xdtImportJob, xdtLoan } from "#db/schema";
import { creditCodeCheckChar, endedMonitoringPeriods, type LegalDate } from "#rules";
import { IMPORT_COLUMNS } from "~/server/xdt/imports.server";
import { cleanEnterprise, orgIdOf, overdueLoan, rateText, today } from "../support/xdt";
import { apiCall, apiTokenFor } from "../support/api";
import { useAppDatabase } from "../setup/db";
import { Client, routeTable, signedIn } from "../support/app";

const { db } = useAppDatabase();

interface ActionCase {
  /** who submits; null = signed out */
  as: string | null;
  url: () => Promise<string>;
  fields: () => Promise<Record<string, string>>;
  /** the audit action expected */
  expect: string;
  /** files sent with the form (multipart uploads) */
  files?: () => Promise<Record<string, File>>;
  /** an API call (bearer token, JSON) instead of a form post; expects 201 */
  api?: (client: Client) => Promise<Response>;
  /** the expected status, when not a redirect (e.g. a page that shows a new token once) */
  status?: number;
}

const userIdOf = async (username: string) => (await db().select().from(appUser).where(eq(appUser.username, username)))[0];

async function importCsv(contractNo: string) {
  const ent = await cleanEnterprise(db(), 21);
  return `${IMPORT_COLUMNS.map((c) => c.header).join(",")}\n${ent.creditCode},${contractNo},"1,000,000.00",${rateText(10)},12,${today()},是,,是,\n`;
}

/** A 贵阳 allocation with an ended half-year not yet monitored (found once; fields, files and url share it). */
let unmonitoredPick: Promise<{ projectId: number; period: string; goals: number }> | undefined;
function unmonitored() {
  unmonitoredPick ??= (async () => {
    const allocations = await db()
      .select({ al: fundAllocation })
      .from(fundAllocation)
      .innerJoin(fundProject, eq(fundProject.id, fundAllocation.projectId))
      .where(and(eq(fundAllocation.status, "active"), like(fundProject.regionCode, "5201%"), sql`not exists (select 1 from ${perfGoalRevision} r where r.project_id = ${fundProject.id})`))
      .orderBy(fundAllocation.id);
    for (const { al } of allocations) {
      const done = (await db().select({ period: perfMonitoring.period }).from(perfMonitoring).where(eq(perfMonitoring.allocationId, al.id))).map((r) => r.period);
      const period = endedMonitoringPeriods(al.decidedOn as LegalDate, today() as LegalDate).find((p) => !done.includes(p.label));
      if (period) return { projectId: al.projectId, period: period.label, goals: (await db().select().from(fundGoal).where(eq(fundGoal.projectId, al.projectId))).length };
    }
    throw new Error("no 贵阳 allocation with an unrecorded half-year");
  })();
  return unmonitoredPick;
}

/** An allocation without a key evaluation of its year (the same one for url and fields: nothing writes in between). */
async function unkeyedAllocation() {
  const [al] = await db()
    .select({ projectId: fundAllocation.projectId, year: fundAllocation.year })
    .from(fundAllocation)
    .where(sql`not exists (select 1 from perf_evaluation e where e.project_id = ${fundAllocation.projectId} and e.year = ${fundAllocation.year} and e.kind = 'key')`)
    .orderBy(fundAllocation.id)
    .limit(1);
  return al;
}

const CASES: Record<string, ActionCase> = {
  "routes/_app.admin.calendar": {
    as: "admin",
    url: async () => "/admin/calendar",
    fields: async () => ({ year: "2027", source: "国务院办公厅关于2027年部分节假日安排的通知（测试）", holidays: "2027-01-01 元旦", workdays: "" }),
    expect: "enter",
  },
  "routes/_app.xdt.loans.new": {
    as: "bank.a",
    url: async () => "/xdt/loans/new",
    fields: async () => ({ creditCode: (await cleanEnterprise(db(), 20)).creditCode, contractNo: "AUDIT-LOAN-1", amount: "1,000,000.00", rate: rateText(10), termMonths: "12", disbursementDate: today(), isCreditLoan: "on", controllerSpouseGuarantee: "on" }),
    expect: "file",
  },
  // the enterprise register (issue 12): an officer registers a unit of its region and corrects one
  "routes/_app.enterprises.new": {
    as: "industry.gy",
    url: async () => "/enterprises/new",
    fields: async () => ({ creditCode: `91520102MA0AUDT01${creditCodeCheckChar("91520102MA0AUDT01")}`, name: "审计用例登记有限公司", regionCode: "520102", industryCode: "C1512", industryName: "白酒制造", employees: "45", revenue: "8,000,000.00", actualControllerName: "王伟", contactName: "张敏", contactPhone: "0851-85551234" }),
    expect: "create",
  },
  "routes/_app.enterprises.$enterpriseId_.edit": {
    as: "industry.gy",
    url: async () => `/enterprises/${(await db().select().from(enterprise).where(eq(enterprise.regionCode, "520103")).orderBy(enterprise.id).limit(1))[0].id}/edit`,
    fields: async () => {
      const [e] = await db().select().from(enterprise).where(eq(enterprise.regionCode, "520103")).orderBy(enterprise.id).limit(1);
      return { name: e.name, regionCode: "520103", industryCode: e.industryCode, industryName: e.industryName, employees: "30", revenue: "5,000,000.00", actualControllerName: e.actualControllerName, contactName: "审计用例联系人", contactPhone: "0851-85550000" };
    },
    expect: "update",
  },
  "routes/_app.xdt.loans.$loanId": {
    as: "trustee",
    url: async () => `/xdt/loans/${(await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).limit(1))[0].id}`,
    fields: async () => ({ intent: "admit" }),
    expect: "admit",
  },
  // bulk admission on the queue (issue 12): each loan decided leaves its own audit record
  "routes/_app.xdt.admissions": {
    as: "trustee",
    url: async () => "/xdt/admissions",
    fields: async () => ({ intent: "admit", loanId: String((await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).orderBy(desc(xdtLoan.id)).limit(1))[0].id) }),
    expect: "admit",
    // the queue answers with its result per loan (200), not a redirect
    status: 200,
  },
  "routes/_app.xdt.banks.$bankId": {
    as: "xdt",
    url: async () => `/xdt/banks/${(await db().select().from(organisation).where(eq(organisation.shortName, "农业银行")))[0].id}`,
    fields: async () => ({ intent: "suspend", reason: "yearly_test", basis: "2025年度累计投放增长低于20%（测试）", decisionDate: today() }),
    expect: "suspend",
  },
  "routes/_app.xdt.imports._index": {
    as: "bank.a",
    url: async () => "/xdt/imports",
    fields: async () => ({}),
    files: async () => ({ file: new File([await importCsv("AUDIT-IMP-1")], "清单.csv") }),
    expect: "upload",
  },
  "routes/_app.xdt.imports.$jobId": {
    as: "bank.a",
    url: async () => {
      const bytes = new TextEncoder().encode(await importCsv("AUDIT-IMP-2"));
      const [job] = await db().insert(xdtImportJob).values({ bankOrgId: (await userIdOf("bank.a")).organisationId, fileName: "清单.csv", sizeBytes: bytes.byteLength, content: bytes, status: "queued", totalRows: 1, createdByName: "测试" }).returning();
      return `/xdt/imports/${job.id}`;
    },
    fields: async () => ({}),
    expect: "import",
  },
  "routes/_app.account.tokens": { as: "bank.a", url: async () => "/account/tokens", fields: async () => ({ intent: "create", name: "信贷系统对接" }), expect: "create", status: 200 },
  "routes/api.v1.loans": {
    as: "bank.a",
    url: async () => "/api/v1/loans",
    fields: async () => ({}),
    api: async (client) =>
      apiCall(client, "/api/v1/loans", await apiTokenFor(client), { creditCode: (await cleanEnterprise(db(), 22)).creditCode, contractNo: "AUDIT-API-1", amount: "1,000,000.00", rate: rateText(10), termMonths: 12, disbursementDate: today(), isCreditLoan: true, controllerSpouseGuarantee: true }),
    expect: "file",
  },
  "routes/api.v1.loans.$loanId.claim": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => {
      const { loan } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), (await cleanEnterprise(db(), 23)).id, "AUDIT-API-CLAIM");
      return apiCall(client, `/api/v1/loans/${loan.id}/claim`, await apiTokenFor(client), {});
    },
    expect: "file",
  },
  "routes/api.v1.claims.$claimId.recoveries": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => {
      const [c] = await db().select().from(xdtClaim).where(and(eq(xdtClaim.status, "paid"), eq(xdtClaim.bankOrgId, await orgIdOf(db(), "bank.a")))).limit(1);
      return apiCall(client, `/api/v1/claims/${c.id}/recoveries`, await apiTokenFor(client), { recoveryDate: today(), recovered: "10,000.00" });
    },
    expect: "report-recovery",
  },
  "routes/_app.xdt.reports": {
    as: "bank.a",
    url: async () => "/xdt/reports",
    fields: async () => ({ intent: "report-risk", eventDate: today(), description: "审计用例：企业未按期付息" }),
    expect: "report-risk",
  },
  "routes/api.v1.reports.monthly": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => apiCall(client, "/api/v1/reports/monthly", await apiTokenFor(client), { month: "2026-09", balance: "100.00", cumulativeLending: "200.00", npl: "0", badDebt: "0", correctionReason: "审计用例更正" }),
    expect: "correct-report",
  },
  "routes/api.v1.reports.quarterly": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => apiCall(client, "/api/v1/reports/quarterly", await apiTokenFor(client), { quarter: "2026-Q2", loansCount: 1, lending: "100.00", balance: "100.00", overdue: "0", compensation: "0", recovered: "0", narrative: "审计用例季度报告更正说明", correctionReason: "审计用例更正" }),
    expect: "correct-report",
  },
  "routes/api.v1.risk-events": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => apiCall(client, "/api/v1/risk-events", await apiTokenFor(client), { eventDate: today(), description: "审计用例风险事项" }),
    expect: "report-risk",
  },
  "routes/api.v1.loans.$loanId.repayments": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => {
      const { loan, dues } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), (await cleanEnterprise(db(), 24)).id, "AUDIT-API-REPAY");
      const interest = dues.find((d) => d.component === "interest")!;
      return apiCall(client, `/api/v1/loans/${loan.id}/repayments`, await apiTokenFor(client), { component: "interest", paidOn: today(), amount: (interest.amountFen / 100).toFixed(2) });
    },
    expect: "repay",
  },
  "routes/api.v1.loans.$loanId.overdue": {
    as: "bank.a",
    url: async () => "",
    fields: async () => ({}),
    api: async (client) => {
      const { loan } = await overdueLoan(db(), await orgIdOf(db(), "bank.a"), (await cleanEnterprise(db(), 19)).id, "AUDIT-API-OVERDUE");
      return apiCall(client, `/api/v1/loans/${loan.id}/overdue`, await apiTokenFor(client), { eventDate: today() });
    },
    expect: "report-risk",
  },
  "routes/_app.xdt.claims.$claimId": {
    as: "xdt",
    url: async () => `/xdt/claims/${(await db().select().from(xdtClaim).where(eq(xdtClaim.status, "planned")).limit(1))[0].id}`,
    fields: async () => ({ intent: "compile" }),
    expect: "compile",
  },
  "routes/login": { as: null, url: async () => "/login", fields: async () => ({ username: "auditor", password: "zjt-demo-2026" }), expect: "login" },
  "routes/logout": { as: "auditor", url: async () => "/logout", fields: async () => ({}), expect: "logout" },
  // before the trustee changes its password below
  "routes/_app.xdt.pool-ops": {
    as: "trustee",
    url: async () => "/xdt/pool-ops",
    fields: async () => ({ intent: "deposit", requestId: randomUUID(), toBank: String(await orgIdOf(db(), "bank.a")), amount: "1,000.00", valueDate: today(), reference: "AUDIT-POOL-1", reason: "审计用例：存入" }),
    expect: "deposit",
  },
  "routes/_app.account.password": {
    as: "trustee",
    url: async () => "/account/password",
    fields: async () => ({ current: "zjt-demo-2026", password: "Trustee-2026-new", confirm: "Trustee-2026-new" }),
    expect: "change-password",
  },
  "routes/_app.admin.users._index": {
    as: "admin",
    url: async () => "/admin/users",
    fields: async () => {
      const [bank] = await db().select().from(organisation).where(eq(organisation.kind, "bank")).limit(1);
      return { intent: "create", username: "new.banker", displayName: "新客户经理", organisationId: String(bank.id), role: "bank", password: "Banker-2026-pass" };
    },
    expect: "create",
  },
  "routes/_app.admin.users.$userId": {
    as: "admin",
    url: async () => `/admin/users/${(await userIdOf("industry.gy")).id}`,
    fields: async () => {
      const u = await userIdOf("industry.gy");
      return { intent: "update", displayName: "贵阳市工信局 赵处长", organisationId: String(u.organisationId), role: "industry", active: "on" };
    },
    expect: "update",
  },
  "routes/_app.admin.orgs._index": {
    as: "admin",
    url: async () => "/admin/orgs",
    fields: async () => ({ intent: "create", name: "贵州省第三方评价中心", shortName: "评价中心", kind: "audit", regionCode: "520000" }),
    expect: "create",
  },
  "routes/_app.admin.orgs.$orgId": {
    as: "admin",
    url: async () => `/admin/orgs/${(await db().select().from(organisation).where(eq(organisation.name, "遵义市工业和信息化局")))[0].id}`,
    fields: async () => ({ intent: "update", name: "遵义市工业和信息化局", shortName: "遵义工信", kind: "industry", regionCode: "520300", active: "on" }),
    expect: "update",
  },
  // 专项资金 (issue 5)
  "routes/_app.funds.projects.new": {
    as: "industry.gy",
    url: async () => "/funds/projects/new",
    fields: async () => {
      const [e] = await db().select().from(enterprise).where(like(enterprise.regionCode, "5201%")).limit(1);
      return { programCode: "ZXZJ", creditCode: e.creditCode, name: "审计用例项目", category: "技术改造", implementationPlan: "实施方案", totalInvestment: "1,000,000.00", fixedAssetInvestment: "500,000.00", constructionStart: "2025-01-01", constructionEnd: "2026-12-31", filingLevel: "county", jobs: "5", "goalName[0]": "新增产值", "goalUnit[0]": "万元", "goalTarget[0]": "100", "goalDirection[0]": "higher", "goalWeight[0]": "100" };
    },
    expect: "create",
  },
  "routes/_app.funds.projects.$projectId": {
    as: "industry",
    url: async () => `/funds/projects/${(await db().select().from(fundProject).where(eq(fundProject.libraryStatus, "pending_review")).limit(1))[0].id}`,
    fields: async () => ({ intent: "library-enter", onDate: "2026-11-02" }),
    expect: "library-enter",
  },
  // 绩效 双监控 (issue 6): a 贵阳 officer records a half-year's monitoring with one evidence file per indicator
  "routes/_app.funds.projects.$projectId_.monitoring": {
    as: "industry.gy",
    url: async () => `/funds/projects/${(await unmonitored()).projectId}/monitoring`,
    fields: async () => ({ intent: "monitor", period: (await unmonitored()).period, ...Object.fromEntries(Array.from({ length: (await unmonitored()).goals }, (_, i) => [`actual[${i}]`, "1"])) }),
    files: async () => Object.fromEntries(Array.from({ length: (await unmonitored()).goals }, (_, i) => [`evidence${i}`, new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], `佐证${i}.pdf`)])),
    expect: "monitor",
  },
  // 绩效评价 (issue 6): the auditor's one write here, the key evaluation
  "routes/_app.funds.projects.$projectId_.evaluation": {
    as: "auditor",
    url: async () => `/funds/projects/${(await unkeyedAllocation()).projectId}/evaluation`,
    fields: async () => ({ intent: "key", year: String((await unkeyedAllocation()).year), score: "75.5", onDate: "2026-06-01", findings: "审计用例：重点评价发现" }),
    expect: "key-evaluate",
  },
  "routes/_app.funds.programs": {
    as: "admin",
    url: async () => "/funds/programs",
    fields: async () => ({ code: "GXZJ-AUDIT", ruleSet: "GXZJ", name: "审计用例专项", termFrom: "2026-01-01", termTo: "2027-12-31", publicityWorkingDays: "7" }),
    expect: "create",
  },
  "routes/_app.funds.guides": {
    as: "industry",
    url: async () => "/funds/guides",
    fields: async () => ({ intent: "save", programCode: "GXZJ", year: "2027", title: "2027年度审计用例申报指南", directions: "数字化转型", conditions: "已入库项目", openFrom: "2027-01-15", openTo: "2027-03-31", extraDocuments: "营业执照" }),
    expect: "create",
  },
  "routes/_app.funds.budgets": {
    as: "finance",
    url: async () => "/funds/budgets",
    fields: async () => ({ intent: "approve", programCode: "GXZJ", year: "2027", regionCode: "520100", amount: "10,000,000.00", onDate: "2026-11-02" }),
    expect: "approve",
  },
  "routes/_app.funds.carry-over": {
    as: "finance",
    url: async () => "/funds/carry-over",
    fields: async () => {
      const due = await db().execute(sql`select b.id from fund_budget b join fund_program p on p.id = b.program_id where p.code = 'GXZJ' and b.year = 2024 and b.level = 'transfer' and not exists (select 1 from fund_recovery r where r.budget_id = b.id) and b.amount_fen > (select coalesce(sum(a.amount_fen), 0) from fund_allocation a where a.program_id = b.program_id and a.year = 2024 and a.budget_region_code = b.region_code and a.status <> 'recovered') order by b.id limit 1`);
      const rows = (due as unknown as { rows?: { id: number }[] }).rows ?? (due as unknown as { id: number }[]);
      return { intent: "recover", budgetId: String(rows[0].id), onDate: "2026-11-02" };
    },
    expect: "recover",
  },
  // the auditor's workspace and the 信贷通 yearly evaluation (issue 6)
  "routes/_app.auditor._index": { as: "auditor", url: async () => "/auditor", fields: async () => ({ name: "审计用例证据集", purpose: "测试" }), expect: "create" },
  "routes/_app.auditor.findings.new": {
    as: "auditor",
    url: async () => "/auditor/findings/new",
    fields: async () => ({ recordKind: "claim", recordId: String((await db().select().from(xdtClaim).limit(1))[0].id), severity: "medium", title: "审计用例发现", description: "描述", recommendation: "建议" }),
    expect: "create",
  },
  "routes/_app.auditor.findings.$findingId": {
    as: "bank.a",
    url: async () => `/auditor/findings/${(await db().select().from(auditFinding).where(and(eq(auditFinding.status, "open"), eq(auditFinding.recordKind, "loan"), eq(auditFinding.bankOrgId, await orgIdOf(db(), "bank.a")))).limit(1))[0].id}`,
    fields: async () => ({ intent: "respond", response: "已补充借款用途证明。" }),
    expect: "respond",
  },
  "routes/_app.auditor.evidence.$setId": {
    as: "auditor",
    url: async () => `/auditor/evidence/${(await db().select().from(evidenceSet).limit(1))[0].id}`,
    fields: async () => ({ intent: "add", kind: "enterprise", refId: String((await db().select().from(enterprise).limit(1))[0].id) }),
    expect: "add-item",
  },
  "routes/_app.xdt.yearly": {
    as: "xdt",
    url: async () => "/xdt/yearly",
    fields: async () => ({ year: "2025", bankOrgId: String((await db().select().from(organisation).where(eq(organisation.shortName, "贵州农信")))[0].id), decision: "change", basis: "累计投放增长低于20%", meetingDate: "2026-01-20" }),
    expect: "decide",
  },
  // 信贷通: the partner-bank lifecycle and the blacklist (runs last: it removes an enterprise from cleanEnterprise)
  "routes/_app.xdt.partners": {
    as: "xdt",
    url: async () => "/xdt/partners",
    fields: async () => {
      const [org] = await db().insert(organisation).values({ name: "审计用例银行贵州分行", shortName: "审计用例银行", kind: "bank", regionCode: "520000" }).returning();
      return { intent: "apply", bankOrgId: String(org.id), basis: "在黔设有网点，申请合作", decisionRef: "审计函〔2026〕1号", decisionDate: today() };
    },
    expect: "apply",
  },
  "routes/_app.xdt.blacklist": {
    as: "xdt",
    url: async () => "/xdt/blacklist",
    fields: async () => ({ creditCode: (await db().select().from(enterprise).where(sql`not exists (select 1 from xdt_blacklist b where b.identifier = ${enterprise.creditCode})`).orderBy(desc(enterprise.id)).limit(1))[0].creditCode, reason: "审计用例：挪用贷款", decisionRef: "黔信贷通领〔2026〕审计号", decisionDate: today() }),
    expect: "blacklist",
  },
};

describe("every action is audited", () => {
  it("has a case for every route with an action", async () => {
    const withAction = (await routeTable()).filter((r) => r.hasAction).map((r) => r.id).sort();
    expect(withAction).toEqual(Object.keys(CASES).sort());
  });

  for (const [routeId, c] of Object.entries(CASES)) {
    it(`${routeId} writes an audit record in the same request`, async () => {
      const client = c.as ? await signedIn(c.as) : new Client();
      if (!c.as) await client.get("/login");
      const [{ last }] = await db().select({ last: sql<number>`coalesce(max(${auditLog.id}), 0)::int` }).from(auditLog);
      let res: Response;
      if (c.api) {
        res = await c.api(client);
        expect(res.status, await res.clone().text()).toBe(201);
      } else if (c.files) {
        const body = new FormData();
        body.set("csrf", client.csrf());
        for (const [k, v] of Object.entries(await c.fields())) body.set(k, v);
        for (const [k, f] of Object.entries(await c.files())) body.set(k, f);
        res = await client.request(await c.url(), { method: "POST", body });
      } else {
        res = await client.post(await c.url(), await c.fields());
      }
      if (!c.api) expect(res.status, await res.clone().text()).toBe(c.status ?? 302);
      const rows = await db().select().from(auditLog).where(gt(auditLog.id, last)).orderBy(desc(auditLog.id));
      const actorName = c.as ?? "auditor";
      const mine = rows.filter((r) => r.action === c.expect && r.actorName.includes(`（${actorName}）`));
      expect(mine.length, JSON.stringify(rows)).toBeGreaterThanOrEqual(1);
      expect(mine[0].requestId).toMatch(/^test-/);
      expect(mine[0].ip).toBe(client.ip);
    });
  }

  it("an update records the values before and after", async () => {
    const u = await userIdOf("industry.gy");
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, String(u.id)))).orderBy(desc(auditLog.id)).limit(1);
    expect((row.before as { displayName: string }).displayName).toBe("贵阳市工信局 赵科长");
    expect((row.after as { displayName: string }).displayName).toBe("贵阳市工信局 赵处长");
  });
});
