import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

describe("task comments, mentions and rich text", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let creator: Client;
  let assignee: Client;
  let outsider: Client;
  let headA: Client;
  let taskId: string;
  const kindsOf = async (userId: string) =>
    (
      await rows<{ kind: string }>(
        context.handle.db,
        sql`select kind from notifications where user_id = ${userId} and link = ${`/tasks/${taskId}`} order by created_at, kind`,
      )
    ).map((row) => row.kind);
  const hostile =
    '<p onclick="steal()">Смотри <a href="javascript:alert(1)">сюда</a> и <a href="https://kaspi.kz/shop">магазин</a>' +
    '<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe></p>';
  const assertHarmless = (html: string) => {
    expect(html).not.toMatch(/<script|javascript:|onerror|onclick|<img|<iframe/i);
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [creator, assignee, outsider, headA] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
    ]);
    taskId = (await createTaskAs(creator, { title: "Договор поставки", assigneeId: fixture.managerA2.id })).id;
  });

  it("resolves a mention, makes the mentioned person an observer and tells them", async () => {
    const b1 = fixture.managerB1.id;
    expect((await outsider.request("GET", `/api/v1/tasks/${taskId}`)).statusCode).toBe(404);
    const posted = await assignee.request("POST", `/api/v1/tasks/${taskId}/comments`, {
      body: `Проверь цены, @[Кто-то](${b1}), пожалуйста`,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const comment = posted.json();
    expect(comment.body).toBe(`<p>Проверь цены, <span data-mention-id="${b1}">@Test manager-b1</span>, пожалуйста</p>`);
    expect(comment).toMatchObject({
      author: { id: fixture.managerA2.id },
      mentions: [{ id: b1, name: "Test manager-b1" }],
      mine: true,
      editedAt: null,
    });
    const forMentioned = await outsider.request("GET", `/api/v1/tasks/${taskId}`);
    expect(forMentioned.statusCode).toBe(200);
    expect(forMentioned.json().observers).toEqual([{ id: b1, name: "Test manager-b1" }]);
    expect(await kindsOf(b1)).toEqual(["mention"]);
    const [audit] = await rows<{ changes: { field: string; new: unknown }[] }>(
      context.handle.db,
      sql`select changes from audit_log where entity = 'task_comment' and entity_id = ${comment.id}`,
    );
    expect(audit!.changes).toContainEqual({ field: "observersAdded", old: null, new: [b1] });
    expect(await kindsOf(fixture.managerA1.id)).toEqual(["task_comment"]);
    expect(await kindsOf(fixture.managerA2.id)).toEqual(["task_assigned"]);
    expect((await creator.request("GET", `/api/v1/tasks/${taskId}/comments`)).json()).toMatchObject({
      total: 1,
      items: [{ id: comment.id, mine: false }],
    });
  });

  it("leaves mentions of unknown or departed people as plain text", async () => {
    const departed = await createUser(context.handle.db, {
      unitId: fixture.departmentA,
      name: "Уволенный",
      active: false,
    });
    const unknown = "00000000-0000-4000-8000-000000000000";
    const posted = await creator.request("POST", `/api/v1/tasks/${taskId}/comments`, {
      body: `@[Уволенный](${departed.id}) и @[Никто](${unknown}) <b>тоже</b>`,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json().body).toBe("@Уволенный и @Никто <b>тоже</b>");
    expect(posted.json().mentions).toEqual([]);
    const members = await rows<{ userId: string }>(
      context.handle.db,
      sql`select user_id as "userId" from task_members where task_id = ${taskId} and user_id in (${departed.id}, ${unknown})`,
    );
    expect(members).toEqual([]);
  });

  it("sanitises comments and descriptions: no script, no javascript: links, no handlers", async () => {
    const comment = (await creator.request("POST", `/api/v1/tasks/${taskId}/comments`, { body: hostile })).json();
    assertHarmless(comment.body);
    expect(comment.body).toBe(
      '<p>Смотри сюда и <a href="https://kaspi.kz/shop" rel="noopener noreferrer" target="_blank">магазин</a></p>',
    );
    const created = await createTaskAs(creator, { title: "<script>alert(1)</script>", description: hostile });
    assertHarmless(created.description as string);
    // The title is plain text: stored as given and escaped by whoever renders it.
    expect(created.title).toBe("<script>alert(1)</script>");
    const patched = await creator.request("PATCH", `/api/v1/tasks/${created.id}`, {
      version: created.version,
      description: '<h2>План</h2><ul><li onmouseover="x()">один</li></ul><a href="data:text/html,x">d</a>',
    });
    expect(patched.json().description).toBe("<h2>План</h2><ul><li>один</li></ul>d");
    const plain = await creator.request("POST", `/api/v1/tasks/${taskId}/comments`, {
      body: "a < b & c\nвторая строка",
    });
    expect(plain.json().body).toBe("<p>a &lt; b &amp; c<br />вторая строка</p>");
    const empty = await creator.request("POST", `/api/v1/tasks/${taskId}/comments`, { body: "<script>x()</script>" });
    expect(empty.statusCode).toBe(422);
    expect(errorPaths(empty)).toEqual(["body"]);
  });

  it("lets only the author edit or delete a comment; newly mentioned people hear of the edit", async () => {
    const posted = (await creator.request("POST", `/api/v1/tasks/${taskId}/comments`, { body: "Черновик" })).json();
    const url = `/api/v1/tasks/${taskId}/comments/${posted.id}`;
    expect((await assignee.request("PATCH", url, { body: "Чужая правка" })).statusCode).toBe(403);
    expect((await headA.request("DELETE", url)).statusCode).toBe(403);
    const edited = await creator.request("PATCH", url, { body: `Итог: @[Руководитель](${fixture.headA.id})` });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().mentions).toEqual([{ id: fixture.headA.id, name: "Test head-a" }]);
    expect(edited.json().editedAt).not.toBeNull();
    expect(await kindsOf(fixture.headA.id)).toEqual(["mention"]);
    expect((await creator.request("PATCH", url, { body: `Итог!! @[Р](${fixture.headA.id})` })).statusCode).toBe(200);
    expect(await kindsOf(fixture.headA.id)).toEqual(["mention"]);
    const before = (await creator.request("GET", `/api/v1/tasks/${taskId}/comments`)).json().total;
    expect((await creator.request("DELETE", url)).statusCode).toBe(204);
    expect((await creator.request("GET", `/api/v1/tasks/${taskId}/comments`)).json().total).toBe(before - 1);
    expect((await creator.request("PATCH", url, { body: "Воскрешение" })).statusCode).toBe(404);
    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'task_comment' and entity_id = ${posted.id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(["create", "update", "update", "delete"]);
  });
});
