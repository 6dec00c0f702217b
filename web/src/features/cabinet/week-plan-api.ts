import {
  type ActivityCopyDay,
  activityCopyDayResultSchema,
  type WeekCommentList,
  weekCommentListSchema,
  weekCommentSchema,
} from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api } from "../../lib/api";

/** One request, one transaction on the server: every activity of `from` planned again on `to`. */
export function copyActivityDay(input: ActivityCopyDay) {
  return api("/activities/copy-day", activityCopyDayResultSchema, { method: "POST", json: input });
}

/** After a copy: the cabinet's tables and figures, and every activity list, are read again now. */
export async function refreshAfterCopy(queryClient: QueryClient) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ["cabinet"] }),
    queryClient.invalidateQueries({ queryKey: ["activities"] }),
  ]);
}

export function weekCommentsQuery(userId: string, week: string) {
  return queryOptions({
    queryKey: ["week-comments", userId, week],
    queryFn: ({ signal }) =>
      api(`/cabinet/manager/${userId}/week-comments`, weekCommentListSchema, { signal, query: { week } }),
    retry: false,
  });
}

export async function addWeekComment(queryClient: QueryClient, userId: string, week: string, body: string) {
  const comment = await api(`/cabinet/manager/${userId}/week-comments`, weekCommentSchema, {
    method: "POST",
    json: { week, body },
  });
  // Shown at once, then confirmed by a fresh read (someone else may have written meanwhile).
  queryClient.setQueryData<WeekCommentList>(weekCommentsQuery(userId, week).queryKey, (list) =>
    list ? { ...list, items: [...list.items, comment], total: list.total + 1 } : list,
  );
  void queryClient.invalidateQueries({ queryKey: ["week-comments", userId, week] });
  return comment;
}
