import {
  idSchema,
  workdayActionSchema,
  workdayReportQuerySchema,
  workdayReportSchema,
  workdayStatusSchema,
  workdayTeamSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { changeWorkdayOrThrow, workdayStatus, workdayTeamOrThrow } from "./workday.service";
import { workdayReportOrThrow } from "./workday-report.service";

/** The working day: one's own start, pause, resume and finish; heads see their people's. */
export function workdayRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "workday:read" as const } };
  const tags = ["workday"];

  app.get("/api/v1/workday", { ...read, schema: { tags, response: { 200: workdayStatusSchema } } }, async (request) =>
    workdayStatus(db, actorOf(request)),
  );
  app.post(
    "/api/v1/workday",
    {
      config: { permission: "workday:write" },
      schema: { tags, body: workdayActionSchema, response: { 200: workdayStatusSchema } },
    },
    async (request) => changeWorkdayOrThrow(db, actorOf(request), request.body.action),
  );
  app.get(
    "/api/v1/workday/team",
    {
      ...read,
      schema: { tags, querystring: z.object({ unitId: idSchema.optional() }), response: { 200: workdayTeamSchema } },
    },
    async (request) => workdayTeamOrThrow(db, actorOf(request), request.query.unitId),
  );
  app.get(
    "/api/v1/workday/report",
    { ...read, schema: { tags, querystring: workdayReportQuerySchema, response: { 200: workdayReportSchema } } },
    async (request) => workdayReportOrThrow(db, actorOf(request), request.query),
  );
}
