import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

describe("CRM in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a manager drags a deal to another stage on the kanban", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/crm/deals`);
    await page.getByText("Канбан", { exact: true }).click();
    const fromColumn = page.getByRole("region", { name: "Новая", exact: true });
    const toColumn = page.getByRole("region", { name: "Переговоры", exact: true });
    const card = fromColumn.getByRole("article").first();
    await card.waitFor();
    await screenshot(page, "10-kanban-before");
    const title = (await card.getAttribute("aria-label"))!;
    // Demo titles repeat (they name products), so the card's own link says which deal it is.
    const href = (await card.getByRole("link").first().getAttribute("href"))!;
    const deal = { id: href.split("/").pop()! };
    expect((await apiGet<{ stage: { name: string } }>(page, `/deals/${deal.id}`)).stage.name).toBe("Новая");
    // The board lifts a card once the mouse has moved a few pixels, then follows it: the drag moves in steps.
    await card.dragTo(toColumn, { steps: 10 });
    await expect
      .poll(async () => (await apiGet<{ stage: { name: string } }>(page, `/deals/${deal.id}`)).stage.name, {
        timeout: 10_000,
      })
      .toBe("Переговоры");
    await expect.poll(() => toColumn.getByRole("article", { name: title }).count()).toBeGreaterThan(0);
    await screenshot(page, "11-kanban-after-drag");
    await context.close();
  });

  it("a manager moves a deal on the kanban with the keyboard alone", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/crm/deals`);
    await page.getByText("Канбан", { exact: true }).click();
    const card = page.getByRole("region", { name: "Новая", exact: true }).getByRole("article").first();
    await card.waitFor();
    const href = (await card.getByRole("link").first().getAttribute("href"))!;
    const dealId = href.split("/").pop()!;
    // Space lifts the focused card, the right arrow carries it one column on, Space puts it down.
    // Each key waits for the board's spoken answer, as a screen-reader user would: a loaded machine
    // may take a frame or two to lift the card, and a key pressed before that would go nowhere.
    const spoken = (text: string) => expect.poll(async () => (await page.content()).includes(text)).toBe(true);
    await card.focus();
    await page.keyboard.press("Space");
    await spoken("взята из колонки «Новая»");
    await page.keyboard.press("ArrowRight");
    await spoken("над колонкой «Квалификация»");
    await page.keyboard.press("Space");
    await expect
      .poll(async () => (await apiGet<{ stage: { name: string } }>(page, `/deals/${dealId}`)).stage.name, {
        timeout: 10_000,
      })
      .toBe("Квалификация");
    await context.close();
  });

  it("a manager moves a deal on its card's stage bar and comments; another manager sees not-found", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const list = await apiGet<{ items: { id: string; title: string; stage: { name: string } }[] }>(
      page,
      "/deals?semantic=open&limit=20&sort=-createdAt",
    );
    // The newest open deal not already at the stage the test moves it to (the demo's data vary by day).
    const deal = list.items.find((candidate) => candidate.stage.name !== "Счёт выставлен")!;
    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const stageBar = page.getByRole("group", { name: "Этапы сделки" });
    await stageBar.getByRole("button", { name: "Счёт выставлен" }).click();
    await expect
      .poll(async () => (await apiGet<{ stage: { name: string } }>(page, `/deals/${deal.id}`)).stage.name, {
        timeout: 10_000,
      })
      .toBe("Счёт выставлен");
    const comment = `Клиент ждёт счёт до пятницы ${Date.now() % 10_000}`;
    await page.getByRole("textbox", { name: "Новый комментарий" }).fill(comment);
    await page.getByRole("button", { name: "Добавить комментарий" }).click();
    await expect
      .poll(() => page.getByRole("list", { name: "Лента событий" }).getByText(comment).count())
      .toBeGreaterThan(0);
    await screenshot(page, "12-deal-card");
    await context.close();

    const other = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU", isMobile: true });
    const otherPage = await other.newPage();
    // Another Алматы manager: the first manager's deal is "not found or no access".
    const colleagues = await (async () => {
      await logIn(otherPage, "d.kozlov", "demo");
      await otherPage.getByRole("button", { name: /Меню пользователя/ }).waitFor();
      return apiGet<{ items: { login: string; role: string; unitName: string }[] }>(
        otherPage,
        "/users?limit=200&role=manager",
      );
    })();
    const colleague = colleagues.items.find((user) => user.unitName === "Алматы" && user.login !== "a.ismailova")!;
    await otherPage.getByRole("button", { name: /Меню пользователя/ }).click();
    await otherPage.getByRole("menuitem", { name: "Выйти" }).click();
    await otherPage.getByLabel("Логин").waitFor();
    await logIn(otherPage, colleague.login, "demo");
    await otherPage.getByRole("button", { name: "Меню разделов" }).waitFor();
    const response = await otherPage.evaluate(async (url) => (await fetch(url)).status, `/api/v1/deals/${deal.id}`);
    expect(response).toBe(404);
    await otherPage.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    await expect.poll(() => otherPage.getByText(/не найден|нет доступа/i).count()).toBeGreaterThan(0);
    await screenshot(otherPage, "13-deal-not-found-phone");
    await other.close();
  });

  it("a head sets a plan in the grid, the cabinet figure follows, and a person's norm but not his own unit's", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/plans`);
    const me = await apiGet<{ id: string }>(page, "/me");
    const plans = await apiGet<{
      months: string[];
      items: { user: { id: string; name: string }; editable: boolean }[];
    }>(page, "/plans");
    const target = plans.items.find((item) => item.editable && item.user.id !== me.id)!;
    const month = new Date().toISOString().slice(0, 7);
    const cell = page.getByRole("textbox", { name: `${target.user.name} — ${month}` });
    await cell.fill("7654321");
    await cell.press("Enter");
    await expect
      .poll(
        async () => (await apiGet<{ plan: number }>(page, `/cabinet/manager/${target.user.id}?month=${month}`)).plan,
        { timeout: 10_000 },
      )
      .toBe(7_654_321);
    await screenshot(page, "14-plans-grid");

    // The norms tab: the head's own unit's norms apply to the head, so a higher head sets them;
    // the head gives one of their people 12 cold calls a day instead of the default 10.
    await page.getByRole("tab", { name: "Нормы активности" }).click();
    const panel = page.getByRole("tabpanel");
    await panel.getByRole("combobox").first().click();
    await page.getByRole("option", { name: "Алматы", exact: true }).click();
    const coldCalls = "Своя норма: Исходящий холодный звонок";
    await expect.poll(() => panel.getByRole("textbox", { name: coldCalls }).isDisabled()).toBe(true);
    await panel.getByText("Эти нормы задаёт вышестоящий руководитель", { exact: false }).waitFor();
    await panel.getByText("Для сотрудника").click();
    const person = panel.getByRole("combobox", { name: "Сотрудник" });
    await person.fill(target.user.name.split(" ")[0]!);
    await page.getByRole("option", { name: target.user.name }).click();
    const norm = panel.getByRole("textbox", { name: coldCalls });
    await expect.poll(() => norm.isDisabled()).toBe(false);
    await norm.fill("12");
    await norm.press("Tab");
    await expect
      .poll(
        async () =>
          (await apiGet<{ items: { effective: number | null }[] }>(page, `/activity-norms?userId=${target.user.id}`))
            .items[0]!.effective,
      )
      .toBe(12);
    await screenshot(page, "15-activity-norms");
    await context.close();
  });

  it("a manager deletes a company from its card and returns to the list", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const name = `ТОО «Удаляемая ${Date.now() % 100_000}»`;
    const created = await page.evaluate(async (companyName) => {
      const response = await fetch("/api/v1/companies", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: companyName }),
      });
      return (await response.json()) as { id: string };
    }, name);
    await page.goto(`${baseUrl()}/crm/companies/${created.id}`);
    await page.getByRole("heading", { name }).waitFor();
    await page.getByRole("button", { name: "Удалить", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Удалить", exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/crm/companies");
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/companies/${id}`)).status, created.id);
    expect(status).toBe(404);
    await context.close();
  });

  it("a head is told a BIN is registered and may save the company anyway", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const existing = (await apiGet<{ items: { bin: string | null }[] }>(page, "/companies?limit=50")).items.find(
      (company) => company.bin,
    )!;
    await page.goto(`${baseUrl()}/crm/companies`);
    await page.getByRole("button", { name: "Создать компанию" }).click();
    const dialog = page.getByRole("dialog");
    const name = `Филиал ${Date.now() % 100_000}`;
    await dialog.getByLabel("Название").fill(name);
    await dialog.getByLabel("БИН/ИИН").fill(existing.bin!);
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog.getByText("Компания с таким БИН/ИИН уже зарегистрирована").waitFor();
    await screenshot(page, "16-company-bin-taken");
    await dialog.getByRole("button", { name: "Всё равно сохранить" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/crm\/companies\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    expect(await apiGet<{ name: string; bin: string }>(page, `/companies/${id}`)).toMatchObject({
      name,
      bin: existing.bin,
    });
    await context.close();
  });
});
