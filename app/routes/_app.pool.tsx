import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DepositTable, Figure, Money } from "~/components/figures";
import { ExportLinks } from "~/components/list";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { contributions, depositBalances, poolSummary } from "~/server/pool.server";

export const meta: MetaFunction = () => [{ title: "信贷通资金池 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:pool");
  const db = await getDb();
  // a bank reaches pool aggregates and its own account only: contributor details are for officers
  const rows = user.scope.kind === "bank" ? [] : await contributions(db, user.scope);
  return { pool: await poolSummary(db), contributions: rows, deposits: await depositBalances(db, user.scope), isBank: user.scope.kind === "bank" };
}

export default function PoolPage() {
  const { pool, contributions, deposits, isBank } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>信贷通资金池</h1>
      <p className="muted">
        资金池规模 17 亿元：省财政 5 亿元、黔微贷/贵工贷/贵园信贷通清算资金 5 亿元、黔晟国资 5 亿元、9 个市州和贵安新区各 2000 万元（《贵州省中小企业信贷通设立方案》一（三））。专户管理，单独核算。
      </p>
      <div className="cards">
        <Figure label="应出资" value={<Money fen={pool.dueFen} unit="万元" />} />
        <Figure label="已到位" value={<Money fen={pool.paidFen} unit="万元" />} note={`到位率 ${pool.dueFen ? ((pool.paidFen * 100) / pool.dueFen).toFixed(2) : "0.00"}%`} />
        <Figure label="资金池余额" value={<Money fen={pool.balanceFen} unit="万元" />} />
        <Figure label="专户余额" value={<Money fen={pool.trustFen} unit="万元" />} />
        <Figure label="合作银行存款合计" value={<Money fen={pool.depositsFen} unit="万元" />} />
      </div>
      {!isBank ? (
        <>
          <h2>
            出资到位情况 <ExportLinks table="contributions" />
          </h2>
          <table className="data">
            <thead>
              <tr>
                <th>出资来源</th>
                <th>出资单位</th>
                <th className="num">应出资（元）</th>
                <th className="num">已到位（元）</th>
                <th className="num">未到位（元）</th>
                <th>应到位日期</th>
                <th>最近到账</th>
              </tr>
            </thead>
            <tbody>
              {contributions.map((c) => (
                <tr key={c.id}>
                  <td>{c.sourceLabel}</td>
                  <td>{c.contributor}</td>
                  <td className="num"><Money fen={c.dueFen} /></td>
                  <td className="num"><Money fen={c.paidFen} /></td>
                  <td className="num">{c.dueFen - c.paidFen > 0 ? <strong><Money fen={c.dueFen - c.paidFen} /></strong> : "—"}</td>
                  <td>{c.dueDate}</td>
                  <td>{c.lastPaidOn ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>{isBank ? "本行信贷通存款户" : "合作银行信贷通存款户"}</h2>
      <DepositTable deposits={deposits} />
    </>
  );
}
