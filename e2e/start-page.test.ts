import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiGet, apiPost, baseUrl, escapeRegExp, logIn, screenshot, useBrowserSessions } from "./browser";

const digits = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(".", ""));
const digitsOf = (text: string) => text.replace(/\D/g, "");

interface LagLine {
  user: { id: string; name: string };
  plan: number;
  planToDate: number;
  actual: number;
  lag: number;
}

/** Whether the page itself is wider than the screen (a table may scroll inside its own box). */
const overflowsScreen = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

/** The landing choice, sent as the profile page sends it. */
const chooseStartPage = (page: Page, startPage: "home" | "cabinet") =>
  page.evaluate(
    async (value) =>
      (
        await fetch("/api/v1/me", {
          method: "PATCH",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ startPage: value }),
        })
      ).status,
    startPage,
  );

describe("start pages by role in the browser", () => {
  const session = useBrowserSessions();

  it("a head sees who lags the plan to date with the API's figures, and a line opens the person's cabinet", async () => {
    const page = await session("t.kasymov");
    const me = await apiGet<{ abilities: { reportUnits: string[] } }>(page, "/me");
    const unitId = me.abilities.reportUnits[0]!;
    const start = await apiGet<{ lagging: { items: LagLine[]; total: number } }>(page, `/start/units/${unitId}/people`);
    const rollup = await apiGet<{ users: LagLine[]; children: { users: LagLine[] }[] }>(
      page,
      `/cabinet/units/${unitId}`,
    );
    const section = page.getByRole("region", { name: "Отстают от плана на текущую дату" });
    await section.waitFor();
    await screenshot(page, "40-start-head");
    // On the first days of a month before any working day the plan to date is 0 and nobody lags.
    if (start.lagging.items.length === 0) {
      await section.getByText("Все идут по плану").waitFor();
      return;
    }
    const table = section.getByRole("table", { name: "Отстают от плана на текущую дату" });
    // The first ten lines are shown; the rest one click away.
    if (start.lagging.items.length > 10) await section.getByRole("button", { name: /Показать все/ }).click();
    await expect.poll(() => table.getByRole("row").count()).toBe(start.lagging.items.length + 1);
    const everyone = (node: { users: LagLine[]; children?: { users: LagLine[] }[] }): LagLine[] => [
      ...node.users,
      ...(node.children ?? []).flatMap((child) => everyone(child as typeof node)),
    ];
    const people = everyone(rollup);
    const lags: number[] = [];
    for (const line of start.lagging.items) {
      // The head cabinet's own figures for the person, and the gap between them.
      const row = people.find((entry) => entry.user.id === line.user.id)!;
      expect({ plan: line.plan, planToDate: line.planToDate, actual: line.actual }).toEqual({
        plan: row.plan,
        planToDate: row.planToDate,
        actual: row.actual,
      });
      expect(line.lag).toBeCloseTo(line.planToDate - line.actual, 2);
      lags.push(line.lag);
      const shown = table.getByRole("row", { name: new RegExp(escapeRegExp(line.user.name)) });
      const cells = await shown.getByRole("cell").allInnerTexts();
      expect(cells.map(digitsOf)).toEqual([digits(line.planToDate), digits(line.actual), digits(line.lag)]);
    }
    expect(lags).toEqual([...lags].sort((left, right) => right - left));

    const first = start.lagging.items[0]!;
    await table.getByRole("link", { name: first.user.name, exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/cabinet/${first.user.id}`);
    const figures = page.getByRole("region", { name: "Показатели" });
    await expect
      .poll(async () => digitsOf(await figures.getByRole("group", { name: "План на месяц", exact: true }).innerText()))
      .toBe(digits(first.plan));
  });

  it("a manager sees today's activities, each linking to its client and deal", async () => {
    const page = await session("a.ismailova");
    const types = await apiGet<{ items: { id: string; inWeeklyTable: boolean }[] }>(page, "/activity-types");
    const deals = await apiGet<{ items: { id: string; title: string }[] }>(page, "/deals?limit=1&semantic=open");
    const subject = `Позвонить по счёту ${Date.now() % 100_000}`;
    await apiPost(page, "/activities", {
      typeId: types.items.find((type) => type.inWeeklyTable)!.id,
      subject,
      dueAt: new Date().toISOString(),
      dealId: deals.items[0]!.id,
    });
    await page.goto(`${baseUrl()}/`);
    const start = await apiGet<{ today: { subject: string; state: string }[] }>(page, "/start/me");
    const list = page.getByRole("list", { name: "Дела на сегодня" });
    // What is still to do is listed; the done ones join it, in their place in the day, on request.
    const open = start.today.filter((activity) => activity.state !== "completed");
    await expect.poll(() => list.getByRole("listitem").count()).toBe(open.length);
    const line = list.getByRole("listitem").filter({ hasText: subject });
    await line.getByRole("link", { name: deals.items[0]!.title }).waitFor();
    if (open.length < start.today.length) {
      await page.getByRole("button", { name: /Показать выполненные/ }).click();
      await expect.poll(() => list.getByRole("listitem").count()).toBe(start.today.length);
    }
    for (const activity of start.today) await list.getByText(activity.subject).first().waitFor();
    await screenshot(page, "41-start-manager");
    await line.getByRole("link", { name: deals.items[0]!.title }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/crm/deals/${deals.items[0]!.id}`);
  });

  it("fits a phone: a manager's day and a head's summary without the page scrolling sideways", async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true };
    const manager = await session("a.ismailova", phone);
    await manager.getByRole("region", { name: "Дела на сегодня" }).waitFor();
    await manager.getByRole("region", { name: "Неделя по дням" }).waitFor();
    expect(await overflowsScreen(manager)).toBe(false);
    await screenshot(manager, "42-start-manager-phone");
    const head = await session("t.kasymov", phone);
    await head.getByRole("region", { name: "Подвисшие бизнес-процессы" }).waitFor();
    expect(await overflowsScreen(head)).toBe(false);
    // On a phone each lagging person is a line of its own, with the gap in view.
    const me = await apiGet<{ abilities: { reportUnits: string[] } }>(head, "/me");
    const start = await apiGet<{ lagging: { items: LagLine[] } }>(
      head,
      `/start/units/${me.abilities.reportUnits[0]}/people`,
    );
    const first = start.lagging.items[0];
    if (first) {
      const line = head
        .getByRole("list", { name: "Отстают от плана на текущую дату" })
        .getByRole("listitem")
        .filter({ hasText: first.user.name });
      expect(digitsOf(await line.innerText())).toContain(digits(first.lag));
    }
    await screenshot(head, "43-start-head-phone");
    const top = await session("p.sokolov", phone);
    await top.getByRole("region", { name: "Регионы" }).waitFor();
    expect(await overflowsScreen(top)).toBe(false);
    await screenshot(top, "44-start-top-phone");
  });

  it("lands a manager who chose it on their cabinet; «Главная» still opens the start page", async () => {
    const head = await session("t.kasymov");
    const managers = await apiGet<{ items: { login: string }[] }>(head, "/users?role=manager&active=true&limit=50");
    // A demo manager (password «demo»): other test files create managers with passwords of their own.
    const login = managers.items
      .map((user) => user.login)
      .find((name) => /^[a-z]\.[a-z]+\d*$/.test(name) && name !== "a.ismailova")!;
    const page = await session(login);
    expect(new URL(page.url()).pathname).toBe("/");
    try {
      expect(await chooseStartPage(page, "cabinet")).toBe(200);
      await page.getByRole("button", { name: /Меню пользователя/ }).click();
      await page.getByRole("menuitem", { name: "Выйти" }).click();
      await page.getByLabel("Логин").waitFor();
      await logIn(page, login, "demo");
      await expect.poll(() => new URL(page.url()).pathname).toBe("/cabinet");
      await page.getByRole("region", { name: "Показатели" }).waitFor();
      await page.goto(`${baseUrl()}/`);
      await expect.poll(() => new URL(page.url()).pathname).toBe("/cabinet");
      await page.getByRole("navigation").getByRole("link", { name: "Главная" }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/home");
      await page.getByRole("region", { name: "Дела на сегодня" }).waitFor();
      // The profile shows the choice, and switching back lands on the start page again.
      await page.goto(`${baseUrl()}/profile`);
      const choice = page.getByRole("radiogroup", { name: "Стартовая страница" });
      await choice.getByText("Главная", { exact: true }).click();
      await page.getByText("Стартовая страница сохранена").waitFor();
      await page.goto(`${baseUrl()}/`);
      await page.getByRole("region", { name: "Дела на сегодня" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
    } finally {
      await chooseStartPage(page, "home");
    }
  });
});
