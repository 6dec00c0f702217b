import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type Database, type DatabaseHandle, openPostgres, rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { almaty, createEventAs, dayFromToday, meeting } from "./calendar-testing";
import { runReminderPass } from "./reminder.service";
import { startReminderWorker } from "./reminder-worker";

describe("reminders: delivered once, late after downtime, only to whom they belong", () => {
  const context = useTestApp({ outboxWorker: false });
  const db = () => context.handle.db;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;

  const at = (day: string, time: string) => new Date(almaty(day, time));
  const pass = (now: Date, database: Database = db()) => runReminderPass(database, { now });
  /** The reminder notifications a person got about one thing (by its title). */
  const remindersOf = (userId: string, title: string) =>
    rows<{ title: string; body: string; link: string; actorId: string | null }>(
      db(),
      sql`select title, body, link, actor_id as "actorId" from notifications
          where user_id = ${userId} and kind = 'reminder' and title = ${title} order by seq`,
    );
  const lettersOf = (userId: string, title: string) =>
    rows<{ to: string; subject: string; body: string; state: string }>(
      db(),
      sql`select to_address as "to", subject, body, state from mail_messages
          where sender_id = ${userId} and subject = ${`Напоминание: ${title}`} order by created_at`,
    );
  const deliveries = (subjectId: string) =>
    rows<{ kind: string; userId: string; minutesBefore: number; occursAt: string }>(
      db(),
      sql`select kind, user_id as "userId", minutes_before as "minutesBefore",
            to_char(occurs_at at time zone 'Asia/Almaty', 'YYYY-MM-DD HH24:MI') as "occursAt"
          from reminder_deliveries where subject_id = ${subjectId} order by occurs_at, minutes_before desc, user_id`,
    );
  /** A reminder someone set for themselves (the organizer's own come through the API). */
  const setReminder = (eventId: string, userId: string, minutes: number, createdAt?: Date) =>
    db().execute(
      sql`insert into calendar_event_reminders (event_id, user_id, minutes_before, created_at)
          values (${eventId}, ${userId}, ${minutes}, ${createdAt ? createdAt.toISOString() : sql`now()`}::timestamptz)`,
    );
  const zoneText = (instant: Date) =>
    new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeStyle: "short", timeZone: "Asia/Almaty" }).format(
      instant,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [managerA1, managerA2, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a"]);
    // Letters are queued only when a mail server is set up, to the people's own addresses.
    await db().execute(
      sql`insert into smtp_settings (id, host, port, from_address) values (1, '127.0.0.1', 2525, 'portal@example.kz')`,
    );
    await db().execute(sql`update users set email = login || '@example.kz'`);
  });

  it("reminds each attendee who asked, once, at the time; nobody who declined", async () => {
    const day = dayFromToday(7);
    const title = "Встреча на заводе";
    const event = await createEventAs(
      managerA1,
      meeting(title, almaty(day, "10:00"), 1, {
        attendeeIds: [fixture.managerA2.id, fixture.headA.id],
        reminders: [15],
      }),
    );
    await setReminder(event.id, fixture.managerA2.id, 15);
    await setReminder(event.id, fixture.headA.id, 15);
    const declined = await headA.request("POST", `/api/v1/events/${event.id}/response`, { response: "declined" });
    expect(declined.statusCode, declined.body).toBe(200);

    expect((await pass(at(day, "09:44"))).delivered).toBe(0);
    expect(await remindersOf(fixture.managerA1.id, title)).toEqual([]);

    expect(await pass(at(day, "09:45"))).toMatchObject({ delivered: 2, letters: 2 });
    const expected = {
      title,
      body: `Напоминание: начало ${zoneText(at(day, "10:00"))}`,
      link: `/calendar?event=${event.id}`,
      actorId: null,
    };
    expect(expected.body).toContain("10:00");
    for (const person of [fixture.managerA1, fixture.managerA2]) {
      expect(await remindersOf(person.id, title)).toEqual([expected]);
      expect(await lettersOf(person.id, title)).toEqual([
        {
          to: `${person.login}@example.kz`,
          subject: `Напоминание: ${title}`,
          body: `${title}\n${expected.body}`,
          state: "outbox",
        },
      ]);
    }
    // Passes after it, at once or minutes later, deliver nothing more.
    for (const time of ["09:45", "09:46", "09:59", "10:30"]) expect((await pass(at(day, time))).delivered).toBe(0);
    for (const person of [fixture.managerA1, fixture.managerA2])
      expect(await remindersOf(person.id, title)).toHaveLength(1);
    expect(await remindersOf(fixture.headA.id, title)).toEqual([]);
    expect(await lettersOf(fixture.headA.id, title)).toEqual([]);
    expect(await deliveries(event.id)).toHaveLength(2);

    // The attendee sees the reminder in the notification centre.
    const bell = (await managerA2.request("GET", "/api/v1/notifications?limit=50")).json().items;
    expect(bell.filter((item: { kind: string }) => item.kind === "reminder")).toEqual([
      expect.objectContaining({ title, body: expected.body, link: expected.link, actor: null }),
    ]);
  });

  it("two processes passing at the same time deliver each reminder once: one notification and one letter", async () => {
    const day = dayFromToday(9);
    const title = "Планерка отдела А";
    const event = await createEventAs(
      managerA1,
      meeting(title, almaty(day, "11:00"), 1, { attendeeIds: [fixture.managerA2.id], reminders: [10, 60] }),
    );
    await setReminder(event.id, fixture.managerA2.id, 10);

    // On PostgreSQL the second "process" is a pool of its own connections to the same database.
    let second: DatabaseHandle | undefined;
    if (context.handle.engine === "postgres" && process.env.TEST_DATABASE_URL) {
      const [current] = await rows<{ name: string }>(db(), sql`select current_database() as name`);
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${current!.name}`;
      second = await openPostgres(url.toString(), { max: 4 });
    }
    const other = second?.db ?? db();
    let delivered = 0;
    try {
      for (const time of ["10:00", "10:00", "10:50", "10:50", "10:51", "11:20"]) {
        const now = at(day, time);
        const results = await Promise.all([pass(now), pass(now, other), pass(now), pass(now, other)]);
        delivered += results.reduce((sum, result) => sum + result.delivered, 0);
      }
    } finally {
      await second?.close();
    }
    // A1: 60 and 10 minutes before; A2: 10 minutes before.
    expect(delivered).toBe(3);
    expect(await remindersOf(fixture.managerA1.id, title)).toHaveLength(2);
    expect(await remindersOf(fixture.managerA2.id, title)).toHaveLength(1);
    expect(await lettersOf(fixture.managerA1.id, title)).toHaveLength(2);
    expect(await lettersOf(fixture.managerA2.id, title)).toHaveLength(1);
    expect(await deliveries(event.id)).toEqual([
      { kind: "event", userId: expect.any(String), minutesBefore: 60, occursAt: `${day} 11:00` },
      { kind: "event", userId: expect.any(String), minutesBefore: 10, occursAt: `${day} 11:00` },
      { kind: "event", userId: expect.any(String), minutesBefore: 10, occursAt: `${day} 11:00` },
    ]);
  });

  it("after downtime delivers a missed reminder once, late, with its times; past a day, or set too late, never", async () => {
    const day = dayFromToday(12);
    const next = dayFromToday(13);
    const missed = await createEventAs(
      managerA1,
      meeting("Отгрузка на склад", almaty(day, "12:00"), 1, { reminders: [15] }),
    );
    const tooOld = await createEventAs(
      managerA1,
      meeting("Совещание с дилерами", almaty(day, "18:00"), 1, { reminders: [15] }),
    );
    const setLate = await createEventAs(managerA1, meeting("Звонок поставщику", almaty(day, "16:00")));
    // Set at 15:50 for 15 minutes before 16:00: that moment had passed, so it never fires.
    await setReminder(setLate.id, fixture.managerA1.id, 15, at(day, "15:50"));

    // No pass ran from 11:45; the first one after the downtime is at 14:45.
    expect((await pass(at(day, "14:45"))).delivered).toBe(1);
    const late = await remindersOf(fixture.managerA1.id, "Отгрузка на склад");
    expect(late).toEqual([
      expect.objectContaining({
        body: `Напоминание с опозданием (должно было прийти ${zoneText(at(day, "11:45"))}): начало ${zoneText(at(day, "12:00"))}`,
      }),
    ]);
    expect(late[0]!.body).toContain("11:45");
    expect(late[0]!.body).toContain("12:00");
    expect(await lettersOf(fixture.managerA1.id, "Отгрузка на склад")).toEqual([
      expect.objectContaining({ body: `Отгрузка на склад\n${late[0]!.body}` }),
    ]);
    expect((await pass(at(day, "14:46"))).delivered).toBe(0);
    expect((await pass(at(day, "15:55"))).delivered).toBe(0);
    expect(await remindersOf(fixture.managerA1.id, "Звонок поставщику")).toEqual([]);

    // The 17:45 reminder: the next pass comes 24 hours and a minute later, past the look-back.
    expect((await pass(at(next, "17:46"))).delivered).toBe(0);
    expect(await remindersOf(fixture.managerA1.id, "Совещание с дилерами")).toEqual([]);
    expect(await deliveries(missed.id)).toHaveLength(1);
    expect(await deliveries(tooOld.id)).toEqual([]);
  });

  it("reminds of a weekly event's occurrence in the window only, at its Almaty wall-clock time", async () => {
    const first = dayFromToday(20);
    const second = dayFromToday(27);
    const third = dayFromToday(34);
    const title = "Еженедельная планерка";
    const event = await createEventAs(
      managerA1,
      meeting(title, almaty(first, "09:00"), 1, {
        timeZone: "Asia/Almaty",
        recurrence: "FREQ=WEEKLY;COUNT=3",
        exceptions: [third],
        reminders: [30],
      }),
    );
    expect((await pass(at(first, "08:29"))).delivered).toBe(0);
    expect((await pass(at(first, "08:30"))).delivered).toBe(1);
    expect((await pass(at(dayFromToday(23), "08:30"))).delivered).toBe(0);
    expect((await pass(at(second, "08:29"))).delivered).toBe(0);
    expect((await pass(at(second, "08:31"))).delivered).toBe(1);
    expect((await pass(at(second, "08:40"))).delivered).toBe(0);
    // The third occurrence is left out.
    expect((await pass(at(third, "08:30"))).delivered).toBe(0);
    expect(await deliveries(event.id)).toEqual([
      { kind: "event", userId: fixture.managerA1.id, minutesBefore: 30, occursAt: `${first} 09:00` },
      { kind: "event", userId: fixture.managerA1.id, minutesBefore: 30, occursAt: `${second} 09:00` },
    ]);
    expect((await remindersOf(fixture.managerA1.id, title)).map((item) => item.body)).toEqual([
      `Напоминание: начало ${zoneText(at(first, "09:00"))}`,
      `Напоминание: начало ${zoneText(at(second, "09:00"))}`,
    ]);
  });

  it("reminds the responsible of an open activity 15 minutes before and a task's assignee an hour before its deadline", async () => {
    const day = dayFromToday(45);
    const types = (await headA.request("GET", "/api/v1/activity-types")).json().items as { id: string }[];
    const activity = async (subject: string) => {
      const response = await headA.request("POST", "/api/v1/activities", {
        typeId: types[0]!.id,
        subject,
        dueAt: almaty(day, "11:00"),
        ownerId: fixture.managerA2.id,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; version: number };
    };
    const task = async (title: string) => {
      const response = await headA.request("POST", "/api/v1/tasks", {
        title,
        deadline: almaty(day, "18:00"),
        assigneeId: fixture.managerA2.id,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; version: number };
    };
    const open = await activity("Позвонить в ТОО «Сварка-Сервис»");
    const done = await activity("Звонок уже сделан");
    const completed = await managerA2.request("PATCH", `/api/v1/activities/${done.id}`, {
      completedAt: almaty(day, "09:00"),
      version: done.version,
    });
    expect(completed.statusCode, completed.body).toBe(200);
    const openTask = await task("Подготовить КП на электроды");
    const doneTask = await task("Сдать отчёт");
    const closed = await managerA2.request("POST", `/api/v1/tasks/${doneTask.id}/status`, {
      action: "complete",
      version: doneTask.version,
    });
    expect(closed.statusCode, closed.body).toBe(200);

    expect((await pass(at(day, "10:44"))).delivered).toBe(0);
    expect((await pass(at(day, "10:45"))).delivered).toBe(1);
    expect(await remindersOf(fixture.managerA2.id, "Позвонить в ТОО «Сварка-Сервис»")).toEqual([
      {
        title: "Позвонить в ТОО «Сварка-Сервис»",
        body: `Напоминание: срок ${zoneText(at(day, "11:00"))}`,
        link: "/cabinet",
        actorId: null,
      },
    ]);
    expect((await pass(at(day, "16:59"))).delivered).toBe(0);
    expect((await pass(at(day, "17:00"))).delivered).toBe(1);
    expect((await pass(at(day, "17:30"))).delivered).toBe(0);
    expect(await remindersOf(fixture.managerA2.id, "Подготовить КП на электроды")).toEqual([
      {
        title: "Подготовить КП на электроды",
        body: `Напоминание: крайний срок ${zoneText(at(day, "18:00"))}`,
        link: `/tasks/${openTask.id}`,
        actorId: null,
      },
    ]);
    expect(await lettersOf(fixture.managerA2.id, "Подготовить КП на электроды")).toHaveLength(1);
    // Nothing for what is done, nor for the head who set them.
    expect(await remindersOf(fixture.managerA2.id, "Звонок уже сделан")).toEqual([]);
    expect(await remindersOf(fixture.managerA2.id, "Сдать отчёт")).toEqual([]);
    expect(
      await rows(db(), sql`select 1 from notifications where user_id = ${fixture.headA.id} and kind = 'reminder'`),
    ).toEqual([]);
    expect(await deliveries(open.id)).toEqual([
      { kind: "activity", userId: fixture.managerA2.id, minutesBefore: 15, occursAt: `${day} 11:00` },
    ]);
    expect(await deliveries(done.id)).toEqual([]);
    expect(await deliveries(doneTask.id)).toEqual([]);
  });

  it("goes only to attendees (a private event's title to them alone), never to people who left or were disabled", async () => {
    const day = dayFromToday(50);
    const title = "Личная встреча: обсуждение премии";
    const leaving = await createUser(db(), { unitId: fixture.departmentA });
    const event = await createEventAs(
      managerA1,
      meeting(title, almaty(day, "15:00"), 1, {
        private: true,
        attendeeIds: [fixture.managerA2.id, leaving.id],
        reminders: [15],
      }),
    );
    await setReminder(event.id, fixture.managerA2.id, 15);
    await setReminder(event.id, leaving.id, 15);
    // Not an attendee (A1's head, who sees the event only as «занят»), yet a reminder row names them.
    await setReminder(event.id, fixture.headA.id, 15);
    await db().execute(sql`update users set active = false where id = ${leaving.id}`);

    expect((await pass(at(day, "14:45"))).delivered).toBe(2);
    for (const person of [fixture.managerA1, fixture.managerA2])
      expect((await remindersOf(person.id, title)).map((item) => item.title)).toEqual([title]);
    for (const person of [fixture.headA, leaving]) {
      expect(
        await rows(db(), sql`select 1 from notifications where user_id = ${person.id} and kind = 'reminder'`),
      ).toEqual([]);
      expect(await lettersOf(person.id, title)).toEqual([]);
    }
    // The head's own notification centre shows nothing of it.
    const bell = (await headA.request("GET", "/api/v1/notifications?limit=100")).json().items;
    expect(JSON.stringify(bell)).not.toContain("премии");
    const a2 = await login(context.app, "manager-a2");
    const seen = (await a2.request("GET", "/api/v1/notifications?limit=100")).json().items;
    expect(
      seen.filter((item: { kind: string; title: string }) => item.kind === "reminder" && item.title === title),
    ).toHaveLength(1);
  });

  it("runs in the background on the database's clock: an activity due now is reminded once", async () => {
    const types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items as { id: string }[];
    const response = await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[0]!.id,
      subject: "Перезвонить клиенту сейчас",
      dueAt: new Date(Date.now() + 14 * 60_000).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(201);
    // Planned an hour ago, so its reminder time (a minute ago) came after it was planned.
    await db().execute(
      sql`update activities set created_at = now() - interval '1 hour' where id = ${response.json().id}`,
    );
    const worker = startReminderWorker(db(), { pollMs: 20 });
    try {
      await expect
        .poll(() => remindersOf(fixture.managerA1.id, "Перезвонить клиенту сейчас"), { timeout: 5_000 })
        .toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await worker.stop();
    }
    const [reminder] = await remindersOf(fixture.managerA1.id, "Перезвонить клиенту сейчас");
    expect(reminder!.body).toMatch(/^Напоминание: срок /);
  });
});
