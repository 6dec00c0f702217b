import { type SQL, sql } from "drizzle-orm";

/**
 * The ids of `roots` and every unit below them, as a subquery: `u.unit_id in ${unitsBelow(…)}`.
 * `roots` is a list of ids or a subquery yielding them. The one way to walk the unit tree
 * downwards, so a deleted unit (a root or one on the way) and everything under it is skipped
 * everywhere: a deleted unit cuts its branch off the company.
 */
export function unitsBelow(roots: SQL): SQL {
  return sql`(with recursive below as (
      select id from units where id in (${roots}) and deleted_at is null
      union
      select child.id from units child join below on child.parent_id = below.id where child.deleted_at is null
    ) select id from below)`;
}

/**
 * The unit `unit` (an id or a subquery yielding one) and every unit above it up to the root, as a
 * table of `(id, depth)`, 0 being `unit` itself: `from ${unitsAbove(…)} chain`. The one way to walk
 * the tree upwards; like `unitsBelow` it stops at a deleted unit, so both directions see one tree.
 */
export function unitsAbove(unit: SQL): SQL {
  return sql`(with recursive above as (
      select id, parent_id, 0 as depth from units where id = (${unit}) and deleted_at is null
      union all
      select parent.id, parent.parent_id, above.depth + 1 from units parent join above on parent.id = above.parent_id
      where parent.deleted_at is null and above.depth < 100
    ) select id, depth from above)`;
}
