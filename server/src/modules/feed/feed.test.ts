import type { AddressInfo } from "node:net";
import type { FeedPost, FeedReaders } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { openSocket } from "../../testing/realtime-socket";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";

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

/** «Живая лента»: who sees a post, read confirmations of important ones, comments, search. */
describe("the news feed", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let admin: Client;
  let top: Client;
  let regionHead: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let everyone: readonly Client[];

  const post = (client: Client, body: Record<string, unknown>) => client.request("POST", "/api/v1/feed", body);
  const create = (client: Client, body: Record<string, unknown>) => ok<FeedPost>(post(client, body), 201);
  /** Who of `clients` finds the post in their feed, and who opens it (each must agree with the other). */
  const seenBy = async (postId: string) => {
    const seeing: Client[] = [];
    for (const client of everyone) {
      const feed = await ok<{ items: FeedPost[]; pinned: FeedPost[] }>(client.request("GET", "/api/v1/feed?limit=50"));
      const listed = [...feed.items, ...feed.pinned].some((item) => item.id === postId);
      const opened = (await client.request("GET", `/api/v1/feed/${postId}`)).statusCode;
      expect(opened, `${listed}`).toBe(listed ? 200 : 404);
      if (listed) seeing.push(client);
    }
    return seeing;
  };
  const postCount = async () =>
    (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from feed_posts`))[0]!.n;

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
  });

  it("shows a post to its audience only: the company, a unit with the units below it, a group, people", async () => {
    const all = await create(regionHead, { body: "<p>Всем: собрание в пятницу</p>", audience: { company: true } });
    expect(await seenBy(all.id)).toEqual(everyone);

    // The region: its head, both departments below; not the root's admin and top.
    const region = await create(regionHead, {
      body: "<p>Регион: план на декабрь</p>",
      audience: { unitIds: [fixture.regionId] },
    });
    expect(await seenBy(region.id)).toEqual([regionHead, headA, headB, managerA1, managerA2, managerB1]);

    // Department A: its people and the author; the region's head above is not in the audience.
    const department = await create(headA, {
      body: "<p>Отдел A: итоги недели</p>",
      audience: { unitIds: [fixture.departmentA] },
    });
    expect(await seenBy(department.id)).toEqual([headA, managerA1, managerA2]);

    // A closed group's post: its members only — not the heads above them, not the administrator.
    const group = (
      await ok<{ id: string }>(
        managerA1.request("POST", "/api/v1/groups", {
          name: "Сварщики",
          visibility: "closed",
          memberIds: [fixture.managerB1.id],
        }),
        201,
      )
    ).id;
    const inGroup = await create(managerA1, { body: "<p>Только для группы</p>", audience: { groupIds: [group] } });
    expect(await seenBy(inGroup.id)).toEqual([managerA1, managerB1]);
    const groupFeed = await ok<{ items: FeedPost[] }>(managerB1.request("GET", `/api/v1/feed?groupId=${group}`));
    expect(groupFeed.items.map((item) => item.id)).toEqual([inGroup.id]);

    // Named people.
    const personal = await create(managerA2, { body: "<p>Лично</p>", audience: { userIds: [fixture.managerB1.id] } });
    expect(await seenBy(personal.id)).toEqual([managerA2, managerB1]);
    // Every route of a post is 404 outside its audience.
    for (const [method, url, body] of [
      ["GET", `/api/v1/feed/${personal.id}/comments`, undefined],
      ["POST", `/api/v1/feed/${personal.id}/comments`, { body: "Чужое" }],
      ["POST", `/api/v1/feed/${personal.id}/reactions`, { emoji: "👍" }],
      ["POST", `/api/v1/feed/${personal.id}/read`, undefined],
      ["GET", `/api/v1/feed/${personal.id}/readers`, undefined],
      ["PATCH", `/api/v1/feed/${personal.id}`, { body: "x", version: 1 }],
      ["DELETE", `/api/v1/feed/${personal.id}`, undefined],
    ] as const) {
      const answer = await admin.request(method, url, body);
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
      expect(answer.body).not.toContain("Лично");
    }
  });

  it("an important post: readers confirm, the author and heads see who has not (a head only their people)", async () => {
    const notice = await create(regionHead, {
      body: "<p>Важно: новые цены с 1 января</p>",
      audience: { unitIds: [fixture.regionId] },
      important: true,
    });
    expect(notice).toMatchObject({ important: true, readByMe: false, readCount: 0, audienceCount: 5 });
    // Everyone in the audience was told.
    const notified = await rows<{ userId: string }>(
      context.handle.db,
      sql`select user_id as "userId" from notifications where kind = 'feed_important' and link = ${`/feed/${notice.id}`}`,
    );
    expect(new Set(notified.map((row) => row.userId))).toEqual(
      new Set([fixture.headA.id, fixture.headB.id, fixture.managerA1.id, fixture.managerA2.id, fixture.managerB1.id]),
    );

    const confirmed = await ok<FeedPost>(managerA1.request("POST", `/api/v1/feed/${notice.id}/read`));
    expect(confirmed).toMatchObject({ readByMe: true, readCount: 1 });
    // Twice changes nothing.
    expect((await ok<FeedPost>(managerA1.request("POST", `/api/v1/feed/${notice.id}/read`))).readCount).toBe(1);
    await ok(managerB1.request("POST", `/api/v1/feed/${notice.id}/read`));
    // The author is not their own audience: confirming changes no count.
    expect((await ok<FeedPost>(regionHead.request("POST", `/api/v1/feed/${notice.id}/read`))).readCount).toBe(2);

    const names = (list: { name: string }[]) => list.map((person) => person.name);
    const byAuthor = await ok<FeedReaders>(regionHead.request("GET", `/api/v1/feed/${notice.id}/readers`));
    expect(names(byAuthor.read.map((entry) => entry.user))).toEqual(["Test manager-a1", "Test manager-b1"]);
    expect(names(byAuthor.unread)).toEqual(["Test head-a", "Test head-b", "Test manager-a2"]);
    // Head A sees department A's people only.
    const byHead = await ok<FeedReaders>(headA.request("GET", `/api/v1/feed/${notice.id}/readers`));
    expect(names(byHead.read.map((entry) => entry.user))).toEqual(["Test manager-a1"]);
    expect(names(byHead.unread)).toEqual(["Test head-a", "Test manager-a2"]);
    // A manager in the audience reads the post but not the list.
    expect((await managerA2.request("GET", `/api/v1/feed/${notice.id}/readers`)).statusCode).toBe(403);
  });

  it("refuses what a person may not post, and bad input, naming the field and storing nothing", async () => {
    const before = await postCount();
    const refusals: [Client, Record<string, unknown>, number, string][] = [
      [managerA1, { body: "Всем", audience: { company: true } }, 422, "audience.company"],
      [managerA1, { body: "Закреп", audience: { unitIds: [fixture.departmentA] }, pinned: true }, 422, "pinned"],
      [managerA1, { body: "Чужой отдел", audience: { unitIds: [fixture.departmentB] } }, 422, "audience.unitIds"],
      [managerA1, { body: "Никому", audience: {} }, 400, "body.audience"],
      [managerA1, { body: "", audience: { company: false, userIds: [fixture.managerA2.id] } }, 400, "body.body"],
      [managerA1, { body: "x".repeat(20_001), audience: { userIds: [fixture.managerA2.id] } }, 400, "body.body"],
      [managerA1, { body: "<script>alert(1)</script>", audience: { userIds: [fixture.managerA2.id] } }, 422, "body"],
      [
        managerA1,
        { body: "Кому-то", audience: { userIds: ["00000000-0000-4000-8000-000000000000"] } },
        422,
        "audience.userIds",
      ],
    ];
    for (const [client, body, status, path] of refusals) {
      const answer = await post(client, body);
      expect(answer.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(answer.json().errors[0].path).toBe(path);
    }
    expect(await postCount()).toBe(before);
    // The head of department A writes to it and pins; markup is sanitised.
    const pinned = await create(headA, {
      body: '<p onclick="x()">Закреплено <script>alert(1)</script><a href="javascript:x">ссылка</a></p>',
      audience: { unitIds: [fixture.departmentA] },
      pinned: true,
    });
    expect(pinned.body).toBe("<p>Закреплено ссылка</p>");
    const feed = await ok<{ items: FeedPost[]; pinned: FeedPost[] }>(managerA2.request("GET", "/api/v1/feed"));
    expect(feed.pinned.map((item) => item.id)).toContain(pinned.id);
    expect(feed.items.map((item) => item.id)).not.toContain(pinned.id);
  });

  it("comments, reactions, mentions and search, and pages through the feed without gaps", async () => {
    const topic = await create(managerA1, {
      body: `<p>Кто знает про <span data-mention-id="${fixture.managerA2.id}">@коллега</span> сварочные инверторы?</p>`,
      audience: { unitIds: [fixture.departmentA] },
    });
    const mentioned = await rows(
      context.handle.db,
      sql`select 1 from notifications where kind = 'mention' and user_id = ${fixture.managerA2.id} and link = ${`/feed/${topic.id}`}`,
    );
    expect(mentioned).toHaveLength(1);
    await ok(managerA2.request("POST", `/api/v1/feed/${topic.id}/comments`, { body: "Я знаю, спроси" }), 201);
    const liked = await ok<FeedPost>(headA.request("POST", `/api/v1/feed/${topic.id}/reactions`, { emoji: "👍" }));
    expect(liked.reactions).toEqual([expect.objectContaining({ emoji: "👍", count: 1, mine: true })]);
    const unliked = await ok<FeedPost>(headA.request("POST", `/api/v1/feed/${topic.id}/reactions`, { emoji: "👍" }));
    expect(unliked.reactions).toEqual([]);
    const comments = await ok<{ items: { body: string; author: { name: string } }[] }>(
      managerA1.request("GET", `/api/v1/feed/${topic.id}/comments`),
    );
    expect(comments.items.map((comment) => [comment.author.name, comment.body])).toEqual([
      ["Test manager-a2", "Я знаю, спроси"],
    ]);
    const tooLong = await managerA2.request("POST", `/api/v1/feed/${topic.id}/comments`, { body: "x".repeat(5001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].path).toBe("body.body");

    // Word forms: «инвертор» finds «инверторы»; people outside the audience find nothing.
    const found = await ok<{ items: FeedPost[] }>(
      managerA2.request("GET", `/api/v1/feed?q=${encodeURIComponent("инвертор")}`),
    );
    expect(found.items.map((item) => item.id)).toEqual([topic.id]);
    const outside = await ok<{ items: FeedPost[] }>(
      managerB1.request("GET", `/api/v1/feed?q=${encodeURIComponent("инвертор")}`),
    );
    expect(outside.items).toEqual([]);

    // Paging: every post once, newest first.
    for (let index = 0; index < 5; index++)
      await create(managerA2, { body: `<p>Запись ${index}</p>`, audience: { userIds: [fixture.managerA1.id] } });
    const all = await ok<{ items: FeedPost[] }>(managerA1.request("GET", "/api/v1/feed?limit=50"));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page: { items: FeedPost[]; nextCursor: string | null } = await ok(
        managerA1.request("GET", `/api/v1/feed?limit=3${query}`),
      );
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((item) => item.id));
    expect((await managerA1.request("GET", "/api/v1/feed?cursor=garbage")).statusCode).toBe(422);
    void top;
  });

  it("pushes a new post over the socket to its audience's open pages, and to nobody else", async () => {
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const url = `ws://127.0.0.1:${port}/api/v1/realtime`;
    const inside = await openSocket(url, { cookie: managerA2.cookie, origin });
    const outside = await openSocket(url, { cookie: managerB1.cookie, origin });
    const above = await openSocket(url, { cookie: regionHead.cookie, origin });
    for (const socket of [inside, outside, above]) await socket.next("hello");
    const posted = await create(headA, {
      body: "<p>Отделу A: сегодня планёрка в 9:30</p>",
      audience: { unitIds: [fixture.departmentA] },
    });
    expect(await inside.next("feed_post")).toEqual({ type: "feed_post", postId: posted.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outside.frames.filter((frame) => frame.type === "feed_post")).toEqual([]);
    expect(above.frames.filter((frame) => frame.type === "feed_post")).toEqual([]);
    for (const socket of [inside, outside, above]) socket.socket.close();
  });
});
