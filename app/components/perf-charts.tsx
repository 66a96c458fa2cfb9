import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBp } from "~/lib/money";
import { ChartFigure } from "./charts";

export interface MonitoringChartRow {
  id: number;
  project: string;
  region: string;
  timeElapsedBp: number;
  executionLineBp: number;
  goalLineBp: number;
  executionBp: number;
  goalAttainmentBp: number | null;
  executionFlag: boolean;
  goalFlag: boolean;
}

/**
 * 双监控: execution and goal attainment per project against time elapsed, with the deviation band — the line the
 * tolerance puts below time elapsed (a bar under it is flagged by the rule book's monitoringDeviation).
 */
/** A short horizontal mark across a project's bars at the line's value. */
function marker(color: string, dash?: string) {
  return function Mark(props: { cx?: number; cy?: number; index?: number }) {
    if (props.cx === undefined || props.cy === undefined || Number.isNaN(props.cy)) return <g key={props.index} />;
    return <line key={props.index} x1={props.cx - 18} x2={props.cx + 18} y1={props.cy} y2={props.cy} stroke={color} strokeWidth={2} strokeDasharray={dash} />;
  };
}

export function MonitoringChart({ rows, period, toleranceBp }: { rows: MonitoringChartRow[]; period: string; toleranceBp: number }) {
  const pct = (bp: number | null) => (bp === null ? null : bp / 100);
  const data = rows.map((r) => ({ name: r.project.length > 10 ? `${r.project.slice(0, 10)}…` : r.project, execution: pct(r.executionBp), attainment: pct(r.goalAttainmentBp), time: pct(r.timeElapsedBp), band: pct(r.executionLineBp) }));
  const flag = (on: boolean) => (on ? " ⚠" : "");
  return (
    <ChartFigure
      title={`${period} 各项目预算执行进度与绩效目标完成度（%），偏差线 = 时间进度 − ${formatBp(toleranceBp)}`}
      table={
        <table className="data">
          <thead>
            <tr><th>项目</th><th>地区</th><th className="num">时间进度</th><th className="num">偏差线</th><th className="num">执行进度</th><th className="num">目标完成度</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.project}</td>
                <td>{r.region}</td>
                <td className="num">{formatBp(r.timeElapsedBp)}</td>
                <td className="num">{formatBp(r.executionLineBp)}</td>
                <td className="num">{formatBp(r.executionBp)}{flag(r.executionFlag)}</td>
                <td className="num">{r.goalAttainmentBp === null ? "—" : formatBp(r.goalAttainmentBp)}{flag(r.goalFlag)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 10, right: 20, bottom: 40, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={60} />
          <YAxis unit="%" domain={[0, 100]} />
          <Tooltip formatter={(v) => (v === null ? "—" : `${Number(v).toFixed(2)}%`)} />
          <Legend verticalAlign="top" />
          <Bar dataKey="execution" name="预算执行进度" fill="#1f5fbf" isAnimationActive={false} />
          <Bar dataKey="attainment" name="绩效目标完成度" fill="#2a9d5c" isAnimationActive={false} />
          {/* per-project markers, not a line across projects: each project has its own time elapsed */}
          <Line dataKey="time" name="时间进度" stroke="#555" strokeOpacity={0} legendType="plainline" dot={marker("#555")} activeDot={false} isAnimationActive={false} />
          <Line dataKey="band" name="偏差线" stroke="#c00" strokeOpacity={0} legendType="plainline" dot={marker("#c00", "5 3")} activeDot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
