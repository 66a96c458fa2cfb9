/**
 * `npm run db:scale -- --loans N [--seed S] [--reset]`: a deterministic scale data set on PostgreSQL.
 *
 * 1. DATABASE_URL names the target database; it is created if missing (through the server's `postgres` database),
 *    and a database that already holds tables is refused unless --reset (drop and create again).
 * 2. Migrates it (migrateDatabase) and loads the demo data (seedDemo): every demo sign-in works as in the demo.
 * 3. Adds bulk history scaled from N: ~N/5 enterprises, ~N 信贷通 loans with schedules, repayments and arrears,
 *    claims at every stage (≈1.5% of loans) with their payments in the ledger, pool top-ups, recoveries, the banks'
 *    corrected reports; ~N/10 special-fund projects over six more programs with budgets, issues, payments and
 *    recoveries in the ledger; the audit records of all of it. Written with COPY in transactions of ~60k rows.
 *    The ledger holds only what the app journals (pool and fund money, ≈0.24 postings per loan); the loans' own
 *    history (dues and repayments, ≈11 rows per loan) lives in xdt_loan_due / xdt_repayment, as in the app.
 * At N = 1,000,000 on 2 cores: ≈11 minutes, ≈23M rows, ≈8 GB.
 * The same N and seed give the same data. Nothing is dated after the demo's today, 2026-11-27.
 */
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../client";
import { seedDemo } from "../seed";
import { DEMO_USERS } from "../seed/demo-users";
import type { SeedRefs } from "../seed/context";
import { Rng } from "../seed/rng";
import { Loader } from "./copy";
import { Ids, type Person, type ScaleContext } from "./context";
import { generateEnterprises } from "./enterprises";
import { generateLoans } from "./loans";
import { generateClaims } from "./claims";
import { generateFunds } from "./funds";
import { BANK_PROFILES, DEFAULT_SEED, planFor } from "./plan";

const USAGE = "用法 usage: DATABASE_URL=postgres://…/zjt_scale npm run db:scale -- --loans 20000 [--seed 20261127] [--reset]";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseArgs(argv: string[]) {
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
  };
  const known = new Set(["--loans", "--seed", "--reset"]);
  for (const a of argv) if (a.startsWith("--") && !known.has(a.split("=")[0])) fail(`未知参数 unknown option ${a}\n${USAGE}`);
  const num = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/[_,]/g, ""));
    if (!Number.isSafeInteger(n) || n < 0) fail(`--${name} 须为非负整数 must be a non-negative integer: ${v}\n${USAGE}`);
    return n;
  };
  const loans = num("loans", 20_000);
  if (loans < 1000) fail(`--loans 至少 1000 must be at least 1000\n${USAGE}`);
  return { loans, seed: num("seed", DEFAULT_SEED), reset: argv.includes("--reset") };
}

/** Creates the database if missing; refuses one that holds tables unless --reset (then drops and recreates it). */
async function prepareDatabase(url: string, reset: boolean) {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    fail(`DATABASE_URL 不是有效的连接串 is not a valid URL: ${url}`);
  }
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) fail("DATABASE_URL 须指明数据库名 must name a database (…/zjt_scale)");
  if (["postgres", "template0", "template1"].includes(name)) fail(`不能写入系统数据库 refusing to use the system database "${name}"`);
  const adminUrl = new URL(target.toString());
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  const quoted = `"${name.replace(/"/g, '""')}"`;
  try {
    const [exists] = await admin`select 1 as x from pg_database where datname = ${name}`;
    if (exists) {
      const probe = postgres(url, { max: 1, onnotice: () => {} });
      const [{ n }] = await probe`select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
                                 where c.relkind in ('r', 'p') and s.nspname not in ('pg_catalog', 'information_schema') and s.nspname not like 'pg_toast%'`;
      await probe.end();
      if (n > 0 && !reset) fail(`数据库 ${name} 不是空的（${n} 张表），加 --reset 将删除并重建 / database ${name} is not empty (${n} tables); pass --reset to drop and recreate it`);
      if (n > 0) {
        console.log(`删除并重建数据库 dropping and recreating ${name}`);
        await admin.unsafe(`drop database ${quoted}`).catch((err: { code?: string }) => {
          if (err.code === "55006") fail(`数据库 ${name} 正被其他连接使用（例如正在运行的应用），请先停止它们 / database ${name} is in use by other sessions (a running app?); stop them first`);
          throw err;
        });
        await admin.unsafe(`create database ${quoted}`);
      }
    } else {
      console.log(`创建数据库 creating database ${name}`);
      await admin.unsafe(`create database ${quoted}`);
    }
  } finally {
    await admin.end();
  }
  return name;
}

