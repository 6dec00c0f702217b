import type { MeetingMinutes } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { companyZone } from "../../platform/db/company-zone";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { conflict, forbidden } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { escapeHtml, richTextToPlain, sanitizeRichText } from "../../platform/text/rich-text";
import { presentTask } from "./meeting-room.presenter";
import { meetingContent, type RoomRow } from "./meeting-room.queries";
import { withRoomOrThrow } from "./meeting-room.service";

/**
 * «Завершить встречу»: the minutes — who attended, the agenda with what was ticked off, the
 * questions, the decisions and the tasks with their assignees and deadlines — frozen on the meeting
 * (the event card and the group page list them), posted to the group's feed when the room is a
 * group's (or its event is in a group's calendar), and sent to the participants. Everyone in the
 * room is let go: the next join starts a new meeting.
 */
export async function endMeetingOrThrow(db: Database, actor: Actor, roomId: string): Promise<MeetingMinutes> {
  return withRoomOrThrow(db, actor, roomId, async (tx, room) => {
    if (!room.chair) throw forbidden("Only the event's organizer or the group's owners and moderators end the meeting");
    if (!room.openMeetingId || !room.openMeetingStartedAt) throw conflict("No meeting is going on in this room");
    const meetingId = room.openMeetingId;
    const content = await meetingContent(tx, room);
    const [now] = await rows<{ endedAt: string }>(tx, sql`select now() as "endedAt"`);
    const items = content.items;
    const minutes: MeetingMinutes = {
      meetingId,
      roomId: room.id,
      title: room.title,
      startedAt: toIso(room.openMeetingStartedAt),
      endedAt: toIso(now!.endedAt),
      endedBy: { id: actor.user.id, name: actor.user.name },
      attendees: content.attendees,
      agenda: items.filter((item) => item.kind === "agenda").map((item) => ({ body: item.body, done: item.done })),
      questions: items
        .filter((item) => item.kind === "question")
        .map((item) => ({ body: item.body, answered: item.done })),
      decisions: items.filter((item) => item.kind === "decision").map((item) => item.body),
      tasks: content.tasks.map(presentTask),
    };
    await tx.execute(
      sql`update meetings set ended_at = now(), ended_by = ${actor.user.id}, minutes = ${JSON.stringify(minutes)}::jsonb
          where id = ${meetingId}`,
    );
    await tx.execute(sql`delete from meeting_peers where room_id = ${room.id}`);
    const postId = room.feedGroupId ? await postMinutes(tx, actor, room.feedGroupId, minutes) : null;
    if (postId) await tx.execute(sql`update meetings set feed_post_id = ${postId} where id = ${meetingId}`);
    await notifyParticipants(tx, actor, room, minutes);
    await recordAudit(tx, { actorId: actor.user.id, entity: "meeting", entityId: meetingId, action: "end" });
    return minutes;
  });
}

/** Those who attended, and for an event everyone invited to it (whoever missed it reads what was decided). */
async function notifyParticipants(tx: Executor, actor: Actor, room: RoomRow, minutes: MeetingMinutes) {
  const invited =
    room.kind === "event"
      ? await rows<{ id: string }>(
          tx,
          sql`select user_id as id from calendar_event_attendees where event_id = ${room.subjectId}
              union select organizer_id from calendar_events where id = ${room.subjectId}`,
        )
      : [];
  const people = new Set([...minutes.attendees.map((person) => person.id), ...invited.map((person) => person.id)]);
  await notify(
    tx,
    [...people].map((userId) => ({
      userId,
      kind: "meeting_minutes",
      title: `Протокол встречи «${room.title}»`,
      body: `Присутствовали: ${minutes.attendees.length}, решений: ${minutes.decisions.length}, задач: ${minutes.tasks.length}`,
      link: `/meetings/${room.id}?minutes=${minutes.meetingId}`,
      actorId: actor.user.id,
    })),
  );
}

/** The minutes as a post to the group's feed, by whoever ended the meeting. */
async function postMinutes(tx: Executor, actor: Actor, groupId: string, minutes: MeetingMinutes): Promise<string> {
  const [zone] = await rows<{ timeZone: string }>(tx, sql`select ${companyZone} as "timeZone"`);
  const when = (iso: string) =>
    new Intl.DateTimeFormat("ru-RU", {
      dateStyle: "short",
      timeStyle: "short",
      timeZone: zone?.timeZone ?? "UTC",
    }).format(new Date(iso));
  const list = (lines: string[]) =>
    lines.length === 0 ? "<p>—</p>" : `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`;
  const html = sanitizeRichText(
    [
      `<p><strong>${escapeHtml(`Протокол встречи «${minutes.title}»`)}</strong> (${escapeHtml(when(minutes.startedAt))} – ${escapeHtml(when(minutes.endedAt))})</p>`,
      `<p>${escapeHtml(`Присутствовали: ${minutes.attendees.map((person) => person.name).join(", ") || "—"}`)}</p>`,
      "<p>Повестка:</p>",
      list(minutes.agenda.map((item) => `${item.done ? "✓" : "○"} ${item.body}`)),
      ...(minutes.questions.length > 0
        ? ["<p>Вопросы:</p>", list(minutes.questions.map((item) => `${item.answered ? "✓" : "?"} ${item.body}`))]
        : []),
      "<p>Решения:</p>",
      list(minutes.decisions),
      "<p>Задачи:</p>",
      list(
        minutes.tasks.map(
          (task) => `${task.title} — ${task.assignee.name}${task.deadline ? `, срок ${when(task.deadline)}` : ""}`,
        ),
      ),
    ].join(""),
  );
  const [post] = await rows<{ id: string }>(
    tx,
    sql`insert into feed_posts (author_id, body, body_text) values (${actor.user.id}, ${html}, ${richTextToPlain(html)})
        returning id`,
  );
  await tx.execute(
    sql`insert into feed_post_audience (post_id, subject_type, subject_id) values (${post!.id}, 'group', ${groupId})`,
  );
  await publishRealtime(tx, { type: "feed_post", postId: post!.id });
  return post!.id;
}
