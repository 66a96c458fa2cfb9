/** Ledger account codes of the 信贷通 book (README, Decision 2): the app and the demo data share them. */
export const XDT_ACCOUNTS = {
  /** the trustee's special account (XDT-FA §四: 专户管理、单独核算) */
  trust: "xdt:trust",
  /** a partner bank's 信贷通 deposit account (XDT-BF Art.17 draws compensation from it) */
  deposit: (bankOrgId: number) => `xdt:deposit:${bankOrgId}`,
  /** what one contributor has put into the pool, per source */
  contribution: (orgId: number, source: string) => `xdt:contrib:${source}:${orgId}`,
  /** compensation paid to a bank (expense of the pool; XDT-BF Art.13) — the numerator of that bank's ratio (D-6) */
  compensation: (bankOrgId: number) => `xdt:compensation:${bankOrgId}`,
  /** the pool's share of recoveries returned by a bank (XDT-BF Art.19) */
  recovery: (bankOrgId: number) => `xdt:recovery:${bankOrgId}`,
};

export const POOL_SOURCE_LABELS: Record<string, string> = {
  province_finance: "省财政",
  legacy_funds: "黔微贷、贵工贷、贵园信贷通清算资金",
  trustee: "黔晟国资",
  prefecture: "市州（含贵安新区）财政",
};
