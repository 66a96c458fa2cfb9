import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requirePermission } from "~/server/auth.server";

export const meta: MetaFunction = () => [{ title: "银行接口说明 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:xdt");
  return null;
}

const EX_LOAN = `curl -X POST https://<资金通地址>/api/v1/loans \\
  -H "Authorization: Bearer zjt_…" -H "Content-Type: application/json" \\
  -d '{"creditCode":"91520102…","contractNo":"GZB-XDT-2026-10001","amount":"3,000,000.00",
       "rate":"3.50","termMonths":12,"disbursementDate":"2026-11-20",
       "isCreditLoan":true,"controllerSpouseGuarantee":true}'`;

const EX_CREATED = `HTTP/1.1 201 Created
Location: /api/v1/loans/2051
{"id":2051,"contractNo":"GZB-XDT-2026-10001","admissionStatus":"pending","admissionDue":"2026-12-04",
 "verdict":{"outcome":"pass","findings":[],"explain":"结论：通过\\n依据条文：…"}}`;

const EX_ERROR = `HTTP/1.1 400 Bad Request
{"error":{"code":"invalid","message":"年利率格式不正确（如 4.35，单位 %）","field":"rate",
          "fields":[{"field":"rate","message":"年利率格式不正确（如 4.35，单位 %）"}]}}

HTTP/1.1 400 Bad Request
{"error":{"code":"refused","message":"不予受理：借款企业已列入信贷通信用黑名单…"}}`;

/** The bank API, documented with examples (issue 4 §12). */
export default function ApiDocs() {
  return (
    <>
      <h1>银行接口说明（/api/v1）</h1>
      <p>
        合作银行可由本行系统调用以下接口，与页面使用相同的校验和准入规则。认证：在 <Link to="/account/tokens">接口令牌</Link> 页面创建令牌，请求头带
        <code> Authorization: Bearer zjt_…</code>。令牌只能访问本行数据；每个令牌每分钟最多 60 次请求（超过返回 429）。金额单位：请求中为“元”文本（如 "3,000,000.00"），响应中为整数“分”（字段名以 Fen 结尾）；利率请求中为百分数，响应中为基点（Bp）。日期均为 YYYY-MM-DD。
      </p>
      <table className="data">
        <thead><tr><th>方法与路径</th><th>说明</th></tr></thead>
        <tbody>
          <tr><td><code>GET /api/v1/loans?status=&amp;page=</code></td><td>本行贷款列表（每页 50 条）</td></tr>
          <tr><td><code>POST /api/v1/loans</code></td><td>登记贷款：creditCode, contractNo, amount, rate, termMonths, disbursementDate, isCreditLoan, creditEnhancement, controllerSpouseGuarantee, renewalOf</td></tr>
          <tr><td><code>GET /api/v1/loans/:id</code></td><td>贷款状态、准入结论与依据、还款计划与逾期天数、代偿条件</td></tr>
          <tr><td><code>POST /api/v1/loans/:id/claim</code></td><td>申请代偿（损失与 70% 按规则计算）</td></tr>
          <tr><td><code>GET /api/v1/claims/:id</code></td><td>代偿申请状态、金额、时限、材料、办理记录</td></tr>
          <tr><td><code>POST /api/v1/claims/:id/recoveries</code></td><td>报告追偿：recoveryDate, recovered, litigationCost, recoveryCost</td></tr>
        </tbody>
      </table>
      <h2>示例：登记贷款</h2>
      <pre>{EX_LOAN}</pre>
      <pre>{EX_CREATED}</pre>
      <h2>错误</h2>
      <p>错误均为 JSON：<code>{"{"}"error":{"{"}"code","message","field"?,"fields"?{"}}"}</code>，message 为中文原因，field 为出错字段。401 令牌无效，403 无权限，404 找不到或不属于本行，415 非 JSON，429 请求过于频繁。</p>
      <pre>{EX_ERROR}</pre>
    </>
  );
}
