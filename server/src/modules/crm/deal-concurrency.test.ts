import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { expectTotalsMatchSources } from "../../testing/figure-totals-check";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("concurrent edits of one deal never lose an update", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let manager: Client;
  let head: Client;
  let stages: { id: string; semantic: string }[];

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [manager, head] = await loginEach(context.app, ["manager-a1", "head-a"] as const);
    stages = (await manager.request("GET", "/api/v1/pipelines")).json().items[0].stages;
  });

  it("of 50 simultaneous updates with the same version exactly one wins, the rest get 409, and the figures follow", async () => {
    const created = await manager.request("POST", "/api/v1/deals", { title: "Гонка", amount: 1000 });
    expect(created.statusCode).toBe(201);
    const deal = created.json();
    const open = stages.filter((stage) => stage.semantic === "open");
    const attempts = Array.from({ length: 50 }, (_, index) => ({
      version: deal.version,
      amount: 2000 + index,
      stageId: open[index % open.length]!.id,
    }));
    const answers = await Promise.all(
      attempts.map((body, index) =>
        (index % 2 === 0 ? manager : head).request("PATCH", `/api/v1/deals/${deal.id}`, body),
      ),
    );
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(49);

    const winner = attempts[codes.indexOf(200)]!;
    const after = (await manager.request("GET", `/api/v1/deals/${deal.id}`)).json();
    expect(after).toMatchObject({ version: deal.version + 1, amount: winner.amount, stageId: winner.stageId });

    // The totals the figures read equal the deals themselves, and so does the cabinet.
    await expectTotalsMatchSources(context.handle.db);
    const cabinet = (await manager.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}`)).json();
    expect(cabinet.dealsInWork).toEqual({ count: 1, amount: winner.amount });
    // One update, one audit entry.
    const [audit] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from audit_log where entity = 'deal' and entity_id = ${deal.id} and action = 'update'`,
    );
    expect(audit!.count).toBe(1);
  });
});
