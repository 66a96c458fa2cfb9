import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/server/db.server";
import { publicYearLists } from "~/server/xdt/partners.server";

export const meta: MetaFunction = () => [{ title: "贵州省中小企业信贷通合作金融机构名单 · 资金通" }];

/** Public (no sign-in): XDT-TZ22 一（一） "于每年1月末在政府网站上公布当年合作金融机构名单". Names and dates only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const y = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isSafeInteger(y) && y >= 2020 && y <= 2100 ? y : undefined;
  return { year: year ?? null, lists: await publicYearLists(await getDb(), year) };
}

export default function XdtBanksDisclosure() {
  const { year, lists } = useLoaderData<typeof loader>();
  return (
    <main className="printable" style={{ maxWidth: 900, margin: "0 auto", padding: 16 }}>
      <h1>贵州省中小企业信贷通合作金融机构名单</h1>
      <p className="muted">依据《关于推动中小企业信贷通落地落实的通知》一（一），每年 1 月末前公布当年合作金融机构名单。</p>
      <nav className="no-print">
        {lists.map((l) => <a key={l.year} href={`#y${l.year}`} style={{ marginRight: 8 }}>{l.year}年度</a>)}
        {year ? <a href="/disclosure/xdt-banks">全部年度</a> : null}
      </nav>
      {lists.length === 0 ? <p>{year ? `${year}年度名单尚未公布。` : "尚未公布名单。"}</p> : null}
      {lists.map((l) => (
        <section key={l.year} id={`y${l.year}`}>
          <h2>
            <a href={`/disclosure/xdt-banks?year=${l.year}`}>{l.year}年度合作金融机构名单</a>
          </h2>
          <p>公布日期：{l.publishedOn}{l.due ? `（应于 ${l.due} 前公布）` : ""}　文号：{l.documentRef}</p>
          <ol>{l.banks.map((b) => <li key={b}>{b}</li>)}</ol>
        </section>
      ))}
    </main>
  );
}
