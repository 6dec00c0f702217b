import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

describe("head cabinet in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a head sees the roll-up of their office and an employee's open deals", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/head`);
    const table = page.getByRole("table", { name: "По подразделениям" });
    await table.waitFor();
    const me = await apiGet<{ headedUnitIds: string[] }>(page, "/me");
    const rollup = await apiGet<{ users: { user: { name: string }; dealsInWork: { count: number } }[] }>(
      page,
      `/cabinet/units/${me.headedUnitIds[0]}`,
    );
    const person = rollup.users.find((entry) => entry.dealsInWork.count > 0)!;
    const button = table.getByRole("button", { name: `Открытые сделки: ${person.user.name}` });
    await expect.poll(async () => (await button.innerText()).replace(/\D/g, "")).toBe(String(person.dealsInWork.count));
    await screenshot(page, "30-head-cabinet");
    await button.click();
    const dialog = page.getByRole("dialog", { name: `Открытые сделки — ${person.user.name}` });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole("row").count()).toBeGreaterThan(1);
    await screenshot(page, "31-head-open-deals");
    await context.close();
  });

  it("a head exports two employees' deals of the month as a workbook, with progress", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/head`);
    await page.getByRole("table", { name: "По подразделениям" }).waitFor();
    const me = await apiGet<{ headedUnitIds: string[] }>(page, "/me");
    const rollup = await apiGet<{ users: { user: { id: string; name: string; unitName: string } }[] }>(
      page,
      `/cabinet/units/${me.headedUnitIds[0]}`,
    );
    const chosen = rollup.users.slice(0, 2).map((entry) => entry.user);
    expect(chosen).toHaveLength(2);

    await page.getByRole("button", { name: "Экспорт", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Экспорт сделок и дел" });
    await dialog.waitFor();
    // The shown unit is chosen at first; replace it with two employees.
    const who = dialog.getByLabel("Сотрудники и подразделения", { exact: true });
    await who.click();
    await who.press("Backspace");
    for (const user of chosen) {
      await who.fill(user.name);
      await page.getByRole("option", { name: `${user.name} (${user.unitName})` }).click();
    }
    // Close the list (it covers the buttons) by clicking the dialog's title.
    await dialog.getByRole("heading", { name: "Экспорт сделок и дел" }).click();
    await page.getByRole("listbox").waitFor({ state: "hidden" });
    await screenshot(page, "32-head-export-dialog");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      dialog.getByRole("button", { name: "Скачать" }).click(),
    ]);
    await dialog.getByText(/Файл .* сохранён/).waitFor();
    await screenshot(page, "33-head-export-done");
    const [, from, to] = /^planerka-deals-(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})\.xlsx$/.exec(
      download.suggestedFilename(),
    )!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Сделки")!;
    const exported: number[] = [];
    for (let index = 2; index <= sheet.rowCount && sheet.getRow(index).hasValues; index += 1)
      exported.push(sheet.getRow(index).getCell(1).value as number);

    // The same deals, independently: every deal of the two, kept when created or closed in the period (Almaty, UTC+5).
    const start = Date.parse(`${from}T00:00:00+05:00`);
    const end = Date.parse(`${to}T00:00:00+05:00`) + 86_400_000;
    const inPeriod = (instant: string | null) =>
      instant !== null && Date.parse(instant) >= start && Date.parse(instant) < end;
    const expected: number[] = [];
    for (let offset = 0; ; offset += 500) {
      const page_ = await apiGet<{ items: { number: number; createdAt: string; closedAt: string | null }[] }>(
        page,
        `/deals?ownerId=${chosen.map((user) => user.id).join(",")}&limit=500&offset=${offset}`,
      );
      for (const deal of page_.items)
        if (inPeriod(deal.createdAt) || inPeriod(deal.closedAt)) expected.push(deal.number);
      if (page_.items.length < 500) break;
    }
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    const owners = new Set<string>();
    for (let index = 2; index <= exported.length + 1; index += 1)
      owners.add(sheet.getRow(index).getCell(7).value as string);
    expect([...owners].sort()).toEqual(chosen.map((user) => user.name).sort());
    expect(workbook.getWorksheet("Дела")).toBeDefined();
    await context.close();
  });

  it("«Написать»: a head writes to an employee, who finds it under the bell", async () => {
    const headContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const headPage = await headContext.newPage();
    await logIn(headPage, "d.kozlov", "demo");
    await headPage.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await headPage.goto(`${baseUrl()}/head`);
    const table = headPage.getByRole("table", { name: "По подразделениям" });
    await table.waitFor();
    const employee = await apiGet<{ items: { id: string; name: string; login: string }[] }>(
      headPage,
      "/users?q=a.ismailova",
    );
    const name = employee.items[0]!.name;
    await table.getByRole("button", { name: `Написать: ${name}` }).click();
    const dialog = headPage.getByRole("dialog", { name: `Написать: ${name}` });
    const text = `Зайдите ко мне в 15:00 — ${Date.now()}`;
    await dialog.getByLabel("Сообщение").fill(text);
    await screenshot(headPage, "32-head-write-message");
    await dialog.getByRole("button", { name: "Отправить" }).click();
    await dialog.waitFor({ state: "hidden" });
    await headContext.close();

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU", isMobile: true });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    const bell = page.getByTestId("notifications-bell");
    await bell.waitFor();
    await bell.click();
    const item = page.getByTestId("notification-item").filter({ hasText: text });
    await item.waitFor();
    await expect.poll(async () => (await item.innerText()).includes(name)).toBe(true);
    await screenshot(page, "33-employee-notifications");
    await context.close();
  });

  it("a manager has no head cabinet", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "ru-RU",
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: "Меню разделов" }).waitFor();
    const me = await apiGet<{ unitId: string }>(page, "/me");
    expect(await page.evaluate(async (url) => (await fetch(url)).status, `/api/v1/cabinet/units/${me.unitId}`)).toBe(
      404,
    );
    await page.getByRole("button", { name: "Меню разделов" }).click();
    expect(await page.getByRole("navigation").getByRole("link", { name: "Кабинет руководителя" }).count()).toBe(0);
    await context.close();
  });
});
