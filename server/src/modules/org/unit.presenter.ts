import type { Unit, UnitKind } from "@planerka/common";
import type { UnitRow } from "./unit.queries";

export const iso = (value: Date | string): string => new Date(value).toISOString();

export function presentUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as UnitKind,
    parentId: row.parentId,
    headUserId: row.headUserId,
    headUserName: row.headUserName,
    userCount: Number(row.userCount),
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
