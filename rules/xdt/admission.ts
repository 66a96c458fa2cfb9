/**
 * 信贷通 loan admission (RULES.md §1 "Loan admission checks"). A loan that fails a hard check is not admitted
 * and is never compensable (XDT-FA 三（四） L19459; XDT-BF 第九条 L20831-20833). "原则上" checks are soft:
 * they block unless the input carries an override {by, reason}, which is then recorded in the finding.
 */
import { CITES, type Citation } from "../core/cite";
import type { LegalDate } from "../core/dates";
import { RuleInputError } from "../core/errors";
import { formatBp, formatMoney, fen, nonNegativeFen, type Fen } from "../core/money";
import { paramAt, type TraceEntry } from "../core/params";
import { checkOverride, citeText, makeVerdict, softFinding, type Finding, type SoftOverride, type Verdict } from "../core/verdict";
import { lprForTerm, type LprTable, type LprTenor } from "../reference/lpr";
import { GUIZHOU_CODE, isInRegion } from "../reference/regions";
import { XDT_ENHANCEMENT, XDT_ENTERPRISE_CAP, XDT_RATE_CAP, XDT_START, XDT_TERM_CAP_MONTHS } from "./params";

export interface OutstandingLoan {
  loanId?: string;
  bankId: string;
  /** Outstanding principal of that 信贷通 loan. */
  outstanding: Fen;
}

export interface LoanAdmissionInput {
  bankId: string;
  /** The date that matters: the disbursement date (the loan has been disbursed: see `asOf`). */
  disbursementDate: LegalDate;
  /**
   * The day the loan is filed and checked (the app's today). A 信贷通 loan is filed once disbursed, so its disbursement
   * date may not be after this day; nor before 信贷通 began (XDT_START).
   */
  asOf: LegalDate;
  amount: Fen;
  termMonths: number;
  /** Contract annual rate, basis points (4.35% = 435). */
  annualRateBp: number;
  enterprise: {
    creditCode: string;
    /** Registered location, GB/T 2260 code. */
    regionCode: string;
    /** SME under 工信部联企业〔2011〕300号 — decided by the app's versioned size table (not in the seed). */
    isSme: boolean;
    /** Identifiers (credit codes / ID numbers) of **all** shareholders. */
    shareholderIds: readonly string[];
  };
  /** The enterprise's other outstanding 信贷通 loans, across all banks. */
  otherOutstandingLoans: readonly OutstandingLoan[];
  /** Blacklisted enterprise and shareholder identifiers (XDT-FA 六（一）). */
  blacklist: ReadonlySet<string> | readonly string[];
  /** 信用贷款: no collateral, no third-party guarantee. */
  isCreditLoan: boolean;
  /** The 增信措施 the bank set and recorded (free text), if any. */
  creditEnhancement?: string | null;
  /** The actual controller (and spouse, if married) give a joint-and-several guarantee. */
  controllerSpouseGuarantee: boolean;
  /** Set when this loan renews an admitted 信贷通 loan (XDT-BF 第十二条). */
  renewalOfAdmittedLoanId?: string | null;
  /** The bank's new 信贷通 lending is suspended (risk stop, yearly test, termination) — see `riskStopStatus`. */
  bankSuspended?: boolean;
  override?: SoftOverride;
}

export interface LoanAdmissionContext {
  lpr: LprTable;
}

export interface LoanAdmissionResult {
  admitted: boolean;
  /** Same as `admitted`: a loan off the list is never compensable. */
  compensable: boolean;
  renewal: boolean;
  /** All outstanding 信贷通 loans of the enterprise including this one. */
  enterpriseTotal: Fen;
  lprBp: number | null;
  tenor: LprTenor | null;
  /** Highest admissible rate in whole bp (hard ceiling). */
  rateCeilingBp: number | null;
  /** "原则上" ceiling, where one applies (2021-12-24 … 2022-05-31). */
  softRateCeilingBp: number | null;
}

function hasEnhancement(input: LoanAdmissionInput): boolean {
  return typeof input.creditEnhancement === "string" && input.creditEnhancement.trim().length > 0;
}

