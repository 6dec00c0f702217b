import { idParamsSchema, managerStartSchema, regionsStartSchema, teamStartSchema } from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { managerStartOrThrow } from "./manager-start.service";
import { regionsStartOrThrow, teamStartOrThrow } from "./team-start.service";

/**
 * The start pages by role («Главная»), one read per view. They read the cabinets' figures, so they
 * take the cabinets' permission; whose figures is the services' check (the `reports` read level).
 */
export function startRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "plans:read" as const } };

  app.get(
    "/api/v1/start/me",
    { ...read, schema: { tags: ["start"], response: { 200: managerStartSchema } } },
    async (request) => managerStartOrThrow(db, actorOf(request)),
  );
  app.get(
    "/api/v1/start/units/:id/people",
    { ...read, schema: { tags: ["start"], params: idParamsSchema, response: { 200: teamStartSchema } } },
    async (request) => teamStartOrThrow(db, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/start/units/:id/regions",
    { ...read, schema: { tags: ["start"], params: idParamsSchema, response: { 200: regionsStartSchema } } },
    async (request) => regionsStartOrThrow(db, actorOf(request), request.params.id),
  );
}
