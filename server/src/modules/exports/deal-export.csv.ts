import type { Readable } from "node:stream";
import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { csvAmountSql, csvLineEnd, csvStream, csvTextSql } from "./csv-writer";
import { dealColumns } from "./deal-export.columns";
import { dealPasses } from "./deal-export.queries";
import { type ExportQuery, type ExportRange, ownerFilter } from "./deal-export.selection";
import { afterPosition, type KeysetPosition, keysetTextPages, pageSize, type TextPage } from "./keyset-pages";

/** A time as wall-clock text in the company's zone, «2025-04-01 09:30», quoted; empty when none. */
const wallClockSql = (column: SQL, timeZone: string) =>
  sql`coalesce('"' || to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') || '"', '')`;

/**
 * A deal as a CSV record, the workbook's columns in its order (`dealColumns`). Names are looked up
 * per row of the page (by primary key); a deal's company and contact are written whoever owns them
 * — they are part of the deal the caller may export — when they are live.
 */
const dealRecord = (timeZone: string) =>
  sql.join(
    [
      sql`p.number::text`,
      csvTextSql(sql`p.title`),
      csvTextSql(sql`(select s.name from stages s where s.id = p.stage_id)`),
      csvAmountSql(sql`p.amount`),
      csvTextSql(sql`(select c.name from companies c where c.id = p.company_id and c.deleted_at is null)`),
      csvTextSql(sql`(select c.name from contacts c where c.id = p.contact_id and c.deleted_at is null)`),
      csvTextSql(sql`(select u.name from users u where u.id = p.owner_id)`),
      wallClockSql(sql`p.created_at`, timeZone),
      wallClockSql(sql`p.closed_at`, timeZone),
      csvTextSql(sql`p.expected_close_date::text`),
      csvTextSql(sql`p.source`),
    ],
    sql` || ';' || `,
  );

/**
 * The deals as CSV: the header, then pages of records the database wrote, in the periods' keyset
 * passes (`dealPasses`), each page's rows read by the pass's index and only then given their names,
 * pulled as the client reads.
 */
export function dealCsvStream(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  timeZone: string,
): Readable {
  const owners = ownerFilter(actor, "deals", sql`d.owner_id`, query);
  const record = dealRecord(timeZone);
  const fetch = (order: SQL, condition: SQL) => async (position: KeysetPosition | null) => {
    const [page] = await rows<TextPage>(
      executor,
      sql`with page as (
            select ${order} as key, d.*
            from deals d
            where d.deleted_at is null and ${owners} and ${condition} ${afterPosition(order, sql`d.id`, position)}
            order by ${order}, d.id limit ${pageSize}
          )
          select string_agg(${record}, ${csvLineEnd} order by p.key, p.id) || ${csvLineEnd} as text,
                 count(*)::int as count,
                 (select key::text from page order by key desc, id desc limit 1) as key,
                 (select id from page order by key desc, id desc limit 1) as id
          from page p`,
    );
    return page!;
  };
  async function* pages() {
    for (const pass of dealPasses(range)) yield* keysetTextPages(fetch(pass.order, pass.condition));
  }
  return csvStream(
    dealColumns.map((column) => column.header),
    pages(),
  );
}
