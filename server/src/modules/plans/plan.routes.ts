import {
  dayInTimeZone,
  importRowErrorSchema,
  normListQuerySchema,
  normListSchema,
  normWriteSchema,
  planCopySchema,
  planHistorySchema,
  planListQuerySchema,
  planListSchema,
  planParamsSchema,
  planWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import { invalid } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { getSettingsOrThrow } from "../settings/settings.service";
import { listNorms, setNormOrThrow } from "./norm.service";
import { copyPlansOrThrow, listPlans, monthsOf, planHistoryOrThrow, setPlanOrThrow } from "./plan.service";
import { importPlansOrThrow } from "./plan-import";

export function planRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "plans:read" as const } };
  const write = { config: { permission: "plans:write" as const } };

  app.get(
    "/api/v1/plans",
    { ...read, schema: { tags: ["plans"], querystring: planListQuerySchema, response: { 200: planListSchema } } },
    async (request) => {
      const { timeZone } = await getSettingsOrThrow(db);
      const months = monthsOf(request.query, dayInTimeZone(new Date(), timeZone));
      return listPlans(db, actorOf(request), months, request.query.unitId);
    },
  );
  app.put(
    "/api/v1/plans/:userId/:month",
    {
      ...write,
      schema: {
        tags: ["plans"],
        params: planParamsSchema,
        body: planWriteSchema,
        response: { 200: z.object({ userId: z.string(), month: z.string(), amount: z.number() }) },
      },
    },
    async (request) =>
      setPlanOrThrow(db, actorOf(request), request.params.userId, request.params.month, request.body.amount),
  );
  app.get(
    "/api/v1/plans/:userId/history",
    {
      ...read,
      schema: { tags: ["plans"], params: z.object({ userId: z.uuid() }), response: { 200: planHistorySchema } },
    },
    async (request) => planHistoryOrThrow(db, actorOf(request), request.params.userId),
  );
  app.post(
    "/api/v1/plans/copy",
    {
      ...write,
      schema: { tags: ["plans"], body: planCopySchema, response: { 200: z.object({ copied: z.number().int() }) } },
    },
    async (request) => copyPlansOrThrow(db, actorOf(request), request.body.from, request.body.to, request.body.unitId),
  );

  app.post(
    "/api/v1/plans/import",
    {
      ...write,
      schema: {
        tags: ["plans"],
        consumes: ["multipart/form-data"],
        response: {
          200: z.object({
            saved: z.number().int(),
            errors: z.array(importRowErrorSchema),
          }),
        },
      },
    },
    async (request) => {
      const file = request.isMultipart() ? await request.file() : undefined;
      if (!file)
        throw invalid("file", "Attach a .xlsx or .csv file with the columns «Логин», «Месяц», «Сумма»", {
          code: "fileRequired",
        });
      const data = await file.toBuffer();
      if (file.file.truncated) throw invalid("file", "The file is larger than 20 MB", { code: "fileTooLarge" });
      return importPlansOrThrow(db, actorOf(request), file.filename, data);
    },
  );

  app.get(
    "/api/v1/activity-norms",
    { ...read, schema: { tags: ["plans"], querystring: normListQuerySchema, response: { 200: normListSchema } } },
    async (request) => listNorms(db, actorOf(request), request.query),
  );
  app.put(
    "/api/v1/activity-norms",
    { ...write, schema: { tags: ["plans"], body: normWriteSchema, response: { 200: normListSchema } } },
    async (request) => {
      const actor = actorOf(request);
      await setNormOrThrow(db, actor, request.body);
      return listNorms(db, actor, { unitId: request.body.unitId, userId: request.body.userId });
    },
  );
}
