import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiGet, baseUrl, screenshot, useBrowserSessions } from "./browser";

/** Calls the API from inside the page with its session, as the web app does. */
async function apiSend<T>(page: Page, method: string, path: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    { method, url: `/api/v1${path}`, body },
  ) as Promise<T>;
}

// Independent of the app's helpers: the company's zone through the browser-free Intl of Node.
const almaty = (iso: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: "Asia/Almaty", ...options }).format(new Date(iso));
const clock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(iso),
  );

describe("interface polish in the browser", () => {
  const session = useBrowserSessions({ viewport: { width: 1440, height: 900 } });
  const marker = Date.now().toString(36);

  it("names an e-mail activity's type in the week table's day list", async () => {
    const page = await session("a.ismailova");
    const me = await apiGet<{ id: string }>(page, "/me");
    const types = await apiGet<{ items: { id: string; name: string; inWeeklyTable: boolean; category: string }[] }>(
      page,
      "/activity-types",
    );
    const email = types.items.find((type) => !type.inWeeklyTable && type.category === "email")!;
    expect(email).toBeTruthy();
    const week = await apiGet<{ days: { date: string }[] }>(page, `/cabinet/manager/${me.id}/week`);
    const day = week.days[2]!.date; // Wednesday of this week
    const subject = `Письмо клиенту ${marker}`;
    await apiSend(page, "POST", "/activities", { typeId: email.id, subject, dueAt: `${day}T05:00:00.000Z` });

    await page.goto(`${baseUrl()}/cabinet`);
    const table = page.getByRole("table", { name: "Текущая активность" });
    const [, month, date] = day.split("-");
    await table.getByRole("button", { name: new RegExp(`${date}\\.${month}`) }).click();
    const item = page.getByRole("listitem").filter({ hasText: subject });
    await item.waitFor();
    await expect.poll(() => item.innerText()).toContain(email.name);
    await screenshot(page, "90-day-list-email-type");
  });

  it("shows the bell's and the «Создана» column's times in the company's zone, not the browser's", async () => {
    const zone = "America/Los_Angeles"; // 13 hours behind Almaty: both the clock and often the day differ
    const page = await session("a.ismailova", { timezoneId: zone, viewport: { width: 1600, height: 900 } });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);

    const notifications = await apiGet<{ items: { title: string; createdAt: string }[] }>(
      page,
      "/notifications?limit=5",
    );
    const first = notifications.items[0]!;
    expect(first).toBeTruthy();
    await page.getByTestId("notifications-bell").click();
    const row = page.getByRole("dialog").getByRole("button").filter({ hasText: first.title }).first();
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(clock(first.createdAt, "Asia/Almaty"));
    expect(rowText).not.toContain(clock(first.createdAt, zone));
    await screenshot(page, "91-bell-company-zone");
    await page.keyboard.press("Escape");

    // A company whose creation day differs between Almaty and the browser's zone.
    const companies = await apiGet<{ items: { name: string; createdAt: string }[] }>(
      page,
      "/companies?limit=50&sort=-createdAt",
    );
    const dayIn = (iso: string, timeZone: string) =>
      new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(iso));
    const company = companies.items.find(
      (item) => dayIn(item.createdAt, "Asia/Almaty") !== dayIn(item.createdAt, zone),
    )!;
    expect(company).toBeTruthy();
    await page.goto(`${baseUrl()}/crm/companies?sort=-createdAt&limit=50`);
    const companyRow = page.getByRole("row").filter({ hasText: company.name }).first();
    await companyRow.waitFor();
    const expected = almaty(company.createdAt, { day: "numeric", month: "long", year: "numeric" }).replace(
      /\s*г\.$/,
      "",
    );
    await expect.poll(() => companyRow.innerText()).toContain(expected);
    await screenshot(page, "92-created-column-company-zone");
  });

  it("shows won and lost stage badges whole on a company's deal list", async () => {
    const page = await session("a.ismailova");
    const deals = await apiGet<{ items: { companyId: string | null; stage: { semantic: string } }[] }>(
      page,
      "/deals?limit=200&sort=-updatedAt",
    );
    const closed = deals.items.find((deal) => deal.companyId && deal.stage.semantic !== "open")!;
    await page.goto(`${baseUrl()}/crm/companies/${closed.companyId}`);
    const badges = page.locator(".mantine-Badge-root").filter({ hasText: /^(Успешно|Провалена)$/ });
    await badges.first().waitFor();
    const sizes = await badges.evaluateAll((elements) =>
      elements.map((badge) => {
        const label = badge.querySelector(".mantine-Badge-label") as HTMLElement;
        const outer = badge.getBoundingClientRect();
        const inner = label.getBoundingClientRect();
        return {
          widthFits: badge.scrollWidth <= badge.clientWidth && label.scrollWidth <= label.clientWidth,
          heightFits: badge.scrollHeight <= badge.clientHeight,
          labelInside: inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5,
        };
      }),
    );
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size).toEqual({ widthFits: true, heightFits: true, labelInside: true });
    await screenshot(page, "93-company-deal-badges");
  });

  it("keeps the admin's «Настройки» visible and clickable at 1440×900 and 1280×720", async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
    ]) {
      const page = await session("admin", { viewport });
      const settings = page.getByRole("button", { name: "Настройки", exact: true });
      const box = (await settings.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      // Nothing covers it: the point in its middle belongs to it.
      const onTop = await settings.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
        return element.contains(hit);
      });
      expect(onTop).toBe(true);
      await screenshot(page, `94-admin-sidebar-${viewport.height}`);
      await settings.click({ trial: true, timeout: 2000 });
      await settings.click();
      await page.getByRole("link", { name: "Производственный календарь" }).click();
      await page.waitForURL(/\/settings\/calendar/);
    }
  });

  it("says M, not «млн», on the English cabinet chart's axis", async () => {
    const page = await session("a.ismailova");
    await page.evaluate(() => localStorage.setItem("planerka.language", "en"));
    await page.goto(`${baseUrl()}/cabinet`);
    const ticks = page.locator("figure .recharts-cartesian-axis-tick-value");
    await ticks.first().waitFor();
    // The value axes' ticks start with a digit; the category axes hold stage names (data, not text of the UI).
    const texts = (await ticks.evaluateAll((elements) => elements.map((element) => element.textContent ?? ""))).filter(
      (text) => /^\d/.test(text) && text !== "0",
    );
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((text) => /[А-Яа-яЁё]/.test(text))).toEqual([]);
    expect(texts.some((text) => /\dM$/.test(text.trim()))).toBe(true);
    await screenshot(page, "95-cabinet-chart-english");
  });

  it("marks a holiday in a date picker with its name", async () => {
    const page = await session("a.ismailova");
    const calendar = await apiGet<{ days: { date: string; exception: string | null; name: string | null }[] }>(
      page,
      "/calendar?year=2026",
    );
    const holiday = calendar.days.find((day) => day.date === "2026-12-16")!;
    expect(holiday.exception).toBe("holiday");
    await page.goto(`${baseUrl()}/activities`);
    await page.getByRole("button", { name: "Новое дело" }).first().click();
    const dialog = page.getByRole("dialog");
    const dueDate = dialog.getByRole("textbox", { name: "Срок" });
    await dueDate.fill("15.12.2026");
    await dueDate.click();
    const day = page.locator("[data-holiday]").filter({ hasText: /^16$/ });
    await day.first().waitFor();
    expect(await day.first().getAttribute("title")).toBe(holiday.name);
    const weekday = page.locator("[data-holiday]").filter({ hasText: /^15$/ });
    expect(await weekday.count()).toBe(0);
    await screenshot(page, "96-date-picker-holiday");
  });

  it("offers the head in the deal card's chat on «@Коз», inserts the mention and notifies him", async () => {
    const manager = await session("a.ismailova");
    const me = await apiGet<{ id: string }>(manager, "/me");
    // A deal whose chat is opened for the first time (where the list used to land off-screen).
    const chats = await apiGet<{ items: { record: { entityId: string } | null }[] }>(manager, "/chats");
    const withChat = new Set(chats.items.map((item) => item.record?.entityId));
    const deals = await apiGet<{ items: { id: string; ownerId: string }[] }>(
      manager,
      "/deals?limit=50&sort=-createdAt",
    );
    const deal = deals.items.find((item) => item.ownerId === me.id && !withChat.has(item.id))!;
    await manager.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const open = manager.getByRole("button", { name: "Открыть чат" });
    const chat = manager.getByTestId("record-chat");
    await open.or(chat).waitFor();
    if (await open.isVisible()) await open.click();
    await chat.waitFor();
    const box = chat.getByRole("textbox", { name: "Сообщение", exact: true });
    await box.pressSequentially("Денис Михайлович, @Коз");
    const option = manager.getByRole("option", { name: "Козлов Денис Михайлович" });
    await option.waitFor();
    await expect
      .poll(() =>
        option.evaluate((element) => {
          const rect = element.getBoundingClientRect();
          const inView = rect.bottom <= window.innerHeight && rect.right <= window.innerWidth && rect.top >= 0;
          const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
          return inView && element.contains(hit);
        }),
      )
      .toBe(true);
    await screenshot(manager, "97-deal-chat-mention");
    const headId = await option.getAttribute("value");
    await option.click();
    await expect.poll(() => box.inputValue()).toContain(`@[Козлов Денис Михайлович](${headId})`);
    const text = `посмотрите сделку ${marker}`;
    await box.pressSequentially(text);
    await box.press("Enter");
    await chat.getByTestId("chat-message").filter({ hasText: text }).waitFor();

    const head = await session("d.kozlov");
    await expect
      .poll(async () => {
        const list = await apiGet<{ items: { kind: string; body: string | null }[] }>(head, "/notifications?limit=20");
        return list.items.some((item) => item.kind === "mention" && (item.body ?? "").includes(text));
      })
      .toBe(true);
  });
});
