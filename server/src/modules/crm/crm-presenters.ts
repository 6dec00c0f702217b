import { toIso, toIsoOrNull } from "../../platform/db/sql-values";

/** A `{ id, name }` pair from two joined columns, or null when the link is empty or out of scope. */
export function reference(id: string | null | undefined, name: string | null | undefined) {
  return id && name !== null && name !== undefined ? { id, name } : null;
}

export function common(row: {
  id: string;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
  deletedAt?: Date | string | null;
}) {
  return {
    id: row.id,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    deletedAt: toIsoOrNull(row.deletedAt),
  };
}
