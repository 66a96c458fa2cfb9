import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "~/components/charts";
import { formatBp, formatWan } from "~/lib/money";

interface PoolYear {
  year: number;
  complete: boolean;
  lendingFen: number;
  contributedFen: number;
  compensationFen: number;
  recoveriesFen: number;
  leverageBp: number;
  smes: number;
  cumulativeRatioBp: number;
}

/** The pool's yearly performance: lending, compensation and recoveries (万元) and lending per yuan of pool (right axis). */
export function PoolYearChart({ years }: { years: PoolYear[] }) {
  const wan = (f: number) => Math.round(f / 1_000_000);
  const data = years.map((y) => ({ year: `${y.year}${y.complete ? "" : "（截至今日）"}`, lending: wan(y.lendingFen), compensation: wan(y.compensationFen), recoveries: wan(y.recoveriesFen), leverage: y.leverageBp / 10_000 }));
  return (
    <ChartFigure
      title="资金池年度绩效：当年投放、补偿、追偿返还（万元）与每元资金池撬动贷款（倍）"
      table={
        <table className="data" data-testid="pool-year-table">
          <thead><tr><th>年度</th><th className="num">当年投放（万元）</th><th className="num">支持企业（户）</th><th className="num">资金池到位（万元）</th><th className="num">撬动倍数</th><th className="num">当年补偿（万元）</th><th className="num">当年追偿返还（万元）</th><th className="num">年末不良率（叫停口径）</th></tr></thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <td>{y.year}{y.complete ? "" : "（截至今日）"}</td>
                <td className="num">{formatWan(y.lendingFen)}</td>
                <td className="num">{y.smes}</td>
                <td className="num">{formatWan(y.contributedFen)}</td>
                <td className="num">{(y.leverageBp / 10_000).toFixed(2)}</td>
                <td className="num">{formatWan(y.compensationFen)}</td>
                <td className="num">{formatWan(y.recoveriesFen)}</td>
                <td className="num">{formatBp(y.cumulativeRatioBp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 20 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="year" />
          <YAxis yAxisId="wan" unit="万" />
          <YAxis yAxisId="x" orientation="right" unit="倍" />
          <Tooltip />
          <Legend />
          <Bar yAxisId="wan" dataKey="lending" name="当年投放" fill="#1f5fbf" isAnimationActive={false} />
          <Bar yAxisId="wan" dataKey="compensation" name="当年补偿" fill="#c00" isAnimationActive={false} />
          <Bar yAxisId="wan" dataKey="recoveries" name="当年追偿返还" fill="#b8860b" isAnimationActive={false} />
          <Line yAxisId="x" dataKey="leverage" name="每元资金池撬动贷款（倍）" stroke="#2a9d5c" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
