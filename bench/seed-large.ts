/**
 * Builds the large company on a PostgreSQL server:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/planerka_large node --import tsx bench/seed-large.ts
 *
 * Creates the database when it is missing, migrates it and seeds it (nothing when it already has
 * users). LARGE_USERS, LARGE_DEALS and LARGE_ACTIVITIES change the sizes (10,000 / 1,000,000 /
 * 10,000,000) for a quicker trial.
 */
import { sql } from "drizzle-orm";
import { migrateDatabase, openPostgres, rows } from "../server/src/platform/db/database";
import { createDatabaseIfMissing, seedLargeCompanyIfEmpty } from "./large-company";

const size = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

async function main() {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/planerka_large";
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  await createDatabaseIfMissing(url);
  const handle = await openPostgres(url, { max: 2 });
  try {
    await migrateDatabase(handle);
    console.log(`Migrated (${elapsed()}).`);
    await seedLargeCompanyIfEmpty(handle, {
      log: (line) => console.log(`  ${line}`),
      users: size("LARGE_USERS"),
      deals: size("LARGE_DEALS"),
      activities: size("LARGE_ACTIVITIES"),
    });
    const [counts] = await rows<Record<string, number | string>>(
      handle.db,
      sql`select (select count(*) from users)::int as users, (select count(*) from units)::int as units,
                 (select count(*) from companies)::int as companies, (select count(*) from contacts)::int as contacts,
                 (select count(*) from deals)::int as deals, (select count(*) from deal_stage_changes)::int as "stage changes",
                 (select count(*) from activities)::int as activities, (select count(*) from plans)::int as plans,
                 pg_size_pretty(pg_database_size(current_database())) as "database size"`,
    );
    for (const [name, value] of Object.entries(counts!))
      console.log(`${name.padEnd(14)} ${typeof value === "number" ? value.toLocaleString("en") : value}`);
    const samples = await rows<{ role: string; login: string; name: string; unit: string }>(
      handle.db,
      sql`(select u.role, u.login, u.name, un.name as unit from users u join units un on un.id = u.unit_id
           where u.role in ('admin', 'top') order by u.role, u.login)
          union all
          (select distinct on (un.kind) u.role, u.login, u.name, un.name from users u
           join units un on un.head_user_id = u.id
           where un.kind in ('region', 'city', 'department') order by un.kind, un.name)
          union all
          (select u.role, u.login, u.name, un.name from users u join units un on un.id = u.unit_id
           where u.role = 'manager' order by un.name, u.login limit 1)`,
    );
    console.log("Sample logins (password for all: demo):");
    for (const sample of samples) console.log(`  ${sample.role.padEnd(8)} ${sample.login.padEnd(16)} ${sample.unit}`);
    console.log(`Done in ${elapsed()}.`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
