import { type SQL, sql } from "drizzle-orm";

/** Rows per keyset page: few round trips, yet a page never holds much memory (about 3 MB of deals). */
export const pageSize = 5_000;

/** Where a keyset page ends: the ordering column's exact value (as text, microseconds kept) and the id. */
export interface KeysetPosition {
  key: string;
  id: string;
}

/** `and (column, id) > position`, which the `(column, id)` index answers; nothing on the first page. */
export const afterPosition = (column: SQL, id: SQL, position: KeysetPosition | null) =>
  position ? sql`and (${column}, ${id}) > (${position.key}::timestamptz, ${position.id}::uuid)` : sql``;

/** A promise whose failure is reported where it is awaited, never as an unhandled rejection meanwhile. */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Keyset pages of `pageSize` rows. A page's rows come from `fetch`; `complete` then adds what
 * other tables say about them (names), while the next page's `fetch` — which needs only this
 * page's last position — already runs: the database works on two statements while this process
 * writes the page out, and at most two pages are held here. A short page is the last. A download
 * closed midway returns the generator; the statements in flight finish unread.
 */
export async function* keysetPages<T extends KeysetPosition>(
  fetch: (after: KeysetPosition | null) => Promise<T[]>,
  complete: (rows: T[]) => Promise<void>,
) {
  const load = (position: KeysetPosition | null) =>
    awaitedLater(fetch(position).then((rows) => ({ rows, completed: awaitedLater(complete(rows)) })));
  const none = Promise.resolve({ rows: [] as T[], completed: Promise.resolve() });
  let next = load(null);
  for (;;) {
    const { rows, completed } = await next;
    const last = rows.at(-1);
    if (!last) return;
    next = rows.length < pageSize ? none : load({ key: last.key, id: last.id });
    await completed;
    yield rows;
  }
}
