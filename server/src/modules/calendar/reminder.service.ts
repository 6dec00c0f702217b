import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import { notify } from "../../platform/notifications/notify";
import { timingOf } from "./event-timing";
import { occurrencesBetween } from "./recurrence";
import {
  activityReminderRows,
  claimDelivery,
  type DeadlineReminderRow,
  deliveredEventKeys,
  deliveryKey,
  eventReminderRows,
  letterAddress,
  queueReminderLetter,
  type ReminderKey,
  type ReminderKind,
  taskReminderRows,
  textZone,
} from "./reminder.queries";

/**
 * Reminders (issue #18): people's own reminders on events (each occurrence of a recurring one), and
 * fixed ones for the responsible of an open activity and the assignee of a task with a deadline.
 * Each goes once, to the portal (a notification, pushed live) and by e-mail (through the outbox),
 * whichever process finds it first: the row in `reminder_deliveries` is the claim, and the
 * notification and the letter commit with it. A reminder whose time passed while no process ran is
 * delivered late, saying so, for up to a day; older ones are dropped.
 */

/** How far back a pass looks for reminders not delivered yet (downtime up to this is caught up). */
export const reminderLookbackMinutes = 24 * 60;
/** A reminder delivered this long after its time says it is late. */
export const lateAfterMinutes = 2;
/** A timed activity reminds its responsible this long before its time (as Bitrix24's «Дела» do). */
export const activityReminderMinutes = 15;
/** A task reminds its assignee this long before its deadline. */
export const taskReminderMinutes = 60;

const MINUTE = 60_000;

interface Candidate extends ReminderKey {
  remindAt: Date;
  title: string;
  /** An all-day occurrence: its day, shown without a time. */
  allDayDate: string | null;
  link: string;
}

export interface ReminderPassOptions {
  /** The clock of the pass (tests step it); the database's by default. */
  now?: Date;
  /** Claims tried in one pass at most; the worker runs the next pass at once when there is more. */
  limit?: number;
  shouldStop?: () => boolean;
  /** The portal's address, for the link in letters. */
  publicUrl?: string;
}

export interface ReminderPassResult {
  /** Reminders this pass claimed and delivered. */
  delivered: number;
  /** Claims tried (a claim another process won delivers nothing here). */
  tried: number;
  /** Letters queued in the outbox. */
  letters: number;
}

/** One pass: finds the reminders due in (now − lookback, now] and delivers each not delivered yet. */
export async function runReminderPass(db: Database, options: ReminderPassOptions = {}): Promise<ReminderPassResult> {
  const now = options.now ?? (await databaseNow(db));
  const candidates = [
    ...(await eventCandidates(db, now)),
    ...(await activityReminderRows(db, now, activityReminderMinutes, reminderLookbackMinutes)).map((row) =>
      deadlineCandidate("activity", row, activityReminderMinutes),
    ),
    ...(await taskReminderRows(db, now, taskReminderMinutes, reminderLookbackMinutes)).map((row) =>
      deadlineCandidate("task", row, taskReminderMinutes),
    ),
  ].sort((a, b) => a.remindAt.getTime() - b.remindAt.getTime());
  const result: ReminderPassResult = { delivered: 0, tried: 0, letters: 0 };
  if (candidates.length === 0) return result;
  const zone = await textZone(db);
  const limit = options.limit ?? 200;
  for (const candidate of candidates) {
    if (result.tried >= limit || options.shouldStop?.()) break;
    result.tried++;
    // One claim per transaction: two processes never wait on each other's claims in opposite orders.
    const outcome = await db.transaction(async (tx) => {
      if (!(await claimDelivery(tx, candidate))) return { delivered: false, letter: false };
      const text = reminderText(candidate, now, zone);
      await notify(tx, [
        { userId: candidate.userId, kind: "reminder", title: candidate.title, body: text.body, link: candidate.link },
      ]);
      const address = await letterAddress(tx, candidate.userId);
      if (address) {
        await queueReminderLetter(tx, {
          userId: candidate.userId,
          from: address.from,
          to: address.to,
          subject: `Напоминание: ${candidate.title}`,
          body: `${candidate.title}\n${text.body}${options.publicUrl ? `\n\n${options.publicUrl.replace(/\/$/, "")}${candidate.link}` : ""}`,
        });
      }
      return { delivered: true, letter: Boolean(address) };
    });
    if (outcome.delivered) result.delivered++;
    if (outcome.letter) result.letters++;
  }
  return result;
}

