import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/** What a reminder is about: an event's occurrence, an activity's time or a task's deadline. */
export type ReminderKind = "event" | "activity" | "task";

/** One reminder to deliver: the key of `reminder_deliveries` (the claim) and what the texts need. */
export interface ReminderKey {
  kind: ReminderKind;
  subjectId: string;
  userId: string;
  minutesBefore: number;
  /** The occurrence's start, the activity's time or the task's deadline. */
  occursAt: Date;
}

const at = (instant: Date): SQL => sql`${instant.toISOString()}::timestamptz`;

export interface EventReminderRow {
  eventId: string;
  userId: string;
  minutesBefore: number;
  createdAt: Date | string;
  title: string;
  allDay: boolean;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrence: string | null;
  exceptions: string[];
}

/**
 * People's reminders on live events that may have an occurrence whose reminder time falls in
 * (now − lookback, now], by the event's stored span: only attendees who have not declined (the
 * organizer is one), only active people. Which occurrence, if any, is decided by expanding it.
 */
export function eventReminderRows(executor: Executor, now: Date, lookbackMinutes: number) {
  return rows<EventReminderRow>(
    executor,
    sql`select r.event_id as "eventId", r.user_id as "userId", r.minutes_before as "minutesBefore",
          r.created_at as "createdAt", e.title, e.all_day as "allDay", e.starts_at as "startsAt", e.ends_at as "endsAt",
          e.start_date::text as "startDate", e.end_date::text as "endDate", e.time_zone as "timeZone",
          e.recurrence, to_json(e.exceptions) as exceptions
        from calendar_event_reminders r
        join calendar_events e on e.id = r.event_id
        join calendar_event_attendees a on a.event_id = r.event_id and a.user_id = r.user_id
        join users u on u.id = r.user_id
        where e.deleted_at is null and a.response <> 'declined' and u.active and r.created_at <= ${at(now)}
          and e.span_start <= ${at(now)} + make_interval(mins => r.minutes_before)
          and e.span_end > ${at(now)} + make_interval(mins => r.minutes_before - ${lookbackMinutes})`,
  );
}

