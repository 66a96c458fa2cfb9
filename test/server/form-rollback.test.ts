import { eq } from "drizzle-orm";
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { organisation } from "#db/schema";
import { RuleDateError } from "#rules";
import { submitOrReply } from "~/server/form.server";
import { UserInputError } from "~/server/users.server";
import { useAppDatabase } from "../setup/db";

const { db } = useAppDatabase();

function submission() {
  const form = new FormData();
  form.set("name", "半途机构");
  return parseWithZod(form, { schema: z.object({ name: z.string() }) });
}

describe("submitOrReply: a refusal after a write keeps nothing of it", () => {
  for (const [label, error] of [
    ["a domain refusal", new UserInputError("name", "不允许")],
    ["a date the rules do not cover", new RuleDateError("工作日历不含 2027 年")],
  ] as const) {
    it(`${label}: the write is rolled back, the rest of the transaction goes on, the form gets the message`, async () => {
      const outcome = await db().transaction(async (tx) => {
        const result = await submitOrReply(tx, submission(), async (sp) => {
          await sp.insert(organisation).values({ name: `半途机构-${label}`, kind: "bank", regionCode: "520000" });
          throw error;
        });
        // the caller's own writes in the same transaction still commit
        await tx.insert(organisation).values({ name: `之后的机构-${label}`, kind: "bank", regionCode: "520000" });
        return result;
      });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(JSON.stringify(outcome.response)).toContain(error.message);
      expect(await db().select().from(organisation).where(eq(organisation.name, `半途机构-${label}`))).toHaveLength(0);
      expect(await db().select().from(organisation).where(eq(organisation.name, `之后的机构-${label}`))).toHaveLength(1);
    });
  }

  it("any other error still propagates (and rolls back the whole transaction)", async () => {
    await expect(
      db().transaction((tx) =>
        submitOrReply(tx, submission(), async (sp) => {
          await sp.insert(organisation).values({ name: "意外机构", kind: "bank", regionCode: "520000" });
          throw new Error("boom");
        }),
      ),
    ).rejects.toThrow("boom");
    expect(await db().select().from(organisation).where(eq(organisation.name, "意外机构"))).toHaveLength(0);
  });
});
