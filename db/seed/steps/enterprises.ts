import { enterprise, shareholder } from "../../schema";
import { GUIZHOU_REGIONS } from "../../../rules/reference/regions";
import { creditCodeCheckChar } from "../../../rules/reference/credit-code";
import type { SeedStep } from "../context";
import type { Rng } from "../rng";

const ENTERPRISE_COUNT = 300;

const INDUSTRIES = [
  ["C1399", "其他农副食品加工"],
  ["C1512", "白酒制造"],
  ["C1530", "精制茶加工"],
  ["C2661", "化学试剂和助剂制造"],
  ["C2624", "复混肥料制造"],
  ["C3021", "水泥制品制造"],
  ["C3311", "金属结构制造"],
  ["C3562", "电子工业专用设备制造"],
  ["C3824", "电力电子元器件制造"],
  ["C3984", "电子电路制造"],
  ["C2740", "中成药生产"],
  ["C1820", "服饰制造"],
  ["I6513", "应用软件开发"],
  ["I6450", "互联网数据服务"],
  ["C4210", "金属废料和碎屑加工处理"],
] as const;

const STEMS = ["黔丰", "山地", "云岭", "乌江", "红枫", "苗岭", "夜郎", "梵净", "赤水", "百灵", "鑫源", "安康", "瑞达", "恒信", "华创", "宏图", "绿源", "天成", "金盛", "新锐", "博远", "众邦", "汇通", "凯达", "弘毅"];
const TRADES: Record<string, string> = { C: "制造", I: "科技" };
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢".split("");
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅林斌波辉鹏宇浩凯婷雪琳晨阳".split("");

function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : "");
}

/** GB 11714 organisation code (8 characters + check character). */
function organisationCode(rng: Rng): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const digits = Array.from({ length: 8 }, () => rng.int(0, 9));
  const sum = digits.reduce((s, d, i) => s + d * weights[i], 0);
  const c = 11 - (sum % 11);
  return digits.join("") + (c === 10 ? "X" : c === 11 ? "0" : String(c));
}

/** 统一社会信用代码: 9 (market regulator) + 1 (enterprise) + region + organisation code + GB 32100-2015 check. */
export function demoCreditCode(rng: Rng, regionCode: string): string {
  const first17 = `91${regionCode}${organisationCode(rng)}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export const enterprisesStep: SeedStep = {
  name: "enterprises",
  async run(ctx) {
    const { rng, tx } = ctx;
    const prefectures = GUIZHOU_REGIONS.filter((r) => r.level === "prefecture");
    const countiesOf = (code: string) => GUIZHOU_REGIONS.filter((r) => r.parentCode === code);
    const usedNames = new Set<string>();
    const usedCodes = new Set<string>();
    const created: NonNullable<typeof ctx.refs.enterprises> = [];
    for (let i = 0; i < ENTERPRISE_COUNT; i++) {
      // every 市州 gets enterprises: round-robin over prefectures, then a random county inside it
      const prefecture = prefectures[i % prefectures.length];
      const counties = countiesOf(prefecture.code);
      const regionCode = counties.length > 0 && rng.chance(0.8) ? rng.pick(counties).code : prefecture.code;
      const [industryCode, industryName] = rng.pick(INDUSTRIES);
      const city = prefecture.name.replace(/(市|新区|布依族苗族自治州|苗族侗族自治州)$/, "").slice(0, 3);
      let name = `${city}${rng.pick(STEMS)}${industryName.slice(0, 2)}${TRADES[industryCode[0]]}有限公司`;
      while (usedNames.has(name)) name = name.replace("有限公司", `${rng.int(1, 99)}有限公司`);
      usedNames.add(name);
      let creditCode = demoCreditCode(rng, regionCode);
      while (usedCodes.has(creditCode)) creditCode = demoCreditCode(rng, regionCode);
      usedCodes.add(creditCode);
      const sizeClass = rng.weighted([["micro", 30], ["small", 45], ["medium", 22], ["large", 3]] as const);
      const tier = rng.weighted([[null, 68], ["innovative", 20], ["srdi", 10], ["little_giant", 2]] as const);
      const tierYear = rng.int(2022, 2025);
      const controller = personName(rng);
      const [row] = await tx
        .insert(enterprise)
        .values({
          creditCode,
          name,
          regionCode,
          sizeClass,
          industryCode,
          industryName,
          aboveScale: sizeClass !== "micro" && rng.chance(0.5),
          srdiTier: tier,
          srdiValidFrom: tier ? `${tierYear}-07-01` : null,
          srdiValidTo: tier ? `${tierYear + 3}-06-30` : null,
          actualControllerName: controller,
          actualControllerSpouse: rng.chance(0.8) ? personName(rng) : null,
        })
        .returning({ id: enterprise.id });
      const controllerShare = rng.int(51, 100) * 100;
      const holders: (typeof shareholder.$inferInsert)[] = [
        { enterpriseId: row.id, name: controller, kind: "person", identifier: `52${rng.int(1000, 9999)}********${rng.int(1000, 9999)}`, shareBp: controllerShare },
      ];
      if (controllerShare < 10000) {
        const other = rng.chance(0.5) && created.length > 0 ? rng.pick(created) : null;
        holders.push(
          other
            ? { enterpriseId: row.id, name: other.name, kind: "enterprise", identifier: other.creditCode, shareBp: 10000 - controllerShare }
            : { enterpriseId: row.id, name: personName(rng), kind: "person", identifier: `52${rng.int(1000, 9999)}********${rng.int(1000, 9999)}`, shareBp: 10000 - controllerShare },
        );
      }
      await tx.insert(shareholder).values(holders);
      created.push({ id: row.id, name, regionCode, creditCode, sizeClass });
    }
    ctx.refs.enterprises = created;
  },
};
