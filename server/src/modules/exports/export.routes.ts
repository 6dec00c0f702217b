import { isoDateSchema } from "@planerka/common";
import { z } from "zod";
import { invalid } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { getSettingsOrThrow } from "../settings/settings.service";
import { exportDeals } from "./deal-export";

const exportQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  ownerId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  format: z.enum(["xlsx", "csv"]).default("xlsx"),
});

export function exportRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.get(
    "/api/v1/exports/deals",
    { config: { permission: "crm:read" }, schema: { tags: ["exports"], querystring: exportQuerySchema } },
    async (request, reply) => {
      const query = request.query;
      if (query.to < query.from) throw invalid("query.to", "The period ends before it starts");
      const { timeZone } = await getSettingsOrThrow(db);
      const name = `planerka-deals-${query.from}-${query.to}.${query.format}`;
      reply
        .header("content-disposition", `attachment; filename="${name}"`)
        .type(
          query.format === "csv"
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        );
      return reply.send(exportDeals(db, actorOf(request), query, timeZone));
    },
  );
}
