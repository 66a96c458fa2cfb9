import { organisation } from "../../schema";
import { GUIZHOU_REGIONS } from "../../../rules/reference/regions";
import type { SeedContext, SeedStep } from "../context";

const PROVINCE = "520000";

/** The 8 partner banks of the demo (XDT-BF Art.5: any bank with Guizhou branches may apply). */
export const DEMO_BANKS = [
  { name: "贵州银行股份有限公司", shortName: "贵州银行" },
  { name: "贵阳银行股份有限公司", shortName: "贵阳银行" },
  { name: "中国工商银行股份有限公司贵州省分行", shortName: "工商银行" },
  { name: "中国农业银行股份有限公司贵州省分行", shortName: "农业银行" },
  { name: "中国银行股份有限公司贵州省分行", shortName: "中国银行" },
  { name: "中国建设银行股份有限公司贵州省分行", shortName: "建设银行" },
  { name: "交通银行股份有限公司贵州省分行", shortName: "交通银行" },
  { name: "贵州省农村信用社联合社", shortName: "贵州农信" },
];

async function addOrg(ctx: SeedContext, values: typeof organisation.$inferInsert): Promise<number> {
  const [row] = await ctx.tx.insert(organisation).values(values).returning({ id: organisation.id });
  return row.id;
}

export const organisationsStep: SeedStep = {
  name: "organisations",
  async run(ctx) {
    const prefectures = GUIZHOU_REGIONS.filter((r) => r.level === "prefecture");
    const prefectureFinance = new Map<string, number>();
    const prefectureIndustry = new Map<string, number>();
    const org = {
      system: await addOrg(ctx, { name: "资金通系统管理", shortName: "系统管理", kind: "system", regionCode: PROVINCE }),
      provinceFinance: await addOrg(ctx, { name: "贵州省财政厅", shortName: "省财政厅", kind: "finance", regionCode: PROVINCE }),
      provinceIndustry: await addOrg(ctx, { name: "贵州省工业和信息化厅", shortName: "省工信厅", kind: "industry", regionCode: PROVINCE }),
      xdtOffice: await addOrg(ctx, { name: "贵州省中小企业信贷通工作办公室", shortName: "信贷通办", kind: "xdt_office", regionCode: PROVINCE }),
      trustee: await addOrg(ctx, { name: "贵州黔晟国有资产经营有限责任公司", shortName: "黔晟国资", kind: "trustee", regionCode: PROVINCE }),
      auditOffice: await addOrg(ctx, { name: "贵州省审计厅", shortName: "省审计厅", kind: "audit", regionCode: PROVINCE }),
      evaluator: await addOrg(ctx, { name: "贵州黔信绩效评价咨询有限公司", shortName: "第三方评价机构", kind: "audit", regionCode: PROVINCE }),
      prefectureFinance,
      prefectureIndustry,
      banks: [] as { id: number; name: string; shortName: string }[],
    };
    for (const p of prefectures) {
      prefectureFinance.set(p.code, await addOrg(ctx, { name: `${p.name}财政局`, shortName: `${p.name}财政局`, kind: "finance", regionCode: p.code }));
      prefectureIndustry.set(p.code, await addOrg(ctx, { name: `${p.name}工业和信息化局`, shortName: `${p.name}工信局`, kind: "industry", regionCode: p.code }));
    }
    for (const b of DEMO_BANKS) {
      const id = await addOrg(ctx, { name: b.name, shortName: b.shortName, kind: "bank", regionCode: PROVINCE });
      org.banks.push({ id, ...b });
    }
    ctx.refs.org = org;
  },
};
