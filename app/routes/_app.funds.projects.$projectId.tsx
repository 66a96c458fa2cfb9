import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput, SubmitButton } from "~/components/forms";
import type { ZodType } from "zod";
import { Money } from "~/components/figures";
import { IntentForm, OverrideNote, useLastSubmission, Why } from "~/components/funds/ui";
import {
  acceptanceSchema,
  adjustmentSchema,
  allocateSchema,
  documentUploadSchema,
  expertScoreSchema,
  fileApplicationSchema,
  objectionSchema,
  PAYEE_ACCOUNT_LABELS,
  paymentSchema,
  reviewStepSchema,
  sanctionSchema,
} from "~/lib/forms/funds";
import {
  FUND_ALLOCATION_STATUS_LABELS,
  FUND_FILING_LEVEL_LABELS,
  FUND_OBJECTION_LABELS,
  FUND_PAYMENT_KIND_LABELS,
  FUND_RECOVERY_LABELS,
  FUND_STATUS_LABELS,
  FUND_STEP_LABELS,
  FUND_SUPPORT_MODE_LABELS,
} from "~/lib/labels";
import { CITES, citeText } from "~/lib/cites";
import { can, type Permission } from "~/lib/permissions";
import { requireAction, requirePermission } from "~/server/auth.server";
import { getDb, type Tx } from "~/server/db.server";
import { invalid, submitOrReply } from "~/server/form.server";
import { badRequest, found } from "~/server/http.server";
import { fundsToday, getProject } from "~/server/funds/projects.server";
import { uploadApplicationDocument } from "~/server/funds/documents.server";
import { accept, adjust, allocate, fileApplication, handleObjection, pay, reviewStep, sanction, scoreApplication } from "~/server/funds/workflow.server";
import { redirectWithToast } from "~/server/toast.server";
import { priorDecisionFor } from "~/server/perf/evaluations.server";
import type { Actor } from "#db/audit";
import type { Scope } from "~/lib/permissions";

export const meta: MetaFunction = () => [{ title: "专项资金项目 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:funds");
  const id = Number(params.projectId);
  const db = await getDb();
  const project = found(Number.isSafeInteger(id) ? await getProject(db, user.scope, id, user.id) : null);
  const app = project.applications[0];
  return {
    project,
    // SZH-25 三（三）: the unit's last results-application decision, shown on the allocation form
    priorDecision: app && app.status === "approved" ? await priorDecisionFor(db, project.enterprise.id, project.programId, app.year) : null,
    today: fundsToday(),
    // one id per rendered payment form (see paymentSchema): the same form submitted twice pays once
    paymentRequestId: crypto.randomUUID(),
    province: user.scope.kind === "all",
    may: {
      edit: can(user, "edit:funds-project"),
      review: can(user, "review:funds"),
      allocate: can(user, "allocate:funds"),
      pay: can(user, "pay:funds"),
      adjust: can(user, "adjust:funds"),
      accept: can(user, "accept:funds"),
      recover: can(user, "recover:funds"),
    },
  };
}

type Handler = { permission: Permission; schema: ZodType; run: (tx: Tx, actor: Actor, scope: Scope, id: number, value: never) => Promise<{ message: string }> };
const REVIEW: Handler = { permission: "review:funds", schema: reviewStepSchema, run: reviewStep as never };
const OBJECTION: Handler = { permission: "review:funds", schema: objectionSchema, run: handleObjection as never };
const HANDLERS: Record<string, Handler> = {
  file: { permission: "edit:funds-project", schema: fileApplicationSchema, run: (async (tx: Tx, a: Actor, s: Scope, id: number, v: never) => { await fileApplication(tx, a, s, id, v); return { message: "已申报" }; }) as never },
  resubmit: { ...REVIEW, permission: "edit:funds-project" },
  ...Object.fromEntries(["library-enter", "library-refuse", "prereview", "return", "first-review", "close-expert", "site-visit", "rank", "decide", "publicity", "approve", "reject"].map((k) => [k, REVIEW])),
  score: { permission: "review:funds", schema: expertScoreSchema, run: scoreApplication as never },
  ...Object.fromEntries(["objection-file", "objection-verify", "objection-uphold", "objection-reject"].map((k) => [k, OBJECTION])),
  allocate: { permission: "allocate:funds", schema: allocateSchema, run: allocate as never },
  pay: { permission: "pay:funds", schema: paymentSchema, run: pay as never },
  adjust: { permission: "adjust:funds", schema: adjustmentSchema, run: adjust as never },
  accept: { permission: "accept:funds", schema: acceptanceSchema, run: accept as never },
  sanction: { permission: "recover:funds", schema: sanctionSchema, run: sanction as never },
};

