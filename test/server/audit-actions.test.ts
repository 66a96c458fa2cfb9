/**
 * Every action writes an audit record (issue 2): for each route of the build that has an action, a valid
 * submission by a user allowed to make it must add audit rows carrying that request's actor. A new action
 * without a case here fails the first test, so none can be forgotten.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUser, auditLog, enterprise, fundProject, organisation, xdtClaim, xdtImportJob, xdtLoan } from "#db/schema";
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

const CASES: Record<string, ActionCase> = {
  "routes/_app.xdt.loans.new": {
    as: "bank.a",
    url: async () => "/xdt/loans/new",
    fields: async () => ({ creditCode: (await cleanEnterprise(db(), 20)).creditCode, contractNo: "AUDIT-LOAN-1", amount: "1,000,000.00", rate: rateText(10), termMonths: "12", disbursementDate: today(), isCreditLoan: "on", controllerSpouseGuarantee: "on" }),
    expect: "file",
  },
  "routes/_app.xdt.loans.$loanId": {
    as: "trustee",
    url: async () => `/xdt/loans/${(await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).limit(1))[0].id}`,
    fields: async () => ({ intent: "admit" }),
    expect: "admit",
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
  "routes/_app.funds.programs": {
    as: "admin",
    url: async () => "/funds/programs",
    fields: async () => ({ code: "GXZJ-AUDIT", ruleSet: "GXZJ", name: "审计用例专项", termFrom: "2026-01-01", termTo: "2027-12-31", publicityWorkingDays: "7" }),
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
    fields: async () => ({ creditCode: (await cleanEnterprise(db(), 24)).creditCode, reason: "审计用例：挪用贷款", decisionRef: "黔信贷通领〔2026〕审计号", decisionDate: today() }),
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
