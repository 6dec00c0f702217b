import { sql } from "drizzle-orm";
import { type Executor, rows } from "../db/database";

/**
 * Counts what a crash must never leave behind, whatever was in flight: CRM rows without the audit
 * entry or stage history their write stored with them. All zero in a sound database.
 */
export async function countHalfWritten(db: Executor) {
  const [counts] = await rows<Record<string, number>>(
    db,
    sql`select
          (select count(*)::int from deals d where not exists
             (select 1 from audit_log a where a.entity = 'deal' and a.entity_id = d.id::text and a.action in ('create', 'import'))
          ) as "dealsWithoutCreateAudit",
          (select count(*)::int from deals d where d.version - 1 <>
             (select count(*) from audit_log a where a.entity = 'deal' and a.entity_id = d.id::text and a.action in ('update', 'import'))
          ) as "dealsWhoseVersionDisagreesWithAudit",
          (select count(*)::int from deals d where d.stage_id is distinct from
             (select c.to_stage_id from deal_stage_changes c where c.deal_id = d.id order by c.changed_at desc, c.id desc limit 1)
          ) as "dealsWhoseStageDisagreesWithHistory",
          (select count(*)::int from activities t where not exists
             (select 1 from audit_log a where a.entity = 'activity' and a.entity_id = t.id::text and a.action = 'create')
          ) as "activitiesWithoutCreateAudit",
          (select count(*)::int from audit_log a where a.entity = 'deal' and not exists
             (select 1 from deals d where d.id::text = a.entity_id)) as "auditOfMissingDeals",
          (select count(*)::int from companies c where not exists
             (select 1 from audit_log a where a.entity = 'company' and a.entity_id = c.id::text and a.action in ('create', 'import'))
          ) as "companiesWithoutAudit"`,
  );
  return counts!;
}
