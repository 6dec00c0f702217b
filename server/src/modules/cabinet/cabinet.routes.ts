import {
  cabinetQuerySchema,
  cabinetWeekQuerySchema,
  idParamsSchema,
  managerCabinetSchema,
  type UnitCabinet,
  unitActivitySchema,
  unitCabinetSchema,
  weekCabinetSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { managerCabinetOrThrow, weekCabinetOrThrow } from "./cabinet.service";
import { unitActivityOrThrow } from "./unit-activity.service";
import { unitCabinetOrThrow } from "./unit-rollup.service";

export function cabinetRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "plans:read" as const } };
  const userParams = z.object({ userId: z.uuid() });

  app.get(
    "/api/v1/cabinet/manager/:userId",
    {
      ...read,
      schema: {
        tags: ["cabinet"],
        params: userParams,
        querystring: cabinetQuerySchema,
        response: { 200: managerCabinetSchema },
      },
    },
    async (request) => managerCabinetOrThrow(db, actorOf(request), request.params.userId, request.query),
  );
  app.get(
    "/api/v1/cabinet/manager/:userId/week",
    {
      ...read,
      schema: {
        tags: ["cabinet"],
        params: userParams,
        querystring: cabinetWeekQuerySchema,
        response: { 200: weekCabinetSchema },
      },
    },
    async (request) => weekCabinetOrThrow(db, actorOf(request), request.params.userId, request.query),
  );
  app.get(
    "/api/v1/cabinet/units/:id",
    {
      ...read,
      schema: {
        tags: ["cabinet"],
        params: idParamsSchema,
        querystring: cabinetQuerySchema,
        response: { 200: unitCabinetSchema },
      },
    },
    async (request): Promise<UnitCabinet> => unitCabinetOrThrow(db, actorOf(request), request.params.id, request.query),
  );
  app.get(
    "/api/v1/cabinet/units/:id/activity",
    {
      ...read,
      schema: {
        tags: ["cabinet"],
        params: idParamsSchema,
        querystring: cabinetQuerySchema,
        response: { 200: unitActivitySchema },
      },
    },
    async (request) => unitActivityOrThrow(db, actorOf(request), request.params.id, request.query),
  );
}
