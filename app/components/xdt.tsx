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

/** A "原则上" limit let through with a written reason: who, why, which limits — shown wherever the verdict is. */
export function SoftOverride({ override, compact = false }: { override?: { by: string; reason: string; codes?: string[] } | null; compact?: boolean }) {
  if (!override) return null;
  if (compact) {
    return (
      <span className="tag" title={`${override.by}：${override.reason}`} data-testid="soft-override">
        原则上限制已书面放行
      </span>
    );
  }
  return (
    <div className="form-error" role="note" data-testid="soft-override">
      “原则上”限制已书面说明理由放行：提交人 {override.by}；理由：{override.reason}
      {override.codes && override.codes.length > 0 ? `（涉及 ${override.codes.length} 项）` : ""}
    </div>
  );
}
