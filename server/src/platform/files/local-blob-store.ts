import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type BlobStore, ChunkLengthError, type ChunkWrite, type UploadState } from "./blob-store";

/**
 * Blobs in a folder: `<root>/blobs/<key>`; uploads in progress in `<root>/uploads/<key>`, moved
 * into place when complete. One process or several on one machine; several machines need S3.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = "local";

  constructor(private readonly root: string) {}

  private blobPath(key: string) {
    return path.join(this.root, "blobs", safeKeyOrThrow(key));
  }

  private uploadPath(key: string) {
    return path.join(this.root, "uploads", safeKeyOrThrow(key));
  }

  async startUpload(key: string): Promise<UploadState> {
    const file = this.uploadPath(key);
    await mkdir(path.dirname(file), { recursive: true });
    await (await open(file, "w")).close();
    return {};
  }

  async writeChunk(key: string, state: UploadState, chunk: ChunkWrite): Promise<UploadState> {
    const file = this.uploadPath(key);
    const handle = await open(file, "r+");
    try {
      // Bytes past the offset are a chunk that broke off: they are written again now.
      await handle.truncate(chunk.offset);
    } finally {
      await handle.close();
    }
    let received = 0;
    const counter = new Transform({
      transform(data: Buffer, _encoding, callback) {
        received += data.length;
        if (received > chunk.length) callback(new ChunkLengthError(chunk.length, received));
        else callback(null, data);
      },
    });
    try {
      await pipeline(chunk.body, counter, createWriteStream(file, { flags: "r+", start: chunk.offset }));
      if (received !== chunk.length) throw new ChunkLengthError(chunk.length, received);
    } catch (error) {
      const handleAgain = await open(file, "r+");
      await handleAgain.truncate(chunk.offset).finally(() => handleAgain.close());
      throw error;
    }
    return state;
  }

  async completeUpload(key: string): Promise<void> {
    const target = this.blobPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(this.uploadPath(key), target);
  }

  async abortUpload(key: string): Promise<void> {
    await rm(this.uploadPath(key), { force: true });
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.blobPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.part`;
    const handle = await open(partial, "w");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, target);
  }

  async read(key: string, range?: { start: number; end: number }) {
    const stream = createReadStream(this.blobPath(key), range ? { start: range.start, end: range.end } : {});
    // Opening errors (a missing blob) surface here rather than mid-reply.
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
    return stream;
  }

  async remove(key: string): Promise<void> {
    await rm(this.blobPath(key), { force: true });
  }
}

/** Keys are ours (`newStorageKey`), but a key is still checked before it becomes a path. */
function safeKeyOrThrow(key: string): string {
  if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}(\.[a-z0-9]+)?$/.test(key)) throw new Error(`Not a storage key: ${key}`);
  return key;
}
