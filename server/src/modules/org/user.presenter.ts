import type { Role, User } from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import { mayManageUser } from "../../policies/users";
import { iso } from "./unit.presenter";
import type { UserRow } from "./user.queries";

export function presentUser(row: UserRow, actor: Actor): User {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    position: row.position,
    email: row.email,
    phone: row.phone,
    role: row.role as Role,
    unitId: row.unitId,
    unitName: row.unitName,
    active: row.active,
    hasPhoto: row.hasPhoto,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    abilities: { manage: mayManageUser(actor, { id: row.id, role: row.role as Role, unitId: row.unitId }) },
  };
}
