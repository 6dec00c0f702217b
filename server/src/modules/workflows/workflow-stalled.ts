import type { LinkableEntity } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import { type NotificationInput, notify } from "../../platform/notifications/notify";
import { stalledCondition } from "./workflow-instance.queries";
import { cardPathOf, loadRecord, mayReadRecord, ownerHeadOf } from "./workflow-records";

interface StalledApproval {
  id: string;
  approverId: string;
  approverName: string;
  title: string;
  templateName: string;
  entity: LinkableEntity;
  entityId: string;
}

/**
 * Tells the approver of each approval that has stalled (its step is past its stall limit), and the
 * approver's head, once: the approval is marked in the same transaction as the notifications, and
 * claimed with `FOR UPDATE SKIP LOCKED`, so neither a later pass nor another process repeats it.
 * Returns how many approvals it marked.
 */
export async function notifyStalledApprovals(db: Database, limit = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const stalled = await rows<StalledApproval>(
      tx,
      sql`select a.id, a.approver_id as "approverId", u.name as "approverName", a.title,
            i.template_name as "templateName", i.entity, i.entity_id as "entityId"
          from workflow_approvals a join workflow_instances i on i.id = a.instance_id join users u on u.id = a.approver_id
          where a.decision is null and a.stall_notified_at is null and ${stalledCondition}
            and exists (select 1 from workflow_step_runs r where r.id = a.step_run_id and r.status = 'running')
          order by a.created_at, a.id limit ${limit}
          for update of a skip locked`,
    );
    if (stalled.length === 0) return 0;
    await tx.execute(
      sql`update workflow_approvals set stall_notified_at = now()
          where id in (${sql.join(
            stalled.map((approval) => sql`${approval.id}::uuid`),
            sql`, `,
          )})`,
    );
    const notices: NotificationInput[] = [];
    for (const approval of stalled) {
      const record = await loadRecord(tx, approval.entity, approval.entityId);
      // The record is named (title, card link) only to someone who may read it.
      const about = async (userId: string) =>
        record && !record.deleted && (await mayReadRecord(tx, userId, approval.entity, record))
          ? { text: `${approval.templateName}: ${record.title}`, link: cardPathOf(approval.entity, approval.entityId) }
          : { text: approval.templateName, link: null };
      const toApprover = await about(approval.approverId);
      notices.push({
        userId: approval.approverId,
        kind: "workflow_stalled",
        title: approval.title,
        body: toApprover.text,
        link: "/workflows?tab=approvals",
        actorId: null,
      });
      const headId = await ownerHeadOf(tx, approval.approverId);
      if (headId !== approval.approverId) {
        const toHead = await about(headId);
        notices.push({
          userId: headId,
          kind: "workflow_stalled",
          title: approval.title,
          body: `${approval.approverName} · ${toHead.text}`,
          link: toHead.link,
          actorId: null,
        });
      }
    }
    await notify(tx, notices);
    return stalled.length;
  });
}
