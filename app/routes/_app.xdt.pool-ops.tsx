import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Figure, Money } from "~/components/figures";
import { IntentForm, useLastSubmission } from "~/components/funds/ui";
import { DataTable, ExportLinks, FilterForm, FilterSelect, Pager } from "~/components/list";
import { poolOperationSchema } from "~/lib/forms/xdt";
import { XDT_POOL_OP_LABELS } from "~/lib/labels";
import { formatYuan } from "~/lib/money";
import { PAGE_SIZE } from "~/lib/list";
import { can } from "~/lib/permissions";
import { formatTimestamp } from "~/lib/dates";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { parseListParams } from "~/server/list.server";
import { poolSummary } from "~/server/pool.server";
import { redirectWithToast } from "~/server/toast.server";
import { POOL_CAPACITY_WHY, POOL_OP_SORTS, listPoolOperations, parsePoolOpFilters, poolAccountBalances, recordPoolOperation } from "~/server/xdt/pool-ops.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "资金池存取与调拨 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:pool");
  const db = await getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, POOL_OP_SORTS, "valueDate", "desc");
  const { rows, total } = await listPoolOperations(db, user.scope, params, parsePoolOpFilters(url));
  const accounts = await poolAccountBalances(db, user.scope);
  return {
    pool: await poolSummary(db),
    accounts,
    rows,
    total,
    page: params.page,
    manage: can(user, "manage:xdt-pool"),
    isBank: user.scope.kind === "bank",
    why: POOL_CAPACITY_WHY,
    today: xdtToday(),
    // one id per rendered form: a second submission of the same form posts nothing more
    requestId: crypto.randomUUID(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:xdt-pool");
  const submission = parseWithZod(formData, { schema: poolOperationSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => recordPoolOperation(tx, actor, submission.value, xdtToday()));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, "/xdt/pool-ops", { type: "success", message: outcome.value.message });
  });
}

export default function PoolOperations() {
  const { pool, accounts, rows, total, page, manage, isBank, why, today, requestId } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const last = useLastSubmission();
  const err = (i: string) => (last.intent === i ? last.errors : null);
  const banks = accounts.filter((a) => !a.isTrust);
  const bankSelect = (intent: string, name: string, label: string) => (
    <label className="field">
      {label}
      <select name={name} defaultValue={last.value(intent, name)}>
        <option value="">请选择</option>
        {banks.map((b) => <option key={b.bankOrgId} value={b.bankOrgId!}>{b.bank}（余额 {formatYuan(b.balanceFen)} 元）</option>)}
      </select>
    </label>
  );
  const common = (intent: string) => (
    <>
      <input type="hidden" name="requestId" value={last.value(intent, "requestId", requestId)} />
      <label className="field">金额（元）<input name="amount" inputMode="decimal" defaultValue={last.value(intent, "amount")} /></label>
      <label className="field">记账日期<input type="date" name="valueDate" max={today} defaultValue={last.value(intent, "valueDate", today)} /></label>
      <label className="field">银行回单号/凭证号<input name="reference" defaultValue={last.value(intent, "reference")} /></label>
      <label className="field">事由<input name="reason" defaultValue={last.value(intent, "reason")} /></label>
    </>
  );
  return (
    <>
      <h1>资金池存取与调拨</h1>
      <p className="muted">
        受托管理机构（黔晟国资）开设信贷通专户，专户管理、单独核算；资金存入各合作银行的信贷通存款户，补偿资金先从申请补偿银行的存款户支付，不足部分由其余银行按存入比例分担。
        每笔存入、支取和调拨都是一笔借贷平衡的记账分录，专户和存款户不得透支。
      </p>
      <div className="cards">
        <Figure label="资金池余额" value={<Money fen={pool.balanceFen} unit="万元" />} note="专户 + 各合作银行存款户" />
        <Figure label="已批准未支付的补偿" value={<Money fen={pool.committedFen} unit="万元" />} />
        <Figure label="尚可支付" value={<Money fen={pool.availableFen} unit="万元" />} note="余额 − 已批准未支付的补偿" />
      </div>
      <details className="why">
        <summary>为什么“尚可支付”是余额减去已批准未支付的补偿？（依据）</summary>
        <ul>{why.map((w) => <li key={w}>{w}</li>)}</ul>
      </details>
      <h2>{isBank ? "本行信贷通存款户与专户" : "资金池各账户余额"}</h2>
      <table className="data">
        <thead><tr><th>账户</th><th className="num">余额（元）</th></tr></thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.accountId}>
              <td>{isBank && a.isTrust ? a.name : <Link to={`/ledger/${a.accountId}`}>{a.name}</Link>}</td>
              <td className="num"><Money fen={a.balanceFen} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {manage ? (
        <>
          <h2>记录资金操作</h2>
          <IntentForm intent="deposit" label="记录存入" errors={err("deposit")}>
            <strong>专户 → 合作银行存款户（存入）</strong>
            {bankSelect("deposit", "toBank", "存入的合作银行")}
            {common("deposit")}
          </IntentForm>
          <IntentForm intent="withdrawal" label="记录支取" errors={err("withdrawal")}>
            <strong>合作银行存款户 → 专户（支取）</strong>
            {bankSelect("withdrawal", "fromBank", "支取的合作银行")}
            {common("withdrawal")}
          </IntentForm>
          <IntentForm intent="transfer" label="记录调拨" errors={err("transfer")}>
            <strong>合作银行存款户之间调拨</strong>
            {bankSelect("transfer", "fromBank", "调出的合作银行")}
            {bankSelect("transfer", "toBank", "调入的合作银行")}
            {common("transfer")}
          </IntentForm>
        </>
      ) : null}
      <h2>操作记录</h2>
      <FilterForm>
        <label>搜索<input name="q" defaultValue={params.get("q") ?? ""} placeholder="凭证号、事由" /></label>
        <FilterSelect label="类型" name="kind" options={Object.entries(XDT_POOL_OP_LABELS)} />
        <ExportLinks table="xdt-pool-ops" />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: "valueDate", header: "记账日期", sort: "valueDate", render: (r) => r.valueDate },
          { key: "kind", header: "类型", render: (r) => XDT_POOL_OP_LABELS[r.kind] },
          { key: "from", header: "转出账户", render: (r) => r.fromName },
          { key: "to", header: "转入账户", render: (r) => r.toName },
          { key: "amount", header: "金额（元）", sort: "amount", numeric: true, render: (r) => <Money fen={r.amountFen} /> },
          { key: "reference", header: "凭证号", render: (r) => r.reference },
          { key: "reason", header: "事由", render: (r) => r.reason },
          { key: "journal", header: "分录", render: (r) => (r.journalId ? `#${r.journalId}` : "—") },
          { key: "recordedAt", header: "记录人 / 时间", sort: "recordedAt", render: (r) => `${r.recordedByName} ${formatTimestamp(r.recordedAt)}` },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