function peopleOf(refs: SeedRefs): ScaleContext["people"] {
  const user = (username: string, orgId: number): Person => {
    const u = DEMO_USERS.find((x) => x.username === username)!;
    return { userId: refs.users.get(username) ?? null, name: `${u.displayName}（${u.username}）`, orgId };
  };
  const bankUsers = new Map<number, Person>([
    [refs.org.banks[0].id, user("bank.a", refs.org.banks[0].id)],
    [refs.org.banks[1].id, user("bank.b", refs.org.banks[1].id)],
  ]);
  const clerks = new Map(refs.org.banks.map((b) => [b.id, { userId: null, name: `${b.shortName} 信贷通经办人`, orgId: b.id } as Person]));
  return {
    trustee: user("trustee", refs.org.trustee),
    office: user("xdt", refs.org.xdtOffice),
    finance: user("finance", refs.org.provinceFinance),
    industry: user("industry", refs.org.provinceIndustry),
    system: { userId: null, name: "系统（规模数据）", orgId: refs.org.system },
    bank: (bankOrgId) => bankUsers.get(bankOrgId) ?? clerks.get(bankOrgId)!,
  };
}

const ID_TABLES = ["enterprise", "xdt_loan", "xdt_repayment", "journal", "xdt_claim", "xdt_recovery", "ledger_account", "fund_program", "fund_project", "fund_application", "fund_allocation", "fund_budget", "fund_payment", "fund_acceptance", "fund_ban", "fund_recovery"];

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) fail("缺少 DATABASE_URL：规模数据只写入 PostgreSQL，例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjt_scale / DATABASE_URL is required (a PostgreSQL database, e.g. …/zjt_scale)");
  const args = parseArgs(process.argv.slice(2));
  const plan = planFor(args.loans, args.seed);
  const t0 = Date.now();
  const name = await prepareDatabase(url, args.reset);
  console.log(`规模数据 scale data → ${name}: 贷款 loans ≈ ${plan.loans.toLocaleString("en-US")}, 企业 enterprises ${plan.enterprises.toLocaleString("en-US")}, 项目 projects ≈ ${plan.projects.toLocaleString("en-US")}, seed ${plan.seed}`);

  const handle = await openDatabase({ databaseUrl: url, maxConnections: 1 });
  let refs: SeedRefs;
  try {
    await migrateDatabase(handle);
    const t1 = Date.now();
    refs = (await seedDemo(handle.db)) as SeedRefs;
    console.log(`已迁移并载入演示数据 migrated and loaded the demo data (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
  } finally {
    await handle.close();
  }

  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "zjt db:scale" } });
  try {
    // bulk loading: the commit of each batch need not wait for the disk (a crash loses at most the last batches)
    await sql`set synchronous_commit = off`;
    const ids = new Ids(sql);
    await ids.init(ID_TABLES);
    const loader = new Loader(sql);
    const ctx: ScaleContext = { sql, loader, rng: new Rng(plan.seed), refs, plan, ids, people: peopleOf(refs) };

    const phase = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
      const s = Date.now();
      console.log(`${label} …`);
      const out = await run();
      await loader.drain();
      console.log(`${label} 完成 done (${((Date.now() - s) / 1000).toFixed(1)} s)`);
      return out;
    };
    const shares = BANK_PROFILES.filter((b) => b.share > 0).map((b) => [b.index, b.share] as const);
    const ents = await phase("企业 enterprises", () => generateEnterprises(ctx, shares, (b) => BANK_PROFILES[b].sizes));
    const book = await phase("贷款 loans", () => generateLoans(ctx, ents));
    console.log(`  贷款 ${book.loans.toLocaleString("en-US")}（续贷 renewals ${book.renewals.toLocaleString("en-US")}，待审 pending ${book.pending}，不予入库 rejected ${book.rejected}，停止还款 defaulted ${book.defaulted.length.toLocaleString("en-US")}，报备即被规则拒绝而未写入 refused at filing ${book.blockedAtFiling}）`);
    const claims = await phase("代偿 claims", () => generateClaims(ctx, book));
    console.log(`  风险事项 risk events ${claims.riskEvents}，代偿申请 claims ${claims.claims}（${Object.entries(claims.byStatus).map(([k, v]) => `${k} ${v}`).join("，")}），已付补偿 paid ${(claims.paidFen / 1e10).toFixed(2)} 亿元，追偿 recoveries ${claims.recoveries}，资金池追加 top-ups ${(claims.topUpFen / 1e10).toFixed(2)} 亿元，因接近3%暂缓 held ${claims.heldForRatio}`);
    const funds = await phase("专项资金 special funds", () => generateFunds(ctx, ents));
    console.log(`  项目 projects ${funds.projects.toLocaleString("en-US")}，申报 applications ${funds.applications.toLocaleString("en-US")}，安排 allocations ${funds.allocations.toLocaleString("en-US")}，拨付 payments ${funds.payments.toLocaleString("en-US")}，规则无法确定验收主体而未验收 unroutable acceptances ${funds.unroutable}`);
    await ids.finish();
    const loadSecs = (Date.now() - t0) / 1000;

    console.log(`写入各表用时 time per table (s): ${[...loader.busy].sort((a, b) => b[1] - a[1]).map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)}`).join(" · ")}`);
    const tv = Date.now();
    // the arrears triggers update each loan row as its dues and repayments arrive: compact the table once
    await sql.unsafe("vacuum full xdt_loan");
    await sql.unsafe("vacuum analyze");
    console.log(`vacuum full xdt_loan, vacuum analyze (${((Date.now() - tv) / 1000).toFixed(1)} s)`);

    const [unbalanced] = await sql`select count(*)::int as n from (select journal_id from posting group by 1 having sum(amount_fen) <> 0) x`;
    const [overdrawn] = await sql`
      select count(*)::int as n from (
        select a.id, sum(p.amount_fen) over (partition by a.id order by j.value_date, j.id) as running
        from ledger_account a join posting p on p.account_id = a.id join journal j on j.id = p.journal_id
        where a.must_not_go_negative) x where running < 0`;
    console.log(`\n核对 checks: 不平衡分录 unbalanced journals ${unbalanced.n}；按起息日顺序透支的受保护账户记账行 guarded-account overdrafts in value-date order ${overdrawn.n}`);

    const tables = [...new Set([...loader.totals.keys(), "xdt_lending_month", "ledger_account_month"])].sort();
    console.log("\n表 table".padEnd(34) + "本次写入 written".padStart(16) + "表内行数 rows now".padStart(18));
    for (const t of tables) {
      const exists = await sql`select to_regclass(${t}) as r`;
      if (!exists[0].r) continue;
      const [{ n }] = await sql.unsafe(`select count(*)::bigint as n from "${t}"`);
      console.log(`  ${t.padEnd(32)}${(loader.totals.get(t) ?? 0).toLocaleString("en-US").padStart(16)}${Number(n).toLocaleString("en-US").padStart(18)}`);
    }
    console.log(`\n写入合计 rows written ${loader.totalRows().toLocaleString("en-US")}；载入用时 load ${loadSecs.toFixed(0)} s；总用时 total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`演示账号照常可用（密码 zjt-demo-2026）：DATABASE_URL=${url} npm start`);
    if (unbalanced.n > 0 || overdrawn.n > 0) process.exitCode = 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
