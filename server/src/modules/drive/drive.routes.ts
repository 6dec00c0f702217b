import {
  driveFolderCreateSchema,
  driveFolderSchema,
  driveFolderUpdateSchema,
  driveGrantsSchema,
  driveGrantsUpdateSchema,
  driveListingSchema,
  driveListQuerySchema,
  driveRootsSchema,
  driveSearchQuerySchema,
  driveSearchSchema,
  driveSettingsSchema,
  driveSettingsUpdateSchema,
  driveTrashSchema,
  idParamsSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import type { DriveDeps } from "./drive-deps";
import {
  createFolderOrThrow,
  folderListingOrThrow,
  presentFolderFor,
  restoreFolderOrThrow,
  trashFolderOrThrow,
  updateFolderOrThrow,
} from "./drive-folder.service";
import { folderGrantsOrThrow, replaceFolderGrantsOrThrow } from "./drive-grant.service";
import { callerOf, driveRootsOrThrow } from "./drive-root.service";
import { searchDriveOrThrow } from "./drive-search.service";
import { driveSettingsOrThrow, updateDriveSettingsOrThrow } from "./drive-settings.service";
import { trashOrThrow } from "./drive-trash.service";

/** The drive's folders, roots, search, trash, access and limits. Files and uploads have their own routes. */
export function driveRoutes(app: ApiApp, { db }: DriveDeps) {
  const tags = ["drive"];
  const read = { config: { permission: "drive:read" as const } };
  const write = { config: { permission: "drive:write" as const } };
  app.get("/api/v1/drive/roots", { ...read, schema: { tags, response: { 200: driveRootsSchema } } }, async (request) =>
    driveRootsOrThrow(db, actorOf(request)),
  );
  app.get(
    "/api/v1/drive/folders/:id",
    {
      ...read,
      schema: {
        tags,
        params: idParamsSchema,
        querystring: driveListQuerySchema,
        response: { 200: driveListingSchema },
      },
    },
    async (request) => folderListingOrThrow(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    "/api/v1/drive/folders",
    { ...write, schema: { tags, body: driveFolderCreateSchema, response: { 201: driveFolderSchema } } },
    async (request, reply) => reply.status(201).send(await createFolderOrThrow(db, actorOf(request), request.body)),
  );
  app.patch(
    "/api/v1/drive/folders/:id",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: driveFolderUpdateSchema, response: { 200: driveFolderSchema } },
    },
    async (request) => updateFolderOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/drive/folders/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await trashFolderOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/drive/folders/:id/restore",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: driveFolderSchema } } },
    async (request) => restoreFolderOrThrow(db, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/drive/folders/:id/info",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: driveFolderSchema } } },
    async (request) => presentFolderFor(db, callerOf(actorOf(request)), request.params.id),
  );
  app.get(
    "/api/v1/drive/folders/:id/grants",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: driveGrantsSchema } } },
    async (request) => folderGrantsOrThrow(db, actorOf(request), request.params.id),
  );
  app.put(
    "/api/v1/drive/folders/:id/grants",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: driveGrantsUpdateSchema, response: { 200: driveGrantsSchema } },
    },
    async (request) => replaceFolderGrantsOrThrow(db, actorOf(request), request.params.id, request.body.grants),
  );
  app.get(
    "/api/v1/drive/search",
    { ...read, schema: { tags, querystring: driveSearchQuerySchema, response: { 200: driveSearchSchema } } },
    async (request) => ({
      items: await searchDriveOrThrow(db, actorOf(request), request.query.q, request.query.limit),
    }),
  );
  app.get(
    "/api/v1/drive/trash",
    { ...read, schema: { tags, response: { 200: driveTrashSchema } } },
    async (request) => ({ items: await trashOrThrow(db, actorOf(request)) }),
  );
  app.get(
    "/api/v1/drive/settings",
    { config: { permission: "drive:configure" }, schema: { tags, response: { 200: driveSettingsSchema } } },
    async () => driveSettingsOrThrow(db),
  );
  app.put(
    "/api/v1/drive/settings",
    {
      config: { permission: "drive:configure" },
      schema: { tags, body: driveSettingsUpdateSchema, response: { 200: driveSettingsSchema } },
    },
    async (request) => updateDriveSettingsOrThrow(db, actorOf(request), request.body),
  );
}
