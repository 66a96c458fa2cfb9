/**
 * GB/T 2260 administrative divisions of 贵州省 (520000): the province, its 9 市州 and all 88 县级 divisions
 * (县/区/县级市/特区) as in force after the 2021 change of 黔西县 → 黔西市 (520581) and the 2020 change of
 * 水城县 → 水城区 (520204); 兴仁市 522302 (2018). RULES.md D-12.
 *
 * 贵安新区 has no GB/T 2260 prefecture code (it is a state-level new area administered across parts of
 * 贵阳市 and 安顺市). The product uses **520900** for it (product choice, `CITES.P_REGION_GUIAN`): it is a
 * contributor to the 信贷通 pool (XDT-FA 一（三）) and a 市州-level unit in the fund documents. It has no counties
 * in this table; the counties it spans stay under 贵阳市 and 安顺市.
 */
import { RuleInputError } from "../core/errors";

export type RegionLevel = "province" | "prefecture" | "county";

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** True for 520900 贵安新区, a product code outside GB/T 2260. */
  productCode?: boolean;
}

export const GUIZHOU_CODE = "520000";
export const GUIAN_NEW_AREA_CODE = "520900";

const P = (code: string, name: string): Region => ({ code, name, level: "prefecture", parentCode: GUIZHOU_CODE });
const C = (parentCode: string, list: [string, string][]): Region[] =>
  list.map(([code, name]) => ({ code, name, level: "county", parentCode }));

export const GUIZHOU_REGIONS: readonly Region[] = Object.freeze([
  { code: GUIZHOU_CODE, name: "贵州省", level: "province", parentCode: null },
  P("520100", "贵阳市"),
  P("520200", "六盘水市"),
  P("520300", "遵义市"),
  P("520400", "安顺市"),
  P("520500", "毕节市"),
  P("520600", "铜仁市"),
  P("522300", "黔西南布依族苗族自治州"),
  P("522600", "黔东南苗族侗族自治州"),
  P("522700", "黔南布依族苗族自治州"),
  { code: GUIAN_NEW_AREA_CODE, name: "贵安新区", level: "prefecture", parentCode: GUIZHOU_CODE, productCode: true },
  ...C("520100", [
    ["520102", "南明区"], ["520103", "云岩区"], ["520111", "花溪区"], ["520112", "乌当区"], ["520113", "白云区"],
    ["520115", "观山湖区"], ["520121", "开阳县"], ["520122", "息烽县"], ["520123", "修文县"], ["520181", "清镇市"],
  ]),
  ...C("520200", [["520201", "钟山区"], ["520203", "六枝特区"], ["520204", "水城区"], ["520281", "盘州市"]]),
  ...C("520300", [
    ["520302", "红花岗区"], ["520303", "汇川区"], ["520304", "播州区"], ["520322", "桐梓县"], ["520323", "绥阳县"],
    ["520324", "正安县"], ["520325", "道真仡佬族苗族自治县"], ["520326", "务川仡佬族苗族自治县"], ["520327", "凤冈县"],
    ["520328", "湄潭县"], ["520329", "余庆县"], ["520330", "习水县"], ["520381", "赤水市"], ["520382", "仁怀市"],
  ]),
  ...C("520400", [
    ["520402", "西秀区"], ["520403", "平坝区"], ["520422", "普定县"], ["520423", "镇宁布依族苗族自治县"],
    ["520424", "关岭布依族苗族自治县"], ["520425", "紫云苗族布依族自治县"],
  ]),
  ...C("520500", [
    ["520502", "七星关区"], ["520521", "大方县"], ["520523", "金沙县"], ["520524", "织金县"], ["520525", "纳雍县"],
    ["520526", "威宁彝族回族苗族自治县"], ["520527", "赫章县"], ["520581", "黔西市"],
  ]),
  ...C("520600", [
    ["520602", "碧江区"], ["520603", "万山区"], ["520621", "江口县"], ["520622", "玉屏侗族自治县"], ["520623", "石阡县"],
    ["520624", "思南县"], ["520625", "印江土家族苗族自治县"], ["520626", "德江县"], ["520627", "沿河土家族自治县"],
    ["520628", "松桃苗族自治县"],
  ]),
  ...C("522300", [
    ["522301", "兴义市"], ["522302", "兴仁市"], ["522323", "普安县"], ["522324", "晴隆县"], ["522325", "贞丰县"],
    ["522326", "望谟县"], ["522327", "册亨县"], ["522328", "安龙县"],
  ]),
  ...C("522600", [
    ["522601", "凯里市"], ["522622", "黄平县"], ["522623", "施秉县"], ["522624", "三穗县"], ["522625", "镇远县"],
    ["522626", "岑巩县"], ["522627", "天柱县"], ["522628", "锦屏县"], ["522629", "剑河县"], ["522630", "台江县"],
    ["522631", "黎平县"], ["522632", "榕江县"], ["522633", "从江县"], ["522634", "雷山县"], ["522635", "麻江县"],
    ["522636", "丹寨县"],
  ]),
  ...C("522700", [
    ["522701", "都匀市"], ["522702", "福泉市"], ["522722", "荔波县"], ["522723", "贵定县"], ["522725", "瓮安县"],
    ["522726", "独山县"], ["522727", "平塘县"], ["522728", "罗甸县"], ["522729", "长顺县"], ["522730", "龙里县"],
    ["522731", "惠水县"], ["522732", "三都水族自治县"],
  ]),
]);

const BY_CODE: ReadonlyMap<string, Region> = new Map(GUIZHOU_REGIONS.map((r) => [r.code, r]));

/** The region with this code, or undefined. */
export function regionByCode(code: string): Region | undefined {
  return BY_CODE.get(code);
}

/** The region with this code; throws `RuleInputError` for an unknown code. */
export function requireRegion(code: string): Region {
  const r = BY_CODE.get(code);
  if (!r) throw new RuleInputError(`未知的贵州省行政区划代码：${code}`);
  return r;
}

/** The 市州 a region belongs to (a 市州 is its own prefecture); null for the province. */
export function parentPrefecture(code: string): Region | null {
  const r = requireRegion(code);
  if (r.level === "province") return null;
  if (r.level === "prefecture") return r;
  return requireRegion(r.parentCode as string);
}

/** True if `code` is `ancestorCode` or lies inside it (county ⊂ 市州 ⊂ 贵州省). Unknown codes → false. */
export function isInRegion(code: string, ancestorCode: string): boolean {
  let r = regionByCode(code);
  while (r) {
    if (r.code === ancestorCode) return true;
    r = r.parentCode ? regionByCode(r.parentCode) : undefined;
  }
  return false;
}

/** The regions directly under `code` (the 市州 of the province, the counties of a 市州). */
export function childrenOf(code: string): Region[] {
  return GUIZHOU_REGIONS.filter((r) => r.parentCode === code);
}
