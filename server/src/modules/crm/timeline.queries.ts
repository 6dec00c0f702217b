import type { TimelineItem } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { notFound } from "../../platform/errors/problem";

import type { AccessScope } from "../../platform/scope/access-scope";
import { eventSeenCondition } from "../../policies/calendar";
import { shareDownloadTimelineItems } from "../drive/drive-share-timeline.queries";
import { inboundTimelineItems } from "../mail-inbox/inbox-timeline.queries";
import { type ActivityRow, activitySpec, presentActivity } from "./activity.resource";

import { findResource, type ResourceSpec } from "./crm-resource";

/** Which activities belong on a card: a company's card also gathers its deals' and contacts'. */
function activityLink(auditName: string, id: string): SQL {
  switch (auditName) {
    case "deal":
      return sql`a.deal_id = ${id}`;
    case "contact":
      return sql`a.contact_id = ${id}`;
    case "lead":
      return sql`a.lead_id = ${id}`;
    default:
      return sql`(a.company_id = ${id} or a.deal_id in (select id from deals where company_id = ${id})
        or a.contact_id in (select id from contacts where company_id = ${id}))`;
  }
}

/**
 * Which letters belong on a card: a deal's own; on a company's or contact's card, those linked to
 * it whose deal the caller may also see (a letter from someone else's deal stays hidden).
 */
function mailLink(auditName: string, id: string, scope: AccessScope): SQL {
  const dealVisible = sql`(m.deal_id is null or exists (select 1 from deals d where d.id = m.deal_id
    and d.deleted_at is null and ${scope.ownerCondition("deals", "read", sql`d.owner_id`)}))`;
  switch (auditName) {
    case "deal":
      return sql`m.deal_id = ${id}`;
    case "company":
      return sql`m.company_id = ${id} and ${dealVisible}`;
    case "contact":
      return sql`m.contact_id = ${id} and ${dealVisible}`;
    case "lead":
      return sql`m.lead_id = ${id}`;
    default:
      return sql`false`;
  }
}

/** Which tasks belong on a card: the record's own; a company's card also gathers its deals' and contacts'. */
function taskLink(auditName: string, id: string): SQL {
  const own = sql`(t.entity_type = ${auditName} and t.entity_id = ${id})`;
  if (auditName !== "company") return own;
  return sql`(${own}
    or (t.entity_type = 'deal' and t.entity_id in (select id from deals where company_id = ${id}))
    or (t.entity_type = 'contact' and t.entity_id in (select id from contacts where company_id = ${id})))`;
}

/**
 * Which calendar events belong on a card: those linked to the record (a contact's also where the
 * contact takes part); a company's card also gathers its deals' and contacts'.
 */
function eventLink(auditName: string, id: string): SQL {
  switch (auditName) {
    case "deal":
      return sql`e.deal_id = ${id}`;
    case "contact":
      return sql`(e.contact_id = ${id}
        or exists (select 1 from calendar_event_contacts ek where ek.event_id = e.id and ek.contact_id = ${id}))`;
    case "company":
      return sql`(e.company_id = ${id} or e.deal_id in (select id from deals where company_id = ${id})
        or e.contact_id in (select id from contacts where company_id = ${id}))`;
    default:
      return sql`false`;
  }
}

interface CalendarEventRow {
  id: string;
  at: Date;
  title: string;
  description: string | null;
  location: string | null;
  allDay: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  startDate: string | null;
  endDate: string | null;
  recurring: boolean;
  organizerId: string;
  organizerName: string;
}

/**
 * Linked calendar events, only those the caller sees in full (`eventSeenCondition`): the owner of a
 * deal does not learn of a colleague's private meeting about it. Dated by their (first) start.
 */
function calendarEvents(
  executor: Executor,
  scope: AccessScope,
  spec: ResourceSpec,
  id: string,
  before: string,
  limit: number,
) {
  return rows<CalendarEventRow>(
    executor,
    sql`select e.id, e.span_start as at, e.title, e.description, e.location, e.all_day as "allDay",
          e.starts_at as "startsAt", e.ends_at as "endsAt", e.start_date::text as "startDate",
          e.end_date::text as "endDate", e.recurrence is not null as recurring,
          e.organizer_id as "organizerId", o.name as "organizerName"
        from calendar_events e join users o on o.id = e.organizer_id
        where ${eventLink(spec.auditName, id)} and e.deleted_at is null and ${eventSeenCondition(scope)}
          and e.span_start < ${before}::timestamptz
        order by e.span_start desc limit ${limit}`,
  );
}

