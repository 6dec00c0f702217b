import {
  type AccessRule,
  accessMatrixSchema,
  apiTokenCreatedSchema,
  apiTokenSchema,
  type CalendarYear,
  calendarYearSchema,
  pageSchema,
  type Settings,
  settingsSchema,
  type TokenScope,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

export const settingsQuery = queryOptions({
  queryKey: ["settings"],
  queryFn: ({ signal }) => api("/settings", settingsSchema, { signal }),
});

export type SettingsPatch = Partial<Omit<Settings, "version">> & { version: number };

export function updateSettings(patch: SettingsPatch): Promise<Settings> {
  return api("/settings", settingsSchema, { method: "PATCH", json: patch });
}

export function calendarQuery(year: number) {
  return queryOptions({
    queryKey: ["calendar", year],
    queryFn: ({ signal }) => api("/calendar", calendarYearSchema, { signal, query: { year } }),
  });
}

export function setCalendarDay(
  date: string,
  kind: "holiday" | "workday" | null,
  name: string | null,
): Promise<CalendarYear> {
  return api(`/calendar/days/${date}`, calendarYearSchema, { method: "PUT", json: { kind, name } });
}

export const accessQuery = queryOptions({
  queryKey: ["access"],
  queryFn: ({ signal }) => api("/access", accessMatrixSchema, { signal }),
});

export function saveAccessRules(rules: AccessRule[]) {
  return api("/access", accessMatrixSchema, { method: "PUT", json: { rules } });
}

export function resetAccessRules() {
  return api("/access", accessMatrixSchema, { method: "DELETE" });
}

const tokenPageSchema = pageSchema(apiTokenSchema);

export const apiTokensQuery = queryOptions({
  queryKey: ["api-tokens"],
  queryFn: ({ signal }) => api("/api-tokens", tokenPageSchema, { signal }),
});

export interface ApiTokenInput {
  name: string;
  userId?: string;
  scopes: TokenScope[];
  expiresAt?: string | null;
}

export function createApiToken(input: ApiTokenInput) {
  return api("/api-tokens", apiTokenCreatedSchema, { method: "POST", json: input });
}

export function revokeApiToken(id: string): Promise<void> {
  return apiVoid(`/api-tokens/${id}`, { method: "DELETE" });
}
