import { type Me, meSchema, setupStatusSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../app/api";

export const meQuery = queryOptions({
  queryKey: ["me"],
  queryFn: ({ signal }) => api("/me", meSchema, { signal }),
  staleTime: 60_000,
  retry: false,
});

export const setupStatusQuery = queryOptions({
  queryKey: ["setup"],
  queryFn: ({ signal }) => api("/setup", setupStatusSchema, { signal }),
  staleTime: 60_000,
});

export interface LoginInput {
  login: string;
  password: string;
}

export function login(input: LoginInput): Promise<Me> {
  return api("/auth/login", meSchema, { method: "POST", json: input });
}

export function logout(): Promise<void> {
  return apiVoid("/auth/logout", { method: "POST" });
}

export interface SetupInput {
  companyName: string;
  name: string;
  login: string;
  password: string;
  email?: string | null;
}

export function setupPortal(input: SetupInput): Promise<Me> {
  return api("/setup", meSchema, { method: "POST", json: input });
}

/** The server checks the current password and ends the other sessions; this one stays. */
export function changeOwnPassword(input: { currentPassword: string; newPassword: string }): Promise<Me> {
  return api("/me", meSchema, { method: "PATCH", json: input });
}
