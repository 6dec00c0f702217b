import { type SQL, sql } from "drizzle-orm";

/**
 * The ids of `roots` and every live unit below them, as a subquery: `u.unit_id in ${unitsBelow(…)}`.
 * The one way to walk the unit tree downwards, so a deleted unit's branch is skipped everywhere.
 */
export function unitsBelow(roots: SQL): SQL {
  return sql`(with recursive below as (
      select id from units where id in (${roots})
      union
      select child.id from units child join below on child.parent_id = below.id where child.deleted_at is null
    ) select id from below)`;
}
