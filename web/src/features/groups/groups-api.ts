import {
  type GroupInput,
  type GroupListQuery,
  type GroupPatch,
  type GroupRole,
  groupDetailSchema,
  groupPageSchema,
} from "@planerka/common";
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

export type GroupListParams = Partial<GroupListQuery>;

export function groupListQuery(params: GroupListParams) {
  return queryOptions({
    queryKey: ["groups", "list", params],
    queryFn: ({ signal }) => api("/groups", groupPageSchema, { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

/** The caller's active groups, for the task form's «Группа». */
export const myGroupsQuery = queryOptions({
  queryKey: ["groups", "list", { membership: "mine", limit: 500 }],
  queryFn: ({ signal }) => api("/groups", groupPageSchema, { signal, query: { membership: "mine", limit: 500 } }),
  staleTime: 60_000,
});

export function groupQuery(id: string) {
  return queryOptions({
    queryKey: ["groups", "one", id],
    queryFn: ({ signal }) => api(`/groups/${id}`, groupDetailSchema, { signal }),
  });
}

export function createGroup(input: GroupInput) {
  return api("/groups", groupDetailSchema, { method: "POST", json: input });
}

export function updateGroup(id: string, patch: GroupPatch) {
  return api(`/groups/${id}`, groupDetailSchema, { method: "PATCH", json: patch });
}

export function setGroupArchived(id: string, archived: boolean) {
  return api(`/groups/${id}/${archived ? "archive" : "restore"}`, groupDetailSchema, { method: "POST" });
}

export function joinGroup(id: string) {
  return api(`/groups/${id}/join`, groupDetailSchema, { method: "POST" });
}

export function addGroupMember(id: string, userId: string, role: GroupRole) {
  return api(`/groups/${id}/members`, groupDetailSchema, { method: "POST", json: { userId, role } });
}

export function changeGroupMemberRole(id: string, userId: string, role: GroupRole) {
  return api(`/groups/${id}/members/${userId}`, groupDetailSchema, { method: "PATCH", json: { role } });
}

export function removeGroupMember(id: string, userId: string) {
  return apiVoid(`/groups/${id}/members/${userId}`, { method: "DELETE" });
}

/** After a change: the lists, the page, and the chat list (membership moves the group's chat too). */
export function refreshGroupViews(queryClient: QueryClient, groupId?: string) {
  void queryClient.invalidateQueries({ queryKey: ["groups", "list"] });
  if (groupId) void queryClient.invalidateQueries({ queryKey: ["groups", "one", groupId] });
  void queryClient.invalidateQueries({ queryKey: ["chat", "list"] });
}
