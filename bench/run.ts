/**
 * `npm run bench`: builds the demo company (a year of CRM data) on the embedded database, grows the
 * deals to 100,000, starts the real server and measures the API as a browser would call it.
 * Figures are printed as a table; record them in bench/README.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { seedDemoCompanyIfEmpty } from "../server/src/modules/demo/demo-company";
import { migrateDatabase, openDatabase, rows } from "../server/src/platform/db/database";

const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);

interface Row {
  name: string;
  p50: number;
  p95: number;
  max: number;
  note?: string;
}

function percentile(values: number[], fraction: number) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "planerka-bench-"));
  const started = Date.now();
  console.log(`Data: ${dataDir}${process.env.DATABASE_URL ? " (PostgreSQL at DATABASE_URL)" : " (embedded PGlite)"}`);
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
  await migrateDatabase(handle);
  await seedDemoCompanyIfEmpty(handle, { log: (line) => console.log(`  ${line}`) });
  await growDealsTo(handle, 100_000);
  console.log(`Data ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  const app = await buildApp({ db: handle.db, webDist: null });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const cookieFor = async (login: string) => {
    const response = await fetch(`${address}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password: "demo" }),
    });
    return response.headers.get("set-cookie")!.split(";")[0]!;
  };
  const admin = await cookieFor("admin");
  const [manager] = await rows<{ login: string }>(
    handle.db,
    sql`select u.login from users u join deals d on d.owner_id = u.id where u.role = 'manager' group by u.login order by count(*) desc limit 1`,
  );
  const managerCookie = await cookieFor(manager!.login);
  const [stage] = await rows<{ id: string }>(
    handle.db,
    sql`select id from stages where semantic = 'open' order by sort limit 1`,
  );

  const results: Row[] = [];
  const measure = async (name: string, cookie: string, url: string, note?: string) => {
    const times: number[] = [];
    for (let index = 0; index < iterations + 3; index++) {
      const begin = performance.now();
      const response = await fetch(`${address}${url}`, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      if (index >= 3) times.push(performance.now() - begin); // the first calls warm caches
    }
    results.push({ name, p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times), note });
    process.stdout.write(".");
  };
  const [{ total }] = (await rows<{ total: number }>(handle.db, sql`select count(*)::int as total from deals`)) as [
    { total: number },
  ];

  await measure("deals: first page, newest first (top sees all)", admin, "/api/v1/deals?limit=50", `${total} deals`);
  await measure("deals: first page sorted by amount", admin, "/api/v1/deals?limit=50&sort=-amount");
  await measure("deals: page 100 (offset 4,950)", admin, "/api/v1/deals?limit=50&offset=4950");
  await measure("deals: search by title", admin, `/api/v1/deals?limit=50&q=${encodeURIComponent("проволока")}`);
  await measure("deals: filter by stage", admin, `/api/v1/deals?limit=50&stageId=${stage!.id}`);
  await measure("deals: kanban (counts, sums, 30 cards a stage)", admin, "/api/v1/deals/kanban");
  await measure("deals: manager's own, first page", managerCookie, "/api/v1/deals?limit=50");
  await measure("companies: first page", admin, "/api/v1/companies?limit=50");
  await measure("activities: manager's overdue", managerCookie, "/api/v1/activities?limit=50&state=overdue");

  // The cabinets, and the bare SQL that computes the same figures, for the ratio.
  const [managerUser] = await rows<{ id: string; unitId: string }>(
    handle.db,
    sql`select id, unit_id as "unitId" from users where login = ${manager!.login}`,
  );
  const [root] = await rows<{ id: string }>(handle.db, sql`select id from units where parent_id is null`);
  const month = new Date().toISOString().slice(0, 7);
  await measure(
    "cabinet: manager header and stages",
    managerCookie,
    `/api/v1/cabinet/manager/${managerUser!.id}?month=${month}`,
  );
  await measure("cabinet: manager weekly table", managerCookie, `/api/v1/cabinet/manager/${managerUser!.id}/week`);
  const both = await measureBoth(address, managerCookie, managerUser!.id, month);
  results.push({ name: "cabinet: manager, both reads together", ...both });
  await measure(
    "cabinet: company roll-up (every unit and user)",
    admin,
    `/api/v1/cabinet/units/${root!.id}?month=${month}`,
  );
  const bare = await measureBareSql(handle, managerUser!.id, month);
  const headerRead = results.find((row) => row.name === "cabinet: manager header and stages")!;
  results.push({
    name: "bare SQL of the manager header",
    ...bare,
    note: `API ÷ SQL (p50) = ${(headerRead.p50 / bare.p50).toFixed(2)}`,
  });
  const rollup = results.find((row) => row.name.startsWith("cabinet: company roll-up"))!;
  const bareRollup = await measureBareRollupSql(handle, month);
  results.push({
    name: "bare SQL of the company roll-up",
    ...bareRollup,
    note: `API ÷ SQL (p50) = ${(rollup.p50 / bareRollup.p50).toFixed(2)}`,
  });
  console.log("\n");

  const header = "| measurement | p50 ms | p95 ms | max ms | note |\n|---|---:|---:|---:|---|";
  const lines = results.map(
    (row) =>
      `| ${row.name} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.max.toFixed(1)} | ${row.note ?? ""} |`,
  );
  console.log([header, ...lines].join("\n"));
  const memory = process.memoryUsage();
  console.log(
    `\nServer process: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  await app.close();
  await handle.close();
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}

async function timeIt(run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let index = 0; index < iterations + 3; index++) {
    const begin = performance.now();
    await run();
    if (index >= 3) times.push(performance.now() - begin);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times) };
}

function measureBoth(address: string, cookie: string, userId: string, month: string) {
  return timeIt(() =>
    Promise.all(
      [`/api/v1/cabinet/manager/${userId}?month=${month}`, `/api/v1/cabinet/manager/${userId}/week`].map(
        async (url) => {
          const response = await fetch(`${address}${url}`, { headers: { cookie } });
          await response.arrayBuffer();
        },
      ),
    ),
  );
}

/** The header's figures as plain SQL, one statement each, with no HTTP, scope or presentation. */
function measureBareSql(handle: Awaited<ReturnType<typeof openDatabase>>, userId: string, month: string) {
  const from = new Date(`${month}-01T00:00:00+05:00`);
  const to = new Date(new Date(from).setUTCMonth(from.getUTCMonth() + 1));
  return timeIt(async () => {
    await handle.db.execute(sql`select amount from plans where user_id = ${userId} and month = ${month}`);
    await handle.db.execute(sql`select sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where d.owner_id = ${userId} and s.semantic = 'won' and d.deleted_at is null and d.closed_at >= ${from} and d.closed_at < ${to}`);
    await handle.db.execute(sql`select count(*), sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where d.owner_id = ${userId} and s.semantic = 'open' and d.deleted_at is null`);
    await handle.db.execute(sql`select type_id, count(*) from activities where owner_id = ${userId} and deleted_at is null
      and completed_at >= ${from} and completed_at < ${to} group by type_id`);
    await handle.db.execute(sql`select s.id, count(d.id), sum(d.amount) from stages s left join deals d on d.stage_id = s.id
      and d.owner_id = ${userId} and d.deleted_at is null and (s.semantic = 'open' or (d.closed_at >= ${from} and d.closed_at < ${to}))
      group by s.id`);
  });
}

