import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DriveFile, type DriveRoots, type DriveUpload, driveChunkBytes } from "@planerka/common";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, expect } from "vitest";
import { LocalBlobStore } from "../../platform/files/local-blob-store";
import type { Client } from "../../testing/test-app";

/** Status first, so a failure shows the problem the server answered. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export async function ok<T = any>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return (answer.statusCode === 204 ? undefined : answer.json()) as T;
}

/** A local store in a fresh folder, removed after the file's tests; `files()` lists what it holds. */
export function useTemporaryStore() {
  const context = {} as { store: LocalBlobStore; root: string; files: () => Promise<string[]> };
  context.root = path.join(tmpdir(), `planerka-drive-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  context.store = new LocalBlobStore(context.root);
  context.files = async () => {
    const found: string[] = [];
    const walk = async (folder: string) => {
      for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) await walk(full);
        else found.push(path.relative(context.root, full));
      }
    };
    await walk(context.root);
    return found;
  };
  afterAll(async () => {
    await rm(context.root, { recursive: true, force: true });
  });
  return context;
}

export async function temporaryFolder() {
  return mkdtemp(path.join(tmpdir(), "planerka-drive-"));
}

export const roots = (client: Client) => ok<DriveRoots>(client.request("GET", "/api/v1/drive/roots"));

export async function startUpload(client: Client, folderId: string, name: string, size: number, mimeType?: string) {
  return client.request("POST", "/api/v1/drive/uploads", { folderId, name, size, mimeType });
}

export function putChunk(client: Client, uploadId: string, index: number, data: Buffer) {
  return client.request("PUT", `/api/v1/drive/uploads/${uploadId}/chunks/${index}`, data, {
    "content-type": "application/octet-stream",
  });
}

/** Uploads `data` in chunks as the web client does; the answer of the last chunk. */
export async function uploadFile(
  client: Client,
  folderId: string,
  name: string,
  data: Buffer,
  mimeType?: string,
): Promise<DriveFile> {
  const upload = await ok<DriveUpload>(startUpload(client, folderId, name, data.length, mimeType), 201);
  let last = upload;
  for (let index = 0; index * driveChunkBytes < data.length; index++)
    last = await ok<DriveUpload>(
      putChunk(client, upload.id, index, data.subarray(index * driveChunkBytes, (index + 1) * driveChunkBytes)),
    );
  expect(last.file).not.toBeNull();
  return last.file!;
}

export async function createFolder(client: Client, parentId: string, name: string) {
  return ok(client.request("POST", "/api/v1/drive/folders", { parentId, name }), 201);
}

export async function download(client: Client, fileId: string, query = "") {
  const response = await client.request("GET", `/api/v1/drive/files/${fileId}/content${query}`);
  return response;
}
