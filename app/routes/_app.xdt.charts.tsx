import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { ClaimsStageChart, LendingChart, PoolChart } from "~/components/charts";
import { ExportLinks, FilterForm } from "~/components/list";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { claimsByStage, lendingByMonth, poolSeries } from "~/server/xdt/charts.server";
import { partnerBanks, xdtToday } from "~/server/xdt/reference.server";
import { xdtStatedFigures } from "#rules";

export const meta: MetaFunction = () => [{ title: "信贷通图表 · 资金通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:xdt");
  const db = await getDb();
  const today = xdtToday();
  // bank-level figures are province-wide: every officer may pick a bank (README Decision 23); a bank sees its own
  const banks = user.scope.kind === "bank" ? [] : await partnerBanks(db);
  const bank = Number(new URL(request.url).searchParams.get("bank"));
  const chosen = banks.find((b) => b.id === bank);
  return {
    pool: await poolSeries(db, today),
    stages: await claimsByStage(db, user.scope, today),
    lending: await lendingByMonth(db, user.scope, today, chosen?.id),
    lendingLabel: user.scope.kind === "bank" ? "本行" : chosen ? chosen.name! : "全部合作银行",
    banks,
    stopLine: xdtStatedFigures(today).riskStopThreshold,
  };
}

export default function Charts() {
  const { pool, stages, lending, lendingLabel, banks, stopLine } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>信贷通图表</h1>
      <p className="muted">每张图下附数据表（可展开），可导出 Excel。各行不良率与 {stopLine} 叫停线见“合作银行与不良率”各行页面。</p>
      <PoolChart series={pool} />
      <ExportLinks table="xdt-chart-pool" />
      <ClaimsStageChart rows={stages} />
      <ExportLinks table="xdt-chart-claims" />
      {banks.length > 0 ? (
        <FilterForm>
          <label>
            合作银行
            <select name="bank" defaultValue={params.get("bank") ?? ""}>
              <option value="">全部</option>
              {banks.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
          </label>
        </FilterForm>
      ) : null}
      <LendingChart rows={lending} label={lendingLabel} />
      <ExportLinks table="xdt-chart-lending" />
    </>
  );
}
