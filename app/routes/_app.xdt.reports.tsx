import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Money } from "~/components/figures";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { DataTable, ExportLinks, FilterForm, FilterSelect, Pager } from "~/components/list";
import { Clock } from "~/components/xdt";
import { monthlyReportSchema, quarterlyReportSchema, REPORT_TABS, reportPendingRiskSchema, riskEventSchema, type ReportTab } from "~/lib/forms/xdt-reports";
import { PAGE_SIZE } from "~/lib/list";
import { formatBp } from "~/lib/money";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { parseListParams } from "~/server/list.server";
import { redirectWithToast } from "~/server/toast.server";
import { partnerBanks, xdtToday } from "~/server/xdt/reference.server";
import {
  MONTHLY_SORTS,
  QUARTERLY_SORTS,
  RISK_SORTS,
  fileMonthlyReport,
  fileQuarterlyReport,
  listMonthlyReports,
  listQuarterlyReports,
  listRiskEvents,
  openRiskEvents,
  parseReportFilters,
  reportDuties,
  reportPendingRiskEvent,
  reportRiskEvent,
} from "~/server/xdt/reports.server";

export const meta: MetaFunction = () => [{ title: "报送 · 资金通" }];

const TAB_LABELS: Record<ReportTab, string> = { monthly: "月度数据", quarterly: "季度报告", risk: "风险事项" };
const EXPORTS: Record<ReportTab, string> = { monthly: "xdt-monthly-reports", quarterly: "xdt-quarterly-reports", risk: "xdt-risk-events" };

function tabOf(url: URL): ReportTab {
  return REPORT_TABS.find((t) => t === url.searchParams.get("tab")) ?? "monthly";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const url = new URL(request.url);
  const tab = tabOf(url);
  const db = await getDb();
  const today = xdtToday();
  const filters = parseReportFilters(url);
  const list =
    tab === "monthly"
      ? { tab, ...(await listMonthlyReports(db, user.scope, parseListParams(url, MONTHLY_SORTS, "month", "desc"), filters)) }
      : tab === "quarterly"
        ? { tab, ...(await listQuarterlyReports(db, user.scope, parseListParams(url, QUARTERLY_SORTS, "quarter", "desc"), filters)) }
        : { tab, ...(await listRiskEvents(db, user.scope, parseListParams(url, RISK_SORTS, "eventDate", "desc"), filters, today)) };
  const page = parseListParams(url, MONTHLY_SORTS, "month").page;
  const canFile = can(user, "file:xdt-report") && user.scope.kind === "bank";
  return {
    list,
    page,
    today,
    duties: await reportDuties(db, user.scope, today, filters.bankOrgId),
    // a bank never gets the list of other banks
    banks: user.scope.kind === "bank" ? [] : await partnerBanks(db),
    canFile,
    openEvents: canFile && user.scope.kind === "bank" ? await openRiskEvents(db, user.scope.bankOrgId, today) : [],
  };
}

