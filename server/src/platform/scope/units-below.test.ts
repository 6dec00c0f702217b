import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestCompany, createUnit } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, rows } from "../db/database";
import { unitsBelow } from "./units-below";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle?.close());

describe("unitsBelow", () => {
  it("walks down from each root through live units only", async () => {
    const db = handle.db;
    const { rootUnitId } = await createTestCompany(db);
    const region = await createUnit(db, { parentId: rootUnitId });
    const city = await createUnit(db, { parentId: region });
    const closed = await createUnit(db, { parentId: region });
    const belowClosed = await createUnit(db, { parentId: closed });
    const other = await createUnit(db, { parentId: rootUnitId });
    await db.execute(sql`update units set deleted_at = now() where id = ${closed}`);
    const below = async (roots: string[]) =>
      (
        await rows<{ id: string }>(
          db,
          sql`select id from units where id in ${unitsBelow(
            sql.join(
              roots.map((id) => sql`${id}::uuid`),
              sql`, `,
            ),
          )}`,
        )
      )
        .map((row) => row.id)
        .sort();
    expect(await below([region])).toEqual([region, city].sort());
    expect(await below([city, other])).toEqual([city, other].sort());
    expect(await below([rootUnitId])).not.toContain(belowClosed);
  });
});
