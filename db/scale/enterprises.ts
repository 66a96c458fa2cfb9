/**
 * Enterprises of every size class over Guizhou's 88 counties (and 贵安新区), each with its shareholders: the
 * controller (51–100%) and sometimes a second person or a company. Credit codes are valid GB 32100-2015 codes,
 * unique by construction; no shareholder identifier collides with the demo's blacklist (XDT-FA §六(一)).
 */
import { creditCodeCheckChar } from "../../rules/reference/credit-code";
import { Batch } from "./copy";
import { at, tick, type ScaleContext } from "./context";
import { COUNTIES_OF, PREFECTURE_WEIGHT, PREFECTURES, type SizeClass } from "./plan";
import type { Rng } from "../seed/rng";

export interface Ent {
  id: number;
  name: string;
  creditCode: string;
  regionCode: string;
  prefecture: string;
  size: SizeClass;
  holders: string[];
  /** the bank the firm mostly borrows from (index into BANK_PROFILES) */
  homeBank: number;
  /** set once a loan of the firm stops paying: no bank lends to it from that day */
  defaultedFrom: string | null;
}

const INDUSTRIES: [string, string][] = [
  ["C1399", "其他农副食品加工"], ["C1512", "白酒制造"], ["C1530", "精制茶加工"], ["C1430", "方便食品制造"], ["C1469", "其他调味品、发酵制品制造"],
  ["C2661", "化学试剂和助剂制造"], ["C2624", "复混肥料制造"], ["C2662", "专项化学用品制造"], ["C3021", "水泥制品制造"], ["C3089", "耐火陶瓷制品及其他耐火材料制造"],
  ["C3311", "金属结构制造"], ["C3562", "电子工业专用设备制造"], ["C3824", "电力电子元器件制造"], ["C3984", "电子电路制造"], ["C3985", "电子专用材料制造"],
  ["C2740", "中成药生产"], ["C2770", "卫生材料及医药用品制造"], ["C1820", "服饰制造"], ["C2110", "木质家具制造"], ["C2231", "纸和纸板容器制造"],
  ["C3130", "钢压延加工"], ["C3252", "铝压延加工"], ["C3670", "汽车零部件及配件制造"], ["C3841", "锂离子电池制造"], ["C4210", "金属废料和碎屑加工处理"],
  ["I6513", "应用软件开发"], ["I6450", "互联网数据服务"], ["I6531", "信息技术咨询服务"], ["M7320", "工程和技术研究和试验发展"], ["C2929", "塑料零件及其他塑料制品制造"],
];
const STEMS = (
  "黔丰 山地 云岭 乌江 红枫 苗岭 夜郎 梵净 赤水 百灵 鑫源 安康 瑞达 恒信 华创 宏图 绿源 天成 金盛 新锐 博远 众邦 汇通 凯达 弘毅 " +
  "黔诚 聚力 兴黔 盛世 润泽 长顺 茂源 顺达 远航 东方 西南 高原 青山 碧水 龙腾 凤鸣 嘉禾 丰泽 永安 泰和 振华 德润 明远 华信 宏达 " +
  "鼎盛 锦程 同创 合力 佳禾 宇辰 晟达 正和 信达 万通 金桥 银河 天誉 恒泰 开元 兴源 天瑞 卓越 创新 铭泰 君越 宏远 腾飞 瑞丰 华瑞"
).split(" ");
const TRADES: Record<string, string> = { C: "制造", I: "科技", M: "技术" };
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢龙石韦".split("");
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅林斌波辉鹏宇浩凯婷雪琳晨阳黔松兴富贵".split("");

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : "");
}

