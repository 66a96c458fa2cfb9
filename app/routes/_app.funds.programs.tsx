import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { useLastSubmission } from "~/components/funds/ui";
import { CITES, citeText } from "~/lib/cites";
import { createProgramSchema } from "~/lib/forms/funds";
import { FUND_SUPPORT_MODE_LABELS } from "~/lib/labels";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { createProgram, listPrograms } from "~/server/funds/programs.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "专项资金设置 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:funds-program");
  return { programs: await listPrograms(await getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "manage:funds-program");
  const submission = parseWithZod(formData, { schema: createProgramSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => createProgram(tx, actor, submission.value));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, "/funds/programs", { type: "success", message: `已添加 ${outcome.value.name}` });
  });
}

export default function Programs() {
  const { programs } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const v = (n: string, f = "") => last.value("", n, f);
  return (
    <>
      <h1>专项资金设置</h1>
      <p className="muted">每个专项资金适用一部管理办法（《贵州省工业和信息化发展专项资金管理办法》或《贵州省中小企业发展专项资金管理办法》）：额度上限、豁免类别和支持方式由该办法决定，所有判断都由规则库按相关日期作出；这里设置名称、实施期（须在该办法实施期内）、公示期（D-9，按项目设定，默认 5 个工作日），并可设定严于办法的额度上限。新增的专项资金可在项目入库、预算批复和申报指南中选用。</p>
      <table className="data">
        <thead><tr><th>代码</th><th>名称</th><th>适用办法</th><th>实施期</th><th className="num">单位年度上限（元）</th><th className="num">单个项目上限（元）</th><th>支持方式</th><th>公示期</th></tr></thead>
        <tbody>
          {programs.map((p) => (
            <tr key={p.id}><td>{p.code}</td><td>{p.name}</td><td>{p.ruleSet}</td><td>{p.termFrom} 至 {p.termTo}</td><td className="num"><Money fen={p.unitYearCapFen} /></td><td className="num"><Money fen={p.projectCapFen} /></td><td>{p.supportModes.map((m) => FUND_SUPPORT_MODE_LABELS[m]).join("、")}</td><td>{p.publicityWorkingDays} 个工作日</td></tr>
          ))}
        </tbody>
      </table>
      <h2>添加专项资金</h2>
      <Form method="post" className="stack">
        <CsrfInput />
        <FormError errors={last.errors} />
        <label className="field">代码<input name="code" defaultValue={v("code")} placeholder="如 GXZJ-SZH" /></label>
        <label className="field">名称<input name="name" defaultValue={v("name")} /></label>
        <label className="field">适用管理办法<select name="ruleSet" defaultValue={v("ruleSet", "GXZJ")}><option value="GXZJ">《贵州省工业和信息化发展专项资金管理办法》（黔财工〔2023〕35号）</option><option value="ZXZJ">《贵州省中小企业发展专项资金管理办法》（黔财工〔2023〕206号）</option></select></label>
        <label className="field">实施期开始<input type="date" name="termFrom" defaultValue={v("termFrom")} /></label>
        <label className="field">实施期截止<input type="date" name="termTo" defaultValue={v("termTo")} /></label>
        <label className="field">公示期（工作日）<input name="publicityWorkingDays" defaultValue={v("publicityWorkingDays", "5")} inputMode="numeric" /></label>
        <label className="field">单位年度支持上限（元，可低于办法上限；空 = 办法上限）<input name="unitYearCap" defaultValue={v("unitYearCap")} inputMode="decimal" /></label>
        <label className="field">单个项目支持上限（元，可低于办法上限；空 = 办法上限）<input name="projectCap" defaultValue={v("projectCap")} inputMode="decimal" /></label>
        <SubmitButton>添加</SubmitButton>
      </Form>
    </>
  );
}
