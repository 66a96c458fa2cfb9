import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBp } from "~/lib/money";

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

/** Ratio over time (bp) for a bank and for the pool, with the 3% stop line. */
export function RatioChart({ title, series, bankLabel }: { title: string; series: { month: string; bankBp: number; poolBp: number }[]; bankLabel: string }) {
  const data = series.map((s) => ({ month: s.month, bank: s.bankBp / 100, pool: s.poolBp / 100 }));
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
          <YAxis unit="%" domain={[0, (max: number) => Math.max(4, Math.ceil(max))]} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
          <Legend />
          <ReferenceLine y={3} stroke="#c00" strokeDasharray="6 3" label={{ value: "3% 叫停线", position: "insideTopRight", fill: "#c00" }} />
          <Line type="monotone" dataKey="bank" name={bankLabel} stroke="#1f5fbf" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="pool" name="信贷通整体" stroke="#888" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