/** Upload limit for the whole request (one file of at most 10 MB plus the form fields). */
const MAX_REQUEST_BYTES = 11 * 1024 * 1024;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.projectId);
  const user = await requirePermission(request, "read:funds");
  const db = await getDb();
  found(Number.isSafeInteger(id) ? await getProject(db, user.scope, id, user.id) : null);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) throw badRequest("上传的文件超过 10 MB");
  const intent = String((await request.clone().formData()).get("intent") ?? "");
  if (intent === "upload-document") {
    const { formData, actor } = await requireAction(request, context, "edit:funds-project");
    const submission = parseWithZod(formData, { schema: documentUploadSchema });
    if (submission.status !== "success") return invalid(submission);
    const file = formData.get("file");
    return db.transaction(async (tx) => {
      const outcome = await submitOrReply(tx, submission, (tx) => uploadApplicationDocument(tx, actor, user.scope, id, submission.value, file instanceof File ? file : null));
      if (!outcome.ok) return outcome.response;
      return redirectWithToast(tx, user.sessionId, `/funds/projects/${id}`, { type: "success", message: outcome.value.message });
    });
  }
  const h = HANDLERS[intent];
  if (!h) throw badRequest("未知操作");
  const { formData, actor } = await requireAction(request, context, h.permission);
  const submission = parseWithZod(formData, { schema: h.schema });
  if (submission.status !== "success") return invalid(submission);
  return db.transaction(async (tx) => {
    const outcome = await submitOrReply(tx, submission, (tx) => h.run(tx, actor, user.scope, id, submission.value as never));
    if (!outcome.ok) return outcome.response;
    return redirectWithToast(tx, user.sessionId, `/funds/projects/${id}`, { type: "success", message: outcome.value.message });
  });
}

const pct = (a: number, b: number) => (b > 0 ? `${((a * 100) / b).toFixed(1)}%` : "—");
const score = (c: number | null) => (c === null ? "—" : (c / 100).toFixed(2));

