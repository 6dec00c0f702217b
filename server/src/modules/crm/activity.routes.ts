import {
  activityCompleteSchema,
  activityCopyDayResultSchema,
  activityCopyDaySchema,
  activityListQuerySchema,
  activityPatchSchema,
  activitySchema,
  activityWriteSchema,
  idParamsSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { activitySpec, presentActivity } from "./activity.resource";
import { completeActivityOrThrow, createActivityOrThrow, updateActivityOrThrow } from "./activity.service";
import { copyActivityDayOrThrow } from "./activity-copy.service";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";

export function activityRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const _read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };

  registerCrmCollectionRoutes(app, deps, {
    path: "/api/v1/activities",
    spec: activitySpec,
    tag: "crm",
    listQuery: activityListQuerySchema,
    item: activitySchema,
    present: presentActivity,
    readPermission: "crm:read",
    writePermission: "crm:write",
  });

  app.post(
    "/api/v1/activities",
    { ...write, schema: { tags: ["crm"], body: activityWriteSchema, response: { 201: activitySchema } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentActivity(await createActivityOrThrow(db, actorOf(request), request.body), actorOf(request).scope)),
  );

  app.post(
    "/api/v1/activities/copy-day",
    {
      ...write,
      schema: {
        tags: ["crm"],
        description: "One day's activities planned again on another day, in one transaction",
        body: activityCopyDaySchema,
        response: { 201: activityCopyDayResultSchema },
      },
    },
    async (request, reply) => {
      const { items, total } = await copyActivityDayOrThrow(db, actorOf(request), request.body);
      return reply.status(201).send({ items: items.map((row) => presentActivity(row, actorOf(request).scope)), total });
    },
  );

  app.patch(
    "/api/v1/activities/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: activityPatchSchema, response: { 200: activitySchema } },
    },
    async (request) =>
      presentActivity(
        await updateActivityOrThrow(db, actorOf(request), request.params.id, request.body),
        actorOf(request).scope,
      ),
  );

  app.post(
    "/api/v1/activities/:id/complete",
    {
      ...write,
      schema: {
        tags: ["crm"],
        params: idParamsSchema,
        body: activityCompleteSchema,
        response: { 200: activitySchema },
      },
    },
    async (request) =>
      presentActivity(
        await completeActivityOrThrow(db, actorOf(request), request.params.id, request.body),
        actorOf(request).scope,
      ),
  );
}
