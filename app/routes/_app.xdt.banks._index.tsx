import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Figure, Money } from "~/components/figures";
import { Why } from "~/components/xdt";
import { XDT_BANK_STATUS_LABELS } from "~/lib/labels";
import { formatBp, formatThresholdBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { listBanks, poolRatio } from "~/server/xdt/banks.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "合作银行与不良率 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const db = await getDb();
  const today = xdtToday();
  return { banks: await listBanks(db, user.scope, today), pool: await poolRatio(db, today), today };
}

export default function Banks() {
  const { banks, pool, today } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>合作银行与不良率</h1>
      <p className="muted">
        不良率（叫停口径，《管理办法》第二十一条，D-6）＝ 累计实际补偿 ÷ 累计入库贷款；达到 {formatThresholdBp(pool.thresholdBp)} 即暂停新增贷款，恢复须低于 {formatThresholdBp(pool.thresholdBp)} 且经协调领导小组决定。
        常规不良率（逾期 90 天以上贷款 ÷ 贷款余额，来自月报）另列，仅供参考，不用于叫停。截至 {today}。
      </p>
      <div className="cards">
        <Figure label="信贷通整体不良率（叫停口径）" value={formatBp(pool.ratioBp)} note={pool.reached ? `已达到 ${formatThresholdBp(pool.thresholdBp)}：全部暂停新增` : `低于 ${formatThresholdBp(pool.thresholdBp)}`} />
        <Figure label="整体常规不良率（月报口径，参考）" value={pool.conventionalBp === null ? "—" : formatBp(pool.conventionalBp)} />
        <Figure label="累计实际补偿" value={<Money fen={pool.compensationPaid} unit="万元" />} />
        <Figure label="累计入库贷款" value={<Money fen={pool.cumulativeLoans} unit="亿元" />} />
      </div>
      <Why text={pool.why} />
      <table className="data">
        <thead>
          <tr><th>合作银行</th><th>状态</th><th className="num">累计入库贷款（元）</th><th className="num">累计实际补偿（元）</th><th className="num">不良率（叫停口径）</th><th className="num">常规不良率（月报，参考）</th></tr>
        </thead>
        <tbody>
          {banks.map((b) => (
            <tr key={b.id}>
              <td><Link to={`/xdt/banks/${b.id}`}>{b.name}</Link></td>
              <td>{XDT_BANK_STATUS_LABELS[b.status]}</td>
              <td className="num"><Money fen={b.cumulativeLoans} /></td>
              <td className="num"><Money fen={b.compensationPaid} /></td>
              <td className="num">{b.reached ? <strong className="error">{formatBp(b.ratioBp)} ≥ {formatThresholdBp(b.thresholdBp)}</strong> : formatBp(b.ratioBp)}</td>
              <td className="num">{b.conventionalBp === null ? "—" : `${formatBp(b.conventionalBp)}（${b.reportMonth?.slice(0, 7)}）`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