const SCHEMAS = { "file-monthly": monthlyReportSchema, "file-quarterly": quarterlyReportSchema, "report-risk": riskEventSchema, "report-pending": reportPendingRiskSchema } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "file:xdt-report");
  if (user.scope.kind !== "bank") throw new Response("只有合作银行可以报送", { status: 403 });
  const bankOrgId = user.scope.bankOrgId;
  const intent = String(formData.get("intent") ?? "") as keyof typeof SCHEMAS;
  const schema = SCHEMAS[intent] ?? monthlyReportSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return invalid(submission);
  const today = xdtToday();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, async (tx) => {
      const v = submission.value;
      switch (v.intent) {
        case "file-monthly": {
          const r = await fileMonthlyReport(tx, actor, bankOrgId, v, today);
          return { tab: "monthly", message: `${v.month} 月度数据已报送（第 ${r.version} 版）${r.version === 1 && r.late ? `；已超过报送时限 ${r.dueDate}，记为逾期报送` : ""}` };
        }
        case "file-quarterly": {
          const r = await fileQuarterlyReport(tx, actor, bankOrgId, v, today);
          return { tab: "quarterly", message: `${v.quarter} 季度报告已报送（第 ${r.version} 版）${r.version === 1 && r.late ? `；已超过报送时限 ${r.dueDate}，记为逾期报送` : ""}` };
        }
        case "report-risk": {
          const r = await reportRiskEvent(tx, actor, bankOrgId, v, today);
          return { tab: "risk", message: r.dueDate === null ? "风险事项已报送（发生于2022年6月1日前，不适用5个工作日时限）" : r.late ? `风险事项已报送；应于 ${r.dueDate} 前报送，记为逾期报送` : "风险事项已报送" };
        }
        case "report-pending": {
          const r = await reportPendingRiskEvent(tx, actor, bankOrgId, v.eventId, v.description, today);
          return { tab: "risk", message: r.late ? `风险事项已书面报送；应于 ${r.dueDate} 前报送，记为逾期报送` : "风险事项已书面报送" };
        }
      }
    });
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/xdt/reports?tab=${outcome.value.tab}`, { type: "success", message: outcome.value.message });
  });
}

type ActionResult = { result: SubmissionResult<string[]> } | undefined;

/** The reply of the last post, for the form that sent it only (several forms share the page). */
function useReply(intent: string): SubmissionResult<string[]> | undefined {
  const data = useActionData<typeof action>() as ActionResult;
  const result = data && "result" in data ? data.result : undefined;
  return result?.initialValue?.intent === intent ? result : undefined;
}

function MonthlyForm({ lastMonth }: { lastMonth: string }) {
  const lastResult = useReply("file-monthly");
  const [form, f] = useForm<z.input<typeof monthlyReportSchema>>({ id: "file-monthly", lastResult, defaultValue: { month: lastMonth } });
  return (
    <details open={Boolean(lastResult)}>
      <summary>报送月度数据（次月10日前：截至月末的贷款余额、累计发生额、不良贷款及坏账）</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">月份<input {...getInputProps(f.month, { type: "month" })} /><FieldErrors errors={f.month.errors} /></label>
        <label className="field">月末贷款余额（元）<input {...getInputProps(f.balance, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.balance.errors} /></label>
        <label className="field">累计发放额（元）<input {...getInputProps(f.cumulativeLending, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.cumulativeLending.errors} /></label>
        <label className="field">不良贷款余额（逾期90天以上，元）<input {...getInputProps(f.npl, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.npl.errors} /></label>
        <label className="field">坏账金额（元）<input {...getInputProps(f.badDebt, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.badDebt.errors} /></label>
        <label className="field">更正原因（该月已报送时必填；更正作为新版本保存，原数据保留）<input {...getInputProps(f.correctionReason, { type: "text" })} /><FieldErrors errors={f.correctionReason.errors} /></label>
        <SubmitButton intent="file-monthly">报送月度数据</SubmitButton>
      </Form>
    </details>
  );
}

function QuarterlyForm({ lastQuarter }: { lastQuarter: string }) {
  const lastResult = useReply("file-quarterly");
  const [form, f] = useForm<z.input<typeof quarterlyReportSchema>>({ id: "file-quarterly", lastResult, defaultValue: { quarter: lastQuarter } });
  return (
    <details open={Boolean(lastResult)}>
      <summary>报送季度报告（季度结束后15日内：该季度贷款项目基本情况及信贷通执行情况）</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">季度（如 2026-Q3）<input {...getInputProps(f.quarter, { type: "text" })} /><FieldErrors errors={f.quarter.errors} /></label>
        <label className="field">本季度发放笔数<input {...getInputProps(f.loansCount, { type: "text" })} inputMode="numeric" /><FieldErrors errors={f.loansCount.errors} /></label>
        <label className="field">本季度发放金额（元）<input {...getInputProps(f.lending, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.lending.errors} /></label>
        <label className="field">季末贷款余额（元）<input {...getInputProps(f.balance, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.balance.errors} /></label>
        <label className="field">季末逾期贷款余额（元）<input {...getInputProps(f.overdue, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.overdue.errors} /></label>
        <label className="field">本季度收到补偿（元）<input {...getInputProps(f.compensation, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.compensation.errors} /></label>
        <label className="field">本季度追偿收回（元）<input {...getInputProps(f.recovered, { type: "text" })} inputMode="decimal" /><FieldErrors errors={f.recovered.errors} /></label>
        <label className="field">贷款项目基本情况及执行情况<textarea {...getTextareaProps(f.narrative)} rows={4} /><FieldErrors errors={f.narrative.errors} /></label>
        <label className="field">更正原因（该季度已报送时必填）<input {...getInputProps(f.correctionReason, { type: "text" })} /><FieldErrors errors={f.correctionReason.errors} /></label>
        <SubmitButton intent="file-quarterly">报送季度报告</SubmitButton>
      </Form>
    </details>
  );
}

function RiskForm({ today }: { today: string }) {
  const lastResult = useReply("report-risk");
  const [form, f] = useForm<z.input<typeof riskEventSchema>>({ id: "report-risk", lastResult, defaultValue: { eventDate: today } });
  return (
    <details open={Boolean(lastResult)}>
      <summary>报告风险事项（企业不能按期付息、还本等，发生后5个工作日内书面报送）</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">发生日期<input {...getInputProps(f.eventDate, { type: "date" })} /><FieldErrors errors={f.eventDate.errors} /></label>
        <label className="field">涉及贷款合同编号（如有）<input {...getInputProps(f.contractNo, { type: "text" })} /><FieldErrors errors={f.contractNo.errors} /></label>
        <label className="field">风险事项说明<textarea {...getTextareaProps(f.description)} rows={3} /><FieldErrors errors={f.description.errors} /></label>
        <SubmitButton intent="report-risk">报告风险事项</SubmitButton>
      </Form>
    </details>
  );
}

export default function Reports() {
  const { list, page, duties, banks, canFile, openEvents, today } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pendingReply = useReply("report-pending");
  const tabHref = (t: ReportTab) => {
    const next = new URLSearchParams();
    for (const k of ["bank", "year"]) if (params.get(k)) next.set(k, params.get(k)!);
    next.set("tab", t);
    return `?${next.toString()}`;
  };
  const overdue = duties.missing.filter((m) => m.status === "overdue");
  return (
    <>
      <h1>报送：月度数据、季度报告、风险事项</h1>
      <p className="muted">
        依据：合作银行须在次月10日前报送截至上月末的贷款余额、累计发生额、不良贷款及坏账（2022年信贷通通知 五（四））；每季度结束后15日内报送季度执行情况（《设立方案》五（二））；风险事项发生后5个工作日内书面报送（2022年信贷通通知 二，2022年6月1日起适用）。更正已报送的数据作为新版本保存，历次版本均保留；是否逾期按首次报送日判断。
      </p>

      <h2>应报未报与下一期</h2>
      <p>
        下一期：{duties.next.monthly.period} 月度数据应于 <strong>{duties.next.monthly.due}</strong> 前报送；{duties.next.quarterly.period} 季度报告应于 <strong>{duties.next.quarterly.due}</strong> 前报送。
      </p>
      {duties.missing.length === 0 ? (
        <p className="muted" data-testid="no-missing">截至上月（{duties.lastMonth}）和上季度（{duties.lastQuarter}）的报告均已报送。</p>
      ) : (
        <table className="data" data-testid="missing-reports">
          <thead><tr><th>报告</th>{banks.length > 0 ? <th>合作银行</th> : null}<th>期间</th><th>报送时限</th></tr></thead>
          <tbody>
            {duties.missing.slice(0, 100).map((m) => (
              <tr key={`${m.kind}-${m.bankOrgId}-${m.period}`}>
                <td>{m.kind === "monthly" ? "月度数据" : "季度报告"}</td>
                {banks.length > 0 ? <td>{m.bank}</td> : null}
                <td>{m.period}</td>
                <td><Clock due={m.due} status={m.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overdue.length > 0 ? <p className="error">逾期未报 {overdue.length} 项。</p> : null}

      {canFile ? (
        <>
          <h2>报送</h2>
          <MonthlyForm lastMonth={duties.lastMonth} />
          <QuarterlyForm lastQuarter={duties.lastQuarter} />
          <RiskForm today={today} />
          {openEvents.length > 0 ? (
            <>
              <h3>待书面报送的风险事项</h3>
              <FormError errors={pendingReply?.error ? Object.values(pendingReply.error).flat().filter((x): x is string => Boolean(x)) : undefined} />
              <table className="data">
                <thead><tr><th>发生日</th><th>贷款</th><th>说明</th><th>报送时限</th><th></th></tr></thead>
                <tbody>
                  {openEvents.map((e) => (
                    <tr key={e.id}>
                      <td>{e.eventDate}</td>
                      <td>{e.contractNo ?? "—"}</td>
                      <td>{e.description}</td>
                      <td>{e.dueDate ? <Clock due={e.dueDate} status={e.clock} /> : <span className="muted">不适用时限</span>}</td>
                      <td>
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="eventId" value={e.id} />
                          <SubmitButton intent="report-pending">书面报送</SubmitButton>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : null}

      <h2>已报送</h2>
      <nav className="toolbar" aria-label="报告类别">
        {REPORT_TABS.map((t) => (t === list.tab ? <strong key={t}>{TAB_LABELS[t]}</strong> : <Link key={t} to={tabHref(t)}>{TAB_LABELS[t]}</Link>))}
      </nav>
      <FilterForm>
        <input type="hidden" name="tab" value={list.tab} />
        {banks.length > 0 ? <FilterSelect label="合作银行" name="bank" options={banks.map((b) => [b.id, b.name ?? ""] as const)} /> : null}
        <FilterSelect label="状态" name="state" options={list.tab === "risk" ? [["late", "逾期（含逾期后报送）"], ["open", "待书面报送"]] : [["late", "逾期报送"], ["corrected", "有更正"]]} />
        <label>年份<input name="year" defaultValue={params.get("year") ?? ""} inputMode="numeric" size={6} /></label>
        <ExportLinks table={EXPORTS[list.tab]} />
      </FilterForm>
      {list.tab === "monthly" ? (
        <DataTable
          rows={list.rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "month", header: "月份", sort: "month", render: (r) => r.month.slice(0, 7) },
            ...(banks.length > 0 ? [{ key: "bank", header: "合作银行", sort: "bank", render: (r: (typeof list.rows)[number]) => r.bank }] : []),
            { key: "balance", header: "贷款余额（元）", render: (r) => <Money fen={r.balanceFen} /> },
            { key: "cumulative", header: "累计发放（元）", render: (r) => <Money fen={r.cumulativeLendingFen} /> },
            { key: "npl", header: "不良贷款（元）", render: (r) => <Money fen={r.nplFen} /> },
            { key: "ratio", header: "不良率（常规口径）", render: (r) => formatBp(r.npl) },
            { key: "bad", header: "坏账（元）", render: (r) => <Money fen={r.badDebtFen} /> },
            { key: "due", header: "报送时限", render: (r) => r.dueDate },
            { key: "filed", header: "首次报送", sort: "submittedOn", render: (r) => <>{r.firstSubmittedOn}{r.late ? <strong className="error"> 逾期 {r.lateDays} 天</strong> : null}</> },
            { key: "version", header: "版本", render: (r) => <Versions version={r.version} submittedOn={r.submittedOn} by={r.filedByName} reason={r.correctionReason} history={r.history} /> },
          ]}
        />
      ) : list.tab === "quarterly" ? (
        <DataTable
          rows={list.rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "quarter", header: "季度", sort: "quarter", render: (r) => r.label },
            ...(banks.length > 0 ? [{ key: "bank", header: "合作银行", sort: "bank", render: (r: (typeof list.rows)[number]) => r.bank }] : []),
            { key: "lending", header: "本季发放", render: (r) => <>{r.loansCount} 笔 / <Money fen={r.lendingFen} /></> },
            { key: "balance", header: "季末余额（元）", render: (r) => <Money fen={r.balanceFen} /> },
            { key: "overdue", header: "季末逾期（元）", render: (r) => <Money fen={r.overdueFen} /> },
            { key: "comp", header: "收到补偿（元）", render: (r) => <Money fen={r.compensationFen} /> },
            { key: "rec", header: "追偿收回（元）", render: (r) => <Money fen={r.recoveredFen} /> },
            { key: "narrative", header: "情况说明", render: (r) => <details><summary>查看</summary>{r.narrative}</details> },
            { key: "due", header: "报送时限", render: (r) => r.dueDate },
            { key: "filed", header: "首次报送", sort: "submittedOn", render: (r) => <>{r.firstSubmittedOn}{r.late ? <strong className="error"> 逾期 {r.lateDays} 天</strong> : null}</> },
            { key: "version", header: "版本", render: (r) => <Versions version={r.version} submittedOn={r.submittedOn} by={r.filedByName} reason={r.correctionReason} history={r.history} /> },
          ]}
        />
      ) : (
        <DataTable
          rows={list.rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "eventDate", header: "发生日", sort: "eventDate", render: (r) => r.eventDate },
            ...(banks.length > 0 ? [{ key: "bank", header: "合作银行", sort: "bank", render: (r: (typeof list.rows)[number]) => r.bank }] : []),
            { key: "loan", header: "贷款", render: (r) => (r.loanId ? <Link to={`/xdt/loans/${r.loanId}`}>{r.contractNo}</Link> : "—") },
            { key: "description", header: "说明", render: (r) => r.description },
            { key: "due", header: "报送时限", sort: "dueDate", render: (r) => (r.dueDate ? <Clock due={r.dueDate} status={r.clock} /> : <span className="muted">2022年6月1日前发生，不适用</span>) },
            { key: "reported", header: "报送日", render: (r) => <>{r.reportedOn ?? "未报送"}{r.late ? <strong className="error"> 逾期</strong> : null}</> },
          ]}
        />
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={list.total} />
    </>
  );
}

function Versions({ version, submittedOn, by, reason, history }: { version: number; submittedOn: string; by: string | null; reason: string | null; history: { version: number; submittedOn: string; filedByName: string | null; correctionReason: string | null; summary: string }[] }) {
  if (version === 1) return <span title={by ?? ""}>第 1 版</span>;
  return (
    <details>
      <summary>第 {version} 版（更正于 {submittedOn}）</summary>
      <p>更正原因：{reason}{by ? `（${by}）` : ""}</p>
      <ol reversed>
        {history.map((h) => (
          <li key={h.version}>第 {h.version} 版 {h.submittedOn}{h.filedByName ? ` ${h.filedByName}` : ""}：{h.summary}{h.correctionReason ? `；更正原因：${h.correctionReason}` : ""}</li>
        ))}
      </ol>
    </details>
  );
}
