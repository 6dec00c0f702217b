import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/** The little of s3rver (no type definitions of its own) the tests use. */
interface S3rverContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
interface S3rverInstance {
  middleware: ((context: S3rverContext, next: () => Promise<void>) => Promise<void>)[];
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;

/**
 * An S3-compatible server in this process (s3rver) on a free loopback port, over a fresh folder,
 * with one bucket. Its fixed credentials are S3RVER / S3RVER; address it path-style.
 */
export async function startS3Server() {
  const directory = await mkdtemp(path.join(os.tmpdir(), "planerka-s3-"));
  const bucket = "planerka-test";
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  // s3rver 3.7 cannot abort a multipart upload (DELETE ?uploadId is "MethodNotAllowed"): this
  // does what S3 does — drops the parts, answers 204, or NoSuchUpload for an unknown id.
  server.middleware.unshift(async (context, next) => {
    const uploadId = context.query.uploadId;
    if (context.method !== "DELETE" || typeof uploadId !== "string") return next();
    const bucketName = context.path.split("/")[1] ?? "";
    const uploads = server.store.getResourcePath(bucketName, undefined, "uploads");
    const folder = path.join(uploads, uploadId);
    if (!/^[0-9a-f]+$/.test(uploadId) || !existsSync(folder)) {
      context.status = 404;
      context.type = "application/xml";
      context.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId.replace(/[^0-9a-zA-Z]/g, "")}</UploadId></Error>`;
      return;
    }
    await rm(folder, { recursive: true, force: true });
    context.status = 204;
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    async stop() {
      // Kept-alive SDK connections would hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
