/**
 * The totals tables behind the figures (deal_stage_totals, deal_closed_months,
 * activity_completed_days, activity_completed_months) must equal, after any kind of change, what the
 * source rows say (`expectTotalsMatchSources` recomputes them from the rows).
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { expectTotalsMatchSources } from "../../testing/figure-totals-check";
import { type Client, login, useTestApp } from "../../testing/test-app";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

describe("figure totals kept by the database", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let manager: Client;
  let admin: Client;
  let stages: { id: string; pipelineId: string; semantic: string }[];
  let types: { id: string }[];

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    manager = await login(context.app, "manager-a1");
    admin = await login(context.app, "admin-user");
    stages = await rows(
      context.handle.db,
      sql`select id, pipeline_id as "pipelineId", semantic from stages order by sort`,
    );
    types = await rows(context.handle.db, sql`select id from activity_types order by sort`);
  });

  it("follow inserts, moves, reassignments, deletions and restores, in bulk and one by one", async () => {
    const db = context.handle.db;
    const owners = [fixture.managerA1.id, fixture.managerA2.id, fixture.managerB1.id];
    const ownerArray = `{${owners.join(",")}}`;
    const stageArray = `{${stages.map((stage) => stage.id).join(",")}}`;
    // 300 deals in one statement, closed ones around midnight in Almaty (19:00 UTC) on many days.
    await db.execute(sql`
      insert into deals (title, pipeline_id, stage_id, amount, owner_id, closed_at)
      select 'Deal ' || g, s.pipeline_id, s.id, round((g * 7919 % 1000000) / 100.0 + 0.01, 2),
             (${ownerArray}::uuid[])[1 + g % 3],
             case when s.semantic = 'open' then null
                  else timestamptz '2026-10-01 19:00:00+00' + (g % 40) * interval '1 day' + ((g % 7) - 3) * interval '1 minute' end
      from generate_series(1, 300) g
      join stages s on s.id = (${stageArray}::uuid[])[1 + g % ${stages.length}]`);
    await expectTotalsMatchSources(context.handle.db);

    // Through the API: create, then win and reopen one deal.
    const won = stages.find((stage) => stage.semantic === "won")!;
    const open = stages.find((stage) => stage.semantic === "open")!;
    const created = (
      await manager.request("POST", "/api/v1/deals", { title: "Сварочный аппарат", amount: 1234.56 })
    ).json();
    expect(
      (await manager.request("PATCH", `/api/v1/deals/${created.id}`, { stageId: won.id, version: 1 })).statusCode,
    ).toBe(200);
    await expectTotalsMatchSources(context.handle.db);
    expect(
      (await manager.request("PATCH", `/api/v1/deals/${created.id}`, { stageId: open.id, version: 2 })).statusCode,
    ).toBe(200);

    // Bulk: reassign a third, change amounts, move stages, soft-delete, restore, hard-delete.
    await db.execute(sql`update deals set owner_id = ${fixture.managerB1.id} where number % 3 = 0`);
    await db.execute(sql`update deals set amount = amount + 0.99 where number % 5 = 0`);
    await db.execute(sql`update deals set stage_id = ${won.id}, closed_at = now() where number % 11 = 0`);
    await db.execute(sql`update deals set deleted_at = now() where number % 4 = 0`);
    await expectTotalsMatchSources(context.handle.db);
    await db.execute(sql`update deals set deleted_at = null where number % 8 = 0`);
    await db.execute(sql`delete from deal_stage_changes where deal_id in (select id from deals where number % 13 = 0)`);
    await db.execute(
      sql`delete from deals where number % 13 = 0 and id not in (select deal_id from activities where deal_id is not null)`,
    );
    await expectTotalsMatchSources(context.handle.db);

    // Activities: insert, complete, reopen, delete.
    const typeArray = `{${types.map((type) => type.id).join(",")}}`;
    await db.execute(sql`
      insert into activities (type_id, subject, due_at, completed_at, owner_id)
      select (${typeArray}::uuid[])[1 + g % ${types.length}], 'Звонок ' || g,
             timestamptz '2026-10-01 18:30:00+00' + (g % 30) * interval '1 day',
             case when g % 3 = 0 then null else timestamptz '2026-10-01 18:58:00+00' + (g % 30) * interval '1 day' + (g % 5) * interval '1 minute' end,
             (${ownerArray}::uuid[])[1 + g % 3]
      from generate_series(1, 500) g`);
    await db.execute(sql`update activities set completed_at = due_at where completed_at is null and subject like '%7'`);
    await db.execute(sql`update activities set completed_at = null where subject like '%1'`);
    await db.execute(sql`update activities set deleted_at = now() where subject like '%2'`);
    await db.execute(sql`delete from activities where subject like '%3'`);
    const counts = await expectTotalsMatchSources(context.handle.db);
    expect(counts.deals).toBeGreaterThan(200);
    expect(counts.activities).toBeGreaterThan(400);
  });

  it("move every day to the new zone when the company's zone changes, in the same transaction", async () => {
    const current = (await admin.request("GET", "/api/v1/settings")).json();
    const changed = await admin.request("PATCH", "/api/v1/settings", {
      timeZone: "Asia/Tokyo",
      version: current.version,
    });
    expect(changed.statusCode).toBe(200);
    await expectTotalsMatchSources(context.handle.db);
    // A refused change leaves the totals as they were.
    const refused = await admin.request("PATCH", "/api/v1/settings", {
      timeZone: "Mars/Olympus",
      version: current.version + 1,
    });
    expect(refused.statusCode).toBe(400);
    await expectTotalsMatchSources(context.handle.db);
  });
});
