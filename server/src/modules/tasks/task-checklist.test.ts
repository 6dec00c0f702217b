import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

describe("checklists and sub-tasks", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let creator: Client;
  let assignee: Client;
  let headA: Client;
  let observer: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [creator, assignee, headA, observer] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "manager-b1",
    ]);
  });

  it("lets the editors write the checklist and the people doing the task tick it, without bumping the version", async () => {
    const task = await createTaskAs(creator, {
      title: "Выставка",
      assigneeId: fixture.managerA2.id,
      observerIds: [fixture.managerB1.id],
      checklist: ["Стенд", "Буклеты"],
    });
    const url = `/api/v1/tasks/${task.id}`;
    const [stand, booklets] = task.checklist as { id: string; title: string; sort: number; done: boolean }[];
    expect([stand, booklets].map((item) => [item!.title, item!.sort, item!.done])).toEqual([
      ["Стенд", 0, false],
      ["Буклеты", 1, false],
    ]);
    const added = await creator.request("POST", `${url}/checklist`, { title: "  Образцы электродов  " });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ title: "Образцы электродов", sort: 2, done: false });

    const ticked = await assignee.request("PATCH", `${url}/checklist/${stand!.id}`, { done: true });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().done).toBe(true);
    for (const refused of [
      await assignee.request("PATCH", `${url}/checklist/${stand!.id}`, { title: "Другое" }),
      await assignee.request("POST", `${url}/checklist`, { title: "Ещё" }),
      await assignee.request("DELETE", `${url}/checklist/${booklets!.id}`),
      await observer.request("PATCH", `${url}/checklist/${booklets!.id}`, { done: true }),
    ]) {
      expect(refused.statusCode).toBe(403);
    }
    const moved = await headA.request("PATCH", `${url}/checklist/${booklets!.id}`, { title: "Буклеты A4", sort: 5 });
    expect(moved.json()).toEqual({ id: booklets!.id, title: "Буклеты A4", done: false, sort: 5 });
    expect((await creator.request("DELETE", `${url}/checklist/${added.json().id}`)).statusCode).toBe(204);

    const detail = (await assignee.request("GET", url)).json();
    expect(detail.checklist.map((item: { title: string; done: boolean }) => [item.title, item.done])).toEqual([
      ["Стенд", true],
      ["Буклеты A4", false],
    ]);
    expect(detail).toMatchObject({ checklistTotal: 2, checklistDone: 1, version: 1 });
    const [doneBy] = await rows<{ doneBy: string }>(
      context.handle.db,
      sql`select done_by as "doneBy" from task_checklist_items where id = ${stand!.id}`,
    );
    expect(doneBy!.doneBy).toBe(fixture.managerA2.id);
    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'task' and entity_id = ${task.id} and action like 'checklist%' order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      "checklist_add",
      "checklist_update",
      "checklist_update",
      "checklist_delete",
    ]);

    // An item is reached only through its own task.
    const other = await createTaskAs(creator, { title: "Другая", checklist: ["Чужой пункт"] });
    const foreignItem = (other.checklist as { id: string }[])[0]!.id;
    expect((await creator.request("PATCH", `${url}/checklist/${foreignItem}`, { done: true })).statusCode).toBe(404);
    expect((await creator.request("DELETE", `${url}/checklist/${foreignItem}`)).statusCode).toBe(404);
    const empty = await creator.request("POST", `${url}/checklist`, { title: "   " });
    expect(empty.statusCode).toBe(400);
    expect(errorPaths(empty)).toContain("body.title");
  });

  it("lists the sub-tasks each reader may see under their parent", async () => {
    const parent = await createTaskAs(creator, { title: "Тендер", assigneeId: fixture.managerA2.id });
    const shared = await createTaskAs(creator, { title: "Собрать документы", parentId: parent.id });
    // The assignee's own sub-task: the creator of the parent takes no part in it.
    const own = await createTaskAs(assignee, { title: "Личная заметка", parentId: parent.id });
    expect(shared.parent).toEqual({ id: parent.id, title: "Тендер" });
    expect(shared.parentId).toBe(parent.id);

    const forCreator = (await creator.request("GET", `/api/v1/tasks/${parent.id}`)).json();
    expect(forCreator.subtasks.map((task: { title: string }) => task.title)).toEqual(["Собрать документы"]);
    expect(forCreator.subtaskCount).toBe(1);
    const forAssignee = (await assignee.request("GET", `/api/v1/tasks/${parent.id}`)).json();
    expect(forAssignee.subtaskCount).toBe(1);
    const forHead = (await headA.request("GET", `/api/v1/tasks/${parent.id}`)).json();
    expect(forHead.subtasks.map((task: { id: string }) => task.id)).toEqual([shared.id, own.id]);
    expect(forHead.subtasks[1]).toMatchObject({ parentId: parent.id, assignee: { id: fixture.managerA2.id } });

    // Nobody hangs a sub-task under a task they cannot read.
    const hidden = await observer.request("POST", "/api/v1/tasks", { title: "Подкоп", parentId: parent.id });
    expect(hidden.statusCode).toBe(404);
    expect(errorPaths(hidden)).toEqual(["parentId"]);

    // Deleting the parent leaves its sub-tasks, now without a parent.
    expect((await creator.request("DELETE", `/api/v1/tasks/${parent.id}`)).statusCode).toBe(204);
    const orphan = (await creator.request("GET", `/api/v1/tasks/${shared.id}`)).json();
    expect(orphan).toMatchObject({ parentId: null, parent: null });
  });
});
