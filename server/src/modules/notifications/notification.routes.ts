import {
  directMessageWriteSchema,
  idSchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationReadSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { listNotifications, markNotificationsRead, sendDirectMessageOrThrow } from "./notification.service";

/** The notification centre: what was addressed to the caller (assignments, mentions, approvals…). */
export function notificationRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.get(
    "/api/v1/notifications",
    {
      config: { permission: "notifications" },
      schema: {
        tags: ["notifications"],
        querystring: notificationListQuerySchema,
        response: { 200: notificationPageSchema },
      },
    },
    async (request) => listNotifications(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/notifications/read",
    {
      config: { permission: "notifications" },
      schema: {
        tags: ["notifications"],
        description: "Marks the listed notifications read, or all of them when `ids` is absent",
        body: notificationReadSchema,
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (request) => markNotificationsRead(db, actorOf(request), request.body.ids),
  );
  app.post(
    "/api/v1/notifications/messages",
    {
      config: { permission: "notifications" },
      schema: {
        tags: ["notifications"],
        description: "«Написать»: a message to a colleague, delivered to their notifications",
        body: directMessageWriteSchema,
        response: { 201: z.object({ id: idSchema }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sendDirectMessageOrThrow(db, actorOf(request), request.body)),
  );
}
