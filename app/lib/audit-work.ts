/** Codes of the auditor's workspace and the 信贷通 yearly evaluation (client-safe; the schema imports them). */
export const AUDIT_RECORD_KINDS = ["project", "claim", "loan", "fund_payment", "journal", "bank", "enterprise"] as const;
export type AuditRecordKind = (typeof AUDIT_RECORD_KINDS)[number];
export const AUDIT_FINDING_SEVERITIES = ["high", "medium", "low"] as const;
export const AUDIT_FINDING_STATUSES = ["open", "responded", "closed"] as const;
export type AuditFindingStatus = (typeof AUDIT_FINDING_STATUSES)[number];
/** Besides the record kinds: a claim material, a special-fund application's document list, an audit-log entry. */
export const EVIDENCE_ITEM_KINDS = [...AUDIT_RECORD_KINDS, "claim_material", "fund_documents", "audit_entry"] as const;
export type EvidenceItemKind = (typeof EVIDENCE_ITEM_KINDS)[number];
export const XDT_YEARLY_DECISIONS = ["continue", "change", "terminate"] as const;
export type XdtYearlyDecision = (typeof XDT_YEARLY_DECISIONS)[number];
