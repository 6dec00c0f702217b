import { managerCabinetSchema, weekCabinetSchema } from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api } from "../../lib/api";

export function managerCabinetQuery(userId: string, month: string) {
  return queryOptions({
    queryKey: ["cabinet", "manager", userId, month],
    queryFn: ({ signal }) => api(`/cabinet/manager/${userId}`, managerCabinetSchema, { signal, query: { month } }),
    retry: false,
  });
}

export function weekCabinetQuery(userId: string, week: string) {
  return queryOptions({
    queryKey: ["cabinet", "week", userId, week],
    queryFn: ({ signal }) => api(`/cabinet/manager/${userId}/week`, weekCabinetSchema, { signal, query: { week } }),
    retry: false,
  });
}

/** After an activity is added, completed or moved: the header figures and both weekly tables. */
export function refreshCabinet(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["cabinet"] });
}