/** The event reminders among `keys` already delivered (by any process), as `deliveryKey` strings. */
export async function deliveredEventKeys(executor: Executor, keys: readonly ReminderKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const values = sql.join(
    keys.map(
      (key) =>
        sql`(${key.subjectId}::uuid, ${key.userId}::uuid, ${key.minutesBefore}::int, ${key.occursAt.toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  const found = await rows<{ subjectId: string; userId: string; minutesBefore: number; occursAt: Date | string }>(
    executor,
    sql`select d.subject_id as "subjectId", d.user_id as "userId", d.minutes_before as "minutesBefore",
          d.occurs_at as "occursAt"
        from reminder_deliveries d
        join (values ${values}) as k(subject_id, user_id, minutes_before, occurs_at)
          on d.kind = 'event' and d.subject_id = k.subject_id and d.user_id = k.user_id
            and d.minutes_before = k.minutes_before and d.occurs_at = k.occurs_at`,
  );
  return new Set(found.map((row) => deliveryKey({ kind: "event", ...row, occursAt: new Date(row.occursAt) })));
}

export const deliveryKey = (key: ReminderKey) =>
  `${key.kind}:${key.subjectId}:${key.userId}:${key.minutesBefore}:${key.occursAt.toISOString()}`;

export interface DeadlineReminderRow {
  id: string;
  userId: string;
  title: string;
  occursAt: Date | string;
  /** For an activity: where its «Дело» lives (the linked record). */
  dealId: string | null;
  leadId: string | null;
  companyId: string | null;
  contactId: string | null;
}

/**
 * Open activities whose responsible is reminded `minutesBefore` their time, that reminder time in
 * (now − lookback, now], not before the activity was created and not delivered yet. Read per active
 * person through the owner's due-time index.
 */
export function activityReminderRows(executor: Executor, now: Date, minutesBefore: number, lookbackMinutes: number) {
  return rows<DeadlineReminderRow>(
    executor,
    sql`select a.id, u.id as "userId", a.subject as title, a.due_at as "occursAt",
          a.deal_id as "dealId", a.lead_id as "leadId", a.company_id as "companyId", a.contact_id as "contactId"
        from users u
        join lateral (
          select * from activities a
          where a.owner_id = u.id and a.deleted_at is null and a.completed_at is null
            and a.due_at > ${at(now)} + make_interval(mins => ${minutesBefore - lookbackMinutes})
            and a.due_at <= ${at(now)} + make_interval(mins => ${minutesBefore})
        ) a on true
        where u.active
          and a.due_at - make_interval(mins => ${minutesBefore}) >= a.created_at
          and not exists (select 1 from reminder_deliveries d
            where d.kind = 'activity' and d.subject_id = a.id and d.user_id = u.id
              and d.minutes_before = ${minutesBefore} and d.occurs_at = a.due_at)`,
  );
}

/**
 * Deadlines of tasks still being worked on (new or in progress) whose assignee is reminded
 * `minutesBefore` them; the same window and rules as activities.
 */
export function taskReminderRows(executor: Executor, now: Date, minutesBefore: number, lookbackMinutes: number) {
  return rows<DeadlineReminderRow>(
    executor,
    sql`select t.id, u.id as "userId", t.title, t.deadline as "occursAt",
          null as "dealId", null as "leadId", null as "companyId", null as "contactId"
        from users u
        join lateral (
          select * from tasks t
          where t.assignee_id = u.id and t.deleted_at is null and t.status in ('new', 'in_progress')
            and t.deadline > ${at(now)} + make_interval(mins => ${minutesBefore - lookbackMinutes})
            and t.deadline <= ${at(now)} + make_interval(mins => ${minutesBefore})
        ) t on true
        where u.active
          and t.deadline - make_interval(mins => ${minutesBefore}) >= t.created_at
          and not exists (select 1 from reminder_deliveries d
            where d.kind = 'task' and d.subject_id = t.id and d.user_id = u.id
              and d.minutes_before = ${minutesBefore} and d.occurs_at = t.deadline)`,
  );
}

/**
 * The claim: whichever transaction inserts the row delivers the reminder. A second process's insert
 * of the same key waits for the first to commit and then inserts nothing (or, if the first rolled
 * back, inserts it and delivers instead).
 */
export async function claimDelivery(executor: Executor, key: ReminderKey): Promise<boolean> {
  const claimed = await rows<{ kind: string }>(
    executor,
    sql`insert into reminder_deliveries (kind, subject_id, user_id, minutes_before, occurs_at)
        values (${key.kind}, ${key.subjectId}, ${key.userId}, ${key.minutesBefore}, ${at(key.occursAt)})
        on conflict do nothing returning kind`,
  );
  return claimed.length > 0;
}

/** The company's zone for the texts (Almaty before the first-run setup, when nothing is reminded anyway). */
export async function textZone(executor: Executor): Promise<string> {
  const [row] = await rows<{ timeZone: string }>(
    executor,
    sql`select coalesce((select time_zone from company_settings where id = 1), 'Asia/Almaty') as "timeZone"`,
  );
  return row!.timeZone;
}

/** Where reminder letters go: the person's address, when the mail server is set up and they have one. */
export async function letterAddress(
  executor: Executor,
  userId: string,
): Promise<{ to: string; from: string } | undefined> {
  const [row] = await rows<{ to: string; from: string }>(
    executor,
    sql`select u.email as "to", s.from_address as "from" from users u cross join smtp_settings s
        where u.id = ${userId} and s.id = 1 and coalesce(trim(u.email), '') <> ''`,
  );
  return row;
}

/**
 * Queues a reminder letter in the outbox, in the claim's transaction. The person is its sender too
 * (a letter needs one; replies come back to them), so it shows in the outbox like any other.
 */
export async function queueReminderLetter(
  executor: Executor,
  letter: { userId: string; from: string; to: string; subject: string; body: string },
) {
  await executor.execute(
    sql`insert into mail_messages (sender_id, from_address, to_address, subject, body, state)
        values (${letter.userId}, ${letter.from}, ${letter.to}, ${letter.subject}, ${letter.body}, 'outbox')`,
  );
}
