import path from "node:path";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";
import { S3BlobStore, type S3Settings } from "./s3-blob-store";

/** The drive's store as configured: the S3 bucket when one is set, else `<data dir>/drive`. */
export function openBlobStore(config: { dataDir: string; s3?: S3Settings }): BlobStore {
  if (config.s3) return new S3BlobStore(config.s3);
  return new LocalBlobStore(path.join(config.dataDir, "drive"));
}
