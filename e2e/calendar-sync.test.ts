import path from "node:path";
import { addDays, dayInTimeZone, isoWeekday } from "@planerka/common";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiGet, apiPost, artifactsDir, baseUrl, screenshot, useBrowserSessions } from "./browser";

/** A phone's first CalDAV question: who am I? (HTTP Basic with the login and an app password). */
function propfind(address: string, login: string, password: string) {
  return fetch(address, {
    method: "PROPFIND",
    headers: {
      Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`,
      Depth: "0",
      "Content-Type": "application/xml; charset=utf-8",
    },
    body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>',
  });
}

/** The instant a wall-clock time of a day names in Almaty (UTC+5). */
const almaty = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`).toISOString();
/** 2026-03-11 and 12:00 as an .ics file writes a UTC time: 20260311T070000Z. */
const icsTime = (instant: string) => instant.replace(/[-:]/g, "").replace(/\.\d{3}/, "");

describe("the calendar on a phone and .ics import, in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const login = "a.ismailova";
  const section = (page: Page) => page.getByRole("region", { name: "Календарь на телефоне" });
  /** The section alone, as a picture for people to look at. */
  const shoot = (page: Page, name: string) =>
    section(page).screenshot({ path: path.join(artifactsDir, `${name}.png`), timeout: 20_000 });

  it("connects a phone by CalDAV with an app password, and revoking it cuts the phone off", async () => {
    const page = await session(login);
    await page.goto(`${baseUrl()}/profile`);
    const sync = section(page);
    await sync.waitFor();
    const address = await sync.getByRole("textbox", { name: "Адрес сервера" }).inputValue();
    expect(address).toBe(`${baseUrl()}/dav/`);
    expect(await sync.getByRole("textbox", { name: "Логин", exact: true }).inputValue()).toBe(login);

    const phone = `iPhone ${marker}`;
    await sync.getByRole("textbox", { name: "Название телефона" }).fill(phone);
    await sync.getByRole("button", { name: "Создать пароль" }).click();
    const shown = sync.getByRole("textbox", { name: `Пароль для «${phone}»` });
    await shown.waitFor();
    const password = await shown.inputValue();
    expect(password).toMatch(/^plkapp_/);
    await sync.getByText("больше он показан не будет").waitFor();
    const row = sync.getByRole("listitem", { name: phone });
    await row.getByText("ещё не подключался").waitFor();
    await shoot(page, "69-calendar-phone-sync");

    // The phone signs in with the address and login the profile shows.
    expect((await propfind(address, login, password)).status).toBe(207);
    const wellKnown = await fetch(`${baseUrl()}/.well-known/caldav`, { redirect: "manual" });
    expect([wellKnown.status, wellKnown.headers.get("location")]).toEqual([301, "/dav/"]);
    expect((await propfind(address, login, "plkapp_wrong")).status).toBe(401);
    await page.reload();
    await row.getByText(/последнее подключение/).waitFor();

    // «Готово» puts the password away for good.
    await page.goto(`${baseUrl()}/profile`);
    await sync.getByRole("listitem", { name: phone }).waitFor();
    expect(await sync.getByRole("textbox", { name: `Пароль для «${phone}»` }).count()).toBe(0);

    await row.getByRole("button", { name: "Отозвать" }).click();
    const dialog = page.getByRole("dialog", { name: "Отозвать пароль?" });
    await dialog.getByText(`Телефон «${phone}» перестанет`).waitFor();
    await dialog.getByRole("button", { name: "Отозвать" }).click();
    await dialog.waitFor({ state: "detached" });
    await row.waitFor({ state: "detached" });
    expect((await propfind(address, login, password)).status).toBe(401);
  });

  it("subscribes by a secret link that shows the person's events; a new link or turning it off ends the old one", async () => {
    const page = await session(login);
    const me = await apiGet<{ timeZone: string }>(page, "/me");
    const day = addDays(dayInTimeZone(new Date(), me.timeZone), 3);
    const title = `Звонок поставщику ${marker}`;
    await apiPost(page, "/events", { title, startsAt: almaty(day, "15:00"), endsAt: almaty(day, "16:00") });

    await page.goto(`${baseUrl()}/profile`);
    const sync = section(page);
    const status = sync.getByTestId("calendar-feed-status");
    await expect.poll(() => status.textContent()).toBe("Ссылка не создана");
    await sync.getByRole("button", { name: "Создать ссылку" }).click();
    const link = sync.getByRole("textbox", { name: "Адрес подписки" });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url.startsWith(`${baseUrl()}/api/v1/calendar/feeds/plkcal_`)).toBe(true);
    expect(url.endsWith(".ics")).toBe(true);
    await expect.poll(() => status.textContent()).toMatch(/^Ссылка действует с /);

    // Fetched as a calendar app would: no cookie, the link alone.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = await feed.text();
    expect(text).toContain("BEGIN:VCALENDAR");
    expect(text).toContain(`SUMMARY:${title}`);

    await sync.getByRole("button", { name: "Новая ссылка" }).click();
    const renew = page.getByRole("dialog", { name: "Создать новую ссылку?" });
    await renew.getByRole("button", { name: "Новая ссылка" }).click();
    await renew.waitFor({ state: "detached" });
    await expect.poll(() => link.inputValue()).not.toBe(url);
    const renewed = await link.inputValue();
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(renewed)).status).toBe(200);

    await sync.getByRole("button", { name: "Отключить" }).click();
    const disable = page.getByRole("dialog", { name: "Отключить подписку?" });
    await disable.getByRole("button", { name: "Отключить" }).click();
    await disable.waitFor({ state: "detached" });
    await expect.poll(() => status.textContent()).toBe("Ссылка не создана");
    expect(await link.count()).toBe(0);
    expect((await fetch(renewed)).status).toBe(404);
  });

  it("fits a phone screen", async () => {
    const page = await session(login, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${baseUrl()}/profile`);
    const sync = section(page);
    await sync.getByRole("textbox", { name: "Название телефона" }).fill(`Android ${marker}`);
    await sync.getByRole("button", { name: "Создать пароль" }).click();
    await sync.getByRole("textbox", { name: `Пароль для «Android ${marker}»` }).waitFor();
    await sync.getByRole("button", { name: "Создать ссылку" }).click();
    await sync.getByRole("textbox", { name: "Адрес подписки" }).waitFor();
    // Nothing sticks out sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(page, "86-calendar-phone-sync-390");
  });

  it("imports an .ics file into the calendar, and a broken one shows the reason and stores nothing", async () => {
    const page = await session(login);
    const me = await apiGet<{ timeZone: string }>(page, "/me");
    const today = dayInTimeZone(new Date(), me.timeZone);
    const title = `Встреча из почты ${marker}`;
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//e2e//Planerka//RU",
      "BEGIN:VEVENT",
      `UID:import-${marker}@example.kz`,
      `DTSTAMP:${icsTime(new Date().toISOString())}`,
      `DTSTART:${icsTime(almaty(today, "12:00"))}`,
      `DTEND:${icsTime(almaty(today, "13:00"))}`,
      `SUMMARY:${title}`,
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");

    await page.goto(`${baseUrl()}/calendar?view=week`);
    const calendar = page.getByTestId("calendar");
    await calendar.waitFor();
    const input = page.locator('input[type="file"][accept*=".ics"]');
    await input.setInputFiles({ name: "invite.ics", mimeType: "text/calendar", buffer: Buffer.from(ics) });
    await page.getByText("Импортировано событий: 1").waitFor();
    // The week of the event's day in Almaty, named: around midnight the browser's own day (UTC) differs.
    await page.goto(`${baseUrl()}/calendar?view=week&date=${today}`);
    await calendar.getByText(title).first().waitFor();
    await screenshot(page, "87-calendar-import");

    const broken =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Без UID\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    await input.setInputFiles({ name: "broken.ics", mimeType: "text/calendar", buffer: Buffer.from(broken) });
    const alert = page.getByRole("alert").filter({ hasText: "Файл не импортирован" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/iCalendar: .+/);
    await screenshot(page, "98-calendar-import-error");
    // The failed file changed nothing: the one event of the good file is still the only one.
    const entries = await apiGet<{ items: { title: string }[] }>(page, `/calendar/entries?from=${today}&to=${today}`);
    expect(entries.items.filter((entry) => entry.title === title)).toHaveLength(1);
    expect(entries.items.some((entry) => entry.title === "Без UID")).toBe(false);
  });

  it("a head on a trip keeps the calendar in Moscow time; the company's times stay Almaty's", async () => {
    // Someone no other calendar test uses: the zone is theirs alone while this runs.
    const page = await session("t.kasymov");
    await page.goto(`${baseUrl()}/profile`);
    const picker = page.getByRole("combobox", { name: "Часовой пояс календаря" });
    await picker.click();
    await picker.fill("Moscow");
    await page.getByRole("option", { name: "Europe/Moscow" }).click();
    await page.getByText("Календарь показывает время по Europe/Moscow").waitFor();
    const me = await apiGet<{ timeZone: string; calendarTimeZone: string }>(page, "/me");
    expect([me.timeZone, me.calendarTimeZone]).toEqual(["Asia/Almaty", "Europe/Moscow"]);

    const day = addDays(dayInTimeZone(new Date(), "Asia/Almaty"), 9);
    const title = `Созвон из Москвы ${marker}`;
    await apiPost(page, "/events", {
      title,
      startsAt: almaty(day, "12:00"),
      endsAt: almaty(day, "13:00"),
    });
    await page.goto(`${baseUrl()}/calendar?view=agenda&date=${day}`);
    const row = page.getByTestId("calendar").locator(".fc-list-event").filter({ hasText: title });
    await row.waitFor();
    // 12:00 in Almaty (UTC+5) is 10:00 in Moscow (UTC+3).
    expect(await row.locator(".fc-list-event-time").textContent()).toMatch(/^10:00/);

    await page.goto(`${baseUrl()}/profile`);
    await picker.click();
    await picker.fill("Как в компании");
    await page.getByRole("option", { name: /Как в компании/ }).click();
    await page.getByText("Календарь показывает время по Asia/Almaty").waitFor();
  });

  it("dragging one occurrence of a series moves only it; the others stay", async () => {
    // Someone no other calendar test drags for: the top manager.
    const page = await session("p.sokolov", { viewport: { width: 1366, height: 860 } });
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    const monday = addDays(today, 8 - isoWeekday(today) + 7);
    const tuesday = addDays(monday, 1);
    const title = `Летучка ${marker}`;
    const series = await apiPost<{ id: string }>(page, "/events", {
      title,
      startsAt: almaty(monday, "09:00"),
      endsAt: almaty(monday, "09:30"),
      recurrence: "FREQ=DAILY;COUNT=3",
    });
    await page.goto(`${baseUrl()}/calendar?view=week&date=${tuesday}`);
    const occurrence = page.locator(`.fc-timegrid-col[data-date="${tuesday}"] .fc-event`, { hasText: title });
    await occurrence.scrollIntoViewIfNeeded();
    await occurrence.hover({ position: { x: 10, y: 6 } });
    const from = (await occurrence.boundingBox())!;
    const slot = (await page.locator('.fc-timegrid-slot-lane[data-time="09:00:00"]').boundingBox())!;
    await page.mouse.down();
    await page.mouse.move(from.x + 10, from.y + 6 + slot.height, { steps: 5 });
    await page.mouse.move(from.x + 10, from.y + 6 + slot.height * 2, { steps: 5 });
    await page.mouse.up();
    await page.getByText("Только это событие перенесено").waitFor();

    const entries = async () =>
      (
        await apiGet<{ items: { title: string; start: string; recurring: boolean }[] }>(
          page,
          `/calendar/entries?from=${monday}&to=${addDays(monday, 2)}`,
        )
      ).items
        .filter((entry) => entry.title === title)
        .map((entry) => [entry.start, entry.recurring])
        .sort();
    await expect.poll(entries).toEqual(
      [
        [almaty(monday, "09:00"), true],
        [almaty(tuesday, "10:00"), false],
        [almaty(addDays(monday, 2), "09:00"), true],
      ].sort(),
    );
    const after = await apiGet<{ exceptions: string[] }>(page, `/events/${series.id}`);
    expect(after.exceptions).toEqual([tuesday]);

    // «Напомнить мне» in the drawer: saved at once, for this person only.
    await page.goto(`${baseUrl()}/calendar?view=week&date=${tuesday}&event=${series.id}`);
    const details = page.getByTestId("event-details");
    await details.getByRole("heading", { name: title }).waitFor();
    await details.getByRole("combobox", { name: "Напомнить мне" }).click();
    await page.getByRole("option", { name: "За 30 минут" }).click();
    await page.getByText("Напоминания сохранены").waitFor();
    await expect
      .poll(async () => (await apiGet<{ reminders: number[] }>(page, `/events/${series.id}`)).reminders)
      .toEqual([30]);
  });
});
