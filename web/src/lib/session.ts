import { meSchema, setupStatusSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "./api";

/** Who is signed in: every page, the router's guard and the shell read it. */
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

export function logout(): Promise<void> {
  return apiVoid("/auth/logout", { method: "POST" });
}
