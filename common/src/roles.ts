import { z } from "zod";

/** Ordered from least to most powerful: a head may only grant roles strictly below their own. */
export const roles = ["manager", "head", "top", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export function roleRank(role: Role): number {
  return roles.indexOf(role);
}

export const unitKinds = ["company", "region", "city", "department"] as const;
export const unitKindSchema = z.enum(unitKinds);
export type UnitKind = z.infer<typeof unitKindSchema>;