/**
 * 《贵州省中小企业信贷通管理办法（暂行）》第九条 (seed L20821-20833):
 * "单户融资额度原则上不超过5000万元，单户融资额度2000万元（含）以上需提供增信措施。采用信用贷款方式发放2000万元以下贷款的，
 *  原则上应要求企业实际控制人及配偶提供连带责任保证担保。融资利率上浮幅度原则上不超过同期贷款市场报价利率（LPR）的10%，
 *  最高不得超过同期贷款市场报价利率（LPR）的20%，融资期限原则上不超过3年。……不符合上述要求的，不得纳入中小企业信贷通项目名单并不给予风险补偿。"
 * as refined by XDT-TZ22 一（二） (L21178-21184): "按照不超过同期同档次贷款市场报价利率（LPR）+74BP投放贷款……单笔融资额度2000万元以上的，
 * ……由合作金融机构自行确定增信措施", with XDT-FA 三（四） (L19451-19459) for loans disbursed before 2021-12-24,
 * XDT-BF 第八条 (L20808-20812) for the borrower, XDT-FA 六（一） (L19524-19527) for the blacklist and
 * XDT-BF 第十二条 (L20849-20853) "续贷项目自动纳入中小企业信贷通项目名单".
 * Dates (renewals included): the loan is filed once disbursed — a disbursement date after `asOf` blocks
 * (`XDT_DISBURSEMENT_IN_FUTURE`; the 已投放清单 of XDT-TZ22 二（二） L21224-21230, and D-6 counts lending disbursed);
 * one before 信贷通 began (XDT_START, XDT-FA 一（一）) blocks (`XDT_BEFORE_SCHEME_START`) and nothing else is checked.
 */
