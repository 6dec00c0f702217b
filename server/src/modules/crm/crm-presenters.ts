import type { RecordAbilities, ScopedEntity } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { AccessScope } from "../../platform/scope/access-scope";

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

/** The owner columns every CRM row carries, so its abilities need no second query. */
export interface OwnedRow {
  ownerId: string;
  ownerUnitId: string;
}

/** What the caller may do with one record: the same rules the services enforce on a write. */
export function recordAbilities(scope: AccessScope, entity: ScopedEntity, row: OwnedRow): RecordAbilities {
  const owner = { id: row.ownerId, unitId: row.ownerUnitId };
  return {
    edit: scope.canReachOwner(entity, "write", owner),
    delete: scope.canReachOwner(entity, "delete", owner),
    comment: scope.level(entity, "write") !== "none",
  };
}
