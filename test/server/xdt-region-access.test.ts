/**
 * Finance officers in 信贷通 (issue 12 §2, README Decision 23): the province's finance officer reads all of it; a 市州's
 * officer (finance.gy; industry.gy's loan list alike) reads the loans, claims and recoveries of borrowers registered in its
 * 市州 and counties, and every bank-level figure; none of them writes. The isolation matrix proves what a 市州 officer
 * must NOT see; this file proves what each one DOES see, page by page and row by row.
 */
import { and, count, eq, like, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enterprise, xdtClaim, xdtLoan } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { routeTable, signedIn, type Client } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

/** The 信贷通 pages an officer reads (the bank's filing form and the trustee's admission desk are work pages). */
const WORK_ONLY = new Set(["routes/_app.xdt.loans.new", "routes/_app.xdt.admissions"]);

async function loansOfRegion(prefix: string) {
  return db()
    .select({ id: xdtLoan.id, contractNo: xdtLoan.contractNo, status: xdtLoan.admissionStatus })
    .from(xdtLoan)
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .where(like(enterprise.regionCode, `${prefix}%`))
    .orderBy(xdtLoan.id);
}

async function claimOfRegion(prefix: string) {
  const [row] = await db()
    .select({ id: xdtClaim.id })
    .from(xdtClaim)
    .innerJoin(xdtLoan, eq(xdtLoan.id, xdtClaim.loanId))
    .innerJoin(enterprise, eq(enterprise.id, xdtLoan.enterpriseId))
    .where(like(enterprise.regionCode, `${prefix}%`))
    .orderBy(xdtClaim.id)
    .limit(1);
  return row;
}

/** The contract numbers of a CSV export of the loan list (column 1 after the header). */
async function exportedContracts(client: Client, query = ""): Promise<string[]> {
  const res = await client.get(`/export/xdt-loans?format=csv${query}`);
  expect(res.status).toBe(200);
  const lines = (await res.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/).slice(1);
  return lines.map((l) => l.split(",")[0].replace(/^"|"$/g, ""));
}

describe("finance officers read 信贷通 within their region", () => {
  let guiyang: Awaited<ReturnType<typeof loansOfRegion>>;
  let zunyi: Awaited<ReturnType<typeof loansOfRegion>>;
  beforeAll(async () => {
    guiyang = await loansOfRegion("5201");
    zunyi = await loansOfRegion("5203");
    expect(guiyang.length).toBeGreaterThan(5);
    expect(zunyi.length).toBeGreaterThan(5);
  });

  for (const username of ["finance", "finance.gy"]) {
    it(`${username} opens every 信贷通 page (200), its own region's loans and claims too`, async () => {
      const client = await signedIn(username);
      const loan = guiyang[0];
      const claim = await claimOfRegion("5201");
      const [bank] = await db().select({ bankOrgId: xdtLoan.bankOrgId }).from(xdtLoan).where(eq(xdtLoan.id, loan.id));
      const ids: Record<string, number> = { loanId: loan.id, claimId: claim.id, bankId: bank.bankOrgId };
      const routes = (await routeTable()).filter((r) => (r.id.startsWith("routes/_app.xdt") || r.id === "routes/_app.pool") && r.hasComponent && !WORK_ONLY.has(r.id) && !r.path.includes(":jobId"));
      expect(routes.length).toBeGreaterThan(15);
      const failures: string[] = [];
      for (const route of routes) {
        const url = route.path.replace(/:(\w+)/g, (_, p: string) => String(ids[p]));
        const res = await client.get(url);
        if (res.status !== 200) failures.push(`${url} → ${res.status}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it("the province's officer lists every loan; a 市州's officer exactly its borrowers' loans", async () => {
    const [{ all }] = await db().select({ all: count() }).from(xdtLoan);
    expect((await exportedContracts(await signedIn("finance"))).length).toBe(all);
    // a 市州's officers of finance and of industry alike
    for (const username of ["finance.gy", "industry.gy"]) expect(new Set(await exportedContracts(await signedIn(username))), username).toEqual(new Set(guiyang.map((l) => l.contractNo)));
    // the same on the page's filtered count (admitted loans: counted from the loans, not the banks' stored months)
    const admitted = guiyang.filter((l) => l.status === "admitted").length;
    expect(await pageText(await (await signedIn("finance.gy")).get("/xdt/loans?status=admitted"))).toContain(`共 ${admitted.toLocaleString("en-US")} 条`);
  });

  it("a 市州's officer gets 404 for another 市州's loan and claim, and the province's officer gets them", async () => {
    const claim = await claimOfRegion("5203");
    const gy = await signedIn("finance.gy");
    expect((await gy.get(`/xdt/loans/${zunyi[0].id}`)).status).toBe(404);
    expect((await gy.get(`/xdt/claims/${claim.id}`)).status).toBe(404);
    const province = await signedIn("finance");
    expect((await province.get(`/xdt/loans/${zunyi[0].id}`)).status).toBe(200);
    expect((await province.get(`/xdt/claims/${claim.id}`)).status).toBe(200);
  });

  it("finance officers write nothing in 信贷通: admission, claim steps and filing are refused", async () => {
    const [pending] = await db().select().from(xdtLoan).where(and(eq(xdtLoan.admissionStatus, "pending"), ne(xdtLoan.bankOrgId, 0))).limit(1);
    const claim = await claimOfRegion("5201");
    for (const username of ["finance", "finance.gy"]) {
      const client = await signedIn(username);
      if (pending) expect((await client.post(`/xdt/loans/${pending.id}`, { intent: "admit" })).status).toBe(403);
      expect((await client.post(`/xdt/claims/${claim.id}`, { intent: "verify" })).status).toBe(403);
      expect((await client.post("/xdt/loans/new", { contractNo: "X" })).status).toBe(403);
    }
    if (pending) expect((await db().select().from(xdtLoan).where(eq(xdtLoan.id, pending.id)))[0].admissionStatus).toBe("pending");
  });
});
