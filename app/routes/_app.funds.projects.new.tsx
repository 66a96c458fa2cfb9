import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { useLastSubmission } from "~/components/funds/ui";
import { CITES, citeText } from "~/lib/cites";
import { GOAL_ROWS, createProjectSchema } from "~/lib/forms/funds";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { listPrograms } from "~/server/funds/programs.server";
import { createProject, fundsToday } from "~/server/funds/projects.server";
import { redirectWithToast } from "~/server/toast.server";

export const meta: MetaFunction = () => [{ title: "项目入库 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "edit:funds-project");
  // the two funds and any program the administrator added
  const programs = (await listPrograms(await getDb())).map((p) => ({ code: p.code, name: p.name, ruleSet: p.ruleSet }));
  return { today: fundsToday(), programs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "edit:funds-project");
  const submission = parseWithZod(formData, { schema: createProjectSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => createProject(tx, actor, user.scope, submission.value, fundsToday()));
    if (!outcome.ok) return outcome.response;
    const p = outcome.value;
    return redirectWithToast(tx, user.sessionId, `/funds/projects/${p.id}`, { type: "success", message: p.libraryStatus === "entered" ? "项目已入库" : "项目已提交，待省工信厅入库审核" });
  });
}

export default function NewFundProject() {
  const { programs } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const v = (name: string, fallback = "") => last.value("", name, fallback) || fallback;
  return (
    <>
      <h1>项目入库</h1>
      <p className="muted">中小企业发展专项资金项目须设定绩效目标方可入库（{citeText(CITES.ZXZJ_ART13, CITES.ZXZJ_ART23)}）；工信发展专项资金项目入库前须经省工信厅审核（{citeText(CITES.GXZJ_ART14)}）。未入库项目不得申报资金。</p>
      <Form method="post" className="stack">
        <CsrfInput />
        <FormError errors={last.errors} />
        <label className="field">
          专项资金
          <select name="programCode" defaultValue={v("programCode", "GXZJ")}>
            {programs.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}{p.code !== p.ruleSet ? `（适用${p.ruleSet === "GXZJ" ? "《贵州省工业和信息化发展专项资金管理办法》" : "《贵州省中小企业发展专项资金管理办法》"}）` : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="field">项目单位统一社会信用代码<input name="creditCode" defaultValue={v("creditCode")} autoComplete="off" /></label>
        <label className="field">项目名称<input name="name" defaultValue={v("name")} /></label>
        <label className="field">项目类别<input name="category" defaultValue={v("category")} placeholder="如 技术改造" /></label>
        <label className="field">
          豁免类别（仅工信发展专项资金）
          <select name="exemptCategory" defaultValue={v("exemptCategory")}>
            <option value="">无</option>
            <option value="phosphogypsum">磷石膏综合利用</option>
            <option value="manganese_slag">锰渣综合利用</option>
            <option value="red_mud">赤泥综合利用</option>
          </select>
        </label>
        <label className="field">实施方案<textarea name="implementationPlan" rows={4} defaultValue={v("implementationPlan")} /></label>
        <label className="field">总投资（元）<input name="totalInvestment" defaultValue={v("totalInvestment")} inputMode="decimal" /></label>
        <label className="field">其中固定资产投资（元）<input name="fixedAssetInvestment" defaultValue={v("fixedAssetInvestment")} inputMode="decimal" /></label>
        <label className="field">建设期开始<input type="date" name="constructionStart" defaultValue={v("constructionStart")} /></label>
        <label className="field">建设期截止<input type="date" name="constructionEnd" defaultValue={v("constructionEnd")} /></label>
        <label className="field">
          申报层级
          <select name="filingLevel" defaultValue={v("filingLevel", "county")}>
            <option value="county">县级申报</option>
            <option value="prefecture">市级申报</option>
            <option value="province">省级申报</option>
          </select>
        </label>
        <label className="field">带动就业（人）<input name="jobs" defaultValue={v("jobs", "0")} inputMode="numeric" /></label>
        <label><input type="checkbox" name="keyProject" defaultChecked={v("keyProject") === "on"} /> 主管部门认定的重点项目（可预拨 50%）</label>
        <label><input type="checkbox" name="provincialEnterprise" defaultChecked={v("provincialEnterprise") === "on"} /> 省属（国有）企业项目</label>
        <fieldset>
          <legend>绩效目标（指标名称、单位、目标值、方向、权重；权重合计 100）</legend>
          <table className="data">
            <thead><tr><th>指标</th><th>单位</th><th>目标值</th><th>方向</th><th>权重</th></tr></thead>
            <tbody>
              {Array.from({ length: GOAL_ROWS }, (_, i) => (
                <tr key={i}>
                  <td><input name={`goalName[${i}]`} aria-label={`第${i + 1}项指标名称`} defaultValue={v(`goalName[${i}]`)} /></td>
                  <td><input name={`goalUnit[${i}]`} aria-label={`第${i + 1}项单位`} size={8} defaultValue={v(`goalUnit[${i}]`)} /></td>
                  <td><input name={`goalTarget[${i}]`} aria-label={`第${i + 1}项目标值`} size={8} defaultValue={v(`goalTarget[${i}]`)} /></td>
                  <td>
                    <select name={`goalDirection[${i}]`} aria-label={`第${i + 1}项方向`} defaultValue={v(`goalDirection[${i}]`, "higher")}>
                      <option value="higher">越高越好</option>
                      <option value="lower">越低越好</option>
                    </select>
                  </td>
                  <td><input name={`goalWeight[${i}]`} aria-label={`第${i + 1}项权重`} size={4} defaultValue={v(`goalWeight[${i}]`)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <SubmitButton>提交入库</SubmitButton>
      </Form>
    </>
  );
}
