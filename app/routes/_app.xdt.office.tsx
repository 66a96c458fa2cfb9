import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Figure, Money } from "~/components/figures";
import { DataTable } from "~/components/list";
import { QueueSection } from "~/components/queues";
import { Clock, Why } from "~/components/xdt";
import { XDT_BANK_STATUS_LABELS } from "~/lib/labels";
import { formatBp, formatThresholdBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { officeView } from "~/server/xdt/workspaces.server";

export const meta: MetaFunction = () => [{ title: "信贷通办与领导小组 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt-office");
  const today = xdtToday();
  return { today, ...(await officeView(await getDb(), user.scope, today)) };
}

export default function Office() {
  const { today, queues, banks, restartRequests, lateReturns, pool, poolRatio } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>信贷通办与协调领导小组</h1>
      <p className="muted">今天 {today}。受托管理机构报送的补偿方案由信贷通办汇总，提交协调领导小组决定（原则上每月一次）；决定在代偿申请页记录。合作银行达到 {formatThresholdBp(poolRatio.thresholdBp)} 暂停新增，恢复须低于 {formatThresholdBp(poolRatio.thresholdBp)} 且经领导小组决定。</p>
      <div className="cards">
        <Figure label="资金池余额" value={<Money fen={pool.balanceFen} unit="万元" />} />
        <Figure label="尚可支付（扣除已批未付）" value={<Money fen={pool.availableFen} unit="万元" />} note={<>已批未付 <Money fen={pool.committedFen} unit="万元" /></>} />
        <Figure label="出资到位" value={<Money fen={pool.paidFen} unit="万元" />} note={<>应出资 <Money fen={pool.dueFen} unit="万元" /> · <Link to="/pool">资金池与出资</Link></>} />
        <Figure label="整体不良率（叫停口径）" value={poolRatio.reached ? <strong className="error">{formatBp(poolRatio.ratioBp)} ≥ {formatThresholdBp(poolRatio.thresholdBp)}</strong> : formatBp(poolRatio.ratioBp)} note={poolRatio.reached ? `已达到 ${formatThresholdBp(poolRatio.thresholdBp)}：全部暂停新增` : `低于 ${formatThresholdBp(poolRatio.thresholdBp)}`} />
      </div>
      <Why text={poolRatio.why} />

      {queues.map((q) => (
        <QueueSection key={q.key} queue={q} exportTable={`xdt-queue-${q.key}`} />
      ))}

      <h2>待决定恢复的合作银行 <span className="tag">{restartRequests.length}</span></h2>
      <p className="muted">已暂停、不良率已回落到 {formatThresholdBp(poolRatio.thresholdBp)} 以下的银行，须协调领导小组决定后方可恢复新增贷款（《管理办法》第二十一条）。在银行页面记录决定。</p>
      <DataTable
        rows={restartRequests}
        rowKey={(b) => b.id}
        empty="没有等待恢复决定的银行"
        columns={[
          { key: "bank", header: "合作银行", render: (b) => <Link to={`/xdt/banks/${b.id}`}>{b.name}</Link> },
          { key: "ratio", header: "不良率（叫停口径）", numeric: true, render: (b) => formatBp(b.ratioBp) },
        ]}
      />

      <h2>合作银行状态与不良率</h2>
      <table className="data">
        <thead><tr><th>合作银行</th><th>状态</th><th className="num">累计入库贷款（元）</th><th className="num">累计实际补偿（元）</th><th className="num">不良率（叫停口径，对 {formatThresholdBp(poolRatio.thresholdBp)}）</th><th className="num">常规不良率（月报，参考）</th></tr></thead>
        <tbody>
          {banks.map((b) => (
            <tr key={b.id}>
              <td><Link to={`/xdt/banks/${b.id}`}>{b.name}</Link></td>
              <td>{XDT_BANK_STATUS_LABELS[b.status]}{b.awaitingRestart ? "（待决定恢复）" : ""}</td>
              <td className="num"><Money fen={b.cumulativeLoans} /></td>
              <td className="num"><Money fen={b.compensationPaid} /></td>
              <td className="num">{b.reached ? <strong className="error">{formatBp(b.ratioBp)} ≥ {formatThresholdBp(b.thresholdBp)}</strong> : `${formatBp(b.ratioBp)} < ${formatThresholdBp(b.thresholdBp)}`}</td>
              <td className="num">{b.conventionalBp === null ? "—" : formatBp(b.conventionalBp)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>逾期返还的追偿款 <span className="tag">{lateReturns.total}</span></h2>
      <p className="muted">银行收回后 3 个工作日内应返还资金池；逾期的提示受托管理机构和信贷通办（《管理办法》第十九条）。<Link to={lateReturns.href}>全部</Link></p>
      <DataTable
        rows={lateReturns.rows}
        rowKey={(r) => r.id}
        empty="没有逾期返还"
        columns={[
          { key: "due", header: "返还时限", render: (r) => <Clock due={r.dueDate} status={r.clock} /> },
          { key: "returned", header: "返还日", render: (r) => r.returnedOn ?? "未返还" },
          { key: "claim", header: "代偿申请", render: (r) => <Link to={`/xdt/claims/${r.claimId}`}>{r.claimId} · {r.contractNo}</Link> },
          { key: "bank", header: "合作银行", render: (r) => r.bank },
          { key: "toPool", header: "应返还（元）", numeric: true, render: (r) => <Money fen={r.toPoolFen} /> },
        ]}
      />
    </>
  );
}
