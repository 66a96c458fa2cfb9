import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBp, formatThresholdBp } from "~/lib/money";

/**
 * A chart with its data as an accessible table (STACK.md trap 1: recharts renders only in the browser, so the table
 * is what the server sends, what screen readers read and what prints).
 */
export function ChartFigure({ title, children, table }: { title: string; children: React.ReactNode; table: React.ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div style={{ width: "100%", height: 300 }}>{children}</div>
      <details>
        <summary>数据表</summary>
        {table}
      </details>
    </figure>
  );
}

/** Ratio over time (bp) for a bank and for the pool, with the stop line in force (the rule book's threshold). */
export function RatioChart({ title, series, bankLabel }: { title: string; series: { month: string; bankBp: number; poolBp: number; thresholdBp: number }[]; bankLabel: string }) {
  const data = series.map((s) => ({ month: s.month, bank: s.bankBp / 100, pool: s.poolBp / 100 }));
  const thresholdBp = series.at(-1)?.thresholdBp;
  return (
    <ChartFigure
      title={title}
      table={
        <table className="data">
          <thead><tr><th>月末</th><th className="num">{bankLabel}</th><th className="num">信贷通整体</th></tr></thead>
          <tbody>{series.map((s) => <tr key={s.month}><td>{s.month}</td><td className="num">{formatBp(s.bankBp)}</td><td className="num">{formatBp(s.poolBp)}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="%" domain={[0, (max: number) => Math.ceil(Math.max(max, (thresholdBp ?? 0) / 100) + 1)]} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
          <Legend />
          {thresholdBp === undefined ? null : <ReferenceLine y={thresholdBp / 100} stroke="#c00" strokeDasharray="6 3" label={{ value: `${formatThresholdBp(thresholdBp)} 叫停线`, position: "insideTopRight", fill: "#c00" }} />}
          <Line type="monotone" dataKey="bank" name={bankLabel} stroke="#1f5fbf" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="pool" name="信贷通整体" stroke="#888" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Pool balance over time: contributions in, compensation out, recoveries back (万元). */
export function PoolChart({ series }: { series: { month: string; contributed: number; compensated: number; recovered: number; balance: number }[] }) {
  const wan = (f: number) => Math.round(f / 1_000_000);
  const data = series.map((s) => ({ month: s.month, contributed: wan(s.contributed), compensated: wan(s.compensated), recovered: wan(s.recovered), balance: wan(s.balance) }));
  return (
    <ChartFigure
      title="资金池余额及其构成（累计，万元）"
      table={
        <table className="data">
          <thead><tr><th>月末</th><th className="num">累计出资</th><th className="num">累计补偿支出</th><th className="num">累计追偿返还</th><th className="num">余额</th></tr></thead>
          <tbody>{data.map((s) => <tr key={s.month}><td>{s.month}</td><td className="num">{s.contributed}</td><td className="num">{s.compensated}</td><td className="num">{s.recovered}</td><td className="num">{s.balance}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 20 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="万" />
          <Tooltip />
          <Legend />
          <Line dataKey="balance" name="余额" stroke="#1f5fbf" dot={false} isAnimationActive={false} />
          <Line dataKey="contributed" name="累计出资" stroke="#2a9d5c" dot={false} isAnimationActive={false} />
          <Line dataKey="compensated" name="累计补偿支出" stroke="#c00" dot={false} isAnimationActive={false} />
          <Line dataKey="recovered" name="累计追偿返还" stroke="#b8860b" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

const STAGE_LABELS: Record<string, string> = { filed: "已提交", returned: "退回补充", verified: "已核实", planned: "方案已报送", compiled: "已汇总", approved: "已批准待支付", rejected: "不予补偿", paid: "已支付" };

/** Claims by stage, split by the state of their current clock. */
export function ClaimsStageChart({ rows }: { rows: { status: string; due: number; overdue: number; none: number }[] }) {
  const data = rows.map((r) => ({ ...r, label: STAGE_LABELS[r.status] }));
  return (
    <ChartFigure
      title="代偿申请按环节（按当前时限状态）"
      table={
        <table className="data">
          <thead><tr><th>环节</th><th className="num">时限内</th><th className="num">已逾期</th><th className="num">无时限（在银行或已办结）</th></tr></thead>
          <tbody>{data.map((r) => <tr key={r.status}><td>{r.label}</td><td className="num">{r.due}</td><td className="num">{r.overdue}</td><td className="num">{r.none}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="due" name="时限内" stackId="a" fill="#1f5fbf" isAnimationActive={false} />
          <Bar dataKey="overdue" name="已逾期" stackId="a" fill="#c00" isAnimationActive={false} />
          <Bar dataKey="none" name="无时限" stackId="a" fill="#aaa" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Cumulative lending this year against last year and the 120% line (XDT-BF 第十四条), 万元. */
export function LendingChart({ rows, label }: { rows: { month: string; year: number; current: number; prior: number; cumulative: number; cumulativePrior: number; target: number }[]; label: string }) {
  const wan = (f: number) => Math.round(f / 1_000_000);
  const year = rows[0]?.year ?? 0;
  const data = rows.map((r) => ({ month: r.month, cumulative: wan(r.cumulative), cumulativePrior: wan(r.cumulativePrior), target: wan(r.target) }));
  return (
    <ChartFigure
      title={`${label}：${year} 年累计投放与上年同期及增长 20% 目标（万元）`}
      table={
        <table className="data">
          <thead><tr><th>月份</th><th className="num">当月投放</th><th className="num">上年同月</th><th className="num">当年累计</th><th className="num">上年同期累计</th><th className="num">上年同期 ×120%</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.month}><td>{r.month}</td><td className="num">{wan(r.current)}</td><td className="num">{wan(r.prior)}</td><td className="num">{wan(r.cumulative)}</td><td className="num">{wan(r.cumulativePrior)}</td><td className="num">{wan(r.target)}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 20 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="万" />
          <Tooltip />
          <Legend />
          <Line dataKey="cumulative" name={`${year} 年累计`} stroke="#1f5fbf" dot={false} isAnimationActive={false} />
          <Line dataKey="cumulativePrior" name={`${year - 1} 年同期累计`} stroke="#888" dot={false} isAnimationActive={false} />
          <Line dataKey="target" name="增长 20% 目标" stroke="#c00" strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
