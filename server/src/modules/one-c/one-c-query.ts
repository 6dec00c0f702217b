import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import { getSettingsOrThrow } from "../settings/settings.service";
import type { CommerceMlOrderOut } from "./commerceml-writer";

/** One mode=query gives 1C at most this many deals; the rest come with the next exchange. */
const queryLimit = 10_000;

interface DealOut {
  guid: string;
  number: string;
  created_at: string;
  amount: string;
  title: string;
  manager_name: string;
  stage_name: string;
  updated_at: string;
  company_guid: string | null;
  company_name: string | null;
  company_bin: string | null;
}

/**
 * mode=query: the deals made in Planerka (not from a 1C order) changed since the watermark that
 * the last mode=success confirmed. The cut-off is kept on the session; success moves the watermark.
 */
export async function exportOrders(db: Database, sessionId: string): Promise<CommerceMlOrderOut[]> {
  const { timeZone } = await getSettingsOrThrow(db);
  const found = await rows<DealOut>(
    db,
    sql`select coalesce(d.external_id, d.id::text) as guid, d.number::text as number, d.created_at, d.amount::text as amount,
               d.title, u.name as manager_name, s.name as stage_name,
               -- As text: a Date would cut the microseconds, and the deal would come again after success.
               d.updated_at::text as updated_at,
               coalesce(c.external_id, c.id::text) as company_guid, c.name as company_name, c.bin as company_bin
        from deals d
        join users u on u.id = d.owner_id
        join stages s on s.id = d.stage_id
        left join companies c on c.id = d.company_id
        where d.deleted_at is null
          and not exists (select 1 from one_c_orders o where o.deal_id = d.id)
          and d.updated_at > coalesce((select query_watermark from one_c_state where id = 1), '-infinity')
        order by d.updated_at, d.id
        limit ${queryLimit}`,
  );
  const until = found.at(-1)?.updated_at ?? null;
  await db.execute(
    sql`update one_c_sessions set query_until = coalesce(${until}::timestamptz, query_until),
          orders_sent = orders_sent + ${found.length},
          directions = array(select distinct unnest(directions || '{out}')), last_seen_at = now()
        where id = ${sessionId}`,
  );
  return found.map((deal) => ({
    guid: deal.guid,
    number: deal.number,
    date: new Date(deal.created_at),
    timeZone,
    amount: deal.amount,
    comment: deal.title,
    managerName: deal.manager_name,
    stageName: deal.stage_name,
    counterparty: deal.company_guid
      ? { guid: deal.company_guid, name: deal.company_name ?? "", bin: deal.company_bin, kind: "company" }
      : null,
  }));
}
