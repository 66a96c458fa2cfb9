import { Link } from "@remix-run/react";
import { Money } from "./figures";
import { DataTable, ExportLinks } from "./list";
import { Clock } from "./xdt";

export interface QueueView {
  key: string;
  title: string;
  clock: string;
  listHref: string;
  amountHeader: string;
  total: number;
  rows: { id: number; href: string; ref: string; bank: string | null; enterprise: string; amountFen: number; due: string | null; clock: string | null }[];
}

/** One work queue: its count, its clock rule, its rows (earliest clock first), a link to the full list and its export. */
export function QueueSection({ queue, openHref, exportTable }: { queue: QueueView; openHref?: string; exportTable?: string }) {
  return (
    <section aria-labelledby={`queue-${queue.key}`} data-queue={queue.key}>
      <h2 id={`queue-${queue.key}`}>
        {queue.title} <span className="tag" data-testid={`queue-count-${queue.key}`}>{queue.total}</span>{" "}
        {exportTable ? <ExportLinks table={exportTable} /> : null}
      </h2>
      <p className="muted">
        {queue.clock}。<Link to={queue.listHref}>在列表中查看全部（可搜索、筛选）</Link>
        {openHref && queue.total > queue.rows.length ? <> · <Link to={openHref}>本队列全部 {queue.total} 条</Link></> : null}
      </p>
      <DataTable
        rows={queue.rows}
        rowKey={(r) => r.id}
        empty="队列为空"
        columns={[
          { key: "due", header: "时限", render: (r) => <Clock due={r.due} status={r.clock} /> },
          { key: "ref", header: "事项", render: (r) => <Link to={r.href}>{r.ref}</Link> },
          { key: "bank", header: "合作银行", render: (r) => r.bank ?? "" },
          { key: "enterprise", header: "借款企业", render: (r) => r.enterprise },
          { key: "amount", header: queue.amountHeader, numeric: true, render: (r) => <Money fen={r.amountFen} /> },
        ]}
      />
    </section>
  );
}
