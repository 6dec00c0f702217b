import { type Coverage, eventReaders, missingId } from "./coverage-kit";
import { marker, type World } from "./world";

const roomUrl = (world: World) => `/api/v1/meeting-rooms/${world.ids.meetingRoom}`;
const itemUrl = (world: World) => `${roomUrl(world)}/items/${world.ids.meetingItem}`;

/**
 * Online meeting rooms: the room of A1's meeting (head A invited), with an agenda item of the
 * meeting going on. Who may be in it is who sees the event in full (`eventReaders`); «Завершить
 * встречу» runs after the other writes, as it closes the meeting they act on.
 */
export const meetingRoomCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/meeting-rooms": {
    kind: "record",
    url: (world) => `/api/v1/meeting-rooms?eventId=${world.ids.event}`,
    readers: eventReaders,
  },
  "POST /api/v1/meeting-rooms": {
    kind: "reference",
    cases: [
      { body: (world) => ({ eventId: world.ids.event }), missing: () => ({ eventId: missingId }) },
      { body: (world) => ({ groupId: world.ids.group }), missing: () => ({ groupId: missingId }) },
    ],
  },
  "GET /api/v1/meeting-rooms/{id}": { kind: "record", url: roomUrl, readers: eventReaders },
  "POST /api/v1/meeting-rooms/{id}/items": {
    kind: "record",
    url: (world) => `${roomUrl(world)}/items`,
    body: () => ({ kind: "decision", body: `Решение ${marker}` }),
  },
  "PATCH /api/v1/meeting-rooms/{id}/items/{itemId}": { kind: "record", url: itemUrl, body: () => ({ done: true }) },
  "DELETE /api/v1/meeting-rooms/{id}/items/{itemId}": { kind: "record", url: itemUrl },
  "POST /api/v1/meeting-rooms/{id}/messages": {
    kind: "record",
    url: (world) => `${roomUrl(world)}/messages`,
    body: () => ({ body: `Сообщение ${marker}` }),
  },
  "POST /api/v1/meeting-rooms/{id}/tasks": {
    kind: "record",
    url: (world) => `${roomUrl(world)}/tasks`,
    body: (world) => ({ title: `Задача ${marker}`, assigneeId: world.fixture.managerA1.id }),
  },
  // After the item's delete (deletes run at 1,000 minus their path's length: 959) and before the
  // event's own (981), which takes the room with it.
  "POST /api/v1/meeting-rooms/{id}/end": { kind: "record", url: (world) => `${roomUrl(world)}/end`, phase: 970 },
};
