import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { activities, companies, contacts, deals } from "./crm-schema";
import { groups } from "./group-schema";
import { users } from "./schema";

/**
 * An event in a personal, the company's or a group's calendar (issue #18). Timed events have
 * `startsAt`/`endsAt`; all-day events `startDate`/`endDate` (the end day included). A recurring
 * event keeps its RRULE and the days left out; `spanStart`/`spanEnd` cover every occurrence the
 * server expands (cut at ten years or 5,000 instances), so a range read finds it by index.
 */
export const calendarEvents = pgTable(
  "calendar_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** personal, company or group */
    calendar: text("calendar").notNull().default("personal"),
    groupId: uuid("group_id").references(() => groups.id),
    organizerId: uuid("organizer_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    description: text("description"),
    location: text("location"),
    videoUrl: text("video_url"),
    allDay: boolean("all_day").notNull().default(false),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    /** The zone the recurrence keeps its wall-clock time in (the company's by default). */
    timeZone: text("time_zone").notNull(),
    /** Others see a private event only as «занят». */
    private: boolean("private").notNull().default(false),
    dealId: uuid("deal_id").references(() => deals.id),
    companyId: uuid("company_id").references(() => companies.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    /** An RRULE without the `RRULE:` prefix; DTSTART is the event's start. */
    recurrence: text("recurrence"),
    /** Days (in the event's zone) whose occurrence is left out. */
    exceptions: date("exceptions", { mode: "string" }).array().notNull().default(sql`'{}'`),
    /** The first occurrence's start and the last expanded occurrence's end. */
    spanStart: timestamp("span_start", { withTimezone: true }).notNull(),
    spanEnd: timestamp("span_end", { withTimezone: true }).notNull(),
    /** The recurrence goes on past the expansion limits and was cut there. */
    recurrenceCut: boolean("recurrence_cut").notNull().default(false),
    /** The iCalendar UID a phone gave the event (portal events answer with their id). */
    icalUid: text("ical_uid"),
    /** The resource name a CalDAV client stored the event under (portal events: `<id>.ics`). */
    davName: text("dav_name"),
    /** A CRM «Встреча» with participants is this event: it follows the activity's time and subject. */
    activityId: uuid("activity_id").references(() => activities.id),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("calendar_events_organizer_idx").on(table.organizerId, table.spanStart),
    index("calendar_events_company_idx").on(table.spanStart).where(sql`${table.calendar} = 'company'`),
    index("calendar_events_group_idx").on(table.groupId),
    index("calendar_events_deal_idx").on(table.dealId),
    index("calendar_events_company_record_idx").on(table.companyId),
    index("calendar_events_contact_idx").on(table.contactId),
    uniqueIndex("calendar_events_dav_name_idx").on(table.organizerId, table.davName),
    uniqueIndex("calendar_events_activity_idx").on(table.activityId),
    check("calendar_events_calendar_check", sql`${table.calendar} in ('personal', 'company', 'group')`),
    check("calendar_events_group_check", sql`(${table.calendar} = 'group') = (${table.groupId} is not null)`),
    check(
      "calendar_events_timing_check",
      sql`(${table.allDay} and ${table.startDate} is not null and ${table.endDate} is not null
        and ${table.startDate} <= ${table.endDate} and ${table.startsAt} is null and ${table.endsAt} is null)
        or (not ${table.allDay} and ${table.startsAt} is not null and ${table.endsAt} is not null
        and ${table.startsAt} < ${table.endsAt} and ${table.startDate} is null and ${table.endDate} is null)`,
    ),
    check("calendar_events_span_check", sql`${table.spanStart} <= ${table.spanEnd}`),
  ],
);

/** Who is invited and how they answered; the organizer is one of them (accepted). */
export const calendarEventAttendees = pgTable(
  "calendar_event_attendees",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => calendarEvents.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** pending, accepted, declined, maybe */
    response: text("response").notNull().default("pending"),
    comment: text("comment"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.userId] }),
    index("calendar_event_attendees_user_idx").on(table.userId, table.eventId),
    check(
      "calendar_event_attendees_response_check",
      sql`${table.response} in ('pending', 'accepted', 'declined', 'maybe')`,
    ),
  ],
);

/** CRM contacts taking part in an event (no invitation: they are not portal users). */
export const calendarEventContacts = pgTable(
  "calendar_event_contacts",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => calendarEvents.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.contactId] }),
    index("calendar_event_contacts_contact_idx").on(table.contactId),
  ],
);

/** A person's own reminders for an event, minutes before each occurrence's start. */
export const calendarEventReminders = pgTable(
  "calendar_event_reminders",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => calendarEvents.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    minutesBefore: integer("minutes_before").notNull(),
    /** Occurrences whose reminder time came before this are not reminded of (they were past when it was set). */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.userId, table.minutesBefore] }),
    check("calendar_event_reminders_minutes_check", sql`${table.minutesBefore} between 0 and 40320`),
  ],
);

/**
 * Reminders already sent: one row per person, thing (an event occurrence, an activity, a task
 * deadline) and offset. The insert is the claim — whichever process inserts the row sends the
 * reminder, so two processes never send one twice.
 */
export const reminderDeliveries = pgTable(
  "reminder_deliveries",
  {
    /** event, activity or task */
    kind: text("kind").notNull(),
    subjectId: uuid("subject_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    minutesBefore: integer("minutes_before").notNull(),
    /** The start of the occurrence (or the deadline) the reminder is for. */
    occursAt: timestamp("occurs_at", { withTimezone: true }).notNull(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.kind, table.subjectId, table.userId, table.minutesBefore, table.occursAt] }),
    index("reminder_deliveries_delivered_idx").on(table.deliveredAt),
  ],
);

/** Passwords a person makes for a phone's calendar (CalDAV); shown once, only the hash is kept. */
export const appPasswords = pgTable(
  "app_passwords",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("app_passwords_hash_idx").on(table.passwordHash),
    index("app_passwords_user_idx").on(table.userId),
  ],
);

/** A read-only iCalendar subscription: the secret token is in its URL; only its hash is kept. */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("calendar_feeds_token_idx").on(table.tokenHash)],
);

/**
 * What changed in whose calendar, in order: the sync token of CalDAV's sync-collection (RFC 6578)
 * is the last `seq` a phone has seen. A row is written for every person an event concerns
 * before and after a change, so an event that left someone's calendar is reported as gone.
 */
export const calendarChanges = pgTable(
  "calendar_changes",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("calendar_changes_user_idx").on(table.userId, table.seq)],
);
