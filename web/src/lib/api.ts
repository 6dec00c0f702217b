import type { Problem } from "@planerka/common";

export const apiBase = "/api/v1";

/** An `application/problem+json` answer (or a network failure, with status 0). */
export class ProblemError extends Error {
  readonly status: number;
  /** The problem's kind, e.g. `urn:planerka:problem:stale-version`. */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: NonNullable<Problem["errors"]>;
  /** Seconds from the Retry-After header of a 429. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title);
    this.name = "ProblemError";
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.retryAfter = retryAfter;
  }

  /** Field errors keyed by form field: "body.login" becomes "login", "body.phone.0" becomes "phone". */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.errors) {
      const field = error.path.replace(/^(body|query|params)\.?/, "").split(".")[0];
      if (field && !(field in result)) result[field] = error.message;
    }
    return result;
  }
}

export function isProblem(error: unknown, status?: number): error is ProblemError {
  return error instanceof ProblemError && (status === undefined || error.status === status);
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is with its own type, e.g. an image file. */
  blob?: Blob;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return `${apiBase}${path}${search ? `?${search}` : ""}`;
}

async function toProblem(response: Response): Promise<ProblemError> {
  const retryAfterHeader = response.headers.get("retry-after");
  const retryAfter = retryAfterHeader ? Number(retryAfterHeader) : undefined;
  let body: Partial<Problem> = {};
  try {
    body = (await response.json()) as Partial<Problem>;
  } catch {
    // A proxy or a crash may answer with HTML; the status alone still tells what happened.
  }
  return new ProblemError(
    {
      type: body.type ?? "about:blank",
      title: body.title ?? response.statusText ?? "Error",
      status: body.status ?? response.status,
      detail: body.detail,
      errors: body.errors,
    },
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.blob) {
    headers["Content-Type"] = options.blob.type;
    body = options.blob;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ProblemError({ type: "about:blank", title: "Network error", status: 0 });
  }
  if (!response.ok) throw await toProblem(response);
  return response;
}

/** Any zod schema from @planerka/common. */
export interface Schema<T> {
  parse(input: unknown): T;
}

/** A typed call: the answer is checked against the shared zod schema of the API. */
export async function api<T>(path: string, schema: Schema<T>, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  return schema.parse(await response.json());
}

/** A call whose answer has no body (204). */
export async function apiVoid(path: string, options: RequestOptions = {}): Promise<void> {
  await request(path, options);
}

/** A file upload as multipart/form-data (the JSON helpers do not send those), with the same errors. */
export async function apiMultipart<T>(
  path: string,
  body: FormData,
  schema: Schema<T>,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
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
  return schema.parse(await response.json());
}

/**
 * Posts a multipart form and answers the parsed JSON body (or null when there is none).
 * XMLHttpRequest rather than fetch: only it reports an upload's progress, which a large file
 * needs on a slow line.
 */
export function uploadForm(
  path: string,
  form: FormData,
  options: { onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl(path));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // A proxy may answer a too-large file with HTML; the status still tells what happened.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const problem = (body ?? {}) as Partial<Problem>;
      reject(
        new ProblemError({
          type: problem.type ?? "about:blank",
          title: problem.title ?? xhr.statusText ?? "Error",
          status: xhr.status,
          detail: problem.detail,
          errors: problem.errors,
        }),
      );
    };
    xhr.onerror = () => reject(new ProblemError({ type: "about:blank", title: "Network error", status: 0 }));
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}
