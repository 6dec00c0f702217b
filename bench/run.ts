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
