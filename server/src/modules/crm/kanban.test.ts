import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

interface Column {
  stage: { id: string; semantic: string };
  count: number;
  amount: number;
  items: { id: string; ownerId: string; stageId: string; amount: number }[];
}

interface Board {
  pipeline: { id: string };
  columns: Column[];
}

describe("the deal kanban's counts and sums", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let top: Client;
  let headA: Client;
  let managerA1: Client;
  let pipelineId: string;
  let otherPipelineId: string;

  const ids = (list: string[]) =>
    sql.join(
      list.map((id) => sql`${id}::uuid`),
      sql`, `,
    );

  /** Each stage of the pipeline: count and sum of the live deals of these owners, read from the deals. */
  const expectedColumns = async (pipeline: string, owners: string[] | "all", extra = sql`true`) => {
    const ownerCondition =
      owners === "all" ? sql`true` : owners.length > 0 ? sql`d.owner_id in (${ids(owners)})` : sql`false`;
    const found = await rows<{ stageId: string; count: number; amount: string }>(
      context.handle.db,
      sql`select s.id as "stageId", count(d.id)::int as count, coalesce(sum(d.amount), 0)::text as amount
          from stages s left join deals d on d.stage_id = s.id and d.pipeline_id = s.pipeline_id and d.deleted_at is null
            and ${ownerCondition} and ${extra}
          where s.pipeline_id = ${pipeline} group by s.id, s.sort order by s.sort`,
    );
    return found.map((row) => ({ stageId: row.stageId, count: row.count, amount: Number(row.amount) }));
  };

  const boardOf = async (client: Client, query = "") => {
    const response = await client.request("GET", `/api/v1/deals/kanban${query ? `?${query}` : ""}`);
    expect(response.statusCode, query).toBe(200);
    return response.json() as Board;
  };
  const figuresOf = (board: Board) =>
    board.columns.map((column) => ({ stageId: column.stage.id, count: column.count, amount: column.amount }));

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [top, headA, managerA1] = await loginEach(context.app, ["top-user", "head-a", "manager-a1"]);
    const db = context.handle.db;
    [{ id: pipelineId }] = (await rows<{ id: string }>(
      db,
      sql`select id from pipelines order by is_default desc, sort, name limit 1`,
    )) as [{ id: string }];
    [{ id: otherPipelineId }] = (await rows<{ id: string }>(
      db,
      sql`insert into pipelines (name, sort) values ('Тендеры', 99) returning id`,
    )) as [{ id: string }];
    await db.execute(sql`insert into stages (pipeline_id, name, sort, color, semantic)
      values (${otherPipelineId}, 'Заявка', 0, '#228be6', 'open'), (${otherPipelineId}, 'Выиграли', 1, '#40c057', 'won')`);
    // Deals of every owner in every stage of both pipelines, with amounts that need exact sums.
    const owners = [
      fixture.managerA1,
      fixture.managerA2,
      fixture.headA,
      fixture.managerB1,
      fixture.headB,
      fixture.top,
      fixture.regionHead,
    ];
    await db.execute(sql`insert into deals (title, pipeline_id, stage_id, amount, owner_id, source)
      select 'Сделка ' || o.n || '-' || s.sort || '-' || g, s.pipeline_id, s.id, (o.n * 1000 + s.sort * 10 + g) + 0.01 * g,
             o.id, case when g % 2 = 0 then 'сайт' else 'звонок' end
      from (select id, row_number() over () as n from users where id in (${ids(owners.map((owner) => owner.id))})) o
      cross join stages s cross join generate_series(1, 4) g
      where (o.n + s.sort + g) % 3 <> 0`);
    // Changes the totals must follow: deleted, moved to another stage, given to another owner.
    await db.execute(sql`update deals set deleted_at = now() where title like 'Сделка 1-0-%'`);
    await db.execute(sql`update deals set stage_id = (select id from stages where pipeline_id = deals.pipeline_id
      order by sort desc limit 1) where title like 'Сделка 2-1-%'`);
    await db.execute(sql`update deals set owner_id = ${fixture.managerB1.id} where title like 'Сделка 3-2-%'`);
    await db.execute(sql`update deals set title = title || ' брусок' where title like 'Сделка 2-%'`);
  });

  it("gives the top every deal's count and sum per stage, the same as the deals hold", async () => {
    const board = await boardOf(top);
    expect(board.pipeline.id).toBe(pipelineId);
    expect(figuresOf(board)).toEqual(await expectedColumns(pipelineId, "all"));
    expect(board.columns.reduce((sum, column) => sum + column.count, 0)).toBeGreaterThan(50);
    const other = await boardOf(top, `pipelineId=${otherPipelineId}`);
    expect(figuresOf(other)).toEqual(await expectedColumns(otherPipelineId, "all"));
  });

  it("gives a head their subtree's figures and a manager only their own", async () => {
    const departmentA = [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id];
    const head = await boardOf(headA);
    expect(figuresOf(head)).toEqual(await expectedColumns(pipelineId, departmentA));
    for (const column of head.columns) {
      for (const item of column.items) expect(departmentA).toContain(item.ownerId);
    }
    const own = await boardOf(managerA1);
    expect(figuresOf(own)).toEqual(await expectedColumns(pipelineId, [fixture.managerA1.id]));
    for (const column of own.columns) {
      expect(column.items.length).toBe(Math.min(column.count, 30));
      for (const item of column.items) expect(item.ownerId).toBe(fixture.managerA1.id);
    }
    // A colleague's or another unit's deals are nobody's business of a manager: empty columns, not their sums.
    const empty = (await expectedColumns(pipelineId, [])).map((column) => ({ ...column }));
    expect(figuresOf(await boardOf(managerA1, `ownerId=${fixture.managerA2.id}`))).toEqual(empty);
    expect(figuresOf(await boardOf(managerA1, `unitId=${fixture.departmentB}`))).toEqual(empty);
    expect(figuresOf(await boardOf(headA, `ownerId=${fixture.managerB1.id}`))).toEqual(empty);
    const colleague = await rows<{ id: string }>(
      context.handle.db,
      sql`select id from deals where owner_id = ${fixture.managerA2.id} and deleted_at is null limit 1`,
    );
    expect((await managerA1.request("GET", `/api/v1/deals/${colleague[0]!.id}`)).statusCode).toBe(404);
  });

  it("shows each column's latest cards of the caller's owners, newest stage change first", async () => {
    const departmentA = [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id];
    for (const [client, owners] of [
      [top, "all"],
      [headA, departmentA],
      [managerA1, [fixture.managerA1.id]],
    ] as const) {
      const board = await boardOf(client, "perStage=3");
      for (const column of board.columns) {
        const expected = await rows<{ id: string }>(
          context.handle.db,
          sql`select id from deals d where stage_id = ${column.stage.id} and deleted_at is null
                and ${owners === "all" ? sql`true` : sql`owner_id in (${ids([...owners])})`}
              order by stage_changed_at desc, id desc limit 3`,
        );
        expect(
          column.items.map((item) => item.id),
          column.stage.id,
        ).toEqual(expected.map((row) => row.id));
      }
    }
  });

  it("narrows by owner, unit, stage and semantic, and by filters only the deals can answer", async () => {
    const stages = await rows<{ id: string; semantic: string }>(
      context.handle.db,
      sql`select id, semantic from stages where pipeline_id = ${pipelineId} order by sort`,
    );
    const cases: [Client, string, string[] | "all", ReturnType<typeof sql>][] = [
      [
        top,
        `ownerId=${fixture.managerA2.id},${fixture.managerB1.id}`,
        [fixture.managerA2.id, fixture.managerB1.id],
        sql`true`,
      ],
      [
        top,
        `unitId=${fixture.regionId}`,
        [
          fixture.regionHead.id,
          fixture.headA.id,
          fixture.managerA1.id,
          fixture.managerA2.id,
          fixture.headB.id,
          fixture.managerB1.id,
        ],
        sql`true`,
      ],
      [headA, `unitId=${fixture.departmentA}&ownerId=${fixture.managerA2.id}`, [fixture.managerA2.id], sql`true`],
      [
        top,
        `stageId=${stages[1]!.id},${stages[6]!.id}`,
        "all",
        sql`d.stage_id in (${stages[1]!.id}::uuid, ${stages[6]!.id}::uuid)`,
      ],
      [
        headA,
        "semantic=open",
        [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id],
        sql`d.stage_id in (select id from stages where semantic = 'open')`,
      ],
      [top, "amountMin=3000", "all", sql`d.amount >= 3000`],
      [
        headA,
        `source=${encodeURIComponent("сайт")}`,
        [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id],
        sql`d.source = 'сайт'`,
      ],
      [
        headA,
        `q=${encodeURIComponent("брусок")}`,
        [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id],
        sql`d.title like '%брусок'`,
      ],
      [top, "deleted=false", "all", sql`true`],
    ];
    for (const [client, query, owners, extra] of cases) {
      expect(figuresOf(await boardOf(client, query)), query).toEqual(await expectedColumns(pipelineId, owners, extra));
    }
    // The trash's board counts the deleted deals, which the totals do not hold.
    const trash = await boardOf(top, "deleted=true");
    const [deleted] = (await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from deals where deleted_at is not null and pipeline_id = ${pipelineId}`,
    )) as [{ count: number }];
    expect(trash.columns.reduce((sum, column) => sum + column.count, 0)).toBe(deleted.count);
    expect(deleted.count).toBeGreaterThan(0);
  });

  it("follows a change made through the API at once", async () => {
    const before = await boardOf(managerA1);
    const first = before.columns[0]!;
    const created = await managerA1.request("POST", "/api/v1/deals", { title: "Новая с доски", amount: 123.45 });
    expect(created.statusCode).toBe(201);
    const after = await boardOf(managerA1);
    expect(after.columns[0]!.count).toBe(first.count + 1);
    expect(after.columns[0]!.amount).toBeCloseTo(first.amount + 123.45, 2);
    expect(figuresOf(after)).toEqual(await expectedColumns(pipelineId, [fixture.managerA1.id]));
  });

  it("gives a deal list the number of deals it holds, read from the same totals where its filters allow", async () => {
    const departmentA = [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id];
    const region = [...departmentA, fixture.managerB1.id, fixture.headB.id, fixture.regionHead.id];
    const [won] = (await rows<{ id: string }>(
      context.handle.db,
      sql`select id from stages where pipeline_id = ${pipelineId} and semantic = 'won' limit 1`,
    )) as [{ id: string }];
    // [who asks, the list's parameters, whose deals it may hold, what else the deals must be]
    const cases: [Client, string, string[] | "all", ReturnType<typeof sql>][] = [
      [top, "", "all", sql`true`],
      [top, `pipelineId=${otherPipelineId}`, "all", sql`d.pipeline_id = ${otherPipelineId}`],
      [top, "semantic=won", "all", sql`d.stage_id in (select id from stages where semantic = 'won')`],
      [
        top,
        `stageId=${won.id}&ownerId=${fixture.managerA1.id},${fixture.managerB1.id}`,
        [fixture.managerA1.id, fixture.managerB1.id],
        sql`d.stage_id = ${won.id}`,
      ],
      [top, `unitId=${fixture.regionId}`, region, sql`true`],
      [top, `unitId=${fixture.departmentB}&sort=-amount`, [fixture.managerB1.id, fixture.headB.id], sql`true`],
      [headA, "", departmentA, sql`true`],
      [headA, `ownerId=${fixture.managerB1.id}`, [], sql`true`],
      [managerA1, "", [fixture.managerA1.id], sql`true`],
      [managerA1, `ownerId=${fixture.managerA2.id}`, [], sql`true`],
      [managerA1, `pipelineId=${otherPipelineId}`, [fixture.managerA1.id], sql`d.pipeline_id = ${otherPipelineId}`],
      // Filters the totals cannot answer: the deals themselves are counted.
      [top, "source=сайт", "all", sql`d.source = 'сайт'`],
      [
        headA,
        "amountMin=0&semantic=won",
        departmentA,
        sql`d.stage_id in (select id from stages where semantic = 'won')`,
      ],
    ];
    for (const [client, query, owners, extra] of cases) {
      const response = await client.request("GET", `/api/v1/deals?limit=2&${query}`);
      expect(response.statusCode, query).toBe(200);
      const ownerCondition =
        owners === "all" ? sql`true` : owners.length > 0 ? sql`d.owner_id in (${ids(owners)})` : sql`false`;
      const [expected] = (await rows<{ count: number }>(
        context.handle.db,
        sql`select count(*)::int as count from deals d where d.deleted_at is null and ${ownerCondition} and ${extra}`,
      )) as [{ count: number }];
      const page = response.json() as { total: number; items: { ownerId: string }[] };
      expect(page.total, query).toBe(expected.count);
      expect(page.items.length, query).toBe(Math.min(2, expected.count));
      if (owners !== "all") for (const item of page.items) expect(owners, query).toContain(item.ownerId);
    }
    // A malformed owner list is refused, named, as before.
    const refused = await top.request("GET", "/api/v1/deals?ownerId=not-an-id");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain("query.ownerId");
  });
});
