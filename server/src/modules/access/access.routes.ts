import {
  accessMatrixSchema,
  accessMatrixWriteSchema,
  apiTokenCreatedSchema,
  apiTokenSchema,
  apiTokenWriteSchema,
  idParamsSchema,
  pageSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { currentRules, resetAccessRules, updateAccessRulesOrThrow } from "./access.service";
import { createTokenOrThrow, listTokens, revokeTokenOrThrow } from "./api-token.service";

export function accessRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.get(
    "/api/v1/access",
    { config: { permission: "access:manage" }, schema: { tags: ["access"], response: { 200: accessMatrixSchema } } },
    async () => ({ rules: await currentRules(db) }),
  );

  app.put(
    "/api/v1/access",
    {
      config: { permission: "access:manage" },
      schema: { tags: ["access"], body: accessMatrixWriteSchema, response: { 200: accessMatrixSchema } },
    },
    async (request) => ({ rules: await updateAccessRulesOrThrow(db, actorOf(request), request.body.rules) }),
  );

  app.delete(
    "/api/v1/access",
    {
      config: { permission: "access:manage" },
      schema: { tags: ["access"], summary: "Back to the defaults", response: { 200: accessMatrixSchema } },
    },
    async (request) => ({ rules: await resetAccessRules(db, actorOf(request)) }),
  );

  app.get(
    "/api/v1/api-tokens",
    {
      config: { permission: "access:manage" },
      schema: { tags: ["access"], response: { 200: pageSchema(apiTokenSchema) } },
    },
    async () => listTokens(db),
  );

  app.post(
    "/api/v1/api-tokens",
    {
      config: { permission: "access:manage" },
      schema: { tags: ["access"], body: apiTokenWriteSchema, response: { 201: apiTokenCreatedSchema } },
    },
    async (request, reply) => reply.status(201).send(await createTokenOrThrow(db, actorOf(request), request.body)),
  );

  app.delete(
    "/api/v1/api-tokens/:id",
    {
      config: { permission: "access:manage" },
      schema: { tags: ["access"], params: idParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revokeTokenOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
