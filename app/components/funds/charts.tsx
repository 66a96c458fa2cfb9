import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "~/components/charts";
import { formatBp, formatWan } from "~/lib/money";

/** Issued vs paid, cumulative by month (万元); the table carries the same figures. */
export function IssuedPaidChart({ title, series }: { title: string; series: { month: string; issuedFen: number; paidFen: number }[] }) {
  const data = series.map((s) => ({ month: s.month, issued: s.issuedFen / 1_000_000, paid: s.paidFen / 1_000_000 }));
  return (
    <ChartFigure
      title={title}
      table={
        <table className="data">
          <thead><tr><th>月份</th><th className="num">累计下达（万元）</th><th className="num">累计拨付（万元）</th></tr></thead>
          <tbody>{series.map((s) => <tr key={s.month}><td>{s.month}</td><td className="num">{formatWan(s.issuedFen)}</td><td className="num">{formatWan(s.paidFen)}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="万" />
          <Tooltip formatter={(v) => `${Number(v).toLocaleString("zh-CN")} 万元`} />
          <Legend />
          <Line type="stepAfter" dataKey="issued" name="累计下达" stroke="#1f5fbf" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="paid" name="累计拨付" stroke="#d2691e" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Two percentages per row (bp) as bars: e.g. disbursement rate vs time elapsed, or cap use. */
export function PercentBars({ title, rows, a, b }: { title: string; rows: { label: string; aBp: number; bBp?: number; note?: string | null }[]; a: string; b?: string }) {
  const data = rows.map((r) => ({ label: r.label, a: r.aBp / 100, b: (r.bBp ?? 0) / 100 }));
  return (
    <ChartFigure
      title={title}
      table={
        <table className="data">
          <thead><tr><th>项目</th><th className="num">{a}</th>{b ? <th className="num">{b}</th> : null}<th>说明</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.label}><td>{r.label}</td><td className="num">{formatBp(r.aBp)}</td>{b ? <td className="num">{formatBp(r.bBp ?? 0)}</td> : null}<td>{r.note ?? ""}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis unit="%" />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
          <Legend />
          <Bar dataKey="a" name={a} fill="#1f5fbf" isAnimationActive={false} />
          {b ? <Bar dataKey="b" name={b} fill="#bbb" isAnimationActive={false} /> : null}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Amounts per bucket (万元) as bars: carry-over ageing. */
export function AmountBars({ title, rows, label }: { title: string; rows: { label: string; fen: number }[]; label: string }) {
  return (
    <ChartFigure
      title={title}
      table={
        <table className="data">
          <thead><tr><th>账龄</th><th className="num">{label}（万元）</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.label}><td>{r.label}</td><td className="num">{formatWan(r.fen)}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows.map((r) => ({ label: r.label, v: r.fen / 1_000_000 }))} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis unit="万" />
          <Tooltip formatter={(v) => `${Number(v).toLocaleString("zh-CN")} 万元`} />
          <Bar dataKey="v" name={label} fill="#d2691e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
