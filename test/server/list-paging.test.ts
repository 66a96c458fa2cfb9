/**
 * Long lists (issue 11 §4): counted up to COUNT_CAP rows — past it the pager says "more than" and stops at the cap's
 * last page — and the audit log's filter menus come from a loose index scan that finds every value present.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client";
import { COUNT_CAP, PAGE_SIZE } from "~/lib/list";
import { auditFacets } from "~/server/audit-log.server";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

describe("a list longer than the count cap", () => {
  it("below the cap the pager counts exactly; past it, it says more than the cap and pages stop at the cap", async () => {
    const auditor = await signedIn("auditor");
    const before = await pageText(await auditor.get("/audit"));
    const exact = Number(/共 (\d+) 条，第 1 \/ \d+ 页/.exec(before)?.[1]);
    expect(exact).toBeGreaterThan(0);
    expect(exact).toBeLessThanOrEqual(COUNT_CAP);

    // the audit log is append-only: add enough rows to pass the cap
    await db().execute(sql`insert into audit_log (actor_name, entity, entity_id, action, request_id)
      select '分页测试', 'paging-test', g::text, 'probe', 'paging-' || g from generate_series(1, ${COUNT_CAP + 10}) as g`);
    const after = await pageText(await auditor.get("/audit"));
    expect(after).toContain(`超过 ${COUNT_CAP.toLocaleString("zh-CN")} 条，第 1 页`);
    expect(after).toContain("下一页");
    const lastPage = COUNT_CAP / PAGE_SIZE;
    const last = await pageText(await auditor.get(`/audit?page=${lastPage}`));
    expect(last).toContain(`第 ${lastPage} 页`);
    expect(last).not.toContain("下一页");
    // a filter brings the count back under the cap, and exact
    const filtered = await pageText(await auditor.get("/audit?entity=xdt-loan"));
    expect(filtered).toMatch(/共 \d+ 条，第 1 \/ \d+ 页/);
  });

  it("the filter menus list every entity and action present, as DISTINCT would", async () => {
    const distinct = async (column: string) => rowsOf<{ v: string }>(await db().execute(sql.raw(`select distinct ${column} as v from audit_log order by 1`))).map((r) => r.v);
    const facets = await auditFacets(db());
    expect(facets.entities).toEqual(await distinct("entity"));
    expect(facets.actions).toEqual(await distinct("action"));
    expect(facets.entities.length).toBeGreaterThan(3);
  });
});
