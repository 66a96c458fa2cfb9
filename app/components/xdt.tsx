import { CLOCK_LABELS } from "~/lib/labels";

/** The rule book's "why" (rules explain()), folded under the verdict it explains. */
export function Why({ text, open = false, label = "为什么？（依据与计算）" }: { text: string; open?: boolean; label?: string }) {
  return (
    <details className="why" open={open}>
      <summary>{label}</summary>
      <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }}>{text}</pre>
    </details>
  );
}

/** A deadline with its state: due (date), overdue, done. */
export function Clock({ due, status }: { due: string | null; status: string | null }) {
  if (!due || !status) return <span className="muted">—</span>;
  return (
    <span className={`tag clock-${status}`} title={CLOCK_LABELS[status]}>
      {due} {CLOCK_LABELS[status]}
    </span>
  );
}