function measureBareRollupSql(handle: Awaited<ReturnType<typeof openDatabase>>, month: string) {
  const from = new Date(`${month}-01T00:00:00+05:00`);
  const to = new Date(new Date(from).setUTCMonth(from.getUTCMonth() + 1));
  return timeIt(async () => {
    await handle.db.execute(sql`select user_id, amount from plans where month = ${month}`);
    await handle.db.execute(sql`select d.owner_id, sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where s.semantic = 'won' and d.deleted_at is null and d.closed_at >= ${from} and d.closed_at < ${to} group by d.owner_id`);
    await handle.db.execute(sql`select d.owner_id, count(*), sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where s.semantic = 'open' and d.deleted_at is null group by d.owner_id`);
    await handle.db.execute(sql`select owner_id, type_id, count(*) from activities where deleted_at is null
      and completed_at >= ${from} and completed_at < ${to} group by owner_id, type_id`);
  });
}

/** Copies existing deals (with new ids and numbers) until the table holds `target` rows. */
async function growDealsTo(handle: Awaited<ReturnType<typeof openDatabase>>, target: number) {
  const [{ count }] = (await rows<{ count: number }>(handle.db, sql`select count(*)::int as count from deals`)) as [
    { count: number },
  ];
  if (count >= target) return;
  console.log(`  growing deals from ${count} to ${target}…`);
  await handle.db.execute(
    sql`insert into deals (title, pipeline_id, stage_id, amount, owner_id, company_id, contact_id, expected_close_date,
                           closed_at, stage_changed_at, source, created_by, created_at, updated_at)
        select title, pipeline_id, stage_id, amount, owner_id, company_id, contact_id, expected_close_date,
               closed_at, stage_changed_at, source, created_by, created_at - interval '1 year', updated_at
        from deals order by created_at limit ${target - count}`,
  );
  // What autovacuum does on a server: the visibility map lets counts use index-only scans.
  await handle.db.execute(sql`vacuum analyze deals`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