export default function FundProject() {
  const { project: p, today, may, province, paymentRequestId, priorDecision } = useLoaderData<typeof loader>();
  const gx = p.program.ruleSet === "GXZJ";
  const last = useLastSubmission();
  const app = p.applications[0] ?? null;
  const al = p.allocations.at(-1) ?? null;
  const err = (intent: string) => (last.intent === intent ? last.errors : null);
  const val = (intent: string, name: string, fb = "") => last.value(intent, name, fb);
  const dateField = (intent: string, label = "日期") => (
    <label className="field">
      {label}
      <input type="date" name="onDate" defaultValue={val(intent, "onDate", today)} max={today} />
    </label>
  );
  const review = (intent: string, label: string, extra?: React.ReactNode, danger?: boolean) => (
    <IntentForm key={intent} intent={intent} label={label} errors={err(intent)} danger={danger}>
      {dateField(intent)}
      {extra}
    </IntentForm>
  );
  const note = (intent: string, label = "意见") => (
    <label className="field">
      {label}
      <textarea name="note" rows={2} defaultValue={val(intent, "note")} />
    </label>
  );
  const ref = (intent: string, label: string) => (
    <label className="field">
      {label}
      <input name="ref" defaultValue={val(intent, "ref")} />
    </label>
  );
  const activeBan = p.bans.find((b) => b.lastBannedDay >= today);
  return (
    <div className="printable">
      <h1>
        {p.name}（{p.program.code}）
      </h1>
      <p className="no-print"><a href={`/funds/projects/${p.id}/print`}>打印项目表</a></p>
      {last.errors.length && !last.intent ? <div className="form-error" role="alert">{last.errors.join("；")}</div> : null}
      {activeBan ? (
        <p className="form-error" role="alert">
          项目单位被取消专项资金申报资格至 {activeBan.lastBannedDay}：{activeBan.reason}（{citeText(CITES.GXZJ_ART30)}）
        </p>
      ) : null}
      <table className="data" style={{ maxWidth: 900 }}>
        <tbody>
          <tr><th>专项资金</th><td>{p.program.name}</td></tr>
          <tr><th>项目单位</th><td>{p.enterprise.name}（{p.enterprise.creditCode}）</td></tr>
          <tr><th>所在地</th><td>{p.regionName}</td></tr>
          <tr><th>入库状态</th><td>{p.libraryStatusLabel}{p.enteredOn ? `（${p.enteredOn}）` : ""}{p.libraryNote ? `：${p.libraryNote}` : ""}</td></tr>
          <tr><th>类别</th><td>{p.category}{p.exemptCategory ? "（磷石膏/锰渣/赤泥综合利用，不适用额度上限）" : ""}</td></tr>
          <tr><th>实施方案</th><td>{p.implementationPlan}</td></tr>
          <tr><th>总投资 / 固定资产投资</th><td><Money fen={p.totalInvestmentFen} /> / <Money fen={p.fixedAssetInvestmentFen} /></td></tr>
          <tr><th>建设期</th><td>{p.constructionStart} 至 {p.constructionEnd}</td></tr>
          <tr><th>申报层级</th><td>{FUND_FILING_LEVEL_LABELS[p.filingLevel]}{p.keyProject ? "；重点项目" : ""}{p.provincialEnterprise ? "；省属企业" : ""}</td></tr>
          <tr><th>就业 / 税收 / 上规入统</th><td>{p.jobs} 人 / <Money fen={p.taxFen} /> / {p.aboveScaleNew ? "是" : "否"}</td></tr>
        </tbody>
      </table>

      <h2>绩效目标（入库时设定）</h2>
      <p>
        <Link to={`/funds/projects/${p.id}/monitoring`}>绩效目标变更历史与双监控（执行进度、目标完成度、整改）→</Link>
      </p>
      <p>
        <Link to={`/funds/projects/${p.id}/evaluation`}>绩效评价与结果应用 →</Link>
      </p>
      <table className="data">
        <thead><tr><th>指标</th><th>单位</th><th>目标值</th><th>方向</th><th>权重</th><th>实际</th></tr></thead>
        <tbody>
          {p.goals.length === 0 ? <tr><td colSpan={6} className="muted">未设定绩效目标</td></tr> : null}
          {p.goals.map((g) => (
            <tr key={g.id}><td>{g.name}</td><td>{g.unit}</td><td>{g.target}</td><td>{g.direction === "higher" ? "越高越好" : "越低越好"}</td><td>{g.weight}</td><td>{g.actual ?? "—"}</td></tr>
          ))}
        </tbody>
      </table>

      {may.review && province && p.libraryStatus === "pending_review" ? (
        <>
          <h2>入库审核（原则上申报项目需经评审后方能入库；未纳入项目储备库的项目不得给予专项资金支持：{citeText(CITES.GXZJ_ART14)}）</h2>
          {review("library-enter", "审核通过，入库")}
          {review("library-refuse", "不予入库", note("library-refuse", "理由"), true)}
        </>
      ) : null}

      <h2>申报与评审</h2>
      {p.applications.length === 0 ? <p className="muted">尚未申报。</p> : null}
      {p.applications.map((a) => (
        <section key={a.id}>
          <h3>
            {a.year} 年度申报：{FUND_STATUS_LABELS[a.status]}
          </h3>
          <p>
            支持方式 {FUND_SUPPORT_MODE_LABELS[a.supportMode]}，申请 <Money fen={a.requestedFen} />，申报日 {a.filedOn}
            {a.returnedReason && a.status === "returned" ? `；退回原因：${a.returnedReason}` : ""}
          </p>
          {a.guideCheck ? <Why text={a.guideCheck.explain} label={a.guideCheck.outcome === "warn" ? "注意：申报时间与申报指南不符（为什么？）" : "申报指南"} /> : null}
          <table className="data">
            <thead><tr><th>申报材料（{citeText(gx ? CITES.GXZJ_ART16 : CITES.ZXZJ_ART15)}）</th><th>文件</th><th>上传</th></tr></thead>
            <tbody>
              {a.documents.map((d) => {
                const up = a.uploaded.find((u) => u.kind === d);
                return (
                  <tr key={d}>
                    <td>{d}</td>
                    <td>{up ? <a href={`/funds/documents/${up.id}`}>{up.fileName}</a> : <span className="form-error">未提供</span>}</td>
                    <td>
                      {may.edit && a.id === app?.id && ["filed", "returned"].includes(a.status) ? (
                        <Form method="post" encType="multipart/form-data" className="no-print">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="upload-document" />
                          <input type="hidden" name="kind" value={d} />
                          <input type="file" name="file" aria-label={`上传${d}`} accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd" />
                          <SubmitButton>{up ? "替换" : "上传"}</SubmitButton>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {err("upload-document")?.length ? <div className="form-error" role="alert">{err("upload-document")!.join("；")}</div> : null}
          <p>
            专家评分（{a.scoreCount} 位）：
            {a.averageCenti !== null ? `平均 ${score(a.averageCenti)}，极差 ${score(a.spreadCenti)}` : "提交本人评分后方可查看他人评分"}
            {a.scores.length ? `（${a.scores.map((s) => `${s.expertName} ${score(s.scoreCenti)}`).join("；")}）` : ""}
          </p>
          {a.rankScore !== null ? <p>综合排序得分 {score(a.rankScore)}（就业 {p.jobs} 人、税收、上规入统 {p.aboveScaleNew ? "是" : "否"}）</p> : null}
          {a.decisionRef ? <p>集体决策：{a.decisionRef}（{a.decidedOn}）{a.proposedFen !== null ? <>，拟支持 <Money fen={a.proposedFen} /></> : null}</p> : null}
          {a.publicityStart ? (
            <p>
              公示：{a.publicityStart} 至 {a.publicityEnd}（{p.program.publicityWorkingDays} 个工作日，产品默认参数 D-9）
            </p>
          ) : null}
          {a.approvalRef ? <p>{gx ? "资金安排计划" : "资金申请"}：{a.approvalRef}（{a.approvedOn}）</p> : null}
          {a.objections.length ? (
            <table className="data">
              <thead><tr><th>异议</th><th>提出日</th><th>异议人</th><th>内容</th><th>状态</th><th>核实结论</th></tr></thead>
              <tbody>
                {a.objections.map((o) => (
                  <tr key={o.id}><td>{o.id}</td><td>{o.filedOn}</td><td>{o.objector}</td><td>{o.content}</td><td>{FUND_OBJECTION_LABELS[o.status]}</td><td>{o.finding ?? "—"}</td></tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <details>
            <summary>办理记录（{a.steps.length}）</summary>
            <ol>
              {a.steps.map((s) => (
                <li key={s.id}>{s.onDate} {FUND_STEP_LABELS[s.step] ?? s.step} — {s.byName}{s.note ? `：${s.note}` : ""}</li>
              ))}
            </ol>
          </details>
        </section>
      ))}

      {may.edit && p.libraryStatus === "entered" && !activeBan && (!app || ["allocated", "rejected", "objection_upheld"].includes(app.status)) ? (
        <IntentForm intent="file" label="申报" errors={err("file")}>
          <label className="field">申报年度<input name="year" defaultValue={val("file", "year", today.slice(0, 4))} size={6} /></label>
          <label className="field">
            支持方式
            <select name="supportMode" defaultValue={val("file", "supportMode", "award_in_lieu")}>
              {Object.entries(FUND_SUPPORT_MODE_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
          <label className="field">申请金额（元）<input name="requested" defaultValue={val("file", "requested")} inputMode="decimal" /></label>
          {dateField("file", "申报日期")}
          <p className="muted">申报后按要求上传申报材料：主管部门申报文件、专项资金申请报告及当年申报指南要求的其他资料；材料不齐全的，形式预审不予通过。</p>
        </IntentForm>
      ) : null}
      {app && may.edit && app.status === "returned" ? review("resubmit", "补正后重新提交") : null}
      {app && may.review ? (
        <>
          {app.status === "filed" ? <>{review("prereview", "形式预审通过")}{review("return", "退回补正", note("return", "需补正内容"), true)}</> : null}
          {province && app.status === "prereviewed" ? <>{review("first-review", "初审通过，进入专家评审")}{review("return", "退回补正", note("return", "需补正内容"), true)}</> : null}
          {province && app.status === "first_reviewed" && !app.scoredByMe ? (
            <IntentForm intent="score" label="提交评分（提交后不能修改）" errors={err("score")}>
              <label className="field">评分（0–100）<input name="score" defaultValue={val("score", "score")} inputMode="decimal" /></label>
              <label className="field">评审意见<textarea name="comment" rows={2} defaultValue={val("score", "comment")} /></label>
            </IntentForm>
          ) : null}
          {province && app.status === "first_reviewed" ? review("close-expert", "结束专家评审") : null}
          {province && app.status === "expert_reviewed" ? review("site-visit", "记录实地核查（可选）", note("site-visit", "核查情况")) : null}
          {province && ["expert_reviewed", "site_visited"].includes(app.status) ? review("rank", "记录排序", <label className="field">综合排序得分（0–100，综合就业、税收、上规入统、绩效）<input name="rankScore" defaultValue={val("rank", "rankScore")} /></label>) : null}
          {province && app.status === "ranked"
            ? review(
                "decide",
                "记录集体决策",
                <>
                  {ref("decide", "决策文号 / 会议纪要")}
                  <label className="field">拟支持金额（元；不超过申请金额 <Money fen={app.requestedFen} />，公示和资金安排以此为准）<input name="proposed" defaultValue={val("decide", "proposed")} inputMode="decimal" /></label>
                </>,
              )
            : null}
          {province && app.status === "decided" ? review("publicity", "开始公示（期满日按工作日计算）") : null}
          {province && app.status === "publicity" ? (
            <>
              <IntentForm intent="objection-file" label="登记异议" errors={err("objection-file")}>
                {dateField("objection-file", "提出日期")}
                <label className="field">异议人<input name="objector" defaultValue={val("objection-file", "objector")} /></label>
                <label className="field">异议内容<textarea name="content" rows={2} defaultValue={val("objection-file", "content")} /></label>
              </IntentForm>
              {app.objections.filter((o) => o.status === "filed" || o.status === "verified").map((o) => (
                <div key={o.id}>
                  {(o.status === "filed" ? ["objection-verify"] : ["objection-uphold", "objection-reject"]).map((k) => (
                    <IntentForm key={k} intent={k} label={`异议 ${o.id}：${k === "objection-verify" ? "核实" : k === "objection-uphold" ? "异议成立" : "异议不成立"}`} errors={err(k)} danger={k === "objection-uphold"}>
                      <input type="hidden" name="objectionId" value={o.id} />
                      {dateField(k)}
                      <label className="field">核实情况 / 结论<textarea name="finding" rows={2} defaultValue={val(k, "finding")} /></label>
                    </IntentForm>
                  ))}
                </div>
              ))}
              {review("approve", gx ? "公示期满：下达资金安排计划" : "公示期满：向省财政厅报送资金申请", ref("approve", gx ? "计划文号" : "申请文号"))}
            </>
          ) : null}
          {province && ["filed", "prereviewed", "first_reviewed", "expert_reviewed", "site_visited", "ranked", "decided"].includes(app.status) ? review("reject", "不予支持", note("reject", "理由"), true) : null}
        </>
      ) : null}
      {app && may.allocate && province && app.status === "approved" ? (
        <IntentForm intent="allocate" label="安排资金（额度检查）" errors={err("allocate")}>
          {priorDecision ? (
            <div className={priorDecision.needsAck ? "form-error" : undefined}>
              <p>
                上年度绩效结果应用（{priorDecision.year} 年度，{priorDecision.projectName}）：重点评价 {priorDecision.scoreCenti / 100} 分「{priorDecision.grade}」，决定「{priorDecision.actionLabel}」（{priorDecision.decidedOn}，{priorDecision.byName}）；依据：{priorDecision.basis}
              </p>
              <Why text={priorDecision.verdict.explain} label={`结果应用规则（${citeText(CITES.SZH_RESULTS)}）`} />
              {priorDecision.needsAck ? <label><input type="checkbox" name="acknowledgePriorDecision" /> 已知悉上述「{priorDecision.actionLabel}」决定，确需安排</label> : null}
            </div>
          ) : null}
          <p className="muted">安排金额不超过申请金额 <Money fen={app.requestedFen} />、集体决策确定并公示的拟支持金额{app.proposedFen !== null ? <> <Money fen={app.proposedFen} /></> : "（未记录，不能安排）"}，以及本年度该专项资金预算和所在地区预算尚未安排的余额。</p>
          <label className="field">安排金额（元）<input name="amount" defaultValue={val("allocate", "amount")} inputMode="decimal" /></label>
          <label className="field">
            支持方式
            <select name="supportMode" defaultValue={val("allocate", "supportMode", app.supportMode)}>
              {Object.entries(FUND_SUPPORT_MODE_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
          <label className="field">
            资金层级
            <select name="level" defaultValue={val("allocate", "level", "transfer")}>
              <option value="transfer">省对下转移支付（市州预算）</option>
              <option value="provincial">省本级</option>
            </select>
          </label>
          {dateField("allocate", "决定日期")}
          <label className="field">突破额度理由（“原则上”上限，确需突破时由省级经办人填写）<textarea name="overrideReason" rows={2} defaultValue={val("allocate", "overrideReason")} /></label>
        </IntentForm>
      ) : null}

      <h2>资金安排与拨付</h2>
      {p.allocations.length === 0 ? <p className="muted">尚未安排资金。</p> : null}
      {p.allocations.map((x) => (
        <section key={x.id}>
          <p>
            {x.year} 年度安排 <strong><Money fen={x.amountFen} /></strong>
            <OverrideNote by={x.overrideBy} reason={x.overrideReason} />（{FUND_SUPPORT_MODE_LABELS[x.supportMode]}，{x.level === "provincial" ? "省本级" : "转移支付"}，{x.decidedOn}，{FUND_ALLOCATION_STATUS_LABELS[x.status]}）；已拨付 <Money fen={x.paidFen} />（{pct(x.paidFen, x.amountFen)}）
            {x.prepayMaxFen > 0 ? <>；重点项目可预拨 <Money fen={x.prepayMaxFen} /></> : null}
          </p>
          <Why text={x.capVerdict.explain} label="额度检查：为什么？" />
          {x.supportMode === "interest_subsidy" ? <p><a href={`/funds/subsidy?fund=${p.program.code}&approvalDate=${x.decidedOn}`}>融资贴息计算（D-8）</a></p> : null}
          {x.duplicateVerdict ? <Why text={x.duplicateVerdict.explain} label="跨资金重复申报检查" /> : null}
          <table className="data">
            <thead><tr><th>笔次</th><th>类型</th><th>日期</th><th className="num">金额（元）</th><th>收款人</th><th>账户类型</th><th>分录</th></tr></thead>
            <tbody>
              {x.payments.length === 0 ? <tr><td colSpan={7} className="muted">尚未拨付</td></tr> : null}
              {x.payments.map((y) => (
                <tr key={y.id}><td>{y.tranche}</td><td>{FUND_PAYMENT_KIND_LABELS[y.kind]}</td><td>{y.paidOn}</td><td className="num"><Money fen={y.amountFen} /></td><td>{y.payeeName}</td><td>{PAYEE_ACCOUNT_LABELS[y.payeeAccountType]}</td><td>{y.journalId}</td></tr>
              ))}
            </tbody>
          </table>
          {x.adjustments.map((y) => (
            <div key={y.id}>
              <p>调整申请 {y.requestedOn}：{y.content} — {y.status === "approved" ? "已批准" : "未批准"}（审批：{y.approver}）</p>
              <Why text={y.verdict.explain} label="调整规则" />
            </div>
          ))}
          {x.acceptance ? (
            <p>验收：{x.acceptance.acceptedOn} {x.acceptance.body} — {x.acceptance.result === "passed" ? "通过" : "不通过"}{x.acceptance.note ? `（${x.acceptance.note}）` : ""}</p>
          ) : x.status === "active" && p.constructionEnd < today ? (
            <p className="form-error">建设期已于 {p.constructionEnd} 结束，尚未验收</p>
          ) : null}
          {x.recoveries.map((r) => (
            <p key={r.id}>收回 <Money fen={r.amountFen} />（{FUND_RECOVERY_LABELS[r.kind]}，{r.decidedOn}，分录 {r.journalId}）：{r.reason}</p>
          ))}
        </section>
      ))}
      {al && al.status === "active" && may.pay ? (
        <IntentForm intent="pay" label="拨付（记账）" errors={err("pay")}>
          <input type="hidden" name="requestId" value={paymentRequestId} />
          <label className="field">拨付金额（元）<input name="amount" defaultValue={val("pay", "amount")} inputMode="decimal" /></label>
          <label className="field">
            拨付类型
            <select name="kind" defaultValue={val("pay", "kind", "progress")}>
              {Object.entries(FUND_PAYMENT_KIND_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
          {dateField("pay", "拨付日期")}
          <label className="field">
            收款账户类型
            <select name="payeeAccountType" defaultValue={val("pay", "payeeAccountType", "enterprise_basic")}>
              {Object.entries(PAYEE_ACCOUNT_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
          <label className="field">收款账号<input name="payeeAccountNo" defaultValue={val("pay", "payeeAccountNo")} /></label>
        </IntentForm>
      ) : null}
      {al && al.status !== "recovered" && may.adjust ? (
        <IntentForm intent="adjust" label="记录项目调整" errors={err("adjust")}>
          {dateField("adjust", "申请日期")}
          <label className="field">调整内容<textarea name="content" rows={2} defaultValue={val("adjust", "content")} /></label>
          <label className="field">
            审批结果
            <select name="decision" defaultValue={val("adjust", "decision", "approved")}>
              <option value="approved">批准</option>
              <option value="refused">不批准</option>
            </select>
          </label>
          <label><input type="checkbox" name="changedWithoutApproval" /> 项目已未经批准实际发生调整</label>
          <label className="field">再次调整的理由（“原则上只准予一次”，省级填写）<textarea name="overrideReason" rows={2} defaultValue={val("adjust", "overrideReason")} /></label>
        </IntentForm>
      ) : null}
      {al && al.status === "active" && !al.acceptance && may.accept ? (
        <IntentForm intent="accept" label="记录验收结论" errors={err("accept")}>
          {dateField("accept", "验收日期")}
          <label className="field">
            结论
            <select name="result" defaultValue={val("accept", "result", "passed")}>
              <option value="passed">通过</option>
              <option value="failed">不通过（收回已拨付资金）</option>
            </select>
          </label>
          <label className="field">说明<textarea name="note" rows={2} defaultValue={val("accept", "note")} /></label>
        </IntentForm>
      ) : null}
      {al && al.status !== "recovered" && may.recover && province ? (
        <IntentForm intent="sanction" label="追回资金（违规处理）" errors={err("sanction")} danger>
          {dateField("sanction", "决定日期")}
          <label className="field">理由<textarea name="reason" rows={2} defaultValue={val("sanction", "reason")} /></label>
          {gx ? <label><input type="checkbox" name="ban" /> 取消三年内专项资金申报资格（{citeText(CITES.GXZJ_ART30)}）</label> : null}
        </IntentForm>
      ) : null}
    </div>
  );
}
