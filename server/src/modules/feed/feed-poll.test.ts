import type { AddressInfo } from "node:net";
import type { FeedPoll, FeedPost } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { openSocket } from "../../testing/realtime-socket";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Polls on posts: voting, changing and withdrawing a vote, one or several answers, closing, who may vote. */
describe("polls in the news feed", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let admin: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;

  const create = (client: Client, body: Record<string, unknown>) =>
    ok<FeedPost>(client.request("POST", "/api/v1/feed", body), 201);
  const vote = (client: Client, postId: string, optionIds: string[]) =>
    client.request("PUT", `/api/v1/feed/${postId}/poll/votes`, { optionIds });
  const voted = async (client: Client, postId: string, optionIds: string[]) =>
    (await ok<FeedPost>(vote(client, postId, optionIds))).poll!;
  const pollFor = async (client: Client, postId: string) =>
    (await ok<FeedPost>(client.request("GET", `/api/v1/feed/${postId}`))).poll!;
  const storedVotes = async (postId: string) =>
    rows<{ userId: string; position: number }>(
      context.handle.db,
      sql`select v.user_id as "userId", o.position from feed_poll_votes v join feed_poll_options o on o.id = v.option_id
          where v.post_id = ${postId} order by v.user_id, o.position`,
    );
  /** The figures a reader must see, counted here from the stored votes, not by the server's query. */
  const expectedFigures = async (postId: string, optionCount: number) => {
    const votes = await storedVotes(postId);
    const voters = new Set(votes.map((row) => row.userId)).size;
    return {
      voters,
      options: Array.from({ length: optionCount }, (_, position) => {
        const count = votes.filter((row) => row.position === position).length;
        return { votes: count, percent: voters === 0 ? 0 : Number(((100 * count) / voters).toFixed(1)) };
      }),
    };
  };
  const figuresOf = (poll: FeedPoll) => ({
    voters: poll.voters,
    options: poll.options.map((option) => ({ votes: option.votes, percent: option.percent })),
  });

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, headA, headB, managerA1, managerA2, managerB1] = await loginEach(context.app, [
      "admin-user",
      "head-a",
      "head-b",
      "manager-a1",
      "manager-a2",
      "manager-b1",
    ] as const);
  });

  it("a single-choice poll: a vote, a changed vote, a withdrawn one; figures agree with the stored votes", async () => {
    const post = await create(headA, {
      body: "<p>Когда разбираем КП?</p>",
      audience: { unitIds: [fixture.departmentA] },
      poll: { question: "Когда удобнее?", options: ["Утром", "В обед", "Вечером"] },
    });
    expect(post.poll).toMatchObject({
      question: "Когда удобнее?",
      multiple: false,
      closesAt: null,
      closed: false,
      voters: 0,
      myOptionIds: [],
    });
    const [morning, noon, evening] = post.poll!.options.map((option) => option.id) as [string, string, string];
    expect(post.poll!.options.map((option) => [option.text, option.votes, option.percent])).toEqual([
      ["Утром", 0, 0],
      ["В обед", 0, 0],
      ["Вечером", 0, 0],
    ]);

    expect((await voted(managerA1, post.id, [morning])).myOptionIds).toEqual([morning]);
    await voted(managerA2, post.id, [noon]);
    const byHead = await voted(headA, post.id, [noon]);
    expect(byHead.myOptionIds).toEqual([noon]);
    expect(figuresOf(byHead)).toEqual(await expectedFigures(post.id, 3));
    expect(figuresOf(byHead)).toEqual({
      voters: 3,
      options: [
        { votes: 1, percent: 33.3 },
        { votes: 2, percent: 66.7 },
        { votes: 0, percent: 0 },
      ],
    });
    // Another reader sees the same results and their own (empty) choice.
    const seen = await pollFor(managerA1, post.id);
    expect(seen.myOptionIds).toEqual([morning]);
    expect(figuresOf(seen)).toEqual(figuresOf(byHead));

    // A1 changes their mind: the earlier vote is replaced, not added to.
    const changed = await voted(managerA1, post.id, [evening]);
    expect(changed.myOptionIds).toEqual([evening]);
    expect(figuresOf(changed)).toEqual(await expectedFigures(post.id, 3));
    expect(changed.options.map((option) => option.votes)).toEqual([0, 2, 1]);

    // Withdrawn: A2 no longer counts among the voters.
    const withdrawn = await voted(managerA2, post.id, []);
    expect(withdrawn.myOptionIds).toEqual([]);
    expect(figuresOf(withdrawn)).toEqual(await expectedFigures(post.id, 3));
    expect(withdrawn).toMatchObject({ voters: 2 });
    expect(withdrawn.options.map((option) => option.percent)).toEqual([0, 50, 50]);

    // One answer only: two are refused naming the field, and nothing changes.
    const before = await storedVotes(post.id);
    const two = await vote(managerA1, post.id, [morning, noon]);
    expect(two.statusCode).toBe(422);
    expect(two.json().errors[0].path).toBe("optionIds");
    const twice = await vote(managerA1, post.id, [morning, morning]);
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0].path).toBe("optionIds");
    expect(await storedVotes(post.id)).toEqual(before);
  });

  it("a multiple-choice poll counts each answer, and voters once", async () => {
    const post = await create(managerA1, {
      body: "<p>Что заказать на склад?</p>",
      audience: { unitIds: [fixture.departmentA] },
      poll: { question: "Что нужно?", options: ["Электроды", "Проволока", "Маски", "Перчатки"], multiple: true },
    });
    const [rods, wire, masks, gloves] = post.poll!.options.map((option) => option.id) as [
      string,
      string,
      string,
      string,
    ];
    const mine = await voted(managerA1, post.id, [rods, wire, masks]);
    expect(mine.myOptionIds).toEqual([rods, wire, masks]);
    await voted(managerA2, post.id, [wire]);
    const third = await voted(headA, post.id, [wire, gloves]);
    expect(figuresOf(third)).toEqual(await expectedFigures(post.id, 4));
    expect(figuresOf(third)).toEqual({
      voters: 3,
      options: [
        { votes: 1, percent: 33.3 },
        { votes: 3, percent: 100 },
        { votes: 1, percent: 33.3 },
        { votes: 1, percent: 33.3 },
      ],
    });
    // The whole choice is replaced.
    const changed = await voted(managerA1, post.id, [gloves]);
    expect(changed.myOptionIds).toEqual([gloves]);
    expect(changed.options.map((option) => option.votes)).toEqual([0, 2, 0, 2]);
    expect(figuresOf(changed)).toEqual(await expectedFigures(post.id, 4));
  });

  it("refuses answers of another post, votes from outside the audience (404) and votes once the poll is closed", async () => {
    const post = await create(headA, {
      body: "<p>Опрос отдела A</p>",
      audience: { unitIds: [fixture.departmentA] },
      poll: { question: "Корпоратив в пятницу?", options: ["Да", "Нет"] },
    });
    const other = await create(headB, {
      body: "<p>Опрос отдела B</p>",
      audience: { unitIds: [fixture.departmentB] },
      poll: { question: "Корпоратив в субботу?", options: ["Да", "Нет"] },
    });
    const [yes] = post.poll!.options.map((option) => option.id) as [string];
    const foreign = other.poll!.options[0]!.id;

    const mixed = await vote(managerA1, post.id, [foreign]);
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().errors[0].path).toBe("optionIds");
    const unknown = await vote(managerA1, post.id, ["00000000-0000-4000-8000-000000000000"]);
    expect(unknown.statusCode).toBe(422);
    expect(await storedVotes(post.id)).toEqual([]);

    // Outside the audience the post does not exist, whatever the body — the administrator included.
    for (const client of [managerB1, headB, admin]) {
      const answer = await vote(client, post.id, [yes]);
      expect(answer.statusCode).toBe(404);
      expect(answer.body).not.toContain("Корпоратив");
    }
    expect(await storedVotes(post.id)).toEqual([]);
    // A post without a poll has nothing to vote in.
    const plain = await create(headA, { body: "<p>Без опроса</p>", audience: { unitIds: [fixture.departmentA] } });
    expect(plain.poll).toBeNull();
    expect((await vote(managerA1, plain.id, [yes])).statusCode).toBe(404);

    await voted(managerA1, post.id, [yes]);
    await context.handle.db.execute(
      sql`update feed_polls set closes_at = now() - interval '1 minute' where post_id = ${post.id}`,
    );
    const closed = await vote(managerA2, post.id, [yes]);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().detail).toContain("closed");
    // Withdrawing is a vote too: refused, and the results stand.
    expect((await vote(managerA1, post.id, [])).statusCode).toBe(409);
    const results = await pollFor(managerA2, post.id);
    expect(results).toMatchObject({ closed: true, voters: 1 });
    expect(results.options.map((option) => option.votes)).toEqual([1, 0]);
  });

  it("refuses a bad poll on a new post naming the field, and stores nothing", async () => {
    const count = async () =>
      (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from feed_posts`))[0]!.n;
    const before = await count();
    const audience = { unitIds: [fixture.departmentA] };
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ question: "Один ответ?", options: ["Да"] }, 400, "body.poll.options"],
      [{ question: "Пустой?", options: ["Да", " "] }, 400, "body.poll.options.1"],
      [{ question: "Повтор?", options: ["Да", "да"] }, 400, "body.poll.options"],
      [
        { question: "Много?", options: Array.from({ length: 11 }, (_, index) => `Ответ ${index}`) },
        400,
        "body.poll.options",
      ],
      [{ question: "", options: ["Да", "Нет"] }, 400, "body.poll.question"],
      [{ question: "Вчера?", options: ["Да", "Нет"], closesAt: "2020-01-01T00:00:00Z" }, 422, "poll.closesAt"],
    ];
    for (const [poll, status, path] of refusals) {
      const answer = await managerA1.request("POST", "/api/v1/feed", { body: "<p>Опрос</p>", audience, poll });
      expect(answer.statusCode, JSON.stringify(poll)).toBe(status);
      expect(answer.json().errors[0].path).toBe(path);
    }
    expect(await count()).toBe(before);
    // A closing time ahead is kept and shown.
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    const post = await create(managerA1, {
      body: "<p>До завтра</p>",
      audience,
      poll: { question: "Успеем?", options: ["Да", "Нет"], closesAt },
    });
    expect(post.poll).toMatchObject({ closesAt, closed: false });
  });

  it("pushes a changed vote to the audience's open feeds, and to nobody else", async () => {
    const post = await create(headA, {
      body: "<p>Голосуем</p>",
      audience: { unitIds: [fixture.departmentA] },
      poll: { question: "Кофе или чай?", options: ["Кофе", "Чай"] },
    });
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const url = `ws://127.0.0.1:${port}/api/v1/realtime`;
    const inside = await openSocket(url, { cookie: managerA2.cookie, origin });
    const outside = await openSocket(url, { cookie: managerB1.cookie, origin });
    for (const socket of [inside, outside]) await socket.next("hello");
    await voted(managerA1, post.id, [post.poll!.options[1]!.id]);
    expect(await inside.next("feed_post")).toEqual({ type: "feed_post", postId: post.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outside.frames.filter((frame) => frame.type === "feed_post")).toEqual([]);
    for (const socket of [inside, outside]) socket.socket.close();
  });
});
