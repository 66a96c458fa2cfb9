import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { replyErrors } from "~/components/auditor";
import { Figure, Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { ExportLinks, FilterForm } from "~/components/list";
import { Why } from "~/components/xdt";
import { PoolYearChart } from "~/components/xdt-yearly";
import { XDT_BANK_STATUS_LABELS } from "~/lib/labels";
import { YEARLY_DECISION_LABELS, yearlyDecisionSchema } from "~/lib/forms/auditor";
import { formatBp } from "~/lib/money";
import { can } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { redirectWithToast } from "~/server/toast.server";
import { xdtToday } from "~/server/xdt/reference.server";
import { bankEvaluations, chosenYear, evaluationYears, poolYears, recordYearlyDecision } from "~/server/xdt/yearly.server";

export const meta: MetaFunction = () => [{ title: "信贷通年度评价 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const today = xdtToday();
  const year = chosenYear(new URL(request.url), today);
  const db = await getDb();
  const pool = await poolYears(db, today);
  return {
    year,
    years: evaluationYears(today),
    pool,
    poolYear: pool.find((p) => p.year === year)!,
    banks: await bankEvaluations(db, user.scope, year, today),
    canDecide: can(user, "decide:xdt-bank-status"),
    isBank: user.scope.kind === "bank",
    today,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, formData, actor } = await requireAction(request, context, "decide:xdt-bank-status");
  const submission = parseWithZod(formData, { schema: yearlyDecisionSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => recordYearlyDecision(tx, actor, user.scope, submission.value, xdtToday()));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/xdt/yearly?year=${submission.value.year}`, { type: "success", message: outcome.value });
  });
}

export default function Yearly() {
  const { year, years, pool, poolYear: p, banks, canDecide, isBank, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>信贷通年度评价：{year}年度{p.complete ? "" : "（截至今日，尚未结束）"}</h1>
      <p className="muted">每年年初对上一年度进行评价（管理办法第二十三、二十四条），并对各合作银行进行年度考核（第十四条：累计投放增长不低于 20%，支持中小企业户数不低于上年；未达标的暂停合作）。全部数字由账簿分录和入库贷款实时计算。</p>
      <FilterForm>
        <label>
          年度
          <select name="year" defaultValue={year}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
      </FilterForm>
      <h2>资金池绩效</h2>
      <div className="cards" data-testid="pool-year">
        <Figure label="当年投放（入库贷款）" value={<Money fen={p.lendingFen} unit="万元" />} note={`${p.loans} 笔`} />
        <Figure label="支持中小企业" value={`${p.smes} 户`} />
        <Figure label="资金池到位（年末）" value={<Money fen={p.contributedFen} unit="万元" />} />
        <Figure label="每元资金池撬动贷款" value={`${(p.leverageBp / 10_000).toFixed(2)} 元`} note="当年投放 ÷ 年末到位资金" />
        <Figure label="当年补偿支出" value={<Money fen={p.compensationFen} unit="万元" />} note={`${p.claimsPaid} 笔；占当年投放 ${formatBp(p.compensationRateBp)}`} />
        <Figure label="当年追偿返还" value={<Money fen={p.recoveriesFen} unit="万元" />} note={`占当年补偿 ${formatBp(p.recoveryRateBp)}`} />
        <Figure label="当年净损失" value={<Money fen={p.netLossFen} unit="万元" />} />
        <Figure label="年末不良率（叫停口径）" value={formatBp(p.cumulativeRatioBp)} note={<Why text={p.ratioWhy} />} />
      </div>
      <PoolYearChart years={pool} />
      <ExportLinks table="xdt-yearly-pool" />
      <h2>{isBank ? "本行" : "各合作银行"}年度考核与 12 月 31 日数据</h2>
      <FormError errors={replyErrors(actionData)} />
      <table className="data" data-testid="bank-years">
        <thead>
          <tr>
            <th>合作银行</th><th className="num">当年投放（元）</th><th className="num">上年（元）</th><th className="num">增长</th><th className="num">户数 / 上年</th><th>考核结论</th>
            <th className="num">12月末余额（元）</th><th className="num">12月末累计投放（元）</th><th className="num">逾期90天以上（元）</th><th>当前状态</th><th>年度决定</th>
          </tr>
        </thead>
        <tbody>
          {banks.map((b) => (
            <tr key={b.id}>
              <td><Link to={`/xdt/banks/${b.id}`}>{b.name}</Link></td>
              <td className="num"><Money fen={b.lendingFen} /></td>
              <td className="num"><Money fen={b.priorLendingFen} /></td>
              <td className="num">{b.growthBp === null ? "—" : formatBp(b.growthBp)}{b.growthOk ? "" : <strong className="error"> 未达 20%</strong>}</td>
              <td className="num">{b.smes} / {b.priorSmes}{b.countOk ? "" : <strong className="error"> 减少</strong>}</td>
              <td>{b.passed ? "达标" : <strong>未达标</strong>} <Why text={b.why} label="依据" /></td>
              <td className="num">{b.december ? <Money fen={b.december.balanceFen} /> : "未报送"}</td>
              <td className="num">{b.december ? <Money fen={b.december.cumulativeLendingFen} /> : "—"}</td>
              <td className="num">{b.december ? <Money fen={b.december.nplFen} /> : "—"}{b.december?.late ? <strong className="error"> 迟报</strong> : null}</td>
              <td>{XDT_BANK_STATUS_LABELS[b.status]}</td>
              <td data-testid={`decision-${b.id}`}>
                {b.decision ? (
                  <>
                    <strong>{YEARLY_DECISION_LABELS[b.decision.decision]}</strong>
                    <div className="muted">{b.decision.meetingDate} {b.decision.decisionRef ?? ""}：{b.decision.basis}（{b.decision.recordedByName}）</div>
                  </>
                ) : canDecide && b.complete ? (
                  <Form method="post" className="stack">
                    <CsrfInput />
                    <input type="hidden" name="year" value={year} />
                    <input type="hidden" name="bankOrgId" value={b.id} />
                    <select name="decision" defaultValue={b.passed ? "continue" : "change"}>
                      {Object.entries(YEARLY_DECISION_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                    </select>
                    <input name="basis" placeholder="依据" />
                    <input type="date" name="meetingDate" defaultValue={today} />
                    <input name="decisionRef" placeholder="会议纪要编号" />
                    <SubmitButton>记录决定</SubmitButton>
                  </Form>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ExportLinks table="xdt-yearly-banks" extra={{ year: String(year) }} />
    </>
  );
}
