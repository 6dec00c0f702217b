import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, preparedRows, rows } from "./database";

/** `preparedRows`: the same rows as `rows`, from a statement prepared once per connection on a server. */
describe("prepared hot statements", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  const units = (parent: string | null) =>
    sql`select id, name from units where parent_id is not distinct from ${parent}::uuid order by name, id`;

  it("answers as an ordinary statement does, with each call's own values", async () => {
    const { rootUnitId, regionId } = await createAccessFixture(handle.db);
    expect((await rows(handle.db, units(regionId))).length).toBeGreaterThan(1);
    for (const parent of [null, rootUnitId, regionId, null, regionId, "00000000-0000-0000-0000-000000000000"]) {
      // Six calls and more: PostgreSQL may switch a prepared statement to a generic plan after five.
      for (let call = 0; call < 7; call++) {
        expect(await preparedRows(handle.db, units(parent))).toEqual(await rows(handle.db, units(parent)));
      }
    }
  });

  it("is a named statement of the connection on a server, and an ordinary one in a transaction", async () => {
    // Each statement asks for the prepared statements of its connection whose text is its own.
    const own = (marker: string) =>
      sql`select count(*)::int as count from pg_prepared_statements
          where statement like ${`%/* ${marker} */%`} and name like 'planerka_%' ${sql.raw(`/* ${marker} */`)}`;
    const [outside] = await preparedRows<{ count: number }>(handle.db, own("outside"));
    expect(outside!.count).toBe(handle.engine === "postgres" ? 1 : 0);
    const inside = await handle.db.transaction(async (transaction) => {
      const [row] = await preparedRows<{ count: number }>(transaction, own("inside"));
      return row!.count;
    });
    expect(inside).toBe(0);
  });
});
