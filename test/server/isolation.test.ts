/**
 * The isolation matrix (issue 2): every route of the build, requested as bank A and as a 市州 officer —
 * page, `.data`, exports and form posts — with ids that belong to someone else. No response may show a
 * record, id, name or amount outside the user's scope. A new route with a new URL parameter fails here
 * until the parameter has a provider below, so no route can be forgotten.
 */
import { and, eq, gt, inArray, like, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUser, auditFinding, auditLog, enterprise, evidenceSet, fundApplication, fundApplicationDocument, fundProject, journal, ledgerAccount, organisation, perfEvaluation, perfEvidence, perfMonitoring, posting, xdtBlacklist, xdtClaim, xdtClaimMaterial, xdtImportJob, xdtLoan, xdtPoolOperation, xdtQuarterlyReport, xdtRiskEvent } from "#db/schema";
import { formatYuan } from "~/lib/money";
import { EXPORT_TABLES } from "~/server/exports.server";
import { useAppDatabase } from "../setup/db";
import { routeTable, signedIn, type Client } from "../support/app";
import { responseText } from "../support/text";

const { db } = useAppDatabase();

interface Viewer {
  username: string;
  /** ids per URL parameter that belong outside the viewer's scope */
  foreignIds: Record<string, string[]>;
  /** strings that must never appear in any response to this viewer */
  forbidden: string[];
}

/** An application document of a project in the region prefix, with a marker in its name and content. */
async function foreignDocument(regionPrefix: string, marker: string) {
  const [app] = await db().select({ id: fundApplication.id }).from(fundApplication).innerJoin(fundProject, eq(fundProject.id, fundApplication.projectId)).where(like(fundProject.regionCode, `${regionPrefix}%`)).limit(1);
  const [doc] = await db()
    .insert(fundApplicationDocument)
    .values({ applicationId: app.id, kind: `隔离测试材料${marker}`, fileName: `${marker}.pdf`, mimeType: "application/pdf", sizeBytes: 20, sha256: "x", content: new TextEncoder().encode(`%PDF-${marker}`), byName: "外地经办人" })
    .returning();
  return doc;
}

async function balanceOf(accountId: number) {
  const rows = await db().select({ amount: posting.amountFen }).from(posting).where(eq(posting.accountId, accountId));
  return rows.reduce((s, r) => s + r.amount, 0);
}

/** One foreign finding per kind of record (every kind's scope rule is tried; the titles of all are markers). */
function oneOfEachKind(findings: { id: number; recordKind: string }[]): string[] {
  return [...new Map(findings.map((f) => [f.recordKind, String(f.id)])).values()];
}

