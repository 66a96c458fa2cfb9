import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ZodType } from "zod";
import { Money } from "~/components/figures";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";
import { IntentForm, useLastSubmission, Why } from "~/components/funds/ui";
import { decisionSchema, keyEvaluationSchema, PERF_ACTION_LABELS, publishSchema, selfEvaluationSchema, spotCheckSchema } from "~/lib/forms/perf";
import { CITES, citeText } from "~/lib/cites";
import { can, type Permission, type Scope } from "~/lib/permissions";
import type { Role } from "~/lib/roles";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb, type Tx } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { badRequest, found } from "~/server/http.server";
import { fundsToday } from "~/server/funds/projects.server";
import { fileSelfEvaluation, projectEvaluation, publishKeyEvaluation, recordDecision, recordKeyEvaluation, recordSpotCheck } from "~/server/perf/evaluations.server";
import { redirectWithToast } from "~/server/toast.server";
import type { Actor } from "#db/audit";

export const meta: MetaFunction = () => [{ title: "项目绩效评价 · 资金通" }];

const MAX_REQUEST_BYTES = 11 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.projectId);
  const today = fundsToday();
  const data = found(Number.isSafeInteger(id) ? await projectEvaluation(await getDb(), user.scope, id, today) : null);
  const region = user.scope.kind === "region";
  const province = user.scope.kind === "all";
  return {
    ...data,
    today,
    may: {
      self: region && can(user, "evaluate:perf-self"),
      spot: province && can(user, "spot-check:perf"),
      key: province && can(user, "record:perf-key-evaluation"),
      publish: province && can(user, "publish:perf-evaluation"),
      decide: province && can(user, "decide:perf-results"),
    },
  };
}

