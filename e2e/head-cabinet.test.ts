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
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    // The employee's tasks open in the task list filtered to them; their workflows in a dialog.
    const tasksLink = table.getByRole("link", { name: `Задачи: ${person.user.name}` });
    expect(await tasksLink.getAttribute("href")).toContain("/tasks?userId=");
    const counts = await apiGet<{ items: { running: number; stalled: number }[] }>(
      page,
      `/workflow-instances/counts?userId=${(await tasksLink.getAttribute("href"))!.split("userId=")[1]}`,
    );
    await table.getByRole("button", { name: `Бизнес-процессы: ${person.user.name}` }).click();
    const workflows = page.getByRole("dialog", { name: `Бизнес-процессы: ${person.user.name}` });
    await workflows.getByRole("region", { name: "Бизнес-процессы" }).waitFor();
    if (counts.items[0]!.running === 0) await workflows.getByText("Нет процессов в работе.").waitFor();
    await screenshot(page, "34-head-employee-workflows");
    await page.keyboard.press("Escape");
    await tasksLink.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/tasks");
    await page.getByRole("tab", { name: /Делаю/ }).waitFor();
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

  it("«Написать»: a head opens the chat with an employee, who sees the message and the unread badge", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "ru-RU",
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: "Меню разделов" }).waitFor();
    const badge = page.getByTestId("chat-unread-badge");
    const unread = async () => ((await badge.count()) === 0 ? 0 : Number(await badge.innerText()));
    const chats = await apiGet<{
      items: { kind: string; peer: { name: string } | null; unread: number }[];
      unreadTotal: number;
    }>(page, "/chats");
    const before = chats.unreadTotal;
    await expect.poll(unread).toBe(before);

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
    const headName = (await apiGet<{ name: string }>(headPage, "/me")).name;
    // What the employee had unread from the head before (an earlier test of the same server).
    const earlier = chats.items.find((chat) => chat.kind === "direct" && chat.peer?.name === headName)?.unread ?? 0;
    await table.getByRole("button", { name: `Написать: ${name}` }).click();
    await headPage.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const conversation = headPage.getByTestId("chat-conversation");
    await conversation.getByRole("heading", { name }).waitFor();
    const text = `Зайдите ко мне в 15:00 — ${Date.now()}`;
    const box = conversation.getByRole("textbox", { name: "Сообщение", exact: true });
    await box.fill(text);
    await box.press("Enter");
    await conversation.getByTestId("chat-message").filter({ hasText: text }).waitFor();
    await screenshot(headPage, "32-head-write-message");
    await headContext.close();

    // The employee's sidebar counts it at once; the chat shows it from the head.
    await expect.poll(unread).toBe(before + 1);
    await page.getByRole("button", { name: "Меню разделов" }).click();
    await page.getByRole("navigation").getByRole("link", { name: /^Чат/ }).click();
    const item = page.getByTestId("chat-list-item").filter({ hasText: headName });
    await item.click();
    await page.getByTestId("chat-message").filter({ hasText: text }).waitFor();
    await expect.poll(unread).toBe(before - earlier);
    await screenshot(page, "33-employee-chat");
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
