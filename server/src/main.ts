import cluster from "node:cluster";
import path from "node:path";
import { buildApp } from "./app";
import { demoLogins, seedDemoCompanyIfEmpty } from "./modules/demo/demo-company";
import { backgroundWorkerFlag, superviseWorkers } from "./platform/cluster/cluster-supervisor";
import { type Config, ConfigError, loadConfig } from "./platform/config/config";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "./platform/db/database";
import { openBlobStore } from "./platform/files/open-blob-store";
import { loadSecretKey } from "./platform/secrets/secret-box";

/**
 * One process prepares the database (migrations, the demo company). On PostgreSQL it then forks
 * `PLANERKA_WORKERS` processes sharing the port and watches them; the embedded database belongs to
 * one process, so there it serves the requests itself.
 */
async function main() {
  const config = loadConfig();
  await loadSecretKey(config);
  if (cluster.isWorker) {
    await serve(config, await openDatabase(config), process.env[backgroundWorkerFlag] === "1");
    return;
  }
  const handle = await openDatabase(config);
  await migrateDatabase(handle);
  const seeded = config.demo ? await seedDemoCompanyIfEmpty(handle, { log: (line) => console.log(line) }) : false;
  const processes = config.databaseUrl ? config.workers : 1;
  if (processes > 1) {
    await handle.close();
    superviseWorkers({
      workers: processes,
      log: (line) => console.log(line),
      onListening: () => announce(config, seeded, `${processes} server processes`),
    });
    return;
  }
  await serve(config, handle, true);
  announce(
    config,
    seeded,
    config.databaseUrl ? "one server process" : "one server process: the embedded database cannot be shared",
  );
}

async function serve(config: Config, handle: DatabaseHandle, background: boolean) {
  const app = await buildApp({
    db: handle.db,
    listen: handle.listen,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    logger: { level: config.logLevel },
    oneCExchangeDir: path.join(config.dataDir, "1c-exchange"),
    blobStore: openBlobStore(config),
    ice: { servers: config.ice.servers, turnSecret: config.ice.turnSecret },
    background,
  });
  // Requests in flight finish, sockets close, background jobs end and their locks go with the pool.
  // Ctrl+C reaches a cluster's workers twice (from the terminal and from the primary): the second
  // signal must not cut the first one's shutdown short.
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
}

function announce(config: Config, seeded: boolean, processes: string) {
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  const database = config.databaseUrl ? "PostgreSQL server" : `embedded PGlite in ${config.dataDir}`;
  console.log(`\nPlanerka is running at ${url} (${database}; ${processes}), ready in ${process.uptime().toFixed(1)} s`);
  if (config.demo) {
    if (seeded) console.log("A demo company was created.");
    console.log("Demo logins (password for all: demo):");
    for (const login of demoLogins) console.log(`  ${login.role.padEnd(8)} ${login.login.padEnd(16)} ${login.name}`);
    console.log("WARNING: the demo company has well-known passwords; never expose it to the internet.\n");
  }
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
