import { type Coverage, figureReaders } from "./coverage-kit";
import { marker, type World } from "./world";

/** Who reads head A's «Планёрка» note on A1: those above A1 — never A1 themself (policies/meeting-notes.ts). */
const noteReaders = ["headA", "regionHead", "top", "admin"] as const;
const notesUrl = (world: World) => `/api/v1/cabinet/manager/${world.fixture.managerA1.id}/meeting-notes`;
const noteUrl = (world: World) => `${notesUrl(world)}/${world.week}`;

/** «Планёрка» in the head cabinet: A1's hanging deals, and head A's note on A1 for this week. */
export const meetingCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/cabinet/manager/{userId}/hanging-deals": { kind: "record", readers: figureReaders },
  "GET /api/v1/cabinet/manager/{userId}/meeting-notes": {
    kind: "record",
    url: (world) => `${notesUrl(world)}?week=${world.week}`,
    readers: noteReaders,
  },
  "PUT /api/v1/cabinet/manager/{userId}/meeting-notes/{week}": {
    kind: "record",
    url: noteUrl,
    // The version head A would send: read as head A (A1 may not read the note).
    body: async (world) => {
      const notes = await world.ok<{ items: { mine: boolean; version: number }[] }>(
        "headA",
        "GET",
        `${notesUrl(world)}?week=${world.week}`,
      );
      return { body: `Заметка ${marker} 2`, version: notes.items.find((note) => note.mine)!.version };
    },
    actor: "headA",
  },
  "DELETE /api/v1/cabinet/manager/{userId}/meeting-notes/{week}": { kind: "record", url: noteUrl, actor: "headA" },
};
