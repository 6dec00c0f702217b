/**
 * `npm run bench` — the demo company (a year of CRM data, deals grown to 100,000) on the embedded
 * database (or the server at DATABASE_URL), the real server on loopback, the API called as the
 * browser calls it, and the cabinet page measured in Chromium.
 *
 * `npm run bench:large` — the large company (10,000 users, 1,000,000 deals, 10,000,000 activities)
 * on the PostgreSQL server at DATABASE_URL (default: database `planerka_large` on 127.0.0.1),
 * generated on the first run and reused afterwards; adds the 1,000,000-row export's memory.
 *
 * Figures are printed as a table; record them in bench/README.md.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { seedDemoCompanyIfEmpty } from "../server/src/modules/demo/demo-company";
import {
  type DatabaseHandle,
  migrateDatabase,
  openDatabase,
  openPostgres,
  rows,
} from "../server/src/platform/db/database";
import { measureBareHeaderSql, measureBareRollupSql, measureBareWeekSql } from "./bare-sql";
import { measureBoards, measureExports } from "./boards-exports";
import { measureBonusSheets } from "./bonuses";
import { measureCabinetColdInBrowser, measureCabinetInBrowser } from "./browser-cabinet";
import { measureCalendar, seedCalendarCompanyIfMissing } from "./calendar";
import { measureCrashCycles } from "./crash";
import { measureDrive } from "./drive";
import { measureFeed } from "./feed";
import { createDatabaseIfMissing, seedLargeCompanyIfEmpty } from "./large-company";
import { measureLoad } from "./load";
import { measureMailImport } from "./mail-import";
import { apiClient, collect, type Figure, iterations, printTable, timeIt } from "./measure";
import { measureOneCImport } from "./one-c";
import { measureRealtime } from "./realtime";
import { measureSearch } from "./search";

const large = process.argv.includes("large");
// BENCH_PARTS=cabinet,browser (say) measures only those parts: lists, cabinet, bonuses, browser, export,
// realtime, load, crash (BENCH_CRASH_CYCLES kill-and-restart cycles, 10 by default), 1c (a 100,000-order
// CommerceML package imported into a fresh database of its own; BENCH_1C_ORDERS to change the size), calendar
// (issue 18: a head's week of 50 calendars, a phone's CalDAV sync of 1,000 events; not in the default set, as
// it adds a department of 52 people, `zcal.*`, to the data, which the other parts leave out), mail (issue 19: a
// mailbox of 2,000 letters and a 50 MB one imported from a real Dovecot; BENCH_MAIL_LETTERS, BENCH_MAIL_BIG_MB;
// not in the default set, as it needs dovecot-imapd), drive (issue 20: a 1 GiB upload, a folder of 10,000 files,
// search over 50,000; its own database; see bench/drive.ts), feed (issue 21: the feed's pages over 10,000 posts
// with audiences; BENCH_FEED_POSTS; its own database; see bench/feed.ts), browser-load (issue 23: the cabinet's
// cold-cache first load in Chromium while the load part's clients run; not in the default set, as the browser's
// work would count in the load figures).
const parts = new Set(
  (process.env.BENCH_PARTS ?? "lists,cabinet,bonuses,browser,export,realtime,load,crash,1c,drive,feed").split(","),
);
const password = "demo";
const webDist = path.resolve(import.meta.dirname, "../web/dist");

async function openDemoCompany() {
  const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "planerka-bench-"));
  console.log(`Data: ${dataDir}${process.env.DATABASE_URL ? " (PostgreSQL at DATABASE_URL)" : " (embedded PGlite)"}`);
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
  await migrateDatabase(handle);
  await seedDemoCompanyIfEmpty(handle, { log: (line) => console.log(`  ${line}`) });
  await growDealsTo(handle, 100_000);
  const cleanup = () => {
    if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  };
  return { handle, cleanup, serverEnv: { PLANERKA_DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? "" } };
}

async function openLargeCompany() {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/planerka_large";
  console.log(`Data: ${url.replace(/\/\/[^@]*@/, "//")} (PostgreSQL)`);
  await createDatabaseIfMissing(url);
  const handle = await openPostgres(url);
  await migrateDatabase(handle);
  await seedLargeCompanyIfEmpty(handle, { log: (line) => console.log(`  ${line}`) });
  return { handle, cleanup: () => {}, serverEnv: { DATABASE_URL: url } };
}

async function main() {
  if (parts.has("1c")) {
    await measureOneCImport();
    if (parts.size === 1) return;
  }
  if (parts.has("mail")) {
    await measureMailImport();
    if (parts.size === 1) return;
  }
  if (parts.has("drive")) {
    await measureDrive();
    if (parts.size === 1) return;
  }
  if (parts.has("feed")) {
    await measureFeed();
    if (parts.size === 1) return;
  }
  const started = Date.now();
  const { handle, cleanup, serverEnv } = large ? await openLargeCompany() : await openDemoCompany();
  const [sizes] = await rows<{ users: number; deals: number; activities: number }>(
    handle.db,
    sql`select (select count(*) from users)::int as users, (select count(*) from deals)::int as deals,
               (select count(*) from activities)::int as activities`,
  );
  console.log(
    `Data ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${sizes!.users} users, ${sizes!.deals} deals, ${sizes!.activities} activities\n`,
  );

  const app = await buildApp({
    db: handle.db,
    listen: handle.listen,
    webDist: existsSync(webDist) ? webDist : null,
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  // The manager with the most deals, a region (the root's first child) and the whole company.
  const [manager] = await rows<{ id: string; login: string }>(
    handle.db,
    sql`select u.id, u.login from users u join deal_stage_totals t on t.owner_id = u.id
        where u.role = 'manager' and u.active group by u.id, u.login order by sum(t.deal_count) desc limit 1`,
  );
  const [root] = await rows<{ id: string }>(handle.db, sql`select id from units where parent_id is null`);
  const [region] = await rows<{ id: string; name: string }>(
    handle.db,
    sql`select id, name from units where parent_id = ${root!.id} and deleted_at is null order by name limit 1`,
  );
  const [stage] = await rows<{ id: string }>(
    handle.db,
    sql`select id from stages where semantic = 'open' order by sort limit 1`,
  );
  const admin = await apiClient(address, "admin", password);
  const seller = await apiClient(address, manager!.login, password);
  const month = new Date().toISOString().slice(0, 7);

  const results: Figure[] = [];
  const measure = async (name: string, client: typeof admin, url: string, note?: string) => {
    results.push({ name, ...(await timeIt(() => client.get(url))), note });
    process.stdout.write(".");
  };
  const find = (name: string) => results.find((row) => row.name === name)!;
  const ratio = (name: string, api: string, bare: Omit<Figure, "name">) =>
    results.push({ name, ...bare, note: `API ÷ SQL (p50) = ${(find(api).p50 / bare.p50).toFixed(2)}` });

  if (parts.has("lists")) await measureLists();
  async function measureLists() {
    await measure("deals: first page, newest first (top sees all)", admin, "/api/v1/deals?limit=50");
    await measure("deals: first page sorted by amount", admin, "/api/v1/deals?limit=50&sort=-amount");
    await measure("deals: page 100 (offset 4,950)", admin, "/api/v1/deals?limit=50&offset=4950");
    await measure("deals: search by title", admin, `/api/v1/deals?limit=50&q=${encodeURIComponent("проволока")}`);
    results.push(...(await measureSearch(handle, { admin, seller })));
    await measure("deals: filter by stage", admin, `/api/v1/deals?limit=50&stageId=${stage!.id}`);
    await measure("deals: kanban (counts, sums, 30 cards a stage)", admin, "/api/v1/deals/kanban");
    await measure("deals: manager's own, first page", seller, "/api/v1/deals?limit=50");
    await measure("companies: first page", admin, "/api/v1/companies?limit=50");
    await measure("activities: manager's overdue", seller, "/api/v1/activities?limit=50&state=overdue");
  }

  if (parts.has("cabinet")) await measureCabinets();
  async function measureCabinets() {
    // The fixed cost of any API call (HTTP, session and scope in one statement, JSON): a small read.
    await measure("floor: GET /api/v1/me (authenticated, reads one row)", seller, "/api/v1/me");
    results.push({
      name: "floor: GET /api/v1/me, the server's own time (Server-Timing)",
      ...(await collect(() => seller.serverTime("/api/v1/me"))),
      note: "≤ 1 ms on PostgreSQL (issue 23)",
    });
    const header = `/api/v1/cabinet/manager/${manager!.id}?month=${month}`;
    const week = `/api/v1/cabinet/manager/${manager!.id}/week`;
    await measure("cabinet: manager header and stages", seller, header);
    await measure("cabinet: manager weekly table", seller, week);
    results.push({
      name: "cabinet: manager, both reads together (as the page loads them)",
      ...(await timeIt(() => Promise.all([seller.get(header), seller.get(week)]))),
    });
    await measure(
      `cabinet: region roll-up (${region!.name})`,
      admin,
      `/api/v1/cabinet/units/${region!.id}?month=${month}`,
    );
    await measure(
      "cabinet: company roll-up (every unit and user)",
      admin,
      `/api/v1/cabinet/units/${root!.id}?month=${month}`,
    );
    ratio(
      "bare SQL of the manager header",
      "cabinet: manager header and stages",
      await measureBareHeaderSql(handle, manager!.id, month),
    );
    ratio(
      "bare SQL of the weekly table",
      "cabinet: manager weekly table",
      await measureBareWeekSql(handle, manager!.id),
    );
    ratio(
      "bare SQL of the company roll-up",
      "cabinet: company roll-up (every unit and user)",
      await measureBareRollupSql(handle, month),
    );
  }

  if (parts.has("bonuses")) {
    // The head of a department: the unit a head heads with the most people under it, not the root.
    const [head] = await rows<{ login: string; unitId: string }>(
      handle.db,
      sql`select u.login, un.id as "unitId" from units un join users u on u.id = un.head_user_id
          where un.parent_id is not null and u.active and u.role = 'head' and u.login not like 'zcal.%'
          order by (select count(*) from users m where m.unit_id = un.id) desc limit 1`,
    );
    const headClient = await apiClient(address, head!.login, password);
    results.push(...(await measureBonusSheets(handle, { admin, head: headClient }, head!.unitId)));
  }

  if (parts.has("browser") && !existsSync(webDist)) {
    console.log("\n(no web/dist: run `npm run build` to measure the cabinet in Chromium)");
  } else if (parts.has("browser")) {
    results.push(...(await measureCabinetInBrowser(address, manager!.login, password, Math.min(iterations, 20))));
  }
  const partNotes: string[] = [];
  if (parts.has("realtime")) {
    const logins = await rows<{ login: string }>(
      handle.db,
      sql`select login from users where active and role in ('manager', 'head') and login not like 'zcal.%'
          order by login limit 100`,
    );
    const measured = await measureRealtime(
      address,
      logins.map((row) => row.login),
      password,
      { sockets: 1000, messages: Math.max(iterations, 100) },
    );
    results.push(...measured.figures);
    partNotes.push(...measured.notes);
  }
  if (parts.has("calendar")) {
    // Last of the API parts: it adds its department (the company roll-up above would count it).
    const company = await seedCalendarCompanyIfMissing(handle, (line) => console.log(`\n  ${line}`));
    const measured = await measureCalendar(address, company, password, Math.min(iterations, 30));
    results.push(...measured.figures);
    partNotes.push(...measured.notes);
  }
  console.log("\n");
  printTable(results);
  for (const note of partNotes) console.log(`\n${note}`);

  if (large && parts.has("export")) {
    // Issue 23: the kanban as a top, heads and a manager see it; then the exports' speed and the
    // server's memory, each from a server process of its own (bench/boards-exports.ts).
    console.log("");
    printTable(await measureBoards(handle, address));
    await measureExports(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/planerka_large");
  }
  const memory = process.memoryUsage();
  console.log(
    `\nServer process: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  // browser-load (issue 23): the cabinet's cold-cache first load in Chromium while the load's clients run.
  const browserUnderLoad = parts.has("browser-load") && existsSync(webDist);
  const loadRuns = parts.has("load") || browserUnderLoad;
  const loadSetup = loadRuns
    ? {
        managers: await rows<{ id: string; login: string }>(
          handle.db,
          sql`select id, login from users where role = 'manager' and active and login not like 'zcal.%'
              order by login limit 100`,
        ),
        top: (
          await rows<{ login: string }>(handle.db, sql`select login from users where role = 'top' and active limit 1`)
        )[0]!.login,
      }
    : null;
  const crashLogins = parts.has("crash")
    ? (
        await rows<{ login: string }>(
          handle.db,
          sql`select login from users where role = 'manager' and active and login not like 'zcal.%'
              order by login limit 4`,
        )
      ).map((row) => row.login)
    : [];
  await app.close();
  await handle.close();
  if (loadSetup) {
    // The embedded database has one owner: the server process starts once this one let go of it.
    const measured = await measureLoad({
      env: { ...serverEnv, PLANERKA_DEMO: "0" },
      managers: loadSetup.managers,
      top: loadSetup.top,
      rootUnitId: root!.id,
      password,
      clients: Number(process.env.BENCH_CLIENTS ?? 200),
      seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
      during: browserUnderLoad
        ? {
            warmUpSeconds: 10,
            measure: (loadedAddress) =>
              measureCabinetColdInBrowser(
                loadedAddress,
                manager!.login,
                password,
                Math.min(iterations, 20),
                "cabinet in Chromium under the load: full load, empty cache (navigation to usable)",
              ),
          }
        : undefined,
    });
    printTable(measured.figures);
    for (const note of measured.notes) console.log(`\n${note}`);
  }
  if (parts.has("crash")) {
    // Last, as it adds deals and activities to the data it runs on.
    const lines = await measureCrashCycles({
      env: { ...serverEnv, PLANERKA_DEMO: "0" },
      logins: crashLogins,
      password,
      cycles: Number(process.env.BENCH_CRASH_CYCLES ?? 10),
    });
    console.log(`\n\n${lines.join("\n")}`);
  }
  cleanup();
}

/** Copies existing deals (with new ids and numbers) until the table holds `target` rows. */
async function growDealsTo(handle: DatabaseHandle, target: number) {
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
