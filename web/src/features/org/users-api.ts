import { pageSchema, type Role, type User, userSchema } from "@planerka/common";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, apiUrl, apiVoid } from "../../lib/api";

const userPageSchema = pageSchema(userSchema);

export interface UserListParams {
  limit: number;
  offset?: number;
  q?: string;
  unitId?: string;
  role?: Role;
  active?: "true" | "false";
  sort?: string;
}

export function usersQuery(params: UserListParams) {
  return queryOptions({
    queryKey: ["users", "list", params],
    queryFn: ({ signal }) => api("/users", userPageSchema, { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

export function userQuery(id: string) {
  return queryOptions({
    queryKey: ["users", "one", id],
    queryFn: ({ signal }) => api(`/users/${id}`, userSchema, { signal }),
  });
}

export interface UserInput {
  login: string;
  password: string;
  name: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  role: Role;
  unitId: string;
  active: boolean;
}

export function createUser(input: UserInput): Promise<User> {
  return api("/users", userSchema, { method: "POST", json: input });
}

export function updateUser(id: string, patch: Partial<UserInput> & { version: number }): Promise<User> {
  return api(`/users/${id}`, userSchema, { method: "PATCH", json: patch });
}

export function uploadUserPhoto(id: string, file: File): Promise<void> {
  return apiVoid(`/users/${id}/photo`, { method: "PUT", blob: file });
}

export function removeUserPhoto(id: string): Promise<void> {
  return apiVoid(`/users/${id}/photo`, { method: "DELETE" });
}

export function userPhotoUrl(id: string, revision: number): string {
  return apiUrl(`/users/${id}/photo`, revision ? { v: revision } : undefined);
}
