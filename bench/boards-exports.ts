/**
 * Issue 23's boards and exports on the large company: the deal kanban for a top, heads and a
 * manager (through the benchmark's server), and the CSV and XLSX exports through a server process
 * of their own (as `npm start` runs it, one process), so the figures are the server's alone: the
 * client downloading them runs in this process, on the other core, and the server's resident
 * memory is sampled from /proc while it streams.
 *
 * Standalone: `node --import tsx bench/boards-exports.ts [boards] [exports] [all|quarter|xlsx]`
 * (default: everything) on DATABASE_URL, default `planerka_large` on 127.0.0.1, which
 * `npm run bench:large` builds.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { type DatabaseHandle, migrateDatabase, openPostgres, rows } from "../server/src/platform/db/database";
import { startServerProcess } from "../server/src/testing/server-process";
import { apiClient, type Figure, printTable, timeIt } from "./measure";

const password = "demo";

/** The kanban (counts, sums, 30 cards a stage) as the top, the largest region's head, a department's head and the busiest manager see it. */
export async function measureBoards(handle: DatabaseHandle, address: string): Promise<Figure[]> {
  const [who] = await rows<{ top: string; regionHead: string; departmentHead: string; manager: string }>(
    handle.db,
    sql`select (select login from users where role = 'top' and active order by login limit 1) as top,
               (select u.login from units un join users u on u.id = un.head_user_id
                where un.parent_id = (select id from units where parent_id is null) and u.active
                order by (select count(*) from users m where m.unit_id in (select id from units x where x.parent_id = un.id)) desc,
                         u.login limit 1) as "regionHead",
               (select u.login from units un join users u on u.id = un.head_user_id
                where not exists (select 1 from units x where x.parent_id = un.id) and u.active and u.login not like 'zcal.%'
                order by (select count(*) from users m where m.unit_id = un.id) desc, u.login limit 1) as "departmentHead",
               (select u.login from users u join deal_stage_totals t on t.owner_id = u.id
                where u.role = 'manager' and u.active group by u.id, u.login order by sum(t.deal_count) desc, u.login limit 1) as manager`,
  );
  const figures: Figure[] = [];
  for (const [name, login] of [
    ["top manager (sees 1,000,000)", who!.top],
    ["region head", who!.regionHead],
    ["department head", who!.departmentHead],
    ["manager (own deals)", who!.manager],
  ] as const) {
    const client = await apiClient(address, login, password);
    const board = JSON.parse(Buffer.from(await client.get("/api/v1/deals/kanban")).toString()) as {
      columns: { count: number }[];
    };
    const count = board.columns.reduce((sum, column) => sum + column.count, 0);
    figures.push({
      name: `deals: kanban, ${name}`,
      ...(await timeIt(() => client.get("/api/v1/deals/kanban"))),
      note: `${login}, ${count.toLocaleString("en")} deals on the board`,
    });
    process.stdout.write(".");
  }
  return figures;
}

export interface ExportFigure {
  name: string;
  rows: number;
  mebibytes: number;
  seconds: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

const residentMiB = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

/**
 * The whole company's deals as CSV, a quarter's as CSV (the period of the 2026-11-23 figure) and a
 * month's deals and activities as XLSX, each downloaded once from a fresh server process.
 */
export async function measureExports(
  databaseUrl: string,
  only: readonly ("all" | "quarter" | "xlsx")[] = ["all", "quarter", "xlsx"],
): Promise<ExportFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "planerka-bench-export-"));
  const server = await startServerProcess({ DATABASE_URL: databaseUrl, PLANERKA_DATA_DIR: dataDir });
  try {
    await server.ready;
    const pid = server.child.pid!;
    const admin = await apiClient(server.base, "admin", password);
    const today = new Date().toISOString().slice(0, 10);
    const cases = (
      [
        ["all", "CSV, every deal", `from=2000-01-01&to=${today}&format=csv`],
        ["quarter", "CSV, a quarter (deals since 2026-09-04)", `from=2026-09-04&to=${today}&format=csv`],
        ["xlsx", "XLSX, a month (November 2026: deals and activities)", "from=2026-11-01&to=2026-11-30&format=xlsx"],
      ] as const
    ).filter(([key]) => only.includes(key));
    const figures: ExportFigure[] = [];
    for (const [, name, query] of cases) {
      const rssBefore = residentMiB(pid);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, residentMiB(pid));
      }, 50);
      const started = performance.now();
      try {
        const response = await fetch(`${server.base}/api/v1/exports/deals?${query}`, {
          headers: { cookie: admin.cookie },
        });
        if (!response.ok || !response.body) throw new Error(`${query}: ${response.status}`);
        let bytes = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        const seconds = (performance.now() - started) / 1000;
        figures.push({
          name,
          rows: Number(response.headers.get("x-total-count")),
          mebibytes: bytes / 2 ** 20,
          seconds,
          rssBeforeMiB: rssBefore,
          rssPeakMiB: rssPeak,
        });
      } finally {
        clearInterval(sampler);
      }
      const last = figures.at(-1)!;
      console.log(
        `${last.name}: ${last.rows.toLocaleString("en")} rows, ${last.mebibytes.toFixed(0)} MiB in ${last.seconds.toFixed(1)} s = ${Math.round(last.rows / last.seconds).toLocaleString("en")} rows/s; server RSS ${last.rssBeforeMiB.toFixed(0)} MiB before, peak ${last.rssPeakMiB.toFixed(0)} MiB`,
      );
    }
    return figures;
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/planerka_large";
  const words = process.argv.slice(2);
  const parts = words.filter((part) => part === "boards" || part === "exports");
  const wanted = new Set(parts.length > 0 ? parts : ["boards", "exports"]);
  const cases = words.filter((word) => word === "all" || word === "quarter" || word === "xlsx");
  const handle = await openPostgres(url);
  try {
    await migrateDatabase(handle);
    const [{ deals }] = (await rows<{ deals: number }>(handle.db, sql`select count(*)::int as deals from deals`)) as [
      { deals: number },
    ];
    if (deals < 1_000_000) throw new Error(`${url} holds ${deals} deals: build it with npm run bench:large first`);
    if (wanted.has("boards")) {
      const app = await buildApp({ db: handle.db, listen: handle.listen, webDist: null, logger: false });
      try {
        const address = await app.listen({ port: 0, host: "127.0.0.1" });
        const figures = await measureBoards(handle, address);
        console.log("\n");
        printTable(figures);
      } finally {
        await app.close();
      }
    }
    if (wanted.has("exports")) await measureExports(url, cases.length > 0 ? cases : undefined);
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
