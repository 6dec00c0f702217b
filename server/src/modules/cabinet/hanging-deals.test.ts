import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

const dayMs = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * dayMs).toISOString();

describe("a person's hanging deals for «Планёрка»", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let top: Client;
  let admin: Client;
  const deals: Record<string, string> = {};
  const url = (userId: string, query = "") => `/api/v1/cabinet/manager/${userId}/hanging-deals${query}`;

  /** Moves a deal's (and optionally its activities') times into the past, as if months had gone by. */
  const backdate = async (id: string, created: number, stageChanged = created) =>
    context.handle.db.execute(
      sql`update deals set created_at = ${daysAgo(created)}, stage_changed_at = ${daysAgo(stageChanged)} where id = ${id}`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, headB, regionHead, top, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
      "top-user",
      "admin-user",
    ]);
    const [won] = await rows<{ id: string }>(
      context.handle.db,
      sql`select id from stages where semantic = 'won' limit 1`,
    );
    const [type] = await rows<{ id: string }>(
      context.handle.db,
      sql`select id from activity_types order by sort limit 1`,
    );
    const create = async (client: Client, key: string, extra: Record<string, unknown> = {}) => {
      const response = await client.request("POST", "/api/v1/deals", {
        title: `Сделка ${key}`,
        amount: 1000.5,
        ...extra,
      });
      expect(response.statusCode, response.body).toBe(201);
      deals[key] = response.json().id;
    };
    const activity = async (dealId: string, created: number, completed: number | null) => {
      const response = await managerA1.request("POST", "/api/v1/activities", {
        typeId: type!.id,
        subject: "Звонок",
        dueAt: daysAgo(completed ?? created),
        dealId,
      });
      expect(response.statusCode, response.body).toBe(201);
      await context.handle.db.execute(
        sql`update activities set created_at = ${daysAgo(created)},
              completed_at = ${completed === null ? null : daysAgo(completed)}
            where id = ${response.json().id}`,
      );
    };
    // Nothing since it was created a month ago.
    await create(managerA1, "quiet");
    await backdate(deals.quiet!, 30);
    // A call made twenty days ago, nothing since.
    await create(managerA1, "called");
    await backdate(deals.called!, 40);
    await activity(deals.called!, 25, 20);
    // A call planned three days ago: something happened.
    await create(managerA1, "planned");
    await backdate(deals.planned!, 40);
    await activity(deals.planned!, 3, null);
    // Moved to another stage five days ago.
    await create(managerA1, "moved");
    await backdate(deals.moved!, 40, 5);
    // Won long ago, and a deleted one: not open deals.
    await create(managerA1, "won", { stageId: won!.id });
    await backdate(deals.won!, 60);
    await create(managerA1, "deleted");
    await backdate(deals.deleted!, 60);
    expect((await managerA1.request("DELETE", `/api/v1/deals/${deals.deleted}`)).statusCode).toBe(204);
    // The fellow manager's idle deal is theirs, not A1's.
    await create(managerA2, "other");
    await backdate(deals.other!, 90);
  });

  it("lists the open deals idle longer than the company's days, longest idle first", async () => {
    const response = await headA.request("GET", url(fixture.managerA1.id));
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer.days).toBe(14);
    expect(answer.total).toBe(2);
    expect(answer.items.map((deal: { id: string }) => deal.id)).toEqual([deals.quiet, deals.called]);
    const [quiet, called] = answer.items;
    expect(quiet).toMatchObject({
      title: "Сделка quiet",
      amount: 1000.5,
      owner: { id: fixture.managerA1.id },
      lastActivityAt: null,
      idleDays: 30,
    });
    expect(Math.abs(Date.parse(quiet.idleSince) - Date.parse(daysAgo(30)))).toBeLessThan(60_000);
    expect(called.idleDays).toBe(20);
    expect(Math.abs(Date.parse(called.lastActivityAt) - Date.parse(daysAgo(20)))).toBeLessThan(60_000);

    // A page of one still counts them all.
    const first = (await headA.request("GET", url(fixture.managerA1.id, "?limit=1"))).json();
    expect(first.items.map((deal: { id: string }) => deal.id)).toEqual([deals.quiet]);
    expect(first.total).toBe(2);
  });

  it("follows the company's setting", async () => {
    await context.handle.db.execute(sql`update company_settings set hanging_deal_days = 25 where id = 1`);
    try {
      const answer = (await headA.request("GET", url(fixture.managerA1.id))).json();
      expect(answer.days).toBe(25);
      expect(answer.items.map((deal: { id: string }) => deal.id)).toEqual([deals.quiet]);
    } finally {
      await context.handle.db.execute(sql`update company_settings set hanging_deal_days = 14 where id = 1`);
    }
  });

  it("is read by the person and those whose reports scope reaches them; 404 for anyone else", async () => {
    for (const reader of [managerA1, regionHead, top, admin]) {
      const answer = await reader.request("GET", url(fixture.managerA1.id));
      expect(answer.statusCode).toBe(200);
      expect(answer.json().total).toBe(2);
    }
    for (const outsider of [managerA2, managerB1, headB]) {
      const answer = await outsider.request("GET", url(fixture.managerA1.id));
      expect(answer.statusCode).toBe(404);
      expect(answer.body).not.toContain("Сделка");
    }
    expect((await headA.request("GET", url("00000000-0000-4000-8000-000000000000"))).statusCode).toBe(404);
  });

  it("refuses a bad limit with 400 naming it", async () => {
    for (const limit of ["0", "101", "x"]) {
      const response = await headA.request("GET", url(fixture.managerA1.id, `?limit=${limit}`));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain("query.limit");
    }
  });
});
