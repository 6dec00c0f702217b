import {
  dealOneCSchema,
  oneCManagerNameSchema,
  oneCRejectionSchema,
  oneCSessionSchema,
  oneCStatusSchema,
  oneCUnassignedOrderSchema,
  pageSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiVoid, isProblem } from "../../lib/api";

/** The exchange with 1C:Enterprise (server/src/modules/one-c): status, log, managers, «Не распределено». */
const base = "/integrations/1c";

/** When 1C last sent data, whether that is too long ago, and how many orders nobody owns (any employee). */
export const oneCStatusQuery = queryOptions({
  queryKey: ["one-c", "status"],
  queryFn: ({ signal }) => api(`${base}/status`, oneCStatusSchema, { signal }),
});

export function saveStaleAfterHours(staleAfterHours: number) {
  return api(`${base}/settings`, oneCStatusSchema, { method: "PATCH", json: { staleAfterHours } });
}

export const sessionsPageSize = 20;

export function oneCSessionsQuery(offset: number) {
  return queryOptions({
    queryKey: ["one-c", "sessions", offset],
    queryFn: ({ signal }) =>
      api(`${base}/sessions`, pageSchema(oneCSessionSchema), { signal, query: { limit: sessionsPageSize, offset } }),
  });
}

export const rejectionsPageSize = 50;

export function oneCRejectionsQuery(sessionId: string, offset: number) {
  return queryOptions({
    queryKey: ["one-c", "rejections", sessionId, offset],
    queryFn: ({ signal }) =>
      api(`${base}/sessions/${sessionId}/rejections`, pageSchema(oneCRejectionSchema), {
        signal,
        query: { limit: rejectionsPageSize, offset },
      }),
  });
}

/** «Повторить»: the server runs the session's files again and answers the new session. */
export function rerunSession(sessionId: string) {
  return api(`${base}/sessions/${sessionId}/rerun`, z.object({ id: z.string() }), { method: "POST" });
}

export const oneCManagersQuery = queryOptions({
  queryKey: ["one-c", "managers"],
  queryFn: ({ signal }) => api(`${base}/managers`, z.array(oneCManagerNameSchema), { signal }),
});

/** Saves how 1C names a manager; answers how many waiting orders got their deals at once. */
export function saveManagerName(name: string, userId: string) {
  return api(`${base}/managers`, z.object({ assigned: z.number() }), { method: "PUT", json: { name, userId } });
}

export function deleteManagerName(name: string) {
  return apiVoid(`${base}/managers`, { method: "DELETE", query: { name } });
}

export const unassignedPageSize = 50;

export function oneCUnassignedQuery(offset: number) {
  return queryOptions({
    queryKey: ["one-c", "unassigned", offset],
    queryFn: ({ signal }) =>
      api(`${base}/unassigned`, pageSchema(oneCUnassignedOrderSchema), {
        signal,
        query: { limit: unassignedPageSize, offset },
      }),
  });
}

export function assignOrder(guid: string, ownerId: string) {
  return api(`${base}/unassigned/${encodeURIComponent(guid)}/assign`, z.object({ dealId: z.string() }), {
    method: "POST",
    json: { ownerId },
  });
}

/** The deal card's «1С» block; null when the deal has no 1C order (the server's 404). */
export function dealOneCQuery(dealId: string) {
  return queryOptions({
    queryKey: ["one-c", "deal", dealId],
    queryFn: async ({ signal }) => {
      try {
        return await api(`/deals/${dealId}/one-c`, dealOneCSchema, { signal });
      } catch (error) {
        if (isProblem(error, 404)) return null;
        throw error;
      }
    },
  });
}
