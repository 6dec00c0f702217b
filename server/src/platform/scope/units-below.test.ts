import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestCompany, createUnit, createUser } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, rows } from "../db/database";
import { computeScope } from "./access-scope";
import { unitsAbove, unitsBelow } from "./units-below";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle?.close());

/**
 * A tree with a deleted unit in the middle: root → region → (city, closed → belowClosed), root →
 * other. Deleting a unit with live sub-units is refused by the API; the tree walks must still cut
 * its branch off should one exist (written by SQL, an import or an older version).
 */
async function treeWithClosedBranch() {
  const db = handle.db;
  const { rootUnitId } = await createTestCompany(db);
  const region = await createUnit(db, { parentId: rootUnitId });
  const city = await createUnit(db, { parentId: region });
  const closed = await createUnit(db, { parentId: region });
  const belowClosed = await createUnit(db, { parentId: closed });
  const other = await createUnit(db, { parentId: rootUnitId });
  await db.execute(sql`update units set deleted_at = now() where id = ${closed}`);
  return { rootUnitId, region, city, closed, belowClosed, other };
}

const below = async (roots: string[]) =>
  (
    await rows<{ id: string }>(
      handle.db,
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

const above = async (unitId: string) =>
  (
    await rows<{ id: string; depth: number }>(
      handle.db,
      sql`select id, depth from ${unitsAbove(sql`${unitId}::uuid`)} chain order by depth`,
    )
  ).map((row) => row.id);

describe("unitsBelow", () => {
  it("walks down from each root through live units only", async () => {
    const tree = await treeWithClosedBranch();
    expect(await below([tree.region])).toEqual([tree.region, tree.city].sort());
    expect(await below([tree.city, tree.other])).toEqual([tree.city, tree.other].sort());
    expect(await below([tree.rootUnitId])).not.toContain(tree.belowClosed);
  });

  it("reaches nothing from a deleted unit, neither it nor its subtree", async () => {
    const tree = await treeWithClosedBranch();
    expect(await below([tree.closed])).toEqual([]);
    expect(await below([tree.closed, tree.city])).toEqual([tree.city]);
  });

  it("keeps a deleted unit's subtree out of the scope of the head above it", async () => {
    const tree = await treeWithClosedBranch();
    const head = await createUser(handle.db, { role: "head", unitId: tree.region });
    await handle.db.execute(sql`update units set head_user_id = ${head.id} where id = ${tree.region}`);
    const scope = await computeScope(handle.db, { id: head.id, role: "head", unitId: tree.region });
    expect([...scope.subtreeUnitIds].sort()).toEqual([tree.region, tree.city].sort());
    expect(scope.headedUnitIds).toEqual([tree.region]);
    expect(scope.canReachUnit("reports", "read", tree.city)).toBe(true);
    expect(scope.canReachUnit("reports", "read", tree.belowClosed)).toBe(false);
  });
});

describe("unitsAbove", () => {
  it("walks up to the root, nearest first, and stops at a deleted unit", async () => {
    const tree = await treeWithClosedBranch();
    expect(await above(tree.city)).toEqual([tree.city, tree.region, tree.rootUnitId]);
    expect(await above(tree.belowClosed)).toEqual([tree.belowClosed]);
    expect(await above(tree.closed)).toEqual([]);
  });
});
