import {
  checklistItemSchema,
  runningTimerSchema,
  type TaskInput,
  type TaskListQuery,
  type TaskPatch,
  type TaskStatusAction,
  taskCommentPageSchema,
  taskCommentSchema,
  taskCountsSchema,
  taskDetailSchema,
  taskPageSchema,
  timeEntryPageSchema,
  timeEntrySchema,
  timeReportSchema,
} from "@planerka/common";
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiUrl, apiVoid, uploadForm } from "../../lib/api";

/** What the lists send: the contract's query without its defaults made mandatory. */
export type TaskListParams = Partial<Omit<TaskListQuery, "status" | "sort">> & { status?: string; sort?: string };

/** Several statuses go as repeated `status=` parameters, which the API reads as a list. */
function listPath(params: TaskListParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    if (key === "status") for (const status of String(value).split(",")) search.append("status", status);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `/tasks?${text}` : "/tasks";
}

export function taskListQuery(params: TaskListParams) {
  return queryOptions({
    queryKey: ["tasks", "list", params],
    queryFn: ({ signal }) => api(listPath(params), taskPageSchema, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** «Делаю», «Поручил», «Наблюдаю», «Просрочены»: the sidebar badge and the tabs. */
export const taskCountsQuery = queryOptions({
  queryKey: ["tasks", "counts"],
  queryFn: ({ signal }) => api("/tasks/counts", taskCountsSchema, { signal }),
  refetchInterval: 5 * 60_000,
  staleTime: 30_000,
});

export function taskQuery(id: string) {
  return queryOptions({
    queryKey: ["tasks", "one", id],
    queryFn: ({ signal }) => api(`/tasks/${id}`, taskDetailSchema, { signal }),
  });
}

export function createTask(input: TaskInput) {
  return api("/tasks", taskDetailSchema, { method: "POST", json: input });
}

export function updateTask(id: string, patch: TaskPatch) {
  return api(`/tasks/${id}`, taskDetailSchema, { method: "PATCH", json: patch });
}

export function deleteTask(id: string) {
  return apiVoid(`/tasks/${id}`, { method: "DELETE" });
}

/** A status move; the answer is the task as it now is (a task under control may wait for its creator). */
export function changeTaskStatus(id: string, version: number, action: TaskStatusAction) {
  return api(`/tasks/${id}/status`, taskDetailSchema, { method: "POST", json: { version, action } });
}

// Checklist ----------------------------------------------------------------------------------------

export function addChecklistItem(taskId: string, title: string) {
  return api(`/tasks/${taskId}/checklist`, checklistItemSchema, { method: "POST", json: { title } });
}

export function updateChecklistItem(taskId: string, itemId: string, patch: { title?: string; done?: boolean }) {
  return apiVoid(`/tasks/${taskId}/checklist/${itemId}`, { method: "PATCH", json: patch });
}

export function deleteChecklistItem(taskId: string, itemId: string) {
  return apiVoid(`/tasks/${taskId}/checklist/${itemId}`, { method: "DELETE" });
}

// Comments -----------------------------------------------------------------------------------------

export const commentPageSize = 50;

export function taskCommentsQuery(taskId: string, limit: number) {
  return queryOptions({
    queryKey: ["tasks", "comments", taskId, limit],
    queryFn: ({ signal }) => api(`/tasks/${taskId}/comments`, taskCommentPageSchema, { signal, query: { limit } }),
    placeholderData: keepPreviousData,
  });
}

export function addComment(taskId: string, body: string) {
  return api(`/tasks/${taskId}/comments`, taskCommentSchema, { method: "POST", json: { body } });
}

export function updateComment(taskId: string, commentId: string, body: string) {
  return apiVoid(`/tasks/${taskId}/comments/${commentId}`, { method: "PATCH", json: { body } });
}

export function deleteComment(taskId: string, commentId: string) {
  return apiVoid(`/tasks/${taskId}/comments/${commentId}`, { method: "DELETE" });
}

// Files --------------------------------------------------------------------------------------------

export function taskFileUrl(taskId: string, fileId: string): string {
  return apiUrl(`/tasks/${taskId}/files/${fileId}`);
}

export function deleteTaskFile(taskId: string, fileId: string) {
  return apiVoid(`/tasks/${taskId}/files/${fileId}`, { method: "DELETE" });
}

/** Uploads one file as multipart field "file", reporting its progress. */
export async function uploadTaskFile(
  taskId: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const form = new FormData();
  form.append("file", file);
  await uploadForm(`/tasks/${taskId}/files`, form, { onProgress, signal });
}

// Time tracking --------------------------------------------------------------------------------------

export const runningTimerQuery = queryOptions({
  queryKey: ["tasks", "timer"],
  queryFn: ({ signal }) => api("/timer", runningTimerSchema, { signal }),
  refetchInterval: 60_000,
  staleTime: 15_000,
});

export function startTimer(taskId: string) {
  return apiVoid(`/tasks/${taskId}/timer/start`, { method: "POST" });
}

export function stopTimer(taskId: string) {
  return apiVoid(`/tasks/${taskId}/timer/stop`, { method: "POST" });
}

export function timeEntriesQuery(taskId: string) {
  return queryOptions({
    queryKey: ["tasks", "time-entries", taskId],
    queryFn: ({ signal }) =>
      api(`/tasks/${taskId}/time-entries`, timeEntryPageSchema, { signal, query: { limit: 200 } }),
  });
}

export function addTimeEntry(taskId: string, input: { day: string; minutes: number; comment: string | null }) {
  return api(`/tasks/${taskId}/time-entries`, timeEntrySchema, { method: "POST", json: input });
}

export function deleteTimeEntry(taskId: string, entryId: string) {
  return apiVoid(`/tasks/${taskId}/time-entries/${entryId}`, { method: "DELETE" });
}

export interface TimeReportParams {
  from: string;
  to: string;
  unitId?: string;
  userId?: string;
}

export function timeReportQuery(params: TimeReportParams) {
  return queryOptions({
    queryKey: ["tasks", "time-report", params],
    queryFn: ({ signal }) => api("/time-report", timeReportSchema, { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

/**
 * After any change to a task: its card, the lists, the counts and the timer follow. Other tasks'
 * cards stay cached (a change of one task does not touch them).
 */
export function refreshTaskViews(queryClient: QueryClient, taskId?: string) {
  if (taskId) {
    void queryClient.invalidateQueries({ queryKey: ["tasks", "one", taskId] });
    void queryClient.invalidateQueries({ queryKey: ["tasks", "time-entries", taskId] });
  }
  void queryClient.invalidateQueries({ queryKey: ["tasks", "list"] });
  void queryClient.invalidateQueries({ queryKey: ["tasks", "counts"] });
  void queryClient.invalidateQueries({ queryKey: ["tasks", "timer"] });
  // A linked task's setting and completion are on its CRM record's timeline.
  void queryClient.invalidateQueries({
    predicate: (query) => query.queryKey[0] === "crm" && query.queryKey[2] === "timeline",
  });
}
