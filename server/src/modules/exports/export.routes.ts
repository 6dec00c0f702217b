import { dealExportQuerySchema, exportRowsHeader } from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { getSettingsOrThrow } from "../settings/settings.service";
import { exportDeals } from "./deal-export";
import { countExportRows } from "./deal-export.queries";
import { checkSelectionOrThrow } from "./deal-export.selection";

export function exportRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.get(
    "/api/v1/exports/deals",
    { config: { permission: "crm:read" }, schema: { tags: ["exports"], querystring: dealExportQuerySchema } },
    async (request, reply) => {
      const query = request.query;
      const actor = actorOf(request);
      // A unit or employee out of the caller's reach is 404 before a single byte of the file.
      await checkSelectionOrThrow(db, actor, query);
      const { timeZone } = await getSettingsOrThrow(db);
      const total = await countExportRows(db, actor, query, timeZone);
      const name = `planerka-deals-${query.from}-${query.to}.${query.format}`;
      reply
        .header("content-disposition", `attachment; filename="${name}"`)
        .header(exportRowsHeader, String(total))
        .type(
          query.format === "csv"
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        );
      return reply.send(exportDeals(db, actor, query, { timeZone }));
    },
  );
}
