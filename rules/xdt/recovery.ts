/**
 * Recoveries after compensation: what the bank returns to the pool and by when.
 */
import { CITES } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { applyBp, assertBp, fen, formatMoney, nonNegativeFen, type Bp, type Fen } from "../core/money";
import { paramAt, type TraceEntry } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { addWorkingDays, type WorkingDayCalendar } from "../reference/calendar";
import { XDT_RECOVERY_DEDUCTIBLE, XDT_RECOVERY_POOL_SHARE, XDT_RECOVERY_RETURN_DAYS } from "./params";

export interface RecoveryCost {
  kind: "litigation" | "recovery";
  amount: Fen;
  /** Actually incurred (with vouchers), as opposed to estimated. */
  actuallyIncurred: boolean;
  note?: string;
}

export interface RecoveryReturnInput {
  /** Money recovered and other disposal proceeds (principal, interest and other income). */
  recovered: Fen;
  costs: readonly RecoveryCost[];
  /** The date that matters for D-4: when the leading group approved the compensation. */
  claimApprovalDate: LegalDate;
  /** When the bank received the recovered money (starts the 3-working-day clock). */
  recoveryDate: LegalDate;
  /** The agreement's risk-sharing ratio for the pool, if it sets one (D-5); default 7000 bp. */
  agreementPoolShareBp?: Bp | null;
}

export interface RecoveryReturnResult {
  deductible: Fen;
  /** Costs not deductible under D-4 (e.g. recovery costs after 2022-06-01). */
  notDeductible: Fen;
  net: Fen;
  poolShareBp: Bp;
  /** round_half_up(net × share / 10000). */
  toPool: Fen;
  bankKeeps: Fen;
  due: LegalDate;
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第十九条 (seed L20902-20906):
 * "对于追回的欠款及其他处置方式所得（含贷款本金、利息等其他收入），扣除合作金融机构追偿及诉讼产生的费用后，
 *  按照约定的风险共担比例及时清算退出，并于3个工作日内返还至中小企业信贷通账户。"
 * XDT-TZ22 四（六） (seed L21285-21289): "在扣除合作金融机构实际发生的诉讼相关费用后，按照风险共担比例及时清算，
 *  并于3个工作日内返还至中小企业信贷通账户。" D-4 picks the deductible costs by claim approval date; D-5 the ratio.
 */
export function recoveryReturn(input: RecoveryReturnInput, calendar: WorkingDayCalendar): Verdict<RecoveryReturnResult> {
  const recovered = nonNegativeFen(input.recovered, "追回金额");
  const rule = paramAt(XDT_RECOVERY_DEDUCTIBLE, input.claimApprovalDate);
  const days = paramAt(XDT_RECOVERY_RETURN_DAYS, input.recoveryDate);
  const trace: TraceEntry[] = [rule.trace, days.trace];
  const findings: Finding[] = [];
  let deductible = 0;
  let notDeductible = 0;
  for (const c of input.costs) {
    const amt = nonNegativeFen(c.amount, "费用金额");
    const ok = rule.value === "recovery_and_litigation" ? true : c.kind === "litigation" && c.actuallyIncurred;
    if (ok) deductible += amt;
    else notDeductible += amt;
  }
  if (notDeductible > 0) {
    findings.push({
      code: "XDT_RECOVERY_COST_NOT_DEDUCTIBLE",
      severity: "info",
      message: `${rule.version.from}起审定的补偿，仅可扣除实际发生的诉讼相关费用；${formatMoney(notDeductible)}不予扣除`,
      cites: rule.version.cite,
    });
  }
  if (deductible > recovered) {
    findings.push({
      code: "XDT_RECOVERY_COSTS_EXCEED",
      severity: "warn",
      message: `可扣除费用${formatMoney(deductible)}超过追回金额${formatMoney(recovered)}，本次无需返还`,
    });
  }
  let shareBp: Bp;
  if (input.agreementPoolShareBp !== undefined && input.agreementPoolShareBp !== null) {
    shareBp = assertBp(input.agreementPoolShareBp, "风险共担比例");
    findings.push({ code: "XDT_RECOVERY_AGREED_SHARE", severity: "info", message: `按合作协议约定的比例${shareBp / 100}%返还资金池` });
  } else {
    const share = paramAt(XDT_RECOVERY_POOL_SHARE, input.claimApprovalDate);
    trace.push(share.trace);
    shareBp = share.value;
  }
  const net = fen(Math.max(0, recovered - deductible));
  const toPool = applyBp(net, shareBp);
  const due = addWorkingDays(input.recoveryDate, days.value, calendar);
  return makeVerdict(
    "recoveryReturn",
    {
      deductible: fen(deductible),
      notDeductible: fen(notDeductible),
      net,
      poolShareBp: shareBp,
      toPool,
      bankKeeps: fen(recovered - toPool),
      due,
    },
    findings,
    [...rule.version.cite, ...days.version.cite, CITES.D5, CITES.D11],
    trace,
  );
}
