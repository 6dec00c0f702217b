import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";

/**
 * Where the drive's bytes live: a folder under the data directory (`LocalBlobStore`) or an
 * S3-compatible bucket (`S3BlobStore`), which several server processes can share. Keys are
 * generated (`newStorageKey`), never a user's file name.
 *
 * An upload is written in chunks, in order, each at a known offset; the store keeps what it needs
 * to resume between chunks in `UploadState` (saved in the database with the upload), so any
 * process can take the next chunk.
 */
export type UploadState = Record<string, unknown>;

export interface ChunkWrite {
  /** 0-based; every chunk but the last is exactly the upload's chunk size. */
  index: number;
  offset: number;
  length: number;
  body: Readable;
}

export interface BlobStore {
  readonly kind: "local" | "s3";
  startUpload(key: string): Promise<UploadState>;
  /** Stores one chunk; a body shorter or longer than `length` fails and leaves the upload as it was. */
  writeChunk(key: string, state: UploadState, chunk: ChunkWrite): Promise<UploadState>;
  /** Makes the uploaded object readable under `key`. */
  completeUpload(key: string, state: UploadState, chunkCount: number): Promise<void>;
  abortUpload(key: string, state: UploadState): Promise<void>;
  /** A whole small object at once (thumbnails, files moved in from tasks and chat). */
  put(key: string, data: Buffer): Promise<void>;
  /** The object's bytes, or `end` inclusive from `start`. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes the object; a missing one is not an error. */
  remove(key: string): Promise<void>;
}

/** A fresh key: random, path-safe, spread over 256 prefixes. */
export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

/** Thrown when a chunk's body is not the length announced: the client sends it again. */
export class ChunkLengthError extends Error {
  constructor(
    readonly expected: number,
    readonly received: number,
  ) {
    super(`The chunk had ${received} bytes, ${expected} were announced`);
  }
}
