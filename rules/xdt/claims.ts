/**
 * 信贷通 claims: eligibility (60 / 90 days), compensation (70 %, capped by the pool) and where the money comes from
 * (the claiming bank's own deposit account first, the shortfall from the other banks pro rata by deposits).
 */
import { CITES, type Citation } from "../core/cite";
import { addDays, daysBetween, minDate, type LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { applyBp, assertBp, fen, fenFromBig, formatBp, formatMoney, formatPercent, formatYuan, mulDivHalfUp, nonNegativeFen, type Bp, type Fen } from "../core/money";
import { paramAt, type TraceEntry } from "../core/params";
import { makeVerdict, type Finding, type Verdict } from "../core/verdict";
import { XDT_CLAIM_TRIGGER, XDT_COMPENSATION_SHARE, XDT_INTEREST_DAY_BASIS } from "./params";

/** Calendar days from the first unpaid due date to `asOf` (the due date is day 0). Never negative. */
export function daysOverdue(firstUnpaidDueDate: LegalDate, asOf: LegalDate): number {
  return Math.max(0, daysBetween(firstUnpaidDueDate, asOf));
}

/** True when `asOf` is at least `days` days after `firstUnpaidDueDate` ("逾期达N天"). */
export function isOverdueBy(firstUnpaidDueDate: LegalDate, asOf: LegalDate, days: number): boolean {
  return daysOverdue(firstUnpaidDueDate, asOf) >= days;
}

export interface ClaimEligibilityInput {
  /** First due date of principal still unpaid, if any. */
  principalFirstUnpaidDueDate?: LegalDate | null;
  /** First due date of interest still unpaid, if any. */
  interestFirstUnpaidDueDate?: LegalDate | null;
  /** The date that matters: the claim date. */
  claimDate: LegalDate;
  /** The loan is on the 信贷通 project list (admitted or renewed). */
  onProjectList: boolean;
}

export interface ClaimEligibilityResult {
  eligible: boolean;
  principalDaysOverdue: number;
  interestDaysOverdue: number;
  /** First claim date on which the principal trigger is met (null if no principal is overdue). */
  principalEligibleFrom: LegalDate | null;
  interestEligibleFrom: LegalDate | null;
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第十三条 (seed L20857-20859):
 * "中小企业信贷通项目名单内企业在合作金融机构的贷款本金逾期达60天或利息逾期达90天，合作金融机构可启动贷款追偿补偿程序。"
 * (also XDT-FA 三（五） L19461-19463; XDT-TZ22 四（一） L21259-21261). Each clock runs from its own first unpaid due date;
 * "达" is read as ≥. Filing is the bank's choice. XDT-TZ22 四（三） (L21269-21273): the trustee checks the loan is on the list.
 */
export function claimEligibility(input: ClaimEligibilityInput): Verdict<ClaimEligibilityResult> {
  const trig = paramAt(XDT_CLAIM_TRIGGER, input.claimDate);
  const p = input.principalFirstUnpaidDueDate ?? null;
  const i = input.interestFirstUnpaidDueDate ?? null;
  const pDays = p ? daysOverdue(p, input.claimDate) : 0;
  const iDays = i ? daysOverdue(i, input.claimDate) : 0;
  const pOk = p !== null && pDays >= trig.value.principalDays;
  const iOk = i !== null && iDays >= trig.value.interestDays;
  const findings: Finding[] = [];
  if (!input.onProjectList) {
    findings.push({ code: "XDT_CLAIM_NOT_ON_LIST", severity: "block", message: "该贷款不在信贷通项目名单内，不予补偿", cites: [CITES.XDT_TZ22_PLAN, CITES.XDT_BF_ART9] });
  }
  if (pOk) {
    findings.push({ code: "XDT_CLAIM_PRINCIPAL_TRIGGER", severity: "info", message: `本金已逾期${pDays}天（达到${trig.value.principalDays}天），可启动追偿补偿程序` });
  }
  if (iOk) {
    findings.push({ code: "XDT_CLAIM_INTEREST_TRIGGER", severity: "info", message: `利息已逾期${iDays}天（达到${trig.value.interestDays}天），可启动追偿补偿程序` });
  }
  if (!pOk && !iOk) {
    const parts: string[] = [];
    if (p) parts.push(`本金逾期${pDays}天（需${trig.value.principalDays}天，${addDays(p, trig.value.principalDays)}起）`);
    if (i) parts.push(`利息逾期${iDays}天（需${trig.value.interestDays}天，${addDays(i, trig.value.interestDays)}起）`);
    findings.push({
      code: "XDT_CLAIM_NOT_YET_DUE",
      severity: "block",
      message: parts.length > 0 ? `尚未达到代偿条件：${parts.join("；")}` : "没有逾期的本金或利息，不符合代偿条件",
    });
  }
  const value: ClaimEligibilityResult = {
    eligible: false,
    principalDaysOverdue: pDays,
    interestDaysOverdue: iDays,
    principalEligibleFrom: p ? addDays(p, trig.value.principalDays) : null,
    interestEligibleFrom: i ? addDays(i, trig.value.interestDays) : null,
  };
  const v = makeVerdict("claimEligibility", value, findings, [...trig.version.cite, CITES.XDT_TZ22_PLAN], [trig.trace]);
  value.eligible = v.outcome !== "block";
  return v;
}

export interface ContractualAccrualInput {
  /** Contractual annual rate, bp. */
  annualRateBp: Bp;
  /** Interest runs from here while no interest period has ended yet. */
  disbursementDate: LegalDate;
  /** Contractual interest stops here: interest after maturity is penalty interest, outside the loss (D-3). */
  maturityDate: LegalDate;
  /** The contract's interest due dates (结息日); those after the claim date are ignored. */
  interestDueDates: readonly LegalDate[];
}

export interface CompensationInput {
  /** D-3: unpaid principal (on the claim date, due or not). */
  unpaidPrincipal: Fen;
  /** D-3: unpaid contractual interest of the periods due on or before the claim date (no penalty interest, no fees). */
  unpaidInterest: Fen;
  /**
   * D-3 "截至申请日": the interest accrued on the unpaid principal since the last due date, when the contract is known.
   * Omitted: no accrued interest is counted (a caller that knows the loan must pass it).
   */
  accrual?: ContractualAccrualInput | null;
  /** What the pool can pay now ("以资金规模为限"). */
  poolAvailable: Fen;
  /** The date that matters: claim date. */
  claimDate: LegalDate;
}

export interface CompensationResult {
  /** unpaid principal + unpaid interest due + accrued interest. */
  loss: Fen;
  /** Interest accrued from `accruedFrom` to `accruedTo` (0 without an accrual input). */
  accruedInterest: Fen;
  accruedDays: number;
  /** The last interest due date on or before the claim date (or the disbursement date); null without an accrual input. */
  accruedFrom: LegalDate | null;
  /** The claim date, or the maturity date when the claim comes after it. */
  accruedTo: LegalDate | null;
  shareBp: number;
  /** round_half_up(loss × share / 10000), before the pool cap. */
  uncapped: Fen;
  compensation: Fen;
  /** What the bank bears: loss − compensation. */
  bankBears: Fen;
  /** Uncapped − compensation (> 0 when the pool cannot pay it all). */
  poolShortfall: Fen;
}

interface Accrual {
  interest: Fen;
  days: number;
  from: LegalDate;
  to: LegalDate;
  /** Why it runs from `from`: a due date, or the disbursement. */
  fromDue: boolean;
  afterMaturity: boolean;
  dayBasis: number;
  trace: TraceEntry;
}

/**
 * D-3 "截至申请日的未付合同利息" for the running period: round_half_up(principal × rate × days / dayBasis / 10000) fen,
 * days = actual days from the last interest due date on or before the claim date (the disbursement date before the
 * first one) to the claim date, never past maturity (actual/360 as Chinese loan interest is counted, RULES.md D-8).
 * A claim on a due date accrues nothing: that period's interest is due and counted in `unpaidInterest`.
 */
function accruedInterest(principal: Fen, a: ContractualAccrualInput, claimDate: LegalDate): Accrual {
  const rate = assertBp(a.annualRateBp, "合同年利率");
  const basis = paramAt(XDT_INTEREST_DAY_BASIS, claimDate);
  const afterMaturity = claimDate > a.maturityDate;
  const to = minDate(claimDate, a.maturityDate);
  let from = a.disbursementDate;
  let fromDue = false;
  for (const due of a.interestDueDates) {
    if (due <= to && due > from) {
      from = due;
      fromDue = true;
    }
  }
  const days = Math.max(0, daysBetween(from, to));
  const interest = fenFromBig(mulDivHalfUp(principal, BigInt(rate) * BigInt(days), BigInt(basis.value) * 10_000n));
  return { interest, days, from, to, fromDue, afterMaturity, dayBasis: basis.value, trace: basis.trace };
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第十三条 (seed L20859-20863):
 * "中小企业信贷通以资金规模为限，对贷款损失（含贷款本金、利息等）的70%进行风险补偿，其余损失由合作金融机构承担，
 *  不得形成新的政府债务及政府隐形债务。" D-3: loss = unpaid principal + unpaid contractual interest up to the claim date
 * (the periods due, plus the interest accrued since the last due date); compensation = round_half_up(loss × share / 10000)
 * fen, the share from `XDT_COMPENSATION_SHARE`, never more than the pool can pay.
 */
export function compensation(input: CompensationInput): Verdict<CompensationResult> {
  const principal = nonNegativeFen(input.unpaidPrincipal, "未还本金");
  const interest = nonNegativeFen(input.unpaidInterest, "未付利息");
  const pool = nonNegativeFen(input.poolAvailable, "资金池可用余额");
  const share = paramAt(XDT_COMPENSATION_SHARE, input.claimDate);
  const trace: TraceEntry[] = [share.trace];
  const cites: Citation[] = [...share.version.cite];
  const findings: Finding[] = [];
  const acc = input.accrual ? accruedInterest(principal, input.accrual, input.claimDate) : null;
  const accrued = acc ? acc.interest : fen(0);
  if (acc) {
    trace.push(acc.trace);
    cites.push(CITES.P_CLAIM_ACCRUAL);
    const since = acc.fromDue ? `上一结息日${acc.from}` : `放款日${acc.from}`;
    const until = acc.afterMaturity ? `到期日${acc.to}（到期后的罚息不计入损失）` : `申请日${acc.to}`;
    findings.push({
      code: "XDT_LOSS_ACCRUED_INTEREST",
      severity: "info",
      message:
        acc.days > 0
          ? `应计利息：自${since}至${until}共${acc.days}天，按未还本金${formatYuan(principal)} × 年利率${formatBp(input.accrual!.annualRateBp)} × ${acc.days}天 ÷ ${acc.dayBasis}计算，为${formatYuan(accrued)}（四舍五入到分）`
          : acc.afterMaturity
            ? `应计利息：合同利息计至到期日${acc.to}，已全部到期，计入到期未付利息；到期后的罚息不计入损失`
            : acc.fromDue
              ? `应计利息：申请日${input.claimDate}恰为结息日，当期利息已到期，计入到期未付利息，不另计应计利息`
              : `应计利息：申请日${input.claimDate}即放款日，尚无应计利息`,
      cites: [CITES.D3, CITES.P_CLAIM_ACCRUAL],
    });
  }
  const loss = fen(principal + interest + accrued);
  const uncapped = applyBp(loss, share.value);
  const comp = fen(Math.min(uncapped, pool));
  findings.push({
    code: "XDT_LOSS",
    severity: "info",
    message: `损失 = 未还本金${formatYuan(principal)} + 到期未付利息${formatYuan(interest)}${acc ? ` + 应计利息${formatYuan(accrued)}` : ""} = ${formatYuan(loss)}；按${formatPercent(share.value)}补偿：${formatYuan(loss)} × ${formatPercent(share.value)} = ${formatYuan(uncapped)}（四舍五入到分），其余${formatYuan(loss - uncapped)}由合作银行承担`,
    cites: [CITES.D3],
  });
  if (comp < uncapped) {
    findings.push({
      code: "XDT_POOL_INSUFFICIENT",
      severity: "warn",
      message: `按${formatPercent(share.value)}应补偿${formatMoney(uncapped)}，资金池可用仅${formatMoney(pool)}，以资金规模为限补偿${formatMoney(comp)}，差额${formatMoney(uncapped - comp)}不得形成政府债务`,
      cites: [CITES.XDT_BF_ART13],
    });
  }
  return makeVerdict(
    "compensation",
    {
      loss,
      accruedInterest: accrued,
      accruedDays: acc ? acc.days : 0,
      accruedFrom: acc ? acc.from : null,
      accruedTo: acc ? acc.to : null,
      shareBp: share.value,
      uncapped,
      compensation: comp,
      bankBears: fen(loss - comp),
      poolShortfall: fen(uncapped - comp),
    },
    findings,
    cites,
    trace,
  );
}

export interface DepositAccount {
  bankId: string;
  /** Balance of the 信贷通 money held in that bank's account now. */
  balance: Fen;
  /** The bank's 信贷通 deposit (存入) — the weight for sharing a shortfall. */
  deposited: Fen;
}

export interface PaymentPart {
  bankId: string;
  amount: Fen;
  /** 'own' = the claiming bank's own account; 'shortfall' = a share of the shortfall. */
  kind: "own" | "shortfall";
}

export interface ClaimPaymentInput {
  amount: Fen;
  claimingBankId: string;
  accounts: readonly DepositAccount[];
}

export interface ClaimPaymentResult {
  parts: PaymentPart[];
  /** What the claiming bank's own account pays. */
  fromOwn: Fen;
  /** The part the other banks must cover. */
  shortfall: Fen;
  /** What nobody can cover (> 0 ⇒ block). parts + uncovered = amount. */
  uncovered: Fen;
}

interface Weighted {
  bankId: string;
  weight: bigint;
  capacity: number;
}

/** Largest-remainder split of `total` by weights; ties broken by bank id (ascending). Σ parts = total. */
function largestRemainder(total: number, items: readonly Weighted[]): Map<string, number> {
  const W = items.reduce((s, x) => s + x.weight, 0n);
  const T = BigInt(total);
  const rows = items.map((x) => ({ id: x.bankId, q: (T * x.weight) / W, r: (T * x.weight) % W }));
  let left = T - rows.reduce((s, x) => s + x.q, 0n);
  const order = [...rows].sort((a, b) => (a.r === b.r ? (a.id < b.id ? -1 : 1) : a.r > b.r ? -1 : 1));
  for (const row of order) {
    if (left === 0n) break;
    row.q += 1n;
    left -= 1n;
  }
  return new Map(rows.map((x) => [x.id, Number(x.q)]));
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第十七条 (seed L20888-20891):
 * "补偿资金原则上从具体进行补偿的合作金融机构账户支付，若该金融机构账户余额不足，再由其余金融机构按中小企业信贷通存入比例分别出资。"
 * Exact to the fen: the shortfall is shared by the other banks' deposits (largest remainder, ties by bank id); no
 * account pays more than it holds — a capped bank's excess is re-shared among the others. When the others cannot
 * cover it, the verdict blocks and states the uncovered amount. Other banks with zero deposits but a balance share
 * by balance only if no other bank has a deposit weight (product choice).
 */
export function splitClaimPayment(input: ClaimPaymentInput): Verdict<ClaimPaymentResult> {
  const amount = nonNegativeFen(input.amount, "补偿金额");
  const ids = new Set<string>();
  for (const a of input.accounts) {
    if (ids.has(a.bankId)) throw new RuleInputError(`存款账户重复：${a.bankId}`);
    ids.add(a.bankId);
    nonNegativeFen(a.balance, "账户余额");
    nonNegativeFen(a.deposited, "存入金额");
  }
  const own = input.accounts.find((a) => a.bankId === input.claimingBankId);
  const fromOwn = Math.min(amount, own ? own.balance : 0);
  const parts: PaymentPart[] = [];
  if (fromOwn > 0) parts.push({ bankId: input.claimingBankId, amount: fen(fromOwn), kind: "own" });
  const shortfall = amount - fromOwn;

  let remaining = shortfall;
  let pool: Weighted[] = input.accounts
    .filter((a) => a.bankId !== input.claimingBankId && a.balance > 0)
    .map((a) => ({ bankId: a.bankId, weight: BigInt(a.deposited), capacity: a.balance }));
  const drawn = new Map<string, number>();
  while (remaining > 0 && pool.length > 0) {
    const byDeposit = pool.some((x) => x.weight > 0n);
    const weighted = byDeposit ? pool.filter((x) => x.weight > 0n) : pool.map((x) => ({ ...x, weight: BigInt(x.capacity) }));
    const shares = largestRemainder(remaining, weighted);
    const over = weighted.filter((x) => (shares.get(x.bankId) as number) > x.capacity);
    if (over.length === 0) {
      for (const x of weighted) drawn.set(x.bankId, (drawn.get(x.bankId) ?? 0) + (shares.get(x.bankId) as number));
      remaining = 0;
      break;
    }
    for (const x of over) {
      drawn.set(x.bankId, (drawn.get(x.bankId) ?? 0) + x.capacity);
      remaining -= x.capacity;
    }
    const capped = new Set(over.map((x) => x.bankId));
    pool = pool.filter((x) => !capped.has(x.bankId));
  }
  for (const [bankId, amt] of [...drawn.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (amt > 0) parts.push({ bankId, amount: fen(amt), kind: "shortfall" });
  }
  const findings: Finding[] = [];
  if (shortfall > 0) {
    findings.push({
      code: "XDT_PAYMENT_SHORTFALL_SHARED",
      severity: "info",
      message: `${input.claimingBankId}账户余额不足，差额${formatMoney(shortfall)}由其余合作银行按信贷通存入比例分担`,
    });
  }
  if (remaining > 0) {
    findings.push({
      code: "XDT_PAYMENT_UNCOVERED",
      severity: "block",
      message: `各合作银行信贷通账户余额合计不足以支付补偿，尚缺${formatMoney(remaining)}`,
    });
  }
  const cites: Citation[] = [CITES.XDT_BF_ART17];
  return makeVerdict(
    "splitClaimPayment",
    { parts, fromOwn: fen(fromOwn), shortfall: fen(shortfall), uncovered: fen(remaining) },
    findings,
    cites,
  );
}
