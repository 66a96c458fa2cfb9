import { data } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import { RuleError } from "#rules";
import type { Tx } from "./db.server";
import { UserInputError } from "./users.server";

/**
 * Runs the write of a valid submission inside a savepoint of the caller's transaction; a domain refusal
 * (UserInputError) or a date the rules do not cover (RuleError) rolls the savepoint back — nothing the write
 * did before refusing is kept — and comes back to the form as an error with everything typed kept, never a 500.
 */
export async function submitOrReply<T>(tx: Tx, submission: Submission<unknown>, write: (tx: Tx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof data> }> {
  try {
    return { ok: true, value: await tx.transaction((savepoint) => write(savepoint)) };
  } catch (err) {
    if (err instanceof UserInputError) {
      return { ok: false, response: data({ result: submission.reply({ fieldErrors: { [err.field]: [err.message] }, hideFields: ["password", "current", "confirm"] }) }, { status: 400 }) };
    }
    // a date the rule book does not cover (D-1, D-11: e.g. a clock reaching a year the calendar lacks) is the
    // user's to see, in the rule's own words
    if (err instanceof RuleError) {
      return { ok: false, response: data({ result: submission.reply({ formErrors: [err.message], hideFields: ["password", "current", "confirm"] }) }, { status: 400 }) };
    }
    throw err;
  }
}

export function invalid(submission: Submission<unknown>) {
  return data({ result: submission.reply({ hideFields: ["password", "current", "confirm"] }) }, { status: 400 });
}
