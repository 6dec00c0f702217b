import { type ImportEntity, type ImportJob, importJobSchema, pageSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiUrl, ProblemError } from "../../app/api";

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

/** The file goes as multipart/form-data, which the JSON helper does not send. */
export async function uploadImport(entity: ImportEntity, file: File, signal?: AbortSignal): Promise<ImportJob> {
  const body = new FormData();
  body.append("entity", entity);
  body.append("file", file, file.name);
  let response: Response;
  try {
    response = await fetch(apiUrl("/imports"), {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ProblemError({ type: "about:blank", title: "Network error", status: 0 });
  }
  if (!response.ok) {
    let problem: Partial<{ type: string; title: string; detail: string; errors: { path: string; message: string }[] }> =
      {};
    try {
      problem = await response.json();
    } catch {
      // A proxy may answer with HTML (e.g. 413 from nginx); the status still says what happened.
    }
    throw new ProblemError({
      type: problem.type ?? "about:blank",
      title: problem.title ?? response.statusText ?? "Error",
      status: response.status,
      detail: problem.detail,
      errors: problem.errors,
    });
  }
  return importJobSchema.parse(await response.json());
}

export function startImport(id: string, mapping: Record<string, string | null>): Promise<ImportJob> {
  return api(`/imports/${id}/start`, importJobSchema, { method: "POST", json: { mapping } });
}
