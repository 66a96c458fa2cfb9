/**
 * Citations as users read them, for pages (client-safe: only the rule book's citation catalogue and its formatter,
 * not the whole rule book). `citeText(CITES.ZXZJ_ART13)` → "《贵州省中小企业发展专项资金管理办法》第十三条".
 */
export { CITES } from "../../rules/core/cite";
export { citeText } from "../../rules/core/verdict";
