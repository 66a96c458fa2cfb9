import type { z } from "zod";
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { EnterpriseFields, type EnterpriseFieldKey } from "~/components/enterprise-fields";
import { CsrfInput, FieldErrors, FormError, SubmitButton } from "~/components/forms";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { countyOptions } from "~/server/enterprises.server";
import { invalid } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";
import { fileLoanFromForm, fileLoanSchema } from "~/server/xdt/loans.server";
import { xdtToday } from "~/server/xdt/reference.server";

export const meta: MetaFunction = () => [{ title: "登记信贷通贷款 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "file:xdt-loan");
  // a borrower may be registered in any county of the province
  return { today: xdtToday(), counties: await countyOptions(await getDb(), user.scope) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "file:xdt-loan");
  if (user.scope.kind !== "bank") throw new Response("只有合作银行可以登记贷款", { status: 403 });
  const bankOrgId = user.scope.bankOrgId;
  const submission = parseWithZod(formData, { schema: fileLoanSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await fileLoanFromForm(tx, submission, actor, bankOrgId, submission.value, xdtToday());
    if (!outcome.ok) return outcome.response;
    const loan = outcome.loan;
    const filed = loan.admissionStatus === "admitted" ? `续贷 ${loan.contractNo} 已自动入库` : `贷款 ${loan.contractNo} 已提交${(loan.admissionVerdict as { override?: unknown }).override ? "（含“原则上”限制放行理由）" : ""}，受托管理机构将在 ${loan.admissionDue} 前审核`;
    return redirectWithToast(tx, user.sessionId, `/xdt/loans/${loan.id}`, {
      type: loan.notices.length > 0 ? "info" : "success",
      message: `${loan.enterpriseRegistered ? "借款企业已登记入企业库；" : ""}${filed}${loan.notices.length > 0 ? `。请注意：${loan.notices.join("；")}` : ""}`,
    });
  });
}

export default function NewLoan() {
  const { counties } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // validated on the server only: a conform onValidate blocks resubmission after a server error (see README)
  const [form, fields] = useForm<Omit<z.input<typeof fileLoanSchema>, "enterprise"> & { enterprise?: Partial<Record<EnterpriseFieldKey, string>> }>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
  });
  const borrower = fields.enterprise.getFieldset();
  // shown when the server says the code is not registered (or refused the borrower's fields), or anything was typed in it
  const borrowerOpen = Boolean((actionData && "borrowerOpen" in actionData && actionData.borrowerOpen) || Object.values(borrower).some((f) => f.initialValue || f.errors));
  return (
    <>
      <h1>登记信贷通贷款</h1>
      <p className="muted">提交后由准入规则逐项检查（企业、黑名单、单户余额、期限、利率上限、增信措施、本行是否暂停），不通过的不予受理并说明原因；通过的由受托管理机构在 5 个工作日内审核入库。续贷填写原合同编号，自动入库。</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <FormError errors={form.errors} />
        <label className="field">
          借款企业统一社会信用代码
          <input {...getInputProps(fields.creditCode, { type: "text" })} autoComplete="off" />
          <FieldErrors errors={fields.creditCode.errors} />
        </label>
        <label className="field">
          借款合同编号
          <input {...getInputProps(fields.contractNo, { type: "text" })} autoComplete="off" />
          <FieldErrors errors={fields.contractNo.errors} />
        </label>
        <label className="field">
          贷款金额（元）
          <input {...getInputProps(fields.amount, { type: "text" })} inputMode="decimal" placeholder="如 3,000,000.00" />
          <FieldErrors errors={fields.amount.errors} />
        </label>
        <label className="field">
          年利率（%）
          <input {...getInputProps(fields.rate, { type: "text" })} inputMode="decimal" placeholder="如 3.85" />
          <FieldErrors errors={fields.rate.errors} />
        </label>
        <label className="field">
          期限（月）
          <input {...getInputProps(fields.termMonths, { type: "text" })} inputMode="numeric" placeholder="12" />
          <FieldErrors errors={fields.termMonths.errors} />
        </label>
        <label className="field">
          放款日期
          <input {...getInputProps(fields.disbursementDate, { type: "date" })} />
          <FieldErrors errors={fields.disbursementDate.errors} />
        </label>
        <label>
          <input {...getInputProps(fields.isCreditLoan, { type: "checkbox" })} /> 信用贷款（无抵押、无第三方保证）
        </label>
        <label className="field">
          增信措施（单笔 2000 万元及以上须填写）
          <input {...getInputProps(fields.creditEnhancement, { type: "text" })} />
          <FieldErrors errors={fields.creditEnhancement.errors} />
        </label>
        <label>
          <input {...getInputProps(fields.controllerSpouseGuarantee, { type: "checkbox" })} /> 实际控制人及配偶提供连带责任保证
        </label>
        <label className="field">
          续贷的原合同编号（如为续贷）
          <input {...getInputProps(fields.renewalOf, { type: "text" })} />
          <FieldErrors errors={fields.renewalOf.errors} />
        </label>
        <label className="field">
          “原则上”限制放行理由（仅在单户余额、期限、利率软上限或实际控制人及配偶担保等“原则上”限制不满足时填写）
          <textarea {...getTextareaProps(fields.overrideReason)} rows={2} />
          <FieldErrors errors={fields.overrideReason.errors} />
        </label>
        <p className="muted">“原则上”限制默认不予受理；写明书面理由后可提交，理由和提交人随准入结论记录、在贷款页面显示，由受托管理机构审核入库。硬性条件（黑名单、利率硬上限、非中小企业等）不能放行。</p>
        <details open={borrowerOpen} className="stack">
          <summary>借款企业尚未登记？在此填写企业信息，提交时一并登记</summary>
          <p className="muted">企业库中没有该统一社会信用代码时填写；已登记的企业无需填写（如填写的名称与登记不一致，按已登记的企业办理并提示，企业信息不会被修改）。</p>
          <EnterpriseFields fields={borrower} counties={counties} />
        </details>
        <SubmitButton>提交准入</SubmitButton>
      </Form>
    </>
  );
}
