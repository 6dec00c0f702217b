import {
  groupDetailSchema,
  groupListQuerySchema,
  groupMemberParamsSchema,
  groupMemberPatchSchema,
  groupMemberWriteSchema,
  groupPageSchema,
  groupPatchSchema,
  groupWriteSchema,
  idParamsSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  createGroupOrThrow,
  groupDetailOrThrow,
  listGroups,
  setGroupArchivedOrThrow,
  updateGroupOrThrow,
} from "./group.service";
import {
  addGroupMemberOrThrow,
  changeGroupMemberRoleOrThrow,
  joinGroupOrThrow,
  removeGroupMemberOrThrow,
} from "./group-member.service";

/**
 * Groups and projects: the list, the page, its members, joining and leaving, archiving. A closed
 * group is 404 on every route for anyone but its members and admins.
 */
export function groupRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "groups:read" as const } };
  const write = { config: { permission: "groups:write" as const } };
  const tags = ["groups"];

  app.get(
    "/api/v1/groups",
    { ...read, schema: { tags, querystring: groupListQuerySchema, response: { 200: groupPageSchema } } },
    async (request) => listGroups(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/groups",
    {
      ...write,
      schema: {
        tags,
        description: "The creator becomes the owner; the group's chat is created with the same people",
        body: groupWriteSchema,
        response: { 201: groupDetailSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createGroupOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/groups/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: groupDetailSchema } } },
    async (request) => groupDetailOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/groups/:id",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: groupPatchSchema, response: { 200: groupDetailSchema } },
    },
    async (request) => updateGroupOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/groups/:id/archive",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: groupDetailSchema } } },
    async (request) => setGroupArchivedOrThrow(db, actorOf(request), request.params.id, true),
  );
  app.post(
    "/api/v1/groups/:id/restore",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: groupDetailSchema } } },
    async (request) => setGroupArchivedOrThrow(db, actorOf(request), request.params.id, false),
  );
  app.post(
    "/api/v1/groups/:id/join",
    {
      ...write,
      schema: {
        tags,
        description: "Joins an open group (and its chat)",
        params: idParamsSchema,
        response: { 200: groupDetailSchema },
      },
    },
    async (request) => joinGroupOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    "/api/v1/groups/:id/members",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: groupMemberWriteSchema, response: { 200: groupDetailSchema } },
    },
    async (request) => addGroupMemberOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.patch(
    "/api/v1/groups/:id/members/:userId",
    {
      ...write,
      schema: {
        tags,
        params: groupMemberParamsSchema,
        body: groupMemberPatchSchema,
        response: { 200: groupDetailSchema },
      },
    },
    async (request) =>
      changeGroupMemberRoleOrThrow(db, actorOf(request), request.params.id, request.params.userId, request.body.role),
  );
  app.delete(
    "/api/v1/groups/:id/members/:userId",
    {
      ...write,
      schema: {
        tags,
        description: "Owners and moderators remove a member; anyone removes themselves (leaves)",
        params: groupMemberParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeGroupMemberOrThrow(db, actorOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );
}
