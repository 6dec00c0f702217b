import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs } from "./task-testing";

describe("creating, changing and deleting tasks", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  const notices = async (taskId: string) =>
    rows<{ userId: string; kind: string }>(
      context.handle.db,
      sql`select user_id as "userId", kind from notifications where link = ${`/tasks/${taskId}`} order by kind, user_id`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerB1, headA, headB] = await loginEach(context.app, [
      "manager-a1",
      "manager-b1",
      "head-a",
      "head-b",
    ]);
  });

  it("creates a task with its people, notifies them and lets anyone in the directory be set a task", async () => {
    const { managerA2: a2, managerB1: b1, headB: hb } = fixture;
    const task = await createTaskAs(managerA1, {
      title: "  Подготовить выставку  ",
      description: "Стенд <b>3×4</b>\nи буклеты",
      priority: "high",
      deadline: "2026-12-01T10:00:00+05:00",
      plannedMinutes: 240,
      requiresControl: true,
      assigneeId: b1.id,
      coassigneeIds: [a2.id, b1.id],
      observerIds: [hb.id, a2.id],
    });
    expect(task).toMatchObject({
      title: "Подготовить выставку",
      description: "Стенд <b>3×4</b>\nи буклеты",
      priority: "high",
      deadline: "2026-12-01T05:00:00.000Z",
      plannedMinutes: 240,
      requiresControl: true,
      status: "new",
      version: 1,
      creator: { id: fixture.managerA1.id, name: "Test manager-a1" },
      assignee: { id: b1.id, name: "Test manager-b1" },
      coassignees: [{ id: a2.id, name: "Test manager-a2" }],
      observers: [{ id: hb.id, name: "Test head-b" }],
      spentMinutes: 0,
      abilities: { edit: true, delete: true, changeStatus: true, control: true, trackTime: true, comment: true },
    });
    expect(await notices(task.id)).toEqual(
      [
        { userId: b1.id, kind: "task_assigned" },
        { userId: a2.id, kind: "task_assigned" },
        { userId: hb.id, kind: "task_observer" },
      ].sort((x, y) => x.kind.localeCompare(y.kind) || x.userId.localeCompare(y.userId)),
    );
    for (const reader of [managerB1, headB, headA]) {
      expect((await reader.request("GET", `/api/v1/tasks/${task.id}`)).statusCode).toBe(200);
    }
    const own = await createTaskAs(managerA1, { title: "Себе" });
    expect(own.assignee).toEqual({ id: fixture.managerA1.id, name: "Test manager-a1" });
    expect(own.description).toBe("");
  });

  it("changes fields and people with the version, audits who changed what, and refuses a stale version", async () => {
    const { managerA2: a2, managerB1: b1 } = fixture;
    const task = await createTaskAs(managerA1, { title: "Старое название", deadline: "2026-12-01T10:00:00Z" });
    const url = `/api/v1/tasks/${task.id}`;
    const patched = await headA.request("PATCH", url, {
      version: 1,
      title: "Новое название",
      deadline: null,
      assigneeId: a2.id,
      observerIds: [b1.id],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      title: "Новое название",
      deadline: null,
      version: 2,
      assignee: { id: a2.id },
      observers: [{ id: b1.id, name: "Test manager-b1" }],
    });
    expect(await notices(task.id)).toEqual([
      { userId: a2.id, kind: "task_assigned" },
      { userId: b1.id, kind: "task_observer" },
    ]);
    const [audit] = await rows<{ actorId: string; changes: { field: string; old: unknown; new: unknown }[] }>(
      context.handle.db,
      sql`select actor_id as "actorId", changes from audit_log
          where entity = 'task' and entity_id = ${task.id} and action = 'update'`,
    );
    expect(audit!.actorId).toBe(fixture.headA.id);
    expect(audit!.changes).toEqual([
      { field: "title", old: "Старое название", new: "Новое название" },
      { field: "deadline", old: "2026-12-01T10:00:00.000Z", new: null },
      { field: "assigneeId", old: fixture.managerA1.id, new: a2.id },
      { field: "observerIds", old: [], new: [b1.id] },
    ]);

    const stale = await managerA1.request("PATCH", url, { version: 1, title: "Поздно" });
    expect(stale.statusCode).toBe(409);
    const after = (await managerA1.request("GET", url)).json();
    expect(after).toMatchObject({ title: "Новое название", version: 2 });
  });

  it("links a task only to a record the caller may read", async () => {
    const mine = (await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Электрод" })).json();
    const theirs = (await managerB1.request("POST", "/api/v1/companies", { name: "ТОО Чужая" })).json();
    const task = await createTaskAs(managerA1, { title: "Звонок", entityType: "company", entityId: mine.id });
    expect(task.link).toEqual({ entityType: "company", entityId: mine.id, title: "ТОО Электрод" });
    const url = `/api/v1/tasks/${task.id}`;
    const hidden = await managerA1.request("PATCH", url, { version: 1, entityType: "company", entityId: theirs.id });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().errors).toEqual([{ path: "entityId", message: "No such record" }]);
    const wrongKind = await managerA1.request("PATCH", url, { version: 1, entityType: "deal", entityId: mine.id });
    expect(wrongKind.statusCode).toBe(404);
    const half = await managerA1.request("PATCH", url, { version: 1, entityType: "contact" });
    expect(half.statusCode).toBe(422);
    expect(half.json().errors[0].path).toBe("entityId");
    const unlinked = await managerA1.request("PATCH", url, { version: 1, entityType: null, entityId: null });
    expect(unlinked.json()).toMatchObject({ link: null, version: 2 });
  });

  it("deletes for the creator and those above, hiding the task everywhere", async () => {
    const task = await createTaskAs(managerA1, { title: "Удалить меня", assigneeId: fixture.managerB1.id });
    const url = `/api/v1/tasks/${task.id}`;
    expect((await managerB1.request("DELETE", url)).statusCode).toBe(403);
    expect((await managerA1.request("DELETE", url)).statusCode).toBe(204);
    expect((await managerA1.request("DELETE", url)).statusCode).toBe(404);
    for (const reader of [managerA1, managerB1, headA]) {
      expect((await reader.request("GET", url)).statusCode).toBe(404);
      const all = (await reader.request("GET", "/api/v1/tasks?view=all&q=Удалить")).json();
      expect(all.total).toBe(0);
    }
    const [audit] = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'task' and entity_id = ${task.id} order by id desc limit 1`,
    );
    expect(audit!.action).toBe("delete");
  });
});
