import path from "node:path";
import { addDays, dayInTimeZone, isoWeekOf, isoWeekStart } from "@planerka/common";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiGet,
  artifactsDir,
  baseUrl,
  escapeRegExp,
  screenshot as fullPageShot,
  launchBrowser,
  logIn,
} from "./browser";

interface WeekJson {
  week: string;
  types: { id: string; name: string }[];
  days: { date: string; activities: { id: string; typeId: string; subject: string; dueAt: string }[] }[];
}

/** A write from inside the page, with its session and origin, as the web app makes it. */
function apiPost<T>(page: Page, path: string, body: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([url, json]) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(json),
      });
      return { status: response.status, body: await response.json() };
    },
    [`/api/v1${path}`, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

/** From the top: a full-page shot of a scrolled page draws the fixed header over the middle. */
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

/** «01.12» of «вт, 01.12», as the table and the dialog name a day. */
const dayMark = (day: string) => `${day.slice(8, 10)}\\.${day.slice(5, 7)}`;
/** The day row's own button («вт, 01.12»), not the «Копировать день вт, 01.12» beside it. */
const dayRow = (day: string) => new RegExp(`^[^ ]+, ${dayMark(day)}$`);
const almatyTime = (instant: string) => new Date(Date.parse(instant) + 5 * 3_600_000).toISOString().slice(11, 16);

describe("planning the next week in the manager cabinet", () => {
  let browser: Browser;
  const stamp = Date.now() % 100_000;
  const comment = `Добавь встречу с ТОО «Астана-Сталь» в среду (${stamp})`;
  // The plans tab opens on next week in the company's zone (the demo company is in Almaty).
  const planWeek = isoWeekOf(addDays(dayInTimeZone(new Date(), "Asia/Almaty"), 7));
  const monday = isoWeekStart(planWeek);
  const from = addDays(monday, 1);
  const to = addDays(monday, 3);

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("copies a day of the plan to another day and keeps the tab and week in the address", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/cabinet`);
    await page.getByRole("region", { name: "Показатели" }).waitFor();
    await page.getByRole("tab", { name: "Личные планы" }).click();
    const table = page.getByRole("table", { name: "План на следующую неделю" });
    await table.waitFor();
    expect(new URL(page.url()).searchParams.get("tab")).toBe("plans");

    const me = await apiGet<{ id: string }>(page, "/me");
    // Two activities of our own on Tuesday, so the day surely holds something to copy.
    const types = await apiGet<{ items: { id: string; inWeeklyTable: boolean }[] }>(page, "/activity-types");
    const tableTypes = types.items.filter((type) => type.inWeeklyTable);
    for (const [index, time] of ["09:40", "16:20"].entries()) {
      const created = await apiPost(page, "/activities", {
        typeId: tableTypes[index]!.id,
        subject: `План ${stamp} ${time}`,
        dueAt: `${from}T${time}:00+05:00`,
      });
      expect(created.status).toBe(201);
    }
    await page.reload();
    await table.waitFor();
    const before = await apiGet<WeekJson>(page, `/cabinet/manager/${me.id}/week?week=${planWeek}`);
    const sourceDay = before.days.find((day) => day.date === from)!;
    const targetBefore = before.days.find((day) => day.date === to)?.activities.length ?? 0;

    await table.getByRole("button", { name: new RegExp(`Копировать день .*${dayMark(from)}`) }).click();
    const dialog = page.getByRole("dialog", { name: new RegExp(`Копировать день .*${dayMark(from)}`) });
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByText(new RegExp(`^${sourceDay.activities.length} дел`)).count())
      .toBeGreaterThan(0);
    await dialog
      .getByRole("button", { name: new RegExp(`^[^ ]+, ${dayMark(to)}`) })
      .first()
      .click();
    await screenshot(page, "24-cabinet-copy-day");
    await dialog.getByRole("button", { name: "Копировать", exact: true }).click();
    await dialog.waitFor({ state: "detached" });

    // The table shows the copies without a reload: Thursday unfolds with both of our activities.
    await table.getByRole("button", { name: dayRow(to) }).click();
    for (const time of ["09:40", "16:20"]) {
      await expect.poll(() => table.getByText(`План ${stamp} ${time}`).count()).toBe(1);
    }
    const after = await apiGet<WeekJson>(page, `/cabinet/manager/${me.id}/week?week=${planWeek}`);
    const copies = after.days.find((day) => day.date === to)!.activities;
    expect(copies.length).toBe(targetBefore + sourceDay.activities.length);
    const ours = copies.filter((activity) => activity.subject.startsWith(`План ${stamp}`));
    expect(ours.map((activity) => [activity.subject, almatyTime(activity.dueAt)])).toEqual([
      [`План ${stamp} 09:40`, "09:40"],
      [`План ${stamp} 16:20`, "16:20"],
    ]);
    await screenshot(page, "25-cabinet-plans-laptop");

    // The week follows the address: forward a week, reload, back.
    await page.getByRole("button", { name: "Следующая неделя" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("week")).not.toBe(null);
    const movedTo = new URL(page.url()).searchParams.get("week");
    expect(movedTo).not.toBe(planWeek);
    await page.reload();
    await table.waitFor();
    expect(new URL(page.url()).searchParams.get("tab")).toBe("plans");
    expect(new URL(page.url()).searchParams.get("week")).toBe(movedTo);
    await expect.poll(() => page.getByRole("tab", { name: "Личные планы" }).getAttribute("aria-selected")).toBe("true");
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get("week")).toBe(null);
    await table.waitFor();
    await expect.poll(() => table.getByRole("button", { name: dayRow(to) }).count()).toBe(1);

    await page.getByRole("tab", { name: "Личные данные" }).click();
    await page.getByRole("table", { name: "Текущая активность" }).waitFor();
    expect(new URL(page.url()).searchParams.get("tab")).toBe(null);
    await page.goBack();
    await table.waitFor();
    await page.goForward();
    await page.getByRole("table", { name: "Текущая активность" }).waitFor();
    await screenshot(page, "26-cabinet-data-laptop");
    await context.close();
  });

  it("lets the head comment on the manager's plan for the next week, and the manager read it", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const headName = (await apiGet<{ name: string }>(page, "/me")).name;
    const managers = await apiGet<{ items: { id: string; login: string }[] }>(page, "/users?limit=200&role=manager");
    const managerId = managers.items.find((user) => user.login === "a.ismailova")!.id;
    await page.goto(`${baseUrl()}/cabinet/${managerId}?tab=plans`);
    await page.getByRole("table", { name: "План на следующую неделю" }).waitFor();
    const thread = page.getByRole("region", { name: "Комментарии руководителя" });
    await thread.getByRole("textbox", { name: "Комментарий к плану на неделю" }).fill(comment);
    await thread.getByRole("button", { name: "Отправить" }).click();
    await expect.poll(() => thread.getByText(comment).count()).toBe(1);
    await expect.poll(() => thread.getByRole("textbox").inputValue()).toBe("");
    await screenshot(page, "27-head-comments-plan");
    await context.close();

    for (const [name, viewport] of [
      ["laptop", { width: 1366, height: 768 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      const managerContext = await browser.newContext({
        viewport,
        locale: "ru-RU",
        isMobile: name === "phone",
      });
      const managerPage = await managerContext.newPage();
      await logIn(managerPage, "a.ismailova", "demo");
      await managerPage
        .getByRole("button", { name: name === "phone" ? "Меню разделов" : /Меню пользователя/ })
        .waitFor();
      await managerPage.goto(`${baseUrl()}/cabinet?tab=plans`);
      await managerPage.getByRole("table", { name: "План на следующую неделю" }).waitFor();
      const managerThread = managerPage.getByRole("region", { name: "Комментарии руководителя" });
      await expect.poll(() => managerThread.getByText(comment).count()).toBe(1);
      await expect.poll(() => managerThread.getByText(headName).count()).toBeGreaterThan(0);
      // The manager reads; only someone above them writes.
      expect(await managerThread.getByRole("textbox").count()).toBe(0);
      if (name === "phone") {
        await screenshot(managerPage, "28-cabinet-plans-phone");
        const plans = managerPage.getByRole("table", { name: "План на следующую неделю" });
        await plans.getByRole("button", { name: new RegExp(`Копировать день .*${dayMark(from)}`) }).click();
        const dialog = managerPage.getByRole("dialog", { name: new RegExp(`Копировать день .*${dayMark(from)}`) });
        await dialog.getByRole("button", { name: new RegExp(`^[^ ]+, ${dayMark(addDays(from, 1))}`) }).click();
        // The dialog fills the phone's screen: the viewport is the picture.
        await managerPage.screenshot({ path: path.join(artifactsDir, "28a-cabinet-copy-day-phone.png") });
        await dialog.getByRole("button", { name: "Отмена" }).click();
        await dialog.waitFor({ state: "detached" });
        await managerPage.getByRole("tab", { name: "Личные данные" }).click();
        await managerPage.getByRole("table", { name: "Текущая активность" }).waitFor();
        await screenshot(managerPage, "29-cabinet-data-phone");
      }
      await managerContext.close();
    }
  });

  it("adds a planned activity from a cell of next week's table", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/cabinet?tab=plans`);
    const table = page.getByRole("table", { name: "План на следующую неделю" });
    await table.waitFor();
    const me = await apiGet<{ id: string }>(page, "/me");
    const before = await apiGet<WeekJson>(page, `/cabinet/manager/${me.id}/week?week=${planWeek}`);
    const type = before.types[0]!;
    const wednesday = addDays(monday, 2);
    const typeName = escapeRegExp(type.name);
    await table
      .getByRole("button", { name: new RegExp(`^${typeName}, [^ ]+, ${dayMark(wednesday)}: добавить дело$`) })
      .click();
    const dialog = page.getByRole("dialog");
    const subject = `Новое дело ${stamp}`;
    await dialog.getByLabel("Тема").fill(subject);
    await dialog.getByRole("button", { name: "Сохранить", exact: true }).click();
    await dialog.waitFor({ state: "detached" });

    // It is on Wednesday, of the cell's type, in the API and in the table at once.
    const after = await apiGet<WeekJson>(page, `/cabinet/manager/${me.id}/week?week=${planWeek}`);
    const added = after.days.flatMap((day) => day.activities.map((activity) => ({ ...activity, date: day.date })));
    expect(
      added.filter((activity) => activity.subject === subject).map(({ date, typeId }) => ({ date, typeId })),
    ).toEqual([{ date: wednesday, typeId: type.id }]);
    await table.getByRole("button", { name: dayRow(wednesday) }).click();
    await expect.poll(() => table.getByText(subject).count()).toBe(1);
    await context.close();
  });
});
