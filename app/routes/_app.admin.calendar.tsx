import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { DataTable } from "~/components/list";
import { todayInChina } from "~/lib/dates";
import { calendarYearSchema } from "~/lib/forms/calendar";
import { requireAction, requirePermission } from "~/server/auth.server";
import { calendarOverview, saveCalendarYear } from "~/server/calendar.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "节假日与工作日 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:calendar");
  const db = await getDb();
  const thisYear = Number(todayInChina().slice(0, 4));
  const asked = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(asked) && asked >= 2004 && asked <= 2100 ? asked : thisYear + 1;
  return { ...(await calendarOverview(db, year)), thisYear };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:calendar");
  const submission = parseWithZod(formData, { schema: calendarYearSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => saveCalendarYear(tx, actor, submission.value));
    if (!outcome.ok) return outcome.response;
    const v = outcome.value;
    return redirectWithToast(tx, user.sessionId, `/admin/calendar?year=${v.year}`, {
      type: "success",
      message: `已录入 ${v.year} 年节假日安排：放假 ${v.holidays} 天，调休上班 ${v.workdays} 天；工作日历现覆盖至 ${v.coveredThrough} 年`,
    });
  });
}

export default function WorkingCalendar() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const s = data.selected;
  const [form, fields] = useForm<z.input<typeof calendarYearSchema>>({
    id: `calendar-${s.year}`,
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(calendarYearSchema),
    defaultValue: { year: String(s.year), source: s.source, holidays: s.holidayLines, workdays: s.workdayLines },
  });
  const nextMissing = data.toYear < data.thisYear + 1;
  return (
    <>
      <h1>节假日与工作日</h1>
      <p>
        所有“N 个工作日”时限（入库审核、代偿方案、支付、追偿返还、风险报告、公示期）按国务院办公厅节假日安排计算，含调休上班日（RULES.md
        D-11）。工作日历目前覆盖 <strong>{data.fromYear}–{data.toYear} 年</strong>；超出范围的时限不会按周一至周五猜测，而是提示用户先录入该年安排。
      </p>
      {nextMissing ? (
        <p className="form-error" role="alert">
          尚未录入 {data.thisYear + 1} 年节假日安排：国务院办公厅通知发布后请尽快录入，否则跨年的时限将无法计算。
        </p>
      ) : null}
      <p className="muted">内置数据（至 {data.packagedToYear} 年）：{data.packagedSource}</p>

      <h2>已录入的年份</h2>
      <DataTable
        rows={data.entered}
        rowKey={(r) => r.year}
        empty="尚未录入任何年份"
        columns={[
          { key: "year", header: "年份", render: (r) => <Link to={`?year=${r.year}`}>{r.year}</Link> },
          { key: "source", header: "依据", render: (r) => r.source },
          { key: "holidays", header: "放假天数", numeric: true, render: (r) => r.holidays },
          { key: "workdays", header: "调休上班天数", numeric: true, render: (r) => r.workdays },
          { key: "effective", header: "状态", render: (r) => (r.effective ? <span className="tag">生效</span> : <span className="tag off">未生效（前一年尚未录入）</span>) },
          { key: "by", header: "录入人", render: (r) => `${r.enteredByName} ${r.enteredAt.slice(0, 10)}` },
        ]}
      />

      <h2>
        {s.year} 年{s.origin === "packaged" ? "（内置数据，可更正后重新录入）" : s.origin === "entered" ? "（已录入，可修改）" : "（尚未录入）"}
      </h2>
      <p>
        查看其他年份：
        {[data.thisYear - 1, data.thisYear, data.thisYear + 1, data.thisYear + 2].map((y) => (
          <Link key={y} to={`?year=${y}`} style={{ marginRight: "0.75em" }}>
            {y}
          </Link>
        ))}
      </p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">
          年份
          <input {...getInputProps(fields.year, { type: "number" })} />
          <FieldErrors errors={fields.year.errors} />
        </label>
        <label className="field">
          依据的通知
          <input {...getInputProps(fields.source, { type: "text" })} placeholder="国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）" />
          <FieldErrors errors={fields.source.errors} />
        </label>
        <label className="field">
          放假日期（每行一天或一段，含假期中的周末）
          <textarea {...getTextareaProps(fields.holidays)} rows={10} placeholder={"2027-01-01~2027-01-03 元旦\n2027-02-10~2027-02-17 春节"} />
          <FieldErrors errors={fields.holidays.errors} />
        </label>
        <label className="field">
          调休上班日期（周六或周日上班，每行一天）
          <textarea {...getTextareaProps(fields.workdays)} rows={5} placeholder={"2027-02-07 春节调休"} />
          <FieldErrors errors={fields.workdays.errors} />
        </label>
        <p className="muted">保存后该年的全部日期以本次录入为准（替换内置数据或上次录入），并记入审计日志。</p>
        <SubmitButton>保存 {s.year} 年安排</SubmitButton>
      </Form>
    </>
  );
}
