import { bigint, bigserial, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { region } from "./org";

export const SIZE_CLASSES = ["micro", "small", "medium", "large"] as const;
/** 优质中小企业梯度 (TDPY-71): 创新型中小企业, 专精特新中小企业, 专精特新"小巨人"企业 */
export const SRDI_TIERS = ["innovative", "srdi", "little_giant"] as const;

export const enterprise = pgTable(
  "enterprise",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** 统一社会信用代码, GB 32100-2015, check character verified on write (D-12) */
    creditCode: text("credit_code").notNull(),
    name: text("name").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => region.code),
    sizeClass: text("size_class", { enum: SIZE_CLASSES }).notNull(),
    /** GB/T 4754 industry section + class, e.g. "C3511" */
    industryCode: text("industry_code").notNull(),
    industryName: text("industry_name").notNull(),
    aboveScale: boolean("above_scale").notNull().default(false),
    srdiTier: text("srdi_tier", { enum: SRDI_TIERS }),
    srdiValidFrom: date("srdi_valid_from", { mode: "string" }),
    srdiValidTo: date("srdi_valid_to", { mode: "string" }),
    actualControllerName: text("actual_controller_name").notNull(),
    actualControllerSpouse: text("actual_controller_spouse"),
    /**
     * The figures the size class was decided by (工信部联企业〔2011〕300号 第四条, rules/reference/size-class.ts): the
     * 300号 industry read from industryCode, 从业人员, 营业收入 and 资产总额 (fen), and the day they were assessed. Null
     * for records entered before the register decided the class itself.
     */
    sizeIndustry: text("size_industry"),
    employees: integer("employees"),
    revenueFen: bigint("revenue_fen", { mode: "number" }),
    totalAssetsFen: bigint("total_assets_fen", { mode: "number" }),
    sizeAssessedOn: date("size_assessed_on", { mode: "string" }),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("enterprise_credit_code_uq").on(t.creditCode),
    index("enterprise_region_idx").on(t.regionCode),
    index("enterprise_name_idx").on(t.name),
  ],
);

export const shareholder = pgTable(
  "shareholder",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprise.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["person", "enterprise"] }).notNull(),
    /** credit code of a corporate shareholder; for a person, a masked identity number */
    identifier: text("identifier").notNull(),
    /** share of the equity in basis points (10000 = 100%) */
    shareBp: integer("share_bp").notNull(),
  },
  (t) => [index("shareholder_enterprise_idx").on(t.enterpriseId), index("shareholder_identifier_idx").on(t.identifier)],
);
