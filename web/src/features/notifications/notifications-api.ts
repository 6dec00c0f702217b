import { notificationPageSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../lib/api";

export const notificationPageSize = 20;

export function notificationsQuery(limit: number, onlyUnread: boolean) {
  return queryOptions({
    queryKey: ["notifications", limit, onlyUnread],
    queryFn: ({ signal }) =>
      api("/notifications", notificationPageSchema, {
        signal,
        query: { limit, unread: onlyUnread ? "true" : undefined },
      }),
    // New ones are pushed over the real-time socket; a slow poll covers a socket that cannot open.
    refetchInterval: 120_000,
  });
}

const unreadSchema = z.object({ unread: z.number().int() });

export function markNotificationsRead(ids?: string[]) {
  return api("/notifications/read", unreadSchema, { method: "POST", json: ids ? { ids } : {} });
}
