/**
 * The documents the rules come from (RULES.md, "Document short names"). Dates decide precedence when they conflict.
 * Seed = `shared/seed/000_76e80a477897f6e0.txt` (政策汇编, Guizhou, June 2024); `seedLines` is each document's span in it.
 * `PRODUCT` stands for the product decisions D-1…D-12 of RULES.md (defaults of the product, not law).
 */
export type SourceId =
  | "XDT-FA"
  | "XDT-BF"
  | "XDT-TZ22"
  | "GXZJ-35"
  | "ZXZJ-206"
  | "SZH-25"
  | "TDPY-71"
  | "ZCF"
  | "PRODUCT";

export interface SourceDoc {
  id: SourceId;
  /** 文号, null when the document has none. */
  number: string | null;
  /** Chinese title as users see it (with 《》). */
  title: string;
  /** Issue date (or date in force for a law). */
  date: string;
  /** Last day in force, when the document says so. */
  inForceTo: string | null;
  /** Lines of the seed the document spans. */
  seedLines: readonly [number, number] | null;
  note?: string;
}

export const SOURCES: Readonly<Record<SourceId, SourceDoc>> = {
  "XDT-FA": {
    id: "XDT-FA",
    number: "黔工信办〔2021〕8号",
    title: "《贵州省中小企业信贷通设立方案》",
    date: "2021-08-31",
    inForceTo: null,
    seedLines: [19355, 19537],
  },
  "XDT-BF": {
    id: "XDT-BF",
    number: "黔工信办〔2021〕13号",
    title: "《贵州省中小企业信贷通管理办法（暂行）》",
    date: "2021-12-24",
    inForceTo: null,
    seedLines: [20691, 20951],
  },
  "XDT-TZ22": {
    id: "XDT-TZ22",
    number: null,
    title: "《关于推动中小企业信贷通落地落实的通知》（省工信厅、省财政厅、人行贵阳中心支行）",
    date: "2022-06-01",
    inForceTo: null,
    seedLines: [21156, 21342],
    note: "原文无文号，标题在汇编中缺失，此处标题为产品拟定的描述性名称。",
  },
  "GXZJ-35": {
    id: "GXZJ-35",
    number: "黔财工〔2023〕35号",
    title: "《贵州省工业和信息化发展专项资金管理办法》",
    date: "2023-04-17",
    inForceTo: "2027-12-31",
    seedLines: [21802, 22253],
  },
  "ZXZJ-206": {
    id: "ZXZJ-206",
    number: "黔财工〔2023〕206号",
    title: "《贵州省中小企业发展专项资金管理办法》",
    date: "2023-12-04",
    inForceTo: "2025-12-31",
    seedLines: [22854, 23304],
  },
  "SZH-25": {
    id: "SZH-25",
    number: "黔工信发〔2022〕25号",
    title: "《支持工业领域数字化转型的若干政策措施》",
    date: "2022-04-12",
    inForceTo: "2025-12-31",
    seedLines: [20952, 21155],
  },
  "TDPY-71": {
    id: "TDPY-71",
    number: "黔工信中小〔2022〕71号",
    title: "《贵州省优质中小企业梯度培育管理实施细则（暂行）》",
    date: "2022-12-08",
    inForceTo: null,
    seedLines: [18666, 19354],
    note: "取代黔工信中小〔2021〕37号中不一致的规定（第二十三条）。",
  },
  ZCF: {
    id: "ZCF",
    number: null,
    title: "《中华人民共和国中小企业促进法》",
    date: "2018-01-01",
    inForceTo: null,
    seedLines: [79, 512],
  },
  PRODUCT: {
    id: "PRODUCT",
    number: null,
    title: "资金通产品规则决定（RULES.md D-1…D-12）",
    date: "2024-06-30",
    inForceTo: null,
    seedLines: null,
    note: "政策文本未规定或规定不一致之处的产品默认做法，可作为参数调整，并向用户展示其依据。",
  },
};
