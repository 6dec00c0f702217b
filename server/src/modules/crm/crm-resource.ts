import type { AccessAction, ScopedEntity } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, preparedRows, rows } from "../../platform/db/database";
import { everyWordMatches, phoneDigits, type SearchWord } from "../../platform/db/search-words";
import { likePattern } from "../../platform/db/sql-values";
import { AppError, invalid } from "../../platform/errors/problem";
import type { AccessScope } from "../../platform/scope/access-scope";
import { unitsBelow } from "../../platform/scope/units-below";

/** How one query parameter narrows a list; the column is fixed here, never taken from the client. */
export type FilterSpec =
  | { kind: "equals" | "uuidList" | "contains"; column: SQL }
  | { kind: "from" | "to" | "min" | "max"; column: SQL }
  | { kind: "boolean"; column: SQL }
  | { kind: "custom"; build: (value: string) => SQL };

/**
 * One CRM collection: where its rows come from, which columns it shows, how it sorts, filters and
 * searches. Lists, cards, bulk actions and the trash all read through it, so the scope is applied
 * the same way everywhere.
 */
export interface ResourceSpec {
  entity: ScopedEntity;
  /** Singular name used in the audit trail, comments and the timeline. */
  auditName: string;
  table: SQL;
  alias: SQL;
  /** Rows and their joins; linked records are joined only when the caller may see them. */
  from: (scope: AccessScope) => SQL;
  columns: SQL;
  /** Sort keys; wrap nullable columns in `nullable(...)` so their empty values sort last. */
  sorts: Record<string, SQL | NullableSort>;
  defaultSort: string;
  filters: Record<string, FilterSpec>;
  /**
   * How one word of the `q` search matches a row (every word must): base-table columns, through
   * the table's `searchDocument` so its trigram index serves it; a linked record only within the
   * caller's scope.
   */
  search: (word: SearchWord, scope: AccessScope) => SQL;
  /**
   * A list's total from a summary the database keeps (`select … as total`), when the list's
   * parameters allow; undefined to count the matching rows.
   */
  totalFromSummary?: (scope: AccessScope, params: ListParams) => SQL | undefined;
  /** Checked in the restoring transaction once the record is live again (a company's BIN). */
  afterRestore?: (
    executor: Executor,
    actor: Actor,
    id: string,
    options: { allowDuplicateBin: boolean },
  ) => Promise<void>;
  /** Run in the deleting transaction (an activity's meeting is cancelled with it). */
  afterDelete?: (executor: Executor, actor: Actor, id: string) => Promise<void>;
}

/** A join condition: the linked row only when the caller may read it. */
export function linkVisible(scope: AccessScope, entity: ScopedEntity, alias: string): SQL {
  return sql`${sql.raw(alias)}.deleted_at is null and ${scope.ownerCondition(entity, "read", sql.raw(`${alias}.owner_id`))}`;
}

export const column = (spec: ResourceSpec, name: string) => sql`${spec.alias}.${sql.identifier(name)}`;

export function visibleCondition(spec: ResourceSpec, scope: AccessScope, action: AccessAction = "read"): SQL {
  return scope.ownerCondition(spec.entity, action, column(spec, "owner_id"));
}

export interface NullableSort {
  expression: SQL;
  nullable: true;
}

export const nullable = (expression: SQL): NullableSort => ({ expression, nullable: true });

/**
 * ORDER BY from the client's `sort`. NOT NULL columns sort plainly so an index on them serves the
 * first page of 100,000 rows (an explicit NULLS LAST would force a full sort).
 */
export function parseSortOrThrow(spec: ResourceSpec, sort: string | undefined): SQL {
  const parts = (sort || spec.defaultSort).split(",").filter(Boolean);
  const order: SQL[] = [];
  let firstDescending = false;
  for (const [index, part] of parts.entries()) {
    const descending = part.startsWith("-");
    if (index === 0) firstDescending = descending;
    const field = part.replace(/^-/, "");
    const key = spec.sorts[field];
    if (!key) {
      throw new AppError(400, "Bad Request", `query.sort: cannot sort by "${field.slice(0, 40)}"`, [
        { path: "query.sort", message: `Sort by one of: ${Object.keys(spec.sorts).join(", ")}` },
      ]);
    }
    const expression = "nullable" in key ? key.expression : key;
    const nulls = "nullable" in key ? sql` nulls last` : sql``;
    order.push(descending ? sql`${expression} desc${nulls}` : sql`${expression} asc${nulls}`);
  }
  order.push(firstDescending ? sql`${column(spec, "id")} desc` : sql`${column(spec, "id")}`);
  return sql.join(order, sql`, `);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A comma-separated id filter's ids (undefined when absent); a malformed one is refused, named. */
export function idsOfFilterOrThrow(name: string, value: unknown): string[] | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0 || ids.length > 500 || !ids.every((id) => uuidPattern.test(id))) {
    throw invalid(`query.${name}`, "Expected comma-separated ids");
  }
  return ids;
}