async function bankViewer(): Promise<Viewer> {
  const [me] = await db().select().from(appUser).where(eq(appUser.username, "bank.a"));
  const others = await db().select().from(organisation).where(and(eq(organisation.kind, "bank"), ne(organisation.id, me.organisationId)));
  const otherAccounts = await db().select().from(ledgerAccount).where(and(like(ledgerAccount.code, "xdt:deposit:%"), ne(ledgerAccount.ownerOrgId, me.organisationId)));
  const nonBankAccounts = await db().select().from(ledgerAccount).where(like(ledgerAccount.code, "xdt:contrib:%")).limit(3);
  const [trust] = await db().select().from(ledgerAccount).where(eq(ledgerAccount.code, "xdt:trust"));
  const [userB] = await db().select().from(appUser).where(eq(appUser.username, "bank.b"));
  // enterprises bank A has no loan with (another bank's borrowers, units with no loan): a bank sees its borrowers only
  const foreignEnterprises = await db()
    .select()
    .from(enterprise)
    .where(sql`not exists (select 1 from xdt_loan l where l.enterprise_id = ${enterprise.id} and l.bank_org_id = ${me.organisationId})`)
    .orderBy(enterprise.id)
    .limit(3);
  // 信贷通: other banks' loans, claims and stored materials (one with a file, put there for this test)
  const otherLoans = await db().select().from(xdtLoan).where(ne(xdtLoan.bankOrgId, me.organisationId)).orderBy(xdtLoan.id);
  const otherClaims = await db().select().from(xdtClaim).where(ne(xdtClaim.bankOrgId, me.organisationId)).orderBy(xdtClaim.id);
  const [fileMaterial] = await db()
    .insert(xdtClaimMaterial)
    .values({ claimId: otherClaims[0].id, kind: "tax", fileName: "他行纳税证明.pdf", mimeType: "application/pdf", sizeBytes: 12, content: new TextEncoder().encode("%PDF-SECRET!"), byName: "他行经办人" })
    .onConflictDoUpdate({ target: [xdtClaimMaterial.claimId, xdtClaimMaterial.kind], set: { fileName: "他行纳税证明.pdf", mimeType: "application/pdf", sizeBytes: 12, content: new TextEncoder().encode("%PDF-SECRET!"), markedOnly: false } })
    .returning();
  const [otherJob] = await db()
    .insert(xdtImportJob)
    .values({ bankOrgId: others[0].id, fileName: "他行导入清单.xlsx", sizeBytes: 3, content: new Uint8Array([1, 2, 3]), status: "done", totalRows: 1, createdByName: "他行经办人" })
    .returning();
  // reports: another bank's risk event and quarterly report carry markers of their own
  await db().insert(xdtRiskEvent).values({ bankOrgId: others[0].id, eventDate: "2026-11-20", dueDate: "2026-11-27", description: "他行风险事项（隔离测试）" });
  await db().insert(xdtQuarterlyReport).values({ bankOrgId: others[0].id, quarter: "2026-07-01", version: 9, loansCount: 1, lendingFen: 1, balanceFen: 1, overdueFen: 0, compensationFen: 0, recoveredFen: 0, narrative: "他行季度情况说明（隔离测试）", dueDate: "2026-10-15", submittedOn: "2026-11-01", correctionReason: "他行更正原因（隔离测试）" });
  const forbidden = [...foreignEnterprises.map((e) => e.creditCode), userB.username, userB.displayName, "%PDF-SECRET!", "他行纳税证明.pdf", "他行导入清单.xlsx", "他行经办人", "他行风险事项（隔离测试）", "他行季度情况说明（隔离测试）", "他行更正原因（隔离测试）"];
  // a ledger journal's finding reaches every bank with a posting in it (as the journal does); the rest are another's
  const foreignFindings = (await db().select().from(auditFinding)).filter((f) => f.recordKind !== "journal" && f.bankOrgId !== me.organisationId);
  expect(foreignFindings.length).toBeGreaterThan(3);
  // every 25th foreign contract number (each is unique to its bank) and every foreign claim's link
  forbidden.push(...otherLoans.filter((_, i) => i % 25 === 0).map((l) => l.contractNo));
  forbidden.push(...otherClaims.map((c) => `/xdt/claims/${c.id}"`), ...otherLoans.filter((_, i) => i % 25 === 0).map((l) => `/xdt/loans/${l.id}"`));
  for (const o of others) forbidden.push(o.name, o.shortName!);
  // the trustee's pool operations: another bank's slips, and the reason of a transfer with another bank; the blacklist
  const ownAccount = (await db().select().from(ledgerAccount).where(eq(ledgerAccount.code, `xdt:deposit:${me.organisationId}`)))[0].id;
  for (const op of await db().select().from(xdtPoolOperation)) {
    const mine = op.fromAccountId === ownAccount || op.toAccountId === ownAccount;
    if (!mine) forbidden.push(op.reference);
    else if (op.kind === "transfer") forbidden.push(op.reason);
  }
  forbidden.push(...new Set((await db().select().from(xdtBlacklist)).map((b) => b.decisionRef)));
  for (const a of otherAccounts) {
    const balance = await balanceOf(a.id);
    forbidden.push(a.code, `/ledger/${a.id}"`, formatYuan(balance), String(balance));
  }
  const fundDoc = await foreignDocument("52", "BANK-FUND-DOC-SECRET");
  return {
    username: "bank.a",
    foreignIds: {
      accountId: [...otherAccounts, ...nonBankAccounts, trust].map((a) => String(a.id)),
      enterpriseId: foreignEnterprises.map((e) => String(e.id)),
      userId: [String(userB.id)],
      orgId: [String(others[0].id)],
      table: Object.keys(EXPORT_TABLES),
      loanId: [otherLoans[0], otherLoans.at(-1)!].map((l) => String(l.id)),
      claimId: [otherClaims[0], otherClaims.at(-1)!].map((c) => String(c.id)),
      materialId: [String(fileMaterial.id)],
      bankId: others.map((o) => String(o.id)),
      jobId: [String(otherJob.id)],
      // 专项资金: a bank has no access at all
      projectId: (await db().select().from(fundProject).orderBy(fundProject.id).limit(2)).map((p) => String(p.id)),
      // 绩效 monitoring evidence (a bank has no access to special funds at all)
      evidenceId: (await db().select({ id: perfEvidence.id }).from(perfEvidence).orderBy(perfEvidence.id).limit(2)).map((e) => String(e.id)),
      // 绩效评价: self-evaluations' stored evidence
      evaluationId: (await db().select().from(perfEvaluation).where(eq(perfEvaluation.kind, "self")).orderBy(perfEvaluation.id).limit(2)).map((e) => String(e.id)),
      // findings on other banks' records and on special-fund records; evidence sets are the auditor's alone
      findingId: oneOfEachKind(foreignFindings),
      setId: (await db().select().from(evidenceSet).limit(1)).map((s) => String(s.id)),
      documentId: [String(fundDoc.id)],
    },
    forbidden: [...forbidden, "BANK-FUND-DOC-SECRET", ...(await db().select().from(fundProject).orderBy(fundProject.id).limit(5)).map((p) => p.name), ...foreignFindings.map((f) => f.title), ...(await db().select().from(evidenceSet)).map((s) => s.name)],
  };
}

