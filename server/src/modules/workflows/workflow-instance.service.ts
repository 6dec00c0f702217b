import type {
  LinkableEntity,
  WorkflowInstance,
  WorkflowInstanceDetail,
  workflowInstanceListQuerySchema,
} from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, forbidden, invalid, notFound } from "../../platform/errors/problem";
import type { AccessScope } from "../../platform/scope/access-scope";
import { presentInstance, presentStepRun, type StepRunRow } from "./workflow.presenter";
import { selectApprovals } from "./workflow-approval.service";
import { createInstance, endInstance } from "./workflow-engine";
import {
  countByOwner,
  countInstances,
  type InstanceRow,
  recordOwner,
  selectInstances,
  stalledCondition,
} from "./workflow-instance.queries";
import { entityTables, findReachableRecord } from "./workflow-records";

type ListQuery = z.infer<typeof workflowInstanceListQuerySchema>;

const recordEntities = Object.values(entityTables).map((table) => table.scoped);

/** The users whose records a list or a badge is about: 404 unless the caller may read their records. */
async function assertReachableUsersOrThrow(
  executor: Executor,
  scope: AccessScope,
  userIds: readonly string[],
  entity?: LinkableEntity,
) {
  const ids = sql.join(
    userIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const found = await rows<{ id: string; unitId: string }>(
    executor,
    sql`select id, unit_id as "unitId" from users where id in (${ids})`,
  );
  const entities = entity ? [entityTables[entity].scoped] : recordEntities;
  for (const userId of userIds) {
    const user = found.find((row) => row.id === userId.toLowerCase());
    if (!user || !entities.some((scoped) => scope.canReachOwner(scoped, "read", user))) throw notFound();
  }
}

async function findInstanceOrThrow(executor: Executor, scope: AccessScope, id: string): Promise<InstanceRow> {
  const [row] = await selectInstances(executor, scope, sql`i.id = ${id}`);
  if (!row) throw notFound();
  return row;
}

export async function listInstancesOrThrow(db: Database, actor: Actor, query: ListQuery) {
  const conditions: SQL[] = [sql`true`];
  if (query.entity) conditions.push(sql`i.entity = ${query.entity}`);
  if (query.entityId) conditions.push(sql`i.entity_id = ${query.entityId}`);
  if (query.templateId) conditions.push(sql`i.template_id = ${query.templateId}`);
  if (query.userId) {
    await assertReachableUsersOrThrow(db, actor.scope, [query.userId], query.entity);
    conditions.push(sql`${recordOwner} = ${query.userId}`);
  }
  if (query.status === "finished") conditions.push(sql`i.status <> 'running'`);
  else if (query.status) conditions.push(sql`i.status = ${query.status}`);
  if (query.stalled === "true") conditions.push(stalledCondition);
  if (query.stalled === "false") conditions.push(sql`not ${stalledCondition}`);
  const where = sql.join(conditions, sql` and `);
  const [found, total] = await Promise.all([
    selectInstances(db, actor.scope, where, { limit: query.limit, offset: query.offset }),
    countInstances(db, actor.scope, where),
  ]);
  return { items: found.map(presentInstance), total };
}

async function detailOf(executor: Executor, actor: Actor, row: InstanceRow): Promise<WorkflowInstanceDetail> {
  const history = await rows<StepRunRow>(
    executor,
    sql`select r.seq, r.step_id as "stepId", r.step_name as "stepName", r.step_type as "stepType", r.status, r.outcome,
               r.detail, r.started_at as "startedAt", r.finished_at as "finishedAt", r.actor_id as "actorId",
               u.name as "actorName"
        from workflow_step_runs r left join users u on u.id = r.actor_id
        where r.instance_id = ${row.id} order by r.seq`,
  );
  const [pending] =
    row.status === "running"
      ? await selectApprovals(executor, actor.scope, sql`a.instance_id = ${row.id} and a.decision is null`)
      : [];
  return {
    ...presentInstance(row),
    history: history.map(presentStepRun),
    pendingApproval: pending ?? null,
    abilities: {
      cancel: row.status === "running" && row.canWrite === true,
      decide: pending?.approver.id === actor.user.id,
    },
  };
}

export async function getInstanceOrThrow(db: Database, actor: Actor, id: string): Promise<WorkflowInstanceDetail> {
  return detailOf(db, actor, await findInstanceOrThrow(db, actor.scope, id));
}

/** Starting by hand: an active template of the record's entity, on a record the caller may change. */
export async function startInstanceOrThrow(
  db: Database,
  actor: Actor,
  input: { templateId: string; entityId: string },
): Promise<WorkflowInstance> {
  return db.transaction(async (tx) => {
    const [template] = await rows<Parameters<typeof createInstance>[1]>(
      tx,
      sql`select id, name, entity, definition from workflow_templates
          where id = ${input.templateId} and active and deleted_at is null`,
    );
    if (!template) throw notFound("No such active workflow template");
    const record = await findReachableRecord(tx, actor.scope, template.entity, input.entityId, "write");
    if (!record) throw notFound();
    const instanceId = await createInstance(tx, template, record.id, actor.user.id);
    // The first step runs in the background, like every other step.
    await tx.execute(sql`insert into workflow_jobs (kind, instance_id) values ('advance', ${instanceId})`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "workflow_instance",
      entityId: instanceId,
      action: "start",
      changes: [
        { field: "templateId", old: null, new: template.id },
        { field: "entityId", old: null, new: record.id },
      ],
    });
    return presentInstance(await findInstanceOrThrow(tx, actor.scope, instanceId));
  });
}

export async function cancelInstanceOrThrow(db: Database, actor: Actor, id: string): Promise<WorkflowInstanceDetail> {
  return db.transaction(async (tx) => {
    const visible = await findInstanceOrThrow(tx, actor.scope, id);
    if (!visible.canWrite) throw forbidden("Only someone who may change the record cancels its workflow");
    // Locks in the worker's order (job, then instance), so a cancel never deadlocks with a running
    // step: it waits for the worker's commit, then sees what the step left.
    await tx.execute(sql`select id from workflow_jobs where instance_id = ${id} and done_at is null for update`);
    const [locked] = await rows<{ status: string }>(
      tx,
      sql`select status from workflow_instances where id = ${id} for update`,
    );
    if (locked?.status !== "running") throw conflict("The workflow has already ended");
    await endInstance(tx, id, "cancelled", null, actor.user.id);
    await recordAudit(tx, { actorId: actor.user.id, entity: "workflow_instance", entityId: id, action: "cancel" });
    return detailOf(tx, actor, await findInstanceOrThrow(tx, actor.scope, id));
  });
}

/** Running and stalled instances on each user's records (the head cabinet's badges); the caller when none named. */
export async function instanceCountsOrThrow(db: Database, actor: Actor, userId: string | string[] | undefined) {
  const named = userId === undefined ? [actor.user.id] : Array.isArray(userId) ? userId : [userId];
  const userIds = [...new Set(named.map((id) => id.toLowerCase()))];
  if (userIds.length > 500) throw invalid("query.userId", "At most 500 users at once");
  await assertReachableUsersOrThrow(db, actor.scope, userIds);
  const counted = await countByOwner(db, actor.scope, userIds);
  return {
    items: userIds.map((id) => {
      const found = counted.find((row) => row.userId === id);
      return { userId: id, running: Number(found?.running ?? 0), stalled: Number(found?.stalled ?? 0) };
    }),
  };
}
