import { Readable, Transform } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchUpload,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import { type BlobStore, ChunkLengthError, type ChunkWrite, type UploadState } from "./blob-store";

export interface S3Settings {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph, Yandex Object Storage…); unset for AWS itself. */
  endpoint?: string;
  region: string;
  /** Unset: the SDK's own chain (environment, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** What a multipart upload needs between chunks; it lives in the database, so it is checked on the way back. */
const s3UploadStateSchema = z.object({
  uploadId: z.string().min(1),
  parts: z.array(z.object({ PartNumber: z.number().int().min(1).max(10_000), ETag: z.string().min(1) })),
});
type S3UploadState = z.infer<typeof s3UploadStateSchema>;

function uploadStateOrThrow(state: UploadState): S3UploadState {
  return s3UploadStateSchema.parse(state);
}

/**
 * Blobs in an S3 bucket, which several server processes (and machines) can share. An upload is
 * an S3 multipart upload: chunk `index` is part `index + 1`, so a chunk sent again replaces its part.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3";
  /** The SDK does not retry a streamed part (its body is drained); the browser sends the chunk again. */
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // The SDK's default trailing CRC checksums (aws-chunked bodies) are refused by many
      // S3-compatible servers; every chunk's length is checked here instead.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      // The SDK's default logger is silent but for one console warning on every failed streamed
      // part, which here is an expected event the caller already hears of.
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
  }

  private get bucket() {
    return this.settings.bucket;
  }

  async startUpload(key: string): Promise<UploadState> {
    const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }));
    if (!created.UploadId) throw new Error(`S3 gave no upload id for ${key}`);
    const state: S3UploadState = { uploadId: created.UploadId, parts: [] };
    return state;
  }

  async writeChunk(key: string, state: UploadState, chunk: ChunkWrite): Promise<UploadState> {
    const current = uploadStateOrThrow(state);
    const partNumber = chunk.index + 1;
    // The SDK pipes the body without watching it for errors: a broken or wrong-sized body
    // aborts the request here, or it would wait for bytes that never come.
    const abort = new AbortController();
    let failure: unknown;
    const fail = (error: unknown) => {
      failure ??= error;
      abort.abort(error);
    };
    const counted = countedBody(chunk.length, fail);
    chunk.body.once("error", fail);
    chunk.body.pipe(counted);
    let etag: string | undefined;
    try {
      const uploaded = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: current.uploadId,
          PartNumber: partNumber,
          ContentLength: chunk.length,
          Body: counted,
        }),
        { abortSignal: abort.signal },
      );
      etag = uploaded.ETag;
    } catch (error) {
      // As `pipeline` does in the folder store: what is left of a failed chunk is not read.
      chunk.body.unpipe(counted);
      chunk.body.destroy();
      throw failure ?? error;
    }
    if (failure !== undefined) throw failure;
    chunk.body.off("error", fail);
    if (!etag) throw new Error(`S3 gave no ETag for part ${partNumber} of ${key}`);
    const next: S3UploadState = {
      uploadId: current.uploadId,
      parts: [
        ...current.parts.filter((part) => part.PartNumber !== partNumber),
        { PartNumber: partNumber, ETag: etag },
      ],
    };
    return next;
  }

  async completeUpload(key: string, state: UploadState, chunkCount: number): Promise<void> {
    const current = uploadStateOrThrow(state);
    const parts = [...current.parts].sort((a, b) => a.PartNumber - b.PartNumber);
    // S3 would join whatever parts it has; a missing one must fail here, not make a shorter file.
    const complete = parts.length === chunkCount && parts.every((part, position) => part.PartNumber === position + 1);
    if (!complete) throw new Error(`The upload of ${key} has ${parts.length} of ${chunkCount} chunks`);
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: current.uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  }

  async abortUpload(key: string, state: UploadState): Promise<void> {
    const current = uploadStateOrThrow(state);
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: current.uploadId }),
      );
    } catch (error) {
      // Already aborted or completed: nothing is left to free.
      if (!(error instanceof NoSuchUpload || (error as { name?: string }).name === "NoSuchUpload")) throw error;
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, ContentLength: data.length }),
    );
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const response = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    if (!(response.Body instanceof Readable)) throw new Error(`S3 gave no body for ${key}`);
    return response.Body;
  }

  async remove(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** Passes the body on, failing with `ChunkLengthError` as soon as it is known not to be `expected` bytes. */
function countedBody(expected: number, fail: (error: unknown) => void): Transform {
  let received = 0;
  const counter = new Transform({
    transform(data: Buffer, _encoding, callback) {
      received += data.length;
      if (received > expected) callback(new ChunkLengthError(expected, received));
      else callback(null, data);
    },
    flush(callback) {
      if (received !== expected) callback(new ChunkLengthError(expected, received));
      else callback();
    },
  });
  counter.once("error", fail);
  return counter;
}
