import { workdayReportSchema, workdayStatusSchema, workdayTeamSchema } from "@planerka/common";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../lib/api";

export type WorkdayAction = "start" | "pause" | "resume" | "finish";

/** The caller's working day; the header re-reads it every minute (another tab may have paused it). */
export const workdayQuery = queryOptions({
  queryKey: ["workday", "me"],
  queryFn: ({ signal }) => api("/workday", workdayStatusSchema, { signal }),
  refetchInterval: 60_000,
  staleTime: 15_000,
});

export function changeWorkday(action: WorkdayAction) {
  return api("/workday", workdayStatusSchema, { method: "POST", json: { action } });
}

export function workdayTeamQuery(unitId: string | undefined) {
  return queryOptions({
    queryKey: ["workday", "team", unitId ?? null],
    queryFn: ({ signal }) => api("/workday/team", workdayTeamSchema, { signal, query: { unitId } }),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function workdayReportQuery(params: { from: string; to: string; unitId?: string }) {
  return queryOptions({
    queryKey: ["workday", "report", params],
    queryFn: ({ signal }) => api("/workday/report", workdayReportSchema, { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}
