import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { rows } from "../db/database";

/**
 * Nobody raises their own rights: not through their own record, not by naming a higher role or a
 * unit outside their reach, not by sending ids, owners, authors or versions the server decides.
 */
describe("privilege escalation is refused and changes nothing", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let manager: Client;
  let head: Client;
  const month = new Date().toISOString().slice(0, 7);

  const userRow = async (id: string) =>
    (
      await rows<{ role: string; unitId: string; version: number }>(
        context.handle.db,
        sql`select role, unit_id as "unitId", version from users where id = ${id}`,
      )
    )[0]!;
  const count = async (table: string) =>
    (
      await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from ${sql.identifier(table)}`)
    )[0]!.count;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [manager, head] = await loginEach(context.app, ["manager-a1", "head-a"] as const);
  });

  it("a manager changes neither their own role, unit nor plan", async () => {
    const before = await userRow(fixture.managerA1.id);
    for (const patch of [{ role: "admin" }, { role: "head" }, { unitId: fixture.departmentB }]) {
      const response = await manager.request("PATCH", `/api/v1/users/${fixture.managerA1.id}`, {
        ...patch,
        version: before.version,
      });
      expect(response.statusCode, JSON.stringify(patch)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
    const plan = await manager.request("PUT", `/api/v1/plans/${fixture.managerA1.id}/${month}`, { amount: 1 });
    expect([403, 404]).toContain(plan.statusCode);
    expect(await userRow(fixture.managerA1.id)).toEqual(before);
    expect(await count("plans")).toBe(0);
  });

  it("a head grants no role equal to or above their own and touches nobody outside their subtree", async () => {
    const users = await count("users");
    for (const role of ["head", "top", "admin"]) {
      const created = await head.request("POST", "/api/v1/users", {
        login: `escalated-${role}`,
        password: "long-enough-password-1",
        name: "Повышенный",
        role,
        unitId: fixture.departmentA,
      });
      expect([403, 422], `${role}: ${created.body}`).toContain(created.statusCode);
    }
    const promoted = await head.request("PATCH", `/api/v1/users/${fixture.managerA1.id}`, {
      role: "head",
      version: (await userRow(fixture.managerA1.id)).version,
    });
    expect([403, 422]).toContain(promoted.statusCode);
    const outsider = await userRow(fixture.managerB1.id);
    const foreign = await head.request("PATCH", `/api/v1/users/${fixture.managerB1.id}`, {
      name: "Чужой",
      version: outsider.version,
    });
    // Users are a directory everyone reads, so the refusal is 403, not a hidden 404.
    expect(foreign.statusCode).toBe(403);
    const ownPlan = await head.request("PUT", `/api/v1/plans/${fixture.headA.id}/${month}`, { amount: 5 });
    expect(ownPlan.statusCode).toBe(403);
    expect(await count("users")).toBe(users);
    expect(await userRow(fixture.managerB1.id)).toEqual(outsider);
    expect(await count("plans")).toBe(0);
  });

  it("ids, authors and versions are the server's: sending them is refused", async () => {
    const deals = await count("deals");
    const forged = await manager.request("POST", "/api/v1/deals", {
      title: "Подделка",
      id: "00000000-0000-4000-8000-000000000001",
      createdBy: fixture.headA.id,
      version: 99,
    });
    expect(forged.statusCode).toBe(400);
    const foreignOwner = await manager.request("POST", "/api/v1/deals", {
      title: "Чужому владельцу",
      ownerId: fixture.managerB1.id,
    });
    expect([403, 404, 422]).toContain(foreignOwner.statusCode);
    expect(await count("deals")).toBe(deals);

    const deal = (await manager.request("POST", "/api/v1/deals", { title: "Своя", amount: 10 })).json();
    for (const version of [deal.version + 1, 0, -1, "1"]) {
      const response = await manager.request("PATCH", `/api/v1/deals/${deal.id}`, { version, amount: 999 });
      expect([400, 409], String(version)).toContain(response.statusCode);
    }
    const reassigned = await manager.request("PATCH", `/api/v1/deals/${deal.id}`, {
      version: deal.version,
      ownerId: fixture.managerB1.id,
    });
    expect([403, 404, 422]).toContain(reassigned.statusCode);
    const after = (await manager.request("GET", `/api/v1/deals/${deal.id}`)).json();
    expect(after).toMatchObject({ version: deal.version, amount: 10, ownerId: fixture.managerA1.id });
  });
});
