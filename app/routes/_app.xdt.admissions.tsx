import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { Money } from "~/components/figures";
import { DataTable, Pager } from "~/components/list";
import { Clock, SoftOverride } from "~/components/xdt";
import { formatBp } from "~/lib/money";
import { requireAction, requirePermission } from "~/server/auth.server";
import { invalid } from "~/server/form.server";
import { UserInputError } from "~/server/users.server";
import { getDb } from "~/server/db.server";
import { parseListParams } from "~/server/list.server";
import { PAGE_SIZE } from "~/lib/list";
import { BULK_ADMISSION_MAX, LOAN_SORTS, decideAdmissions, decideAdmissionsSchema, listLoans } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { clockStatus, xdtStatedFigures, type LegalDate } from "#rules";

export const meta: MetaFunction = () => [{ title: "入库审核队列 · 资金通" }];

/** The trustee's queue: loans waiting for admission, the nearest (or overdue) 5-working-day clock first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "decide:xdt-admission");
  const params = { ...parseListParams(new URL(request.url), LOAN_SORTS, "admissionDue", "asc"), sort: "admissionDue" as const, dir: "asc" as const };
  const today = xdtToday();
  const { rows, total } = await listLoans(await getDb(), user.scope, params, { status: "pending" });
  return { rows: rows.map((r) => ({ ...r, clock: r.admissionDue ? clockStatus(r.admissionDue as LegalDate, today) : null })), total, page: params.page, today, admissionDays: xdtStatedFigures(today).admissionDays };
}

/**
 * Many loans decided at once: each by the same checks and audit as on its own page, a result per loan (a loan the
 * rules stop is listed with the reason; the others are decided).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { formData, actor } = await requireAction(request, context, "decide:xdt-admission");
  const submission = parseWithZod(formData, { schema: decideAdmissionsSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  try {
    const results = await db.transaction((tx) => decideAdmissions(tx, actor, submission.value, xdtToday()));
    return data({ results });
  } catch (err) {
    if (err instanceof UserInputError) return data({ result: submission.reply({ fieldErrors: { [err.field]: [err.message] } }) }, { status: 400 });
    throw err;
  }
}

export default function Admissions() {
  const { rows, total, page, today, admissionDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const results = actionData && "results" in actionData ? actionData.results : null;
  const errors = actionData && "result" in actionData ? (actionData.result as { error?: Record<string, string[] | null> }).error : undefined;
  return (
    <>
      <h1>入库审核队列</h1>
      <p className="muted">受托管理机构应在银行申请后 {admissionDays} 个工作日内审核是否纳入入库项目（《关于进一步做好中小企业信贷通工作的通知》二）。今天：{today}。按时限排序，已逾期的在前。</p>
      {results ? (
        <section aria-live="polite">
          <h2>批量审核结果</h2>
          <p>
            共 {results.length} 笔：{results.filter((r) => r.done).length} 笔已处理
            {results.some((r) => !r.done) ? `，${results.filter((r) => !r.done).length} 笔未能处理（原因见下）` : ""}。
          </p>
          <table className="data">
            <thead><tr><th>合同编号</th><th>结果</th></tr></thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.loanId}><td><Link to={`/xdt/loans/${r.loanId}`}>{r.contractNo ?? r.loanId}</Link></td><td className={r.done ? undefined : "error"}>{r.message}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <Form method="post" className="stack">
        <CsrfInput />
        <FormError errors={errors?.[""] ?? errors?.loanId} />
        <fieldset>
          <legend>批量审核所勾选的贷款（每次最多 {BULK_ADMISSION_MAX} 笔；每笔按与单笔审核相同的规则检查）</legend>
          <label htmlFor="bulk-note">说明（不予入库时必填）</label>
          <textarea id="bulk-note" name="note" rows={2} maxLength={500} aria-describedby={errors?.note ? "bulk-note-error" : undefined} />
          {errors?.note ? <span id="bulk-note-error"><FieldErrors errors={errors.note} /></span> : null}
          <div>
            <SubmitButton intent="admit">同意入库</SubmitButton> <SubmitButton intent="reject">不予入库</SubmitButton>
          </div>
        </fieldset>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="没有待审核的贷款"
        columns={[
          { key: "pick", header: "选择", render: (r) => <input type="checkbox" name="loanId" value={r.id} aria-label={`选择 ${r.contractNo}`} /> },
          { key: "due", header: "审核时限", render: (r) => <Clock due={r.admissionDue} status={r.clock} /> },
          { key: "contractNo", header: "合同编号", render: (r) => <><Link to={`/xdt/loans/${r.id}`}>{r.contractNo}</Link> <SoftOverride override={r.override} compact /></> },
          { key: "bank", header: "合作银行", render: (r) => r.bank },
          { key: "enterprise", header: "借款企业", render: (r) => r.enterprise },
          { key: "amount", header: "金额（元）", render: (r) => <Money fen={r.amountFen} /> },
          { key: "rate", header: "年利率", render: (r) => formatBp(r.annualRateBp) },
          { key: "date", header: "放款日", render: (r) => r.disbursementDate },
        ]}
      />
      </Form>
      <Pager page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
