import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launchBrowser, logIn, screenshot } from "./browser";

describe("own password in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an employee changes their password in the profile, told the rule and the current password checked", async () => {
    const login = `pw.change${Date.now() % 1_000_000}`;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ru-RU" });
    const page = await context.newPage();
    // A fresh employee, so no other test's demo login changes.
    await logIn(page, "admin", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const status = await page.evaluate(async (name) => {
      const me = await (await fetch("/api/v1/me")).json();
      const response = await fetch("/api/v1/users", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          login: name,
          password: "first-pass-1",
          name: "Смена Пароля",
          role: "manager",
          unitId: me.unitId,
        }),
      });
      return response.status;
    }, login);
    expect(status).toBe(201);
    await context.clearCookies();

    await logIn(page, login, "first-pass-1");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/profile`);
    const current = page.getByLabel("Ваш текущий пароль", { exact: true });
    const fresh = page.getByLabel("Новый пароль", { exact: true });
    const repeat = page.getByLabel("Повторите новый пароль", { exact: true });
    const change = page.getByRole("button", { name: "Сменить пароль" });
    await page.getByText("Не меньше 8 символов").waitFor();

    await current.fill("first-pass-1");
    await fresh.fill("short-7");
    await repeat.fill("short-7");
    await change.click();
    await page.getByText("Не короче 8 символов").waitFor();

    await current.fill("not-my-password");
    await fresh.fill("second-pass-2");
    await repeat.fill("second-pass-2");
    await change.click();
    await page.getByText("Текущий пароль неверен").waitFor();
    await screenshot(page, "password-wrong-current");

    await current.fill("first-pass-1");
    await change.click();
    await page.getByText("Пароль изменён, другие сеансы завершены").waitFor();

    await context.clearCookies();
    await logIn(page, login, "first-pass-1");
    await page.getByText("Неверный логин или пароль").waitFor();
    await logIn(page, login, "second-pass-2");
    await page.getByRole("button", { name: /Меню пользователя: Смена Пароля/ }).waitFor();
    await context.close();
  });
});
