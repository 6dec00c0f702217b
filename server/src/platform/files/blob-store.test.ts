import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { driveChunkBytes } from "@planerka/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server } from "../../testing/s3-server";
import { type BlobStore, ChunkLengthError, newStorageKey, type UploadState } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";
import { openBlobStore } from "./open-blob-store";
import { S3BlobStore } from "./s3-blob-store";

/** Two full chunks and a short last one, as the drive's uploads send them. */
const file = randomBytes(2 * driveChunkBytes + 1024);
const chunks = [0, 1, 2].map((index) => {
  const offset = index * driveChunkBytes;
  const bytes = file.subarray(offset, Math.min(offset + driveChunkBytes, file.length));
  return { index, offset, length: bytes.length, bytes };
});
type Chunk = (typeof chunks)[number];

/** A body arriving in network-sized pieces. */
function bodyOf(bytes: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 256 * 1024) pieces.push(bytes.subarray(at, at + 256 * 1024));
  return Readable.from(pieces);
}

/** A body whose connection drops after `at` bytes. */
function breakingBody(bytes: Buffer, at: number): Readable {
  return Readable.from(
    (async function* () {
      yield bytes.subarray(0, at);
      await nextTurn();
      throw new Error("connection reset by the browser");
    })(),
  );
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

async function write(store: BlobStore, key: string, state: UploadState, chunk: Chunk, body = bodyOf(chunk.bytes)) {
  const { index, offset, length } = chunk;
  return store.writeChunk(key, state, { index, offset, length, body });
}

interface StoreCase {
  name: string;
  open(): Promise<{ store: BlobStore; close(): Promise<void> }>;
}

const storeCases: StoreCase[] = [
  {
    name: "folder",
    async open() {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "planerka-blobs-"));
      return { store: openBlobStore({ dataDir }), close: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: "S3",
    async open() {
      const server = await startS3Server();
      const store = openBlobStore({
        dataDir: "/nonexistent",
        s3: {
          bucket: server.bucket,
          endpoint: server.endpoint,
          region: "us-east-1",
          accessKeyId: server.accessKeyId,
          secretAccessKey: server.secretAccessKey,
          forcePathStyle: true,
        },
      });
      return { store, close: () => server.stop() };
    },
  },
];

describe.each(storeCases)("the $name blob store", (storeCase) => {
  let store: BlobStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await storeCase.open());
  });

  afterAll(() => close());

  it("stores an upload of three chunks and reads it back whole and in ranges", async () => {
    const key = newStorageKey();
    let state = await store.startUpload(key);
    for (const chunk of chunks) state = await write(store, key, state, chunk);
    await store.completeUpload(key, state, chunks.length);

    expect((await bytesOf(await store.read(key))).equals(file)).toBe(true);
    // Across the first chunk's end, and the very last bytes.
    const across = { start: driveChunkBytes - 100, end: driveChunkBytes + 99 };
    expect(await bytesOf(await store.read(key, across))).toEqual(file.subarray(across.start, across.end + 1));
    const tail = { start: file.length - 10, end: file.length - 1 };
    expect(await bytesOf(await store.read(key, tail))).toEqual(file.subarray(-10));
  });

  it("fails a chunk whose body breaks off half-way, and takes the same chunk again exactly, even twice", async () => {
    const key = newStorageKey();
    let state = await store.startUpload(key);
    state = await write(store, key, state, chunks[0]!);
    const [, second, last] = chunks as [Chunk, Chunk, Chunk];

    await expect(write(store, key, state, second, breakingBody(second.bytes, second.length / 2))).rejects.toThrow(
      "connection reset by the browser",
    );
    // The state from before the failure is the one the next attempt starts from.
    state = await write(store, key, state, second);
    // Stored, but the answer was lost: the browser sends it once more, and it replaces itself.
    state = await write(store, key, state, second);
    state = await write(store, key, state, last);
    await store.completeUpload(key, state, chunks.length);

    expect((await bytesOf(await store.read(key))).equals(file)).toBe(true);
  });

  it("refuses a chunk shorter or longer than announced, and completes after a good retry", async () => {
    const key = newStorageKey();
    let state = await store.startUpload(key);
    const [first, second, last] = chunks as [Chunk, Chunk, Chunk];

    const short = write(store, key, state, first, bodyOf(first.bytes.subarray(0, first.length - 1)));
    await expect(short).rejects.toBeInstanceOf(ChunkLengthError);
    await expect(short).rejects.toMatchObject({ expected: first.length, received: first.length - 1 });
    const long = write(store, key, state, first, bodyOf(Buffer.concat([first.bytes, Buffer.from("extra")])));
    await expect(long).rejects.toBeInstanceOf(ChunkLengthError);

    state = await write(store, key, state, first);
    state = await write(store, key, state, second);
    const lastTooLong = write(store, key, state, last, bodyOf(Buffer.concat([last.bytes, Buffer.from("x")])));
    await expect(lastTooLong).rejects.toMatchObject({ expected: last.length, received: last.length + 1 });
    state = await write(store, key, state, last);
    await store.completeUpload(key, state, chunks.length);

    expect((await bytesOf(await store.read(key))).equals(file)).toBe(true);
  });

  it("leaves nothing readable after an aborted upload, and aborting twice is fine", async () => {
    const key = newStorageKey();
    const small = { index: 0, offset: 0, length: 1024, bytes: file.subarray(0, 1024) };
    let state = await store.startUpload(key);
    state = await write(store, key, state, small);
    await store.abortUpload(key, state);

    await expect(store.read(key)).rejects.toThrow();
    await expect(store.abortUpload(key, state)).resolves.toBeUndefined();
  });

  it("puts and reads a small object, and removes it; removing a missing one is not an error", async () => {
    const key = newStorageKey();
    const thumbnail = randomBytes(3000);
    await store.put(key, thumbnail);
    expect(await bytesOf(await store.read(key))).toEqual(thumbnail);
    expect(await bytesOf(await store.read(key, { start: 10, end: 19 }))).toEqual(thumbnail.subarray(10, 20));

    await store.remove(key);
    await expect(store.read(key)).rejects.toThrow();
    await expect(store.remove(key)).resolves.toBeUndefined();
    await expect(store.remove(newStorageKey())).resolves.toBeUndefined();
  });
});

describe("storage keys", () => {
  it("are random and path-safe, spread over 256 prefixes", () => {
    const keys = Array.from({ length: 50 }, () => newStorageKey());
    expect(new Set(keys).size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^([0-9a-f]{2})\/\1[0-9a-f]{6}-[0-9a-f-]{27}$/);
  });

  it("are the only keys the folder store takes: nothing is written outside its folder", async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), "planerka-blobs-"));
    try {
      const store = new LocalBlobStore(path.join(parent, "drive"));
      for (const key of ["../escape", "ab/../../escape", "/etc/passwd", "ab/report.pdf"]) {
        await expect(store.put(key, Buffer.from("x")), key).rejects.toThrow(/Not a storage key/);
        await expect(store.startUpload(key), key).rejects.toThrow(/Not a storage key/);
        await expect(store.read(key), key).rejects.toThrow(/Not a storage key/);
      }
      expect(existsSync(path.join(parent, "escape"))).toBe(false);
      expect(await readdir(parent)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it("choose the store from the configuration", () => {
    expect(openBlobStore({ dataDir: "/srv/planerka" }).kind).toBe("local");
    const s3 = { bucket: "planerka-files", region: "us-east-1", forcePathStyle: false };
    expect(openBlobStore({ dataDir: "/srv/planerka", s3 })).toBeInstanceOf(S3BlobStore);
  });
});