interface TaskEventRow {
  id: string;
  event: "created" | "completed";
  at: Date;
  authorId: string | null;
  authorName: string | null;
  title: string;
  status: NonNullable<TimelineItem["task"]>["status"];
  assigneeId: string;
  assigneeName: string;
  deadline: Date | null;
}

/**
 * A linked task's setting and completion, only when the caller may read the task: the record's
 * owner does not see a task on their deal that was set for someone else (the task's own rule).
 * Completion is credited to whoever completed or accepted it, from the audit trail.
 */
function taskEvents(
  executor: Executor,
  scope: AccessScope,
  spec: ResourceSpec,
  id: string,
  before: string,
  limit: number,
) {
  return rows<TaskEventRow>(
    executor,
    sql`select t.id, e.event, e.at, coalesce(e.actor_id, t.assignee_id) as "authorId", eu.name as "authorName", t.title,
          t.status, t.assignee_id as "assigneeId", au.name as "assigneeName", t.deadline
        from tasks t join users au on au.id = t.assignee_id
        cross join lateral (
          select 'created' as event, t.created_at as at, t.creator_id as actor_id
          union all
          select 'completed', t.completed_at, (select l.actor_id from audit_log l
            where l.entity = 'task' and l.entity_id = t.id::text and l.action in ('status_complete', 'status_accept')
            order by l.id desc limit 1)
          where t.completed_at is not null
        ) e
        left join users eu on eu.id = coalesce(e.actor_id, t.assignee_id)
        where ${taskLink(spec.auditName, id)} and t.deleted_at is null and ${scope.taskCondition("read", sql`t.id`)}
          and e.at < ${before}::timestamptz
        order by e.at desc limit ${limit}`,
  );
}