type Run = (tx: Tx, actor: Actor, role: Role, scope: Scope, id: number, value: never, file: File | null) => Promise<{ message: string }>;
const HANDLERS: Record<string, { permission: Permission; schema: ZodType; run: Run }> = {
  self: { permission: "evaluate:perf-self", schema: selfEvaluationSchema, run: (tx, a, r, s, id, v, f) => fileSelfEvaluation(tx, a, r, s, id, v, f) },
  "spot-check": { permission: "spot-check:perf", schema: spotCheckSchema, run: (tx, a, r, s, id, v) => recordSpotCheck(tx, a, r, s, id, v) },
  key: { permission: "record:perf-key-evaluation", schema: keyEvaluationSchema, run: (tx, a, r, s, id, v) => recordKeyEvaluation(tx, a, r, s, id, v) },
  publish: { permission: "publish:perf-evaluation", schema: publishSchema, run: (tx, a, _r, s, id, v) => publishKeyEvaluation(tx, a, s, id, v) },
  decide: { permission: "decide:perf-results", schema: decisionSchema, run: (tx, a, _r, s, id, v) => recordDecision(tx, a, s, id, v) },
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.projectId);
  const user = await requirePermission(request, "read:funds");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) throw badRequest("上传的文件超过 10 MB");
  const db = await getDb();
  found(Number.isSafeInteger(id) ? await projectEvaluation(db, user.scope, id, fundsToday()) : null);
  // the intent decides the permission: read it from a clone so requireAction can read the body
  const intent = String((await request.clone().formData()).get("intent") ?? "");
  const h = HANDLERS[intent];
  if (!h) throw badRequest("未知操作");
  const { formData, actor } = await requireAction(request, context, h.permission);
  const submission = parseWithZod(formData, { schema: h.schema });
  if (submission.status !== "success") return invalid(submission);
  const file = formData.get("file");
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => h.run(tx, actor, user.role, user.scope, id, submission.value as never, file instanceof File ? file : null));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/funds/projects/${id}/evaluation`, { type: "success", message: outcome.value.message });
  });
}

const pts = (c: number) => (c / 100).toFixed(2);

type Row = { id: number; scoreCenti: number; grade: string; evaluatedOn: string; byName: string; note: string | null; findings: string | null; evidenceName: string | null; evidenceSize: number | null; evidenceSha256: string | null; publishedOn: string | null };
function EvaluationRow({ label, e, deviationCenti = null }: { label: string; e: Row | null; deviationCenti?: number | null }) {
  if (!e) return <tr><td>{label}</td><td colSpan={5} className="muted">尚无</td></tr>;
  return (
    <tr>
      <td>{label}</td>
      <td className="num">{pts(e.scoreCenti)}</td>
      <td>{e.grade}</td>
      <td>{e.evaluatedOn}</td>
      <td>{e.byName}</td>
      <td>
        {e.note ?? e.findings ?? ""}
        {deviationCenti !== null ? `（与自评偏差 ${deviationCenti > 0 ? "+" : ""}${pts(deviationCenti)} 分）` : ""}
        {e.evidenceName ? <> · 佐证材料 <a href={`/perf/evaluations/${e.id}/evidence`}>{e.evidenceName}</a>（{e.evidenceSize} 字节，SHA-256 {e.evidenceSha256?.slice(0, 12)}…）</> : null}
        {e.publishedOn ? ` · 已于 ${e.publishedOn} 公开` : ""}
      </td>
    </tr>
  );
}

export default function ProjectEvaluation() {
  const { project: p, years, today, may } = useLoaderData<typeof loader>();
  const last = useLastSubmission();
  const mine = (intent: string, year: number) => last.intent === intent && last.value(intent, "year") === String(year);
  const err = (intent: string, year: number) => (mine(intent, year) ? last.errors : null);
  const val = (intent: string, year: number, name: string, fb = "") => (mine(intent, year) ? last.value(intent, name, fb) : fb);
  const common = (intent: string, year: number, label: string) => (
    <>
      <input type="hidden" name="year" value={year} />
      <label className="field">
        {label}
        <input type="date" name="onDate" defaultValue={val(intent, year, "onDate", today)} max={today} />
      </label>
    </>
  );
  const scoreField = (intent: string, year: number) => (
    <label className="field">
      评分（0–100，最多两位小数）
      <input name="score" defaultValue={val(intent, year, "score")} inputMode="decimal" />
    </label>
  );
  return (
    <div className="printable">
      <h1>绩效评价：{p.name}（{p.program}）</h1>
      <p>
        <a href={`/funds/projects/${p.id}`}>← 返回项目</a> · 项目单位 {p.enterprise} · {p.regionName}
      </p>
      <p className="muted">“花钱必问效，无效必问责”（{citeText(CITES.GXZJ_ART26)}）。单位自评由项目所在市县主管部门报送；财政部门抽查自评；财政部门或审计机关开展重点评价，等级按 D-10 分档（优 ≥ 90，良 80–89，中 60–79，差 &lt; 60）；评价结果按{citeText(CITES.SZH_RESULTS)}应用于下一年度资金安排。</p>
      {years.length === 0 ? <p className="muted">该项目尚未安排资金，无需绩效评价。</p> : null}
      {years.map((y) => (
        <section key={y.year}>
          <h2>{y.year} 年度资金</h2>
          <p>
            安排 <Money fen={y.amountFen} />（{y.decidedOn}），已拨付 <Money fen={y.paidFen} />
          </p>
          <table className="data">
            <thead><tr><th>评价</th><th className="num">评分</th><th>等级</th><th>日期</th><th>评价人</th><th>说明</th></tr></thead>
            <tbody>
              <EvaluationRow label="单位自评" e={y.self} />
              <EvaluationRow label="财政抽查" e={y.spot} deviationCenti={y.spot?.deviationCenti ?? null} />
              <EvaluationRow label="重点评价" e={y.key} />
            </tbody>
          </table>
          {y.key ? <Why text={y.key.gradeVerdict.explain} label="重点评价等级：为什么？（D-10）" /> : null}
          {y.decision ? (
            <>
              <p>
                <strong>结果应用：{PERF_ACTION_LABELS[y.decision.action]}</strong>（{y.decision.decidedOn}，{y.decision.byName}）；依据：{y.decision.basis}
              </p>
              <Why text={y.decision.verdict.explain} label={`结果应用规则（${citeText(CITES.SZH_RESULTS)}）`} />
            </>
          ) : y.suggestion ? (
            <>
              <p>按规则：{y.suggestion.actionZh}（可选：{y.suggestion.allowed.map((a) => PERF_ACTION_LABELS[a]).join("、")}）</p>
              <Why text={y.suggestion.explain} label={`结果应用规则（${citeText(CITES.SZH_RESULTS)}）`} />
            </>
          ) : null}

          {may.self && !y.self ? (
            <Form method="post" encType="multipart/form-data" className="stack intent-form" style={{ border: "1px solid #ddd", padding: 8, margin: "8px 0", maxWidth: 720 }}>
              <CsrfInput />
              <input type="hidden" name="intent" value="self" />
              <FormError errors={err("self", y.year)} />
              {common("self", y.year, "自评日期")}
              {scoreField("self", y.year)}
              <label className="field">自评报告摘要<textarea name="note" rows={3} defaultValue={val("self", y.year, "note")} /></label>
              <label className="field">自评报告 / 佐证材料（PDF、JPG、PNG、DOCX、XLSX、OFD，≤ 10 MB）<input type="file" name="file" /></label>
              <SubmitButton>报送单位自评</SubmitButton>
            </Form>
          ) : null}
          {may.spot && y.self && !y.spot ? (
            <IntentForm intent="spot-check" label="记录财政抽查" errors={err("spot-check", y.year)}>
              {common("spot-check", y.year, "抽查日期")}
              {scoreField("spot-check", y.year)}
              <label className="field">偏差说明<textarea name="note" rows={2} defaultValue={val("spot-check", y.year, "note")} /></label>
            </IntentForm>
          ) : null}
          {may.key && !y.key ? (
            <IntentForm intent="key" label="记录重点评价" errors={err("key", y.year)}>
              {common("key", y.year, "评价日期")}
              {scoreField("key", y.year)}
              <label className="field">评价发现<textarea name="findings" rows={3} defaultValue={val("key", y.year, "findings")} /></label>
            </IntentForm>
          ) : null}
          {may.publish && y.key && !y.key.publishedOn ? (
            <IntentForm intent="publish" label="公开评价结果（信息公开页）" errors={err("publish", y.year)}>
              {common("publish", y.year, "公开日期")}
            </IntentForm>
          ) : null}
          {may.decide && y.key && !y.decision ? (
            <IntentForm intent="decide" label="记录结果应用决定" errors={err("decide", y.year)}>
              {common("decide", y.year, "决定日期")}
              <label className="field">
                结果应用
                <select name="action" defaultValue={val("decide", y.year, "action", y.suggestion?.allowed[0] ?? "")}>
                  {Object.entries(PERF_ACTION_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                </select>
              </label>
              <label className="field">决定依据<textarea name="basis" rows={2} defaultValue={val("decide", y.year, "basis")} /></label>
            </IntentForm>
          ) : null}
        </section>
      ))}
    </div>
  );
}
