import {
  calendarDayParamsSchema,
  calendarDayWriteSchema,
  calendarYearQuerySchema,
  calendarYearSchema,
  settingsPatchSchema,
  settingsSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { calendarYear, setCalendarDay } from "./calendar.service";
import { getSettingsOrThrow, updateSettingsOrThrow } from "./settings.service";

export function settingsRoutes(app: ApiApp, { db }: ModuleDeps) {
  app.get(
    "/api/v1/settings",
    { config: { permission: "org:read" }, schema: { tags: ["settings"], response: { 200: settingsSchema } } },
    async () => getSettingsOrThrow(db),
  );

  app.patch(
    "/api/v1/settings",
    {
      config: { permission: "settings:manage" },
      schema: { tags: ["settings"], body: settingsPatchSchema, response: { 200: settingsSchema } },
    },
    async (request) => updateSettingsOrThrow(db, actorOf(request), request.body),
  );

  app.get(
    "/api/v1/calendar",
    {
      config: { permission: "org:read" },
      schema: { tags: ["settings"], querystring: calendarYearQuerySchema, response: { 200: calendarYearSchema } },
    },
    async (request) => calendarYear(db, request.query.year),
  );

  app.put(
    "/api/v1/calendar/days/:date",
    {
      config: { permission: "settings:manage" },
      schema: {
        tags: ["settings"],
        params: calendarDayParamsSchema,
        body: calendarDayWriteSchema,
        response: { 200: calendarYearSchema },
      },
    },
    async (request) => {
      await setCalendarDay(db, actorOf(request), request.params.date, request.body);
      return calendarYear(db, Number(request.params.date.slice(0, 4)));
    },
  );
}
