import type { MeetingItem, MeetingMinutes, MeetingRoom, MeetingRoomLookup, MeetingTask } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import {
  createMeetingSubjects,
  type Fixture,
  joinRoom,
  listenForSockets,
  meetingSnapshot,
  ok,
  send,
} from "./meeting-test-kit";

const people = [
  "admin-user",
  "top-user",
  "region-head",
  "head-a",
  "head-b",
  "manager-a1",
  "manager-a2",
  "manager-b1",
] as const;

describe("online meeting rooms", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let admin: Client;
  let top: Client;
  let regionHead: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let eventId: string;
  let groupId: string;
  let connect: Awaited<ReturnType<typeof listenForSockets>>;

  const open = (client: Client, body: Record<string, unknown>) =>
    ok<{ id: string }>(client.request("POST", "/api/v1/meeting-rooms", body));
  const state = (client: Client, roomId: string) =>
    ok<MeetingRoom>(client.request("GET", `/api/v1/meeting-rooms/${roomId}`));

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, top, regionHead, headA, headB, managerA1, managerA2, managerB1] = await loginEach(context.app, people);
    ({ eventId, groupId } = await createMeetingSubjects(managerA1, fixture));
    connect = await listenForSockets(context.app);
  });

  /** Every route of a room, with a valid body, for someone who may not be in it. */
  const everyRoute = (roomId: string, itemId: string, subject: Record<string, string>) =>
    [
      ["GET", `/api/v1/meeting-rooms?${new URLSearchParams(subject)}`, undefined],
      ["POST", "/api/v1/meeting-rooms", subject],
      ["GET", `/api/v1/meeting-rooms/${roomId}`, undefined],
      ["POST", `/api/v1/meeting-rooms/${roomId}/items`, { kind: "agenda", body: "Чужой пункт" }],
      ["PATCH", `/api/v1/meeting-rooms/${roomId}/items/${itemId}`, { done: true }],
      ["DELETE", `/api/v1/meeting-rooms/${roomId}/items/${itemId}`, undefined],
      ["POST", `/api/v1/meeting-rooms/${roomId}/messages`, { body: "Чужое сообщение" }],
      ["POST", `/api/v1/meeting-rooms/${roomId}/tasks`, { title: "Чужая задача", assigneeId: fixture.managerA2.id }],
      ["POST", `/api/v1/meeting-rooms/${roomId}/end`, undefined],
    ] as const;

  it("lets into an event's room whoever sees the event in full, and answers 404 to everyone else on every route", async () => {
    const room = await open(managerA1, { eventId });
    expect(room).toMatchObject({ kind: "event", subjectId: eventId, title: "Планёрка отдела" });
    // Opening again finds the same room, for anyone who may be in it.
    expect((await open(headA, { eventId })).id).toBe(room.id);
    const item = await ok<MeetingItem>(
      managerA1.request("POST", `/api/v1/meeting-rooms/${room.id}/items`, { kind: "agenda", body: "Итоги недели" }),
      201,
    );
    for (const reader of [managerA1, headA, regionHead, top, admin]) {
      expect((await state(reader, room.id)).meeting!.items.map((entry) => entry.body)).toEqual(["Итоги недели"]);
    }
    const before = await meetingSnapshot(context.handle.db);
    for (const outsider of [managerA2, headB, managerB1]) {
      for (const [method, url, body] of everyRoute(room.id, item.id, { eventId })) {
        const answer = await outsider.request(method, url, body);
        expect(answer.statusCode, `${method} ${url}: ${answer.body}`).toBe(404);
        expect(answer.body).not.toContain("Планёрка отдела");
      }
    }
    expect(await meetingSnapshot(context.handle.db)).toEqual(before);
  });

  it("lets into a group's room its members only: not the administrator outside it", async () => {
    const room = await open(managerA1, { groupId });
    expect(room).toMatchObject({ kind: "group", subjectId: groupId, title: "Проект «Восток»" });
    await state(headA, room.id);
    const item = await ok<MeetingItem>(
      headA.request("POST", `/api/v1/meeting-rooms/${room.id}/items`, { kind: "question", body: "Кто едет?" }),
      201,
    );
    const before = await meetingSnapshot(context.handle.db);
    for (const outsider of [admin, top, regionHead, managerA2, headB, managerB1]) {
      for (const [method, url, body] of everyRoute(room.id, item.id, { groupId })) {
        const answer = await outsider.request(method, url, body);
        expect(answer.statusCode, `${method} ${url}: ${answer.body}`).toBe(404);
      }
    }
    expect(await meetingSnapshot(context.handle.db)).toEqual(before);
  });

  it("ends the meeting with minutes of who attended, the agenda as ticked, questions, decisions and tasks", async () => {
    const room = await open(managerA1, { eventId });
    const base = `/api/v1/meeting-rooms/${room.id}`;
    // Who attended is who joined with camera and microphone (over the socket).
    const a1Socket = await connect(managerA1);
    const headSocket = await connect(headA);
    const a1Peer = await joinRoom(a1Socket, room.id);
    await joinRoom(headSocket, room.id);

    const first = (await state(managerA1, room.id)).meeting!.items[0]!;
    const second = await ok<MeetingItem>(
      headA.request("POST", `${base}/items`, { kind: "agenda", body: "План на неделю" }),
      201,
    );
    const ticked = await ok<MeetingItem>(headA.request("PATCH", `${base}/items/${first.id}`, { done: true }));
    expect(ticked).toMatchObject({ done: true, doneBy: { id: fixture.headA.id } });
    const question = await ok<MeetingItem>(
      managerA1.request("POST", `${base}/items`, { kind: "question", body: "Когда отгрузка?" }),
      201,
    );
    await ok(headA.request("PATCH", `${base}/items/${question.id}`, { done: true }));
    await ok(managerA1.request("POST", `${base}/items`, { kind: "decision", body: "Отгрузка в пятницу" }), 201);
    // A line written by mistake: removed by its author; someone else's line only by the chair.
    const typo = await ok<MeetingItem>(
      headA.request("POST", `${base}/items`, { kind: "decision", body: "опечатка" }),
      201,
    );
    await ok(managerA2.request("DELETE", `${base}/items/${typo.id}`), 404);
    await ok(headA.request("DELETE", `${base}/items/${typo.id}`), 204);
    const message = await ok<{ body: string }>(
      headA.request("POST", `${base}/messages`, { body: "Покажу таблицу" }),
      201,
    );
    expect(message.body).toBe("Покажу таблицу");
    const deadline = "2031-03-14T12:00:00.000Z";
    const task = await ok<MeetingTask>(
      managerA1.request("POST", `${base}/tasks`, { title: "Подготовить КП", assigneeId: fixture.headA.id, deadline }),
      201,
    );
    expect(task).toMatchObject({ title: "Подготовить КП", assignee: { id: fixture.headA.id }, deadline });
    // The tasks service made it: the assignee has it, with the deadline, and was notified.
    const made = await ok<{ assignee: { id: string }; deadline: string; creator: { id: string } }>(
      headA.request("GET", `/api/v1/tasks/${task.id}`),
    );
    expect(made).toMatchObject({ assignee: { id: fixture.headA.id }, deadline, creator: { id: fixture.managerA1.id } });

    const live = await state(headA, room.id);
    expect(live.meeting!.attendees.map((person) => person.id).sort()).toEqual(
      [fixture.managerA1.id, fixture.headA.id].sort(),
    );
    expect(live.meeting!.messages.map((entry) => entry.body)).toEqual(["Покажу таблицу"]);
    expect(live.peers).toHaveLength(2);
    expect(live.abilities.end).toBe(false);

    // Only the organizer ends an event's meeting; the head invited to it may not.
    await ok(headA.request("POST", `${base}/end`), 403);
    const minutes = await ok<MeetingMinutes>(managerA1.request("POST", `${base}/end`));
    expect(minutes).toMatchObject({
      roomId: room.id,
      title: "Планёрка отдела",
      endedBy: { id: fixture.managerA1.id },
      agenda: [
        { body: "Итоги недели", done: true },
        { body: second.body, done: false },
      ],
      questions: [{ body: "Когда отгрузка?", answered: true }],
      decisions: ["Отгрузка в пятницу"],
      tasks: [{ id: task.id, title: "Подготовить КП", assignee: { id: fixture.headA.id }, deadline }],
    });
    expect(minutes.attendees.map((person) => person.id).sort()).toEqual(
      [fixture.managerA1.id, fixture.headA.id].sort(),
    );
    expect(Date.parse(minutes.endedAt)).toBeGreaterThanOrEqual(Date.parse(minutes.startedAt));

    // The minutes stay on the event; the room is empty and ready for the next meeting.
    const lookup = await ok<MeetingRoomLookup>(headA.request("GET", `/api/v1/meeting-rooms?eventId=${eventId}`));
    expect(lookup.room).toMatchObject({ id: room.id, peerCount: 0 });
    expect(lookup.minutes[0]).toEqual(minutes);
    const after = await state(regionHead, room.id);
    expect(after.meeting).toBeNull();
    expect(after.peers).toEqual([]);
    expect(after.minutes[0]).toEqual(minutes);
    // The head was notified (the organizer who ended it is not).
    const notices = await rows<{ userId: string; link: string }>(
      context.handle.db,
      sql`select user_id as "userId", link from notifications where kind = 'meeting_minutes'`,
    );
    expect(notices).toEqual([{ userId: fixture.headA.id, link: `/meetings/${room.id}?minutes=${minutes.meetingId}` }]);
    // Nothing is going on any more: ending again is a conflict, a tick on the old agenda is 404.
    await ok(managerA1.request("POST", `${base}/end`), 409);
    await ok(headA.request("PATCH", `${base}/items/${second.id}`, { done: true }), 404);
    // Everyone was let go: a tab still signalling as its old peer is refused.
    send(headSocket, {
      type: "meeting_signal",
      roomId: room.id,
      toPeerId: a1Peer,
      signal: { kind: "candidate", candidate: { candidate: "" } },
    });
    expect((await headSocket.next("meeting_refused")).reason).toBe("not_found");
    a1Socket.socket.close();
    headSocket.socket.close();
  });

  it("posts a group's minutes to the group's feed, seen by its members only", async () => {
    const room = await open(headA, { groupId });
    const base = `/api/v1/meeting-rooms/${room.id}`;
    await ok(managerA1.request("POST", `${base}/items`, { kind: "decision", body: "Запускаем рассылку" }), 201);
    const task = await ok<MeetingTask>(
      headA.request("POST", `${base}/tasks`, { title: "Собрать базу", assigneeId: fixture.managerA1.id }),
      201,
    );
    // A group's task goes into the group.
    const made = await ok<{ group: { id: string } | null }>(managerA1.request("GET", `/api/v1/tasks/${task.id}`));
    expect(made.group?.id).toBe(groupId);
    // A member who is not an owner or moderator does not end it; the owner does.
    await ok(headA.request("POST", `${base}/end`), 403);
    const minutes = await ok<MeetingMinutes>(managerA1.request("POST", `${base}/end`));
    expect(minutes.decisions).toEqual(["Запускаем рассылку"]);
    expect(minutes.questions).toEqual([{ body: "Кто едет?", answered: false }]);
    const feed = await ok<{ items: { body: string }[] }>(headA.request("GET", `/api/v1/feed?groupId=${groupId}`));
    const post = feed.items.find((item) => item.body.includes("Протокол встречи"));
    expect(post?.body).toContain("Запускаем рассылку");
    expect(post?.body).toContain("Собрать базу");
    for (const outsider of [admin, managerA2]) {
      const theirs = await ok<{ items: { body: string }[] }>(outsider.request("GET", "/api/v1/feed?limit=50"));
      expect(theirs.items.some((item) => item.body.includes("Запускаем рассылку"))).toBe(false);
    }
  });

  it("refuses bad input naming the field, and changes nothing", async () => {
    const room = await open(managerA1, { eventId });
    const base = `/api/v1/meeting-rooms/${room.id}`;
    const before = await meetingSnapshot(context.handle.db);
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/v1/meeting-rooms", {}, "eventId"],
      ["POST", "/api/v1/meeting-rooms", { eventId, groupId }, "eventId"],
      ["POST", "/api/v1/meeting-rooms", { eventId: "not-an-id" }, "eventId"],
      ["GET", "/api/v1/meeting-rooms", undefined, "eventId"],
      ["POST", `${base}/items`, { kind: "memo", body: "x" }, "kind"],
      ["POST", `${base}/items`, { kind: "agenda", body: "   " }, "body"],
      ["POST", `${base}/items`, { kind: "agenda", body: "x".repeat(1001) }, "body"],
      ["POST", `${base}/items`, { kind: "agenda", body: "x", extra: 1 }, ""],
      ["POST", `${base}/messages`, { body: "" }, "body"],
      ["POST", `${base}/messages`, { body: "x".repeat(4001) }, "body"],
      ["POST", `${base}/tasks`, { title: "Без исполнителя" }, "assigneeId"],
      ["POST", `${base}/tasks`, { title: "", assigneeId: fixture.headA.id }, "title"],
      ["POST", `${base}/tasks`, { title: "Срок", assigneeId: fixture.headA.id, deadline: "завтра" }, "deadline"],
      ["PATCH", `${base}/items/${room.id}`, { done: "yes" }, "done"],
    ];
    for (const [method, url, body, field] of cases) {
      const answer = await managerA1.request(method as "POST", url, body);
      expect(answer.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${answer.body}`).toBe(400);
      expect(answer.headers["content-type"]).toContain("application/problem+json");
      const paths: string[] = answer.json().errors.map((error: { path: string }) => error.path);
      if (field)
        expect(
          paths.some((path) => path.split(".").at(-1) === field),
          paths.join(),
        ).toBe(true);
    }
    // Someone who does not exist cannot be given a task; an item that is not there is 404.
    const nobody = await managerA1.request("POST", `${base}/tasks`, {
      title: "Никому",
      assigneeId: "00000000-0000-4000-8000-000000000000",
    });
    expect(nobody.statusCode).toBeGreaterThanOrEqual(400);
    expect(nobody.statusCode).toBeLessThan(500);
    expect(nobody.json().errors[0].path).toMatch(/assigneeId$/);
    await ok(managerA1.request("PATCH", `${base}/items/${room.id}`, { done: true }), 404);
    await ok(managerA1.request("GET", "/api/v1/meeting-rooms/00000000-0000-4000-8000-000000000000"), 404);
    await ok(managerA1.request("POST", "/api/v1/meeting-rooms", { eventId: room.id }), 404);
    expect(await meetingSnapshot(context.handle.db)).toEqual(before);
  });
});
