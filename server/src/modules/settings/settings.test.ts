import { beforeAll, describe, expect, it } from "vitest";
import { calendarExceptions, companySettings } from "../../platform/db/schema";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";

describe("company settings and the production calendar", () => {
  const context = useTestApp();
  let admin: Client;
  let manager: Client;
  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
    manager = await login(context.app, "manager-a1");
  });

  it("reads the defaults: Almaty time, tenge, Monday to Friday", async () => {
    const settings = (await manager.request("GET", "/api/v1/settings")).json();
    expect(settings).toMatchObject({
      timeZone: "Asia/Almaty",
      currency: "KZT",
      weekStart: 1,
      workingWeekdays: [1, 2, 3, 4, 5],
      locale: "ru",
    });
  });

  it("lets only an administrator change settings, with a version and the field named on error", async () => {
    const current = (await admin.request("GET", "/api/v1/settings")).json();
    expect(
      (await manager.request("PATCH", "/api/v1/settings", { companyName: "X", version: current.version })).statusCode,
    ).toBe(403);
    const badZone = await admin.request("PATCH", "/api/v1/settings", {
      timeZone: "Mars/Olympus",
      version: current.version,
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().errors[0].path).toBe("body.timeZone");
    const updated = await admin.request("PATCH", "/api/v1/settings", {
      companyName: "Сварка Плюс",
      version: current.version,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ companyName: "Сварка Плюс", version: current.version + 1 });
    const stale = await admin.request("PATCH", "/api/v1/settings", { companyName: "Lost", version: current.version });
    expect(stale.statusCode).toBe(409);
    const [row] = await context.handle.db.select().from(companySettings);
    expect(row!.companyName).toBe("Сварка Плюс");
  });

  it("ships Kazakhstan's official calendar for 2025 and 2026", async () => {
    const year2025 = (await manager.request("GET", "/api/v1/calendar?year=2025")).json();
    expect(year2025.workingDays).toBe(246);
    expect(year2025.months.map((month: { workingDays: number }) => month.workingDays)).toEqual([
      20, 20, 17, 22, 19, 20, 22, 21, 21, 22, 20, 22,
    ]);
    const year2026 = (await manager.request("GET", "/api/v1/calendar?year=2026")).json();
    expect(year2026.workingDays).toBe(247);
    expect(year2026.days.find((day: { date: string }) => day.date === "2026-08-31").working).toBe(true);
    expect(year2026.days.find((day: { date: string }) => day.date === "2026-03-24")).toMatchObject({
      working: false,
      exception: "holiday",
    });
    expect(year2026.days).toHaveLength(365);
  });

  it("turns a day into a holiday or a working day and back, changing the counts at once", async () => {
    const toHoliday = await admin.request("PUT", "/api/v1/calendar/days/2026-11-24", {
      kind: "holiday",
      name: "Корпоратив",
    });
    expect(toHoliday.statusCode).toBe(200);
    expect(toHoliday.json().months[10].workingDays).toBe(20);
    const toWorkday = await admin.request("PUT", "/api/v1/calendar/days/2026-11-28", { kind: "workday" });
    expect(toWorkday.json().months[10].workingDays).toBe(21);
    const read = (await manager.request("GET", "/api/v1/calendar?year=2026")).json();
    expect(read.workingDays).toBe(247);
    expect(read.days.find((day: { date: string }) => day.date === "2026-11-24")).toMatchObject({
      working: false,
      name: "Корпоратив",
    });
    await admin.request("PUT", "/api/v1/calendar/days/2026-11-24", { kind: null });
    await admin.request("PUT", "/api/v1/calendar/days/2026-11-28", { kind: null });
    expect((await manager.request("GET", "/api/v1/calendar?year=2026")).json().months[10].workingDays).toBe(21);
  });

  it("lets an administrator edit any year and refuses bad days and non-admins", async () => {
    expect(
      (await admin.request("PUT", "/api/v1/calendar/days/2031-01-01", { kind: "holiday", name: "Новый год" }))
        .statusCode,
    ).toBe(200);
    expect((await admin.request("GET", "/api/v1/calendar?year=2031")).json().days[0]).toMatchObject({ working: false });
    const before = await context.handle.db.select().from(calendarExceptions);
    expect((await manager.request("PUT", "/api/v1/calendar/days/2026-11-25", { kind: "holiday" })).statusCode).toBe(
      403,
    );
    expect((await admin.request("PUT", "/api/v1/calendar/days/2026-02-30", { kind: "holiday" })).statusCode).toBe(400);
    expect((await admin.request("PUT", "/api/v1/calendar/days/2026-11-25", { kind: "vacation" })).statusCode).toBe(400);
    expect((await manager.request("GET", "/api/v1/calendar?year=abc")).statusCode).toBe(400);
    expect(await context.handle.db.select().from(calendarExceptions)).toEqual(before);
  });
});
