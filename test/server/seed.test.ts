import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "#db/client";
import { seedDemo, SEED_STEPS } from "#db/seed";
import { appUser, enterprise, organisation, poolContribution, region } from "#db/schema";
import { validateCreditCode } from "#rules/reference/credit-code";
import { useAppDatabase } from "../setup/db";

const { db } = useAppDatabase();

/** A digest of the demo data that matters (not timestamps or password salts). */
async function fingerprint(d: Db): Promise<string> {
  const rows = await d.execute(sql`
    select md5(
      (select string_agg(concat_ws('|', credit_code, name, region_code, size_class, industry_code, srdi_tier, actual_controller_name), ',' order by credit_code) from enterprise) ||
      (select string_agg(concat_ws('|', name, kind, region_code), ',' order by name) from organisation) ||
      (select string_agg(concat_ws('|', j.idempotency_key, j.value_date, p.amount_fen), ',' order by j.idempotency_key, p.amount_fen) from journal j join posting p on p.journal_id = j.id)
    ) as digest`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  return (list[0] as { digest: string }).digest;
}

describe("demo data", () => {
  it("is the same on every run (seeded generator)", async () => {
    // The template this run built (PGlite or PostgreSQL) against the digest recorded when the demo data last changed
    // on purpose: every run, on either database, must make exactly that data. A change to the demo data updates it
    // with `npx vitest run --config test/vitest.config.ts test/server/seed.test.ts -u` (review the diff).
    expect(await fingerprint(db())).toMatchInlineSnapshot(`"c1649368aaf08ca1868b8697793010a1"`);
  });

  it("is all or nothing: a step that fails after history was committed leaves the database empty, and only an empty one is seeded", async () => {
    const fresh = await openDatabase({ pgliteDir: "memory://" });
    try {
      await migrateDatabase(fresh);
      const failing = { name: "failing", run: async (ctx: { checkpoint(): Promise<void> }) => {
        await ctx.checkpoint(); // the organisations and users are committed by now
        throw new Error("演示数据测试：中途失败");
      } };
      await expect(seedDemo(fresh.db, { steps: [...SEED_STEPS.slice(0, 3), failing] })).rejects.toThrow("中途失败");
      for (const table of [organisation, appUser, enterprise]) expect(await fresh.db.$count(table)).toBe(0);
      expect(await fresh.db.$count(region)).toBeGreaterThan(0); // the reference data is back, as prepare leaves it
      await expect(seedDemo(db())).rejects.toThrow("只能载入空数据库");
    } finally {
      await fresh.close();
    }
  });

  it("has ~300 enterprises with valid 统一社会信用代码 in every 市州", async () => {
    const rows = await db().select({ code: enterprise.creditCode, region: enterprise.regionCode }).from(enterprise);
    expect(rows.length).toBe(300);
    for (const r of rows) expect(validateCreditCode(r.code).outcome, r.code).toBe("pass");
    const prefectures = await db().select().from(region).where(eq(region.level, "prefecture"));
    expect(prefectures).toHaveLength(10); // 9 市州 + 贵安新区
    const regions = await db().select({ code: region.code, parent: region.parentCode }).from(region);
    const prefectureOf = new Map(regions.map((r) => [r.code, r.parent === "520000" ? r.code : r.parent]));
    for (const p of prefectures) expect(rows.some((r) => prefectureOf.get(r.region) === p.code), p.name).toBe(true);
  });

  it("has the organisations PRODUCT.md names and one demo user per role, two banks", async () => {
    const orgs = await db().select().from(organisation);
    expect(orgs.filter((o) => o.kind === "bank")).toHaveLength(9); // 8 partner banks and one applicant (xdt-partners step)
    expect(orgs.filter((o) => o.kind === "finance")).toHaveLength(11); // province + 10
    expect(orgs.filter((o) => o.kind === "industry")).toHaveLength(11);
    expect(orgs.some((o) => o.kind === "trustee")).toBe(true);
    expect(orgs.some((o) => o.kind === "xdt_office")).toBe(true);
    const users = await db().select({ role: appUser.role, org: appUser.organisationId }).from(appUser);
    for (const role of ["finance", "industry", "trustee", "bank", "auditor", "admin"]) expect(users.some((u) => u.role === role), role).toBe(true);
    expect(new Set(users.filter((u) => u.role === "bank").map((u) => u.org)).size).toBe(2);
  });

  it("the pool's contributions add up to 17亿 due by source (XDT-FA §一(三)), paid through the ledger", async () => {
    const bySource = await db()
      .select({ source: poolContribution.source, due: sql<string>`sum(${poolContribution.dueFen})::text` })
      .from(poolContribution)
      .groupBy(poolContribution.source);
    const due = Object.fromEntries(bySource.map((r) => [r.source, Number(r.due)]));
    const YI = 10_000_000_000;
    expect(due).toEqual({ province_finance: 5 * YI, legacy_funds: 5 * YI, trustee: 5 * YI, prefecture: 2 * YI });
    const res = await db().execute(sql`select sum(amount_fen)::text as total from posting`);
    const list = Array.isArray(res) ? res : (res as { rows: unknown[] }).rows;
    expect((list[0] as { total: string }).total).toBe("0"); // every journal balanced
  });
});
