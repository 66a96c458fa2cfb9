import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/figures";
import { Why } from "~/components/funds/ui";
import { parseYuan } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { fundsToday, verdictRecord } from "~/server/funds/projects.server";
import { lprTable } from "~/server/xdt/reference.server";
import { interestSubsidy, parseLegalDate, RuleDateError, RuleInputError, type Fen } from "#rules";

export const meta: MetaFunction = () => [{ title: "融资贴息计算 · 资金通" }];

/**
 * D-8 interest-subsidy calculator (GXZJ-35 第九条（二）; ZXZJ-206 第九条（一）): amount × 1-year LPR as of the approval
 * date × min(days, 730) / 360, with a warning when it exceeds the interest actually paid. A read-only GET form.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:funds");
  const p = new URL(request.url).searchParams;
  const input = { fund: p.get("fund") === "ZXZJ" ? "ZXZJ" : "GXZJ", amount: p.get("amount") ?? "", approvalDate: p.get("approvalDate") ?? "", days: p.get("days") ?? "", interestPaid: p.get("interestPaid") ?? "" };
  if (!input.amount) return { input, result: null, error: null, today: fundsToday() };
  const amount = parseYuan(input.amount);
  const paid = input.interestPaid ? parseYuan(input.interestPaid) : null;
  const days = Number(input.days);
  if (amount === null || !Number.isSafeInteger(days) || days < 0 || (input.interestPaid && paid === null)) return { input, result: null, error: "请填写正确的融资金额（元）、天数和实付利息", today: fundsToday() };
  try {
    const v = interestSubsidy({ fund: input.fund as "GXZJ" | "ZXZJ", amount: amount as Fen, approvalDate: parseLegalDate(input.approvalDate), days, interestPaid: paid as Fen | null }, { lpr: await lprTable(await getDb()) });
    return { input, result: { subsidyFen: v.value.subsidy as number, lpr1yBp: v.value.lpr1yBp, daysCounted: v.value.daysCounted, outcome: v.outcome, findings: v.findings.map((f) => f.message), why: verdictRecord(v).explain }, error: null, today: fundsToday() };
  } catch (err) {
    if (err instanceof RuleDateError || err instanceof RuleInputError) return { input, result: null, error: err.message, today: fundsToday() };
    throw err;
  }
}

export default function SubsidyCalculator() {
  const { input, result, error, today } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>融资贴息计算</h1>
      <p className="muted">贴息 = 实际融资额 × 批准日最近一次公布的一年期LPR × min(融资天数, 730) ÷ 360，四舍五入到分（D-8）；贴息期限原则上不超过两年。</p>
      <Form method="get" className="stack">
        <label className="field">专项资金<select name="fund" defaultValue={input.fund}><option value="GXZJ">工信发展专项资金</option><option value="ZXZJ">中小企业发展专项资金</option></select></label>
        <label className="field">实际融资额（元）<input name="amount" defaultValue={input.amount} inputMode="decimal" /></label>
        <label className="field">批准日期<input type="date" name="approvalDate" defaultValue={input.approvalDate || today} /></label>
        <label className="field">融资天数<input name="days" defaultValue={input.days || "365"} inputMode="numeric" /></label>
        <label className="field">实付利息（元，可选）<input name="interestPaid" defaultValue={input.interestPaid} inputMode="decimal" /></label>
        <button type="submit">计算</button>
      </Form>
      {error ? <div className="form-error" role="alert">{error}</div> : null}
      {result ? (
        <section>
          <p>
            贴息金额 <strong><Money fen={result.subsidyFen} /></strong>（一年期LPR {(result.lpr1yBp / 100).toFixed(2)}%，计息 {result.daysCounted} 天）
          </p>
          {result.findings.length ? <ul>{result.findings.map((f) => <li key={f}>{f}</li>)}</ul> : null}
          <Why text={result.why} />
        </section>
      ) : null}
    </>
  );
}