export function checkLoanAdmission(input: LoanAdmissionInput, ctx: LoanAdmissionContext): Verdict<LoanAdmissionResult> {
  checkOverride(input.override);
  if (!input.asOf) throw new RuleInputError("准入检查须提供报备日期");
  const amount = nonNegativeFen(input.amount, "贷款金额");
  const findings: Finding[] = [];
  const cites: Citation[] = [];
  const trace: TraceEntry[] = [];
  const other = input.otherOutstandingLoans.reduce((s, l) => s + nonNegativeFen(l.outstanding, "其他贷款余额"), 0);
  const enterpriseTotal = fen(amount + other);
  const blacklist = input.blacklist instanceof Set ? input.blacklist : new Set(input.blacklist as readonly string[]);

  // The dates the loan can have (renewals too): disbursed by the filing day, and within 信贷通's life.
  const future = input.disbursementDate > input.asOf;
  const beforeStart = input.disbursementDate < XDT_START;
  if (future) {
    const basis = [CITES.P_LOAN_DISBURSED, CITES.XDT_TZ22_DISBURSED, CITES.D6];
    cites.push(...basis);
    findings.push({
      code: "XDT_DISBURSEMENT_IN_FUTURE",
      severity: "block",
      // the basis in the message itself: a refused filing shows the messages only
      message: `放款日期${input.disbursementDate}晚于报备日期${input.asOf}：信贷通贷款按已发放的贷款报备入库（${citeText(CITES.XDT_TZ22_DISBURSED)}“已投放清单”），尚未发放的贷款不能纳入，也不计入累计投放（${citeText(CITES.D6)}），请在放款后报备`,
      cites: basis,
    });
  }
  if (beforeStart) {
    const basis = [CITES.XDT_FA_SETUP, CITES.P_EVENT_DATES];
    cites.push(...basis);
    findings.push({
      code: "XDT_BEFORE_SCHEME_START",
      severity: "block",
      message: `放款日期${input.disbursementDate}早于信贷通设立之日（${XDT_START}，《贵州省中小企业信贷通设立方案》印发），不能纳入信贷通`,
      cites: basis,
    });
  }

  // Blacklist: permanent bar for the enterprise and all its shareholders (applies to renewals too).
  cites.push(CITES.XDT_FA_BLACKLIST);
  if (blacklist.has(input.enterprise.creditCode)) {
    findings.push({ code: "XDT_BLACKLISTED_ENTERPRISE", severity: "block", message: "企业已列入信贷通信用黑名单，永久取消申请资格", cites: [CITES.XDT_FA_BLACKLIST] });
  }
  const listed = input.enterprise.shareholderIds.filter((s) => blacklist.has(s));
  if (listed.length > 0) {
    findings.push({
      code: "XDT_BLACKLISTED_SHAREHOLDER",
      severity: "block",
      message: `企业股东（${listed.join("、")}）已列入信贷通信用黑名单，不得纳入信贷通`,
      cites: [CITES.XDT_FA_BLACKLIST],
    });
  }

  const renewal = typeof input.renewalOfAdmittedLoanId === "string" && input.renewalOfAdmittedLoanId.length > 0;
  const result: LoanAdmissionResult = {
    admitted: false,
    compensable: false,
    renewal,
    enterpriseTotal,
    lprBp: null,
    tenor: null,
    rateCeilingBp: null,
    softRateCeilingBp: null,
  };

  if (beforeStart) {
    // no rule of 信贷通 covers the date: nothing else to check (the parameters and the LPR have no version for it)
  } else if (renewal) {
    cites.push(CITES.XDT_BF_ART12);
    findings.push({
      code: "XDT_RENEWAL_AUTO",
      severity: "info",
      message: `续贷项目（原贷款 ${input.renewalOfAdmittedLoanId}）自动纳入信贷通项目名单`,
      cites: [CITES.XDT_BF_ART12],
    });
  } else {
    if (!Number.isSafeInteger(input.annualRateBp) || input.annualRateBp < 0) throw new RuleInputError(`贷款利率必须是非负整数基点：${input.annualRateBp}`);
    cites.push(CITES.XDT_BF_ART8, CITES.XDT_BF_ART9);

    if (input.bankSuspended) {
      cites.push(CITES.XDT_BF_ART21);
      findings.push({ code: "XDT_BANK_SUSPENDED", severity: "block", message: "该合作银行的信贷通新增贷款投放已暂停，新贷款不予纳入", cites: [CITES.XDT_BF_ART21, CITES.D7] });
    }

    // Borrower (hard).
    if (!input.enterprise.isSme) {
      findings.push({ code: "XDT_NOT_SME", severity: "block", message: "企业不符合《中小企业划型标准规定》（工信部联企业〔2011〕300号）的中小企业标准", cites: [CITES.XDT_BF_ART8] });
    }
    if (!isInRegion(input.enterprise.regionCode, GUIZHOU_CODE)) {
      findings.push({ code: "XDT_NOT_IN_GUIZHOU", severity: "block", message: `企业注册地（区划代码 ${input.enterprise.regionCode}）不在贵州省`, cites: [CITES.XDT_BF_ART8] });
    }

    // Per-enterprise total (soft).
    const cap = paramAt(XDT_ENTERPRISE_CAP, input.disbursementDate);
    trace.push(cap.trace);
    if (enterpriseTotal > cap.value) {
      findings.push(
        softFinding(
          "XDT_ENTERPRISE_TOTAL_OVER_CAP",
          `该企业信贷通贷款余额合计（含本笔）${formatMoney(enterpriseTotal)}，超过单户${formatMoney(cap.value)}上限${formatMoney(enterpriseTotal - cap.value)}`,
          cap.version.cite,
          input.override,
        ),
      );
    }

    // Term (soft).
    const term = paramAt(XDT_TERM_CAP_MONTHS, input.disbursementDate);
    trace.push(term.trace);
    if (input.termMonths > term.value) {
      findings.push(
        softFinding("XDT_TERM_OVER_CAP", `贷款期限${input.termMonths}个月，超过${term.value}个月${term.value % 12 === 0 ? `（${term.value / 12}年）` : ""}`, term.version.cite, input.override),
      );
    }

    // Rate (hard, plus a soft ceiling 2021-12-24 … 2022-05-31).
    const rule = paramAt(XDT_RATE_CAP, input.disbursementDate);
    trace.push(rule.trace);
    const lpr = lprForTerm(ctx.lpr, input.disbursementDate, input.termMonths);
    trace.push(lpr.trace);
    cites.push(CITES.D1);
    result.lprBp = lpr.bp;
    result.tenor = lpr.tenor;
    const tenorZh = lpr.tenor === "1y" ? "一年期" : "五年期以上";
    const rate = input.annualRateBp;
    if (rule.value.kind === "spread") {
      const ceiling = lpr.bp + rule.value.hardSpreadBp;
      result.rateCeilingBp = ceiling;
      if (rate > ceiling) {
        findings.push({
          code: "XDT_RATE_OVER_HARD_CAP",
          severity: "block",
          message: `贷款利率${formatBp(rate)}超过同期${tenorZh}LPR ${formatBp(lpr.bp)} + ${rule.value.hardSpreadBp}BP = ${formatBp(ceiling)}`,
          cites: rule.version.cite,
        });
      }
    } else {
      const hard = rule.value.hardMultiplierBp;
      result.rateCeilingBp = Math.floor((lpr.bp * hard) / 10_000);
      if (rate * 10_000 > lpr.bp * hard) {
        findings.push({
          code: "XDT_RATE_OVER_HARD_CAP",
          severity: "block",
          message: `贷款利率${formatBp(rate)}超过同期${tenorZh}LPR ${formatBp(lpr.bp)}的${hard / 100}%（上浮不得超过${(hard - 10_000) / 100}%）`,
          cites: rule.version.cite,
        });
      } else if (rule.value.softMultiplierBp !== null) {
        const soft = rule.value.softMultiplierBp;
        result.softRateCeilingBp = Math.floor((lpr.bp * soft) / 10_000);
        if (rate * 10_000 > lpr.bp * soft) {
          findings.push(
            softFinding(
              "XDT_RATE_OVER_SOFT_CAP",
              `贷款利率${formatBp(rate)}超过同期${tenorZh}LPR ${formatBp(lpr.bp)}上浮${(soft - 10_000) / 100}%`,
              rule.version.cite,
              input.override,
            ),
          );
        }
      }
    }

    // Credit enhancement and the controller + spouse guarantee.
    const enh = paramAt(XDT_ENHANCEMENT, input.disbursementDate);
    trace.push(enh.trace);
    const threshold = enh.value.thresholdFen;
    const enhanced = hasEnhancement(input);
    if (enh.value.kind === "single_loan_required") {
      if (amount >= threshold && !enhanced) {
        findings.push({
          code: "XDT_ENHANCEMENT_REQUIRED",
          severity: "block",
          message: `单笔融资${formatMoney(amount)}，达到${formatMoney(threshold)}，须提供增信措施`,
          cites: enh.version.cite,
        });
      }
    } else {
      if (enh.value.kind === "enterprise_required_plus_guarantee") {
        if (enterpriseTotal >= threshold && !enhanced) {
          findings.push({
            code: "XDT_ENHANCEMENT_REQUIRED",
            severity: "block",
            message: `单户融资额度（含本笔）${formatMoney(enterpriseTotal)}，达到${formatMoney(threshold)}（含），须提供增信措施`,
            cites: enh.version.cite,
          });
        }
      } else if (amount >= threshold) {
        if (enhanced) {
          findings.push({
            code: "XDT_ENHANCEMENT_RECORDED",
            severity: "info",
            message: `单笔融资达到${formatMoney(threshold)}，合作银行确定的增信措施：${(input.creditEnhancement as string).trim()}`,
            cites: enh.version.cite,
          });
        } else {
          findings.push({
            code: "XDT_ENHANCEMENT_NOT_RECORDED",
            severity: "block",
            message: `单笔融资${formatMoney(amount)}，达到${formatMoney(threshold)}：请记录合作银行自行确定的增信措施`,
            cites: enh.version.cite,
          });
        }
      }
      if (input.isCreditLoan && amount < threshold && !input.controllerSpouseGuarantee) {
        findings.push(
          softFinding(
            "XDT_CONTROLLER_GUARANTEE_MISSING",
            `以信用贷款方式发放${formatMoney(threshold)}以下贷款，应由企业实际控制人及配偶提供连带责任保证担保`,
            [CITES.XDT_BF_ART9],
            input.override,
          ),
        );
      }
    }
    for (const c of [...cap.version.cite, ...term.version.cite, ...rule.version.cite, ...enh.version.cite]) cites.push(c);
  }

  const v = makeVerdict("checkLoanAdmission", result, findings, cites, trace);
  result.admitted = v.outcome !== "block";
  result.compensable = result.admitted;
  return v;
}
