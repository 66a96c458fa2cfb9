import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { xdtStatedFigures } from "#rules";
import { xdtToday } from "~/server/xdt/reference.server";
import { requirePermission } from "~/server/auth.server";

export const meta: MetaFunction = () => [{ title: "银行接口说明 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:xdt");
  return { stated: xdtStatedFigures(xdtToday()) };
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

const EX_REPAY = `curl -X POST https://<资金通地址>/api/v1/loans/2051/repayments \\
  -H "Authorization: Bearer zjt_…" -H "Content-Type: application/json" \\
  -d '{"component":"interest","paidOn":"2026-11-20","amount":"26,250.00"}'

HTTP/1.1 201 Created
{"id":90211,"component":"interest","paidOn":"2026-11-20","amountFen":2625000,
 "position":{"outstandingPrincipalFen":300000000,"unpaidInterestDueFen":0,"principalDaysOverdue":0,"interestDaysOverdue":0,"repaid":false}}`;

const EX_OVERDUE = `curl https://<资金通地址>/api/v1/loans/2051/overdue -H "Authorization: Bearer zjt_…"

{"loanId":2051,"contractNo":"GZB-XDT-2026-10001","asOf":"2026-11-27",
 "principal":{"daysOverdue":0,"firstUnpaidDueDate":null,"outstandingFen":300000000},
 "interest":{"daysOverdue":68,"firstUnpaidDueDate":"2026-09-20","unpaidDueFen":2625000},
 "claimEligibility":{"outcome":"block","explain":"结论：不通过…"},"claim":null}

curl -X POST https://<资金通地址>/api/v1/loans/2051/overdue -H "Authorization: Bearer zjt_…" \\
  -H "Content-Type: application/json" -d '{"eventDate":"2026-11-21","description":"企业未按期支付利息"}'

HTTP/1.1 201 Created
{"riskEvent":{"id":512,"eventDate":"2026-11-21","dueDate":"2026-11-28","reportedOn":"2026-11-27","late":false},"status":{…}}`;

const EX_MONTHLY = `curl -X POST https://<资金通地址>/api/v1/reports/monthly \\
  -H "Authorization: Bearer zjt_…" -H "Content-Type: application/json" \\
  -d '{"month":"2026-10","balance":"625,500,000.00","cumulativeLending":"2,310,000,000.00",
       "npl":"7,770,000.00","badDebt":"0"}'

HTTP/1.1 201 Created
{"id":3301,"month":"2026-10","version":1,"dueDate":"2026-11-10","submittedOn":"2026-11-05","late":false}

# 已报送的月份再次提交 = 更正：须带 correctionReason，保存为新版本（原版本保留）
-d '{"month":"2026-10",…,"npl":"5,000,000.00","correctionReason":"核对后更正不良贷款余额"}'
HTTP/1.1 201 Created
{"id":3302,"month":"2026-10","version":2,"dueDate":"2026-11-10","submittedOn":"2026-11-27","late":false}`;

const EX_QUARTERLY = `curl -X POST https://<资金通地址>/api/v1/reports/quarterly \\
  -H "Authorization: Bearer zjt_…" -H "Content-Type: application/json" \\
  -d '{"quarter":"2026-Q3","loansCount":12,"lending":"36,000,000.00","balance":"625,500,000.00",
       "overdue":"7,770,000.00","compensation":"0","recovered":"0",
       "narrative":"本季度新发放信贷通贷款12笔，贷后管理正常。"}'

HTTP/1.1 201 Created
{"id":152,"quarter":"2026-Q3","version":1,"dueDate":"2026-10-15","submittedOn":"2026-11-27","late":true}`;

const EX_RISK = `curl -X POST https://<资金通地址>/api/v1/risk-events \\
  -H "Authorization: Bearer zjt_…" -H "Content-Type: application/json" \\
  -d '{"eventDate":"2026-11-20","contractNo":"GZB-XDT-2026-10001","description":"企业主要股东涉诉，经营出现困难"}'

HTTP/1.1 201 Created
{"id":513,"eventDate":"2026-11-20","loanId":2051,"dueDate":"2026-11-27","reportedOn":"2026-11-27","late":false}

HTTP/1.1 400 Bad Request
{"error":{"code":"refused","message":"本行没有该合同编号的信贷通贷款","field":"contractNo"}}`;

const EX_OVERRIDE = `# “原则上”限制（单户余额超5000万、期限超3年、信用贷款缺实际控制人及配偶担保）默认不予受理：
HTTP/1.1 400 Bad Request
{"error":{"code":"refused","field":"overrideReason","message":"不予受理：贷款期限48个月，超过36个月（3年）（“原则上”限制…）。以上均为“原则上”限制：如确有必要，可填写“原则上”限制放行理由后重新提交…"}}

# 带书面理由重新提交：受理，待受托管理机构审核；理由与提交人记录在准入结论中（verdict.override）
-d '{…,"termMonths":48,"overrideReason":"技术改造项目回收期长，经分行贷审会审议同意四年期"}'
HTTP/1.1 201 Created
{"id":2052,"admissionStatus":"pending","verdict":{"outcome":"warn","override":{"by":"贵州银行 吴经理（bank.a）","reason":"技术改造项目回收期长…","codes":["XDT_TERM_OVER_CAP"]},…}}

# 硬性限制（黑名单、利率超 LPR+74BP、非中小企业等）即使填写理由也不予受理。`;

const EX_BORROWER = `# 企业库中没有该统一社会信用代码时，在 enterprise 中提供企业登记信息：登记企业与登记贷款在同一事务中完成
curl -X POST https://<资金通地址>/api/v1/loans -H "Authorization: Bearer zjt_…" -H "Content-Type: application/json" \\
  -d '{…,"creditCode":"91520102MA…","enterprise":{"name":"贵阳黔丰酒业有限公司","regionCode":"南明区","industryCode":"C1512",
       "industryName":"白酒制造","employees":45,"revenue":"8,000,000.00","actualControllerName":"王伟",
       "actualControllerSpouse":"李娜","contactName":"张敏","contactPhone":"0851-85551234"}}'

HTTP/1.1 201 Created
{"id":2053,"admissionStatus":"pending","enterpriseRegistered":true,"notices":[],…}

# 企业规模不需提供：按《中小企业划型标准规定》（工信部联企业〔2011〕300号）由行业代码、从业人员、营业收入
# （建筑业、房地产开发经营、租赁和商务服务业还需 totalAssets 资产总额）自动划型。regionCode 可填县（区）名称或 6 位代码。
# 字段有误时逐项说明：
HTTP/1.1 400 Bad Request
{"error":{"code":"invalid","field":"enterprise.contactPhone","message":"联系电话格式不正确（如 0851-85551234 或 13800000000）","fields":[…]}}

# 该代码已登记但名称不同：按已登记的企业受理，企业信息不修改，notices 中说明
HTTP/1.1 201 Created
{"id":2054,"enterpriseRegistered":false,"notices":["统一社会信用代码 9152… 在企业库中登记的名称为「…」，与填写的「…」不一致：已按企业库中的登记办理…"],…}`;

/** The bank API, documented with examples (issue 4 §12). */
export default function ApiDocs() {
  const { stated } = useLoaderData<typeof loader>();
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
          <tr><td><code>POST /api/v1/loans</code></td><td>登记贷款：creditCode, contractNo, amount, rate, termMonths, disbursementDate, isCreditLoan, creditEnhancement, controllerSpouseGuarantee, renewalOf, overrideReason（“原则上”限制放行理由，可选）, enterprise（借款企业尚未登记时的企业信息，可选：name, regionCode, industryCode, industryName, employees, revenue, totalAssets, actualControllerName, actualControllerSpouse, contactName, contactPhone）</td></tr>
          <tr><td><code>GET /api/v1/loans/:id</code></td><td>贷款状态、准入结论与依据、还款计划与逾期天数、代偿条件</td></tr>
          <tr><td><code>POST /api/v1/loans/:id/claim</code></td><td>申请代偿（损失与 {stated.compensationShare} 补偿按规则计算）</td></tr>
          <tr><td><code>GET /api/v1/claims/:id</code></td><td>代偿申请状态、金额、时限、材料、办理记录</td></tr>
          <tr><td><code>POST /api/v1/claims/:id/recoveries</code></td><td>报告追偿：recoveryDate, recovered, litigationCost, recoveryCost</td></tr>
          <tr><td><code>GET /api/v1/loans/:id/repayments</code></td><td>该笔贷款已登记的还款</td></tr>
          <tr><td><code>POST /api/v1/loans/:id/repayments</code></td><td>登记还款：component（principal 本金 / interest 利息）, paidOn, amount；按到期先后冲抵，逾期天数随之更新；可带 <code>Idempotency-Key</code> 请求头，重试（或无该头时内容相同的重复请求）只登记一次，返回第一次的记录</td></tr>
          <tr><td><code>GET /api/v1/loans/:id/overdue</code></td><td>逾期状态：本金、利息各自从首个未还到期日起算的逾期天数，代偿条件（本金 60 天 / 利息 90 天）。逾期状态由还款计划和已登记还款计算，不能直接填写</td></tr>
          <tr><td><code>POST /api/v1/loans/:id/overdue</code></td><td>报告该笔贷款逾期（风险事项，{stated.riskEventDays} 个工作日内书面报送）：eventDate, description（可选）</td></tr>
          <tr><td><code>GET /api/v1/reports/monthly?year=&amp;state=late|corrected&amp;page=</code></td><td>本行月度数据（每月最新版本及更正记录、是否逾期报送）</td></tr>
          <tr><td><code>POST /api/v1/reports/monthly</code></td><td>报送月度数据（次月 10 日前）：month（YYYY-MM）, balance, cumulativeLending, npl, badDebt；更正已报送月份须带 correctionReason</td></tr>
          <tr><td><code>GET /api/v1/reports/quarterly</code></td><td>本行季度报告</td></tr>
          <tr><td><code>POST /api/v1/reports/quarterly</code></td><td>报送季度报告（季度结束后 15 日内）：quarter（YYYY-Qn）, loansCount, lending, balance, overdue, compensation, recovered, narrative；更正须带 correctionReason</td></tr>
          <tr><td><code>GET /api/v1/risk-events?state=late|open</code></td><td>本行风险事项及报送时限</td></tr>
          <tr><td><code>POST /api/v1/risk-events</code></td><td>报告风险事项（发生后 {stated.riskEventDays} 个工作日内；2022-06-01 前发生的不适用时限）：eventDate, description, contractNo（可选）</td></tr>
        </tbody>
      </table>
      <h2>示例：登记贷款</h2>
      <pre>{EX_LOAN}</pre>
      <pre>{EX_CREATED}</pre>
      <h2>示例：登记贷款时一并登记借款企业</h2>
      <pre>{EX_BORROWER}</pre>
      <h2>示例：“原则上”限制的书面放行</h2>
      <pre>{EX_OVERRIDE}</pre>
      <h2>示例：登记还款与逾期状态</h2>
      <pre>{EX_REPAY}</pre>
      <pre>{EX_OVERDUE}</pre>
      <h2>示例：月度数据（含更正）</h2>
      <pre>{EX_MONTHLY}</pre>
      <h2>示例：季度报告</h2>
      <pre>{EX_QUARTERLY}</pre>
      <h2>示例：风险事项</h2>
      <pre>{EX_RISK}</pre>
      <h2>错误</h2>
      <p>错误均为 JSON：<code>{"{"}"error":{"{"}"code","message","field"?,"fields"?{"}}"}</code>，message 为中文原因，field 为出错字段。401 令牌无效，403 无权限，404 找不到或不属于本行，415 非 JSON，429 请求过于频繁。</p>
      <pre>{EX_ERROR}</pre>
    </>
  );
}
