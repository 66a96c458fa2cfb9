import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Figure, Money } from "~/components/figures";
import { DataTable } from "~/components/list";
import { Clock } from "~/components/xdt";
import { formatTimestamp } from "~/lib/dates";
import { XDT_BANK_STATUS_LABELS, XDT_CLAIM_STATUS_LABELS } from "~/lib/labels";
import { formatBp, formatThresholdBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { bankWorkspace } from "~/server/xdt/workspaces.server";

export const meta: MetaFunction = () => [{ title: "银行工作台 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt-workspace");
  const today = xdtToday();
  return { today, isBank: user.scope.kind === "bank", ...(await bankWorkspace(await getDb(), user, today)) };
}

const IMPORT_STATUS: Record<string, string> = { queued: "排队中", running: "处理中", done: "已完成", failed: "失败" };

export default function Workspace() {
  const { today, isBank, loans, imports, claims, recoveries, bank, deadlines } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{isBank && bank ? `${bank.name} 信贷通工作台` : "合作银行信贷通工作台（全部银行）"}</h1>
      <p className="muted">今天 {today}。各栏汇总本行的贷款、导入、代偿、追偿和时限，点击进入对应列表（已按条件筛选）办理。</p>
      {bank ? (
        <div className="cards">
          <Figure label="合作状态" value={XDT_BANK_STATUS_LABELS[bank.status]} />
          <Figure label="不良率（叫停口径）" value={bank.reached ? <strong className="error">{formatBp(bank.ratioBp)} ≥ {formatThresholdBp(bank.thresholdBp)}</strong> : formatBp(bank.ratioBp)} note={<Link to={`/xdt/banks/${bank.id}`}>依据与走势</Link>} />
          <Figure label="累计入库贷款" value={<Money fen={bank.cumulativeLoans} unit="万元" />} />
          <Figure label="累计实际补偿" value={<Money fen={bank.compensationPaid} unit="万元" />} />
        </div>
      ) : null}

      <h2>贷款</h2>
      <div className="cards">
        {loans.map((l) => (
          <Link key={l.href} className="card" to={l.href}>
            <div className="label">{l.label}</div>
            <div className="value">{l.count}</div>
          </Link>
        ))}
      </div>

      <h2>代偿申请（按环节）</h2>
      <table className="data">
        <thead><tr><th>环节</th><th className="num">件数</th><th className="num">时限内</th><th className="num">已逾期</th></tr></thead>
        <tbody>
          {claims.map((s) => (
            <tr key={s.status}>
              <td><Link to={s.href}>{XDT_CLAIM_STATUS_LABELS[s.status]}</Link></td>
              <td className="num">{s.total}</td>
              <td className="num">{s.due || "—"}</td>
              <td className="num">{s.overdue ? <strong className="error">{s.overdue}</strong> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>追偿款待返还 <span className="tag">{recoveries.total}</span></h2>
      <p className="muted">收回后 3 个工作日内返还资金池（《管理办法》第十九条）。<Link to={recoveries.href}>全部待返还</Link></p>
      <DataTable
        rows={recoveries.rows}
        rowKey={(r) => r.id}
        empty="没有待返还的追偿款"
        columns={[
          { key: "due", header: "返还时限", render: (r) => <Clock due={r.dueDate} status={r.clock} /> },
          { key: "claim", header: "代偿申请", render: (r) => <Link to={`/xdt/claims/${r.claimId}`}>{r.claimId} · {r.contractNo}</Link> },
          { key: "enterprise", header: "企业", render: (r) => r.enterprise },
          { key: "toPool", header: "应返还（元）", numeric: true, render: (r) => <Money fen={r.toPoolFen} /> },
        ]}
      />

      <h2>最近的导入</h2>
      <p className="muted"><Link to="/xdt/imports">全部导入记录与上传</Link></p>
      <table className="data">
        <thead><tr><th>编号</th><th>文件</th><th>状态</th><th>进度</th><th className="num">导入</th><th className="num">未导入</th><th>时间</th></tr></thead>
        <tbody>
          {imports.length === 0 ? <tr><td colSpan={7} className="muted">尚无导入</td></tr> : imports.map((j) => (
            <tr key={j.id}>
              <td><Link to={`/xdt/imports/${j.id}`}>{j.id}</Link></td>
              <td>{j.fileName}</td>
              <td>{IMPORT_STATUS[j.status]}</td>
              <td>{j.status === "done" ? "100%" : <progress max={Math.max(1, j.totalRows)} value={j.processedRows} aria-label={`导入 ${j.id} 进度`} />} {j.processedRows}/{j.totalRows}</td>
              <td className="num">{j.okRows}</td>
              <td className="num">{j.badRows}</td>
              <td>{formatTimestamp(j.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>时限 <span className="tag">{deadlines.total}</span>{deadlines.overdue ? <> <span className="tag off">逾期 {deadlines.overdue}</span></> : null}</h2>
      <p className="muted"><Link to="/todo">全部待办</Link></p>
      <table className="data">
        <thead><tr><th>到期日</th><th>事项</th><th>时限</th><th>依据</th></tr></thead>
        <tbody>
          {deadlines.rows.length === 0 ? <tr><td colSpan={4} className="muted">暂无待办事项</td></tr> : deadlines.rows.map((d) => (
            <tr key={d.key}>
              <td><Clock due={d.due} status={d.status} /></td>
              <td>{d.href ? <Link to={d.href}>{d.subject}</Link> : d.subject}</td>
              <td>{d.clock}</td>
              <td className="muted" style={{ fontSize: 12 }}>{d.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