async function databaseNow(db: Database): Promise<Date> {
  const [row] = await rows<{ now: Date | string }>(db, sql`select now() as now`);
  return new Date(row!.now);
}

/** Every occurrence whose reminder time is in the window, for each reminder a person set, not delivered yet. */
async function eventCandidates(db: Database, now: Date): Promise<Candidate[]> {
  const reminderRows = await eventReminderRows(db, now, reminderLookbackMinutes);
  const windowStart = now.getTime() - reminderLookbackMinutes * MINUTE;
  const found: Candidate[] = [];
  for (const row of reminderRows) {
    const offset = row.minutesBefore * MINUTE;
    const createdAt = new Date(row.createdAt).getTime();
    // Occurrences starting in (windowStart + offset, now + offset]; the expansion stops there.
    const occurrences = occurrencesBetween(
      timingOf(row),
      new Date(windowStart + offset),
      new Date(now.getTime() + offset + 1),
    );
    for (const occurrence of occurrences) {
      const remindAt = occurrence.startInstant.getTime() - offset;
      if (remindAt <= windowStart || remindAt > now.getTime() || remindAt < createdAt) continue;
      found.push({
        kind: "event",
        subjectId: row.eventId,
        userId: row.userId,
        minutesBefore: row.minutesBefore,
        occursAt: occurrence.startInstant,
        remindAt: new Date(remindAt),
        title: row.title,
        allDayDate: row.allDay ? occurrence.start : null,
        link: `/calendar?event=${row.eventId}`,
      });
    }
  }
  const delivered = await deliveredEventKeys(db, found);
  return found.filter((candidate) => !delivered.has(deliveryKey(candidate)));
}

function deadlineCandidate(kind: ReminderKind, row: DeadlineReminderRow, minutesBefore: number): Candidate {
  const occursAt = new Date(row.occursAt);
  return {
    kind,
    subjectId: row.id,
    userId: row.userId,
    minutesBefore,
    occursAt,
    remindAt: new Date(occursAt.getTime() - minutesBefore * MINUTE),
    title: row.title,
    allDayDate: null,
    link: kind === "task" ? `/tasks/${row.id}` : activityLink(row),
  };
}

/** An activity opens where it lives, as its assignment notice does. */
function activityLink(row: DeadlineReminderRow): string {
  if (row.dealId) return `/crm/deals/${row.dealId}`;
  if (row.leadId) return `/crm/leads/${row.leadId}`;
  if (row.companyId) return `/crm/companies/${row.companyId}`;
  if (row.contactId) return `/crm/contacts/${row.contactId}`;
  return "/cabinet";
}

const whatIs: Record<ReminderKind, string> = { event: "начало", activity: "срок", task: "крайний срок" };

/**
 * «Напоминание: начало 12 марта 2026 г. в 10:00» in the company's zone; a late one says so and
 * still gives the time of the thing and the time it was due:
 * «Напоминание с опозданием (должно было прийти 12 марта 2026 г. в 09:45): начало 12 марта 2026 г. в 10:00».
 */
export function reminderText(
  reminder: Pick<Candidate, "kind" | "occursAt" | "remindAt" | "allDayDate">,
  now: Date,
  zone: string,
): { body: string; late: boolean } {
  const format = new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeStyle: "short", timeZone: zone });
  const when = reminder.allDayDate
    ? `${new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${reminder.allDayDate}T00:00:00Z`))}, весь день`
    : format.format(reminder.occursAt);
  const late = now.getTime() - reminder.remindAt.getTime() > lateAfterMinutes * MINUTE;
  const head = late
    ? `Напоминание с опозданием (должно было прийти ${format.format(reminder.remindAt)})`
    : "Напоминание";
  return { body: `${head}: ${whatIs[reminder.kind]} ${when}`, late };
}
