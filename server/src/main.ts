import path from "node:path";
import { buildApp } from "./app";
import { demoLogins, seedDemoCompanyIfEmpty } from "./modules/demo/demo-company";
import { ConfigError, loadConfig } from "./platform/config/config";
import { migrateDatabase, openDatabase } from "./platform/db/database";
import { openBlobStore } from "./platform/files/open-blob-store";
import { loadSecretKey } from "./platform/secrets/secret-box";

async function main() {
  const config = loadConfig();
  const started = Date.now();
  await loadSecretKey(config);
  const handle = await openDatabase(config);
  await migrateDatabase(handle);
  const seeded = config.demo ? await seedDemoCompanyIfEmpty(handle, { log: (line) => console.log(line) }) : false;
  const app = await buildApp({
    db: handle.db,
    listen: handle.listen,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    logger: { level: config.logLevel },
    oneCExchangeDir: path.join(config.dataDir, "1c-exchange"),
    blobStore: openBlobStore(config),
    ice: { servers: config.ice.servers, turnSecret: config.ice.turnSecret },
  });
  const shutdown = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  const database = config.databaseUrl ? "PostgreSQL server" : `embedded PGlite in ${config.dataDir}`;
  console.log(
    `\nPlanerka is running at ${url} (${database}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
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