export const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** `owner` (a user id) works in the unit or a unit below it: the lists' and the board's `unitId`. */
export const ownedWithinUnit = (owner: SQL, unitId: string) =>
  sql`${owner} in (select u.id from users u where u.unit_id in ${unitsBelow(sql`${unitId}`)})`;

function filterCondition(name: string, filter: FilterSpec, value: string): SQL {
  switch (filter.kind) {
    case "equals":
      return sql`${filter.column} = ${value}`;
    case "uuidList":
      return sql`${filter.column} in (${uuidList(idsOfFilterOrThrow(name, value) ?? [])})`;
    case "contains":
      return sql`${filter.column} ilike ${likePattern(value)}`;
    case "from":
      return sql`${filter.column} >= ${value}`;
    case "to":
      return sql`${filter.column} <= ${value}`;
    case "min":
      return sql`${filter.column} >= ${value}::numeric`;
    case "max":
      return sql`${filter.column} <= ${value}::numeric`;
    case "boolean":
      return value === "true" ? sql`${filter.column}` : sql`not ${filter.column}`;
    case "custom":
      return filter.build(value);
  }
}

/** "8 701 555…" finds "+7701555…": phones are searched by their digits (the duplicate checks). */
export function phoneSearch(phones: SQL, text: string): SQL {
  const digits = phoneDigits(text);
  if (!digits) return sql`false`;
  return sql`array_to_string(${phones}, ' ') like ${`%${digits}%`}`;
}

export interface ListParams {
  limit: number;
  offset: number;
  q?: string;
  sort?: string;
  unitId?: string;
  deleted?: "true" | "false";
  [filter: string]: unknown;
}

/** The list's conditions; `{ search: false }` leaves out the `q` search's (`searchCondition`). */
export function listConditions(
  spec: ResourceSpec,
  scope: AccessScope,
  params: ListParams,
  options: { search?: boolean } = {},
): SQL {
  const conditions: SQL[] = [visibleCondition(spec, scope)];
  conditions.push(
    params.deleted === "true"
      ? sql`${column(spec, "deleted_at")} is not null`
      : sql`${column(spec, "deleted_at")} is null`,
  );
  const search = options.search === false ? undefined : searchCondition(spec, scope, params);
  if (search) conditions.push(search);
  if (params.unitId) {
    conditions.push(ownedWithinUnit(column(spec, "owner_id"), params.unitId));
  }
  for (const [name, filter] of Object.entries(spec.filters)) {
    const value = params[name];
    if (typeof value === "string" && value !== "") conditions.push(filterCondition(name, filter, value));
  }
  return sql.join(conditions, sql` and `);
}

export function searchCondition(spec: ResourceSpec, scope: AccessScope, params: ListParams): SQL | undefined {
  return params.q ? everyWordMatches(params.q, (word) => spec.search(word, scope)) : undefined;
}

/**
 * A search counts its matches up to this many and says «1 000+» beyond: counting every row that
 * holds a common word (188,783 of 1,000,000 deals) took 325–486 ms, counting 10,001 of them 59 ms,
 * 1,001 of them 6 ms. Up to it, a search's page is sorted from its matches.
 */
export const searchCountLimit = 1_000;

/**
 * Beyond the count, a search's page comes from walking the sort's order — at most this many rows
 * for each row the page needs — keeping the rows that match. Dense matches fill a page within a
 * few hundred rows (a word in 19 % of deals); a search whose words follow the sort (names sorted by
 * name: «спанов» sits among the О…) fills none, and its page is then sorted from all its matches
 * (50 of 6,588 contacts: 55 ms from the trigram index; an unbounded walk took 860 ms).
 */
const walkedRowsPerPageRow = 100;

export interface ResourcePage<T> {
  items: T[];
  total: number;
  /** A search that matched more than `total` (= `searchCountLimit`) rows: counting stopped there. */
  totalCapped?: true;
}

