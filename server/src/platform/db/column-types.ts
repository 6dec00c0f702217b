import { customType } from "drizzle-orm/pg-core";

/** Binary data (photos, uploaded files) as Node buffers. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** A full-text search vector, for generated `search` columns behind GIN indexes. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
