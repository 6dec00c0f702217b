import type {
  MeetingItem,
  MeetingMessage,
  MeetingRoom,
  MeetingRoomLookup,
  MeetingRoomRef,
  MeetingTask,
  MeetingTaskInput,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, forbidden, notFound } from "../../platform/errors/problem";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { escapeHtml } from "../../platform/text/rich-text";
import { eventRoomCondition, groupRoomCondition } from "../../policies/meeting-rooms";
import { createTaskOrThrow } from "../tasks/task.service";
import { type IceSettings, iceServersFor } from "./meeting-ice";
import { presentItem, presentMessage, presentRoom, presentRoomRef, presentTask } from "./meeting-room.presenter";
import {
  type ItemRow,
  itemsQuery,
  livePeer,
  type MessageRow,
  meetingContent,
  messagesQuery,
  minutesQuery,
  openItemRow,
  openMeetingId,
  type RoomRow,
  roomRow,
  type TaskRow,
  tasksQuery,
} from "./meeting-room.queries";

const noSuch = (field: string, message: string) =>
  new AppError(404, "Not Found", `${field}: ${message}`, [{ path: field, message }]);

/** The event or group named in a body or query, if the caller may be in its room; else 404 naming the field. */
async function subjectRoomOrThrow(
  executor: Executor,
  actor: Actor,
  subject: { eventId?: string; groupId?: string },
): Promise<{ column: "event_id" | "group_id"; id: string; roomId: string | null }> {
  if (subject.eventId !== undefined) {
    const [event] = await rows<{ roomId: string | null }>(
      executor,
      sql`select (select r.id from meeting_rooms r where r.event_id = e.id) as "roomId"
          from calendar_events e where e.id = ${subject.eventId} and ${eventRoomCondition(actor.scope, "e")}`,
    );
    if (!event) throw noSuch("eventId", "No such event");
    return { column: "event_id", id: subject.eventId, roomId: event.roomId };
  }
  const [group] = await rows<{ roomId: string | null }>(
    executor,
    sql`select (select r.id from meeting_rooms r where r.group_id = g.id) as "roomId"
        from groups g where g.id = ${subject.groupId!} and ${groupRoomCondition(actor.user.id, sql`g.id`)}`,
  );
  if (!group) throw noSuch("groupId", "No such group");
  return { column: "group_id", id: subject.groupId!, roomId: group.roomId };
}

/** The room of an event or a group, made on first use. */
export async function openRoomOrThrow(
  db: Database,
  actor: Actor,
  subject: { eventId?: string; groupId?: string },
): Promise<MeetingRoomRef> {
  return db.transaction(async (tx) => {
    const found = await subjectRoomOrThrow(tx, actor, subject);
    if (!found.roomId) {
      await tx.execute(
        sql`insert into meeting_rooms (${sql.identifier(found.column)}, created_by) values (${found.id}, ${actor.user.id})
            on conflict (${sql.identifier(found.column)}) do nothing`,
      );
    }
    const [created] = await rows<{ id: string }>(
      tx,
      sql`select id from meeting_rooms where ${sql.identifier(found.column)} = ${found.id}`,
    );
    const room = await roomRow(tx, actor.scope, created!.id);
    return presentRoomRef(room!);
  });
}

/** The event card's and the group page's view: the room (if made) with how many are in it, and the minutes. */
export async function lookupRoomOrThrow(
  db: Database,
  actor: Actor,
  subject: { eventId?: string; groupId?: string },
): Promise<MeetingRoomLookup> {
  const found = await subjectRoomOrThrow(db, actor, subject);
  if (!found.roomId) return { room: null, minutes: [] };
  const room = await roomRow(db, actor.scope, found.roomId);
  if (!room) throw notFound();
  const [count] = await rows<{ count: number }>(
    db,
    sql`select count(*)::int as count from meeting_peers p where p.room_id = ${room.id} and ${livePeer("p")}`,
  );
  const minutes = await rows<{ minutes: MeetingRoomLookup["minutes"][number] }>(db, minutesQuery(room.id));
  return {
    room: { ...presentRoomRef(room), peerCount: count?.count ?? 0 },
    minutes: minutes.map((entry) => entry.minutes),
  };
}

export async function roomStateOrThrow(
  db: Database,
  actor: Actor,
  roomId: string,
  ice: IceSettings,
): Promise<MeetingRoom> {
  const room = await roomRow(db, actor.scope, roomId);
  if (!room) throw notFound();
  const content = await meetingContent(db, room);
  return presentRoom(room, content, actor.user.id, iceServersFor(ice, actor.user.id));
}

