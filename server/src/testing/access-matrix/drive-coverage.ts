import { type Coverage, crmReaders, naming } from "./coverage-kit";
import { marker } from "./world";

/** A1's «Мой диск» is theirs alone: heads and admins above them are outsiders too. */
const owner = ["managerA1"] as const;
const afterDeletes = 2_000;

const chunk = () => ({ raw: Buffer.from(`${marker}-x`), contentType: "application/octet-stream" });

/** The drive: A1's folder, file and uploads in their personal drive. */
export const driveCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/drive/roots": { kind: "listing" },
  "GET /api/v1/drive/search": {
    kind: "listing",
    url: () => `/api/v1/drive/search?q=${encodeURIComponent(marker)}`,
    readers: owner,
  },
  "GET /api/v1/drive/trash": { kind: "listing" },
  "GET /api/v1/drive/settings": { kind: "admin" },
  "PUT /api/v1/drive/settings": { kind: "admin" },
  "POST /api/v1/drive/folders": {
    kind: "reference",
    cases: [
      naming(
        () => ({ name: "Чужая папка" }),
        "parentId",
        (world) => world.ids.driveFolder,
      ),
    ],
  },
  "GET /api/v1/drive/folders/{id}": { kind: "record", readers: owner },
  "GET /api/v1/drive/folders/{id}/info": { kind: "record", readers: owner },
  "PATCH /api/v1/drive/folders/{id}": {
    kind: "record",
    body: async (world) => ({
      name: `Папка ${marker} 2`,
      version: await world.version(`/api/v1/drive/folders/${world.ids.driveFolder}/info`),
    }),
  },
  "DELETE /api/v1/drive/folders/{id}": { kind: "record" },
  "POST /api/v1/drive/folders/{id}/restore": { kind: "record", phase: afterDeletes },
  "GET /api/v1/drive/folders/{id}/grants": { kind: "record", readers: owner },
  "PUT /api/v1/drive/folders/{id}/grants": { kind: "record", body: () => ({ grants: [] }) },
  "GET /api/v1/drive/files/{id}": { kind: "record", readers: owner },
  "PATCH /api/v1/drive/files/{id}": {
    kind: "record",
    body: async (world) => ({
      name: `договор-${marker}-2.txt`,
      version: await world.version(`/api/v1/drive/files/${world.ids.driveFile}`),
    }),
  },
  "DELETE /api/v1/drive/files/{id}": { kind: "record" },
  "POST /api/v1/drive/files/{id}/restore": { kind: "record", phase: afterDeletes },
  "POST /api/v1/drive/files/{id}/lock": { kind: "record" },
  "DELETE /api/v1/drive/files/{id}/lock": { kind: "record" },
  "GET /api/v1/drive/files/{id}/versions": { kind: "record", readers: owner },
  "POST /api/v1/drive/files/{id}/versions/{number}/restore": { kind: "record" },
  "GET /api/v1/drive/files/{id}/content": { kind: "record", readers: owner },
  "GET /api/v1/drive/files/{id}/thumbnail": { kind: "record", readers: owner },
  "GET /api/v1/drive/files/{id}/text": { kind: "record", readers: owner },
  "POST /api/v1/drive/uploads": {
    kind: "reference",
    cases: [
      naming(
        () => ({ name: "чужой.txt", size: 3 }),
        "folderId",
        (world) => world.ids.driveFolder,
      ),
    ],
  },
  "GET /api/v1/drive/uploads/{id}": { kind: "record", readers: owner },
  "DELETE /api/v1/drive/uploads/{id}": { kind: "record" },
  "POST /api/v1/drive/links": {
    kind: "reference",
    cases: [
      naming(
        () => ({ expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }),
        "fileId",
        (world) => world.ids.driveFile,
      ),
    ],
  },
  "GET /api/v1/drive/links": {
    kind: "record",
    url: (world) => `/api/v1/drive/links?fileId=${world.ids.driveSharedFile}`,
    readers: owner,
  },
  "DELETE /api/v1/drive/links/{id}": { kind: "record" },
  "GET /api/v1/drive/links/{id}/downloads": { kind: "record", readers: owner },
  // A1's file on A1's deal: whoever reads the deal reads the file there.
  "GET /api/v1/drive/attachments": {
    kind: "record",
    url: (world) => `/api/v1/drive/attachments?entityType=deal&entityId=${world.ids.deal}`,
    readers: crmReaders,
  },
  "GET /api/v1/drive/attachments/{entityType}/{entityId}/{fileId}/content": {
    kind: "record",
    url: (world) => `/api/v1/drive/attachments/deal/${world.ids.deal}/${world.ids.driveFile}/content`,
    readers: crmReaders,
  },
  "DELETE /api/v1/drive/attachments/{entityType}/{entityId}/{fileId}": {
    kind: "record",
    url: (world) => `/api/v1/drive/attachments/deal/${world.ids.deal}/${world.ids.driveFile}`,
  },
  "POST /api/v1/drive/attachments": {
    kind: "reference",
    cases: [
      naming(
        (world) => ({ entityType: "deal", entityId: world.ids.deal }),
        "fileId",
        (world) => world.ids.driveFile,
      ),
    ],
  },
  "PUT /api/v1/drive/uploads/{id}/chunks/{index}": {
    kind: "record",
    url: (world) => `/api/v1/drive/uploads/${world.ids.driveChunkUpload}/chunks/0`,
    body: chunk,
  },
};
