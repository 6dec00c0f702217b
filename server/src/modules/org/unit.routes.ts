import { idParamsSchema, pageSchema, unitPatchSchema, unitSchema, unitWriteSchema } from "@planerka/common";
import { z } from "zod";
import { notFound } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { presentUnit } from "./unit.presenter";
import { findUnit, listUnits } from "./unit.queries";
import { createUnitOrThrow, deleteUnitOrThrow, updateUnitOrThrow } from "./unit.service";

export function unitRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.get(
    "/api/v1/units",
    {
      config: { permission: "org:read" },
      schema: { tags: ["org"], summary: "The unit tree, flat", response: { 200: pageSchema(unitSchema) } },
    },
    async () => {
      const items = (await listUnits(db)).map(presentUnit);
      return { items, total: items.length };
    },
  );

  app.get(
    "/api/v1/units/:id",
    {
      config: { permission: "org:read" },
      schema: { tags: ["org"], params: idParamsSchema, response: { 200: unitSchema } },
    },
    async (request) => {
      const unit = await findUnit(db, request.params.id);
      if (!unit) throw notFound();
      return presentUnit(unit);
    },
  );

  app.post(
    "/api/v1/units",
    {
      config: { permission: "units:manage" },
      schema: { tags: ["org"], body: unitWriteSchema, response: { 201: unitSchema } },
    },
    async (request, reply) => {
      const unit = await createUnitOrThrow(db, actorOf(request), request.body);
      return reply.status(201).send(presentUnit(unit));
    },
  );

  app.patch(
    "/api/v1/units/:id",
    {
      config: { permission: "units:manage" },
      schema: { tags: ["org"], params: idParamsSchema, body: unitPatchSchema, response: { 200: unitSchema } },
    },
    async (request) => presentUnit(await updateUnitOrThrow(db, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    "/api/v1/units/:id",
    {
      config: { permission: "units:manage" },
      schema: { tags: ["org"], params: idParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteUnitOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
