/**
 * The per-role 信贷通 workspaces (issue 4 §9): the trustee's queues hold exactly the right items in clock order
 * (overdue first, then nearest due) with counts equal to the list pages'; the bank's workspace is its own bank only;
 * the office's view lists what it must compile and decide; the auditor opens everything and is offered no action.
 */
import ExcelJS from "exceljs";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { xdtClaim, xdtLoan, xdtRecovery } from "#db/schema";
import { PAGE_SIZE } from "~/lib/list";
import { useAppDatabase } from "../setup/db";
import { signedIn, type Client } from "../support/app";
import { pageText } from "../support/text";
import { orgIdOf, today } from "../support/xdt";

const { db } = useAppDatabase();

/** The ids a page links to, in page order (each row links its record once). */
function linkedIds(html: string, kind: "claims" | "loans"): number[] {
  return [...html.matchAll(new RegExp(`href="/xdt/${kind}/(\\d+)"`, "g"))].map((m) => Number(m[1]));
}

function listTotal(html: string): number {
  const m = /共 (\d+) 条/.exec(html.replace(/<!-- -->/g, ""));
  if (!m) throw new Error("no pager total on the page");
  return Number(m[1]);
}

function queueCount(html: string, key: string): number {
  const m = new RegExp(`data-testid="queue-count-${key}">(\\d+)<`).exec(html);
  if (!m) throw new Error(`no count for queue ${key}`);
  return Number(m[1]);
}

/** The rows of an .xlsx export as arrays of cell text (header row first). */
async function xlsxRows(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? "" : String(v)))));
  return rows;
}

/** The expected queues, computed here straight from the tables (not through the app's list code). */
async function expectedQueues() {
  const claimsBy = (status: "filed" | "verified" | "approved" | "planned" | "compiled", due: "plan" | "payment" | "claim") =>
    db()
      .select({ id: xdtClaim.id, due: due === "plan" ? xdtClaim.planDue : due === "payment" ? xdtClaim.paymentDue : xdtClaim.claimDate })
      .from(xdtClaim)
      .where(eq(xdtClaim.status, status))
      .orderBy(sql`${due === "plan" ? xdtClaim.planDue : due === "payment" ? xdtClaim.paymentDue : xdtClaim.claimDate} asc nulls last`, asc(xdtClaim.id));
  return {
    admissions: await db().select({ id: xdtLoan.id, due: xdtLoan.admissionDue }).from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).orderBy(sql`${xdtLoan.admissionDue} asc nulls last`, asc(xdtLoan.id)),
    verify: await claimsBy("filed", "plan"),
    plan: await claimsBy("verified", "plan"),
    payments: await claimsBy("approved", "payment"),
    returns: await db().select({ id: xdtRecovery.id, claimId: xdtRecovery.claimId, due: xdtRecovery.dueDate }).from(xdtRecovery).where(isNull(xdtRecovery.returnedOn)).orderBy(asc(xdtRecovery.dueDate), asc(xdtRecovery.id)),
    compile: await claimsBy("planned", "claim"),
    decide: await claimsBy("compiled", "claim"),
  };
}

const LIST_PAGE = {
  admissions: "/xdt/loans?status=pending",
  verify: "/xdt/claims?status=filed",
  plan: "/xdt/claims?status=verified",
  payments: "/xdt/claims?status=approved",
  returns: "/xdt/recoveries?state=open",
  compile: "/xdt/claims?status=planned",
  decide: "/xdt/claims?status=compiled",
} as const;