async function prefectureViewer(): Promise<Viewer> {
  // finance.gy (贵阳市) must not see 遵义市 (520300) — its enterprises, its contribution, its bureau
  const zunyiEnterprises = await db().select().from(enterprise).where(like(enterprise.regionCode, "5203%"));
  const [zunyiBureau] = await db().select().from(organisation).where(eq(organisation.name, "遵义市财政局"));
  const zunyiAccounts = await db().select().from(ledgerAccount).where(eq(ledgerAccount.ownerOrgId, zunyiBureau.id));
  const bankAccounts = await db().select().from(ledgerAccount).where(like(ledgerAccount.code, "xdt:deposit:%")).limit(2);
  const [userZy] = await db().select().from(appUser).where(eq(appUser.username, "finance.zy"));
  expect(zunyiEnterprises.length).toBeGreaterThan(10);
  // a 市州 finance officer reads the 信贷通 loans of its own region's borrowers (Decision 23): a 遵义 borrower's loan,
  // claim and claim material are foreign; bank-level records (banks, pool operations) are province-wide and readable
  const zunyiLoans = await db().select({ loan: xdtLoan }).from(xdtLoan).innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId)).where(like(enterprise.regionCode, "5203%")).orderBy(xdtLoan.id);
  const zunyiClaims = await db().select({ claim: xdtClaim }).from(xdtClaim).innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId)).innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId)).where(like(enterprise.regionCode, "5203%")).orderBy(xdtClaim.id);
  expect(zunyiLoans.length).toBeGreaterThan(5);
  expect(zunyiClaims.length).toBeGreaterThan(0);
  const someLoan = zunyiLoans[0].loan;
  const someClaim = zunyiClaims[0].claim;
  const [someMaterial] = await db().select().from(xdtClaimMaterial).where(inArray(xdtClaimMaterial.claimId, zunyiClaims.map((c) => c.claim.id))).limit(1);
  // 专项资金 projects located in 遵义 (and its counties)
  const zunyiProjects = await db().select().from(fundProject).where(like(fundProject.regionCode, "5203%")).orderBy(fundProject.id);
  expect(zunyiProjects.length).toBeGreaterThan(5);
  const zunyiMonitored = await db().selectDistinct({ projectId: perfMonitoring.projectId }).from(perfMonitoring).where(like(perfMonitoring.regionCode, "5203%")).orderBy(perfMonitoring.projectId);
  const zunyiEvidence = await db().select({ id: perfEvidence.id }).from(perfEvidence).innerJoin(perfMonitoring, eq(perfMonitoring.id, perfEvidence.monitoringId)).where(like(perfMonitoring.regionCode, "5203%")).orderBy(perfEvidence.id).limit(2);
  expect(zunyiMonitored.length).toBeGreaterThan(1);
  expect(zunyiEvidence).toHaveLength(2);
  const zunyiSelfEvaluations = await db().select().from(perfEvaluation).where(and(eq(perfEvaluation.kind, "self"), like(perfEvaluation.regionCode, "5203%"))).orderBy(perfEvaluation.id).limit(2);
  expect(zunyiSelfEvaluations.length).toBe(2);
  // findings on 遵义 records, and on 信贷通 loans and claims of 遵义 borrowers
  const zunyiLoanIds = new Set(zunyiLoans.map((l) => l.loan.id));
  const zunyiClaimIds = new Set(zunyiClaims.map((c) => c.claim.id));
  const foreignFindings = (await db().select().from(auditFinding)).filter((f) => f.regionCode?.startsWith("5203") || (f.recordKind === "loan" && zunyiLoanIds.has(f.recordId)) || (f.recordKind === "claim" && zunyiClaimIds.has(f.recordId)));
  expect(foreignFindings.some((f) => f.recordKind === "project")).toBe(true);
  const zunyiDoc = await foreignDocument("5203", "ZUNYI-FUND-DOC-SECRET");
  return {
    username: "finance.gy",
    foreignIds: {
      accountId: [...zunyiAccounts, ...bankAccounts].map((a) => String(a.id)),
      enterpriseId: zunyiEnterprises.slice(0, 3).map((e) => String(e.id)),
      userId: [String(userZy.id)],
      orgId: [String(zunyiBureau.id)],
      table: Object.keys(EXPORT_TABLES),
      loanId: zunyiLoans.slice(0, 3).map((l) => String(l.loan.id)),
      claimId: zunyiClaims.slice(0, 2).map((c) => String(c.claim.id)),
      materialId: someMaterial ? [String(someMaterial.id)] : [],
      bankId: [String(someLoan.bankOrgId)],
      jobId: ["1", "2"],
      // the first two: 遵义 projects with monitoring records; evidence of 遵义 records
      projectId: [...zunyiMonitored.slice(0, 2).map((m) => String(m.projectId)), ...zunyiProjects.slice(0, 2).map((p) => String(p.id))],
      evidenceId: zunyiEvidence.map((e) => String(e.id)),
      // 遵义 self-evaluations (their evidence names the project)
      evaluationId: zunyiSelfEvaluations.map((e) => String(e.id)),
      findingId: oneOfEachKind(foreignFindings),
      setId: (await db().select().from(evidenceSet).limit(1)).map((s) => String(s.id)),
      documentId: [String(zunyiDoc.id)],
    },
    forbidden: ["遵义", ...zunyiLoans.map((l) => l.loan.contractNo), ...zunyiClaims.map((c) => `/xdt/claims/${c.claim.id}"`), "ZUNYI-FUND-DOC-SECRET", ...foreignFindings.map((f) => f.title), ...(await db().select().from(evidenceSet)).map((s) => s.name), ...zunyiSelfEvaluations.map((e) => new TextDecoder().decode(e.evidence!)), ...zunyiProjects.map((p) => `/funds/projects/${p.id}"`), ...zunyiProjects.map((p) => `/funds/projects/${p.id}/monitoring"`), ...zunyiEvidence.map((e) => `/perf/monitoring/evidence/${e.id}"`), ...zunyiProjects.slice(0, 10).map((p) => p.name), ...zunyiEnterprises.map((e) => e.creditCode), ...zunyiAccounts.map((a) => `/ledger/${a.id}"`), userZy.displayName],
  };
}

