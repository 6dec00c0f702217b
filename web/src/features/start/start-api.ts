import {
  type Me,
  managerStartSchema,
  meSchema,
  regionsStartSchema,
  type StartPage,
  teamStartSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../lib/api";

// The start pages' reads («Главная»): one per view, each scoped by the server.

export const managerStartQuery = queryOptions({
  queryKey: ["start", "me"],
  queryFn: ({ signal }) => api("/start/me", managerStartSchema, { signal }),
  retry: false,
});

export function teamStartQuery(unitId: string) {
  return queryOptions({
    queryKey: ["start", "people", unitId],
    queryFn: ({ signal }) => api(`/start/units/${unitId}/people`, teamStartSchema, { signal }),
    retry: false,
  });
}

export function regionsStartQuery(unitId: string) {
  return queryOptions({
    queryKey: ["start", "regions", unitId],
    queryFn: ({ signal }) => api(`/start/units/${unitId}/regions`, regionsStartSchema, { signal }),
    retry: false,
  });
}

/** Where one lands after logging in: the start page or «Мой кабинет». */
export function setOwnStartPage(startPage: StartPage): Promise<Me> {
  return api("/me", meSchema, { method: "PATCH", json: { startPage } });
}