/** GB 11714 organisation code check character over 8 digits. */
function orgCheck(digits: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * weights[i];
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** A unique code per index: 48271 is coprime with 10^8, so i ↦ i·48271 mod 10^8 is one-to-one. */
export function scaleCreditCode(i: number, regionCode: string): string {
  const digits = String((i * 48271 + 7_654_321) % 100_000_000).padStart(8, "0");
  const first17 = `91${regionCode}${digits}${orgCheck(digits)}`;
  return first17 + creditCodeCheckChar(first17)!;
}

function shortPlace(name: string): string {
  return name.slice(0, 2);
}

const ENTERPRISE_COLUMNS = ["id", "credit_code", "name", "region_code", "size_class", "industry_code", "industry_name", "above_scale", "srdi_tier", "srdi_valid_from", "srdi_valid_to", "actual_controller_name", "actual_controller_spouse", "created_at"] as const;
const SHAREHOLDER_COLUMNS = ["enterprise_id", "name", "kind", "identifier", "share_bp"] as const;

export async function generateEnterprises(ctx: ScaleContext, bankShares: readonly (readonly [number, number])[], bankSizeMix: (bank: number) => readonly [number, number, number]): Promise<Ent[]> {
  const { rng, plan, loader, ids } = ctx;
  const existing = await ctx.sql`select credit_code, name from enterprise`;
  const usedCodes = new Set(existing.map((r) => r.credit_code as string));
  const usedNames = new Set(existing.map((r) => r.name as string));
  const blacklist = new Set((await ctx.sql`select identifier from xdt_blacklist`).map((r) => r.identifier as string));
  const usedPersonIds = new Set<string>();
  const personId = () => {
    for (;;) {
      const id = `52${rng.int(1000, 9999)}********${rng.int(1000, 9999)}`;
      if (!blacklist.has(id) && !usedPersonIds.has(id)) {
        usedPersonIds.add(id);
        return id;
      }
    }
  };
  const prefectureWeights = PREFECTURES.map((p) => [p, PREFECTURE_WEIGHT[p.code] ?? 1] as const);
  const out: Ent[] = [];
  let batch = new Batch("企业 enterprises");
  for (let i = 0; i < plan.enterprises; i++) {
    const prefecture = rng.weighted(prefectureWeights);
    const counties = COUNTIES_OF.get(prefecture.code) ?? [];
    const place = counties.length > 0 && rng.chance(0.9) ? rng.pick(counties) : prefecture;
    const regionCode = place.code;
    const size = rng.weighted([["micro", 40], ["small", 38], ["medium", 19], ["large", 3]] as const) as SizeClass;
    // the firm's home bank: by the banks' shares, leaning to the banks that serve its size
    const homeBank = size === "large" ? -1 : rng.weighted(bankShares.map(([b, w]) => [b, w * bankSizeMix(b)[size === "micro" ? 0 : size === "small" ? 1 : 2]] as const));
    const [industryCode, industryName] = rng.pick(INDUSTRIES);
    const form = size === "medium" || size === "large" ? (rng.chance(0.3) ? "股份有限公司" : "有限公司") : rng.chance(0.15) ? "有限责任公司" : "有限公司";
    let name = `${shortPlace(place.name)}${rng.pick(STEMS)}${industryName.slice(0, 2)}${TRADES[industryCode[0]] ?? "实业"}${form}`;
    if (usedNames.has(name)) {
      const stem = name.slice(0, -form.length);
      for (let k = 2; usedNames.has(name); k++) name = `${stem}${["第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九"][k - 2] ?? k}${form}`;
    }
    usedNames.add(name);
    let n = i;
    let creditCode = scaleCreditCode(n, regionCode);
    while (usedCodes.has(creditCode)) creditCode = scaleCreditCode((n += 99_991), regionCode);
    usedCodes.add(creditCode);
    const id = ids.take("enterprise");
    const tier = size === "large" ? null : rng.weighted([[null, 70], ["innovative", 19], ["srdi", 9], ["little_giant", 2]] as const);
    const tierYear = rng.int(2022, 2025);
    const controller = personName(rng);
    const created = `${rng.int(2018, 2021)}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
    batch.add("enterprise", ENTERPRISE_COLUMNS, [
      id, creditCode, name, regionCode, size, industryCode, industryName, size !== "micro" && rng.chance(size === "small" ? 0.35 : 0.8),
      tier, tier ? `${tierYear}-07-01` : null, tier ? `${tierYear + 3}-06-30` : null, controller, rng.chance(0.8) ? personName(rng) : null, at(rng, created),
    ]);
    const controllerShare = rng.chance(0.45) ? 10000 : rng.int(51, 99) * 100;
    const holders = [personId()];
    batch.add("shareholder", SHAREHOLDER_COLUMNS, [id, controller, "person", holders[0], controllerShare]);
    if (controllerShare < 10000) {
      const corporate = out.length > 0 && rng.chance(0.3) ? out[rng.int(0, out.length - 1)] : null;
      const identifier = corporate ? corporate.creditCode : personId();
      holders.push(identifier);
      batch.add("shareholder", SHAREHOLDER_COLUMNS, [id, corporate ? corporate.name : personName(rng), corporate ? "enterprise" : "person", identifier, 10000 - controllerShare]);
    }
    out.push({ id, name, creditCode, regionCode, prefecture: prefecture.code, size, holders, homeBank, defaultedFrom: null });
    if (batch.rows >= 60_000) {
      await loader.submit(batch);
      batch = new Batch("企业 enterprises");
      await tick();
    }
  }
  await loader.submit(batch);
  return out;
}
