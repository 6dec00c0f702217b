import type { MeetingItemKind, MeetingMinutes } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows, rowsOfEach } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";
import { meetingChairCondition, meetingRoomCondition } from "../../policies/meeting-rooms";

/** A peer counts as in the room while its process renews it (every 15 s); a dead process's peers age out. */
export const livePeer = (alias = "p") => sql`${sql.raw(alias)}.seen_at > now() - interval '45 seconds'`;

export interface RoomRow {
  id: string;
  kind: "event" | "group";
  subjectId: string;
  title: string;
  /** The caller ends meetings and removes anyone's items (`meetingChairCondition`). */
  chair: boolean;
  /** An event in a group's calendar (not private): its minutes go to that group's feed too. */
  feedGroupId: string | null;
  openMeetingId: string | null;
  openMeetingStartedAt: string | null;
}

/** The room if the caller may enter it; `lock` holds it until the transaction ends (joins, writes and «Завершить» in turn). */
export async function roomRow(
  executor: Executor,
  scope: AccessScope,
  roomId: string,
  options: { lock?: boolean } = {},
): Promise<RoomRow | undefined> {
  const [room] = await rows<RoomRow>(
    executor,
    sql`select r.id, case when r.event_id is not null then 'event' else 'group' end as kind,
          coalesce(r.event_id, r.group_id) as "subjectId", coalesce(e.title, g.name) as title,
          ${meetingChairCondition(scope)} as chair,
          coalesce(r.group_id, case when e.private then null else e.group_id end) as "feedGroupId",
          m.id as "openMeetingId", m.started_at as "openMeetingStartedAt"
        from meeting_rooms r
          left join calendar_events e on e.id = r.event_id
          left join groups g on g.id = r.group_id
          left join meetings m on m.room_id = r.id and m.ended_at is null
        where r.id = ${roomId} and ${meetingRoomCondition(scope)}
        ${options.lock ? sql`for update of r` : sql``}`,
  );
  return room;
}

/** The open meeting of a room, started now by `userId` if there is none (the room is locked by the caller). */
export async function openMeetingId(tx: Executor, room: RoomRow, userId: string): Promise<string> {
  if (room.openMeetingId) return room.openMeetingId;
  const [created] = await rows<{ id: string; startedAt: string }>(
    tx,
    sql`insert into meetings (room_id, started_by) values (${room.id}, ${userId})
        returning id, started_at as "startedAt"`,
  );
  room.openMeetingId = created!.id;
  room.openMeetingStartedAt = created!.startedAt;
  return created!.id;
}

const person = (alias: string) => sql`json_build_object('id', ${sql.raw(alias)}.id, 'name', ${sql.raw(alias)}.name)`;

export interface PeerRow {
  peerId: string;
  user: { id: string; name: string };
  seq: number;
  joinedAt: string;
}

export function peersQuery(roomId: string): SQL {
  return sql`select p.id as "peerId", ${person("u")} as "user", p.seq, p.joined_at as "joinedAt"
    from meeting_peers p join users u on u.id = p.user_id
    where p.room_id = ${roomId} and ${livePeer("p")}
    order by p.seq`;
}

export async function peerRows(executor: Executor, roomId: string): Promise<PeerRow[]> {
  const peers = await rows<PeerRow>(executor, peersQuery(roomId));
  return peers.map((peer) => ({ ...peer, seq: Number(peer.seq) }));
}

export interface ItemRow {
  id: string;
  kind: MeetingItemKind;
  body: string;
  author: { id: string; name: string };
  done: boolean;
  doneBy: { id: string; name: string } | null;
  createdAt: string;
}

export function itemsQuery(condition: SQL): SQL {
  return sql`select i.id, i.kind, i.body, ${person("a")} as author, i.done_at is not null as done,
      case when d.id is null then null else ${person("d")} end as "doneBy", i.created_at as "createdAt"
    from meeting_items i join users a on a.id = i.author_id left join users d on d.id = i.done_by
    where ${condition}
    order by i.seq`;
}

export interface MessageRow {
  id: string;
  author: { id: string; name: string };
  body: string;
  createdAt: string;
}

/** The meeting's last 200 messages, oldest first. */
export function messagesQuery(condition: SQL): SQL {
  return sql`select * from (
      select msg.id, ${person("a")} as author, msg.body, msg.created_at as "createdAt", msg.seq
      from meeting_messages msg join users a on a.id = msg.author_id
      where ${condition}
      order by msg.seq desc limit 200) latest
    order by latest.seq`;
}

export interface TaskRow {
  id: string;
  title: string;
  assignee: { id: string; name: string };
  deadline: string | null;
}

/** Tasks set in the meeting (deleted ones left out), in the order they were set. */
export function tasksQuery(meetingId: string): SQL {
  return sql`select t.id, t.title, ${person("u")} as assignee, t.deadline
    from meeting_tasks mt join tasks t on t.id = mt.task_id join users u on u.id = t.assignee_id
    where mt.meeting_id = ${meetingId} and t.deleted_at is null
    order by mt.created_at, t.created_at, t.id`;
}

export function attendeesQuery(meetingId: string): SQL {
  return sql`select u.id, u.name from meeting_attendance a join users u on u.id = a.user_id
    where a.meeting_id = ${meetingId} order by a.joined_at, u.name`;
}

export function minutesQuery(roomId: string, limit = 20): SQL {
  return sql`select m.minutes from meetings m
    where m.room_id = ${roomId} and m.ended_at is not null order by m.ended_at desc limit ${limit}`;
}

export interface MeetingContent {
  items: ItemRow[];
  messages: MessageRow[];
  tasks: TaskRow[];
  attendees: { id: string; name: string }[];
  peers: PeerRow[];
  minutes: { minutes: MeetingMinutes }[];
  [key: string]: unknown[];
}

/** Everything the room page shows, in one round trip. */
export async function meetingContent(executor: Executor, room: RoomRow): Promise<MeetingContent> {
  const meetingId = room.openMeetingId ?? "00000000-0000-0000-0000-000000000000";
  const content = await rowsOfEach<MeetingContent>(executor, {
    items: itemsQuery(sql`i.meeting_id = ${meetingId}`),
    messages: messagesQuery(sql`msg.meeting_id = ${meetingId}`),
    tasks: tasksQuery(meetingId),
    attendees: attendeesQuery(meetingId),
    peers: peersQuery(room.id),
    minutes: minutesQuery(room.id),
  });
  return { ...content, peers: content.peers.map((peer) => ({ ...peer, seq: Number(peer.seq) })) };
}

/** The item of the room's open meeting, locked; undefined when it is not there. */
export async function openItemRow(
  tx: Executor,
  meetingId: string | null,
  itemId: string,
): Promise<{ id: string; authorId: string } | undefined> {
  if (!meetingId) return undefined;
  const [item] = await rows<{ id: string; authorId: string }>(
    tx,
    sql`select id, author_id as "authorId" from meeting_items
        where id = ${itemId} and meeting_id = ${meetingId} for update`,
  );
  return item;
}
