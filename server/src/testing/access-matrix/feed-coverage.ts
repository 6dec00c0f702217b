import { type Coverage, feedReaders, missingId } from "./coverage-kit";
import { marker, type World } from "./world";

const postUrl = (world: World) => `/api/v1/feed/${world.ids.feedPost}`;

/**
 * The feed: A1's important post to their closed group, with a drive file, a poll and a comment; and
 * the post announcing A1's won deal to department A, where the fellow manager reads the post but
 * not the deal (the listings' check: no title, no id of it).
 */
export const feedCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/feed": [
    { kind: "listing", readers: feedReaders },
    { kind: "listing", url: () => `/api/v1/feed?q=${encodeURIComponent(marker)}`, readers: feedReaders },
    { kind: "listing", url: (world) => `/api/v1/feed?groupId=${world.ids.group}`, readers: feedReaders },
  ],
  "POST /api/v1/feed": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({ body: "Чужая группа", audience: { groupIds: [world.ids.group] } }),
        missing: () => ({ body: "Чужая группа", audience: { groupIds: [missingId] } }),
      },
      {
        body: (world) => ({
          body: "Чужой файл",
          audience: { userIds: [world.fixture.managerA1.id] },
          driveFileIds: [world.ids.driveFile],
        }),
        missing: (world) => ({
          body: "Чужой файл",
          audience: { userIds: [world.fixture.managerA1.id] },
          driveFileIds: [missingId],
        }),
      },
    ],
  },
  "GET /api/v1/feed/{id}": { kind: "record", readers: feedReaders },
  "PATCH /api/v1/feed/{id}": {
    kind: "record",
    body: async (world) => ({ body: `<p>Объявление ${marker} 2</p>`, version: await world.version(postUrl(world)) }),
  },
  "DELETE /api/v1/feed/{id}": { kind: "record" },
  "POST /api/v1/feed/{id}/read": { kind: "record" },
  "GET /api/v1/feed/{id}/readers": { kind: "record", readers: feedReaders },
  "POST /api/v1/feed/{id}/reactions": { kind: "record", body: () => ({ emoji: "👍" }) },
  "PUT /api/v1/feed/{id}/poll/votes": { kind: "record", body: (world) => ({ optionIds: [world.ids.feedPollOption] }) },
  "GET /api/v1/feed/{id}/comments": { kind: "record", readers: feedReaders },
  "POST /api/v1/feed/{id}/comments": { kind: "record", body: () => ({ body: `Ответ ${marker}` }) },
  "DELETE /api/v1/feed/comments/{id}": { kind: "record" },
  "GET /api/v1/feed/{id}/files/{fileId}": { kind: "record", readers: feedReaders },
};
