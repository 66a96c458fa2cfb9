/**
 * Database commands (run with tsx):
 *   prepare        migrate; load the demo data if the database is empty; print the demo sign-ins
 *   migrate        apply db/migrations
 *   create-admin   create an administrator: --username NAME [--name 显示名]; password from ADMIN_PASSWORD or stdin
 *   figures-check  recompute every stored figure from raw history and list any difference (exit 1 if there is one)
 * DATABASE_URL=postgres://… selects PostgreSQL; otherwise the embedded PGlite in PGLITE_DIR (default .data/pglite).
 */
import { createInterface } from "node:readline/promises";
import { count, eq } from "drizzle-orm";
import { createAdministrator } from "./admin";
import { checkStoredFigures, type FigureDifference } from "./figures";
import { migrateDatabase, openDatabase } from "./client";
import { appUser, organisation } from "./schema";
import { seedDemo } from "./seed";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed/demo-users";
import { ensureReferenceData } from "./reference";

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR, maxConnections: 1 });
  const where = handle.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite (${process.env.PGLITE_DIR ?? ".data/pglite"})`;
  try {
    if (command === "migrate" || command === "prepare") {
      await migrateDatabase(handle);
      await ensureReferenceData(handle.db);
      console.log(`数据库已迁移：${where}`);
    }
    if (command === "prepare") {
      const [{ n }] = await handle.db.select({ n: count() }).from(organisation);
      if (n === 0 && process.env.SEED_DEMO !== "0") {
        const t0 = Date.now();
        await seedDemo(handle.db);
        console.log(`已载入演示数据（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
      }
      const demo = await handle.db.select({ username: appUser.username }).from(appUser).where(eq(appUser.username, "admin"));
      if (demo.length > 0) printDemoSignIns();
    } else if (command === "create-admin") {
      await createAdminFromArgs(handle.db, args);
    } else if (command === "figures-check") {
      await figuresCheck(handle.db);
    } else if (command !== "migrate") {
      console.error("用法: tsx db/cli.ts prepare | migrate | figures-check | create-admin --username NAME [--name 显示名]");
      process.exitCode = 2;
    }
  } finally {
    await handle.close();
  }
}

function printDemoSignIns() {
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "127.0.0.1";
  console.log(`\n资金通 将在 http://${host}:${port} 提供服务。演示账号（密码均为 ${DEMO_PASSWORD}，仅存在于演示数据）：`);
  for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(12)} ${u.what}`);
  console.log("");
}

const FIGURE_LABELS: Record<FigureDifference["figure"], string> = {
  "ledger balance": "科目余额",
  "ledger month": "科目月度发生额",
  "lending month": "月度入库贷款",
  "enterprises supported": "年度支持企业",
  "allocation paid": "安排已拨付",
  "loan arrears": "贷款逾期状态",
};

async function figuresCheck(db: Awaited<ReturnType<typeof openDatabase>>["db"]) {
  const t0 = Date.now();
  // one snapshot: a repeatable-read transaction sees the history and the figures as of one instant, even while the app writes
  const report = await db.transaction(
    (tx) => checkStoredFigures(tx, { onProgress: (n) => n % 100_000 === 0 && console.log(`  已核对贷款 ${n} 笔…`) }),
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const { accounts, accountMonths, lendingMonths, enterpriseYears, allocations, loans } = report.checked;
  console.log(`存储数字核对：科目余额 ${accounts} 个，科目月度发生额 ${accountMonths} 行，合作银行月度入库贷款 ${lendingMonths} 行，合作银行年度支持企业 ${enterpriseYears} 行，专项资金安排已拨付 ${allocations} 笔，贷款逾期状态 ${loans} 笔（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
  if (report.differences.length === 0) {
    console.log("结果：与按原始记录重新计算的结果完全一致。");
    return;
  }
  console.log(`结果：发现 ${report.differences.length} 处不一致（存储值 ≠ 重算值）：`);
  for (const d of report.differences) console.log(`  ${FIGURE_LABELS[d.figure]}  ${d.key}：存储 ${d.stored} ≠ 重算 ${d.recomputed}`);
  process.exitCode = 1;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function createAdminFromArgs(db: Awaited<ReturnType<typeof openDatabase>>["db"], args: string[]) {
  const username = flag(args, "username");
  if (!username) throw new Error("缺少 --username");
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question("新管理员密码：");
    rl.close();
  }
  await createAdministrator(db, { username, displayName: flag(args, "name") ?? username, password });
  console.log(`已创建管理员 ${username}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
