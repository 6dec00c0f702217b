import type { WorkflowApproval } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, notFound } from "../../platform/errors/problem";
import type { AccessScope } from "../../platform/scope/access-scope";
import { type ApprovalRow, presentApproval } from "./workflow.presenter";
import { instanceFrom, recordReachable } from "./workflow-instance.queries";
import { wakeInstance } from "./workflow-worker";

/** Approvals with their instance; the record's title only for a caller who may read the record. */
export async function selectApprovals(executor: Executor, scope: AccessScope, where: SQL): Promise<WorkflowApproval[]> {
  const found = await rows<ApprovalRow>(
    executor,
    sql`select a.id, a.instance_id as "instanceId", i.template_name as "templateName", i.entity, i.entity_id as "entityId",
               case when ${recordReachable(scope, "read")} then coalesce(d.title, l.title, c.name, p.name) end as "entityTitle",
               a.approver_id as "approverId", u.name as "approverName", a.title, a.decision, a.comment,
               a.created_at as "createdAt", a.decided_at as "decidedAt"
        from ${instanceFrom} join workflow_approvals a on a.instance_id = i.id join users u on u.id = a.approver_id
        where ${where} order by a.created_at, a.id limit 500`,
  );
  return found.map(presentApproval);
}

/** What waits for the caller's decision, oldest first. */
export async function listMyApprovals(db: Database, actor: Actor) {
  const items = await selectApprovals(
    db,
    actor.scope,
    sql`a.approver_id = ${actor.user.id} and a.decision is null and i.status = 'running'
        and coalesce(d.deleted_at, l.deleted_at, c.deleted_at, p.deleted_at) is null`,
  );
  return { items };
}

/** Only the approver decides (anyone else gets 404); the instance goes on in the background at once. */
export async function decideApprovalOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: { decision: "approved" | "rejected"; comment?: string },
): Promise<WorkflowApproval> {
  return db.transaction(async (tx) => {
    const [approval] = await rows<{ instanceId: string; decision: string | null; status: string }>(
      tx,
      sql`select a.instance_id as "instanceId", a.decision, i.status from workflow_approvals a
          join workflow_instances i on i.id = a.instance_id
          where a.id = ${id} and a.approver_id = ${actor.user.id} for update of a`,
    );
    if (!approval) throw notFound();
    if (approval.decision !== null) throw conflict("The approval has already been decided");
    if (approval.status !== "running") throw conflict("The workflow no longer waits for this decision");
    const comment = input.comment ? input.comment : null;
    await tx.execute(
      sql`update workflow_approvals set decision = ${input.decision}, comment = ${comment}, decided_at = now()
          where id = ${id}`,
    );
    await wakeInstance(tx, approval.instanceId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "workflow_approval",
      entityId: id,
      action: "decide",
      changes: [{ field: "decision", old: null, new: input.decision }],
    });
    const [decided] = await selectApprovals(tx, actor.scope, sql`a.id = ${id}`);
    return decided!;
  });
}
