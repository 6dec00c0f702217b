import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { migrationsFolder } from "../config/repository-paths";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Executor = Pick<
  Database,
  "select" | "insert" | "update" | "delete" | "execute" | "query" | "selectDistinct"
>;

export interface DatabaseHandle {
  db: Database;
  engine: "pglite" | "postgres";
  /** The embedded engine itself, for dumps and bulk COPY. */
  pglite?: PGlite;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (after the sending transaction commits), from
   * any process on the same database; `onReconnect` after a lost listening connection came back
   * (events in between may be missed, so listeners resynchronise). Returns a function that stops.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// node-postgres hands back `numeric` and `bigint` as strings; keep it so (money stays exact), and
// return `date` as the plain YYYY-MM-DD day instead of a local-midnight Date.
pg.types.setTypeParser(1082, (value: string) => value);

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection the server closes (restart, failover, a dropped test database) is replaced on
  // the next query; without a listener node-postgres would crash the process instead.
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "57P01") console.warn(`PostgreSQL connection lost: ${error.message}`);
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return { db, engine: "postgres", listen: (...args) => listenPostgres(url, ...args), close: () => pool.end() };
}

/** LISTEN needs a connection of its own, kept outside the pool and reopened when it drops. */
async function listenPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on("error", () => {
      if (client !== next || stopped) return;
      client = undefined;
      void next.end().catch(() => undefined);
      retry = setTimeout(() => void connect(true).catch(() => undefined), 1000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      void next.end().catch(() => undefined);
      if (!isReconnect) throw error;
      if (!stopped) retry = setTimeout(() => void connect(true).catch(() => undefined), 1000);
      return;
    }
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
    if (isReconnect) onReconnect?.();
  };
  await connect(false);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/**
 * The embedded engine runs each statement synchronously in this process and hands the next waiting
 * statement over in a microtask, so under load statements follow one another without the event
 * loop reaching its I/O phase — and Node accepts one new connection per pass of that phase. A
 * client that connected while the server was busy could wait a minute for its first answer
 * (bench/README.md, "Load"). Statements (and whole transactions) therefore run one at a time in
 * arrival order, and after every few milliseconds of them the queue lets the event loop take a
 * turn, so connections are accepted and requests read between statements.
 */
function shareTheEventLoop(client: PGlite, sliceMs = 8) {
  let sliceStart = performance.now();
  let tail: Promise<unknown> = Promise.resolve();
  const takeTurn = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(takeTurn).then(work);
    tail = result.catch(() => undefined);
    return result;
  };
  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = ((...args: Parameters<PGlite["query"]>) => inOrder(() => query(...args))) as PGlite["query"];
  client.transaction = ((...args: Parameters<PGlite["transaction"]>) =>
    inOrder(() => transaction(...args))) as PGlite["transaction"];
}

export async function openPglite(
  options: { dataDir?: string; loadDataDir?: Blob | File } = {},
): Promise<DatabaseHandle> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm serves the CRM lists' substring search (migration 0033); PGlite loads it only when asked.
  const client = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { pg_trgm },
  });
  shareTheEventLoop(client);
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    engine: "pglite",
    pglite: client,
    // One process owns the embedded database, so NOTIFY is delivered in-process.
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    close: () => client.close(),
  };
}

export async function openDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite({ dataDir: config.dataDir });
}

/** Applies the migrations; on a server an advisory lock keeps two starting instances from racing. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.engine === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  // Lock and unlock on one connection of its own, outside the pool: through the pool they could land
  // on two, leaving the lock held by a pooled connection and the next instance to start waiting on
  // it; and a pool of one would have no connection left for the migrations themselves.
  const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
  const lockHolder = new pg.Client(pool.options);
  await lockHolder.connect();
  try {
    await lockHolder.query("select pg_advisory_lock(727274)");
    try {
      await migratePg(handle.db as never, { migrationsFolder });
    } finally {
      await lockHolder.query("select pg_advisory_unlock(727274)");
    }
  } finally {
    await lockHolder.end();
  }
}

/**
 * Takes a session-level advisory lock named by `key` and holds it until the returned release is
 * called; null when another session holds it. On a server the lock lives on a connection of its own,
 * so the database frees it the moment the holding process dies: a crashed holder never leaves a claim
 * behind that the next process must wait out. The embedded engine belongs to one process, whose own
 * bookkeeping is the lock, so there it always succeeds.
 */
export async function holdAdvisoryLock(db: Database, key: string): Promise<(() => Promise<void>) | null> {
  const pool = (db as unknown as { $client: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return async () => {};
  const client = await pool.connect();
  // A connection lost while held must not crash the process; the lock is gone with it.
  const ignore = () => {};
  client.on("error", ignore);
  const release = (error?: Error) => {
    client.off("error", ignore);
    client.release(error);
  };
  try {
    const result = await client.query<{ taken: boolean }>(
      "select pg_try_advisory_lock(hashtextextended($1, 0)) as taken",
      [key],
    );
    if (!result.rows[0]?.taken) {
      release();
      return null;
    }
  } catch (error) {
    release(error as Error);
    throw error;
  }
  return async () => {
    try {
      await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
      release();
    } catch (error) {
      release(error as Error);
    }
  };
}

export async function rows<T>(executor: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

interface DrizzleInternals {
  $client?: unknown;
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      arrayMode: false,
    ): { execute(): Promise<{ rows: unknown[] }> };
  };
}

/**
 * `rows` for a hot statement whose text never changes (values as parameters, no lists spliced
 * in): on a PostgreSQL server it is prepared once per pooled connection, named by its text's
 * hash, then only bound and run. An unnamed statement is parsed and planned on every call, which
 * was 0.6 of the 0.75 ms the session's lookup cost the server on every request. In a transaction,
 * or on the embedded engine (its own queue runs every statement), it is an ordinary statement.
 */
export async function preparedRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const internals = executor as unknown as DrizzleInternals;
  if (!(internals.$client instanceof pg.Pool)) return rows<T>(executor, query);
  const statement = internals.dialect.sqlToQuery(query);
  const name = `planerka_${createHash("sha1").update(statement.sql).digest("hex").slice(0, 20)}`;
  return (await internals.session.prepareQuery(statement, undefined, name, false).execute()).rows as T[];
}

/**
 * Several queries in one statement and one round trip: each result comes back as a JSON array
 * (so values arrive as JSON gives them — numeric as text when the query casts it, counts as numbers).
 */
export async function rowsOfEach<T extends Record<string, unknown[]>>(
  executor: Executor,
  queries: { [K in keyof T]: SQL },
  /** A hot read of fixed text: prepared once per connection (`preparedRows`). */
  options: { prepared?: boolean } = {},
): Promise<T> {
  const names = Object.keys(queries);
  const columns = sql.join(
    names.map((name) => sql`coalesce((select json_agg(q) from (${queries[name]}) q), '[]') as ${sql.identifier(name)}`),
    sql`, `,
  );
  const statement = sql`select ${columns}`;
  const [row] = await (options.prepared ? preparedRows<T>(executor, statement) : rows<T>(executor, statement));
  return row!;
}
