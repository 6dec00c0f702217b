import { dayInTimeZone, isoWeekOf } from "@planerka/common";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

interface DealRow {
  id: string;
  title: string;
  ownerName: string;
  stage: { semantic: string };
}

describe("deal card actions in the browser", () => {
  let browser: Browser;
  const marker = Date.now().toString(36);
  const meetingSubject = `Встреча на объекте ${marker}`;
  const letterSubject = `Коммерческое предложение ${marker}`;
  let deal: DealRow;
  let owner: { id: string; name: string };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const session = async (login: string, width = 1366) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return { context, page };
  };

  const timeline = (page: Page) => page.getByRole("list", { name: "Лента событий" });

  it("a head assigns a meeting from a subordinate's deal and writes the client a letter", async () => {
    const { context, page } = await session("d.kozlov");
    const users = await apiGet<{ items: { id: string; login: string; name: string }[] }>(
      page,
      "/users?q=ismailova&limit=10",
    );
    owner = users.items.find((user) => user.login === "a.ismailova")!;
    expect(owner).toBeDefined();
    const deals = await apiGet<{ items: DealRow[] }>(page, `/deals?ownerId=${owner.id}&limit=50&sort=-updatedAt`);
    deal = deals.items.find((item) => item.stage.semantic === "open") ?? deals.items[0]!;
    expect(deal).toBeDefined();

    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const actions = page.getByRole("group", { name: "Действия со сделкой" });
    await actions.getByRole("button", { name: "Встреча", exact: true }).waitFor();
    await expect.poll(() => actions.getByRole("button", { name: "Звонок" }).count()).toBe(1);
    await screenshot(page, "40-deal-card-actions");

    // Встреча: the form comes with the deal, a meeting type and the deal's owner as the responsible.
    await actions.getByRole("button", { name: "Встреча", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Встреча" });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel("Тип").inputValue()).toMatch(/^Встреча/);
    await expect.poll(() => dialog.getByLabel("Ответственный").inputValue()).toContain(owner.name.split(" ")[0]!);
    await expect.poll(() => dialog.getByLabel("Сделка").inputValue()).toBe(deal.title);
    await dialog.getByLabel("Тема").fill(meetingSubject);
    // A day of this week: today, late in the afternoon.
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    const [year, month, date] = today.split("-");
    const dateInput = dialog.getByLabel("Срок");
    await dateInput.fill(`${date}.${month}.${year}`);
    await dateInput.press("Tab");
    await dialog.getByLabel("Время").fill("17:30");
    // A colleague takes part: the meeting becomes a calendar event with invitations.
    const me = await apiGet<{ id: string; headedUnitIds: string[] }>(page, "/me");
    const unitPeople = await apiGet<{ items: { id: string; login: string; name: string }[] }>(
      page,
      `/users?unitId=${me.headedUnitIds[0]}&active=true&limit=50&sort=name`,
    );
    const colleague = unitPeople.items.find((user) => user.id !== owner.id && user.id !== me.id)!;
    const participants = dialog.getByRole("combobox", { name: "Участники" });
    await participants.click();
    await participants.fill(colleague.name.split(" ")[0]!);
    await page.getByRole("option", { name: colleague.name }).click();
    await screenshot(page, "41-deal-meeting-dialog");
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog.waitFor({ state: "detached" });
    await timeline(page).locator('li[data-kind="activity"]', { hasText: meetingSubject }).waitFor();
    const meetingEvent = timeline(page).locator('li[data-kind="event"]', { hasText: meetingSubject });
    await meetingEvent.waitFor();
    const eventPath = await meetingEvent.getByRole("link", { name: meetingSubject }).getAttribute("href");
    const eventId = new URLSearchParams(eventPath!.split("?")[1]).get("event")!;
    const invited = await apiGet<{ attendees: { userId: string; response: string }[] }>(page, `/events/${eventId}`);
    expect(invited.attendees.map((attendee) => [attendee.userId, attendee.response]).sort()).toEqual(
      [
        [me.id, "accepted"],
        [owner.id, "pending"],
        [colleague.id, "pending"],
      ].sort(),
    );

    const assigned = await apiGet<{
      items: { subject: string; ownerId: string; dueAt: string; dealId: string; type: { category: string } }[];
    }>(page, `/activities?dealId=${deal.id}&limit=100`);
    const meeting = assigned.items.find((activity) => activity.subject === meetingSubject)!;
    expect(meeting).toMatchObject({ ownerId: owner.id, dealId: deal.id, type: { category: "meeting" } });
    expect(dayInTimeZone(new Date(meeting.dueAt), "Asia/Almaty")).toBe(today);

    // Звонок offers to plan an outgoing call or log an incoming one.
    await actions.getByRole("button", { name: "Звонок" }).click();
    await page.getByRole("menuitem", { name: "Запланировать исходящий звонок" }).waitFor();
    await page.getByRole("menuitem", { name: "Записать входящий звонок" }).click();
    const callDialog = page.getByRole("dialog", { name: "Входящий звонок" });
    await callDialog.waitFor();
    await expect.poll(() => callDialog.getByLabel("Тип").inputValue()).toMatch(/^Входящий/);
    await callDialog.getByRole("button", { name: "Отмена" }).click();
    await callDialog.waitFor({ state: "detached" });

    // Письмо: no SMTP in the demo, so the letter waits in the outbox and shows so on the timeline.
    await actions.getByRole("button", { name: "Письмо", exact: true }).click();
    const letter = page.getByRole("dialog", { name: "Письмо клиенту" });
    await letter.waitFor();
    const to = letter.getByLabel("Кому");
    // The deal's contact's or company's address comes in by itself when the demo client has one.
    await page.waitForTimeout(500);
    if (!(await to.inputValue())) await to.fill("zakup@svarka-almaty.kz");
    await letter.getByLabel("Тема").fill(letterSubject);
    await letter
      .getByRole("textbox", { name: "Текст письма" })
      .fill("Добрый день!\n\nНаправляем коммерческое предложение на инвертор САИ-250.\nС уважением, Козлов Денис");
    await screenshot(page, "42-deal-email-dialog");
    await letter.getByRole("button", { name: "Отправить" }).click();
    await letter.waitFor({ state: "detached" });
    const entry = timeline(page).locator('li[data-kind="email"]', { hasText: letterSubject });
    await entry.waitFor();
    expect(await entry.getAttribute("data-state")).toBe("outbox");
    expect(await entry.innerText()).toContain("В исходящих");
    await screenshot(page, "43-deal-email-on-timeline");
    await context.close();
  });

  it("the employee sees the assigned meeting in her weekly table at once", async () => {
    const { context, page } = await session("a.ismailova");
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    await page.goto(`${baseUrl()}/cabinet?week=${isoWeekOf(today)}`);
    const table = page.getByRole("table", { name: "Текущая активность" });
    await table.waitFor();
    const [, month, date] = today.split("-");
    await table.getByRole("button", { name: new RegExp(`${date}\\.${month}`) }).click();
    await table.getByText(meetingSubject).waitFor();
    await screenshot(page, "44-cabinet-assigned-meeting");
    await context.close();
  });

  it("the administrator reads the letter in the outbox and sees the SMTP settings", async () => {
    const { context, page } = await session("admin");
    await page.goto(`${baseUrl()}/settings/outbox`);
    const outbox = page.getByRole("table", { name: "Исходящие письма" });
    await outbox.waitFor();
    await outbox.getByText(letterSubject).waitFor();
    // Without SMTP the worker claims nothing: no attempt is spent, and the letter can be queued again.
    const row = outbox.getByRole("row").filter({ hasText: letterSubject });
    await row.getByText("Попыток: 0").waitFor();
    await row.getByRole("button", { name: "Отправить снова" }).click();
    await page.getByText("Письмо снова в очереди на отправку").waitFor();
    await screenshot(page, "45-settings-outbox");
    await page.goto(`${baseUrl()}/settings/mail`);
    await page.getByRole("textbox", { name: "Сервер (хост)" }).waitFor();
    await screenshot(page, "46-settings-smtp");
    // A manager has neither.
    const manager = await session("a.ismailova");
    const status = (path: string) => manager.page.evaluate(async (url) => (await fetch(url)).status, `/api/v1${path}`);
    expect(await status("/mail/outbox")).toBe(403);
    expect(await status("/mail/smtp")).toBe(403);
    await manager.context.close();
    await context.close();
  });
});
