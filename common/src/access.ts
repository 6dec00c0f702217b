import { z } from "zod";
import type { Role } from "./roles";

/** Bitrix24-style permission levels: what part of the company a role reaches. */
export const accessLevels = ["none", "own", "subtree", "all"] as const;
export const accessLevelSchema = z.enum(accessLevels);
export type AccessLevel = z.infer<typeof accessLevelSchema>;

export const scopedEntities = [
  "companies",
  "contacts",
  "leads",
  "deals",
  "activities",
  "tasks",
  "plans",
  "reports",
] as const;
export const scopedEntitySchema = z.enum(scopedEntities);
export type ScopedEntity = z.infer<typeof scopedEntitySchema>;

export const accessActions = ["read", "write", "delete", "export"] as const;
export const accessActionSchema = z.enum(accessActions);
export type AccessAction = z.infer<typeof accessActionSchema>;

export type AccessMatrix = Record<Role, Record<ScopedEntity, Record<AccessAction, AccessLevel>>>;

function uniform(level: AccessLevel): Record<AccessAction, AccessLevel> {
  return { read: level, write: level, delete: level, export: level };
}

function forEveryEntity(level: AccessLevel): Record<ScopedEntity, Record<AccessAction, AccessLevel>> {
  return Object.fromEntries(scopedEntities.map((entity) => [entity, uniform(level)])) as Record<
    ScopedEntity,
    Record<AccessAction, AccessLevel>
  >;
}

/** DESIGN.md section 1: managers see their own, heads their subtree, top and admin everything. */
export function defaultAccessMatrix(): AccessMatrix {
  const manager = forEveryEntity("own");
  // A manager reads their own plan but never changes it.
  manager.plans = { read: "own", write: "none", delete: "none", export: "own" };
  const head = forEveryEntity("subtree");
  return { manager, head, top: forEveryEntity("all"), admin: forEveryEntity("all") };
}

export const accessRuleSchema = z.object({
  role: z.enum(["manager", "head", "top", "admin"]),
  entity: scopedEntitySchema,
  action: accessActionSchema,
  level: accessLevelSchema,
});
export type AccessRule = z.infer<typeof accessRuleSchema>;

export function matrixToRules(matrix: AccessMatrix): AccessRule[] {
  const rules: AccessRule[] = [];
  for (const role of Object.keys(matrix) as Role[]) {
    for (const entity of scopedEntities) {
      for (const action of accessActions) {
        rules.push({ role, entity, action, level: matrix[role][entity][action] });
      }
    }
  }
  return rules;
}

export function applyRules(matrix: AccessMatrix, rules: AccessRule[]): AccessMatrix {
  const copy = structuredClone(matrix);
  for (const rule of rules) copy[rule.role][rule.entity][rule.action] = rule.level;
  return copy;
}

/** API token scopes: an area of the API and whether the token may change things there. */
export const tokenScopes = [
  "org:read",
  "org:write",
  "crm:read",
  "crm:write",
  "plans:read",
  "plans:write",
  "integrations:1c",
] as const;
export const tokenScopeSchema = z.enum(tokenScopes);
export type TokenScope = z.infer<typeof tokenScopeSchema>;
