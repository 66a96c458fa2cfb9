import { Link } from "@remix-run/react";
import { FINDING_STATUS_LABELS, RECORD_KIND_LABELS, SEVERITY_LABELS } from "~/lib/forms/auditor";

/** The errors of a plain form's last submission (conform's reply), flattened for FormError. */
export function replyErrors(actionData: unknown): string[] | undefined {
  const result = actionData && typeof actionData === "object" && "result" in actionData ? (actionData.result as { error?: Record<string, string[] | null> }) : undefined;
  return result?.error ? Object.values(result.error).flat().filter((x): x is string => Boolean(x)) : undefined;
}

/** A finding's linked record: its kind and a link to its page when it has one. */
export function RecordLink({ kind, record }: { kind: keyof typeof RECORD_KIND_LABELS; record: { label: string; href: string | null } }) {
  return (
    <span>
      <span className="muted">{RECORD_KIND_LABELS[kind]}：</span>
      {record.href ? <Link to={record.href}>{record.label}</Link> : record.label}
    </span>
  );
}

export function FindingsTable({ rows }: { rows: { id: number; title: string; severity: "high" | "medium" | "low"; status: string; recordKind: keyof typeof RECORD_KIND_LABELS; record: { label: string; href: string | null }; createdAt: string | Date }[] }) {
  if (rows.length === 0) return <p className="muted">没有符合条件的审计发现。</p>;
  return (
    <table className="data" data-testid="findings">
      <thead>
        <tr><th>编号</th><th>标题</th><th>严重程度</th><th>关联记录</th><th>状态</th></tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.id}>
            <td><Link to={`/auditor/findings/${f.id}`}>{f.id}</Link></td>
            <td><Link to={`/auditor/findings/${f.id}`}>{f.title}</Link></td>
            <td>{SEVERITY_LABELS[f.severity]}</td>
            <td><RecordLink kind={f.recordKind} record={f.record} /></td>
            <td>{FINDING_STATUS_LABELS[f.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
