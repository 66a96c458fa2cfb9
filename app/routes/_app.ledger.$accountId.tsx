import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { DataTable, ExportLinks, Pager } from "~/components/list";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { found } from "~/server/http.server";
import { getAccount, ledgerReach } from "~/server/ledger-view.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";

export const meta: MetaFunction = () => [{ title: "账户明细 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:ledger");
  const list = parseListParams(new URL(request.url), ["date"], "date");
  const accountId = Number(params.accountId);
  const result = found(Number.isSafeInteger(accountId) ? await getAccount(await getDb(), ledgerReach(user), accountId, list) : null);
  return { ...result, page: list.page };
}

export default function AccountDetail() {
  const { account, lines, total, page } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{account.name}</h1>
      <p>
        科目 <code>{account.code}</code> · 所属 {account.owner ?? "—"} · 余额 <strong><Money fen={account.balanceFen} /></strong> <ExportLinks table="ledger-account" extra={{ id: String(account.id) }} />
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
