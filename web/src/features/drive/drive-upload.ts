import { type DriveFile, type DriveUpload, driveUploadSchema, type Problem } from "@planerka/common";
import { apiUrl, ProblemError } from "../../lib/api";

/*
 * The drive's resumable upload, without React so that it can be tested with a fake fetch:
 * POST /drive/uploads opens an upload, PUT /drive/uploads/:id/chunks/:index sends the chunks one
 * after another, and after a dropped connection GET /drive/uploads/:id says how many bytes the
 * server kept, so only the rest is sent again.
 */

export interface DriveUploadProgress {
  /** Bytes the server has confirmed. */
  sent: number;
  total: number;
  uploadId: string | null;
}

export interface DriveUploadOptions {
  file: Blob;
  name: string;
  folderId: string;
  signal?: AbortSignal;
  onProgress?: (progress: DriveUploadProgress) => void;
  /** How many times one step (a chunk, or asking where to resume) is tried again; 5 by default. */
  retries?: number;
  /** The wait before retry number `attempt` (1-based); doubles from 500 ms by default. */
  backoffMs?: (attempt: number) => number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const defaultBackoff = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 8000);

function abortError(): Error {
  return new DOMException("The upload was cancelled", "AbortError");
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(abortError());
      },
      { once: true },
    );
  });
}

export function isAbort(error: unknown): boolean {
  return (error as Error | null)?.name === "AbortError";
}

/** A dropped connection, a proxy's or server's failure, or throttling: worth trying again. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof ProblemError)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

async function problemOf(response: Response): Promise<ProblemError> {
  let body: Partial<Problem> = {};
  try {
    body = (await response.json()) as Partial<Problem>;
  } catch {
    // A proxy may answer a too-large body with HTML; the status still says what happened.
  }
  return new ProblemError({
    type: body.type ?? "about:blank",
    title: body.title ?? (response.statusText || "Error"),
    status: response.status,
    detail: body.detail,
    errors: body.errors,
  });
}

/** Uploads one file in chunks and answers the stored file; throws `ProblemError` when refused, AbortError when cancelled. */
export async function uploadDriveFileOrThrow(options: DriveUploadOptions): Promise<DriveFile> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 5;
  const backoff = options.backoffMs ?? defaultBackoff;
  const { file, signal } = options;
  const total = file.size;

  const call = async (path: string, init: RequestInit): Promise<DriveUpload | null> => {
    if (signal?.aborted) throw abortError();
    let response: Response;
    try {
      response = await fetchFn(apiUrl(path), {
        ...init,
        credentials: "same-origin",
        signal,
        headers: { Accept: "application/json", ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (error) {
      if (isAbort(error) || signal?.aborted) throw abortError();
      throw new ProblemError({ type: "about:blank", title: "Network error", status: 0 });
    }
    if (!response.ok) throw await problemOf(response);
    if (response.status === 204) return null;
    return driveUploadSchema.parse(await response.json());
  };

  /** Runs `step`, trying again after a retryable failure, at most `retries` more times. */
  const withRetries = async <T>(step: () => Promise<T>, onRetry?: () => Promise<void>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (isAbort(error) || !isRetryable(error) || attempt > retries) throw error;
        await sleep(backoff(attempt), signal);
        if (onRetry) await onRetry();
      }
    }
  };

  const report = (upload: DriveUpload | null) =>
    options.onProgress?.({ sent: upload?.received ?? 0, total, uploadId: upload?.id ?? null });

  report(null);
  let upload = (await withRetries(() =>
    call("/drive/uploads", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        folderId: options.folderId,
        name: options.name,
        size: total,
        mimeType: file.type || undefined,
      }),
    }),
  )) as DriveUpload;
  report(upload);

  try {
    while (upload.file === null) {
      const current: DriveUpload = upload;
      if (current.received >= total) {
        // Every byte is in but the file is not: ask once more (the answer to the last chunk was lost).
        upload = (await withRetries(() => call(`/drive/uploads/${current.id}`, { method: "GET" }))) as DriveUpload;
        if (upload.file === null) {
          throw new ProblemError({ type: "about:blank", title: "The upload did not finish", status: 500 });
        }
        break;
      }
      upload = await sendNextChunk(current);
      report(upload);
    }
  } catch (error) {
    // Cancelled or given up: the server's half-received upload is dropped, not left to expire.
    if (isAbort(error) || error instanceof ProblemError) void cancelQuietly(upload.id);
    throw error;
  }
  return upload.file;

  async function sendNextChunk(from: DriveUpload): Promise<DriveUpload> {
    let resumeAt = from;
    const send = async () => {
      const index = Math.floor(resumeAt.received / resumeAt.chunkBytes);
      const start = index * resumeAt.chunkBytes;
      const end = Math.min(total, start + resumeAt.chunkBytes);
      return (await call(`/drive/uploads/${resumeAt.id}/chunks/${index}`, {
        method: "PUT",
        headers: { "Content-Type": "application/octet-stream" },
        body: file.slice(start, end),
      })) as DriveUpload;
    };
    // After a failure the server may have kept the chunk (only its answer was lost) or part of
    // the file: it says where to go on from.
    const resync = async () => {
      resumeAt = (await withRetries(() => call(`/drive/uploads/${from.id}`, { method: "GET" }))) as DriveUpload;
    };
    return withRetries(async () => {
      if (resumeAt.file !== null || resumeAt.received >= total) return resumeAt;
      return send();
    }, resync);
  }

  async function cancelQuietly(id: string) {
    try {
      await fetchFn(apiUrl(`/drive/uploads/${id}`), { method: "DELETE", credentials: "same-origin" });
    } catch {
      // Unfinished uploads expire on the server anyway.
    }
  }
}
