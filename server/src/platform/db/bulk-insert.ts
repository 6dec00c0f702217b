import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./database";

export type CsvValue = string | number | boolean | null | Date | readonly string[];

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${String(item).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/** What node-postgres sends as a text parameter; PostgreSQL casts it to the column's type. */
function toParameter(value: CsvValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return value as string | number | boolean | null;
}

function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `"${arrayLiteral(value).replace(/"/g, '""')}"`;
  const text = String(value);
  return /[",\n\r]/.test(text) || text === "" ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Loads many rows at once: COPY from an in-memory blob on the embedded engine (about 3× faster than
 * INSERT), multi-row INSERTs on a server. Empty strings stay empty; null stays null.
 */
export async function bulkInsert(
  handle: DatabaseHandle,
  table: string,
  columns: readonly string[],
  rows: readonly CsvValue[][],
) {
  if (rows.length === 0) return;
  const columnList = columns.map((name) => `"${name}"`).join(", ");
  if (handle.pglite) {
    const csv = rows.map((row) => row.map(csvField).join(",")).join("\n");
    await handle.pglite.query(`copy "${table}" (${columnList}) from '/dev/blob' with (format csv)`, [], {
      blob: new Blob([csv]),
    });
    return;
  }
  const batch = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const values = sql.join(
      chunk.map(
        (row) =>
          sql`(${sql.join(
            row.map((value) => sql`${toParameter(value)}`),
            sql`, `,
          )})`,
      ),
      sql`, `,
    );
    await handle.db.execute(sql`insert into ${sql.identifier(table)} (${sql.raw(columnList)}) values ${values}`);
  }
}

/**
 * Drops the secondary indexes of `tables` while `load` runs and builds them again afterwards:
 * building an index once over a million rows is far quicker than updating it a million times.
 */
export async function withIndexesDeferred<T>(
  handle: DatabaseHandle,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  const tableList = sql.join(
    tables.map((table) => sql`${table}`),
    sql`, `,
  );
  const indexes = (await handle.db.execute(
    sql`select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.schemaname = 'public' and i.tablename in (${tableList})
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  )) as unknown as { rows: { name: string; definition: string }[] };
  for (const index of indexes.rows) await handle.db.execute(sql.raw(`drop index if exists "${index.name}"`));
  // Foreign-key triggers fire once per row; the generator only writes ids it has just created, so a
  // bulk load may skip them where the role allows (it needs superuser rights; otherwise it is slower).
  const skipTriggers = await handle.db
    .execute(sql`set session_replication_role = replica`)
    .then(() => true)
    .catch(() => false);
  try {
    return await load();
  } finally {
    if (skipTriggers) await handle.db.execute(sql`set session_replication_role = default`);
    for (const index of indexes.rows) await handle.db.execute(sql.raw(index.definition));
    // The skipped triggers include those that keep the figure totals (migration 0006).
    if (skipTriggers) await handle.db.execute(sql`select planerka_rebuild_figure_totals()`);
  }
}
