/**
 * The trustee decides many pending loans at once (issue 12, "Bulk work"): each loan through the same checks, lock and
 * audit record as its own page, a result per loan — a loan the rules stop is listed with its reason and the others
 * are still decided; nothing is decided on a bad submission.
 */
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, xdtLoan } from "#db/schema";
import { useAppDatabase } from "../setup/db";
import { signedIn } from "../support/app";
import { pageText } from "../support/text";

const { db } = useAppDatabase();

/** Posts the queue's form: one `loanId` field per ticked box. */
async function submit(username: string, ids: (number | string)[], intent: "admit" | "reject", note = "") {
  const client = await signedIn(username);
  await client.get("/xdt/admissions");
  const body = new FormData();
  body.set("csrf", client.csrf());
  for (const id of ids) body.append("loanId", String(id));
  body.set("intent", intent);
  if (note) body.set("note", note);
  return client.request("/xdt/admissions", { method: "POST", body });
}

async function pending(n: number) {
  const rows = await db().select().from(xdtLoan).where(eq(xdtLoan.admissionStatus, "pending")).orderBy(xdtLoan.id);
  // loans whose stored verdict passed (a blocked verdict can only be refused)
  const admissible = rows.filter((l) => (l.admissionVerdict as { outcome: string }).outcome !== "block");
  expect(admissible.length).toBeGreaterThanOrEqual(n);
  return admissible.slice(0, n);
}

const statusOf = async (ids: number[]) => new Map((await db().select({ id: xdtLoan.id, s: xdtLoan.admissionStatus }).from(xdtLoan).where(inArray(xdtLoan.id, ids))).map((r) => [r.id, r.s]));

describe("bulk admission by the trustee", () => {
  it("admits the ticked loans, each with its audit record, and lists a loan the rules stop with its reason", async () => {
    const [a, b, c] = await pending(3);
    // c is decided on its own page first: the bulk decision must refuse it, not decide it twice
    const trustee = await signedIn("trustee");
    await trustee.get(`/xdt/loans/${c.id}`);
    expect((await trustee.post(`/xdt/loans/${c.id}`, { intent: "reject", note: "材料不全" })).status).toBe(302);

    const res = await submit("trustee", [a.id, b.id, c.id], "admit");
    expect(res.status).toBe(200);
    const text = await pageText(res);
    expect(text).toContain("共 3 笔：2 笔已处理，1 笔未能处理");
    expect(text).toContain("该贷款已审核，不能重复审核");
    expect(text).toContain(a.contractNo);
    const after = await statusOf([a.id, b.id, c.id]);
    expect(after.get(a.id)).toBe("admitted");
    expect(after.get(b.id)).toBe("admitted");
    expect(after.get(c.id)).toBe("rejected");
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entity, "xdt-loan"), eq(auditLog.action, "admit"), inArray(auditLog.entityId, [String(a.id), String(b.id), String(c.id)])));
    expect(audits.map((x) => x.entityId).sort()).toEqual([String(a.id), String(b.id)].sort());
  });

  it("one ticked box is a list of one", async () => {
    const [a] = await pending(1);
    const res = await submit("trustee", [a.id], "reject", "不符合支持方向");
    expect(await pageText(res)).toContain("共 1 笔：1 笔已处理");
    expect((await statusOf([a.id])).get(a.id)).toBe("rejected");
  });

  const refusals: [string, () => Promise<(number | string)[]>, "admit" | "reject", string, string][] = [
    ["a refusal without its reason", async () => (await pending(1)).map((l) => l.id), "reject", "", "不予入库须说明理由"],
    ["nothing ticked", async () => [], "admit", "", "请勾选要审核的贷款"],
    ["more than the limit", async () => Array.from({ length: 101 }, (_, i) => i + 1), "admit", "", "每次最多审核 100 笔"],
    ["a forged id", async () => ["abc"], "admit", "", "所选贷款无效"],
  ];
  for (const [name, ids, intent, note, message] of refusals) {
    it(`${name}: a clear error, nothing decided`, async () => {
      const chosen = await ids();
      const before = await db().select({ id: xdtLoan.id, s: xdtLoan.admissionStatus }).from(xdtLoan).orderBy(xdtLoan.id);
      const res = await submit("trustee", chosen, intent, note);
      expect(res.status).toBe(400);
      expect(await pageText(res)).toContain(message);
      expect(await db().select({ id: xdtLoan.id, s: xdtLoan.admissionStatus }).from(xdtLoan).orderBy(xdtLoan.id)).toEqual(before);
    });
  }

  it("only the trustee decides: a bank and a finance officer are refused", async () => {
    const [a] = await pending(1);
    for (const user of ["bank.a", "finance"]) expect((await submit(user, [a.id], "admit")).status).toBe(403);
    expect((await statusOf([a.id])).get(a.id)).toBe("pending");
  });
});