describe("the trustee's queues", () => {
  let trustee: Client;
  let expected: Awaited<ReturnType<typeof expectedQueues>>;
  beforeAll(async () => {
    trustee = await signedIn("trustee");
    expected = await expectedQueues();
  });

  it("the demo data fills the queues (the checks below are not vacuous)", () => {
    for (const key of ["admissions", "verify", "plan", "payments", "returns"] as const) expect(expected[key].length, key).toBeGreaterThan(0);
    // some clocks overdue and some not, so the order is tested across both
    const all = [...expected.verify, ...expected.plan, ...expected.payments, ...expected.returns, ...expected.admissions];
    expect(all.some((r) => r.due !== null && r.due < today())).toBe(true);
    expect(all.some((r) => r.due !== null && r.due >= today())).toBe(true);
  });

  it("each queue's count equals its list page's and the table holds exactly its items, overdue first then nearest due", async () => {
    const overview = await (await trustee.get("/xdt/queues")).text();
    for (const key of ["admissions", "verify", "plan", "payments", "returns"] as const) {
      const want = expected[key];
      expect(queueCount(overview, key), key).toBe(want.length);
      expect(listTotal(await (await trustee.get(LIST_PAGE[key])).text()), `${key} list page`).toBe(want.length);
      // the queue alone, first page: exactly the first PAGE_SIZE items in clock order
      const single = await (await trustee.get(`/xdt/queues?queue=${key}`)).text();
      const ids = linkedIds(single, key === "admissions" ? "loans" : "claims");
      const wantIds = want.slice(0, PAGE_SIZE).map((r) => ("claimId" in r ? r.claimId : r.id));
      expect(ids, key).toEqual(wantIds);
      // the order is by the clock: never an item due later before one due earlier
      const dues = want.map((r) => r.due ?? "9999-12-31");
      expect([...dues].sort(), key).toEqual(dues);
    }
  });

  it("each queue exports to .xlsx with every item in the queue's order", async () => {
    for (const key of ["admissions", "verify", "plan", "payments", "returns"] as const) {
      const rows = await xlsxRows(await trustee.get(`/export/xdt-queue-${key}?format=xlsx`));
      expect(rows[0].slice(0, 3)).toEqual(["时限", "时限状态", "事项"]);
      const body = rows.slice(1);
      expect(body.length, key).toBe(expected[key].length);
      expect(body.map((r) => r[0]), key).toEqual(expected[key].map((r) => r.due ?? ""));
      if (key === "verify") expect(body.map((r) => Number(/申请 (\d+)/.exec(r[2])![1]))).toEqual(expected.verify.map((r) => r.id));
      // the status column is the clock's: overdue rows all come first
      const states = body.map((r) => r[1]);
      const firstDue = states.indexOf("未到期");
      if (firstDue >= 0) expect(states.slice(firstDue)).not.toContain("已逾期");
    }
  });

  it("a bank has no queues page and no queue export", async () => {
    const bank = await signedIn("bank.b");
    expect((await bank.get("/xdt/queues")).status).toBe(403);
    expect((await bank.get("/export/xdt-queue-verify?format=xlsx")).status).toBe(403);
    expect((await bank.get("/xdt/office")).status).toBe(403);
  });
});

