import type { activityCompleteSchema, activityPatchSchema, activityWriteSchema } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { activities } from "../../platform/db/schema";
import { invalid } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import {
  assertMeetingTypeOrThrow,
  createActivityMeetingOrThrow,
  followActivityMeeting,
} from "../calendar/activity-meeting.service";
import { type ActivityRow, activitySpec } from "./activity.resource";
import { assertUpdatedOrThrow, findForActionOrThrow } from "./crm-commands";
import { assertVisibleLinkOrThrow } from "./crm-links";
import { assertAssignableOwnerOrThrow, findResource } from "./crm-resource";

type ActivityInput = z.infer<typeof activityWriteSchema>;
type ActivityPatch = z.infer<typeof activityPatchSchema>;
const auditedFields = [
  "typeId",
  "subject",
  "description",
  "dueAt",
  "durationMinutes",
  "ownerId",
  "completedAt",
  "result",
  "dealId",
  "leadId",
  "companyId",
  "contactId",
] as const;

async function assertTypeOrThrow(executor: Executor, typeId: string | undefined) {
  if (!typeId) return;
  const [type] = await rows<{ id: string }>(executor, sql`select id from activity_types where id = ${typeId}`);
  if (!type) throw invalid("typeId", "No such activity type");
}

async function assertLinksOrThrow(executor: Executor, actor: Actor, input: Partial<ActivityInput>) {
  await assertVisibleLinkOrThrow(executor, actor.scope, "deals", input.dealId, "dealId");
  await assertVisibleLinkOrThrow(executor, actor.scope, "leads", input.leadId, "leadId");
  await assertVisibleLinkOrThrow(executor, actor.scope, "companies", input.companyId, "companyId");
  await assertVisibleLinkOrThrow(executor, actor.scope, "contacts", input.contactId, "contactId");
}

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

/** A head assigning a call or meeting to a subordinate is the same create with another owner. */
export async function createActivityOrThrow(db: Database, actor: Actor, input: ActivityInput) {
  return db.transaction(async (tx) => {
    const { participantIds = [], ...fields } = input;
    const ownerId = input.ownerId ?? actor.user.id;
    await assertAssignableOwnerOrThrow(tx, actor.scope, activitySpec, ownerId);
    await assertTypeOrThrow(tx, input.typeId);
    if (participantIds.length > 0) await assertMeetingTypeOrThrow(tx, input.typeId);
    await assertLinksOrThrow(tx, actor, input);
    const [created] = await tx
      .insert(activities)
      .values({
        ...fields,
        ownerId,
        dueAt: new Date(input.dueAt),
        completedAt: toDate(input.completedAt) ?? null,
        createdBy: actor.user.id,
      })
      .returning({ id: activities.id });
    await recordAudit(tx, { actorId: actor.user.id, entity: "activity", entityId: created!.id, action: "create" });
    if (participantIds.length > 0) {
      const activity = {
        id: created!.id,
        subject: input.subject,
        description: input.description ?? null,
        dueAt: new Date(input.dueAt),
        durationMinutes: input.durationMinutes,
        ownerId,
        dealId: input.dealId ?? null,
        companyId: input.companyId ?? null,
        contactId: input.contactId ?? null,
      };
      await createActivityMeetingOrThrow(tx, actor, activity, participantIds);
    }
    await notifyAssignedOwner(tx, actor, ownerId, input);
    return (await findResource<ActivityRow>(tx, activitySpec, actor.scope, created!.id))!;
  });
}

/**
 * What a head assigns (a call, a meeting) reaches the employee's notifications at once, with a
 * link to the record it is about, or to their cabinet's week.
 */
async function notifyAssignedOwner(
  tx: Executor,
  actor: Actor,
  ownerId: string,
  input: Pick<ActivityInput, "subject" | "dealId" | "leadId" | "companyId" | "contactId">,
) {
  if (ownerId === actor.user.id) return;
  const link = input.dealId
    ? `/crm/deals/${input.dealId}`
    : input.leadId
      ? `/crm/leads/${input.leadId}`
      : input.companyId
        ? `/crm/companies/${input.companyId}`
        : input.contactId
          ? `/crm/contacts/${input.contactId}`
          : "/cabinet";
  await notify(tx, [
    { userId: ownerId, kind: "activity_assigned", title: input.subject, link, actorId: actor.user.id },
  ]);
}

export async function updateActivityOrThrow(db: Database, actor: Actor, id: string, patch: ActivityPatch) {
  return db.transaction(async (tx) => {
    const before = await findForActionOrThrow<ActivityRow>(tx, activitySpec, actor, id, "write");
    const { version, dueAt, completedAt, ...rest } = patch;
    if (rest.ownerId && rest.ownerId !== before.ownerId)
      await assertAssignableOwnerOrThrow(tx, actor.scope, activitySpec, rest.ownerId);
    await assertTypeOrThrow(tx, rest.typeId);
    await assertLinksOrThrow(tx, actor, rest);
    const fields = {
      ...rest,
      ...(dueAt !== undefined ? { dueAt: new Date(dueAt) } : {}),
      ...(completedAt !== undefined ? { completedAt: toDate(completedAt) } : {}),
    };
    const updated = await tx
      .update(activities)
      .set({ ...fields, version: sql`${activities.version} + 1`, updatedAt: new Date() })
      .where(and(eq(activities.id, id), eq(activities.version, version)))
      .returning({ id: activities.id });
    assertUpdatedOrThrow(updated);
    const comparable = {
      ...before,
      dueAt: new Date(before.dueAt).toISOString(),
      completedAt: before.completedAt ? new Date(before.completedAt).toISOString() : null,
    };
    const after = {
      ...rest,
      ...(dueAt !== undefined ? { dueAt: new Date(dueAt).toISOString() } : {}),
      ...(completedAt !== undefined ? { completedAt: completedAt ? new Date(completedAt).toISOString() : null } : {}),
    };
    const changes = diffFields(comparable, after, auditedFields);
    await recordAudit(tx, { actorId: actor.user.id, entity: "activity", entityId: id, action: "update", changes });
    if (changes.some((change) => ["dueAt", "durationMinutes", "subject"].includes(change.field))) {
      await followActivityMeeting(tx, actor, {
        id,
        subject: rest.subject ?? before.subject,
        dueAt: dueAt !== undefined ? new Date(dueAt) : new Date(before.dueAt),
        durationMinutes: rest.durationMinutes ?? before.durationMinutes,
      });
    }
    return (await findResource<ActivityRow>(tx, activitySpec, actor.scope, id))!;
  });
}

export function completeActivityOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: z.infer<typeof activityCompleteSchema>,
) {
  return updateActivityOrThrow(db, actor, id, {
    completedAt: new Date().toISOString(),
    result: input.result,
    version: input.version,
  });
}
