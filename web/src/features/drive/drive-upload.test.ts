import { describe, expect, it } from "vitest";
import { isAbort, uploadDriveFileOrThrow } from "./drive-upload";

const chunkBytes = 1000;

interface Sent {
  method: string;
  url: string;
  bytes: number;
}

/**
 * The server's side of the chunk protocol, in memory: it keeps what arrives in order and can be
 * told to drop the connection on a given chunk, before or after storing it.
 */
function fakeServer(
  options: { dropOn?: { index: number; times: number; afterStoring: boolean }; refuse?: number } = {},
) {
  const sent: Sent[] = [];
  let stored = new Uint8Array(0);
  let size = 0;
  let drops = options.dropOn?.times ?? 0;
  let finished = false;
  const uploadId = "00000000-0000-4000-8000-000000000001";
  const file = {
    id: "00000000-0000-4000-8000-000000000002",
    folderId: "00000000-0000-4000-8000-000000000003",
    name: "report.pdf",
    size: 0,
    mimeType: "application/pdf",
    versionNumber: 1,
    preview: "pdf",
    hasThumbnail: false,
    contentState: "pending",
    lockedBy: null,
    lockedAt: null,
    createdBy: null,
    createdAt: "2026-12-07T05:00:00.000Z",
    updatedAt: "2026-12-07T05:00:00.000Z",
    deletedAt: null,
    version: 1,
    abilities: { edit: true },
  };
  const state = () => ({
    id: uploadId,
    folderId: file.folderId,
    name: file.name,
    size,
    received: stored.length,
    chunkBytes,
    file: finished ? { ...file, size } : null,
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const method = init.method ?? "GET";
    const body = init.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : null;
    sent.push({ method, url, bytes: body?.length ?? 0 });
    if (method === "POST" && url === "/api/v1/drive/uploads") {
      size = JSON.parse(String(init.body)).size;
      return json(state(), 201);
    }
    if (method === "GET" && url === `/api/v1/drive/uploads/${uploadId}`) return json(state());
    if (method === "DELETE") return new Response(null, { status: 204 });
    const match = /\/chunks\/(\d+)$/.exec(url);
    if (method === "PUT" && match && body) {
      const index = Number(match[1]);
      if (options.refuse === index) {
        return json({ type: "about:blank", title: "Quota exceeded", status: 413, detail: "Диск заполнен" }, 413);
      }
      const drop = options.dropOn?.index === index && drops > 0;
      if (drop && !options.dropOn?.afterStoring) {
        drops--;
        throw new TypeError("Failed to fetch");
      }
      if (index * chunkBytes !== stored.length) {
        return json({ type: "about:blank", title: "Out of order", status: 409 }, 409);
      }
      const next = new Uint8Array(stored.length + body.length);
      next.set(stored);
      next.set(body, stored.length);
      stored = next;
      if (stored.length === size) finished = true;
      if (drop) {
        drops--;
        throw new TypeError("Failed to fetch");
      }
      return json(state());
    }
    return json({ type: "about:blank", title: "Not found", status: 404 }, 404);
  };
  return { fetch: fetch as typeof globalThis.fetch, sent, stored: () => stored };
}

function fileOf(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
  return new Blob([bytes], { type: "application/pdf" });
}

const noWait = async () => {};
const chunkPuts = (sent: Sent[]) => sent.filter((request) => request.method === "PUT");

describe("the drive's resumable upload", () => {
  it("sends the file in order, one chunk after another, and answers the stored file", async () => {
    const server = fakeServer();
    const file = fileOf(3500);
    const progress: number[] = [];
    const stored = await uploadDriveFileOrThrow({
      file,
      name: "report.pdf",
      folderId: "00000000-0000-4000-8000-000000000003",
      fetch: server.fetch,
      sleep: noWait,
      onProgress: ({ sent }) => progress.push(sent),
    });
    expect(stored.size).toBe(3500);
    expect(chunkPuts(server.sent).map((request) => [request.url.split("/").pop(), request.bytes])).toEqual([
      ["0", 1000],
      ["1", 1000],
      ["2", 1000],
      ["3", 500],
    ]);
    expect(server.stored()).toEqual(new Uint8Array(await file.arrayBuffer()));
    expect(progress).toEqual([0, 0, 1000, 2000, 3000, 3500]);
  });

  it("after a connection dropped mid-way, asks where to go on from and sends exactly the remaining bytes", async () => {
    // The third chunk reaches the server but its answer is lost.
    const server = fakeServer({ dropOn: { index: 2, times: 1, afterStoring: true } });
    const file = fileOf(4200);
    await uploadDriveFileOrThrow({ file, name: "report.pdf", folderId: "f", fetch: server.fetch, sleep: noWait });
    const dropAt = server.sent.findIndex((request) => request.url.endsWith("/chunks/2"));
    const after = server.sent.slice(dropAt + 1);
    expect(after[0]).toMatchObject({ method: "GET" });
    // 3000 bytes were stored when the line dropped: only the 1200 after them go again.
    expect(chunkPuts(after).reduce((sum, request) => sum + request.bytes, 0)).toBe(4200 - 3000);
    expect(chunkPuts(server.sent).reduce((sum, request) => sum + request.bytes, 0)).toBe(4200);
    expect(server.stored()).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it("sends a chunk lost before the server stored it again, and only that chunk", async () => {
    const server = fakeServer({ dropOn: { index: 1, times: 3, afterStoring: false } });
    const file = fileOf(2500);
    const waits: number[] = [];
    await uploadDriveFileOrThrow({
      file,
      name: "report.pdf",
      folderId: "f",
      fetch: server.fetch,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(chunkPuts(server.sent).map((request) => request.url.split("/").pop())).toEqual([
      "0",
      "1",
      "1",
      "1",
      "1",
      "2",
    ]);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(server.stored()).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it("gives up after five retries of one chunk, and drops the half-received upload", async () => {
    const server = fakeServer({ dropOn: { index: 0, times: 100, afterStoring: false } });
    const failure = uploadDriveFileOrThrow({
      file: fileOf(1500),
      name: "a.pdf",
      folderId: "f",
      fetch: server.fetch,
      sleep: noWait,
    });
    await expect(failure).rejects.toMatchObject({ status: 0 });
    expect(chunkPuts(server.sent)).toHaveLength(6);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(server.sent.at(-1)).toMatchObject({ method: "DELETE" });
  });

  it("does not retry a refusal such as a full quota, and tells the server's reason", async () => {
    const server = fakeServer({ refuse: 1 });
    const failure = uploadDriveFileOrThrow({
      file: fileOf(2500),
      name: "a.pdf",
      folderId: "f",
      fetch: server.fetch,
      sleep: noWait,
    });
    await expect(failure).rejects.toMatchObject({ status: 413, detail: "Диск заполнен" });
    expect(chunkPuts(server.sent)).toHaveLength(2);
  });

  it("stops when cancelled and cancels the upload on the server", async () => {
    const server = fakeServer();
    const controller = new AbortController();
    const failure = uploadDriveFileOrThrow({
      file: fileOf(5000),
      name: "a.pdf",
      folderId: "f",
      fetch: server.fetch,
      sleep: noWait,
      signal: controller.signal,
      onProgress: ({ sent }) => {
        if (sent >= 2000) controller.abort();
      },
    });
    const error = await failure.catch((caught: unknown) => caught);
    expect(isAbort(error)).toBe(true);
    expect(chunkPuts(server.sent)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(server.sent.at(-1)).toMatchObject({ method: "DELETE" });
  });
});
