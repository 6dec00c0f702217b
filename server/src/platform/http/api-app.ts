import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Database } from "../db/database";
import type { BlobStore } from "../files/blob-store";

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ModuleDeps {
  db: Database;
}

/** A module that stores files: the blob store their bytes go to (a folder or an S3 bucket). */
export interface StoreDeps extends ModuleDeps {
  store: BlobStore;
}

export const problemResponses = {};
