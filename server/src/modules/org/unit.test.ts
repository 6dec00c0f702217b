import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, units } from "../../platform/db/schema";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";

describe("units", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let head: Client;
  let manager: Client;
  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
    head = await login(context.app, "head-a");
    manager = await login(context.app, "manager-a1");
  });

  it("lists the whole tree to every employee, with heads and user counts", async () => {
    const response = await manager.request("GET", "/api/v1/units");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(4);
    const departmentA = body.items.find((unit: { id: string }) => unit.id === fixture.departmentA);
    expect(departmentA).toMatchObject({ parentId: fixture.regionId, headUserId: fixture.headA.id, userCount: 3 });
  });

  it("lets an administrator create, rename and delete a unit, with audit entries", async () => {
    const created = await admin.request("POST", "/api/v1/units", {
      name: "Отдел сварочного оборудования",
      kind: "department",
      parentId: fixture.departmentA,
      headUserId: fixture.managerA1.id,
    });
    expect(created.statusCode).toBe(201);
    const unit = created.json();
    expect(unit).toMatchObject({ name: "Отдел сварочного оборудования", version: 1, headUserName: expect.any(String) });

    const renamed = await admin.request("PATCH", `/api/v1/units/${unit.id}`, { name: "Отдел горелок", version: 1 });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Отдел горелок", version: 2 });

    const stale = await admin.request("PATCH", `/api/v1/units/${unit.id}`, { name: "Lost update", version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe("urn:planerka:problem:stale-version");
    expect((await admin.request("GET", `/api/v1/units/${unit.id}`)).json().name).toBe("Отдел горелок");

    expect((await admin.request("DELETE", `/api/v1/units/${unit.id}`)).statusCode).toBe(204);
    expect((await admin.request("GET", `/api/v1/units/${unit.id}`)).statusCode).toBe(404);
    const audit = await context.handle.db.select().from(auditLog);
    const entries = audit.filter((entry) => entry.entityId === unit.id).map((entry) => entry.action);
    expect(entries).toEqual(["create", "update", "delete"]);
    const update = audit.find((entry) => entry.entityId === unit.id && entry.action === "update")!;
    expect(update.changes).toEqual([{ field: "name", old: "Отдел сварочного оборудования", new: "Отдел горелок" }]);
  });

  it("refuses heads and managers, and changes nothing", async () => {
    const before = await context.handle.db.select().from(units);
    const body = { name: "Shadow unit", kind: "department", parentId: fixture.departmentA };
    expect((await head.request("POST", "/api/v1/units", body)).statusCode).toBe(403);
    expect((await manager.request("POST", "/api/v1/units", body)).statusCode).toBe(403);
    expect(
      (await head.request("PATCH", `/api/v1/units/${fixture.departmentA}`, { name: "x", version: 1 })).statusCode,
    ).toBe(403);
    expect((await manager.request("DELETE", `/api/v1/units/${fixture.departmentB}`)).statusCode).toBe(403);
    expect(await context.handle.db.select().from(units)).toEqual(before);
  });

  it("keeps the tree a tree: one root, no cycles, no deleting a unit with people", async () => {
    const secondRoot = await admin.request("POST", "/api/v1/units", { name: "Other", kind: "company", parentId: null });
    expect(secondRoot.statusCode).toBe(422);
    expect(secondRoot.json().errors[0].path).toBe("parentId");

    const cycle = await admin.request("PATCH", `/api/v1/units/${fixture.regionId}`, {
      parentId: fixture.departmentA,
      version: 1,
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0].path).toBe("parentId");

    const withPeople = await admin.request("DELETE", `/api/v1/units/${fixture.departmentB}`);
    expect(withPeople.statusCode).toBe(409);
    const withChildren = await admin.request("DELETE", `/api/v1/units/${fixture.regionId}`);
    expect(withChildren.statusCode).toBe(409);
  });

  it("names the field on bad input and answers 404 for unknown ids", async () => {
    const bad = await admin.request("POST", "/api/v1/units", { name: "", kind: "galaxy", parentId: "not-a-uuid" });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.kind", "body.parentId"]));

    const extra = await admin.request("POST", "/api/v1/units", {
      name: "A",
      kind: "city",
      parentId: fixture.regionId,
      id: "x",
    });
    expect(extra.statusCode).toBe(400);

    const unknown = await admin.request("GET", "/api/v1/units/00000000-0000-4000-8000-000000000000");
    expect(unknown.statusCode).toBe(404);
    expect((await admin.request("GET", "/api/v1/units/abc")).statusCode).toBe(400);
  });
});
