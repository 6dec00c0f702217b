import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launchBrowser, logIn, screenshot } from "./browser";

describe("foundation in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an administrator creates a unit and a user, who then logs in", async () => {
    // Unique per run, so the test also passes against a server that is already running.
    const run = String(Date.now() % 1_000_000);
    const login = `b.zhaksylykov${run}`;
    const unitName = `Отдел сварочных материалов ${run}`;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "admin", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await screenshot(page, "01-home-admin");

    // A new department under Алматы, headed by nobody yet.
    await page.goto(`${baseUrl()}/units`);
    await page.getByRole("button", { name: "Добавить подразделение" }).click();
    const unitDialog = page.getByRole("dialog");
    await unitDialog.getByLabel("Название").fill(unitName);
    await unitDialog.getByRole("combobox", { name: "Тип" }).click();
    await page.getByRole("option", { name: "Отдел", exact: true }).click();
    await unitDialog.getByRole("combobox", { name: "Вышестоящее подразделение" }).fill("Алматы");
    await page
      .getByRole("option", { name: /Алматы/ })
      .first()
      .click();
    await unitDialog.getByRole("button", { name: "Сохранить" }).click();
    await expect.poll(() => page.getByText(unitName).count()).toBeGreaterThan(0);
    await screenshot(page, "02-units-with-new-department");

    // A manager in that department.
    await page.goto(`${baseUrl()}/users`);
    await page.getByRole("button", { name: "Добавить сотрудника" }).click();
    const userDialog = page.getByRole("dialog");
    await userDialog.getByLabel("Логин").fill(login);
    await userDialog.getByLabel("Пароль").fill("Sv@rka-2026");
    await userDialog.getByLabel("ФИО").fill("Жаксылыков Бауыржан Нурланович");
    await userDialog.getByLabel("Должность").fill("Менеджер по продажам");
    await userDialog.getByLabel("E-mail").fill(`${login}@welding-group.kz`);
    await userDialog.getByLabel("Телефон").fill("+7 701 555 12 34");
    await userDialog.getByRole("combobox", { name: "Роль" }).click();
    await page.getByRole("option", { name: "Менеджер", exact: true }).click();
    await userDialog.getByRole("combobox", { name: "Подразделение" }).fill(run);
    await page
      .getByRole("option", { name: new RegExp(run) })
      .first()
      .click();
    await screenshot(page, "03-new-user-form");
    await userDialog.getByRole("button", { name: "Сохранить" }).click();
    // The new employee's card opens in a drawer.
    await expect.poll(() => page.getByRole("dialog").getByText(`${login}@welding-group.kz`).count()).toBeGreaterThan(0);
    await page.goto(`${baseUrl()}/users?q=${login}`);
    await expect.poll(() => page.getByText("Жаксылыков Бауыржан Нурланович").count()).toBeGreaterThan(0);
    await screenshot(page, "04-users-with-new-user");

    // Log out, then log in as the new manager.
    await page.getByRole("button", { name: /Меню пользователя/ }).click();
    await page.getByRole("menuitem", { name: "Выйти" }).click();
    await page.getByLabel("Логин").waitFor();
    await logIn(page, login, "Sv@rka-2026");
    await page.getByRole("button", { name: /Меню пользователя: Жаксылыков Бауыржан Нурланович/ }).waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/v1/me")).json());
    expect(me).toMatchObject({ login, role: "manager", unitName });
    await screenshot(page, "05-home-new-manager");
    await context.close();
  });

  it("refuses a wrong password and works on a phone", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "ru-RU",
      isMobile: true,
    });
    const page = await context.newPage();
    // A newcomer opens the address itself and lands on the login page.
    await page.goto(`${baseUrl()}/`);
    await page.getByLabel("Логин").waitFor();
    await logIn(page, "admin", "wrong-password");
    await expect.poll(() => page.getByText("Неверный логин или пароль").count()).toBeGreaterThan(0);
    await screenshot(page, "06-login-error-phone");
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: "Меню разделов" }).waitFor();
    await screenshot(page, "07-home-manager-phone");
    await page.getByRole("button", { name: "Меню разделов" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Сотрудники" }).waitFor();
    await page.waitForTimeout(400); // let the drawer finish sliding in
    await screenshot(page, "08-navigation-phone");
    // The manager sees no settings.
    expect(await page.getByRole("link", { name: "Настройки" }).count()).toBe(0);
    await context.close();
  });
});
