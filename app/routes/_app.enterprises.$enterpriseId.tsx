import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SIZE_LABELS, SRDI_LABELS } from "~/lib/labels";
import { formatBp } from "~/lib/money";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { getEnterprise } from "~/server/enterprises.server";
import { found } from "~/server/http.server";

export const meta: MetaFunction = () => [{ title: "企业详情 · 资金通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:enterprise");
  const id = Number(params.enterpriseId);
  return { enterprise: found(Number.isSafeInteger(id) ? await getEnterprise(await getDb(), user.scope, id) : null) };
}

export default function EnterpriseDetail() {
  const { enterprise: e } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{e.name}</h1>
      <table className="data" style={{ maxWidth: 760 }}>
        <tbody>
          <tr><th>统一社会信用代码</th><td><code>{e.creditCode}</code>（GB 32100-2015 校验通过）</td></tr>
          <tr><th>所在地区</th><td>{e.regionName}（{e.regionCode}）</td></tr>
          <tr><th>企业规模</th><td>{SIZE_LABELS[e.sizeClass]}</td></tr>
          <tr><th>行业</th><td>{e.industryName}（{e.industryCode}）</td></tr>
          <tr><th>规模以上</th><td>{e.aboveScale ? "是" : "否"}</td></tr>
          <tr><th>梯度培育</th><td>{e.srdiTier ? `${SRDI_LABELS[e.srdiTier]}（${e.srdiValidFrom} 至 ${e.srdiValidTo}）` : "—"}</td></tr>
          <tr><th>实际控制人</th><td>{e.actualControllerName}{e.actualControllerSpouse ? `（配偶：${e.actualControllerSpouse}）` : ""}</td></tr>
        </tbody>
      </table>
      <h2>股东</h2>
      <table className="data" style={{ maxWidth: 760 }}>
        <thead><tr><th>股东</th><th>类型</th><th>证照号码</th><th className="num">持股比例</th></tr></thead>
        <tbody>
          {e.shareholders.map((s) => (
            <tr key={s.id}><td>{s.name}</td><td>{s.kind === "person" ? "自然人" : "法人"}</td><td><code>{s.identifier}</code></td><td className="num">{formatBp(s.shareBp)}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
