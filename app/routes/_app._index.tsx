import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DepositTable, Figure, Money } from "~/components/figures";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { homeFigures } from "~/server/home.server";

export const meta: MetaFunction = () => [{ title: "首页 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:home");
  return { figures: await homeFigures(await getDb(), user), orgName: user.orgName, regionName: user.regionName };
}

type Pool = { plannedFen: number; dueFen: number; paidFen: number; balanceFen: number; availableFen: number; trustFen: number; depositsFen: number };

function PoolFigures({ pool }: { pool: Pool }) {
  return (
    <div className="cards" data-testid="pool-figures">
      <Figure label="信贷通资金池规模（方案）" value={<Money fen={pool.plannedFen} unit="亿元" />} note="黔工信办〔2021〕8号 一（三）" />
      <Figure label="应出资" value={<Money fen={pool.dueFen} unit="万元" />} />
      <Figure label="已到位出资" value={<Money fen={pool.paidFen} unit="万元" />} />
      <Figure label="资金池余额" value={<Money fen={pool.balanceFen} unit="万元" />} note={<>专户 <Money fen={pool.trustFen} unit="万元" />，合作银行存款 <Money fen={pool.depositsFen} unit="万元" /></>} />
      <Figure label="尚可用于代偿" value={<Money fen={pool.availableFen} unit="万元" />} note="以资金规模为限（管理办法第十三条）" />
    </div>
  );
}

export default function Home() {
  const { figures, orgName, regionName } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {orgName} <small className="muted">（{regionName}）</small>
      </h1>
      {figures.kind === "bank" ? (
        <>
          <h2>本行信贷通存款户</h2>
          <div className="cards" data-testid="bank-deposit">
            {figures.deposit ? (
              <Figure label={`${figures.deposit.bank} 信贷通存款余额`} value={<Money fen={figures.deposit.balanceFen} unit="元" />} note={<Link to={`/ledger/${figures.deposit.accountId}`}>查看明细</Link>} />
            ) : (
              <Figure label="信贷通存款户" value="尚未开立" />
            )}
          </div>
          <h2>资金池（全池汇总）</h2>
          <PoolFigures pool={figures.pool} />
        </>
      ) : null}
      {figures.kind === "trustee" ? (
        <>
          <PoolFigures pool={figures.pool} />
          <h2>合作银行信贷通存款户</h2>
          <DepositTable deposits={figures.deposits} />
        </>
      ) : null}
      {figures.kind === "officer" ? (
        <>
          <PoolFigures pool={figures.pool} />
          <h2>出资到位情况{figures.contributions.length < 5 ? "（本地区）" : ""}</h2>
          <table className="data" data-testid="contributions">
            <thead>
              <tr>
                <th>出资来源</th>
                <th>出资单位</th>
                <th className="num">应出资（万元）</th>
                <th className="num">已到位（万元）</th>
                <th>应到位日期</th>
              </tr>
            </thead>
            <tbody>
              {figures.contributions.map((c) => (
                <tr key={c.id}>
                  <td>{c.sourceLabel}</td>
                  <td>{c.contributor}</td>
                  <td className="num">
                    <Money fen={c.dueFen} unit="万元" />
                  </td>
                  <td className="num">
                    <Money fen={c.paidFen} unit="万元" />
                  </td>
                  <td>{c.dueDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            辖区内企业 {figures.enterprises} 家 · <Link to="/enterprises">企业库</Link>
          </p>
        </>
      ) : null}
      {figures.kind === "auditor" ? (
        <>
          <div className="cards" data-testid="audit-figures">
            <Figure label="审计日志记录" value={figures.auditEntries} note={`近 24 小时 ${figures.auditToday} 条`} />
            <Figure label="记账分录" value={figures.journals} />
          </div>
          <PoolFigures pool={figures.pool} />
          <p>
            <Link to="/audit">查看审计日志</Link>
          </p>
        </>
      ) : null}
      {figures.kind === "admin" ? (
        <div className="cards" data-testid="admin-figures">
          <Figure label="启用用户" value={figures.users} note={<Link to="/admin/users">用户管理</Link>} />
          <Figure label="启用机构" value={figures.organisations} note={<Link to="/admin/orgs">机构管理</Link>} />
          <Figure label="在线会话" value={figures.liveSessions} />
          <Figure label="近 24 小时登录失败" value={figures.failedLogins24h} />
        </div>
      ) : null}
    </>
  );
}