function expand(path: string, ids: Record<string, string[]>): string[] {
  const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  let urls = [path];
  for (const p of params) {
    const values = ids[p];
    if (!values) throw new Error(`route ${path}: no foreign-id provider for :${p} — add one to the isolation matrix`);
    urls = urls.flatMap((u) => values.map((v) => u.replace(`:${p}`, v)));
  }
  return urls;
}

function dataUrl(url: string): string {
  const [pathname, search] = url.split("?");
  return `${pathname === "/" ? "/_root" : pathname}.data${search ? `?${search}` : ""}`;
}

for (const makeViewer of [bankViewer, prefectureViewer]) {
  describe(`isolation matrix — ${makeViewer.name}`, () => {
    let viewer: Viewer;
    let client: Client;
    // the demo data holds the viewer's own earlier work (it is made through the app's actions, as its users): only
    // what is recorded from here on is this test's
    let auditFrom = 0;
    beforeAll(async () => {
      viewer = await makeViewer();
      [{ auditFrom }] = await db().select({ auditFrom: sql<number>`coalesce(max(${auditLog.id}), 0)::int` }).from(auditLog);
      client = await signedIn(viewer.username);
    });

    it("no route shows anything outside the viewer's scope (page, .data, exports, posts)", async () => {
      const routes = await routeTable();
      expect(routes.length).toBeGreaterThan(10);
      const leaks: string[] = [];
      let requests = 0;
      const check = async (label: string, res: Response) => {
        requests++;
        expect(res.status, label).toBeLessThan(500);
        const text = await responseText(res);
        for (const marker of viewer.forbidden) if (marker && text.includes(marker)) leaks.push(`${label} → "${marker}"`);
      };
      for (const route of routes) {
        // public disclosure pages show published results to everyone by design (their fields: funds-disclosure.test.ts)
        if (route.id.startsWith("routes/disclosure")) continue;
        for (const url of expand(route.path, viewer.foreignIds)) {
          if (route.hasLoader) {
            await check(`GET ${url}`, await client.get(url));
            await check(`GET ${dataUrl(url)}`, await client.get(dataUrl(url)));
            // exports (and any route reading the same query): every format, with foreign ids in the query too
            if (route.id === "routes/export.$table") {
              for (const format of ["csv", "xlsx"]) {
                for (const query of [`format=${format}`, ...viewer.foreignIds.accountId.map((id) => `format=${format}&id=${id}`)]) {
                  await check(`GET ${url}?${query}`, await client.get(`${url}?${query}`));
                }
              }
            }
          }
          if (route.hasAction && !["routes/login", "routes/logout"].includes(route.id)) {
            await check(`POST ${url}`, await client.post(url, { intent: "update", name: "x", displayName: "x", organisationId: "1", role: "bank", kind: "bank", regionCode: "520300" }));
          }
        }
      }
      expect(leaks).toEqual([]);
      expect(requests).toBeGreaterThan(40);
      // hundreds of requests: on a loaded 2-core machine this takes well over the default 30 s
    }, 600_000);

    it("foreign ids answer 403 or 404 — the same for a missing record as for someone else's", async () => {
      for (const id of viewer.foreignIds.accountId) {
        const res = await client.get(`/ledger/${id}`);
        expect([403, 404]).toContain(res.status);
      }
      const missing = await client.get("/ledger/999999999");
      expect([403, 404]).toContain(missing.status);
    });

    it("posts by this viewer changed nothing and wrote no audit record besides its sign-in", async () => {
      const [me] = await db().select().from(appUser).where(eq(appUser.username, viewer.username));
      const actions = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.actorUserId, me.id), gt(auditLog.id, auditFrom)));
      expect(actions.map((a) => a.action).filter((a) => a !== "login")).toEqual([]);
    });
  });
}

