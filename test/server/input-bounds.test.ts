/**
 * Numbers too large for the 32-bit organisation ids, typed into searches, filters and forms, are answered like any
 * other unknown id — a page, a 404 or a Chinese form error — never a database error (a 500).
 */
import { describe, expect, it } from "vitest";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";

useAppDatabase();

const HUGE = "2024000012345";

describe("ids beyond 32 bits", () => {
  it("the auditor's record search, a finding on an unknown bank, the reports' bank filter and its export", async () => {
    const auditor = await signedIn("auditor");
    for (const url of [`/auditor?q=${HUGE}`, `/xdt/loans?bank=${HUGE}`, `/xdt/claims?bank=${HUGE}`, `/export/xdt-chart-lending?format=csv&bank=${HUGE}`, `/auditor/findings/new?kind=bank&recordId=${HUGE}`, `/xdt/reports?bank=${HUGE}`, `/export/xdt-monthly-reports?format=csv&bank=${HUGE}`]) {
      expect((await auditor.get(url)).status, url).toBe(200);
    }
    const res = await auditor.post("/auditor/findings/new", { recordKind: "bank", recordId: HUGE, severity: "medium", title: "超大编号", description: "测试", recommendation: "测试" });
    expect(res.status).toBe(400);
  });

  it("a bank page, an organisation and a user with such an id are 404s", async () => {
    expect((await (await signedIn("auditor")).get(`/xdt/banks/${HUGE}`)).status).toBe(404);
    const admin = await signedIn("admin");
    expect((await admin.get(`/admin/orgs/${HUGE}`)).status).toBe(404);
    expect((await admin.get(`/admin/users/${HUGE}`)).status).toBe(404);
  });

  it("the office's yearly list with an impossible bank id is a form error", async () => {
    const office = await signedIn("xdt");
    const res = await office.post("/xdt/partners", { intent: "publish", year: "2027", bankOrgId: HUGE, decisionRef: "测试", decisionDate: "2026-11-27", basis: "测试" });
    expect(res.status).toBe(400);
  });
});
