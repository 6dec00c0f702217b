import type { Database } from "../../platform/db/database";
import type { BlobStore } from "../../platform/files/blob-store";

/** The drive's routes need the database and the store its bytes live in. */
export interface DriveDeps {
  db: Database;
  store: BlobStore;
  publicUrl?: string;
}
