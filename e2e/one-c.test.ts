import path from "node:path";
import { dayInTimeZone } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { apiGet, artifactsDir, baseUrl, escapeRegExp, screenshot, useBrowserSessions } from "./browser";

/** Tenge as the app writes it (ru-KZ: non-breaking spaces), independently of the app's helpers. */
const tenge = (amount: number) =>
  new Intl.NumberFormat("ru-KZ", {
    style: "currency",
    currency: "KZT",
    maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);

interface UpsertAnswer {
  sessionId: string;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  results: { kind: string; guid: string | null; outcome: string; reason?: string }[];
}

describe("the exchange with 1C in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const today = dayInTimeZone(new Date(), "Asia/Almaty");
  const mappedName = `Менеджер 1С ${marker}`;
  const unknownName = `Неизвестный М. (1С ${marker})`;
  const paidOrder = { guid: `e2e-${marker}-paid`, number: `E2E-${marker}-1`, amount: 1250000.5 };
  const waitingOrder = { guid: `e2e-${marker}-waiting`, number: `E2E-${marker}-2`, amount: 350000, paid: 100000 };
  let manager: { id: string; name: string; login: string };
  let upsert: UpsertAnswer;
  let waitingDealId: string;

  it("the administrator names a 1C manager, 1C posts a batch, and the log shows it with a rejection's reason", async () => {
    const page = await session("admin");
    // A manager of d.kozlov's department whom no other browser test uses: the deals made here
    // must not become the newest deals other tests pick.
    const users = await apiGet<{ items: { id: string; login: string; name: string; role: string; unitId: string }[] }>(
      page,
      "/users?limit=500",
    );
    const ismailova = users.items.find((user) => user.login === "a.ismailova")!;
    manager = users.items
      .filter((user) => user.unitId === ismailova.unitId && user.role === "manager" && user.login !== "a.ismailova")
      .sort((a, b) => (a.login < b.login ? -1 : 1))[0]!;
    expect(manager).toBeDefined();
    const admin = await apiGet<{ name: string }>(page, "/me");

    // Settings → «Обмен с 1С» is in the settings menu.
    await page.goto(`${baseUrl()}/settings/company`);
    await page.getByRole("link", { name: "Обмен с 1С" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/settings/one-c");
    await page.getByRole("heading", { name: "Обмен с 1С", level: 2 }).waitFor();
    await expect
      .poll(() => page.getByTestId("one-c-exchange-url").innerText())
      .toBe(`${baseUrl()}/api/v1/integrations/1c/exchange`);

    // The managers' names: how 1C names her → the employee.
    const managers = page.getByRole("region", { name: "Менеджеры в 1С" });
    await managers.getByRole("button", { name: "Добавить" }).click();
    const dialog = page.getByRole("dialog", { name: "Менеджер в 1С" });
    await dialog.getByLabel("Имя в 1С").fill(mappedName);
    const employee = dialog.getByLabel("Сотрудник");
    await employee.click();
    await employee.fill(manager.name.split(" ")[0]!);
    await page.getByRole("option", { name: manager.name }).click();
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog.waitFor({ state: "detached" });
    const mapping = managers.getByRole("row").filter({ hasText: mappedName });
    await mapping.getByText(manager.name).waitFor();

    // 1C's own HTTP service posts a batch (JSON upsert), as the administrator.
    upsert = await page.evaluate(
      async ({ url, body }) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
        return response.json();
      },
      {
        url: "/api/v1/integrations/1c/upsert",
        body: {
          counterparties: [
            { guid: `e2e-${marker}-cp-new`, name: `ТОО «Новый клиент ${marker}»` },
            { guid: `e2e-${marker}-cp-mapped`, name: `ТОО «Сварка Плюс ${marker}»`, managerName: mappedName },
          ],
          orders: [
            {
              guid: paidOrder.guid,
              number: paidOrder.number,
              date: `${today}T10:00:00`,
              counterpartyGuid: `e2e-${marker}-cp-mapped`,
              amount: String(paidOrder.amount),
              managerName: mappedName,
            },
            {
              guid: waitingOrder.guid,
              number: waitingOrder.number,
              date: `${today}T11:00:00`,
              counterpartyGuid: `e2e-${marker}-cp-new`,
              amount: String(waitingOrder.amount),
              managerName: unknownName,
            },
            // Three decimals: 1C's people must see why it was refused.
            {
              guid: `e2e-${marker}-bad`,
              number: `E2E-${marker}-3`,
              date: today,
              counterpartyGuid: `e2e-${marker}-cp-mapped`,
              amount: "12.345",
            },
          ],
          payments: [
            {
              guid: `e2e-${marker}-pay-1`,
              orderGuid: paidOrder.guid,
              number: `П-${marker}-1`,
              date: `${today}T12:00:00`,
              amount: String(paidOrder.amount),
            },
            {
              guid: `e2e-${marker}-pay-2`,
              orderGuid: waitingOrder.guid,
              number: `П-${marker}-2`,
              date: `${today}T12:30:00`,
              amount: String(waitingOrder.paid),
            },
          ],
        },
      },
    );
    expect(upsert.counts).toEqual({ created: 6, updated: 0, unchanged: 0, rejected: 1 });
    const reason = upsert.results.find((result) => result.outcome === "rejected")!.reason!;
    expect(reason).toContain("Сумма");

    // The log: the session with its counts; its row opens the rejected element and the reason.
    await page.reload();
    const log = page.getByRole("table", { name: "Журнал обмена" });
    const row = log.locator(`tr[data-session-id="${upsert.sessionId}"]`);
    await row.waitFor();
    const cells = row.getByRole("cell");
    await expect
      .poll(() => cells.allTextContents())
      .toEqual([
        expect.stringMatching(new RegExp(`\\d{2}:\\d{2}.*${escapeRegExp(admin.name)}$`)),
        "Пакет записейИз 1С",
        "—",
        "6",
        "0",
        "0",
        "1",
        "Успешно",
      ]);
    await expect.poll(() => page.getByTestId("one-c-last-success").innerText()).not.toBe("Обмена ещё не было");
    await screenshot(page, "one-c-settings-1280", { fromTop: true });
    await row.getByRole("cell").nth(1).click();
    const rejections = page.getByRole("dialog", { name: "Отклонённые элементы" });
    const rejected = rejections.getByRole("row").filter({ hasText: `e2e-${marker}-bad` });
    await rejected.getByText(reason).waitFor();
    expect(await rejected.innerText()).toContain("Заказ");
    await screenshot(page, "one-c-rejections-1280", { fromTop: true });
    await page.keyboard.press("Escape");
    await rejections.waitFor({ state: "detached" });

    // The paid order of the named manager became her deal, won, at once.
    const deals = await apiGet<{ items: { id: string; ownerId: string; stage: { semantic: string } }[] }>(
      page,
      `/deals?q=${encodeURIComponent(paidOrder.number)}&limit=5`,
    );
    expect(deals.items).toHaveLength(1);
    expect(deals.items[0]).toMatchObject({ ownerId: manager.id, stage: { semantic: "won" } });
  });

  it("is laid out for a phone too", async () => {
    const page = await session("admin", { viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl()}/settings/one-c`);
    // One card per session on a phone; it opens the rejections too.
    const card = page.getByRole("list", { name: "Журнал обмена" }).locator(`[data-session-id="${upsert.sessionId}"]`);
    await card.waitFor();
    expect(await card.innerText()).toMatch(/\b6\s+Создано[\s\S]*\b1\s+Отклонено/);
    // Wide tables scroll inside their box; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, "one-c-settings-390", { fromTop: true });
    await card.getByRole("button", { name: /^Отклонённые элементы обмена/ }).click();
    await page.getByRole("dialog", { name: "Отклонённые элементы" }).getByText(`e2e-${marker}-bad`).waitFor();
    await screenshot(page, "one-c-rejections-390", { fromTop: true });
  });

  it("a head gives the order nobody owns to his manager, whose deal card shows the 1C block", async () => {
    const page = await session("d.kozlov");
    // The head cabinet links to the queue while it holds orders, and says how fresh 1C's data is.
    await page.goto(`${baseUrl()}/head`);
    await page.getByText(/^Данные 1С на \d{1,2} \S+ \d{4}, \d{2}:\d{2}$/).waitFor();
    await screenshot(page, "one-c-head-cabinet-1280", { fromTop: true });
    await page.getByRole("link", { name: /^Не распределено: \d+$/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/one-c/unassigned");

    const queue = page.getByRole("table", { name: "Не распределено" });
    const row = queue.getByRole("row").filter({ hasText: waitingOrder.number });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(`ТОО «Новый клиент ${marker}»`);
    expect(text).toContain(tenge(waitingOrder.amount));
    expect(text).toContain(tenge(waitingOrder.paid));
    expect(text).toContain(unknownName);
    expect(await queue.getByRole("row").filter({ hasText: paidOrder.number }).count()).toBe(0);
    await screenshot(page, "one-c-unassigned-1280", { fromTop: true });

    await row.getByRole("button", { name: `Назначить заказ № ${waitingOrder.number}` }).click();
    const dialog = page.getByRole("dialog", { name: `Заказ № ${waitingOrder.number}` });
    const employee = dialog.getByLabel("Сотрудник");
    await employee.click();
    await employee.fill(manager.name.split(" ")[0]!);
    await page.getByRole("option", { name: manager.name }).click();
    await dialog.getByRole("button", { name: "Назначить", exact: true }).click();
    await dialog.getByText("Сделка создана").waitFor();
    await dialog.getByText(new RegExp(escapeRegExp(manager.name))).waitFor();
    await screenshot(page, "one-c-assigned-1280", { fromTop: true });
    await dialog.getByRole("link", { name: "Открыть сделку" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/crm\/deals\/[0-9a-f-]{36}$/);
    waitingDealId = new URL(page.url()).pathname.split("/").at(-1)!;

    const block = page.getByRole("region", { name: "1С", exact: true });
    await block.waitFor();
    const facts = await block.innerText();
    expect(facts).toContain(`№ ${waitingOrder.number}`);
    expect(facts).toContain(tenge(waitingOrder.amount));
    expect(facts).toContain(tenge(waitingOrder.paid));
    expect(facts).toContain("Проведён");
    const deal = await apiGet<{ ownerId: string; stage: { semantic: string } }>(page, `/deals/${waitingDealId}`);
    expect(deal).toMatchObject({ ownerId: manager.id, stage: { semantic: "open" } });

    // The queue is empty of it now.
    await page.goto(`${baseUrl()}/one-c/unassigned`);
    await page.getByRole("heading", { name: "Не распределено" }).waitFor();
    await expect.poll(() => page.getByRole("row").filter({ hasText: waitingOrder.number }).count()).toBe(0);
  });

  it("the manager sees her deals' 1C block, paid in full, on a computer and a phone", async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await session(manager.login, { viewport });
      const deals = await apiGet<{ items: { id: string }[] }>(
        page,
        `/deals?q=${encodeURIComponent(paidOrder.number)}&limit=5`,
      );
      await page.goto(`${baseUrl()}/crm/deals/${deals.items[0]!.id}`);
      const block = page.getByRole("region", { name: "1С", exact: true });
      await block.waitFor();
      const facts = await block.innerText();
      expect(facts).toContain(`№ ${paidOrder.number}`);
      expect(facts).toContain(tenge(paidOrder.amount));
      expect(facts).toContain(`№ П-${marker}-1`);
      expect(facts).toContain("Проведён");
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
      await screenshot(page, `one-c-deal-card-${viewport.width}`, { fromTop: true });
      await block.screenshot({ path: path.join(artifactsDir, `one-c-deal-block-${viewport.width}.png`) });
      // The deal she was given from the queue has its block too.
      await page.goto(`${baseUrl()}/crm/deals/${waitingDealId}`);
      await page.getByRole("region", { name: "1С", exact: true }).getByText(tenge(waitingOrder.paid)).waitFor();
    }
  });

  it("1C's own exchange (CommerceML) shows its file in the log, and «Повторить» applies it again", async () => {
    // Driven as 1C's «Обмен с сайтом» does: checkauth with the administrator's login, then the cookie.
    const exchange = `${baseUrl()}/api/v1/integrations/1c/exchange`;
    const call = async (mode: string, options: { cookie?: string; body?: string; filename?: string } = {}) => {
      const query = new URLSearchParams({
        type: "sale",
        mode,
        ...(options.filename ? { filename: options.filename } : {}),
      });
      const response = await fetch(`${exchange}?${query}`, {
        method: options.body ? "POST" : "GET",
        headers: options.cookie
          ? { cookie: options.cookie, ...(options.body ? { "content-type": "application/octet-stream" } : {}) }
          : { authorization: `Basic ${Buffer.from("admin:demo").toString("base64")}` },
        body: options.body,
      });
      return response.text();
    };
    const [status, name, value] = (await call("checkauth")).split("\n");
    expect(status).toBe("success");
    const cookie = `${name}=${value}`;
    await call("init", { cookie });
    const fileName = `orders-${marker}.xml`;
    const tag = (tagName: string, text: string) => `<${tagName}>${text}</${tagName}>`;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.05" ДатаФормирования="2026-01-15T10:00:00">',
      "<Документ>",
      tag("Ид", `e2e-${marker}-cml-order`),
      tag("Номер", `УТ-${marker}`),
      tag("Дата", today),
      tag("ХозОперация", "Заказ товара"),
      tag("Роль", "Продавец"),
      tag("Валюта", "KZT"),
      tag("Сумма", "75000"),
      "<Контрагенты><Контрагент>",
      tag("Ид", `e2e-${marker}-cp-mapped`),
      tag("Наименование", `ТОО «Сварка Плюс ${marker}»`),
      tag("Роль", "Покупатель"),
      "</Контрагент></Контрагенты>",
      tag("Время", "09:00:00"),
      "<ЗначенияРеквизитов>",
      `<ЗначениеРеквизита>${tag("Наименование", "Проведен")}${tag("Значение", "true")}</ЗначениеРеквизита>`,
      `<ЗначениеРеквизита>${tag("Наименование", "Менеджер")}${tag("Значение", mappedName)}</ЗначениеРеквизита>`,
      "</ЗначенияРеквизитов>",
      "</Документ>",
      "</КоммерческаяИнформация>",
    ].join("\n");
    expect(await call("file", { cookie, filename: fileName, body: xml })).toBe("success");
    let answer = "progress";
    for (let calls = 0; calls < 50 && answer.startsWith("progress"); calls += 1)
      answer = await call("import", { cookie, filename: fileName });
    expect(answer).toMatch(/^success/);
    expect(await call("success", { cookie })).toMatch(/^success/);

    const page = await session("admin");
    await page.goto(`${baseUrl()}/settings/one-c`);
    const log = page.getByRole("table", { name: "Журнал обмена" });
    const rows = log.locator("tbody tr").filter({ hasText: fileName });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("Заказы и оплаты");
    await rows.first().getByRole("button", { name: "Повторить" }).click();
    await page.getByText("Обмен повторён — новая строка в журнале").waitFor();
    // A second session with the same file; the order it carries was already applied, so nothing changes.
    await expect.poll(() => rows.count()).toBe(2);
    await expect
      .poll(() => rows.first().getByRole("cell").allTextContents())
      .toEqual([
        expect.any(String),
        expect.stringContaining("Заказы и оплаты"),
        expect.stringContaining(fileName),
        "0",
        "0",
        expect.stringMatching(/^[1-9]\d*$/),
        "0",
        expect.stringContaining("Успешно"),
      ]);
    await screenshot(page, "one-c-settings-rerun-1280", { fromTop: true });
  });

  it("a deal without a 1C order shows no 1C block, and a manager has no exchange screens", async () => {
    const page = await session(manager.login);
    const deals = await apiGet<{ items: { id: string; source: string | null }[] }>(page, "/deals?limit=20");
    const plain = deals.items.find((deal) => deal.source !== "1С")!;
    await page.goto(`${baseUrl()}/crm/deals/${plain.id}`);
    await page.getByRole("region", { name: "Подробности" }).waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByRole("region", { name: "1С", exact: true }).count()).toBe(0);
    await page.goto(`${baseUrl()}/one-c/unassigned`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/");
    const status = (url: string) => page.evaluate(async (target) => (await fetch(target)).status, `/api/v1${url}`);
    expect(await status("/integrations/1c/sessions")).toBe(403);
    expect(await status("/integrations/1c/unassigned")).toBe(403);
  });
});
