import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, escapeRegExp, launchBrowser, logIn, screenshot } from "./browser";

const digits = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(".", ""));
const digitsOf = (text: string) => text.replace(/\D/g, "");

describe("manager cabinet in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the API's figures, unfolds a day and completes an activity", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/cabinet`);
    const figures = page.getByRole("region", { name: "Показатели" });
    await figures.waitFor();
    const me = await apiGet<{ id: string }>(page, "/me");
    const header = await apiGet<{
      plan: number;
      forecast: number;
      clientGrowth: number;
      dealsInWork: { count: number };
    }>(page, `/cabinet/manager/${me.id}`);
    const figure = (name: string) => figures.getByRole("group", { name, exact: true }).innerText();
    await expect.poll(async () => digitsOf(await figure("План на месяц"))).toBe(digits(header.plan));
    expect(digitsOf(await figure("Прогноз"))).toBe(digits(header.forecast));
    expect(digitsOf(await figure("Прирост клиентской базы"))).toBe(String(header.clientGrowth));
    expect(digitsOf(await figure("Сделок в работе"))).toContain(String(header.dealsInWork.count));
    await screenshot(page, "20-cabinet-laptop");

    // Unfold the first day that still has an open activity and complete one.
    const week = await apiGet<{
      days: { date: string; activities: { id: string; state: string; completedAt: string | null }[] }[];
    }>(page, `/cabinet/manager/${me.id}/week`);
    const day = week.days.find((candidate) => candidate.activities.some((activity) => activity.state !== "completed"));
    if (day) {
      const table = page.getByRole("table", { name: "Текущая активность" });
      const [, month, date] = day.date.split("-");
      await table.getByRole("button", { name: new RegExp(`${date}\\.${month}`) }).click();
      const complete = page.getByRole("button", { name: "Выполнить", exact: true }).first();
      await complete.click();
      await page.getByRole("dialog").getByRole("button", { name: "Выполнить", exact: true }).click();
      const openBefore = day.activities.filter((activity) => activity.state !== "completed").length;
      await expect
        .poll(async () => {
          const after = await apiGet<typeof week>(page, `/cabinet/manager/${me.id}/week`);
          const same = after.days.find((candidate) => candidate.date === day.date)!;
          return same.activities.filter((activity) => activity.state !== "completed").length;
        })
        .toBe(openBefore - 1);
      await screenshot(page, "21-cabinet-day-unfolded");
    }
    await page.getByRole("tab", { name: "Личные планы" }).click();
    await page.getByRole("table", { name: "План на следующую неделю" }).waitFor();
    await screenshot(page, "22-cabinet-plans-tab");
    await context.close();
  });

  it("works on a phone and answers not-found for another manager's cabinet", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "ru-RU",
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: "Меню разделов" }).waitFor();
    await page.goto(`${baseUrl()}/cabinet`);
    await page.getByRole("region", { name: "Показатели" }).waitFor();
    await screenshot(page, "23-cabinet-phone");
    const users = await apiGet<{ items: { id: string; login: string }[] }>(page, "/users?role=manager&limit=5");
    const other = users.items.find((user) => user.login !== "a.ismailova")!;
    expect(await page.evaluate(async (url) => (await fetch(url)).status, `/api/v1/cabinet/manager/${other.id}`)).toBe(
      404,
    );
    await page.goto(`${baseUrl()}/cabinet/${other.id}`);
    await expect.poll(() => page.getByText(/не найден/i).count()).toBeGreaterThan(0);
    await context.close();
  });

  it("lets a head open a subordinate's cabinet from the employee's card", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const [manager] = (await apiGet<{ items: { id: string; name: string }[] }>(page, "/users?q=a.ismailova")).items;
    await page.goto(`${baseUrl()}/users?q=a.ismailova`);
    await page.getByRole("button", { name: manager!.name }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Кабинет сотрудника" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/cabinet/${manager!.id}`);
    await page.getByRole("region", { name: "Показатели" }).waitFor();
    await expect.poll(() => page.getByText(manager!.name).count()).toBeGreaterThan(0);
    // A subordinate's cabinet is not «Мой кабинет»: the sidebar entry is not marked current.
    const ownEntry = page.getByRole("navigation").getByRole("link", { name: "Мой кабинет" });
    expect(await ownEntry.getAttribute("aria-current")).toBeNull();
    expect(await ownEntry.getAttribute("data-active")).toBeNull();
    await screenshot(page, "47-head-opens-subordinate-cabinet");
    await context.close();
  });

  it("filters an unfolded day's activities by a column's type", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/cabinet`);
    const table = page.getByRole("table", { name: "Текущая активность" });
    await table.waitFor();
    const me = await apiGet<{ id: string }>(page, "/me");
    const week = await apiGet<{
      types: { id: string; name: string }[];
      days: { date: string; activities: { typeId: string; subject: string }[] }[];
    }>(page, `/cabinet/manager/${me.id}/week`);
    // A day whose activities have a subject only one type uses and a subject only other types use.
    const subjectsOf = (activities: { typeId: string; subject: string }[], typeId: string, same: boolean) =>
      new Set(
        activities.filter((activity) => (activity.typeId === typeId) === same).map((activity) => activity.subject),
      );
    const choice = week.days
      .flatMap((day) => week.types.map((type) => ({ day, type })))
      .map(({ day, type }) => {
        const mine = subjectsOf(day.activities, type.id, true);
        const others = subjectsOf(day.activities, type.id, false);
        return {
          day,
          type,
          kept: [...mine].find((subject) => !others.has(subject)),
          hidden: [...others].find((subject) => !mine.has(subject)),
        };
      })
      .find((candidate) => candidate.kept && candidate.hidden);
    expect(choice).toBeDefined();
    const { day, type, kept, hidden } = choice!;
    // An activity's subject, followed in the list by its state for screen readers: «Тема (выполнено)».
    const listed = (subject: string) => page.getByText(new RegExp(`^${escapeRegExp(subject)} \\(`));
    const [, month, date] = day.date.split("-");
    await table.getByRole("button", { name: new RegExp(`${date}\\.${month}`) }).click();
    await expect.poll(() => listed(hidden!).count()).toBeGreaterThan(0);
    await table.getByRole("button", { name: type.name, exact: true }).click();
    await expect.poll(() => page.getByText(`Фильтр: ${type.name}`).count()).toBe(1);
    await expect.poll(() => listed(hidden!).count()).toBe(0);
    expect(await listed(kept!).count()).toBeGreaterThan(0);
    await screenshot(page, "23-cabinet-filtered-by-type");
    await page.getByRole("button", { name: "Сбросить фильтр" }).click();
    await expect.poll(() => listed(hidden!).count()).toBeGreaterThan(0);
    await context.close();
  });
});
