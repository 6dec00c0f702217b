/**
 * `BENCH_PARTS=calendar` (issue #18): a head's week view of 50 people's calendars (≤ 100 ms) and a
 * phone's CalDAV sync of 1,000 events (≤ 2 s).
 *
 * Seeds, once per database (logins `zcal.*`, password `demo`): a department of 50 managers and their
 * head, 31 weeks of their events (26 back, 4 ahead) — a department meeting every Monday and
 * Wednesday (FREQ=WEEKLY;BYDAY=MO,WE, all 51 invited), each manager's own series on Tuesdays and
 * Thursdays, three meetings a week each with 1–3 colleagues invited (some declined, some not yet
 * answered), a private appointment and an all-day event — about 15 occurrences in a person's week;
 * plus timed CRM activities and task deadlines. A 52nd person, `zcal.sync`, has 1,000 events of
 * their own (700 organized, 300 invited to by demo employees; some recurring, all-day, private).
 * Rows go in by COPY, as the event service would store them: the organizer among the attendees,
 * the span from the recurrence module, one `calendar_changes` row per attendee.
 */
import { randomUUID } from "node:crypto";
import { addDays, dayInTimeZone, instantInZone, isoWeekday, startOfDayInZone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { eventSpanOrThrow } from "../server/src/modules/calendar/recurrence";
import { personName } from "../server/src/modules/demo/names";
import { SeededRandom } from "../server/src/modules/demo/random";
import { bulkInsert, type CsvValue } from "../server/src/platform/db/bulk-insert";
import { type DatabaseHandle, rows } from "../server/src/platform/db/database";
import { apiClient, type Figure, timeIt } from "./measure";

const managerCount = 50;
const syncEventCount = 1_000;
const weeksBack = 26;
const weeksAhead = 4;

export interface CalendarCompany {
  headLogin: string;
  managerIds: string[];
  syncUser: { id: string; login: string };
  /** The week the data was built around (Monday and Sunday, company days). */
  monday: string;
  sunday: string;
}

const meetingTitles = [
  "Встреча с клиентом",
  "Созвон по КП",
  "Разбор сделки",
  "Переговоры по договору",
  "Демонстрация продукта",
  "Согласование спецификации",
  "Обсуждение отгрузки",
  "Планирование визитов",
];
const privateTitles = ["Врач", "Личное", "Родительское собрание", "Банк"];
const allDayTitles = ["Командировка", "Выставка", "Обучение", "Выездной день"];
const locations = [null, null, "Переговорная 1", "Переговорная 2", "Офис клиента", "Zoom"];

/** The benchmark's department, built on the first run and found on later ones. */
export async function seedCalendarCompanyIfMissing(
  handle: DatabaseHandle,
  log: (line: string) => void,
): Promise<CalendarCompany> {
  const db = handle.db;
  const [settings] = await rows<{ zone: string }>(db, sql`select time_zone as zone from company_settings`);
  const zone = settings!.zone;
  const existing = await found();
  if (existing) return existing;

  const started = performance.now();
  const random = new SeededRandom(18);
  const [admin] = await rows<{ passwordHash: string }>(
    db,
    sql`select password_hash as "passwordHash" from users where role = 'admin' and active order by login = 'admin' desc limit 1`,
  );
  const [root] = await rows<{ id: string }>(db, sql`select id from units where parent_id is null`);
  const demoPeople = (
    await rows<{ id: string }>(
      db,
      sql`select id from users where active and role in ('manager', 'head') and login not like 'zcal.%' order by login limit 40`,
    )
  ).map((row) => row.id);
  const types = await rows<{ id: string; category: string }>(
    db,
    sql`select id, category from activity_types where category in ('call', 'meeting') order by sort`,
  );

  const unitId = randomUUID();
  await bulkInsert(
    handle,
    "units",
    ["id", "name", "kind", "parent_id"],
    [[unitId, "Отдел продаж (календарь, 50 человек)", "department", root!.id]],
  );
  const person = (login: string, role: string, position: string): CsvValue[] => {
    const name = personName(random);
    return [
      randomUUID(),
      login,
      admin!.passwordHash,
      `${name.last} ${name.first}`,
      position,
      `${login}@bench.kz`,
      role,
      unitId,
    ];
  };
  const headRow = person("zcal.head", "head", "Руководитель отдела продаж");
  const managerRows = Array.from({ length: managerCount }, (_, index) =>
    person(`zcal.m${String(index + 1).padStart(2, "0")}`, "manager", "Менеджер по продажам"),
  );
  const syncRow = person("zcal.sync", "manager", "Менеджер по продажам");
  await bulkInsert(
    handle,
    "users",
    ["id", "login", "password_hash", "name", "position", "email", "role", "unit_id"],
    [headRow, ...managerRows, syncRow],
  );
  const headId = headRow[0] as string;
  const managerIds = managerRows.map((row) => row[0] as string);
  const syncId = syncRow[0] as string;
  await db.execute(sql`update units set head_user_id = ${headId} where id = ${unitId}`);

  const today = dayInTimeZone(new Date(), zone);
  const monday = addDays(today, 1 - isoWeekday(today));
  const events: CsvValue[][] = [];
  const attendees: CsvValue[][] = [];
  const at = (day: string, minutes: number) =>
    instantInZone(
      `${day}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`,
      zone,
    );
  const answer = () => {
    const roll = random.next();
    return roll < 0.7 ? "accepted" : roll < 0.9 ? "pending" : roll < 0.95 ? "maybe" : "declined";
  };
  const addEvent = (event: {
    organizerId: string;
    title: string;
    description?: string | null;
    location?: string | null;
    allDay?: { from: string; to: string };
    timed?: { start: Date; minutes: number };
    private?: boolean;
    recurrence?: string | null;
    exceptions?: string[];
    invited?: { userId: string; response: string }[];
  }) => {
    const id = randomUUID();
    const timing = {
      allDay: event.allDay !== undefined,
      startsAt: event.timed?.start ?? null,
      endsAt: event.timed ? new Date(event.timed.start.getTime() + event.timed.minutes * 60_000) : null,
      startDate: event.allDay?.from ?? null,
      endDate: event.allDay?.to ?? null,
      timeZone: zone,
      recurrence: event.recurrence ?? null,
      exceptions: event.exceptions ?? [],
    };
    const span = eventSpanOrThrow(timing);
    const created = new Date((timing.startsAt ?? startOfDayInZone(timing.startDate!, zone)).getTime() - 7 * 86_400_000);
    events.push([
      id,
      "personal",
      event.organizerId,
      event.title,
      event.description ?? null,
      event.location ?? null,
      timing.allDay,
      timing.startsAt,
      timing.endsAt,
      timing.startDate,
      timing.endDate,
      zone,
      event.private ?? false,
      timing.recurrence,
      timing.exceptions,
      span.spanStart,
      span.spanEnd,
      span.cut,
      created,
      created,
    ]);
    attendees.push([id, event.organizerId, "accepted", created]);
    for (const invited of event.invited ?? [])
      attendees.push([id, invited.userId, invited.response, invited.response === "pending" ? null : created]);
  };
  const weekday = (week: number) => addDays(monday, week * 7 + random.integer(0, 4));

  // The department's meeting twice a week, every manager invited; one Monday was skipped.
  addEvent({
    organizerId: headId,
    title: "Планёрка отдела",
    location: "Большая переговорная",
    timed: { start: at(addDays(monday, -weeksBack * 7), 9 * 60 + 30), minutes: 30 },
    recurrence: "FREQ=WEEKLY;BYDAY=MO,WE",
    exceptions: [addDays(monday, -3 * 7)],
    invited: managerIds.map((userId) => ({ userId, response: random.chance(0.95) ? "accepted" : "pending" })),
  });
  for (const managerId of managerIds) {
    // Their own series, started some weeks ago; a few end after a number of occurrences.
    addEvent({
      organizerId: managerId,
      title: "Обзвон базы",
      timed: { start: at(addDays(monday, -random.integer(4, weeksBack) * 7 + 1), 16 * 60), minutes: 60 },
      recurrence: random.chance(0.2) ? "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=80" : "FREQ=WEEKLY;BYDAY=TU,TH",
    });
    for (let week = -weeksBack; week <= weeksAhead; week++) {
      for (let meeting = 0; meeting < 3; meeting++) {
        const others = new Set<string>();
        const wanted = random.integer(1, 3);
        while (others.size < wanted) {
          const other = random.pick(managerIds);
          if (other !== managerId) others.add(other);
        }
        addEvent({
          organizerId: managerId,
          title: random.pick(meetingTitles),
          description: random.chance(0.5) ? "Подготовить расчёт и презентацию; взять образцы." : null,
          location: random.pick(locations),
          timed: { start: at(weekday(week), random.integer(18, 34) * 30), minutes: random.pick([30, 60, 60, 90]) },
          invited: [...others].map((userId) => ({ userId, response: answer() })),
        });
      }
      addEvent({
        organizerId: managerId,
        title: random.pick(privateTitles),
        private: true,
        timed: { start: at(weekday(week), random.integer(16, 36) * 30), minutes: 60 },
      });
      const from = weekday(week);
      addEvent({
        organizerId: managerId,
        title: random.pick(allDayTitles),
        allDay: { from, to: random.chance(0.3) ? addDays(from, 1) : from },
      });
    }
  }
  const departmentEvents = events.length;

  // The phone's person: 700 of their own (30 recurring), 300 invitations from demo employees.
  for (let index = 0; index < syncEventCount; index++) {
    const own = index < 700;
    const day = addDays(monday, random.integer(-300, 60));
    const organizerId = own ? syncId : random.pick(demoPeople);
    const invited = own
      ? random.chance(0.3)
        ? [...new Set(Array.from({ length: random.integer(1, 3) }, () => random.pick(demoPeople)))].map((userId) => ({
            userId,
            response: answer(),
          }))
        : []
      : [{ userId: syncId, response: answer() }];
    const allDay = random.chance(0.05);
    addEvent({
      organizerId,
      title: allDay ? random.pick(allDayTitles) : random.pick(meetingTitles),
      description: random.chance(0.4)
        ? "Повестка: итоги поставок за квартал, график платежей, новые позиции прайса.\nКонтакт: +7 701 000 00 00"
        : null,
      location: random.pick(locations),
      ...(allDay
        ? { allDay: { from: day, to: day } }
        : { timed: { start: at(day, random.integer(18, 36) * 30), minutes: random.pick([30, 60, 90]) } }),
      private: own && random.chance(0.1),
      recurrence: own && index < 30 ? (index < 10 ? "FREQ=WEEKLY;BYDAY=MO;COUNT=20" : "FREQ=WEEKLY;BYDAY=FR") : null,
      invited,
    });
  }

  const activities: CsvValue[][] = [];
  const tasks: CsvValue[][] = [];
  const taskMembers: CsvValue[][] = [];
  const now = Date.now();
  for (const managerId of managerIds) {
    for (let week = -4; week <= 1; week++) {
      for (let index = 0; index < 5; index++) {
        const due = at(weekday(week), random.integer(18, 35) * 30);
        const minutes = random.pick([15, 30, 30, 60]);
        const done = due.getTime() + minutes * 60_000 < now;
        activities.push([
          randomUUID(),
          random.pick(types).id,
          random.pick(["Звонок по КП", "Встреча на объекте", "Уточнить оплату", "Презентация"]),
          due,
          minutes,
          done ? new Date(due.getTime() + minutes * 60_000) : null,
          managerId,
          managerId,
        ]);
      }
      for (let index = 0; index < 3; index++) {
        const id = randomUUID();
        const deadline = at(weekday(week), 18 * 60);
        tasks.push([
          id,
          random.pick(["Подготовить отчёт", "Обновить прайс", "Сверка с клиентом"]),
          deadline,
          headId,
          managerId,
        ]);
        taskMembers.push([id, headId, "creator"], [id, managerId, "assignee"]);
      }
    }
  }

  await bulkInsert(
    handle,
    "calendar_events",
    [
      "id",
      "calendar",
      "organizer_id",
      "title",
      "description",
      "location",
      "all_day",
      "starts_at",
      "ends_at",
      "start_date",
      "end_date",
      "time_zone",
      "private",
      "recurrence",
      "exceptions",
      "span_start",
      "span_end",
      "recurrence_cut",
      "created_at",
      "updated_at",
    ],
    events,
  );
  await bulkInsert(handle, "calendar_event_attendees", ["event_id", "user_id", "response", "responded_at"], attendees);
  await bulkInsert(
    handle,
    "calendar_changes",
    ["user_id", "event_id"],
    attendees.map((row) => [row[1]!, row[0]!]),
  );
  await bulkInsert(
    handle,
    "activities",
    ["id", "type_id", "subject", "due_at", "duration_minutes", "completed_at", "owner_id", "created_by"],
    activities,
  );
  await bulkInsert(handle, "tasks", ["id", "title", "deadline", "creator_id", "assignee_id"], tasks);
  await bulkInsert(handle, "task_members", ["task_id", "user_id", "role"], taskMembers);
  await db.execute(sql`analyze calendar_events`);
  await db.execute(sql`analyze calendar_event_attendees`);
  await db.execute(sql`analyze calendar_changes`);
  log(
    `calendar department seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${departmentEvents} department events, ${syncEventCount} of zcal.sync, ${attendees.length} attendee rows, ${activities.length} activities, ${tasks.length} tasks`,
  );
  return (await found())!;

  async function found(): Promise<CalendarCompany | null> {
    const people = await rows<{ id: string; login: string; createdAt: Date | string }>(
      db,
      sql`select id, login, created_at as "createdAt" from users where login like 'zcal.%' order by login`,
    );
    const head = people.find((row) => row.login === "zcal.head");
    const sync = people.find((row) => row.login === "zcal.sync");
    if (!head || !sync) return null;
    const seededOn = dayInTimeZone(new Date(head.createdAt), zone);
    const monday = addDays(seededOn, 1 - isoWeekday(seededOn));
    return {
      headLogin: head.login,
      managerIds: people.filter((row) => /^zcal\.m\d+$/.test(row.login)).map((row) => row.id),
      syncUser: { id: sync.id, login: sync.login },
      monday,
      sunday: addDays(monday, 6),
    };
  }
}

const calendarQuery = `<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter>
</c:calendar-query>`;
const syncCollection = (token: string) => `<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:sync-token>${token}</d:sync-token>
  <d:sync-level>1</d:sync-level>
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
</d:sync-collection>`;
const etagsOnly = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/></d:prop></d:propfind>`;

/** Measures the calendar reads and the phone's sync; `count` calls after 3 warm-ups each. */
export async function measureCalendar(
  address: string,
  company: CalendarCompany,
  password: string,
  count: number,
): Promise<{ figures: Figure[]; notes: string[] }> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const head = await apiClient(address, company.headLogin, password);
  const week = `from=${company.monday}&to=${company.sunday}`;
  const entries = `/api/v1/calendar/entries?${week}&userIds=${company.managerIds.join(",")}`;
  const sample = JSON.parse(Buffer.from(await head.get(entries)).toString()) as {
    items: { kind: string; busyOnly: boolean }[];
  };
  const kinds = new Map<string, number>();
  for (const item of sample.items) {
    const kind = item.busyOnly ? `${item.kind} (busy only)` : item.kind;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  notes.push(
    `Week ${company.monday}..${company.sunday} of ${company.managerIds.length} people: ${sample.items.length} entries (${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ")}), ${(sample.items.length / company.managerIds.length).toFixed(1)} a person`,
  );
  figures.push({
    name: `calendar: head's week of ${company.managerIds.length} people (GET /calendar/entries)`,
    ...(await timeIt(() => head.get(entries), count)),
    note: "≤ 100 ms (issue 18)",
  });
  const busy = `/api/v1/calendar/busy?${week}&userIds=${company.managerIds.slice(0, 10).join(",")}`;
  figures.push({
    name: "calendar: busy time of 10 people for the week (GET /calendar/busy)",
    ...(await timeIt(() => head.get(busy), count)),
  });
  const ownWeek = `/api/v1/calendar/entries?${week}`;
  figures.push({ name: "calendar: the head's own week", ...(await timeIt(() => head.get(ownWeek), count)) });

  // The phone: an app password, then what iOS and DAVx5 ask on the first sync.
  const owner = await apiClient(address, company.syncUser.login, password);
  const created = (await owner.send("POST", "/api/v1/me/app-passwords", { name: "Бенчмарк" })) as {
    password: string;
  };
  const authorization = `Basic ${Buffer.from(`${company.syncUser.login}:${created.password}`).toString("base64")}`;
  const collection = `/dav/calendars/${company.syncUser.id}/planerka/`;
  const dav = async (method: string, body: string, depth = "1") => {
    const response = await fetch(`${address}${collection}`, {
      method,
      headers: { authorization, depth, "content-type": "application/xml; charset=utf-8" },
      body,
    });
    const text = await response.text();
    if (response.status !== 207) throw new Error(`${method} ${collection}: ${response.status} ${text.slice(0, 200)}`);
    return text;
  };
  const responses = (text: string) => text.split("<d:response>").length - 1;
  const full = await dav("REPORT", calendarQuery);
  notes.push(
    `CalDAV: ${responses(full)} events in the calendar-query answer, ${(full.length / 2 ** 20).toFixed(2)} MiB of XML`,
  );
  figures.push({
    name: `CalDAV: calendar-query of ${responses(full)} events with their data (initial sync)`,
    ...(await timeIt(() => dav("REPORT", calendarQuery), count)),
    note: "≤ 2 s (issue 18)",
  });
  figures.push({
    name: "CalDAV: PROPFIND Depth 1, ETags only (iOS's first step)",
    ...(await timeIt(() => dav("PROPFIND", etagsOnly), count)),
  });
  const initial = await dav("REPORT", syncCollection(""));
  figures.push({
    name: `CalDAV: sync-collection without a token (${responses(initial)} events with data)`,
    ...(await timeIt(() => dav("REPORT", syncCollection("")), count)),
  });
  const token = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(initial)![1]!;
  // Ten changes in the portal: the person's own events renamed.
  const changed = await owner.get(
    `/api/v1/calendar/entries?from=${addDays(company.monday, -28)}&to=${addDays(company.monday, 55)}&company=false`,
  );
  const own = (
    JSON.parse(Buffer.from(changed).toString()) as { items: { kind: string; id: string; editable: boolean }[] }
  ).items
    .filter((item) => item.kind === "event" && item.editable)
    .map((item) => item.id);
  const ids = [...new Set(own)].slice(0, 10);
  for (const id of ids) {
    const event = JSON.parse(Buffer.from(await owner.get(`/api/v1/events/${id}`)).toString()) as {
      title: string;
      version: number;
    };
    await owner.send("PATCH", `/api/v1/events/${id}`, { title: `${event.title}.`, version: event.version });
  }
  const delta = await dav("REPORT", syncCollection(token));
  notes.push(`CalDAV: sync-collection after ${ids.length} changes answered ${responses(delta)} events`);
  figures.push({
    name: `CalDAV: sync-collection with the token, after ${ids.length} changes`,
    ...(await timeIt(() => dav("REPORT", syncCollection(token)), count)),
  });
  return { figures, notes };
}
