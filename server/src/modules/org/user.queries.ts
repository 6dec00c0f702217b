import { type SQL, sql } from "drizzle-orm";
import { type Executor, preparedRows, rows } from "../../platform/db/database";
import { everyWordMatches } from "../../platform/db/search-words";
import { invalid } from "../../platform/errors/problem";

export interface UserRow {
  id: string;
  login: string;
  name: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  role: string;
  unitId: string;
  unitName: string;
  active: boolean;
  hasPhoto: boolean;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** A user row's columns (`u` the user, `un` their unit), for queries that read a user with more. */
export const userColumns = sql`u.id, u.login, u.name, u.position, u.email, u.phone, u.role, u.unit_id as "unitId",
  un.name as "unitName", u.active, exists(select 1 from user_photos p where p.user_id = u.id) as "hasPhoto",
  u.version, u.created_at as "createdAt", u.updated_at as "updatedAt"`;

/** Sort keys come from this allowlist only; the client's string never reaches SQL. */
const sortColumns: Record<string, SQL> = {
  name: sql`u.name`,
  login: sql`u.login`,
  role: sql`u.role`,
  position: sql`u.position`,
  createdAt: sql`u.created_at`,
};

export interface UserListFilter {
  q?: string;
  unitIds?: string[];
  role?: string;
  active?: boolean;
  sort: string;
  limit: number;
  offset: number;
}

export async function listUsers(executor: Executor, filter: UserListFilter) {
  const conditions: SQL[] = [sql`true`];
  // Every word in one of the fields, as the CRM lists search; ten thousand users need no index.
  const search = filter.q
    ? everyWordMatches(
        filter.q,
        ({ pattern }) =>
          sql`u.name ilike ${pattern} or u.login ilike ${pattern} or u.email ilike ${pattern} or u.position ilike ${pattern}`,
      )
    : undefined;
  if (search) conditions.push(search);
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) return { items: [], total: 0 };
    conditions.push(
      sql`u.unit_id in (${sql.join(
        filter.unitIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (filter.role) conditions.push(sql`u.role = ${filter.role}`);
  if (filter.active !== undefined) conditions.push(sql`u.active = ${filter.active}`);
  const where = sql.join(conditions, sql` and `);
  const descending = filter.sort.startsWith("-");
  const column = sortColumns[filter.sort.replace(/^-/, "")] ?? sql`u.name`;
  const order = descending ? sql`${column} desc nulls last, u.id` : sql`${column} asc nulls last, u.id`;
  const [items, [count]] = await Promise.all([
    rows<UserRow>(
      executor,
      sql`select ${userColumns} from users u join units un on un.id = u.unit_id where ${where}
          order by ${order} limit ${filter.limit} offset ${filter.offset}`,
    ),
    rows<{ total: number }>(executor, sql`select count(*)::int as total from users u where ${where}`),
  ]);
  return { items, total: Number(count?.total ?? 0) };
}

export async function findUser(executor: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await preparedRows<UserRow>(
    executor,
    sql`select ${userColumns} from users u join units un on un.id = u.unit_id where u.id = ${id}`,
  );
  return row;
}

/**
 * Tasks and groups take anyone in the directory (as in Bitrix24), but only active employees;
 * reading the task or group still follows its own rule. 422 on `field` when one is not.
 */
export async function assertActiveUsersOrThrow(executor: Executor, ids: readonly string[], field: string) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await rows<{ id: string }>(
    executor,
    sql`select id from users where active and id in (${sql.join(
      wanted.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  if (found.length !== wanted.length) throw invalid(field, "Choose active employees");
}
