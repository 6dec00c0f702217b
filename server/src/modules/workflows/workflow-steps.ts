import { defaultStallHours, type LinkableEntity, type WorkflowDefinition, type WorkflowStep } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import { type Database, rows } from "../../platform/db/database";
import { notify } from "../../platform/notifications/notify";
import { plainTextToHtml } from "../../platform/text/rich-text";
import { insertTask } from "../tasks/task-create";
import { cardPathOf, conditionHolds, mayReadRecord, resolveAssignee, type WorkflowRecord } from "./workflow-records";
import { setRecordField } from "./workflow-set-field";

/** How often a step waiting on a condition or a task looks again (record updates wake it sooner). */
export const recheckSeconds = 60;
/** Approvals wait for their decision, which wakes the instance; the timer is only a backstop. */
const indefinitelyDays = 3650;

export interface InstanceState {
  id: string;
  templateName: string;
  definition: WorkflowDefinition;
  entity: LinkableEntity;
  entityId: string;
  status: string;
  currentStepId: string | null;
  stepStartedAt: Date | null;
  startedBy: string | null;
}

export interface StepContext {
  tx: Database;
  instance: InstanceState;
  record: WorkflowRecord;
  /** The job's transaction time. */
  now: Date;
  run: { id: number; detail: Record<string, unknown> };
}

export type StepResult =
  | {
      kind: "next";
      next: string | null;
      outcome: string;
      detail?: Record<string, unknown>;
      actorId?: string | null;
      /** The step changed the record: conditions after it read it again. */
      recordChanged?: boolean;
    }
  | { kind: "wait"; runAt: Date; detail?: Record<string, unknown> };

/** The stall limit of a step unless it sets one: a timed wait is not stalled before its time is up. */
export function stallHoursOf(step: WorkflowStep): number {
  if (step.stallHours) return step.stallHours;
  if (step.type === "wait" && step.minutes) return Math.max(defaultStallHours, Math.ceil(step.minutes / 60) + 1);
  // Nor is an awaited task before its deadline.
  if (step.type === "task" && step.waitForCompletion && step.deadlineHours) {
    return Math.max(defaultStallHours, step.deadlineHours);
  }
  return defaultStallHours;
}

const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);

/** The record is named (title, card link) only to someone who may read it. */
async function aboutRecord(context: StepContext, userId: string) {
  const { instance, record } = context;
  return (await mayReadRecord(context.tx, userId, instance.entity, record))
    ? { body: `${instance.templateName}: ${record.title}`, link: cardPathOf(instance.entity, instance.entityId) }
    : { body: instance.templateName, link: null };
}

/** Runs a step the instance has just reached. */
export async function enterStep(context: StepContext, step: WorkflowStep): Promise<StepResult> {
  const { tx, instance, record } = context;
  switch (step.type) {
    case "task": {
      const assigneeId = await resolveAssignee(tx, step.assignee, record);
      const taskId = await insertTask(tx, {
        title: step.title,
        description: plainTextToHtml(step.description ?? ""),
        // An engine task is set by whoever started the instance, else by the assignee themselves.
        creatorId: instance.startedBy ?? assigneeId,
        assigneeId,
        deadline: step.deadlineHours ? later(context.now, step.deadlineHours * 3600) : null,
        entityType: instance.entity,
        entityId: instance.entityId,
        workflowInstanceId: instance.id,
        actorId: null,
      });
      const detail = { taskId, assigneeId };
      if (!step.waitForCompletion) return { kind: "next", next: step.next, outcome: "created", detail };
      return { kind: "wait", runAt: later(context.now, recheckSeconds), detail };
    }
    case "activity":
      return { kind: "next", next: step.next, outcome: "created", detail: await insertActivity(context, step) };
    case "notify": {
      const recipientId = await resolveAssignee(tx, step.recipient, record);
      await notify(tx, [
        {
          userId: recipientId,
          kind: "workflow_notice",
          title: step.message,
          ...(await aboutRecord(context, recipientId)),
          actorId: null,
        },
      ]);
      return { kind: "next", next: step.next, outcome: "sent", detail: { recipientId } };
    }
    case "approval": {
      const approverId = await resolveAssignee(tx, step.approver, record);
      const [approval] = await rows<{ id: string }>(
        tx,
        sql`insert into workflow_approvals (instance_id, step_run_id, approver_id, title)
            values (${instance.id}, ${context.run.id}, ${approverId}, ${step.title}) returning id`,
      );
      await notify(tx, [
        {
          userId: approverId,
          kind: "workflow_approval",
          title: step.title,
          ...(await aboutRecord(context, approverId)),
          actorId: null,
        },
      ]);
      return {
        kind: "wait",
        runAt: later(context.now, indefinitelyDays * 86_400),
        detail: { approvalId: approval!.id, approverId },
      };
    }
    case "set_field": {
      const previous = record.fields[step.field] ?? null;
      await setRecordField(tx, instance.entity, record, step.field, step.value);
      return {
        kind: "next",
        next: step.next,
        outcome: "set",
        detail: { field: step.field, value: step.value, previous },
        recordChanged: true,
      };
    }
    default:
      return checkStep(context, step);
  }
}

