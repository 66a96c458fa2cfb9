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
