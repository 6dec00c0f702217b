import { defaultStallHours, type LinkableEntity, type WorkflowStepType } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";

/**
 * DESIGN.md section 4: a running instance whose current step started longer ago than that step's
 * stall limit. The one definition every list, count and badge uses.
 */
export const stalledCondition = sql`(i.status = 'running' and i.step_started_at < now() - make_interval(hours => coalesce(i.stall_hours, ${defaultStallHours})))`;

/** The instance with its record, whichever entity it is (at most one of the joins matches). */
export const instanceFrom = sql`workflow_instances i
  left join deals d on i.entity = 'deal' and d.id = i.entity_id
  left join leads l on i.entity = 'lead' and l.id = i.entity_id
  left join companies c on i.entity = 'company' and c.id = i.entity_id
  left join contacts p on i.entity = 'contact' and p.id = i.entity_id`;

export const recordOwner = sql`coalesce(d.owner_id, l.owner_id, c.owner_id, p.owner_id)`;

/** True when the caller may `action` the instance's record, by the access rules of its entity. */
export function recordReachable(scope: AccessScope, action: "read" | "write"): SQL {
  return sql`((i.entity = 'deal' and ${scope.ownerCondition("deals", action, sql`d.owner_id`)})
    or (i.entity = 'lead' and ${scope.ownerCondition("leads", action, sql`l.owner_id`)})
    or (i.entity = 'company' and ${scope.ownerCondition("companies", action, sql`c.owner_id`)})
    or (i.entity = 'contact' and ${scope.ownerCondition("contacts", action, sql`p.owner_id`)}))`;
}

/** Whoever may read the record sees its instances; an approver also sees the ones they must decide. */
export function instanceVisible(scope: AccessScope): SQL {
  return sql`(${recordReachable(scope, "read")}
    or exists (select 1 from workflow_approvals va where va.instance_id = i.id and va.approver_id = ${scope.user.id}))`;
}

export interface InstanceRow {
  id: string;
  templateId: string;
  templateName: string;
  entity: LinkableEntity;
  entityId: string;
  entityTitle: string | null;
  ownerId: string | null;
  ownerName: string | null;
  status: "running" | "completed" | "failed" | "cancelled";
  currentStepId: string | null;
  currentStepName: string | null;
  currentStepType: WorkflowStepType | null;
  stepStartedAt: Date | string | null;
  waitingMinutes: number | null;
  stallHours: number | null;
  stalled: boolean;
  error: string | null;
  createdAt: Date | string;
  finishedAt: Date | string | null;
  canWrite: boolean;
}

/** Title and owner only when the caller may read the record (an approver from elsewhere sees neither). */
export function instanceColumns(scope: AccessScope): SQL {
  const readable = recordReachable(scope, "read");
  return sql`i.id, i.template_id as "templateId", i.template_name as "templateName", i.entity, i.entity_id as "entityId",
    case when ${readable} then coalesce(d.title, l.title, c.name, p.name) end as "entityTitle",
    case when ${readable} then ${recordOwner} end as "ownerId",
    case when ${readable} then (select name from users where id = ${recordOwner}) end as "ownerName",
    i.status, i.current_step_id as "currentStepId", cur.step->>'name' as "currentStepName",
    cur.step->>'type' as "currentStepType", i.step_started_at as "stepStartedAt",
    case when i.status = 'running' then floor(extract(epoch from now() - i.step_started_at) / 60)::int end as "waitingMinutes",
    case when i.status = 'running' then coalesce(i.stall_hours, ${defaultStallHours}) end as "stallHours",
    ${stalledCondition} as stalled, i.error, i.created_at as "createdAt", i.finished_at as "finishedAt",
    ${recordReachable(scope, "write")} as "canWrite"`;
}

const currentStepJoin = sql`left join lateral (
    select s as step from jsonb_array_elements(i.definition->'steps') s where s->>'id' = i.current_step_id limit 1
  ) cur on true`;

export async function selectInstances(
  executor: Executor,
  scope: AccessScope,
  where: SQL,
  page: { limit: number; offset: number } = { limit: 1, offset: 0 },
): Promise<InstanceRow[]> {
  return rows<InstanceRow>(
    executor,
    sql`select ${instanceColumns(scope)} from ${instanceFrom} ${currentStepJoin}
        where ${instanceVisible(scope)} and ${where}
        order by i.created_at desc, i.id desc limit ${page.limit} offset ${page.offset}`,
  );
}

export async function countInstances(executor: Executor, scope: AccessScope, where: SQL): Promise<number> {
  const [row] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from ${instanceFrom} where ${instanceVisible(scope)} and ${where}`,
  );
  return Number(row?.total ?? 0);
}

/** Running and stalled instances on the records of each user, among those the caller sees. */
export async function countByOwner(executor: Executor, scope: AccessScope, userIds: readonly string[]) {
  const ids = sql.join(
    userIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return rows<{ userId: string; running: number; stalled: number }>(
    executor,
    sql`select ${recordOwner} as "userId", count(*)::int as running, count(*) filter (where ${stalledCondition})::int as stalled
        from ${instanceFrom}
        where i.status = 'running' and ${recordOwner} in (${ids}) and ${instanceVisible(scope)}
        group by 1`,
  );
}
