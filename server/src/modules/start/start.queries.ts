import type { ActivityCategory } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";
import type { InstantRange, Owners } from "../cabinet/figures.queries";
import { instanceFrom, instanceVisible, recordOwner, stalledCondition } from "../workflows/workflow-instance.queries";

// The start pages' own reads; the month figures come from the cabinet's (figures.queries.ts) and
// stalled workflows use the workflows module's one definition (`stalledCondition`).

export interface ActivityRow {
  id: string;
  typeId: string;
  typeName: string;
  category: ActivityCategory;
  subject: string;
  dueAt: string;
  completedAt: string | null;
  state: "active" | "completed" | "overdue";
  dealId: string | null;
  dealTitle: string | null;
  leadId: string | null;
  leadTitle: string | null;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
}

/** A linked record is named only when the caller may read it (as on the cabinet's weekly table). */
const linkVisible = (scope: AccessScope, entity: "deals" | "leads" | "companies" | "contacts", alias: string) =>
  sql`${sql.raw(alias)}.deleted_at is null and ${scope.ownerCondition(entity, "read", sql.raw(`${alias}.owner_id`))}`;

/** One person's live activities matching `where`, with their type and the records they link. */
export function activitiesQuery(scope: AccessScope, ownerId: string, where: SQL, limit: number) {
  return sql`select a.id, a.type_id as "typeId", t.name as "typeName", t.category, a.subject, a.due_at as "dueAt",
      a.completed_at as "completedAt",
      case when a.completed_at is not null then 'completed' when a.due_at < now() then 'overdue' else 'active' end as state,
      d.id as "dealId", d.title as "dealTitle", l.id as "leadId", l.title as "leadTitle",
      c.id as "companyId", c.name as "companyName", p.id as "contactId", p.name as "contactName"
    from activities a join activity_types t on t.id = a.type_id
    left join deals d on d.id = a.deal_id and ${linkVisible(scope, "deals", "d")}
    left join leads l on l.id = a.lead_id and ${linkVisible(scope, "leads", "l")}
    left join companies c on c.id = a.company_id and ${linkVisible(scope, "companies", "c")}
    left join contacts p on p.id = a.contact_id and ${linkVisible(scope, "contacts", "p")}
    where a.owner_id = ${ownerId} and a.deleted_at is null and ${where}
    order by a.due_at, a.id limit ${limit}`;
}

export const openActivitiesCountQuery = (ownerId: string, dueBefore: Date) =>
  sql`select count(*)::int as count from activities
      where owner_id = ${ownerId} and deleted_at is null and completed_at is null and due_at < ${dueBefore}`;

/**
 * Activities of the weekly table's types due in a week, per person: the plan of «Личные планы».
 * Whoever is absent has planned nothing.
 */
export const plannedInRangeQuery = (owners: Owners, range: InstantRange) =>
  sql`select a.owner_id as "userId", count(*)::int as count
      from activities a join activity_types t on t.id = a.type_id
      where a.owner_id in ${owners} and a.deleted_at is null and t.in_weekly_table
        and a.due_at >= ${range.from} and a.due_at < ${range.to}
      group by a.owner_id`;

/**
 * «Подвисшая сделка»: an open deal of these owners, readable by the caller, on which nothing has
 * happened for `days` days — not created, not moved to another stage, and no activity completed or
 * added (the deal list's «последнее дело»: an activity's completion, else its creation). Written as
 * conditions on the deal's own columns and a `not exists`, so the count does not compute every open
 * deal's last activity; `idleSince` (for the lines shown) is the latest of the three.
 */
function hangingDeals(scope: AccessScope, owners: Owners, days: number) {
  const cutoff = sql`now() - make_interval(days => ${days})`;
  return {
    lastActivity: sql`(select max(coalesce(a.completed_at, a.created_at)) from activities a
                       where a.deal_id = d.id and a.deleted_at is null)`,
    from: sql`deals d join stages s on s.id = d.stage_id and s.semantic = 'open' join users o on o.id = d.owner_id`,
    where: sql`d.deleted_at is null and d.owner_id in ${owners} and ${scope.ownerCondition("deals", "read", sql`d.owner_id`)}
      and d.created_at < ${cutoff} and d.stage_changed_at < ${cutoff}
      and not exists (select 1 from activities a where a.deal_id = d.id and a.deleted_at is null
                      and coalesce(a.completed_at, a.created_at) >= ${cutoff})`,
  };
}

export interface HangingDealRow {
  id: string;
  title: string;
  amount: string;
  stageId: string;
  stageName: string;
  stageColor: string;
  ownerId: string;
  ownerName: string;
  companyId: string | null;
  companyName: string | null;
  lastActivityAt: string | null;
  idleSince: string;
  idleDays: number;
}

/** The longest idle first (at most `limit`), and how many there are. */
export async function hangingDealList(
  executor: Executor,
  scope: AccessScope,
  owners: Owners,
  days: number,
  limit: number,
) {
  const deals = hangingDeals(scope, owners, days);
  const [items, [counted]] = await Promise.all([
    rows<HangingDealRow>(
      executor,
      sql`select x.*, greatest(x."createdAt", x."stageChangedAt", x."lastActivityAt") as "idleSince",
            floor(extract(epoch from now() - greatest(x."createdAt", x."stageChangedAt", x."lastActivityAt")) / 86400)::int
              as "idleDays"
          from (
            select d.id, d.title, d.amount::text as amount, s.id as "stageId", s.name as "stageName",
              s.color as "stageColor", d.owner_id as "ownerId", o.name as "ownerName", c.id as "companyId",
              c.name as "companyName", d.created_at as "createdAt", d.stage_changed_at as "stageChangedAt",
              ${deals.lastActivity} as "lastActivityAt"
            from ${deals.from}
            left join companies c on c.id = d.company_id and ${linkVisible(scope, "companies", "c")}
            where ${deals.where}
          ) x
          order by "idleSince", x.id limit ${limit}`,
    ),
    rows<{ count: number }>(executor, sql`select count(*)::int as count from ${deals.from} where ${deals.where}`),
  ]);
  return { items, total: counted?.count ?? 0 };
}

/** How many hanging deals each owner's unit holds (the regions' counts). */
export const hangingDealsByUnit = (executor: Executor, scope: AccessScope, owners: Owners, days: number) => {
  const deals = hangingDeals(scope, owners, days);
  return rows<{ unitId: string; count: number }>(
    executor,
    sql`select o.unit_id as "unitId", count(*)::int as count from ${deals.from} where ${deals.where} group by o.unit_id`,
  );
};

/** Stalled workflows the caller sees on records of these owners, per owner's unit. */
export const stalledWorkflowsByUnit = (executor: Executor, scope: AccessScope, owners: Owners) =>
  rows<{ unitId: string; count: number }>(
    executor,
    sql`select o.unit_id as "unitId", count(*)::int as count
        from ${instanceFrom} join users o on o.id = ${recordOwner}
        where ${stalledCondition} and ${recordOwner} in ${owners} and ${instanceVisible(scope)}
        group by o.unit_id`,
  );

/** Which condition picks the stalled workflows of these owners, for the workflows module's list. */
export const stalledOfOwners = (owners: Owners) => sql`${stalledCondition} and ${recordOwner} in ${owners}`;
