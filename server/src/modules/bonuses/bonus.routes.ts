import {
  approvedBonusSheetSchema,
  bonusApprovalSchema,
  bonusApproveSchema,
  bonusQuerySchema,
  bonusSchemeListSchema,
  bonusSchemePatchSchema,
  bonusSchemeSchema,
  bonusSchemeWriteSchema,
  bonusSheetSchema,
  idParamsSchema,
  reconciliationAcceptSchema,
  reconciliationLineSchema,
  reconciliationQuerySchema,
  reconciliationSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { getSettingsOrThrow } from "../settings/settings.service";
import { approveBonusSheetOrThrow, approvedBonusSheetOrThrow, frozenBonusSheetOrThrow } from "./bonus-approval.service";
import { bonusSheetWorkbook } from "./bonus-export";
import {
  createSchemeOrThrow,
  deleteSchemeOrThrow,
  getSchemeOrThrow,
  listSchemesOrThrow,
  updateSchemeOrThrow,
} from "./bonus-scheme.service";
import { bonusSheetOrThrow } from "./bonus-sheet.service";
import { acceptDifferenceOrThrow, reconciliationOrThrow } from "./reconciliation.service";

export function bonusRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["bonuses"];
  const configure = { config: { permission: "bonuses:configure" as const } };
  const read = { config: { permission: "bonuses:read" as const } };

  app.get(
    "/api/v1/bonus-schemes",
    { ...configure, schema: { tags, response: { 200: bonusSchemeListSchema } } },
    (request) => listSchemesOrThrow(db, actorOf(request)),
  );
  app.post(
    "/api/v1/bonus-schemes",
    { ...configure, schema: { tags, body: bonusSchemeWriteSchema, response: { 201: bonusSchemeSchema } } },
    async (request, reply) => reply.status(201).send(await createSchemeOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/bonus-schemes/:id",
    { ...configure, schema: { tags, params: idParamsSchema, response: { 200: bonusSchemeSchema } } },
    (request) => getSchemeOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/bonus-schemes/:id",
    {
      ...configure,
      schema: { tags, params: idParamsSchema, body: bonusSchemePatchSchema, response: { 200: bonusSchemeSchema } },
    },
    (request) => updateSchemeOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/bonus-schemes/:id",
    { ...configure, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteSchemeOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/bonuses",
    { ...read, schema: { tags, querystring: bonusQuerySchema, response: { 200: bonusSheetSchema } } },
    (request) => bonusSheetOrThrow(db, actorOf(request), request.query),
  );
  app.get(
    "/api/v1/bonuses/export.xlsx",
    { ...read, schema: { tags, querystring: bonusQuerySchema } },
    async (request, reply) => {
      const actor = actorOf(request);
      const query = { ...request.query, deals: "all" as const };
      // What the screen shows: the approved sheet when there is one, else the sheet as it stands.
      // The file needs no «what would change now», so the live sheet is not computed beside it.
      const frozen = await frozenBonusSheetOrThrow(db, actor, query);
      const sheet = frozen?.sheet ?? (await bonusSheetOrThrow(db, actor, query));
      const { timeZone } = await getSettingsOrThrow(db);
      const file = await bonusSheetWorkbook(sheet, {
        timeZone,
        approval: frozen ? { by: frozen.approval.approvedBy.name, at: frozen.approval.approvedAt } : null,
      });
      return reply
        .header("content-disposition", `attachment; filename="planerka-bonuses-${request.query.period}.xlsx"`)
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .send(file);
    },
  );
  app.get(
    "/api/v1/bonus-sheets",
    { ...read, schema: { tags, querystring: bonusQuerySchema, response: { 200: approvedBonusSheetSchema } } },
    (request) => approvedBonusSheetOrThrow(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/bonus-sheets",
    {
      config: { permission: "bonuses:approve" },
      schema: { tags, body: bonusApproveSchema, response: { 201: bonusApprovalSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await approveBonusSheetOrThrow(db, actorOf(request), request.body)),
  );

  app.get(
    "/api/v1/reconciliation",
    { ...read, schema: { tags, querystring: reconciliationQuerySchema, response: { 200: reconciliationSchema } } },
    (request) => reconciliationOrThrow(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/reconciliation/accept",
    {
      config: { permission: "bonuses:reconcile" },
      schema: { tags, body: reconciliationAcceptSchema, response: { 200: reconciliationLineSchema } },
    },
    (request) => acceptDifferenceOrThrow(db, actorOf(request), request.body),
  );
}
