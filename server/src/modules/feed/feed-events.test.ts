import type { FeedPost } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";
import { announceCourseCompleted } from "./feed-events";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;
const people = [
  "admin-user",
  "top-user",
  "region-head",
  "head-a",
  "head-b",
  "manager-a1",
  "manager-a2",
  "manager-b1",
] as const;

/** Events of the work in the feed: a deal won, a new colleague, a course completed — each to the people who expect it. */
describe("events of the work in the news feed", () => {
  const context = useTestApp({ workflowWorker: false, outboxWorker: false });
  let fixture: Fixture;
  let everyone: readonly Client[];
  let admin: Client;
  let top: Client;
  let regionHead: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let stages: { id: string; semantic: string }[];
  const stageOf = (semantic: string) => stages.find((stage) => stage.semantic === semantic)!.id;

  /** The posts of `kind` a client finds in their feed. */
  const eventsIn = async (client: Client, kind: string) =>
    (await ok<{ items: FeedPost[] }>(client.request("GET", "/api/v1/feed?limit=50"))).items.filter(
      (post) => post.kind === kind,
    );
  /** Who of everyone finds the post in their feed and opens it (the two must agree). */
  const seenBy = async (postId: string) => {
    const seeing: Client[] = [];
    for (const client of everyone) {
      const feed = await ok<{ items: FeedPost[] }>(client.request("GET", "/api/v1/feed?limit=50"));
      const listed = feed.items.some((item) => item.id === postId);
      expect((await client.request("GET", `/api/v1/feed/${postId}`)).statusCode).toBe(listed ? 200 : 404);
      if (listed) seeing.push(client);
    }
    return seeing;
  };
  const eventPosts = async (kind: string) =>
    rows<{ id: string; dealId: string | null; authorId: string }>(
      context.handle.db,
      sql`select id, deal_id as "dealId", author_id as "authorId" from feed_posts where kind = ${kind} order by created_at`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    everyone = await loginEach(context.app, people);
    [admin, top, regionHead, headA, headB, managerA1, managerA2, managerB1] = everyone as [
      Client,
      Client,
      Client,
      Client,
      Client,
      Client,
      Client,
      Client,
    ];
    stages = (await ok<{ items: { stages: typeof stages }[] }>(managerA1.request("GET", "/api/v1/pipelines"))).items[0]!
      .stages;
  });

  it("a won deal goes to its owner's team once; its title and amount only to those who may read the deal", async () => {
    const deal = await ok<{ id: string; version: number }>(
      managerA1.request("POST", "/api/v1/deals", { title: "Инверторы для ТОО Сталь", amount: 1_234_567 }),
      201,
    );
    expect(await eventPosts("deal_won")).toEqual([]);
    const won = await ok<{ version: number }>(
      managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stageOf("won"), version: deal.version }),
    );
    const [announced] = await eventPosts("deal_won");
    expect(announced).toMatchObject({ dealId: deal.id, authorId: fixture.managerA1.id });
    const postId = announced!.id;

    // The owner's unit (department A, with anything below it): not the sibling department, not the heads above.
    expect(await seenBy(postId)).toEqual([headA, managerA1, managerA2]);

    // The owner and their head read the deal: its title, amount and link.
    for (const client of [managerA1, headA]) {
      const post = await ok<FeedPost>(client.request("GET", `/api/v1/feed/${postId}`));
      expect(post).toMatchObject({ kind: "deal_won", author: { id: fixture.managerA1.id } });
      expect(post.event).toEqual({
        subject: { id: fixture.managerA1.id, name: "Test manager-a1", position: null, unitName: "Department A" },
        deal: { id: deal.id, title: "Инверторы для ТОО Сталь", amount: 1_234_567 },
        course: null,
      });
      expect(post.abilities).toMatchObject({ edit: false });
    }
    // A fellow manager reads only their own deals (the default matrix): they learn who won, not what.
    const fellow = await managerA2.request("GET", `/api/v1/feed/${postId}`);
    expect(fellow.json().event.deal).toBeNull();
    expect(fellow.json().body).toBe("<p>Test manager-a1 выиграл(а) сделку</p>");
    for (const answer of [fellow, await managerA2.request("GET", "/api/v1/feed?limit=50")]) {
      expect(answer.body).not.toContain("Инверторы");
      expect(answer.body).not.toContain(deal.id);
      expect(answer.body).not.toContain("1234567");
    }
    // Nor does a search find it by the deal's title.
    const search = await ok<{ items: FeedPost[] }>(
      managerA2.request("GET", `/api/v1/feed?q=${encodeURIComponent("Инверторы")}`),
    );
    expect(search.items).toEqual([]);

    // The matrix decides: once managers read every deal, the fellow manager sees it too.
    await ok(
      admin.request("PUT", "/api/v1/access", {
        rules: [{ role: "manager", entity: "deals", action: "read", level: "all" }],
      }),
    );
    expect((await ok<FeedPost>(managerA2.request("GET", `/api/v1/feed/${postId}`))).event?.deal).toMatchObject({
      id: deal.id,
      amount: 1_234_567,
    });
    await ok(admin.request("DELETE", "/api/v1/access"));
    expect((await ok<FeedPost>(managerA2.request("GET", `/api/v1/feed/${postId}`))).event?.deal).toBeNull();

    // Comments and reactions work on an event; editing it does not.
    await ok(managerA2.request("POST", `/api/v1/feed/${postId}/comments`, { body: "Поздравляю!" }), 201);
    const liked = await ok<FeedPost>(managerA2.request("POST", `/api/v1/feed/${postId}/reactions`, { emoji: "🎉" }));
    expect(liked.reactions).toEqual([expect.objectContaining({ emoji: "🎉", count: 1 })]);
    const edit = await managerA1.request("PATCH", `/api/v1/feed/${postId}`, { body: "<p>Моё</p>", version: 1 });
    expect(edit.statusCode).toBe(403);

    // Reopened and won again: still one post.
    const reopened = await ok<{ version: number }>(
      managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stages[0]!.id, version: won.version }),
    );
    await ok(
      managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stageOf("won"), version: reopened.version }),
    );
    expect(await eventPosts("deal_won")).toHaveLength(1);

    // A deal entered as won is announced too; a lost one is not.
    const enteredWon = await ok<{ id: string }>(
      headB.request("POST", "/api/v1/deals", {
        title: "Сразу выиграна",
        amount: 5000,
        stageId: stageOf("won"),
        ownerId: fixture.managerB1.id,
      }),
      201,
    );
    await ok(headB.request("POST", "/api/v1/deals", { title: "Проиграна", amount: 1, stageId: stageOf("lost") }), 201);
    const wins = await eventPosts("deal_won");
    expect(wins.map((post) => post.dealId)).toEqual([deal.id, enteredWon.id]);
    expect(await seenBy(wins[1]!.id)).toEqual([headB, managerB1]);
    // The head who moved it sees the amount; their manager, the owner, too.
    expect((await eventsIn(managerB1, "deal_won"))[0]!.event!.deal?.amount).toBe(5000);
    void top;
    void regionHead;
  });

  it("a deal 1C wins is announced when the win is recent, not for the history a first exchange brings", async () => {
    const company = await ok<{ id: string }>(
      managerA2.request("POST", "/api/v1/companies", { name: "ТОО Сварка", bin: "940140000385" }),
      201,
    );
    const today = new Date().toISOString().slice(0, 10);
    const upsert = await admin.request("POST", "/api/v1/integrations/1c/upsert", {
      counterparties: [{ guid: "cp-1", name: "ТОО Сварка", bin: "940140000385" }],
      orders: [
        { guid: "o-new", number: "101", date: today, counterpartyGuid: "cp-1", amount: "300000" },
        { guid: "o-old", number: "100", date: "2024-02-01", counterpartyGuid: "cp-1", amount: "100000" },
      ],
      payments: [
        { guid: "p-new", orderGuid: "o-new", number: "П101", date: today, amount: "300000" },
        { guid: "p-old", orderGuid: "o-old", number: "П100", date: "2024-02-10", amount: "100000" },
      ],
    });
    expect(upsert.statusCode).toBe(200);
    const deals = await rows<{ id: string; number: string }>(
      context.handle.db,
      sql`select d.id, o.number from deals d join one_c_orders o on o.deal_id = d.id
          where d.company_id = ${company.id} order by o.number`,
    );
    expect(deals).toHaveLength(2);
    const announced = (await eventPosts("deal_won")).map((post) => post.dealId);
    expect(announced).toContain(deals[1]!.id);
    expect(announced).not.toContain(deals[0]!.id);
    const [post] = (await eventsIn(managerA2, "deal_won")).filter((item) => item.author.id === fixture.managerA2.id);
    expect(post!.event!.deal).toMatchObject({ id: deals[1]!.id, amount: 300000 });
    // A1 shares the unit and hears of it, without the amount.
    const forFellow = (await eventsIn(managerA1, "deal_won")).find((item) => item.id === post!.id)!;
    expect(forFellow.event!.deal).toBeNull();
  });

  it("a new colleague is announced to the whole company when created through the service, not by a bulk insert", async () => {
    const created = await ok<{ id: string }>(
      headA.request("POST", "/api/v1/users", {
        login: "new-welder",
        password: "Secret-password-1",
        name: "Ержан Новиков",
        position: "Менеджер по продажам",
        role: "manager",
        unitId: fixture.departmentA,
      }),
      201,
    );
    const posts = await eventPosts("new_colleague");
    expect(posts).toEqual([expect.objectContaining({ authorId: created.id })]);
    expect(await seenBy(posts[0]!.id)).toEqual(everyone);
    const post = await ok<FeedPost>(managerB1.request("GET", `/api/v1/feed/${posts[0]!.id}`));
    expect(post).toMatchObject({
      kind: "new_colleague",
      body: "<p>Новый сотрудник: Ержан Новиков, Менеджер по продажам, Department A</p>",
      audience: { company: true },
      abilities: { edit: false, delete: false },
    });
    expect(post.event).toEqual({
      subject: { id: created.id, name: "Ержан Новиков", position: "Менеджер по продажам", unitName: "Department A" },
      deal: null,
      course: null,
    });
    // Someone inserted directly (as the demo generator does) is not announced; nor an inactive account.
    await createUser(context.handle.db, { unitId: fixture.departmentB, login: "bulk-user" });
    await ok(
      admin.request("POST", "/api/v1/users", {
        login: "inactive-user",
        password: "Secret-password-1",
        name: "Неактивный",
        role: "manager",
        unitId: fixture.departmentB,
        active: false,
      }),
      201,
    );
    expect(await eventPosts("new_colleague")).toHaveLength(1);
  });

  it("a completed course goes to the person's unit once, linking to the course", async () => {
    const [course] = await rows<{ id: string }>(
      context.handle.db,
      sql`insert into courses (title, author_id, published) values ('Работа в Планёрке', ${fixture.headA.id}, true)
          returning id`,
    );
    const announce = () =>
      context.handle.db.transaction((tx) =>
        announceCourseCompleted(tx, { userId: fixture.managerA2.id, courseId: course!.id }),
      );
    const postId = await announce();
    expect(postId).toBeTruthy();
    expect(await announce()).toBeNull();
    expect(await eventPosts("course_completed")).toHaveLength(1);
    expect(await seenBy(postId!)).toEqual([headA, managerA1, managerA2]);
    const post = await ok<FeedPost>(headA.request("GET", `/api/v1/feed/${postId}`));
    expect(post).toMatchObject({
      kind: "course_completed",
      author: { id: fixture.managerA2.id },
      body: "<p>Test manager-a2 прошёл(ла) курс «Работа в Планёрке»</p>",
      event: { course: { id: course!.id, title: "Работа в Планёрке" }, deal: null },
    });
    // The feed's search finds it by the course's name, for the unit only.
    const found = await ok<{ items: FeedPost[] }>(
      managerA1.request("GET", `/api/v1/feed?q=${encodeURIComponent("Планёрке")}`),
    );
    expect(found.items.map((item) => item.id)).toEqual([postId]);
    const outside = await ok<{ items: FeedPost[] }>(
      managerB1.request("GET", `/api/v1/feed?q=${encodeURIComponent("Планёрке")}`),
    );
    expect(outside.items).toEqual([]);
    // A course that does not exist announces nothing.
    expect(
      await context.handle.db.transaction((tx) =>
        announceCourseCompleted(tx, { userId: fixture.managerA2.id, courseId: "00000000-0000-4000-8000-000000000000" }),
      ),
    ).toBeNull();
  });
});
