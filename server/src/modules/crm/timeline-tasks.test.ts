import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

interface Item {
  id: string;
  kind: string;
  authorId: string | null;
  title: string;
  task?: { id: string; event: string; status: string; assigneeId: string } | null;
}

describe("tasks on a CRM record's timeline", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let regionHead: Client;
  let company: { id: string };
  let contact: { id: string };
  let deal: { id: string };

  const timeline = async (client: Client, collection: string, id: string) => {
    const response = await client.request("GET", `/api/v1/${collection}/${id}/timeline`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items as Item[];
  };
  const taskIds = (items: Item[]) => items.filter((item) => item.kind === "task").map((item) => item.id);
  const createTask = async (client: Client, body: Record<string, unknown>) => {
    const response = await client.request("POST", "/api/v1/tasks", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number };
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, regionHead] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "region-head",
    ]);
    company = (await managerA1.request("POST", "/api/v1/companies", { name: "ТОО «Кран-Сервис»" })).json();
    contact = (
      await managerA1.request("POST", "/api/v1/contacts", { name: "Ерлан Сапаров", companyId: company.id })
    ).json();
    deal = (
      await managerA1.request("POST", "/api/v1/deals", { title: "Кран КС-45717", amount: 1000, companyId: company.id })
    ).json();
  });

  it("a task the head sets from the deal for its owner is on the deal's timeline, and so is its completion", async () => {
    const task = await createTask(headA, {
      title: "Подготовить КП по крану",
      assigneeId: fixture.managerA1.id,
      entityType: "deal",
      entityId: deal.id,
    });
    const set = (await timeline(managerA1, "deals", deal.id)).find((item) => item.id === `task-created:${task.id}`);
    expect(set).toMatchObject({
      kind: "task",
      title: "Подготовить КП по крану",
      authorId: fixture.headA.id,
      task: { id: task.id, event: "created", status: "new", assigneeId: fixture.managerA1.id },
    });

    const done = await managerA1.request("POST", `/api/v1/tasks/${task.id}/status`, {
      version: task.version,
      action: "complete",
    });
    expect(done.json().status).toBe("done");
    const items = await timeline(managerA1, "deals", deal.id);
    expect(items.find((item) => item.id === `task-completed:${task.id}`)).toMatchObject({
      kind: "task",
      authorId: fixture.managerA1.id,
      task: { event: "completed", status: "done" },
    });
    // Newest first: the completion above the setting.
    const ids = items.map((item) => item.id);
    expect(ids.indexOf(`task-completed:${task.id}`)).toBeLessThan(ids.indexOf(`task-created:${task.id}`));
    // The company's card gathers its deals' tasks, as it does their activities.
    expect(taskIds(await timeline(managerA1, "companies", company.id))).toEqual(
      expect.arrayContaining([`task-created:${task.id}`, `task-completed:${task.id}`]),
    );
    expect(taskIds(await timeline(headA, "deals", deal.id))).toContain(`task-created:${task.id}`);
  });

  it("a task on the deal the viewer may not read stays off their timeline", async () => {
    // Set by A1's head for A1's colleague: A1 owns the deal but takes no part in the task.
    const task = await createTask(headA, {
      title: "Проверить скидку менеджера",
      assigneeId: fixture.managerA2.id,
      entityType: "deal",
      entityId: deal.id,
    });
    const hidden = `task-created:${task.id}`;
    expect(taskIds(await timeline(managerA1, "deals", deal.id))).not.toContain(hidden);
    expect(taskIds(await timeline(managerA1, "companies", company.id))).not.toContain(hidden);
    const body = JSON.stringify(await timeline(managerA1, "deals", deal.id));
    expect(body).not.toContain("Проверить скидку");
    // Those who may read the task see it on the deal they also see.
    expect(taskIds(await timeline(headA, "deals", deal.id))).toContain(hidden);
    expect(taskIds(await timeline(regionHead, "deals", deal.id))).toContain(hidden);
    // The assignee reads the task but not A1's deal: the card stays 404.
    expect((await managerA2.request("GET", `/api/v1/deals/${deal.id}/timeline`)).statusCode).toBe(404);
  });

  it("a contact's task is on the contact's card; a deleted task leaves every timeline", async () => {
    const task = await createTask(managerA1, {
      title: "Поздравить с днём рождения",
      entityType: "contact",
      entityId: contact.id,
    });
    expect(taskIds(await timeline(managerA1, "contacts", contact.id))).toContain(`task-created:${task.id}`);
    expect(taskIds(await timeline(managerA1, "companies", company.id))).toContain(`task-created:${task.id}`);
    expect(taskIds(await timeline(managerA1, "deals", deal.id))).not.toContain(`task-created:${task.id}`);
    expect((await managerA1.request("DELETE", `/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
    expect(taskIds(await timeline(managerA1, "contacts", contact.id))).not.toContain(`task-created:${task.id}`);
  });
});
