import type { PageLoader } from "~/lib/types";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, Pager } from "~/components/list";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { exportResponse } from "~/server/export.server";
import { found } from "~/server/http.server";
import { getAccount } from "~/server/ledger-view.server";
import { PAGE_SIZE, parseListParams } from "~/server/list.server";

export const meta: MetaFunction = () => [{ title: "账户明细 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:ledger");
  const list = parseListParams(new URL(request.url), ["date"], "date");
  const accountId = Number(params.accountId);
  const result = found(Number.isSafeInteger(accountId) ? await getAccount(await getDb(), user.scope, accountId, list) : null);
  if (list.exportFormat) {
    return exportResponse(list.exportFormat, `账户明细-${result.account.code}`, [
      { header: "起息日", value: (r) => r.valueDate },
      { header: "分录号", value: (r) => r.journalId },
      { header: "业务类型", value: (r) => r.kind },
      { header: "摘要", value: (r) => r.memo },
      { header: "金额（元，借正贷负）", value: (r) => r.amountFen, fen: true },
      { header: "冲销分录号", value: (r) => r.reversesJournalId },
    ], result.lines);
  }
  return { ...result, page: list.page };
}

export default function AccountDetail() {
  const { account, lines, total, page } = useLoaderData<PageLoader<typeof loader>>();
  return (
    <>
      <h1>{account.name}</h1>
      <p>
        科目 <code>{account.code}</code> · 所属 {account.owner ?? "—"} · 余额 <strong><Money fen={account.balanceFen} /></strong> <ExportLinks />
      </p>
      <DataTable
        rows={lines}
        rowKey={(r) => r.postingId}
        columns={[
          { key: "date", header: "起息日", render: (r) => r.valueDate },
          { key: "journal", header: "分录号", render: (r) => r.journalId },
          { key: "memo", header: "摘要", render: (r) => (r.reversesJournalId ? `${r.memo}（冲销分录 ${r.reversesJournalId}）` : r.memo) },
          { key: "amount", header: "金额（元）", numeric: true, render: (r) => <Money fen={r.amountFen} /> },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
