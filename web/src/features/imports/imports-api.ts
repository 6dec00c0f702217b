import { type ImportEntity, type ImportJob, importJobSchema, pageSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiMultipart } from "../../lib/api";

export const importFileLimitBytes = 20 * 1024 * 1024;
export const importExtensions = [".csv", ".xlsx"] as const;

const importPageSchema = pageSchema(importJobSchema);

export const recentImportsQuery = queryOptions({
  queryKey: ["imports", "list"],
  queryFn: ({ signal }) => api("/imports", importPageSchema, { signal }),
});

/** A job, polled every second while it runs. */
export function importJobQuery(id: string) {
  return queryOptions({
    queryKey: ["imports", "one", id],
    queryFn: ({ signal }) => api(`/imports/${id}`, importJobSchema, { signal }),
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1000 : false),
    staleTime: 0,
  });
}

export function uploadImport(entity: ImportEntity, file: File, signal?: AbortSignal): Promise<ImportJob> {
  const body = new FormData();
  body.append("entity", entity);
  body.append("file", file, file.name);
  return apiMultipart("/imports", body, importJobSchema, signal);
}

export function startImport(id: string, mapping: Record<string, string | null>): Promise<ImportJob> {
  return api(`/imports/${id}/start`, importJobSchema, { method: "POST", json: { mapping } });
}
