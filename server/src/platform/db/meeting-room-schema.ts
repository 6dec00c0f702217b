import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { calendarEvents } from "./calendar-schema";
import { groups } from "./group-schema";
import { users } from "./schema";
import { tasks } from "./task-schema";

/**
 * An online meeting room (issue #22): one per calendar event or per group. Who may enter is the
 * event's or the group's rule (`policies/meeting-rooms.ts`); the room itself holds no members.
 */
export const meetingRooms = pgTable(
  "meeting_rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id").references(() => calendarEvents.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("meeting_rooms_event_idx").on(table.eventId),
    uniqueIndex("meeting_rooms_group_idx").on(table.groupId),
    check("meeting_rooms_subject_check", sql`(${table.eventId} is null) <> (${table.groupId} is null)`),
  ],
);

/**
 * One sitting of a room: open from its first join (or first agenda item) until «Завершить встречу»,
 * which freezes the minutes into `minutes`. A room has at most one open meeting.
 */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => meetingRooms.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    startedBy: uuid("started_by").references(() => users.id, { onDelete: "set null" }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedBy: uuid("ended_by").references(() => users.id, { onDelete: "set null" }),
    /** The minutes as they were when the meeting ended (`MeetingMinutes` in common). */
    minutes: jsonb("minutes"),
    /** The feed post the minutes went to (a group's meeting, or an event in a group's calendar). */
    feedPostId: uuid("feed_post_id"),
  },
  (table) => [
    uniqueIndex("meetings_open_idx").on(table.roomId).where(sql`${table.endedAt} is null`),
    index("meetings_room_idx").on(table.roomId, table.startedAt),
    check("meetings_minutes_check", sql`(${table.endedAt} is null) = (${table.minutes} is null)`),
  ],
);

/** The agenda (ticked off), questions (answered) and decisions of a meeting, in the order written. */
export const meetingItems = pgTable(
  "meeting_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    /** agenda, question or decision */
    kind: text("kind").notNull(),
    body: text("body").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneBy: uuid("done_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (table) => [
    index("meeting_items_meeting_idx").on(table.meetingId, table.seq),
    check("meeting_items_kind_check", sql`${table.kind} in ('agenda', 'question', 'decision')`),
    check("meeting_items_body_check", sql`char_length(${table.body}) between 1 and 1000`),
  ],
);

/** The room's chat during a meeting (plain text). */
export const meetingMessages = pgTable(
  "meeting_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("meeting_messages_meeting_idx").on(table.meetingId, table.seq),
    check("meeting_messages_body_check", sql`char_length(${table.body}) between 1 and 4000`),
  ],
);

/** Tasks set during a meeting (made by the tasks service; the minutes list them). */
export const meetingTasks = pgTable(
  "meeting_tasks",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.meetingId, table.taskId] })],
);

/** Who joined a meeting with their camera/microphone (the minutes' «присутствовали»). */
export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.meetingId, table.userId] })],
);

/**
 * Who is in a room now: one row per browser tab that joined, held by the server process whose
 * socket it came over (`instance_id`) and renewed while that socket lives, so the rows of a
 * process that died age out. `seq` orders joins: the later peer makes the WebRTC offer.
 */
export const meetingPeers = pgTable(
  "meeting_peers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => meetingRooms.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    instanceId: text("instance_id").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("meeting_peers_room_idx").on(table.roomId),
    index("meeting_peers_instance_idx").on(table.instanceId),
  ],
);

/**
 * A WebRTC offer, answer or ICE candidate on its way from one peer to another: NOTIFY carries only
 * its id (an SDP offer can pass NOTIFY's 8,000 bytes), the recipient's process takes it out.
 */
export const meetingSignals = pgTable(
  "meeting_signals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => meetingRooms.id, { onDelete: "cascade" }),
    fromPeerId: uuid("from_peer_id").notNull(),
    toPeerId: uuid("to_peer_id").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("meeting_signals_created_idx").on(table.createdAt)],
);
