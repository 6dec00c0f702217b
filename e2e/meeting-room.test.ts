import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, apiPost, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

interface UserRow {
  id: string;
  login: string;
  name: string;
  role: string;
  unitName: string;
}

interface Minutes {
  meetingId: string;
  attendees: { id: string }[];
  agenda: { body: string; done: boolean }[];
  tasks: { id: string; title: string; assignee: { id: string; name: string }; deadline: string | null }[];
}

/** Frames each peer connection of the page has decoded from the other side's video. */
function decodedFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const open = connections.filter((pc) => pc.connectionState !== "closed");
    return Promise.all(
      open.map(async (pc) => {
        let frames = 0;
        (await pc.getStats()).forEach((report) => {
          if (report.type === "inbound-rtp" && report.kind === "video") frames += report.framesDecoded ?? 0;
        });
        return frames;
      }),
    );
  });
}

/** The instant of a wall-clock time in a zone (what `<input type="datetime-local">` means to the page). */
function instantIn(zone: string, wall: string): string {
  const guess = Date.parse(`${wall}:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(guess))
      .map((part) => [part.type, part.value]),
  );
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return new Date(guess - (shown - guess)).toISOString();
}

describe("an online meeting on loopback", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const marker = Date.now().toString(36);
  const title = `Планёрка офиса ${marker}`;
  const taskTitle = `Обзвонить клиентов ${marker}`;

  /** A logged-in page whose RTCPeerConnections the test can read the stats of. */
  const session = async (login: string) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    contexts.push(context);
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const made: RTCPeerConnection[] = [];
      (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
      window.RTCPeerConnection = class extends Native {
        constructor(configuration?: RTCConfiguration) {
          super(configuration);
          made.push(this);
        }
      } as typeof RTCPeerConnection;
    });
    const page = await context.newPage();
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return page;
  };

  beforeAll(async () => {
    // A fake camera and microphone, allowed without asking; audio plays without a click.
    browser = await launchBrowser([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      "--autoplay-policy=no-user-gesture-required",
      "--allow-loopback-in-peer-connection",
    ]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it("three people see each other's video, set a task, and the minutes hold it", { timeout: 240_000 }, async () => {
    // The head of an office the other browser tests leave alone, and two of its managers.
    const admin = await session("admin");
    const users = await apiGet<{ items: UserRow[] }>(admin, "/users?limit=500&sort=name");
    const office = users.items.filter((user) => user.unitName === "Актау");
    const head = office.find((user) => user.role === "head") ?? office[0]!;
    const [first, second] = office.filter((user) => user.id !== head.id) as [UserRow, UserRow];
    expect(second).toBeDefined();

    const chair = await session(head.login);
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const event = await apiPost<{ id: string }>(chair, "/events", {
      title,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      attendeeIds: [first.id, second.id],
    });

    // From the event's card into its room.
    await chair.goto(`${baseUrl()}/calendar?event=${event.id}`);
    await chair.getByTestId("event-details").getByRole("button", { name: "Онлайн-встреча" }).click();
    await chair.waitForURL(/\/meetings\/[0-9a-f-]{36}/);
    const roomUrl = chair.url().split("?")[0]!;
    await chair.getByRole("heading", { name: title }).waitFor();
    const others = [await session(first.login), await session(second.login)];
    for (const page of others) {
      await page.goto(roomUrl);
      await page.getByRole("heading", { name: title }).waitFor();
    }
    const pages = [chair, ...others];
    for (const page of pages) await page.getByRole("button", { name: "Войти во встречу" }).click();
    await expect.poll(() => chair.getByTestId("meeting-live").textContent(), { timeout: 30_000 }).toContain("3");

    // Everyone receives the other two's video: two connections each, frames decoded and growing.
    for (const page of pages) {
      await expect.poll(() => page.getByTestId("video-peer").count(), { timeout: 30_000 }).toBe(2);
      await expect
        .poll(async () => (await decodedFrames(page)).filter((frames) => frames > 0).length, { timeout: 60_000 })
        .toBe(2);
    }
    const before = await Promise.all(pages.map(decodedFrames));
    await chair.waitForTimeout(2000);
    const after = await Promise.all(pages.map(decodedFrames));
    for (const [index, frames] of after.entries()) {
      expect(frames).toHaveLength(2);
      for (const [link, count] of frames.entries()) expect(count).toBeGreaterThan(before[index]![link]!);
    }
    await screenshot(chair, "meeting-room-video");

    // The agenda, ticked off by one, seen by another.
    await chair.getByRole("textbox", { name: "Пункт повестки" }).fill("Итоги недели");
    await chair.getByTestId("meeting-agenda").getByRole("button", { name: "Добавить" }).click();
    await others[0]!.getByRole("checkbox", { name: "Пункт пройден: Итоги недели" }).click();
    for (const page of [others[0]!, chair])
      await expect
        .poll(() => page.getByRole("checkbox", { name: "Пункт пройден: Итоги недели" }).isChecked())
        .toBe(true);

    // A task for the first manager, with a deadline.
    await chair.getByRole("tab", { name: /Задачи/ }).click();
    await chair.getByRole("textbox", { name: "Что сделать" }).fill(taskTitle);
    await chair.getByRole("combobox", { name: "Исполнитель" }).fill(first.name.split(" ")[0]!);
    await chair.getByRole("option", { name: first.name }).click();
    await chair.getByLabel("Срок", { exact: true }).fill("2031-03-14T12:00");
    await chair.getByRole("button", { name: "Поставить задачу" }).click();
    await chair.getByText("Задача поставлена").waitFor();
    // The others see it set, live.
    await others[1]!.getByRole("tab", { name: /Задачи/ }).click();
    await expect
      .poll(() => others[1]!.getByTestId("meeting-task").allTextContents())
      .toEqual([expect.stringContaining(taskTitle)]);

    // «Завершить встречу»: the minutes are on the page, and everyone is let go.
    await chair.getByRole("button", { name: "Завершить встречу" }).click();
    await chair.getByRole("dialog").getByRole("button", { name: "Завершить встречу" }).click();
    const minutesCard = chair.getByTestId("meeting-minutes");
    await minutesCard.waitFor();
    await expect
      .poll(() => minutesCard.getByTestId("minutes-task").allTextContents())
      .toEqual([expect.stringMatching(new RegExp(`${taskTitle} — ${first.name}`))]);
    for (const page of others) await page.getByText("Встреча завершена.").waitFor();
    await screenshot(chair, "meeting-room-minutes");

    // What the page shows is what the server keeps on the event.
    const me = await apiGet<{ calendarTimeZone: string }>(chair, "/me");
    const lookup = await apiGet<{ minutes: Minutes[] }>(chair, `/meeting-rooms?eventId=${event.id}`);
    const minutes = lookup.minutes[0]!;
    expect(minutes.tasks).toEqual([
      {
        id: expect.any(String),
        title: taskTitle,
        assignee: { id: first.id, name: first.name },
        deadline: instantIn(me.calendarTimeZone, "2031-03-14T12:00"),
      },
    ]);
    expect(minutes.agenda).toEqual([{ body: "Итоги недели", done: true }]);
    expect(minutes.attendees.map((person) => person.id).sort()).toEqual([head.id, first.id, second.id].sort());
    // The task is the tasks service's: the assignee has it.
    const task = await apiGet<{ title: string; assignee: { id: string } }>(
      others[0]!,
      `/tasks/${minutes.tasks[0]!.id}`,
    );
    expect(task).toMatchObject({ title: taskTitle, assignee: { id: first.id } });
  });
});
