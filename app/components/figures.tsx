import { Link } from "@remix-run/react";
import { formatWan, formatYi, formatYuan } from "~/lib/money";

export function Figure({ label, value, note }: { label: string; value: React.ReactNode; note?: React.ReactNode }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {note ? <div className="note">{note}</div> : null}
    </div>
  );
}

/** Amount in fen shown in the unit the page asks for. */
export function Money({ fen, unit = "元" }: { fen: number; unit?: "元" | "万元" | "亿元" }) {
  const text = unit === "亿元" ? formatYi(fen) : unit === "万元" ? formatWan(fen) : formatYuan(fen);
  return (
    <span style={{ fontVariantNumeric: "tabular-nums" }}>
      {text}
      <small> {unit}</small>
    </span>
  );
}

/** The partner banks' 信贷通 deposit accounts (a bank user gets only its own row from the loader). */
export function DepositTable({ deposits }: { deposits: { accountId: number; bank: string | null; balanceFen: number }[] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>合作银行</th>
          <th className="num">存款余额（元）</th>
        </tr>
      </thead>
      <tbody>
        {deposits.map((d) => (
          <tr key={d.accountId}>
            <td>
              <Link to={`/ledger/${d.accountId}`}>{d.bank}</Link>
            </td>
            <td className="num">
              <Money fen={d.balanceFen} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
