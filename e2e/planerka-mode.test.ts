import { addDays, dayInTimeZone, isoWeekOf } from "@planerka/common";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

interface Rollup {
  children: Rollup[];
  users: { user: { id: string; name: string } }[];
}
interface Header {
  user: { id: string; name: string };
  plan: number;
  planToDate: number;
  actual: number;
  forecast: number;
  clientGrowth: number;
  dealsInWork: { count: number };
}
interface WeekJson {
  week: string;
  days: { date: string; activities: { subject: string; typeId: string }[] }[];
}

const digits = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(".", ""));
const digitsOf = (text: string) => text.replace(/\D/g, "");
/** «вт, 08.12»: a day row's own button in the weekly table. */
const dayRow = (day: string) => new RegExp(`^[^ ]+, ${day.slice(8, 10)}\\.${day.slice(5, 7)}$`);

/** Everyone in the roll-up, the unit's units first and then its own people, as the head cabinet's table lists them. */
function peopleOf(node: Rollup): { id: string; name: string }[] {
  return [...node.children.flatMap(peopleOf), ...node.users.map((entry) => entry.user)];
}

describe("«Планёрка» in the head cabinet", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("walks the Almaty head through his people with the keyboard, assigns a call and keeps a note, in ≤ 10 clicks", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    let clicks = 0;
    const click = async (target: Locator) => {
      clicks += 1;
      await target.click();
    };
    const started = Date.now();
    await logIn(page, "d.kozlov", "demo");
    clicks += 1;
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await click(page.getByRole("navigation").getByRole("link", { name: "Кабинет руководителя" }));
    await click(page.getByRole("tab", { name: "Планёрка" }));
    const position = page.getByTestId("meeting-position");
    await position.waitFor();

    const me = await apiGet<{ id: string; headedUnitIds: string[] }>(page, "/me");
    const rollup = await apiGet<Rollup>(page, `/cabinet/units/${me.headedUnitIds[0]}`);
    const people = peopleOf(rollup).filter((person) => person.id !== me.id);
    expect(people.length).toBeGreaterThan(5);

    const figures = page.getByRole("region", { name: "Показатели" });
    const figure = async (scope: Locator | Page, name: string) =>
      digitsOf(await scope.getByRole("group", { name, exact: true }).innerText());
    const personField = page.getByRole("combobox", { name: "Сотрудник", exact: true });
    /** The person on screen is `index`'s, and every figure shown is the API's. */
    const checkPerson = async (index: number) => {
      const person = people[index]!;
      await expect.poll(() => position.innerText()).toBe(`${index + 1} из ${people.length}`);
      await expect.poll(() => personField.inputValue()).toBe(person.name);
      const header = await apiGet<Header>(page, `/cabinet/manager/${person.id}`);
      expect(header.user.id).toBe(person.id);
      await expect.poll(() => figure(figures, "План на месяц")).toBe(digits(header.plan));
      expect(await figure(figures, "Прогноз")).toBe(digits(header.forecast));
      expect(await figure(figures, "Прирост клиентской базы")).toBe(String(header.clientGrowth));
      expect(await figure(figures, "Сделок в работе")).toContain(String(header.dealsInWork.count));
      await expect.poll(() => figure(page, "План на текущую дату")).toBe(digits(header.planToDate));
      expect(await figure(page, "Факт")).toBe(digits(header.actual));
    };

    // Through everyone with the keyboard: J and → forward, K and ← back; the address keeps the place.
    await checkPerson(0);
    await screenshot(page, "80-planerka-first-person", { fromTop: true });
    for (let index = 1; index < people.length; index += 1) {
      await page.keyboard.press(index % 2 === 0 ? "ArrowRight" : "j");
      await checkPerson(index);
      expect(new URL(page.url()).searchParams.get("person")).toBe(people[index]!.id);
    }
    // At the end there is no next; back two and forward one.
    await page.keyboard.press("j");
    await checkPerson(people.length - 1);
    await page.keyboard.press("k");
    await page.keyboard.press("ArrowLeft");
    await checkPerson(people.length - 3);
    await page.keyboard.press("j");
    const chosen = people.length - 2;
    await checkPerson(chosen);
    await page.reload();
    await position.waitFor();
    await checkPerson(chosen);
    const person = people[chosen]!;

    // A call for them, from the meeting: it lands in their week's table.
    const subject = `Позвонить по итогам планёрки ${Date.now() % 100_000}`;
    await click(page.getByRole("button", { name: "Звонок", exact: true }));
    const dialog = page.getByRole("dialog", { name: `Звонок: ${person.name}` });
    await dialog.getByLabel("Тема").fill(subject);
    await click(dialog.getByRole("button", { name: "Сохранить", exact: true }));
    await dialog.waitFor({ state: "detached" });
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    // Due at the next half hour: this week's table, unless that is already next Monday.
    const weeks = [isoWeekOf(today), isoWeekOf(addDays(today, 7))];
    let landed: { week: string; date: string } | undefined;
    await expect
      .poll(async () => {
        for (const week of weeks) {
          const found = await apiGet<WeekJson>(page, `/cabinet/manager/${person.id}/week?week=${week}`);
          const day = found.days.find((entry) => entry.activities.some((activity) => activity.subject === subject));
          if (day) landed = { week, date: day.date };
        }
        return landed !== undefined;
      })
      .toBe(true);
    const table = page.getByRole("table", {
      name: landed!.week === weeks[0] ? "Эта неделя" : "План на следующую неделю",
    });
    await click(table.getByRole("button", { name: dayRow(landed!.date) }));
    await expect.poll(() => table.getByText(subject).count()).toBe(1);
    await screenshot(page, "81-planerka-call-assigned", { fromTop: true });

    // The meeting's note on them, kept for next week's meeting.
    const note = `Договорились: два новых КП до пятницы (${subject.slice(-5)})`;
    await page.getByRole("textbox", { name: /^Моя заметка на неделю/ }).fill(note);
    await click(page.getByRole("button", { name: "Сохранить заметку" }));
    await expect
      .poll(async () => {
        const notes = await apiGet<{ items: { body: string; mine: boolean }[] }>(
          page,
          `/cabinet/manager/${person.id}/meeting-notes?week=${isoWeekOf(today)}`,
        );
        return notes.items.find((item) => item.mine)?.body;
      })
      .toBe(note);
    await expect.poll(() => page.getByRole("button", { name: "Удалить заметку" }).count()).toBe(1);
    const elapsed = Date.now() - started;
    console.info(`«Планёрка»: ${people.length} people, ${clicks} clicks, ${Math.round(elapsed / 1000)} s from login`);
    expect(clicks).toBeLessThanOrEqual(10);
    // The bound for a head's weekly meeting, with this test's own checks of every figure included.
    expect(elapsed).toBeLessThan(60_000);
    await screenshot(page, "82-planerka-note-saved", { fromTop: true });
    await context.close();
  });

  it("works on a phone: the person, the figures and the steps fit its width", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "ru-RU",
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: "Меню разделов" }).waitFor();
    await page.goto(`${baseUrl()}/head?tab=meeting`);
    const position = page.getByTestId("meeting-position");
    await expect.poll(() => position.innerText()).toMatch(/^1 из \d+$/);
    await page.getByRole("region", { name: "Показатели" }).waitFor();
    await screenshot(page, "83-planerka-phone", { fromTop: true });
    await page.getByRole("button", { name: "Следующий сотрудник" }).click();
    await expect.poll(() => position.innerText()).toMatch(/^2 из \d+$/);
    await page.getByRole("table", { name: "Эта неделя" }).waitFor();
    // Only the tables scroll sideways; the page itself fits the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
