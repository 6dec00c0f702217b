import { PassThrough, pipeline } from "node:stream";
import { createGzip } from "node:zlib";
import { recordAudit } from "../audit/audit";
import type { BlobStore } from "../files/blob-store";
import type { ApiApp, ModuleDeps } from "../http/api-app";
import { actorOf } from "../http/guard";
import { writeBackup } from "./backup";

/** GET /api/v1/backup: the whole company as a gzip-compressed backup file, for administrators. */
export function backupRoutes(app: ApiApp, { db, store }: ModuleDeps & { store: BlobStore }) {
  app.get(
    "/api/v1/backup",
    {
      config: { permission: "backup:read" },
      schema: {
        tags: ["system"],
        description: "A consistent backup of every table (files included) as gzip-compressed JSON lines",
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await recordAudit(db, { actorId: actor.user.id, entity: "backup", entityId: "database", action: "download" });
      const body = new PassThrough();
      const gzip = createGzip();
      // A client that goes away closes the gzip stream too, which stops the backup.
      pipeline(gzip, body, () => undefined);
      // Written as it is read; a failure half-way breaks the download rather than ending it cleanly.
      writeBackup(db, gzip, { store })
        .then((written) => {
          if (written.missingBlobs > 0) {
            request.log.warn({ missingBlobs: written.missingBlobs }, "The backup lacks drive objects the store lost");
          }
          gzip.end();
        })
        .catch((error: Error) => body.destroy(error));
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header("content-type", "application/gzip")
        .header("content-disposition", `attachment; filename="planerka-${day}.backup.gz"`)
        .send(body);
    },
  );
}