export async function listResource<T>(
  executor: Executor,
  spec: ResourceSpec,
  scope: AccessScope,
  params: ListParams,
): Promise<ResourcePage<T>> {
  const where = listConditions(spec, scope, params);
  const order = parseSortOrThrow(spec, params.sort);
  const filtered = sql`${spec.table} ${spec.alias} where ${where}`;
  // A list as it opens — no search, no filter, any order or page — has one text per order and
  // scope shape (values are parameters): prepared, it is planned once per connection (planning the
  // deal page took 1.8 ms, running it 1.4). Filtered lists vary in text (an id list is spliced), and
  // a search's pattern decides how its plan should go: those are planned on each call.
  const narrowed = Object.keys(spec.filters).some((name) => typeof params[name] === "string" && params[name] !== "");
  const read = params.q || narrowed ? rows : preparedRows;
  const count = async (rowsToCount: SQL) => {
    const [row] = await read<{ total: number }>(executor, sql`select count(*)::int as total from ${rowsToCount}`);
    return Number(row?.total ?? 0);
  };
  // The page's ids come from the base table alone (its indexes serve the order); the joins and
  // per-row subqueries then run for those 50 rows only, not for every matching row. The rows are
  // fetched by `id = any(array(…))`: a bare join to the page let PostgreSQL hash the whole base
  // table on a large company (a head's deal list 102 ms; by the primary key 12 ms).
  const page = (source: SQL) =>
    read<T>(
      executor,
      sql`with page as (
            select ${column(spec, "id")} as page_id, row_number() over () as position from (
              select ${column(spec, "id")} from ${source}
              order by ${order} limit ${params.limit} offset ${params.offset}
            ) ${spec.alias}
          )
          select ${spec.columns} from ${spec.from(scope)} join page on page.page_id = ${column(spec, "id")}
          where ${column(spec, "id")} = any(array(select page_id from page))
          order by page.position`,
    );
  if (!params.q) {
    const summary = spec.totalFromSummary?.(scope, params);
    const total = summary
      ? read<{ total: number }>(executor, summary).then(([row]) => Number(row?.total ?? 0))
      : count(filtered);
    const [items, counted] = await Promise.all([page(filtered), total]);
    return { items, total: counted };
  }
  // A search counts first (up to the limit), then picks how to sort; `offset 0` keeps the planner
  // from walking the sort's index for the few matches.
  const sortedFromMatches = () => page(sql`(select * from ${filtered} offset 0) ${spec.alias}`);
  const counted = await count(sql`(select 1 from ${filtered} limit ${searchCountLimit + 1}) matched`);
  if (counted <= searchCountLimit) {
    return { items: counted <= params.offset ? [] : await sortedFromMatches(), total: counted };
  }
  const walked = (params.offset + params.limit) * walkedRowsPerPageRow;
  const walk = sql`(select * from ${spec.table} ${spec.alias}
                    where ${listConditions(spec, scope, params, { search: false })}
                    order by ${order} limit ${walked}) ${spec.alias}
                   where ${searchCondition(spec, scope, params)}`;
  // A full page from the walk is the true page: every row before it in the order was walked.
  const walkedPage = await page(walk);
  const items = walkedPage.length === params.limit ? walkedPage : await sortedFromMatches();
  return { items, total: searchCountLimit, totalCapped: true };
}

/** One record the caller may reach with `action`; undefined both when absent and when out of scope. */
export async function findResource<T>(
  executor: Executor,
  spec: ResourceSpec,
  scope: AccessScope,
  id: string,
  options: { action?: AccessAction; includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<T | undefined> {
  const deleted = options.includeDeleted ? sql`true` : sql`${column(spec, "deleted_at")} is null`;
  const [row] = await rows<T>(
    executor,
    sql`select ${spec.columns} from ${spec.from(scope)}
        where ${column(spec, "id")} = ${id} and ${deleted} and ${visibleCondition(spec, scope, options.action ?? "read")}`,
  );
  return row;
}

/** Loads users for an owner check: id and unit, only when active. */
export async function loadOwner(executor: Executor, userId: string) {
  const [owner] = await rows<{ id: string; unitId: string; name: string }>(
    executor,
    sql`select id, unit_id as "unitId", name from users where id = ${userId} and active`,
  );
  return owner;
}

/** The caller may give records to `ownerId` only if they could write that owner's records. */
export async function assertAssignableOwnerOrThrow(
  executor: Executor,
  scope: AccessScope,
  spec: ResourceSpec,
  ownerId: string,
) {
  const owner = await loadOwner(executor, ownerId);
  if (!owner || !scope.canReachOwner(spec.entity, "write", owner)) {
    throw invalid("ownerId", "Choose an active employee whose records you may manage");
  }
  return owner;
}
