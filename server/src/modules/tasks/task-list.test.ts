import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

describe("task views and filters", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  const ids: Record<string, string> = {};
  let companyId: string;
  const hour = 3_600_000;
  const at = (offsetHours: number) => new Date(Date.now() + offsetHours * hour).toISOString();
  const titles = async (client: Client, query: string) => {
    const response = await client.request("GET", `/api/v1/tasks?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json();
    return { titles: page.items.map((item: { title: string }) => item.title) as string[], total: page.total };
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, headB] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
    ]);
    const company = await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Сварка-Астана" });
    expect(company.statusCode, company.body).toBe(201);
    companyId = company.json().id;
    const a2 = fixture.managerA2.id;
    ids.call = (await createTaskAs(managerA1, { title: "Call the client", deadline: at(-24), priority: "high" })).id;
    ids.invoice = (
      await createTaskAs(managerA1, {
        title: "Send INVOICE-7",
        assigneeId: a2,
        coassigneeIds: [fixture.managerA1.id],
        deadline: at(24),
        priority: "low",
      })
    ).id;
    ids.observed = (
      await createTaskAs(managerA2, { title: "Observed report", observerIds: [fixture.managerA1.id] })
    ).id;
    ids.delegated = (await createTaskAs(managerA1, { title: "Delegated visit", assigneeId: a2, deadline: at(48) })).id;
    ids.linked = (
      await createTaskAs(managerA1, {
        title: "Linked offer",
        entityType: "company",
        entityId: companyId,
        observerIds: [fixture.managerB1.id],
      })
    ).id;
    ids.done = (await createTaskAs(managerA1, { title: "Done long ago", deadline: at(-48) })).id;
    await managerA1.request("POST", `/api/v1/tasks/${ids.done}/status`, { version: 1, action: "complete" });
  });

  it("splits the caller's tasks into my, set, observe and all", async () => {
    expect((await titles(managerA1, "view=my&sort=title")).titles).toEqual([
      "Call the client",
      "Done long ago",
      "Linked offer",
      "Send INVOICE-7",
    ]);
    expect((await titles(managerA1, "view=set&sort=title")).titles).toEqual([
      "Call the client",
      "Delegated visit",
      "Done long ago",
      "Linked offer",
      "Send INVOICE-7",
    ]);
    expect((await titles(managerA1, "view=observe")).titles).toEqual(["Observed report"]);
    expect((await titles(managerA1, "view=all")).total).toBe(6);
    expect((await titles(managerA2, "view=my&sort=title")).titles).toEqual([
      "Delegated visit",
      "Observed report",
      "Send INVOICE-7",
    ]);
    expect(await titles(managerB1, "view=observe")).toEqual({ titles: ["Linked offer"], total: 1 });
    expect((await managerA1.request("GET", "/api/v1/tasks/counts")).json()).toEqual({
      my: 3,
      set: 4,
      observe: 1,
      overdue: 1,
    });
  });

  it("filters by status, overdue, title, deadline and the linked record", async () => {
    const task = (await managerA1.request("GET", `/api/v1/tasks/${ids.call}`)).json();
    expect(task.overdue).toBe(true);
    await managerA1.request("POST", `/api/v1/tasks/${ids.call}/status`, { version: task.version, action: "start" });
    expect((await titles(managerA1, "view=all&status=in_progress")).titles).toEqual(["Call the client"]);
    expect((await titles(managerA1, "view=all&status=done&status=in_progress&sort=title")).titles).toEqual([
      "Call the client",
      "Done long ago",
    ]);
    expect((await titles(managerA1, "view=all&overdue=true")).titles).toEqual(["Call the client"]);
    expect((await titles(managerA1, "view=all&overdue=false")).total).toBe(5);
    expect((await titles(managerA1, "view=all&q=invoice")).titles).toEqual(["Send INVOICE-7"]);
    // Every word, in any order; a word the title lacks finds nothing.
    expect((await titles(managerA1, `view=all&q=${encodeURIComponent("invoice send")}`)).titles).toEqual([
      "Send INVOICE-7",
    ]);
    expect((await titles(managerA1, `view=all&q=${encodeURIComponent("invoice call")}`)).total).toBe(0);
    expect((await titles(managerA1, `view=all&q=${encodeURIComponent("%")}`)).total).toBe(0);
    const window = `deadlineFrom=${encodeURIComponent(at(0))}&deadlineTo=${encodeURIComponent(at(36))}`;
    expect((await titles(managerA1, `view=all&${window}`)).titles).toEqual(["Send INVOICE-7"]);
    const ofCompany = `view=all&entityType=company&entityId=${companyId}`;
    expect((await titles(managerA1, ofCompany)).titles).toEqual(["Linked offer"]);
    expect((await titles(managerA2, ofCompany)).total).toBe(0);
    expect((await titles(headA, ofCompany)).titles).toEqual(["Linked offer"]);
  });

  it("shows the linked record's name only to those who may read it", async () => {
    const own = (await managerA1.request("GET", `/api/v1/tasks/${ids.linked}`)).json();
    expect(own.link).toEqual({ entityType: "company", entityId: companyId, title: "ТОО Сварка-Астана" });
    const observer = (await managerB1.request("GET", `/api/v1/tasks/${ids.linked}`)).json();
    expect(observer.link).toEqual({ entityType: "company", entityId: companyId, title: null });
    const listed = (await titles(headB, "view=all")).titles;
    expect(listed).toEqual(["Linked offer"]);
  });

  it("sorts by an allowlist and pages with a total", async () => {
    const byDeadline = (await titles(managerA1, "view=set")).titles;
    expect(byDeadline).toEqual([
      "Done long ago",
      "Call the client",
      "Send INVOICE-7",
      "Delegated visit",
      "Linked offer",
    ]);
    expect((await titles(managerA1, "view=set&sort=-deadline")).titles[0]).toBe("Delegated visit");
    expect((await titles(managerA1, "view=set&sort=-priority")).titles[0]).toBe("Call the client");
    expect((await titles(managerA1, "view=set&sort=priority")).titles[0]).toBe("Send INVOICE-7");
    const page = await titles(managerA1, "view=set&sort=title&limit=2&offset=2");
    expect(page).toEqual({ titles: ["Done long ago", "Linked offer"], total: 5 });
    const bad = await managerA1.request("GET", "/api/v1/tasks?sort=amount;drop");
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toContain("query.sort");
    const badView = await managerA1.request("GET", "/api/v1/tasks?view=everything");
    expect(errorPaths(badView)).toContain("query.view");
    expect((await managerA1.request("GET", "/api/v1/tasks?status=closed")).statusCode).toBe(400);
    expect((await managerA1.request("GET", "/api/v1/tasks?deadlineFrom=yesterday")).statusCode).toBe(400);
  });

  it("lets a head look at one person's tasks, and answers 404 to whoever may not", async () => {
    const ofA2 = `userId=${fixture.managerA2.id}`;
    expect((await titles(headA, `view=my&${ofA2}&sort=title`)).titles).toEqual([
      "Delegated visit",
      "Observed report",
      "Send INVOICE-7",
    ]);
    expect((await titles(headA, `view=set&${ofA2}`)).titles).toEqual(["Observed report"]);
    expect((await titles(headA, `view=observe&userId=${fixture.managerA1.id}`)).titles).toEqual(["Observed report"]);
    for (const outsider of [managerA1, headB, managerB1]) {
      expect((await outsider.request("GET", `/api/v1/tasks?view=my&${ofA2}`)).statusCode).toBe(404);
    }
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await headA.request("GET", `/api/v1/tasks?userId=${unknown}`)).statusCode).toBe(404);
    // Asking for oneself is the plain view.
    expect((await titles(managerA2, `view=my&${ofA2}`)).total).toBe(3);
  });
});