describe("shared journals", () => {
  it("a compensation journal drawn from several banks' deposit accounts names no claim, contract or bank in its memo", async () => {
    // every drawn bank sees the journal's memo on its own account (XDT-BF Art.17 splits a payment across banks)
    const rows = await db().select({ memo: journal.memo }).from(journal).where(eq(journal.kind, "xdt.compensation"));
    expect(rows.length).toBeGreaterThan(0);
    const banks = await db().select({ name: organisation.shortName }).from(organisation).where(eq(organisation.kind, "bank"));
    for (const r of rows) {
      expect(r.memo).not.toMatch(/合同|代偿申请\s*\d/);
      for (const b of banks) expect(r.memo).not.toContain(b.name!);
    }
  });
});

describe("the viewer's own records are reachable (the matrix is not vacuous)", () => {
  it("bank A sees its own deposit account and balance", async () => {
    const client = await signedIn("bank.a");
    const [me] = await db().select().from(appUser).where(eq(appUser.username, "bank.a"));
    const [own] = await db().select().from(ledgerAccount).where(eq(ledgerAccount.code, `xdt:deposit:${me.organisationId}`));
    const res = await client.get(`/ledger/${own.id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(formatYuan(await balanceOf(own.id)));
  });

  it("bank A sees its own loans and claims (and the matrix's markers do occur for their owners)", async () => {
    const client = await signedIn("bank.a");
    const [me] = await db().select().from(appUser).where(eq(appUser.username, "bank.a"));
    const [loan] = await db().select().from(xdtLoan).where(eq(xdtLoan.bankOrgId, me.organisationId)).limit(1);
    const [claim] = await db().select().from(xdtClaim).where(eq(xdtClaim.bankOrgId, me.organisationId)).limit(1);
    const loanPage = await client.get(`/xdt/loans/${loan.id}`);
    expect(loanPage.status).toBe(200);
    expect(await loanPage.text()).toContain(loan.contractNo);
    expect((await client.get(`/xdt/claims/${claim.id}`)).status).toBe(200);
    // its workspace names its own bank (another bank's name is a forbidden marker in the matrix above)
    const [ownOrg] = await db().select().from(organisation).where(eq(organisation.id, me.organisationId));
    expect(await (await client.get("/xdt/workspace")).text()).toContain(ownOrg.shortName!);
    const trustee = await signedIn("trustee");
    const [other] = await db().select().from(xdtClaim).where(ne(xdtClaim.bankOrgId, me.organisationId)).limit(1);
    expect(await (await trustee.get(`/xdt/claims?status=${other.status}&sort=claimDate&dir=asc`)).text()).toContain(`/xdt/claims/${other.id}"`);
  });

  it("the reports' markers are there for those who may see them (trustee: every bank's risk events and quarterly reports)", async () => {
    const trustee = await signedIn("trustee");
    expect(await (await trustee.get("/xdt/reports?tab=risk&year=2026&sort=eventDate&dir=desc")).text()).toContain("他行风险事项（隔离测试）");
    expect(await responseText(await trustee.get("/export/xdt-quarterly-reports?format=csv&year=2026"))).toContain("他行季度情况说明（隔离测试）");
  });

  it("the 贵阳 officer sees 贵阳 enterprises", async () => {
    const client = await signedIn("finance.gy");
    const [e] = await db().select().from(enterprise).where(like(enterprise.regionCode, "5201%")).limit(1);
    const res = await client.get(`/enterprises/${e.id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(e.creditCode);
  });
});
