import { z } from "zod";
import { instantSchema, isoDateSchema, isValidTimeZone } from "../calendar";
import { idSchema, intSchema, optionalText, text, versionSchema } from "./shared";

/**
 * The calendar (issue #18): events in a personal, the company's or a group's calendar, with
 * attendees who answer, recurrence, links to CRM records, and one read of everything dated
 * (events, timed activities, task deadlines) for a range, plus people's busy time.
 */

/** Whose calendar an event is in: the organizer's own, the whole company's, or a group's. */
export const calendarKinds = ["personal", "company", "group"] as const;
export type CalendarKind = (typeof calendarKinds)[number];

/** An attendee's answer; `pending` until they give one. */
export const attendeeResponses = ["pending", "accepted", "declined", "maybe"] as const;
export type AttendeeResponse = (typeof attendeeResponses)[number];

/** The longest recurrence the server expands: past it, occurrences are cut (and the event says so). */
export const recurrenceLimits = { years: 10, instances: 5_000 } as const;

const timeZoneSchema = z.string().max(100).refine(isValidTimeZone, "Not a known time zone");

/**
 * One RRULE (RFC 5545) without the `RRULE:` prefix, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101T000000Z`.
 * DTSTART comes from the event's start; the server checks the rule parses.
 */
export const recurrenceRuleSchema = z
  .string()
  .trim()
  .max(500)
  .regex(
    /^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+\-:]+)*$/,
    "Expected an RRULE such as FREQ=WEEKLY;BYDAY=MO",
  );

/**
 * `POST /api/v1/events`, `GET|PATCH|DELETE /api/v1/events/:id`, `POST /api/v1/events/:id/response`.
 *
 * Timed events have `startsAt`/`endsAt` instants; all-day events have `startDate`/`endDate` days
 * (the end day included). Times are shown in the viewer's zone; recurrence is expanded in the
 * event's `timeZone` (the organizer's zone by default), so «every Monday at 10:00» stays 10:00.
 */
export const eventWriteSchema = z.strictObject({
  calendar: z.enum(calendarKinds).default("personal"),
  /** Required for a group's calendar: a group the organizer is a member of. */
  groupId: idSchema.nullable().optional(),
  title: text(300),
  description: optionalText(10_000),
  location: optionalText(500),
  /** A video-meeting link (http or https). */
  videoUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .optional(),
  allDay: z.boolean().default(false),
  startsAt: instantSchema.nullable().optional(),
  endsAt: instantSchema.nullable().optional(),
  startDate: isoDateSchema.nullable().optional(),
  endDate: isoDateSchema.nullable().optional(),
  timeZone: timeZoneSchema.optional(),
  /** Others see a private event only as «занят»; attendees see it whole. */
  private: z.boolean().default(false),
  /** Employees invited; the organizer is an attendee too (accepted). */
  attendeeIds: z.array(idSchema).max(200).default([]),
  /** CRM contacts taking part (they get no invitation in the portal). */
  contactIds: z.array(idSchema).max(50).default([]),
  /** The event shows on these records' timelines; only records the organizer may read. */
  dealId: idSchema.nullable().optional(),
  companyId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
  recurrence: recurrenceRuleSchema.nullable().optional(),
  /** Occurrences left out of the recurrence: the days (in the event's zone) they would start on. */
  exceptions: z.array(isoDateSchema).max(500).optional(),
  /** The caller's own reminders: minutes before the start (up to four weeks). */
  reminders: z.array(intSchema(0, 40_320)).max(5).optional(),
});
export type EventWrite = z.input<typeof eventWriteSchema>;

/** What a patch leaves out stays as it was: the write schema's defaults are not applied here. */
export const eventPatchSchema = eventWriteSchema
  .omit({ calendar: true, groupId: true })
  .extend({
    allDay: z.boolean(),
    private: z.boolean(),
    attendeeIds: z.array(idSchema).max(200),
    contactIds: z.array(idSchema).max(50),
  })
  .partial()
  .extend({ version: versionSchema });
export type EventPatch = z.input<typeof eventPatchSchema>;

/**
 * `POST /api/v1/events/:id/occurrences`: one occurrence of a recurring event changed on its own
 * (dragged, resized): it leaves the series (its day becomes an exception) and becomes an event of
 * its own with the series' people, links and text, at the new time. The answer is that new event.
 */
export const occurrenceDetachSchema = z.strictObject({
  /** Which occurrence: its start as the calendar gave it (an instant; a day for all-day events). */
  occurrenceStart: z.string().max(40),
  startsAt: instantSchema.nullable().optional(),
  endsAt: instantSchema.nullable().optional(),
  startDate: isoDateSchema.nullable().optional(),
  endDate: isoDateSchema.nullable().optional(),
  /** The series' version the change was made against (409 when it changed meanwhile). */
  version: versionSchema,
});

/** `PUT /api/v1/events/:id/reminders`: one's own reminders for an event one takes part in, minutes before. */
export const eventRemindersSchema = z.strictObject({
  minutes: z.array(intSchema(0, 40_320)).max(5),
});