/** The card's whole history, newest first: activities, comments, letters, stage changes, tasks, calendar events, creation. */
export async function timelineOrThrow(
  executor: Executor,
  scope: AccessScope,
  spec: ResourceSpec,
  id: string,
  query: { limit: number; before?: string },
): Promise<TimelineItem[]> {
  if (!(await findResource(executor, spec, scope, id))) throw notFound();
  const before = query.before ?? "infinity";
  const activityRows = await rows<ActivityRow & { at: Date }>(
    executor,
    sql`select ${activitySpec.columns}, coalesce(a.completed_at, a.due_at) as at from ${activitySpec.from(scope)}
        where ${activityLink(spec.auditName, id)} and a.deleted_at is null
          and ${scope.ownerCondition("activities", "read", sql`a.owner_id`)}
          and coalesce(a.completed_at, a.due_at) < ${before}::timestamptz
        order by at desc limit ${query.limit}`,
  );
  const commentRows = await rows<{ id: string; at: Date; authorId: string; authorName: string; body: string }>(
    executor,
    sql`select m.id, m.created_at as at, m.author_id as "authorId", u.name as "authorName", m.body
        from comments m join users u on u.id = m.author_id
        where m.entity = ${spec.auditName} and m.entity_id = ${id} and m.created_at < ${before}::timestamptz
        order by m.created_at desc limit ${query.limit}`,
  );
  const stageRows =
    spec.auditName === "deal"
      ? await rows<{
          id: string;
          at: Date;
          authorId: string | null;
          authorName: string | null;
          fromName: string | null;
          toName: string;
          color: string;
        }>(
          executor,
          sql`select h.id::text, h.changed_at as at, h.changed_by as "authorId", u.name as "authorName",
                f.name as "fromName", t.name as "toName", t.color
              from deal_stage_changes h join stages t on t.id = h.to_stage_id
              left join stages f on f.id = h.from_stage_id left join users u on u.id = h.changed_by
              where h.deal_id = ${id} and h.changed_at < ${before}::timestamptz
              order by h.changed_at desc limit ${query.limit}`,
        )
      : [];
  const mailRows = await rows<{
    id: string;
    at: Date;
    authorId: string;
    authorName: string;
    subject: string;
    body: string;
    toAddress: string;
    fromAddress: string;
    state: "sent" | "failed" | "outbox";
    error: string | null;
    attachments: { id: string; name: string; mimeType: string; size: number }[];
  }>(
    executor,
    sql`select m.id, m.created_at as at, m.sender_id as "authorId", u.name as "authorName", m.subject, m.body,
          m.to_address as "toAddress", m.from_address as "fromAddress", m.state, m.error,
          (select coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'mimeType', f.mime_type, 'size', f.size)
            order by a.position), '[]') from mail_message_attachments a join mail_files f on f.id = a.file_id
            where a.message_id = m.id) as attachments
        from mail_messages m join users u on u.id = m.sender_id
        where ${mailLink(spec.auditName, id, scope)} and m.created_at < ${before}::timestamptz
        order by m.created_at desc limit ${query.limit}`,
  );
  const createdRows = await rows<{ id: string; at: Date; authorId: string | null; authorName: string | null }>(
    executor,
    sql`select a.id::text, a.at, a.actor_id as "authorId", u.name as "authorName"
        from audit_log a left join users u on u.id = a.actor_id
        where a.entity = ${spec.auditName} and a.entity_id = ${id} and a.action = 'create' and a.at < ${before}::timestamptz`,
  );
  const taskRows = await taskEvents(executor, scope, spec, id, before, query.limit);
  const eventRows = await calendarEvents(executor, scope, spec, id, before, query.limit);
  const inboundItems = await inboundTimelineItems(executor, scope, spec.auditName, id, before, query.limit);
  const downloadItems = await shareDownloadTimelineItems(executor, spec.auditName, id, before, query.limit);
  const empty = { body: null, activity: null, stage: null, email: null, task: null, event: null };
  const items: TimelineItem[] = [
    ...activityRows.map((row) => ({
      ...empty,
      id: `activity:${row.id}`,
      kind: "activity" as const,
      at: toIso(row.at),
      authorId: row.ownerId,
      authorName: row.ownerName,
      title: row.subject,
      body: row.result ?? row.description,
      activity: presentActivity(row, scope),
    })),
    ...commentRows.map((row) => ({
      ...empty,
      id: `comment:${row.id}`,
      kind: "comment" as const,
      at: toIso(row.at),
      authorId: row.authorId,
      authorName: row.authorName,
      title: "comment",
      body: row.body,
    })),
    ...stageRows.map((row) => ({
      ...empty,
      id: `stage:${row.id}`,
      kind: "stage" as const,
      at: toIso(row.at),
      authorId: row.authorId,
      authorName: row.authorName,
      title: row.toName,
      stage: { from: row.fromName, to: row.toName, color: row.color },
    })),
    ...mailRows.map((row) => ({
      ...empty,
      id: `email:${row.id}`,
      kind: "email" as const,
      at: toIso(row.at),
      authorId: row.authorId,
      authorName: row.authorName,
      title: row.subject,
      body: row.body,
      email: {
        to: row.toAddress,
        from: row.fromAddress,
        state: row.state,
        error: row.error,
        attachments: row.attachments,
      },
    })),
    ...taskRows.map((row) => ({
      ...empty,
      id: `task-${row.event}:${row.id}`,
      kind: "task" as const,
      at: toIso(row.at),
      authorId: row.authorId,
      authorName: row.authorName,
      title: row.title,
      task: {
        id: row.id,
        event: row.event,
        status: row.status,
        assigneeId: row.assigneeId,
        assigneeName: row.assigneeName,
        deadline: row.deadline ? toIso(row.deadline) : null,
      },
    })),
    ...eventRows.map((row) => ({
      ...empty,
      id: `event:${row.id}`,
      kind: "event" as const,
      at: toIso(row.at),
      authorId: row.organizerId,
      authorName: row.organizerName,
      title: row.title,
      body: row.description,
      event: {
        id: row.id,
        allDay: row.allDay,
        start: row.allDay ? row.startDate! : toIso(row.startsAt!),
        end: row.allDay ? row.endDate! : toIso(row.endsAt!),
        location: row.location,
        recurring: row.recurring,
        organizerId: row.organizerId,
        organizerName: row.organizerName,
      },
    })),
    ...createdRows.map((row) => ({
      ...empty,
      id: `created:${row.id}`,
      kind: "created" as const,
      at: toIso(row.at),
      authorId: row.authorId,
      authorName: row.authorName,
      title: "created",
    })),
  ];
  items.push(...inboundItems, ...downloadItems);
  return items.sort((left, right) => right.at.localeCompare(left.at)).slice(0, query.limit);
}
