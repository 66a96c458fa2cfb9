import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SIZE_LABELS, SRDI_LABELS } from "~/lib/labels";
import { formatBp, formatYuan } from "~/lib/money";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { getEnterprise } from "~/server/enterprises.server";
import { found } from "~/server/http.server";

export const meta: MetaFunction = () => [{ title: "企业详情 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:enterprise");
  const id = Number(params.enterpriseId);
  const enterprise = found(Number.isSafeInteger(id) ? await getEnterprise(await getDb(), user.scope, id) : null);
  // officers correct the enterprises of their region (the detail is already limited to what the user reaches)
  return { enterprise, canCorrect: can(user, "register:enterprise") && (user.scope.kind === "all" || user.scope.kind === "region") };
}

export default function EnterpriseDetail() {
  const { enterprise: e, canCorrect } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{e.name}</h1>
      {canCorrect ? (
        <p>
          <Link to={`/enterprises/${e.id}/edit`}>更正企业信息</Link>
        </p>
      ) : null}
      <table className="data" style={{ maxWidth: 760 }}>
        <tbody>
          <tr><th>统一社会信用代码</th><td><code>{e.creditCode}</code>（GB 32100-2015 校验通过）</td></tr>
          <tr><th>所在地区</th><td>{e.regionName}（{e.regionCode}）</td></tr>
          <tr><th>企业规模</th><td>{SIZE_LABELS[e.sizeClass]}</td></tr>
          <tr><th>划型依据</th><td>{e.sizeWhy ?? "登记时未记录划型所依据的从业人员、营业收入等数据（更正企业信息时补填后按《中小企业划型标准规定》重新划型）"}</td></tr>
          {e.employees !== null ? <tr><th>从业人员</th><td>{e.employees.toLocaleString("zh-CN")} 人（{e.sizeAssessedOn} 登记）</td></tr> : null}
          {e.revenueFen !== null ? <tr><th>上年营业收入</th><td className="num">{formatYuan(e.revenueFen)} 元</td></tr> : null}
          {e.totalAssetsFen !== null ? <tr><th>资产总额</th><td className="num">{formatYuan(e.totalAssetsFen)} 元</td></tr> : null}
          <tr><th>行业</th><td>{e.industryName}（{e.industryCode}）</td></tr>
          <tr><th>规模以上</th><td>{e.aboveScale ? "是" : "否"}</td></tr>
          <tr><th>梯度培育</th><td>{e.srdiTier ? `${SRDI_LABELS[e.srdiTier]}（${e.srdiValidFrom} 至 ${e.srdiValidTo}）` : "—"}</td></tr>
          <tr><th>实际控制人</th><td>{e.actualControllerName}{e.actualControllerSpouse ? `（配偶：${e.actualControllerSpouse}）` : ""}</td></tr>
          <tr><th>联系人</th><td>{e.contactName ? `${e.contactName}　${e.contactPhone ?? ""}` : "—"}</td></tr>
        </tbody>
      </table>
      <h2>股东</h2>
      {e.shareholders.length === 0 ? <p className="muted">未登记股东。</p> : (
        <table className="data" style={{ maxWidth: 760 }}>
          <thead><tr><th>股东</th><th>类型</th><th>证照号码</th><th className="num">持股比例</th></tr></thead>
          <tbody>
            {e.shareholders.map((s) => (
              <tr key={s.id}><td>{s.name}</td><td>{s.kind === "person" ? "自然人" : "法人"}</td><td><code>{s.identifier}</code></td><td className="num">{formatBp(s.shareBp)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
