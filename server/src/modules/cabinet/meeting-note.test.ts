import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, meetingNotes } from "../../platform/db/schema";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("«Планёрка» notes: a head's note per person per week", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let top: Client;
  let admin: Client;
  const base = (userId: string) => `/api/v1/cabinet/manager/${userId}/meeting-notes`;
  const list = (userId: string, week: string) => `${base(userId)}?week=${week}`;
  const one = (userId: string, week: string) => `${base(userId)}/${week}`;
  const countNotes = async () => (await context.handle.db.select().from(meetingNotes)).length;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, headB, regionHead, top, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
      "top-user",
      "admin-user",
    ]);
  });

  it("keeps the head's note for the week, shared with those above, and shows it at the next meeting", async () => {
    const a1 = fixture.managerA1.id;
    const saved = await headA.request("PUT", one(a1, "2026-W10"), { body: "  Дожать «Астана-Сталь» до пятницы.  " });
    expect(saved.statusCode, saved.body).toBe(201);
    const note = saved.json();
    expect(note).toMatchObject({
      userId: a1,
      week: "2026-W10",
      author: { id: fixture.headA.id, name: "Test head-a" },
      body: "Дожать «Астана-Сталь» до пятницы.",
      version: 1,
      mine: true,
    });

    // The week of the meeting: the head's own note, and nothing earlier yet.
    const same = (await headA.request("GET", list(a1, "2026-W10"))).json();
    expect(same).toEqual({ week: "2026-W10", items: [note], previous: null });

    // Next week the note is what was agreed last time; this week has none yet.
    const next = await headA.request("GET", list(a1, "2026-W11"));
    expect(next.statusCode).toBe(200);
    expect(next.json()).toEqual({ week: "2026-W11", items: [], previous: { week: "2026-W10", items: [note] } });
    // A skipped meeting does not lose it: the latest earlier week with notes is shown.
    expect((await headA.request("GET", list(a1, "2026-W14"))).json().previous).toEqual({
      week: "2026-W10",
      items: [note],
    });
    // Weeks before it know nothing of it.
    expect((await headA.request("GET", list(a1, "2026-W09"))).json()).toEqual({
      week: "2026-W09",
      items: [],
      previous: null,
    });

    // The region's head reads it (not theirs) and adds their own; each sees their own first.
    const theirs = (await regionHead.request("GET", list(a1, "2026-W10"))).json();
    expect(theirs.items).toEqual([{ ...note, mine: false }]);
    const regionNote = await regionHead.request("PUT", one(a1, "2026-W10"), { body: "Проверить скидку" });
    expect(regionNote.statusCode).toBe(201);
    expect(
      (await regionHead.request("GET", list(a1, "2026-W10"))).json().items.map((item: { body: string }) => item.body),
    ).toEqual(["Проверить скидку", "Дожать «Астана-Сталь» до пятницы."]);
    expect(
      (await headA.request("GET", list(a1, "2026-W10"))).json().items.map((item: { body: string }) => item.body),
    ).toEqual(["Дожать «Астана-Сталь» до пятницы.", "Проверить скидку"]);
    for (const above of [top, admin]) {
      expect((await above.request("GET", list(a1, "2026-W10"))).json().items).toHaveLength(2);
    }

    const [audit] = await context.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "meeting_note"), eq(auditLog.entityId, note.id)));
    expect(audit).toMatchObject({ actorId: fixture.headA.id, action: "create" });
    expect(audit!.changes).toContainEqual({ field: "week", old: null, new: "2026-W10" });
  });

  it("answers 404 to the person themselves, their fellow manager and another head, on every route", async () => {
    const a1 = fixture.managerA1.id;
    await headA.request("PUT", one(a1, "2026-W20"), { body: "Только для руководителей" });
    const before = await countNotes();
    for (const outsider of [managerA1, managerA2, managerB1, headB]) {
      const read = await outsider.request("GET", list(a1, "2026-W20"));
      expect(read.statusCode).toBe(404);
      expect(read.body).not.toContain("Только для руководителей");
      expect((await outsider.request("PUT", one(a1, "2026-W20"), { body: "Чужая заметка" })).statusCode).toBe(404);
      expect((await outsider.request("DELETE", one(a1, "2026-W20"))).statusCode).toBe(404);
    }
    // The head's own notes are about others: a note on oneself is nobody's (404), and one's head's notes
    // on oneself are not one's to read.
    expect((await headA.request("PUT", one(fixture.headA.id, "2026-W20"), { body: "Сам себе" })).statusCode).toBe(404);
    expect((await regionHead.request("PUT", one(fixture.headA.id, "2026-W20"), { body: "О head-a" })).statusCode).toBe(
      201,
    );
    expect((await headA.request("GET", list(fixture.headA.id, "2026-W20"))).statusCode).toBe(404);
    expect((await headA.request("GET", list("00000000-0000-4000-8000-000000000000", "2026-W20"))).statusCode).toBe(404);
    expect(await countNotes()).toBe(before + 1);
  });

  it("changes a note by its version only, and lets only its author change or delete it", async () => {
    const a2 = fixture.managerA2.id;
    const created = (await headA.request("PUT", one(a2, "2026-W30"), { body: "Первая версия" })).json();
    // Written again as new (another tab), or with an old version: 409, nothing changes.
    const again = await headA.request("PUT", one(a2, "2026-W30"), { body: "Из другой вкладки" });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe("urn:planerka:problem:stale-version");
    const changed = await headA.request("PUT", one(a2, "2026-W30"), { body: "Вторая версия", version: 1 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: created.id, body: "Вторая версия", version: 2 });
    expect((await headA.request("PUT", one(a2, "2026-W30"), { body: "Третья", version: 1 })).statusCode).toBe(409);
    // A version for a note that does not exist is stale too.
    expect((await headA.request("PUT", one(a2, "2026-W31"), { body: "Нет такой", version: 3 })).statusCode).toBe(409);

    // The region's head has no note of theirs there: deleting is 404, headA's note stays.
    expect((await regionHead.request("DELETE", one(a2, "2026-W30"))).statusCode).toBe(404);
    const read = (await regionHead.request("GET", list(a2, "2026-W30"))).json();
    expect(read.items.map((item: { body: string }) => item.body)).toEqual(["Вторая версия"]);
    expect((await headA.request("DELETE", one(a2, "2026-W30"))).statusCode).toBe(204);
    expect((await headA.request("GET", list(a2, "2026-W30"))).json().items).toEqual([]);
    expect((await headA.request("DELETE", one(a2, "2026-W30"))).statusCode).toBe(404);
    const trail = await context.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "meeting_note"), eq(auditLog.entityId, created.id)));
    expect(trail.map((entry) => entry.action).sort()).toEqual(["create", "delete", "update"]);
  });

  it("refuses bad input with 400 naming the field, storing nothing", async () => {
    const a1 = fixture.managerA1.id;
    const before = await countNotes();
    const cases: [string, Record<string, unknown>, string][] = [
      ["2026-W40", { body: "я".repeat(5001) }, "body.body"],
      ["2026-W40", { body: "   " }, "body.body"],
      ["2026-W40", {}, "body.body"],
      ["2026-W40", { body: "Текст", version: 0 }, "body.version"],
      ["2026-W40", { body: "Текст", extra: true }, "body"],
      ["2025-W53", { body: "Нет такой недели" }, "params.week"],
      ["2026-40", { body: "Не неделя" }, "params.week"],
    ];
    for (const [week, body, path] of cases) {
      const response = await headA.request("PUT", one(a1, week), body);
      expect(response.statusCode, `${week} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const missingWeek = await headA.request("GET", base(a1));
    expect(missingWeek.statusCode).toBe(400);
    expect(missingWeek.json().errors.map((error: { path: string }) => error.path)).toContain("query.week");
    expect((await headA.request("GET", `${base("not-a-uuid")}?week=2026-W40`)).statusCode).toBe(400);
    expect(await countNotes()).toBe(before);
    expect((await headA.request("PUT", one(a1, "2026-W40"), { body: "я".repeat(5000) })).statusCode).toBe(201);
    expect(await countNotes()).toBe(before + 1);
  });
});
