import { eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { appUser, enterprise, ledgerAccount, posting } from "#db/schema";
import { formatWan, formatYuan } from "~/lib/money";
import { useAppDatabase } from "../setup/db";
import { Client, signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

async function balance(code: string): Promise<number> {
  const [row] = await db()
    .select({ b: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` })
    .from(posting)
    .innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId))
    .where(eq(ledgerAccount.code, code));
  return Number(row.b);
}

async function sumLike(pattern: string): Promise<number> {
  const [row] = await db()
    .select({ b: sql<string>`coalesce(sum(${posting.amountFen}), 0)::text` })
    .from(posting)
    .innerJoin(ledgerAccount, eq(ledgerAccount.id, posting.accountId))
    .where(like(ledgerAccount.code, pattern));
  return Number(row.b);
}

describe("home page per role — real figures from the ledger", () => {
  it("bank: its own deposit balance and the pool's balance", async () => {
    const client = await signedIn("bank.a");
    const [me] = await db().select().from(appUser).where(eq(appUser.username, "bank.a"));
    const html = await (await client.get("/")).text();
    expect(html).toContain(formatYuan(await balance(`xdt:deposit:${me.organisationId}`)));
    const pool = (await balance("xdt:trust")) + (await sumLike("xdt:deposit:%"));
    expect(html).toContain(formatWan(pool));
  });

  it("finance (province): contributions due and paid, by contributor", async () => {
    const html = await (await (await signedIn("finance")).get("/")).text();
    const paid = -(await sumLike("xdt:contrib:%"));
    expect(html).toContain(formatWan(paid));
    expect(html).toContain(formatWan(170_000_000_000)); // due: 17亿
    expect(html).toContain("黔晟国资");
    expect(html).toContain("遵义市财政局");
  });

  it("finance (贵阳): its own contribution only", async () => {
    const html = await (await (await signedIn("finance.gy")).get("/")).text();
    expect(html).toContain("贵阳市财政局");
    expect(html).not.toContain("遵义市财政局");
  });

  it("trustee: every bank's deposit account", async () => {
    const html = await (await (await signedIn("trustee")).get("/")).text();
    expect(html).toContain("贵州银行");
    expect(html).toContain("贵阳银行");
    expect(html).toContain(formatWan(await balance("xdt:trust")));
  });

  it("auditor and admin have their figures", async () => {
    expect(await (await (await signedIn("auditor")).get("/")).text()).toContain("审计日志记录");
    expect(await (await (await signedIn("admin")).get("/")).text()).toContain("启用用户");
  });
});

describe("permissions are checked on the server", () => {
  // a bank reads the enterprise list, limited to its own borrowers (enterprise-register.test.ts)
  it("a bank user cannot open admin pages, the audit log or the enterprise register's forms", async () => {
    const client = await signedIn("bank.b");
    for (const path of ["/admin/users", "/admin/orgs", "/audit", "/enterprises/new", "/export/audit?format=csv", "/export/users?format=xlsx"]) {
      expect((await client.get(path)).status, path).toBe(403);
    }
  });

  it("the auditor reads everything but cannot write (admin actions are refused)", async () => {
    const client = await signedIn("auditor");
    expect((await client.get("/audit")).status).toBe(200);
    expect((await client.get("/enterprises")).status).toBe(200);
    expect((await client.post("/admin/orgs", { intent: "create", name: "审计不应能建", kind: "bank", regionCode: "520000" })).status).toBe(403);
  });

  it("the trustee reaches the 信贷通 book only; the special-fund ledger is for finance and auditors", async () => {
    const [fundsAccount] = await db().select().from(ledgerAccount).where(eq(ledgerAccount.book, "funds")).limit(1);
    expect(fundsAccount).toBeDefined();
    expect((await (await signedIn("trustee")).get(`/ledger/${fundsAccount.id}`)).status).toBe(404);
    expect(await pageText(await (await signedIn("trustee")).get(`/ledger?q=${encodeURIComponent(fundsAccount.code)}`))).toContain("共 0 条");
    expect((await (await signedIn("auditor")).get(`/ledger/${fundsAccount.id}`)).status).toBe(200);
    expect((await (await signedIn("finance")).get(`/ledger/${fundsAccount.id}`)).status).toBe(200);
  });

  it("an admin form without its CSRF token is refused and writes nothing", async () => {
    const client = await signedIn("admin");
    const res = await client.post("/admin/orgs", { intent: "create", name: "无令牌机构", kind: "bank", regionCode: "520000" }, { csrf: "forged" });
    expect(res.status).toBe(403);
    expect(await (await client.get("/admin/orgs?q=无令牌")).text()).not.toContain("无令牌机构</a>");
  });
});

describe("forms re-show what was typed with Chinese errors", () => {
  it("creating a user with a bad login name and a role that does not fit the organisation", async () => {
    const client = await signedIn("admin");
    const res = await client.post("/admin/users", { intent: "create", username: "坏 名字", displayName: "测试", organisationId: "1", role: "bank", password: "short" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("登录名只能包含字母、数字、点、下划线和连字符");
    expect(html).toContain("密码至少需要 10 个字符");
    expect(html).toContain('value="测试"');
    const [system] = await db().select().from(appUser).where(eq(appUser.username, "admin"));
    const misfit = await client.post("/admin/users", { intent: "create", username: "misfit.user", displayName: "测试二", organisationId: String(system.organisationId), role: "bank", password: "Valid-pass-2026" });
    expect(misfit.status).toBe(400);
    expect(await misfit.text()).toContain("该角色与所属机构类型不符");
  });

  it("a duplicate organisation name is refused on the name field", async () => {
    const client = await signedIn("admin");
    const res = await client.post("/admin/orgs", { intent: "create", name: "贵州省财政厅", kind: "finance", regionCode: "520000" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("已有同名机构");
  });
});

describe("lists: search, sort, paging and export in SQL", () => {
  it("enterprise search by credit code finds exactly that enterprise", async () => {
    const [e] = await db().select().from(enterprise).limit(1);
    const html = await pageText(await (await signedIn("industry")).get(`/enterprises?q=${e.creditCode}`));
    expect(html).toContain(e.name);
    expect(html).toContain("共 1 条");
  });

  it("paging shows 50 a page and the total", async () => {
    const html = await pageText(await (await signedIn("industry")).get("/enterprises?page=2&sort=creditCode&dir=asc"));
    expect(html).toContain("共 300 条，第 2 / 6 页");
  });

  it("the xlsx export holds every matching row of the scope, with Chinese headers", async () => {
    const client = await signedIn("finance.gy");
    const res = await client.get("/export/enterprises?format=xlsx");
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("统一社会信用代码");
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(enterprise).where(sql`${enterprise.regionCode} in (select code from region where code = '520100' or parent_code = '520100')`);
    expect(sheet.rowCount - 1).toBe(n);
  });

  it("the CSV export starts with a BOM for Excel and guards against formula injection", async () => {
    const client = await signedIn("auditor");
    const res = await client.get("/export/audit?format=csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("a signed-out visitor gets no export", async () => {
    const res = await new Client().get("/export/enterprises?format=csv");
    expect(res.status).toBe(302);
  });
});
