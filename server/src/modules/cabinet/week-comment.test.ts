import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, weekPlanComments } from "../../platform/db/schema";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("the head's comments on a subordinate's plan for the week", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let top: Client;
  const week = "2026-W49";
  const url = (userId: string, query = `?week=${week}`) => `/api/v1/cabinet/manager/${userId}/week-comments${query}`;
  const countComments = async () => (await context.handle.db.select().from(weekPlanComments)).length;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, headB, regionHead, top] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
      "top-user",
    ]);
  });

  it("lets the head comment and the manager read it, with the author and time", async () => {
    const posted = await headA.request("POST", url(fixture.managerA1.id, ""), {
      week,
      body: "  Мало холодных звонков в среду — добавь пять.  ",
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const comment = posted.json();
    expect(comment).toMatchObject({
      userId: fixture.managerA1.id,
      week,
      author: { id: fixture.headA.id, name: "Test head-a" },
      body: "Мало холодных звонков в среду — добавь пять.",
    });
    expect(Math.abs(Date.parse(comment.createdAt) - Date.now())).toBeLessThan(60_000);
    expect((await top.request("POST", url(fixture.managerA1.id, ""), { week, body: "Согласен" })).statusCode).toBe(201);
    expect(
      (await regionHead.request("POST", url(fixture.managerA1.id, ""), { week, body: "Встречи — в четверг" }))
        .statusCode,
    ).toBe(201);

    const read = await managerA1.request("GET", url(fixture.managerA1.id));
    expect(read.statusCode).toBe(200);
    const list = read.json();
    expect(list.canComment).toBe(false);
    expect(list.total).toBe(3);
    expect(list.items.map((item: { body: string }) => item.body)).toEqual([
      "Мало холодных звонков в среду — добавь пять.",
      "Согласен",
      "Встречи — в четверг",
    ]);
    expect(list.items[0]).toEqual(comment);
    expect((await headA.request("GET", url(fixture.managerA1.id))).json().canComment).toBe(true);
    // Comments belong to their week.
    expect((await managerA1.request("GET", url(fixture.managerA1.id, "?week=2026-W50"))).json()).toEqual({
      items: [],
      total: 0,
      canComment: false,
    });

    const [audit] = await context.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "week_plan_comment"), eq(auditLog.entityId, comment.id)));
    expect(audit).toMatchObject({ actorId: fixture.headA.id, action: "create" });
    expect(audit!.changes).toContainEqual({ field: "week", old: null, new: week });
  });

  it("answers 404 to anyone who may not read the user's reports, on GET and on POST", async () => {
    const before = await countComments();
    for (const outsider of [managerB1, managerA2, headB]) {
      expect((await outsider.request("GET", url(fixture.managerA1.id))).statusCode).toBe(404);
      expect(
        (await outsider.request("POST", url(fixture.managerA1.id, ""), { week, body: "Чужой комментарий" })).statusCode,
      ).toBe(404);
    }
    expect((await headA.request("GET", url("00000000-0000-4000-8000-000000000000"))).statusCode).toBe(404);
    expect(await countComments()).toBe(before);
  });

  it("never lets anyone comment on their own plan (403), the head included", async () => {
    const before = await countComments();
    const own = await managerA1.request("POST", url(fixture.managerA1.id, ""), { week, body: "Сам себе" });
    expect(own.statusCode).toBe(403);
    expect((await headA.request("POST", url(fixture.headA.id, ""), { week, body: "Сам себе" })).statusCode).toBe(403);
    // The head's own plan is read by the head's head, who may comment on it.
    expect((await regionHead.request("POST", url(fixture.headA.id, ""), { week, body: "Ок" })).statusCode).toBe(201);
    expect(await countComments()).toBe(before + 1);
  });

  it("refuses bad input with 400 naming the field, storing nothing", async () => {
    const before = await countComments();
    const cases: [Record<string, unknown>, string][] = [
      [{ week, body: "я".repeat(2001) }, "body.body"],
      [{ week, body: "   " }, "body.body"],
      [{ week }, "body.body"],
      [{ week: "2025-W53", body: "Нет такой недели" }, "body.week"],
      [{ week: "2026-49", body: "Не неделя" }, "body.week"],
    ];
    for (const [body, path] of cases) {
      const response = await headA.request("POST", url(fixture.managerA1.id, ""), body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const missingWeek = await headA.request("GET", url(fixture.managerA1.id, ""));
    expect(missingWeek.statusCode).toBe(400);
    expect(missingWeek.json().errors.map((error: { path: string }) => error.path)).toContain("query.week");
    expect(
      (await headA.request("POST", url(fixture.managerA1.id, ""), { week, body: "я".repeat(2000) })).statusCode,
    ).toBe(201);
    expect(await countComments()).toBe(before + 1);
  });
});
