import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../platform/db/schema";
import { createAccessFixture, createUser, testPassword } from "../../testing/factories";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";

const png = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6300010000050001" +
    "0d0a2db40000000049454e44ae426082",
  "hex",
);

describe("users", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let headA: Client;
  let regionHead: Client;
  let manager: Client;
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    login: `new-${Math.random().toString(36).slice(2, 8)}`,
    password: "pass-1234",
    name: "Жанар Омарова",
    position: "Менеджер по продажам",
    email: "zh.omarova@example.kz",
    phone: "+7 701 555 12 34",
    role: "manager",
    unitId: fixture.departmentA,
    ...overrides,
  });
  const countUsers = async () => (await context.handle.db.select({ id: users.id }).from(users)).length;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
    headA = await login(context.app, "head-a");
    regionHead = await login(context.app, "region-head");
    manager = await login(context.app, "manager-a1");
  });

  it("sends with each person whether the caller may change them, and /me the units and roles they may give", async () => {
    const manageOf = async (client: Client) => {
      const items = (await client.request("GET", "/api/v1/users?limit=100")).json().items as {
        login: string;
        abilities: { manage: boolean };
      }[];
      return Object.fromEntries(items.map((item) => [item.login, item.abilities.manage]));
    };
    // A head: themselves and the managers of the unit they head; not another unit, not their own role or above.
    expect(await manageOf(headA)).toMatchObject({
      "head-a": true,
      "manager-a1": true,
      "manager-a2": true,
      "manager-b1": false,
      "head-b": false,
      "region-head": false,
      "top-user": false,
    });
    expect(Object.values(await manageOf(admin)).every(Boolean)).toBe(true);
    expect(Object.values(await manageOf(manager)).some(Boolean)).toBe(false);
    const abilities = async (client: Client) => (await client.request("GET", "/api/v1/me")).json().abilities;
    expect(await abilities(headA)).toMatchObject({ managedUnits: [fixture.departmentA], assignableRoles: ["manager"] });
    expect(await abilities(admin)).toMatchObject({
      managedUnits: "all",
      assignableRoles: ["manager", "head", "top", "admin"],
    });
    expect(await abilities(manager)).toMatchObject({ managedUnits: [], assignableRoles: [] });
    // What the abilities deny is refused: the head may not change a manager of the other department.
    const other = (await admin.request("GET", "/api/v1/users?q=manager-b1")).json().items[0];
    const refused = await headA.request("PATCH", `/api/v1/users/${other.id}`, {
      version: other.version,
      position: "X",
    });
    expect(refused.statusCode).toBe(403);
  });

  it("lists, searches, filters by unit subtree and sorts", async () => {
    const all = (await manager.request("GET", "/api/v1/users?limit=500")).json();
    expect(all.total).toBe(8);
    const search = (await manager.request("GET", "/api/v1/users?q=MANAGER-A")).json();
    expect(search.items.map((user: { login: string }) => user.login).sort()).toEqual(["manager-a1", "manager-a2"]);
    const region = (await manager.request("GET", `/api/v1/users?unitId=${fixture.regionId}&sort=login`)).json();
    expect(region.items.map((user: { login: string }) => user.login)).toEqual([
      "head-a",
      "head-b",
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "region-head",
    ]);
    const sorted = (await manager.request("GET", "/api/v1/users?sort=-login&limit=2&offset=1")).json();
    expect(sorted.items.map((user: { login: string }) => user.login)).toEqual(["region-head", "manager-b1"]);
    expect(sorted.total).toBe(8);
    const wildcard = (await manager.request("GET", "/api/v1/users?q=%25")).json();
    expect(wildcard.total).toBe(0);
    expect((await manager.request("GET", "/api/v1/users?sort=password_hash")).statusCode).toBe(400);
    expect((await manager.request("GET", "/api/v1/users?limit=501")).statusCode).toBe(400);
  });

  it("never returns password hashes", async () => {
    const body = (await manager.request("GET", "/api/v1/users")).body;
    expect(body).not.toContain("argon2");
    expect(body).not.toContain("passwordHash");
  });

  it("lets an administrator create a user who can then log in", async () => {
    const input = newUser({ login: "Zh.Omarova" });
    const response = await admin.request("POST", "/api/v1/users", input);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      login: "zh.omarova",
      role: "manager",
      unitId: fixture.departmentA,
      active: true,
    });
    const session = await login(context.app, "zh.omarova", "pass-1234");
    expect((await session.request("GET", "/api/v1/me")).json().name).toBe("Жанар Омарова");
    const duplicate = await admin.request("POST", "/api/v1/users", { ...input, login: "zh.omarova" });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ type: "urn:planerka:problem:taken", errors: [{ path: "login" }] });
  });

  it("lets a head add managers to their own units only, never a head or above", async () => {
    expect((await headA.request("POST", "/api/v1/users", newUser())).statusCode).toBe(201);
    const before = await countUsers();
    const asHead = await headA.request("POST", "/api/v1/users", newUser({ role: "head" }));
    expect(asHead.statusCode).toBe(422);
    expect(asHead.json().errors[0].path).toBe("role");
    const elsewhere = await headA.request("POST", "/api/v1/users", newUser({ unitId: fixture.departmentB }));
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors[0].path).toBe("unitId");
    expect((await manager.request("POST", "/api/v1/users", newUser())).statusCode).toBe(403);
    expect(await countUsers()).toBe(before);
    // A region head reaches every department below the region.
    expect(
      (await regionHead.request("POST", "/api/v1/users", newUser({ unitId: fixture.departmentB }))).statusCode,
    ).toBe(201);
  });

  it("keeps heads inside their subtree and below their role", async () => {
    const snapshot = await context.handle.db.select().from(users);
    const outside = await headA.request("PATCH", `/api/v1/users/${fixture.managerB1.id}`, {
      name: "Hijacked",
      version: 1,
    });
    expect(outside.statusCode).toBe(403);
    const peer = await regionHead.request("PATCH", `/api/v1/users/${fixture.headA.id}`, { role: "top", version: 1 });
    expect(peer.statusCode).toBe(403);
    const raise = await headA.request("PATCH", `/api/v1/users/${fixture.managerA2.id}`, { role: "head", version: 1 });
    expect(raise.statusCode).toBe(422);
    const ownRole = await headA.request("PATCH", `/api/v1/users/${fixture.headA.id}`, { role: "top", version: 1 });
    expect(ownRole.statusCode).toBe(403);
    const ownUnit = await headA.request("PATCH", `/api/v1/users/${fixture.headA.id}`, {
      unitId: fixture.regionId,
      version: 1,
    });
    expect(ownUnit.statusCode).toBe(403);
    const top = await login(context.app, "top-user");
    expect(
      (await top.request("PATCH", `/api/v1/users/${fixture.managerA2.id}`, { name: "x", version: 1 })).statusCode,
    ).toBe(403);
    expect(await context.handle.db.select().from(users)).toEqual(snapshot);
  });

  it("lets a head edit their manager, with optimistic versions", async () => {
    const current = (await headA.request("GET", `/api/v1/users/${fixture.managerA2.id}`)).json();
    const updated = await headA.request("PATCH", `/api/v1/users/${fixture.managerA2.id}`, {
      position: "Старший менеджер",
      version: current.version,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ position: "Старший менеджер", version: current.version + 1 });
    const stale = await headA.request("PATCH", `/api/v1/users/${fixture.managerA2.id}`, {
      position: "Lost",
      version: current.version,
    });
    expect(stale.statusCode).toBe(409);
    expect((await headA.request("GET", `/api/v1/users/${fixture.managerA2.id}`)).json().position).toBe(
      "Старший менеджер",
    );
  });

  it("takes a head's rights away on the very next request when headship changes", async () => {
    const unit = (await admin.request("GET", `/api/v1/units/${fixture.departmentB}`)).json();
    const target = (await headA.request("GET", `/api/v1/users/${fixture.managerB1.id}`)).json();
    expect(
      (
        await headA.request("PATCH", `/api/v1/users/${fixture.managerB1.id}`, {
          position: "A",
          version: target.version,
        })
      ).statusCode,
    ).toBe(403);
    await admin.request("PATCH", `/api/v1/units/${fixture.departmentB}`, {
      headUserId: fixture.headA.id,
      version: unit.version,
    });
    const allowed = await headA.request("PATCH", `/api/v1/users/${fixture.managerB1.id}`, {
      position: "A",
      version: target.version,
    });
    expect(allowed.statusCode).toBe(200);
    const restored = (await admin.request("GET", `/api/v1/units/${fixture.departmentB}`)).json();
    await admin.request("PATCH", `/api/v1/units/${fixture.departmentB}`, {
      headUserId: fixture.headB.id,
      version: restored.version,
    });
    const again = (await headA.request("GET", `/api/v1/users/${fixture.managerB1.id}`)).json();
    expect(
      (await headA.request("PATCH", `/api/v1/users/${fixture.managerB1.id}`, { position: "B", version: again.version }))
        .statusCode,
    ).toBe(403);
  });

  it("resets a password and logs the user out everywhere", async () => {
    const session = await login(context.app, "manager-a2");
    const current = (await admin.request("GET", `/api/v1/users/${fixture.managerA2.id}`)).json();
    await admin.request("PATCH", `/api/v1/users/${fixture.managerA2.id}`, {
      password: "brand-new-pass",
      version: current.version,
    });
    expect((await session.request("GET", "/api/v1/me")).statusCode).toBe(401);
    await expect(login(context.app, "manager-a2", testPassword)).rejects.toThrow();
    await login(context.app, "manager-a2", "brand-new-pass");
  });

  it("creates one user for one Idempotency-Key", async () => {
    const input = newUser();
    const headers = { "idempotency-key": "create-user-once" };
    const first = await admin.request("POST", "/api/v1/users", input, headers);
    const second = await admin.request("POST", "/api/v1/users", input, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers["idempotent-replay"]).toBe("true");
    expect(await context.handle.db.select().from(users).where(eq(users.login, input.login))).toHaveLength(1);
  });

  it("stores photos: own photo by anyone, others' only by those who manage them", async () => {
    const upload = (client: Client, id: string, body: Buffer, type = "image/png") =>
      context.app.inject({
        method: "PUT",
        url: `/api/v1/users/${id}/photo`,
        headers: { cookie: client.cookie, "content-type": type },
        payload: body,
      });
    expect((await upload(manager, fixture.managerA1.id, png)).statusCode).toBe(204);
    const photo = await manager.request("GET", `/api/v1/users/${fixture.managerA1.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(photo.rawPayload, png)).toBe(0);
    expect((await manager.request("GET", `/api/v1/users/${fixture.managerA1.id}`)).json().hasPhoto).toBe(true);
    expect((await upload(manager, fixture.managerA2.id, png)).statusCode).toBe(403);
    expect(
      (await upload(manager, fixture.managerA1.id, Buffer.from("<script>alert(1)</script>"), "text/html")).statusCode,
    ).toBe(415);
    expect((await upload(manager, fixture.managerA1.id, Buffer.from("not an image at all"))).statusCode).toBe(422);
    expect((await manager.request("DELETE", `/api/v1/users/${fixture.managerA1.id}/photo`)).statusCode).toBe(204);
    expect((await manager.request("GET", `/api/v1/users/${fixture.managerA1.id}/photo`)).statusCode).toBe(404);
  });

  describe("password changes", () => {
    const pathsOf = (response: { json: () => { errors?: { path: string }[] } }) =>
      (response.json().errors ?? []).map((error) => error.path);

    for (const role of ["head", "admin"] as const) {
      it(`lets a ${role} change their own password only with the current one, ending their other sessions`, async () => {
        const person = await createUser(context.handle.db, { role, unitId: fixture.departmentA });
        const otherDevice = await login(context.app, person.login);
        const thisDevice = await login(context.app, person.login);
        const read = async () => (await thisDevice.request("GET", `/api/v1/users/${person.id}`)).json();
        const before = await read();
        const change = (body: Record<string, unknown>) =>
          thisDevice.request("PATCH", `/api/v1/users/${person.id}`, {
            password: "fresh-password-1",
            position: "Changed",
            version: before.version,
            ...body,
          });
        for (const refused of [await change({}), await change({ currentPassword: "not-my-password" })]) {
          expect(refused.statusCode).toBe(422);
          expect(refused.headers["content-type"]).toContain("application/problem+json");
          expect(pathsOf(refused)).toEqual(["currentPassword"]);
        }
        // Nothing changed: the record, the old password, the other session.
        expect(await read()).toEqual(before);
        expect((await otherDevice.request("GET", "/api/v1/me")).statusCode).toBe(200);
        await login(context.app, person.login, testPassword);

        const changed = await change({ currentPassword: testPassword });
        expect(changed.statusCode).toBe(200);
        expect((await otherDevice.request("GET", "/api/v1/me")).statusCode).toBe(401);
        expect((await thisDevice.request("GET", "/api/v1/me")).statusCode).toBe(200);
        await expect(login(context.app, person.login, testPassword)).rejects.toThrow();
        await login(context.app, person.login, "fresh-password-1");
      });
    }

    it("ends every session of a user whose password an administrator sets", async () => {
      const person = await createUser(context.handle.db, { unitId: fixture.departmentA });
      await loginEach(context.app, [person.login, person.login]);
      const current = (await admin.request("GET", `/api/v1/users/${person.id}`)).json();
      const reset = await admin.request("PATCH", `/api/v1/users/${person.id}`, {
        password: "set-by-admin-1",
        version: current.version,
      });
      expect(reset.statusCode).toBe(200);
      expect(await context.handle.db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0);
      expect((await admin.request("GET", "/api/v1/me")).statusCode).toBe(200);
    });

    it("changes one's own password in the profile only with the current one, ending the other sessions", async () => {
      const person = await createUser(context.handle.db, { unitId: fixture.departmentA });
      const [otherDevice, thisDevice] = await loginEach(context.app, [person.login, person.login]);
      const missing = await thisDevice.request("PATCH", "/api/v1/me", { newPassword: "fresh-password-2" });
      expect(missing.statusCode).toBe(400);
      expect(pathsOf(missing)).toEqual(["body.currentPassword"]);
      const wrong = await thisDevice.request("PATCH", "/api/v1/me", {
        newPassword: "fresh-password-2",
        currentPassword: "not-my-password",
        phone: "+7 701 000 00 00",
      });
      expect(wrong.statusCode).toBe(422);
      expect(pathsOf(wrong)).toEqual(["currentPassword"]);
      expect((await thisDevice.request("GET", "/api/v1/me")).json().phone).toBeNull();
      expect((await otherDevice.request("GET", "/api/v1/me")).statusCode).toBe(200);
      const changed = await thisDevice.request("PATCH", "/api/v1/me", {
        newPassword: "fresh-password-2",
        currentPassword: testPassword,
      });
      expect(changed.statusCode).toBe(200);
      expect((await otherDevice.request("GET", "/api/v1/me")).statusCode).toBe(401);
      expect((await thisDevice.request("GET", "/api/v1/me")).statusCode).toBe(200);
    });

    it("refuses a new password shorter than 8 characters everywhere, naming the field", async () => {
      const created = await admin.request("POST", "/api/v1/users", newUser({ password: "seven77" }));
      expect(created.statusCode).toBe(400);
      expect(pathsOf(created)).toEqual(["body.password"]);
      const target = (await admin.request("GET", `/api/v1/users/${fixture.managerB1.id}`)).json();
      const patched = await admin.request("PATCH", `/api/v1/users/${fixture.managerB1.id}`, {
        password: "seven77",
        version: target.version,
      });
      expect(patched.statusCode).toBe(400);
      expect(pathsOf(patched)).toEqual(["body.password"]);
      const own = await manager.request("PATCH", "/api/v1/me", {
        newPassword: "seven77",
        currentPassword: testPassword,
      });
      expect(own.statusCode).toBe(400);
      expect(pathsOf(own)).toEqual(["body.newPassword"]);
      expect((await admin.request("POST", "/api/v1/users", newUser({ password: "eight888" }))).statusCode).toBe(201);
    });
  });
});