describe("the bank's workspace", () => {
  let bankA: Client;
  let bankB: Client;
  let a: number;
  let b: number;
  beforeAll(async () => {
    bankA = await signedIn("bank.a");
    bankB = await signedIn("bank.b");
    a = await orgIdOf(db(), "bank.a");
    b = await orgIdOf(db(), "bank.b");
  });

  it("loan counts are the list pages' counts for its own bank, each linking to the list with the filter preset", async () => {
    const html = await pageText(await bankA.get("/xdt/workspace"));
    const cards = [...html.matchAll(/<a([^>]*class="card"[^>]*)><div class="label">([^<]+)<\/div><div class="value">(\d+)<\/div>/g)].map((m) => ({ href: /href="([^"]+)"/.exec(m[1])![1].replace(/&amp;/g, "&"), label: m[2], count: Number(m[3]) }));
    expect(cards.map((c) => c.label)).toEqual(["待入库审核", "已入库", "不予入库", "有逾期", "可申请代偿（未申请）"]);
    for (const c of cards) expect(listTotal(await (await bankA.get(c.href)).text()), c.label).toBe(c.count);
    const [admitted] = await db().select({ n: sql<number>`count(*)::int` }).from(xdtLoan).where(and(eq(xdtLoan.bankOrgId, a), eq(xdtLoan.admissionStatus, "admitted")));
    expect(cards[1].count).toBe(admitted.n);
    expect(cards[4].count).toBeGreaterThan(0);
  });

  it("claims by stage and recoveries due are its own, with links to the filtered lists", async () => {
    const html = await pageText(await bankA.get("/xdt/workspace"));
    const own = await db().select({ status: xdtClaim.status, n: sql<number>`count(*)::int` }).from(xdtClaim).where(eq(xdtClaim.bankOrgId, a)).groupBy(xdtClaim.status);
    for (const s of own) {
      const row = new RegExp(`href="/xdt/claims\\?status=${s.status}&amp;sort=due&amp;dir=asc">[^<]+</a></td><td class="num">(\\d+)<`).exec(html);
      expect(row?.[1], s.status).toBe(String(s.n));
    }
    const open = await db().select({ claimId: xdtRecovery.claimId }).from(xdtRecovery).where(and(eq(xdtRecovery.bankOrgId, a), isNull(xdtRecovery.returnedOn))).orderBy(asc(xdtRecovery.dueDate), asc(xdtRecovery.id));
    expect(html).toContain(`追偿款待返还 <span class="tag">${open.length}</span>`);
  });

  it("bank B's workspace shows none of bank A's loans, claims, imports or recoveries", async () => {
    const html = await pageText(await bankB.get("/xdt/workspace"));
    const aClaims = await db().select({ id: xdtClaim.id }).from(xdtClaim).where(eq(xdtClaim.bankOrgId, a));
    const bClaims = new Set((await db().select({ id: xdtClaim.id }).from(xdtClaim).where(eq(xdtClaim.bankOrgId, b))).map((c) => c.id));
    const aLoans = await db().select({ contractNo: xdtLoan.contractNo }).from(xdtLoan).where(eq(xdtLoan.bankOrgId, a));
    for (const id of linkedIds(html, "claims")) expect(bClaims.has(id), `claim ${id}`).toBe(true);
    for (const c of aClaims) expect(html).not.toContain(`/xdt/claims/${c.id}"`);
    for (const l of aLoans.slice(0, 200)) expect(html).not.toContain(l.contractNo);
    expect(html).toContain("贵阳银行");
    expect(html).not.toContain("贵州银行");
    // and its counts are its own
    const [pending] = await db().select({ n: sql<number>`count(*)::int` }).from(xdtLoan).where(and(eq(xdtLoan.bankOrgId, b), eq(xdtLoan.admissionStatus, "admitted")));
    expect(html).toContain(`<div class="label">已入库</div><div class="value">${pending.n}</div>`);
  });

  it("the trustee has no bank workspace (its work is the queues)", async () => {
    expect((await (await signedIn("trustee")).get("/xdt/workspace")).status).toBe(403);
  });
});

describe("the office's and leading group's view", () => {
  it("lists the claims to compile and the decisions to record, every bank against 3%, and the pool", async () => {
    const office = await signedIn("xdt");
    const expected = await expectedQueues();
    const html = await pageText(await office.get("/xdt/office"));
    for (const key of ["compile", "decide"] as const) {
      expect(queueCount(html, key), key).toBe(expected[key].length);
      expect(listTotal(await (await office.get(LIST_PAGE[key])).text()), key).toBe(expected[key].length);
    }
    const section = (key: string) => html.split(`data-queue="${key}"`)[1].split("</section>")[0];
    expect(linkedIds(section("compile"), "claims")).toEqual(expected.compile.slice(0, 10).map((r) => r.id));
    expect(linkedIds(section("decide"), "claims")).toEqual(expected.decide.slice(0, 10).map((r) => r.id));
    expect(expected.compile.length + expected.decide.length).toBeGreaterThan(0);
    // every partner bank with its ratio against 3%, the suspended one marked
    const banks = await db().execute(sql`select o.short_name from xdt_bank b join organisation o on o.id = b.org_id`);
    for (const r of (Array.isArray(banks) ? banks : (banks as { rows: unknown[] }).rows) as { short_name: string }[]) expect(html).toContain(r.short_name);
    expect(html).toMatch(/≥ 3%/);
    expect(html).toContain("尚可支付");
  });
});

describe("the auditor opens every workspace read-only", () => {
  let auditor: Client;
  beforeAll(async () => {
    auditor = await signedIn("auditor");
  });

  it("the workspaces, queues and the pages they lead to show no action form", async () => {
    const claim = (status: string) => db().select({ id: xdtClaim.id }).from(xdtClaim).where(eq(xdtClaim.status, status as never)).limit(1);
    const urls = ["/xdt/workspace", "/xdt/queues", "/xdt/office", "/pool", "/xdt/imports"];
    for (const s of ["filed", "verified", "planned", "compiled", "approved", "paid"]) {
      const [c] = await claim(s);
      if (c) urls.push(`/xdt/claims/${c.id}`);
    }
    const [pending] = await db().select({ id: xdtLoan.id }).from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).limit(1);
    urls.push(`/xdt/loans/${pending.id}`);
    const [susp] = await db().execute(sql`select org_id from xdt_bank where status = 'suspended' limit 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { org_id: number }[]);
    urls.push(`/xdt/banks/${susp.org_id}`);
    // the check can fail: the trustee is offered its step on the same claim page
    const trusteeMain = (await (await signedIn("trustee")).get(urls[5])).text().then((t) => t.split("<main")[1]);
    expect(await trusteeMain).toMatch(/name="intent"/);
    for (const url of urls) {
      const res = await auditor.get(url);
      expect(res.status, url).toBe(200);
      const main = (await res.text()).split("<main")[1] ?? "";
      expect(main, url).not.toMatch(/name="intent"/);
      expect(main, url).not.toMatch(/<form[^>]*method="post"/i);
    }
  });

  it("and the server refuses the auditor's actions, changing nothing", async () => {
    const [filed] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "filed")).limit(1);
    const [approved] = await db().select().from(xdtClaim).where(eq(xdtClaim.status, "approved")).limit(1);
    const [pending] = await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).limit(1);
    expect((await auditor.post(`/xdt/claims/${filed.id}`, { intent: "verify" })).status).toBe(403);
    expect((await auditor.post(`/xdt/claims/${approved.id}`, { intent: "pay" })).status).toBe(403);
    expect((await auditor.post(`/xdt/loans/${pending.id}`, { intent: "admit" })).status).toBe(403);
    const [f] = await db().select({ s: xdtClaim.status }).from(xdtClaim).where(eq(xdtClaim.id, filed.id));
    const [p] = await db().select({ s: xdtClaim.status }).from(xdtClaim).where(eq(xdtClaim.id, approved.id));
    const [l] = await db().select({ s: xdtLoan.admissionStatus }).from(xdtLoan).where(eq(xdtLoan.id, pending.id));
    expect([f.s, p.s, l.s]).toEqual(["filed", "approved", "pending"]);
  });

  it("and reads every queue's export", async () => {
    const rows = await xlsxRows(await auditor.get("/export/xdt-queue-payments?format=xlsx"));
    expect(rows.length - 1).toBe((await db().select({ id: xdtClaim.id }).from(xdtClaim).where(eq(xdtClaim.status, "approved"))).length);
  });
});

describe("a queue longer than a page", () => {
  it("pages in SQL: page 2 continues where page 1 ended, in clock order", async () => {
    // the demo data's queues fit on one page: make more than two pages of admissions, some overdue, some not
    const more = await db().select({ id: xdtLoan.id }).from(xdtLoan).where(and(eq(xdtLoan.admissionStatus, "admitted"), sql`not exists (select 1 from xdt_claim c where c.loan_id = ${xdtLoan.id})`)).orderBy(asc(xdtLoan.id)).limit(2 * PAGE_SIZE + 5);
    for (const [i, l] of more.entries()) {
      const due = new Date(Date.parse(`${today()}T00:00:00Z`) + (i % 17 - 8) * 86_400_000).toISOString().slice(0, 10);
      await db().update(xdtLoan).set({ admissionStatus: "pending", admissionDue: due, decidedOn: null }).where(eq(xdtLoan.id, l.id));
    }
    const expected = (await expectedQueues()).admissions;
    expect(expected.length).toBeGreaterThan(2 * PAGE_SIZE);
    const trustee = await signedIn("trustee");
    for (const page of [1, 2, 3]) {
      const html = await (await trustee.get(`/xdt/queues?queue=admissions&page=${page}`)).text();
      expect(linkedIds(html, "loans"), `page ${page}`).toEqual(expected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => r.id));
      expect(listTotal(html)).toBe(expected.length);
    }
    expect(queueCount(await (await trustee.get("/xdt/queues")).text(), "admissions")).toBe(expected.length);
  });
});

describe("the navigation leads each role to its workspace", () => {
  it("bank → its workspace, trustee → its queues, office → its view, finance and auditor → all of them", async () => {
    const cases: [string, string[], string[]][] = [
      ["bank.a", ["/xdt/workspace"], ["/xdt/queues", "/xdt/office"]],
      ["trustee", ["/xdt/queues"], ["/xdt/workspace", "/xdt/office"]],
      ["xdt", ["/xdt/office"], ["/xdt/workspace", "/xdt/queues"]],
      // finance reads all of 信贷通 (Decision 23), as the auditor does
      ["finance", ["/pool", "/xdt/workspace", "/xdt/queues", "/xdt/office"], []],
      ["auditor", ["/xdt/workspace", "/xdt/queues", "/xdt/office", "/pool"], []],
    ];
    for (const [username, shown, hidden] of cases) {
      const client = await signedIn(username);
      const nav = (await (await client.get("/")).text()).split("<main")[0];
      for (const href of shown) expect(nav, `${username} ${href}`).toContain(`href="${href}"`);
      for (const href of hidden) expect(nav, `${username} ${href}`).not.toContain(`href="${href}"`);
      for (const href of shown) expect((await client.get(href)).status, `${username} ${href}`).toBe(200);
      for (const href of hidden) expect((await client.get(href)).status, `${username} ${href}`).toBe(403);
    }
  });
});
