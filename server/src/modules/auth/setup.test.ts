import { describe, expect, it } from "vitest";
import { calendarExceptions } from "../../platform/db/schema";
import { useTestApp } from "../../testing/test-app";

describe("first-run setup", () => {
  const context = useTestApp();

  it("creates the company and its administrator once, then refuses", async () => {
    expect((await context.app.inject({ method: "GET", url: "/api/v1/setup" })).json()).toEqual({
      needsSetup: true,
      companyName: null,
    });
    const bad = await context.app.inject({
      method: "POST",
      url: "/api/v1/setup",
      payload: { companyName: "X", login: "boss", password: "short", name: "B" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.password");

    const payload = {
      companyName: "ТОО Сварка",
      login: "boss",
      password: "long-enough-password",
      name: "Болат Сериков",
    };
    const created = await context.app.inject({ method: "POST", url: "/api/v1/setup", payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ login: "boss", role: "admin", companyName: "ТОО Сварка" });
    const cookie = created.cookies.find((entry) => entry.name === "planerka_session")!;
    const me = await context.app.inject({
      method: "GET",
      url: "/api/v1/me",
      cookies: { planerka_session: cookie.value },
    });
    expect(me.json().abilities.manageUnits).toBe(true);
    expect((await context.handle.db.select().from(calendarExceptions)).length).toBeGreaterThan(20);

    const again = await context.app.inject({
      method: "POST",
      url: "/api/v1/setup",
      payload: { ...payload, login: "intruder" },
    });
    expect(again.statusCode).toBe(409);
    expect((await context.app.inject({ method: "GET", url: "/api/v1/setup" })).json().needsSetup).toBe(false);
  });
});
