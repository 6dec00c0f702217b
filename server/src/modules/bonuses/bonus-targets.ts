import type { Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { SchemeRow } from "./bonus-scheme.service";

export interface OrgPerson {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  unitName: string;
  active: boolean;
}

interface OrgUnit {
  id: string;
  name: string;
  parentId: string | null;
  headUserId: string | null;
}

/**
 * The unit tree and its people, read once per sheet: who falls under a scheme and whose revenue
 * makes a head's base are questions about the tree, answered here without a query each.
 */
export interface OrgTree {
  rootId: string | null;
  units: Map<string, OrgUnit>;
  users: Map<string, OrgPerson>;
  /** Active people in these units and all below (`formerToo`: with those who left, for revenue). */
  peopleBelow(unitIds: readonly string[], options?: { formerToo?: boolean }): OrgPerson[];
  /** The units a person heads, or null when none. */
  headedBy(userId: string): string[] | null;
  /** How deep a unit is (the root is 0). */
  depthOf(unitId: string): number;
  isBelow(unitId: string, ancestorId: string): boolean;
}

export async function loadOrgTree(executor: Executor): Promise<OrgTree> {
  const [unitRows, userRows] = await Promise.all([
    rows<OrgUnit>(
      executor,
      sql`select id, name, parent_id as "parentId", head_user_id as "headUserId" from units where deleted_at is null`,
    ),
    rows<OrgPerson>(
      executor,
      sql`select u.id, u.name, u.role, u.unit_id as "unitId", un.name as "unitName", u.active
          from users u join units un on un.id = u.unit_id`,
    ),
  ]);
  const units = new Map(unitRows.map((unit) => [unit.id, unit]));
  const users = new Map(userRows.map((user) => [user.id, user]));
  const children = new Map<string, string[]>();
  for (const unit of unitRows) {
    if (!unit.parentId || !units.has(unit.parentId)) continue;
    const list = children.get(unit.parentId);
    if (list) list.push(unit.id);
    else children.set(unit.parentId, [unit.id]);
  }
  const peopleOf = new Map<string, OrgPerson[]>();
  for (const user of userRows) {
    const list = peopleOf.get(user.unitId);
    if (list) list.push(user);
    else peopleOf.set(user.unitId, [user]);
  }
  const headed = new Map<string, string[]>();
  for (const unit of unitRows) {
    if (!unit.headUserId) continue;
    const list = headed.get(unit.headUserId);
    if (list) list.push(unit.id);
    else headed.set(unit.headUserId, [unit.id]);
  }
  const depthOf = (unitId: string) => {
    let depth = 0;
    for (let unit = units.get(unitId); unit?.parentId && units.has(unit.parentId); unit = units.get(unit.parentId))
      depth += 1;
    return depth;
  };
  const isBelow = (unitId: string, ancestorId: string) => {
    for (let unit = units.get(unitId); unit; unit = unit.parentId ? units.get(unit.parentId) : undefined)
      if (unit.id === ancestorId) return true;
    return false;
  };
  return {
    rootId: unitRows.find((unit) => !unit.parentId)?.id ?? null,
    units,
    users,
    depthOf,
    isBelow,
    headedBy: (userId) => headed.get(userId) ?? null,
    peopleBelow(unitIds, options = {}) {
      const seen = new Set<string>();
      const people: OrgPerson[] = [];
      const stack = unitIds.filter((id) => units.has(id));
      while (stack.length > 0) {
        const unitId = stack.pop()!;
        if (seen.has(unitId)) continue;
        seen.add(unitId);
        for (const person of peopleOf.get(unitId) ?? []) if (person.active || options.formerToo) people.push(person);
        stack.push(...(children.get(unitId) ?? []));
      }
      return people;
    },
  };
}

/**
 * The scheme that applies to a person, the most specific winning: one naming them, then one of
 * their unit (the deepest unit first; with their role too before without), then one of their role.
 * A scheme naming a role and a unit applies to that role within that unit.
 */
export function schemeFor(schemes: readonly SchemeRow[], person: OrgPerson, tree: OrgTree): SchemeRow | null {
  let best: { scheme: SchemeRow; score: number } | null = null;
  for (const scheme of schemes) {
    let score: number;
    if (scheme.appliesUserIds.includes(person.id)) score = 10_000;
    else {
      if (!scheme.appliesRole && !scheme.appliesUnitId) continue;
      if (scheme.appliesRole && scheme.appliesRole !== person.role) continue;
      if (scheme.appliesUnitId && !tree.isBelow(person.unitId, scheme.appliesUnitId)) continue;
      score = (scheme.appliesUnitId ? 2 + tree.depthOf(scheme.appliesUnitId) * 2 : 0) + (scheme.appliesRole ? 1 : 0);
    }
    // Equal ones: the first by name (the list comes ordered by name), so the choice is stable.
    if (!best || score > best.score) best = { scheme, score };
  }
  return best?.scheme ?? null;
}
