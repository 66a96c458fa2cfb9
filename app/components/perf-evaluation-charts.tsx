import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBp } from "~/lib/money";
import { ChartFigure } from "./charts";

const GRADE_COLORS = { 优: "#1a7f37", 良: "#1f5fbf", 中: "#d4a017", 差: "#c00" } as const;

/** Key-evaluation grades (D-10) stacked per region or program. */
export function GradeChart({ title, labelHeader, rows }: { title: string; labelHeader: string; rows: { label: string; 优: number; 良: number; 中: number; 差: number; total: number }[] }) {
  return (
    <ChartFigure
      title={title}
      table={
        <table className="data">
          <thead><tr><th>{labelHeader}</th><th className="num">优</th><th className="num">良</th><th className="num">中</th><th className="num">差</th><th className="num">合计</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.label}><td>{r.label}</td><td className="num">{r.优}</td><td className="num">{r.良}</td><td className="num">{r.中}</td><td className="num">{r.差}</td><td className="num">{r.total}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {(["优", "良", "中", "差"] as const).map((g) => <Bar key={g} dataKey={g} name={g} stackId="g" fill={GRADE_COLORS[g]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Region scorecards: disbursement (paid ÷ issued) against the time elapsed, and the mean key-evaluation score. */
export function ScorecardChart({ year, rows }: { year: number; rows: { name: string; disbursementBp: number | null; timeElapsedBp: number; meanScore: number | null; keyCount: number; flagged: boolean }[] }) {
  const data = rows.map((r) => ({ name: r.name, disbursement: r.disbursementBp === null ? null : r.disbursementBp / 100, score: r.meanScore }));
  const elapsed = rows[0]?.timeElapsedBp ?? 0;
  return (
    <ChartFigure
      title={`${year} 年度地区记分卡：拨付进度与重点评价平均分`}
      table={
        <table className="data">
          <thead><tr><th>市州</th><th className="num">拨付进度</th><th className="num">时间进度</th><th className="num">重点评价平均分</th><th className="num">评价项目数</th><th>第三十条提示</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.name}><td>{r.name}</td><td className="num">{r.disbursementBp === null ? "—" : formatBp(r.disbursementBp)}</td><td className="num">{formatBp(r.timeElapsedBp)}</td><td className="num">{r.meanScore ?? "—"}</td><td className="num">{r.keyCount}</td><td>{r.flagged ? "是" : "否"}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis domain={[0, 100]} />
          <Tooltip />
          <Legend />
          <ReferenceLine y={elapsed / 100} stroke="#888" strokeDasharray="6 3" label={{ value: "时间进度", position: "insideTopRight", fill: "#555" }} />
          <Bar dataKey="disbursement" name="拨付进度（%）" fill="#1f5fbf" isAnimationActive={false} />
          <Bar dataKey="score" name="重点评价平均分" fill="#d4a017" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
