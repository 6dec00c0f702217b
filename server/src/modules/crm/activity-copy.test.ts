import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { sameTimeOnDay } from "./activity-copy.service";

/** Day arithmetic on plain UTC dates, kept apart from the code under test. */
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Almaty has been UTC+5 all year round since March 2024, so a wall-clock time is one fixed instant. */
const almaty = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`).toISOString();
const almatyToday = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

interface ActivityJson {
  id: string;
  typeId: string;
  subject: string;
  description: string | null;
  dueAt: string;
  durationMinutes: number;
  ownerId: string;
  createdBy: string | null;
  completedAt: string | null;
  result: string | null;
  state: string;
  dealId: string | null;
  leadId: string | null;
  companyId: string | null;
  contactId: string | null;
}

describe("copying a day of planned activities", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let headB: Client;
  let types: { id: string }[];
  let companyId: string;
  let headCompanyId: string;
  let leadId: string;
  // A day a week ahead, and the day after it: both in the future, whatever day the test runs on.
  const from = shiftDay(almatyToday(), 7);
  const to = shiftDay(from, 1);
  const sourceIds: string[] = [];

  const create = async (client: Client, body: Record<string, unknown>) => {
    const response = await client.request("POST", "/api/v1/activities", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as ActivityJson;
  };
  const activitiesOf = async (ownerId: string): Promise<ActivityJson[]> =>
    (await headA.request("GET", `/api/v1/activities?ownerId=${ownerId}&limit=500&sort=dueAt`)).json().items;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, headB] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "head-b",
    ]);
    types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    companyId = (await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Сварка-Сервис" })).json().id;
    headCompanyId = (await headA.request("POST", "/api/v1/companies", { name: "ТОО Головная" })).json().id;
    leadId = (await managerA1.request("POST", "/api/v1/leads", { title: "Запрос электродов" })).json().id;

    const on = (day: string, time: string, extra: Record<string, unknown> = {}) => ({
      typeId: types[0]!.id,
      subject: `${day} ${time}`,
      dueAt: almaty(day, time),
      ...extra,
    });
    // The day's own activities: its first minute, a linked call, a completed meeting, its last minute,
    // and one the head assigned on the head's own client (which the manager cannot see).
    sourceIds.push((await create(managerA1, on(from, "00:00"))).id);
    sourceIds.push(
      (
        await create(
          managerA1,
          on(from, "09:30", {
            typeId: types[1]!.id,
            description: "Предложить MIG-250",
            durationMinutes: 45,
            companyId,
            leadId,
          }),
        )
      ).id,
    );
    sourceIds.push(
      (
        await create(
          managerA1,
          on(from, "14:15", { typeId: types[5]!.id, completedAt: almaty(from, "15:00"), result: "Договорились" }),
        )
      ).id,
    );
    sourceIds.push(
      (await create(headA, on(from, "16:40", { ownerId: fixture.managerA1.id, companyId: headCompanyId }))).id,
    );
    sourceIds.push((await create(managerA1, on(from, "23:59"))).id);
    // Not the day's: the minute before it, its end, a deleted one and a colleague's.
    await create(managerA1, on(shiftDay(from, -1), "23:59"));
    await create(managerA1, on(to, "00:00"));
    const deleted = await create(managerA1, on(from, "12:00"));
    expect((await managerA1.request("DELETE", `/api/v1/activities/${deleted.id}`)).statusCode).toBe(204);
    await create(managerA2, on(from, "11:00"));
  });

  it("plans every activity of the day again at the same times, open, in one request", async () => {
    const before = await activitiesOf(fixture.managerA1.id);
    const response = await managerA1.request("POST", "/api/v1/activities/copy-day", {
      ownerId: fixture.managerA1.id,
      from,
      to,
    });
    expect(response.statusCode, response.body).toBe(201);
    const copied = response.json() as { items: ActivityJson[]; total: number };
    expect(copied.total).toBe(5);
    expect(copied.items.map((item) => item.dueAt)).toEqual([
      almaty(to, "00:00"),
      almaty(to, "09:30"),
      almaty(to, "14:15"),
      almaty(to, "16:40"),
      almaty(to, "23:59"),
    ]);
    const sources = new Map(before.map((activity) => [activity.id, activity]));
    for (const [index, copy] of copied.items.entries()) {
      const source = sources.get(sourceIds[index]!)!;
      expect(copy).toMatchObject({
        typeId: source.typeId,
        subject: source.subject,
        description: source.description,
        durationMinutes: source.durationMinutes,
        ownerId: fixture.managerA1.id,
        createdBy: fixture.managerA1.id,
        completedAt: null,
        result: null,
        state: "active",
        dealId: source.dealId,
        leadId: source.leadId,
        contactId: source.contactId,
      });
      expect(copy.id).not.toBe(source.id);
    }
    expect(copied.items[1]).toMatchObject({ companyId, leadId, description: "Предложить MIG-250" });
    // The head's client is not the manager's to see: the manager's copy goes without it.
    expect(copied.items[3]!.companyId).toBeNull();

    const after = await activitiesOf(fixture.managerA1.id);
    expect(after.length).toBe(before.length + 5);
    expect(after.filter((activity) => activity.dueAt.startsWith(shiftDay(from, -1))).length).toBe(
      before.filter((activity) => activity.dueAt.startsWith(shiftDay(from, -1))).length,
    );
    // Originals are untouched: the completed meeting stays completed.
    expect(after.find((activity) => activity.id === sourceIds[2])).toMatchObject({ result: "Договорились" });
    expect((await activitiesOf(fixture.managerA2.id)).length).toBe(1);

    const history = (await managerA1.request("GET", `/api/v1/activities/${copied.items[0]!.id}/history`)).json();
    expect(history.items).toEqual([
      expect.objectContaining({
        action: "create",
        actorId: fixture.managerA1.id,
        changes: [{ field: "copiedFrom", old: null, new: sourceIds[0] }],
      }),
    ]);
  });

  it("lets a head copy a subordinate's day, links the head may see included", async () => {
    const target = shiftDay(from, 2);
    const response = await headA.request("POST", "/api/v1/activities/copy-day", {
      ownerId: fixture.managerA1.id,
      from,
      to: target,
    });
    expect(response.statusCode, response.body).toBe(201);
    const copied = response.json() as { items: ActivityJson[] };
    expect(copied.items.map((item) => item.dueAt)).toEqual(
      ["00:00", "09:30", "14:15", "16:40", "23:59"].map((time) => almaty(target, time)),
    );
    expect(copied.items[3]!.companyId).toBe(headCompanyId);
    expect(
      copied.items.every((item) => item.ownerId === fixture.managerA1.id && item.createdBy === fixture.headA.id),
    ).toBe(true);
  });

  it("answers 404 for an owner out of the caller's reach and copies nothing", async () => {
    const before = await activitiesOf(fixture.managerA1.id);
    const body = { ownerId: fixture.managerA1.id, from, to: shiftDay(from, 3) };
    expect((await managerA2.request("POST", "/api/v1/activities/copy-day", body)).statusCode).toBe(404);
    expect((await headB.request("POST", "/api/v1/activities/copy-day", body)).statusCode).toBe(404);
    expect(
      (
        await managerA1.request("POST", "/api/v1/activities/copy-day", {
          ownerId: "00000000-0000-4000-8000-000000000000",
          from,
          to: shiftDay(from, 3),
        })
      ).statusCode,
    ).toBe(404);
    expect((await activitiesOf(fixture.managerA1.id)).length).toBe(before.length);
  });

  it("refuses bad input with 400 naming the field, changing nothing", async () => {
    const before = await activitiesOf(fixture.managerA1.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerId: fixture.managerA1.id, from: "2026-02-30", to }, "body.from"],
      [{ ownerId: fixture.managerA1.id, from: "tomorrow", to }, "body.from"],
      [{ ownerId: fixture.managerA1.id, from, to: "2026-13-01" }, "body.to"],
      [{ ownerId: fixture.managerA1.id, from }, "body.to"],
      [{ ownerId: fixture.managerA1.id, from, to: from }, "body.to"],
      [{ ownerId: fixture.managerA1.id, from, to: shiftDay(almatyToday(), -1) }, "body.to"],
      [{ ownerId: "not-an-id", from, to }, "body.ownerId"],
    ];
    for (const [body, path] of cases) {
      const response = await managerA1.request("POST", "/api/v1/activities/copy-day", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await activitiesOf(fixture.managerA1.id)).length).toBe(before.length);
  });

  it("copies an empty day as nothing", async () => {
    const response = await managerA1.request("POST", "/api/v1/activities/copy-day", {
      ownerId: fixture.managerA1.id,
      from: shiftDay(from, 20),
      to: shiftDay(from, 21),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ items: [], total: 0 });
  });

  it("keeps the wall-clock time across a change of offset in the company's zone", async () => {
    const admin = (await loginEach(context.app, ["admin-user"]))[0];
    const settings = (await admin.request("GET", "/api/v1/settings")).json();
    const berlin = await admin.request("PATCH", "/api/v1/settings", {
      timeZone: "Europe/Berlin",
      version: settings.version,
    });
    expect(berlin.statusCode, berlin.body).toBe(200);
    try {
      // Berlin moves to summer time on Sunday 31 March 2030: 10:00 is 09:00Z on Friday, 08:00Z on Monday.
      await create(managerA1, { typeId: types[0]!.id, subject: "До перевода", dueAt: "2030-03-29T09:00:00.000Z" });
      const response = await managerA1.request("POST", "/api/v1/activities/copy-day", {
        ownerId: fixture.managerA1.id,
        from: "2030-03-29",
        to: "2030-04-01",
      });
      expect(response.json().items.map((item: ActivityJson) => item.dueAt)).toEqual(["2030-04-01T08:00:00.000Z"]);
    } finally {
      const current = (await admin.request("GET", "/api/v1/settings")).json();
      await admin.request("PATCH", "/api/v1/settings", { timeZone: "Asia/Almaty", version: current.version });
    }
  });
});

describe("the same time on another day", () => {
  it("follows the zone's offset, not a fixed number of hours", () => {
    const cases: [string, string, string, string][] = [
      ["2030-03-29T09:00:00Z", "2030-04-01", "Europe/Berlin", "2030-04-01T08:00:00.000Z"],
      ["2030-10-25T21:30:00Z", "2030-10-28", "Europe/Berlin", "2030-10-28T22:30:00.000Z"],
      ["2030-03-30T23:30:00Z", "2030-03-29", "Europe/Berlin", "2030-03-28T23:30:00.000Z"],
      ["2026-12-01T04:15:00Z", "2026-12-03", "Asia/Almaty", "2026-12-03T04:15:00.000Z"],
      ["2026-12-01T19:00:00Z", "2026-12-05", "Asia/Almaty", "2026-12-04T19:00:00.000Z"],
      ["2026-12-01T18:59:00Z", "2026-12-05", "Asia/Almaty", "2026-12-05T18:59:00.000Z"],
    ];
    for (const [instant, day, zone, expected] of cases) {
      expect(sameTimeOnDay(new Date(instant), day, zone).toISOString(), `${instant} → ${day} ${zone}`).toBe(expected);
    }
  });
});
