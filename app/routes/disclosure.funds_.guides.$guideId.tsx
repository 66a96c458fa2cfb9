import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { citeText, requiredApplicationDocuments, type FundId, type LegalDate } from "#rules";
import { getDb } from "~/server/db.server";
import { publishedGuide } from "~/server/funds/guides.server";
import { found } from "~/server/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.guide.title ?? "申报指南"} · 专项资金信息公开` }];

/** Public (no sign-in), linkable and printable: one published application guide (GXZJ-35 Art.11, 32). Drafts → 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.guideId);
  const g = found(Number.isSafeInteger(id) ? await publishedGuide(await getDb(), id) : null);
  // the documents an application of this guide must carry: the law's two and the guide's extras
  const docs = requiredApplicationDocuments({ fund: g.ruleSet as FundId, date: g.openFrom as LegalDate, isProvincialEnterprise: false, guideExtras: g.extraDocuments });
  const guide = { id: g.id, programName: g.programName, year: g.year, title: g.title, directions: g.directions, conditions: g.conditions, openFrom: g.openFrom, openTo: g.openTo, publishedOn: g.publishedOn };
  // the article that lists the documents, named as the public reads it (the title, never a short name)
  return { guide, documents: docs.value.map((d) => d.name), basis: citeText(docs.cites[0]) };
}

export default function PublicGuide() {
  const { guide: g, documents, basis } = useLoaderData<typeof loader>();
  return (
    <main className="printable" style={{ maxWidth: 900, margin: "0 auto", padding: 16 }}>
      <p className="no-print"><a href="/disclosure/funds#guides">← 专项资金信息公开</a> · <button type="button" onClick={() => window.print()}>打印</button></p>
      <h1>{g.title}</h1>
      <p className="muted">{g.programName} · {g.year} 年度 · {g.publishedOn} 发布</p>
      <h2>申报时间</h2>
      <p>{g.openFrom} 至 {g.openTo}</p>
      <h2>支持方向和重点</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{g.directions}</p>
      <h2>申报条件</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{g.conditions}</p>
      <h2>申报材料</h2>
      <ol>{documents.map((d) => <li key={d}>{d}</li>)}</ol>
      <p className="muted">省属企业项目由其主管部门出具申报文件。依据：{basis}</p>
      <h2>申报程序</h2>
      <p>项目须先纳入专项资金项目库；由市县主管部门对申请材料进行形式预审（材料齐全、内容合规的方可上报）→ 省工业和信息化厅初审、专家评审（可实地核查）→ 综合排序 → 集体决策 → 向社会公示 → 下达资金。</p>
    </main>
  );
}