/** Looks again at a step that is waiting (or decides an instant one). */
export async function checkStep(context: StepContext, step: WorkflowStep): Promise<StepResult> {
  const { tx, record, now } = context;
  switch (step.type) {
    case "branch": {
      const holds = conditionHolds(step.condition, record.fields);
      return { kind: "next", next: holds ? step.ifTrue : step.ifFalse, outcome: holds ? "true" : "false" };
    }
    case "wait": {
      if (step.condition && conditionHolds(step.condition, record.fields)) {
        return { kind: "next", next: step.next, outcome: "condition" };
      }
      const startedAt = context.instance.stepStartedAt ?? now;
      const until = step.minutes ? new Date(startedAt.getTime() + step.minutes * 60_000) : null;
      if (until && until <= now) return { kind: "next", next: step.next, outcome: "timeout" };
      const recheck = step.condition ? later(now, recheckSeconds) : null;
      const runAt = until && (!recheck || until < recheck) ? until : recheck!;
      return { kind: "wait", runAt, detail: until ? { until: until.toISOString() } : {} };
    }
    case "task": {
      const [task] = await rows<{ status: string; deleted: boolean }>(
        tx,
        sql`select status, deleted_at is not null as deleted from tasks where id = ${context.run.detail.taskId as string}`,
      );
      if (!task || task.deleted) return { kind: "next", next: step.next, outcome: "deleted" };
      if (task.status === "done") return { kind: "next", next: step.next, outcome: "completed" };
      return { kind: "wait", runAt: later(now, recheckSeconds) };
    }
    case "approval": {
      const [approval] = await rows<{ decision: "approved" | "rejected" | null; approverId: string; comment: string }>(
        tx,
        sql`select decision, approver_id as "approverId", comment from workflow_approvals
            where step_run_id = ${context.run.id} order by created_at desc limit 1`,
      );
      if (!approval?.decision) return { kind: "wait", runAt: later(now, indefinitelyDays * 86_400) };
      return {
        kind: "next",
        next: approval.decision === "approved" ? step.onApproved : step.onRejected,
        outcome: approval.decision,
        detail: approval.comment ? { comment: approval.comment } : {},
        actorId: approval.approverId,
      };
    }
    default:
      // Other steps finish in the transaction that starts them, so they never wait.
      throw new Error(`Step "${step.id}" (${step.type}) does not wait`);
  }
}

const linkColumns: Record<LinkableEntity, string> = {
  deal: "deal_id",
  lead: "lead_id",
  company: "company_id",
  contact: "contact_id",
};

/**
 * A plain insert, as the CRM's own create does: the figures' triggers count it like any other
 * activity. Its origin says a workflow made it; the engine is its author (created_by null).
 */
async function insertActivity(context: StepContext, step: Extract<WorkflowStep, { type: "activity" }>) {
  const { tx, instance, record } = context;
  const [type] = await rows<{ id: string }>(
    tx,
    sql`select id from activity_types where code = ${step.activityTypeCode}`,
  );
  if (!type) throw new Error(`No activity type with code "${step.activityTypeCode}"`);
  const ownerId = await resolveAssignee(tx, step.assignee, record);
  const dueAt = later(context.now, Math.round(step.dueInHours * 3600));
  const [activity] = await rows<{ id: string }>(
    tx,
    sql`insert into activities (type_id, subject, due_at, owner_id, ${sql.identifier(linkColumns[instance.entity])}, origin)
        values (${type.id}, ${step.subject}, ${dueAt.toISOString()}::timestamptz, ${ownerId}, ${instance.entityId}, 'workflow') returning id`,
  );
  await recordAudit(tx, { actorId: null, entity: "activity", entityId: activity!.id, action: "create" });
  return { activityId: activity!.id, ownerId };
}