export const eventRespondSchema = z.strictObject({
  response: z.enum(["accepted", "declined", "maybe"]),
  comment: optionalText(1_000),
});

const personRef = z.object({ id: idSchema, name: z.string() });
const recordRef = z.object({ id: idSchema, name: z.string() }).nullable();

export const eventAttendeeSchema = z.object({
  userId: idSchema,
  name: z.string(),
  response: z.enum(attendeeResponses),
  comment: z.string().nullable(),
  organizer: z.boolean(),
});

export const eventSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  calendar: z.enum(calendarKinds),
  group: recordRef,
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  videoUrl: z.string().nullable(),
  allDay: z.boolean(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  timeZone: z.string(),
  private: z.boolean(),
  organizer: personRef,
  attendees: z.array(eventAttendeeSchema),
  contacts: z.array(personRef),
  deal: recordRef,
  company: recordRef,
  contact: recordRef,
  recurrence: z.string().nullable(),
  exceptions: z.array(z.string()),
  /**
   * The recurrence goes on past what the server expands (`recurrenceLimits`: ten years after the
   * start or 5,000 occurrences, whichever comes first): occurrences after that are not shown.
   */
  recurrenceCut: z.boolean().optional(),
  /** The caller's own reminders, minutes before. */
  reminders: z.array(z.number().int()),
  /** The caller's answer, when invited. */
  myResponse: z.enum(attendeeResponses).nullable(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean(), respond: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CalendarEvent = z.infer<typeof eventSchema>;

/** What the calendar shows for a range: one entry per occurrence, activity or task deadline. */
export const calendarEntryKinds = ["event", "activity", "task"] as const;
export const calendarEntrySchema = z.object({
  /** `event:<id>:<occurrence start>`, `activity:<id>` or `task:<id>`. */
  key: z.string(),
  kind: z.enum(calendarEntryKinds),
  /** The event, activity or task id. */
  id: idSchema,
  /** «Занят» only: someone else's private event, with no title, place or people. */
  busyOnly: z.boolean(),
  title: z.string(),
  allDay: z.boolean(),
  /** Timed entries: instants; all-day entries: `YYYY-MM-DD` days, the end day included. */
  start: z.string(),
  end: z.string(),
  /** Whose calendar it stands in (the person the range was asked for). */
  userId: idSchema,
  calendar: z.enum(calendarKinds).nullable(),
  location: z.string().nullable(),
  myResponse: z.enum(attendeeResponses).nullable(),
  recurring: z.boolean(),
  /** Moving or resizing it (events the caller organizes, their own activities). */
  editable: z.boolean(),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/**
 * `GET /api/v1/calendar/entries` (not `/api/v1/calendar`, which is the production calendar of the
 * settings, `?year=`). Days are the company's; the range's end day is included.
 */
export const calendarRangeQuerySchema = z.object({
  from: isoDateSchema,
  /** The last day included; a range covers at most 92 days. */
  to: isoDateSchema,
  /** Whose calendars (comma-separated ids, at most 50); the caller's own by default. */
  userIds: z.string().max(2_000).optional(),
  /** Leave out the company calendar's events. */
  company: z.enum(["true", "false"]).optional(),
});
export const calendarRangeSchema = z.object({ items: z.array(calendarEntrySchema) });

/** `GET /api/v1/calendar/busy`: the free/busy grid of the chosen people and their first common free slot. */
export const busyQuerySchema = z.object({
  /** Comma-separated user ids, 1 to 50. */
  userIds: z.string().min(1).max(2_000),
  from: isoDateSchema,
  to: isoDateSchema,
  /** The meeting's length, for «ближайшее общее свободное время». */
  durationMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
});
export const busySchema = z.object({
  people: z.array(
    z.object({
      userId: idSchema,
      name: z.string(),
      /** Busy intervals (instants), merged and sorted; working-day absences included. */
      busy: z.array(z.object({ start: z.string(), end: z.string(), kind: z.enum(["event", "activity", "absence"]) })),
    }),
  ),
  /** The first slot of `durationMinutes` within working hours of a working day when all are free. */
  firstCommonFree: z.object({ start: z.string(), end: z.string() }).nullable(),
});
export type BusyTimes = z.infer<typeof busySchema>;

/** `POST /api/v1/me/app-passwords`: a password for one phone's calendar (CalDAV), named after the phone. */
export const appPasswordWriteSchema = z.strictObject({ name: text(100) });

export const appPasswordSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type AppPassword = z.infer<typeof appPasswordSchema>;

/** The password is shown this once; only its hash is kept. */
export const appPasswordCreatedSchema = appPasswordSchema.extend({ password: z.string() });

/** The person's iCalendar subscription: the secret address is shown once, when it is made. */
export const calendarFeedSchema = z.object({ active: z.boolean(), createdAt: z.string().nullable() });
export const calendarFeedCreatedSchema = z.object({ path: z.string(), createdAt: z.string() });

/** `POST /api/v1/calendar/import` (text/calendar): the events an .ics file added to one's own calendar. */
export const calendarImportResultSchema = z.object({
  created: z.number().int(),
  events: z.array(z.object({ id: idSchema, title: z.string() })),
});
