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

  type Counts = Record<"call" | "meeting" | "demo", { planned: number; completed: number; overdue: number }>;
  interface RollupNode {
    unit: { id: string; name: string };
    totals: { plan: number };
    children: RollupNode[];
    users: { user: { id: string; name: string }; dealsInWork: { count: number } }[];
  }
  const everyone = (node: RollupNode): RollupNode["users"] => [...node.users, ...node.children.flatMap(everyone)];

  it("the roll-up fits 1440 and 1280 px with no horizontal scroll, in both column sets; sums in millions, exact on hover", async () => {
    for (const [width, height] of [
      [1440, 900],
      [1280, 800],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height }, locale: "ru-RU" });
      const page = await context.newPage();
      await logIn(page, "p.sokolov", "demo");
      await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
      for (const view of ["money", "activity"] as const) {
        await page.goto(`${baseUrl()}/head${view === "activity" ? "?view=activity" : ""}`);
        const table = page.getByRole("table", { name: "По подразделениям" });
        await table.waitFor();
        const footer = table.locator("tfoot");
        if (view === "money") {
          // The company's plan: «262,3 млн ₸» in the cell, the exact sum in its title.
          const { unitId } = await apiGet<{ unitId: string }>(page, "/me");
          const company = await apiGet<RollupNode>(page, `/cabinet/units/${unitId}`);
          const planCell = footer.locator("td").nth(1);
          await expect.poll(() => planCell.innerText()).toMatch(/^\d+(,\d)?\s(млн|млрд|тыс\.)\s₸$/);
          const exact = (await planCell.getAttribute("title"))!;
          expect(exact).toMatch(/^[\d\s]+(,\d\d)?\s₸$/);
          expect(Number(exact.replace(/[^\d,]/g, "").replace(",", "."))).toBe(company.totals.plan);
        } else {
          await table.getByRole("columnheader", { name: "Звонки" }).waitFor();
          await expect.poll(() => footer.getByLabel(/^Звонки: запланировано \d+/).count()).toBe(1);
        }
        const layout = await table.evaluate((element) => {
          const viewport = element.closest("[data-testid=rollup-scroll]") as HTMLElement;
          return {
            scrollWidth: viewport.scrollWidth,
            clientWidth: viewport.clientWidth,
            right: viewport.getBoundingClientRect().right,
            pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
        expect(layout.scrollWidth, `${view} at ${width}`).toBeLessThanOrEqual(layout.clientWidth);
        expect(layout.pageScroll, `${view} at ${width}: the page`).toBeLessThanOrEqual(0);
        const coefficient = await table.getByRole("columnheader", { name: "Коэффициент активности" }).boundingBox();
        expect(coefficient!.x + coefficient!.width, `${view} at ${width}`).toBeLessThanOrEqual(layout.right + 0.5);
        await screenshot(page, `35-head-${view}-${width}`);
      }
      await context.close();
    }
  }, 300_000);

  it("«Активность»: a person's counts as the API gives them; a count opens their activities of that kind, overdue first", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/head`);
    const table = page.getByRole("table", { name: "По подразделениям" });
    await table.waitFor();
    await page.locator("label", { hasText: /^Активность$/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("view")).toBe("activity");
    const me = await apiGet<{ headedUnitIds: string[] }>(page, "/me");
    const rollup = await apiGet<RollupNode>(page, `/cabinet/units/${me.headedUnitIds[0]}`);
    const counts = await apiGet<{ users: { userId: string; counts: Counts }[] }>(
      page,
      `/cabinet/units/${me.headedUnitIds[0]}/activity`,
    );
    const person = rollup.users.find((entry) => {
      const found = counts.users.find((item) => item.userId === entry.user.id);
      return found && found.counts.call.overdue > 0;
    })!;
    const calls = counts.users.find((item) => item.userId === person.user.id)!.counts.call;
    const row = table.getByRole("row").filter({ hasText: person.user.name });
    const link = row.getByRole("link", {
      name: `Звонки: запланировано ${calls.planned}, сделано ${calls.completed}, просрочено ${calls.overdue}`,
    });
    expect(await link.innerText()).toBe(`${calls.planned}\u2009/\u2009${calls.completed}\u2009/\u2009${calls.overdue}`);
    await screenshot(page, "36-head-activity-counts");
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/activities");
    const url = new URL(page.url());
    expect(url.searchParams.get("owner")).toBe(person.user.id);
    expect(url.searchParams.get("type")).toBeTruthy();
    // The list opens on the overdue ones, and shows as many as the count said.
    const overdueTab = page.getByRole("tab", { name: /Просроченные/ });
    await expect.poll(() => overdueTab.getAttribute("aria-selected")).toBe("true");
    await expect.poll(async () => (await overdueTab.innerText()).replace(/\D/g, "")).toBe(String(calls.overdue));
    await context.close();
  }, 300_000);

  it("«Дела» opens on the overdue ones when there are any; «Задачи» of someone else says whose they are", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/head`);
    const table = page.getByRole("table", { name: "По подразделениям" });
    await table.waitFor();
    const me = await apiGet<{ headedUnitIds: string[] }>(page, "/me");
    const rollup = await apiGet<RollupNode>(page, `/cabinet/units/${me.headedUnitIds[0]}`);
    let late: { name: string; overdue: number } | undefined;
    for (const entry of rollup.users) {
      const found = await apiGet<{ total: number }>(page, `/activities?ownerId=${entry.user.id}&state=overdue&limit=1`);
      if (found.total > 0) {
        late = { name: entry.user.name, overdue: found.total };
        break;
      }
    }
    expect(late).toBeDefined();
    await table.getByRole("link", { name: `Дела: ${late!.name}` }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/activities");
    const overdueTab = page.getByRole("tab", { name: /Просроченные/ });
    await expect.poll(() => overdueTab.getAttribute("aria-selected")).toBe("true");
    await expect.poll(async () => (await overdueTab.innerText()).replace(/\D/g, "")).toBe(String(late!.overdue));
    // «Сегодня» is still one click away, and stays chosen.
    await page.getByRole("tab", { name: /Сегодня/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("tab")).toBe("today");
    await screenshot(page, "37-head-activities-drilldown");

    // Someone's empty task list names them, not «you». The demo gives everyone work from their head,
    // so look through every tab for an empty one.
    const tabs = [
      { view: "my", query: "view=my", text: (name: string) => `Нет задач, которые делает ${name}.` },
      {
        view: "overdue",
        query: "view=my&overdue=true",
        text: (name: string) => `Нет просроченных задач, которые делает ${name}.`,
      },
      { view: "observe", query: "view=observe", text: (name: string) => `Нет задач, за которыми наблюдает ${name}.` },
      { view: "set", query: "view=set", text: (name: string) => `Нет задач, которые поставил(а) ${name}.` },
    ] as const;
    let empty: { id: string; name: string; tab: (typeof tabs)[number] } | undefined;
    search: for (const entry of rollup.users) {
      for (const tab of tabs) {
        const found = await apiGet<{ total: number }>(page, `/tasks?${tab.query}&userId=${entry.user.id}&limit=1`);
        if (found.total === 0) {
          empty = { id: entry.user.id, name: entry.user.name, tab };
          break search;
        }
      }
    }
    expect(empty).toBeDefined();
    await page.goto(
      `${baseUrl()}/tasks?userId=${empty!.id}${empty!.tab.view === "my" ? "" : `&view=${empty!.tab.view}`}`,
    );
    await page.getByText(empty!.tab.text(empty!.name)).waitFor();
    expect(await page.getByText(/вы делаете/).count()).toBe(0);
    await screenshot(page, "38-head-tasks-of-someone");
    await context.close();
  }, 300_000);

  it("open deals: every deal is reachable page by page; the client's name opens the deal, its card is beside it", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "p.sokolov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/head`);
    const table = page.getByRole("table", { name: "По подразделениям" });
    await table.waitFor();
    const me = await apiGet<{ unitId: string }>(page, "/me");
    const company = await apiGet<RollupNode>(page, `/cabinet/units/${me.unitId}`);
    const person = everyone(company).sort((a, b) => b.dealsInWork.count - a.dealsInWork.count)[0]!;
    const total = person.dealsInWork.count;
    expect(total).toBeGreaterThan(50);
    await page.getByRole("button", { name: "Развернуть всё" }).click();
    await table.getByRole("button", { name: `Открытые сделки: ${person.user.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Открытые сделки — ${person.user.name}` });
    await dialog.getByText(`Показаны 1–50 из ${total}`).waitFor();
    const pages = Math.ceil(total / 50);
    await dialog.getByRole("button", { name: `Страница ${pages}` }).click();
    const from = (pages - 1) * 50 + 1;
    await dialog.getByText(`Показаны ${from}–${total} из ${total}`).waitFor();
    await expect.poll(() => dialog.locator("tbody tr").count()).toBe(total - from + 1);
    await screenshot(page, "39-head-open-deals-last-page");
    const first = dialog.locator("tbody tr").first();
    await first.getByRole("link", { name: /^Карточка (компании|контакта): / }).waitFor();
    const client = first.getByRole("link").first();
    await client.click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/crm\/deals\/[0-9a-f-]{36}$/);
    await context.close();
  }, 300_000);

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