/**
 * A write in a room: the room locked (so it runs in turn with joins and «Завершить встречу»), the
 * work, and a push to the room's open pages after the commit. 404 for anyone outside the room.
 */
export async function withRoomOrThrow<T>(
  db: Database,
  actor: Actor,
  roomId: string,
  work: (tx: Database, room: RoomRow) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const room = await roomRow(tx, actor.scope, roomId, { lock: true });
    if (!room) throw notFound();
    const result = await work(tx as unknown as Database, room);
    await publishRealtime(tx, { type: "meeting_room", roomId });
    return result;
  });
}

export async function addItemOrThrow(
  db: Database,
  actor: Actor,
  roomId: string,
  input: { kind: MeetingItem["kind"]; body: string },
): Promise<MeetingItem> {
  return withRoomOrThrow(db, actor, roomId, async (tx, room) => {
    const meetingId = await openMeetingId(tx, room, actor.user.id);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into meeting_items (meeting_id, kind, body, author_id)
          values (${meetingId}, ${input.kind}, ${input.body}, ${actor.user.id}) returning id`,
    );
    const [item] = await rows<ItemRow>(tx, itemsQuery(sql`i.id = ${created!.id}`));
    return presentItem(item!, { id: actor.user.id, chair: room.chair });
  });
}

/** Ticks an agenda item off (or a question answered), or takes the tick back. */
export async function setItemDoneOrThrow(
  db: Database,
  actor: Actor,
  roomId: string,
  itemId: string,
  done: boolean,
): Promise<MeetingItem> {
  return withRoomOrThrow(db, actor, roomId, async (tx, room) => {
    const item = await openItemRow(tx, room.openMeetingId, itemId);
    if (!item) throw notFound();
    await tx.execute(
      sql`update meeting_items set
            done_at = case when ${done} then coalesce(done_at, now()) else null end,
            done_by = case when ${done} then coalesce(done_by, ${actor.user.id}::uuid) else null end,
            version = version + 1
          where id = ${itemId}`,
    );
    const [row] = await rows<ItemRow>(tx, itemsQuery(sql`i.id = ${itemId}`));
    return presentItem(row!, { id: actor.user.id, chair: room.chair });
  });
}

export async function deleteItemOrThrow(db: Database, actor: Actor, roomId: string, itemId: string): Promise<void> {
  await withRoomOrThrow(db, actor, roomId, async (tx, room) => {
    const item = await openItemRow(tx, room.openMeetingId, itemId);
    if (!item) throw notFound();
    if (item.authorId !== actor.user.id && !room.chair)
      throw forbidden("Only its author or the meeting's chair removes a line");
    await tx.execute(sql`delete from meeting_items where id = ${itemId}`);
  });
}

export async function postMessageOrThrow(
  db: Database,
  actor: Actor,
  roomId: string,
  body: string,
): Promise<MeetingMessage> {
  return withRoomOrThrow(db, actor, roomId, async (tx, room) => {
    const meetingId = await openMeetingId(tx, room, actor.user.id);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into meeting_messages (meeting_id, author_id, body) values (${meetingId}, ${actor.user.id}, ${body})
          returning id`,
    );
    const [message] = await rows<MessageRow>(tx, messagesQuery(sql`msg.id = ${created!.id}`));
    return presentMessage(message!);
  });
}

/**
 * A task set during the meeting: made by the tasks service (its checks, audit and the assignee's
 * notification), in a group's room put into the group, and listed in the minutes.
 */
export async function addTaskOrThrow(
  db: Database,
  actor: Actor,
  roomId: string,
  input: MeetingTaskInput,
): Promise<MeetingTask> {
  return withRoomOrThrow(db, actor, roomId, async (tx, room) => {
    const meetingId = await openMeetingId(tx, room, actor.user.id);
    const task = await createTaskOrThrow(tx, actor, {
      title: input.title,
      assigneeId: input.assigneeId,
      deadline: input.deadline ?? null,
      description: `<p>${escapeHtml(`Поставлена на встрече «${room.title}»`)}</p>`,
      groupId: room.kind === "group" ? room.subjectId : null,
    });
    await tx.execute(sql`insert into meeting_tasks (meeting_id, task_id) values (${meetingId}, ${task.id})`);
    const [row] = await rows<TaskRow>(
      tx,
      sql`select * from (${tasksQuery(meetingId)}) listed where listed.id = ${task.id}`,
    );
    return presentTask(row!);
  });
}
