/**
 * Typed errors of the rule book. Messages are Chinese, for the user; `code` is stable, for the app.
 *
 * - `RuleDateError`: the date that matters is not covered (no parameter version, no LPR row, no calendar year).
 *   RULES.md D-1 and D-11: such a date is an error the user sees, never a silent guess.
 * - `RuleInputError`: the input itself is malformed (not a date, not an integer number of fen, …).
 */
export class RuleError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class RuleDateError extends RuleError {
  constructor(message: string, code = "RULE_DATE_NOT_COVERED") {
    super(code, message);
  }
}

export class RuleInputError extends RuleError {
  constructor(message: string, code = "RULE_INPUT_INVALID") {
    super(code, message);
  }
}
