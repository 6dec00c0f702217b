import {
  weekCommentListSchema,
  weekCommentParamsSchema,
  weekCommentQuerySchema,
  weekCommentSchema,
  weekCommentWriteSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { addWeekCommentOrThrow, listWeekCommentsOrThrow } from "./week-comment.service";

/** The head's comments on a subordinate's plan for a week (the «Личные планы» tab). */
export function weekCommentRoutes(app: ApiApp, { db }: ModuleDeps) {
  const path = "/api/v1/cabinet/manager/:userId/week-comments";
  app.get(
    path,
    {
      config: { permission: "plans:read" },
      schema: {
        tags: ["cabinet"],
        params: weekCommentParamsSchema,
        querystring: weekCommentQuerySchema,
        response: { 200: weekCommentListSchema },
      },
    },
    async (request) => listWeekCommentsOrThrow(db, actorOf(request), request.params.userId, request.query.week),
  );
  app.post(
    path,
    {
      config: { permission: "plans:write" },
      schema: {
        tags: ["cabinet"],
        params: weekCommentParamsSchema,
        body: weekCommentWriteSchema,
        response: { 201: weekCommentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addWeekCommentOrThrow(db, actorOf(request), request.params.userId, request.body)),
  );
}
