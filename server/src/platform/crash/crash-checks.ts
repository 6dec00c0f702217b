import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { expectTotalsMatchSources } from "../../testing/figure-totals-check";
import { type Executor, rows } from "../db/database";
import { countHalfWritten } from "./half-written";

const journal = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../drizzle/meta/_journal.json");

/**
 * After a crash and a restart: no CRM row lacks the audit entry or stage history written with it,
 * the totals tables equal the rows, and every migration is applied exactly once.
 */
export async function expectNothingHalfWritten(db: Executor) {
  expect(await countHalfWritten(db)).toEqual({
    dealsWithoutCreateAudit: 0,
    dealsWhoseVersionDisagreesWithAudit: 0,
    dealsWhoseStageDisagreesWithHistory: 0,
    activitiesWithoutCreateAudit: 0,
    auditOfMissingDeals: 0,
    companiesWithoutAudit: 0,
  });
  await expectTotalsMatchSources(db);
  const migrations = JSON.parse(await readFile(journal, "utf8")) as { entries: unknown[] };
  const [applied] = await rows<{ count: number }>(
    db,
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  expect(applied!.count).toBe(migrations.entries.length);
}
