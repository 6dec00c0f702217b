import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { unitsBelow } from "../../platform/scope/units-below";

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  headUserId: string | null;
  headUserName: string | null;
  userCount: number;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}

const unitColumns = sql`u.id, u.name, u.kind, u.parent_id as "parentId", u.head_user_id as "headUserId",
  h.name as "headUserName", u.version, u.created_at as "createdAt", u.updated_at as "updatedAt",
  (select count(*)::int from users m where m.unit_id = u.id and m.active) as "userCount"`;

export function listUnits(executor: Executor): Promise<UnitRow[]> {
  return rows<UnitRow>(
    executor,
    sql`select ${unitColumns} from units u left join users h on h.id = u.head_user_id
        where u.deleted_at is null order by u.name`,
  );
}

export async function findUnit(executor: Executor, id: string): Promise<UnitRow | undefined> {
  const [row] = await rows<UnitRow>(
    executor,
    sql`select ${unitColumns} from units u left join users h on h.id = u.head_user_id
        where u.id = ${id} and u.deleted_at is null`,
  );
  return row;
}

/** The unit and every live unit below it (none when it is deleted). */
export async function subtreeUnitIds(executor: Executor, rootId: string): Promise<string[]> {
  const result = await rows<{ id: string }>(executor, sql`select id from ${unitsBelow(sql`${rootId}`)} below`);
  return result.map((row) => row.id);
}

/**
 * The company's top unit: the live unit without a parent (the oldest, should there ever be two).
 * A subquery, so a read can fetch it beside its other columns in one statement.
 */
export const rootUnitIdQuery = sql`(select id from units where parent_id is null and deleted_at is null
  order by created_at limit 1)`;

export async function findRootUnitId(executor: Executor): Promise<string | null> {
  const [root] = await rows<{ id: string | null }>(executor, sql`select ${rootUnitIdQuery} as id`);
  return root?.id ?? null;
}
