import {
  idParamsSchema,
  pageSchema,
  userListQuerySchema,
  userPatchSchema,
  userSchema,
  userWriteSchema,
} from "@planerka/common";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { userPhotos } from "../../platform/db/schema";
import { invalid, notFound } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { subtreeUnitIds } from "./unit.queries";
import { presentUser } from "./user.presenter";
import { findUser, listUsers } from "./user.queries";
import { createUserOrThrow, photoMimeTypes, setUserPhotoOrThrow, updateUserOrThrow } from "./user.service";

const photoLimitBytes = 2 * 1024 * 1024;

export function userRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.addContentTypeParser(
    [...photoMimeTypes],
    { parseAs: "buffer", bodyLimit: photoLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.get(
    "/api/v1/users",
    {
      config: { permission: "org:read" },
      schema: { tags: ["org"], querystring: userListQuerySchema, response: { 200: pageSchema(userSchema) } },
    },
    async (request) => {
      const { unitId, active, ...query } = request.query;
      const unitIds = unitId ? await subtreeUnitIds(db, unitId) : undefined;
      const page = await listUsers(db, {
        ...query,
        unitIds,
        active: active === undefined ? undefined : active === "true",
      });
      return { items: page.items.map((row) => presentUser(row, actorOf(request))), total: page.total };
    },
  );

  app.get(
    "/api/v1/users/:id",
    {
      config: { permission: "org:read" },
      schema: { tags: ["org"], params: idParamsSchema, response: { 200: userSchema } },
    },
    async (request) => {
      const user = await findUser(db, request.params.id);
      if (!user) throw notFound();
      return presentUser(user, actorOf(request));
    },
  );

  app.post(
    "/api/v1/users",
    {
      config: { permission: "users:manage" },
      schema: { tags: ["org"], body: userWriteSchema, response: { 201: userSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentUser(await createUserOrThrow(db, actorOf(request), request.body), actorOf(request))),
  );

  app.patch(
    "/api/v1/users/:id",
    {
      config: { permission: "users:manage" },
      schema: { tags: ["org"], params: idParamsSchema, body: userPatchSchema, response: { 200: userSchema } },
    },
    async (request) =>
      presentUser(await updateUserOrThrow(db, actorOf(request), request.params.id, request.body), actorOf(request)),
  );

  app.get(
    "/api/v1/users/:id/photo",
    { config: { permission: "org:read" }, schema: { tags: ["org"], params: idParamsSchema } },
    async (request, reply) => {
      const [photo] = await db.select().from(userPhotos).where(eq(userPhotos.userId, request.params.id));
      if (!photo) throw notFound();
      return reply
        .type(photo.mimeType)
        .header("cache-control", "private, max-age=60")
        .header("x-content-type-options", "nosniff")
        .send(photo.data);
    },
  );

  app.put(
    "/api/v1/users/:id/photo",
    {
      config: { permission: "profile:write" },
      bodyLimit: photoLimitBytes,
      schema: { tags: ["org"], params: idParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const mimeType = (request.headers["content-type"] ?? "").split(";")[0]!.trim();
      if (!(photoMimeTypes as readonly string[]).includes(mimeType) || !Buffer.isBuffer(request.body)) {
        throw invalid("body", "Send a PNG, JPEG or WebP image of at most 2 MB");
      }
      await setUserPhotoOrThrow(db, actorOf(request), request.params.id, mimeType, request.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/api/v1/users/:id/photo",
    {
      config: { permission: "profile:write" },
      schema: { tags: ["org"], params: idParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await setUserPhotoOrThrow(db, actorOf(request), request.params.id, "", null);
      return reply.status(204).send(null);
    },
  );
}
