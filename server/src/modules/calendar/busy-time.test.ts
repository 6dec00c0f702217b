import { addDays, type BusyTimes } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { firstFreeSlot, type Interval, mergeIntervals } from "./busy-time.service";
import { createEventAs, dayFromToday } from "./calendar-testing";

const MINUTE = 60_000;
/** Almaty has been UTC+5 all year since March 2024: the reference reads local time with that alone. */
const ALMATY_OFFSET = 5 * 60 * MINUTE;

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const between = (next: () => number, low: number, high: number) => low + Math.floor(next() * (high - low + 1));

/** Busy minutes of the window [start, start + minutes·1 min) as a bitmap: a minute is busy when any part of it is. */
function bitmap(start: number, minutes: number, intervals: readonly Interval[]): Uint8Array {
  const busy = new Uint8Array(minutes);
  for (const interval of intervals) {
    const first = Math.max(0, Math.floor((interval.start - start) / MINUTE));
    const last = Math.min(minutes, Math.ceil((interval.end - start) / MINUTE));
    for (let minute = first; minute < last; minute++) busy[minute] = 1;
  }
  return busy;
}

/** The runs of busy minutes, as intervals: what merged busy time must be. */
function runs(start: number, busy: Uint8Array): Interval[] {
  const found: Interval[] = [];
  for (let minute = 0; minute < busy.length; minute++) {
    if (!busy[minute]) continue;
    const last = found.at(-1);
    const at = start + minute * MINUTE;
    if (last && last.end === at) last.end = at + MINUTE;
    else found.push({ start: at, end: at + MINUTE });
  }
  return found;
}

/**
 * The first common free slot, minute by minute: a start on a whole minute not before `notBefore`,
 * on a working day (Almaty), from 09:00 with its end by 18:00 the same day, every minute free.
 */
function bruteForceSlot(
  start: number,
  busy: Uint8Array,
  length: number,
  notBefore: number,
  working: (day: string) => boolean,
): Interval | null {
  for (let minute = 0; minute + length <= busy.length; minute++) {
    const at = start + minute * MINUTE;
    if (at < notBefore) continue;
    const local = new Date(at + ALMATY_OFFSET);
    const day = local.toISOString().slice(0, 10);
    const clock = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (!working(day) || clock < 9 * 60 || clock + length > 18 * 60) continue;
    let free = true;
    for (let step = 0; step < length && free; step++) free = !busy[minute + step];
    if (free) return { start: at, end: at + length * MINUTE };
  }
  return null;
}

describe("busy time and the first common free slot", () => {
  it("finds the same slot as a minute-by-minute search on random busy sets", () => {
    const windowStart = Date.parse("2026-04-05T19:00:00Z"); // Monday 6 April 2026, 00:00 Almaty
    const minutes = 14 * 24 * 60;
    const working = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    const days = Array.from({ length: 14 }, (_, index) => addDays("2026-04-06", index))
      .filter(working)
      .map((day) => ({ start: Date.parse(`${day}T04:00:00Z`), end: Date.parse(`${day}T13:00:00Z`) }));
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const busy: Interval[] = [];
      const count = between(next, 0, 60);
      for (let index = 0; index < count; index++) {
        // Seconds too: busy time need not end on a whole minute.
        const start =
          windowStart + between(next, 0, minutes - 1) * MINUTE + between(next, 0, 1) * between(next, 0, 59) * 1000;
        busy.push({ start, end: start + between(next, 1, seed % 5 === 0 ? 2_000 : 300) * MINUTE });
      }
      const length = [15, 30, 60, 90, 240, 540, 541][seed % 7]!;
      const notBefore = windowStart + between(next, 0, 3 * 24 * 60) * MINUTE + between(next, 0, 59_999);
      const expected = bruteForceSlot(windowStart, bitmap(windowStart, minutes, busy), length, notBefore, working);
      expect(firstFreeSlot(busy, days, length, notBefore), `seed ${seed}`).toEqual(expected);
      const merged = mergeIntervals(busy);
      for (let index = 1; index < merged.length; index++)
        expect(merged[index]!.start).toBeGreaterThan(merged[index - 1]!.end);
    }
  });

  describe("through the API", () => {
    const context = useTestApp();
    let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
    let clients: Record<string, Client>;
    let people: { id: string; client: Client }[];
    let typeId: string;
    const workingDays = new Map<string, boolean>();

    beforeAll(async () => {
      fixture = await createAccessFixture(context.handle.db);
      const [managerA1, managerA2, managerB1, headA] = await loginEach(context.app, [
        "manager-a1",
        "manager-a2",
        "manager-b1",
        "head-a",
      ]);
      clients = { managerA1, managerA2, managerB1, headA };
      people = [
        { id: fixture.managerA1.id, client: managerA1 },
        { id: fixture.managerA2.id, client: managerA2 },
        { id: fixture.managerB1.id, client: managerB1 },
      ];
      typeId = (await managerA1.request("GET", "/api/v1/activity-types")).json().items[0].id;
      const thisYear = Number(dayFromToday(0).slice(0, 4));
      for (const year of [thisYear, thisYear + 1]) {
        const calendar = (await headA.request("GET", `/api/v1/calendar?year=${year}`)).json();
        for (const day of calendar.days as { date: string; working: boolean }[]) workingDays.set(day.date, day.working);
      }
    });

    it("merges events (declined left out, private in), activities and all-day events per person, as a minute-by-minute count does", {
      timeout: 120_000,
    }, async () => {
      for (const [round, seed] of [101, 202, 303].entries()) {
        const next = random(seed);
        const from = dayFromToday(40 + round * 15);
        const to = addDays(from, 9);
        const windowStart = Date.parse(`${from}T00:00:00+05:00`);
        const minutes = 10 * 24 * 60;
        const expected = new Map(
          people.map((person) => [person.id, { event: [] as Interval[], activity: [] as Interval[] }]),
        );
        const at = (dayIndex: number, minute: number) => windowStart + dayIndex * 24 * 60 * MINUTE + minute * MINUTE;

        for (const [index, organizer] of people.entries()) {
          for (let item = 0; item < 8; item++) {
            const dayIndex = between(next, 0, 9);
            const start = at(dayIndex, between(next, 7 * 60, 19 * 60));
            const length = between(next, 15, 240) * MINUTE;
            const others = people.filter((_, otherIndex) => otherIndex !== index && next() < 0.4);
            const event = await createEventAs(organizer.client, {
              title: `Встреча ${round}-${index}-${item}`,
              startsAt: new Date(start).toISOString(),
              endsAt: new Date(start + length).toISOString(),
              private: next() < 0.3,
              attendeeIds: others.map((other) => other.id),
            });
            expected.get(organizer.id)!.event.push({ start, end: start + length });
            for (const other of others) {
              const declines = next() < 0.3;
              const answer = declines ? "declined" : next() < 0.5 ? "accepted" : "maybe";
              if (next() < 0.8) {
                const response = await other.client.request("POST", `/api/v1/events/${event.id}/response`, {
                  response: answer,
                });
                expect(response.statusCode, response.body).toBe(200);
                if (declines) continue;
              }
              expected.get(other.id)!.event.push({ start, end: start + length });
            }
          }
          for (let item = 0; item < 6; item++) {
            const start = at(between(next, 0, 9), between(next, 6 * 60, 20 * 60));
            const duration = between(next, 0, 4) === 0 ? 0 : between(next, 5, 180);
            const response = await organizer.client.request("POST", "/api/v1/activities", {
              typeId,
              subject: `Дело ${round}-${item}`,
              dueAt: new Date(start).toISOString(),
              durationMinutes: duration,
            });
            expect(response.statusCode, response.body).toBe(201);
            if (duration > 0) expected.get(organizer.id)!.activity.push({ start, end: start + duration * MINUTE });
          }
          // A daily stand-up for three days and, now and then, an all-day event (busy the whole Almaty day).
          const standUpDay = between(next, 0, 7);
          await createEventAs(organizer.client, {
            title: "Пятиминутка",
            startsAt: new Date(at(standUpDay, 9 * 60)).toISOString(),
            endsAt: new Date(at(standUpDay, 9 * 60 + 15)).toISOString(),
            recurrence: "FREQ=DAILY;COUNT=3",
          });
          for (let offset = 0; offset < 3; offset++) {
            expected
              .get(organizer.id)!
              .event.push({ start: at(standUpDay + offset, 9 * 60), end: at(standUpDay + offset, 9 * 60 + 15) });
          }
          if (next() < 0.5) {
            const dayIndex = between(next, 0, 9);
            await createEventAs(organizer.client, { title: "Выезд", allDay: true, startDate: addDays(from, dayIndex) });
            expected.get(organizer.id)!.event.push({ start: at(dayIndex, 0), end: at(dayIndex + 1, 0) });
          }
        }

        const union: Interval[] = [];
        for (const length of [30, 60, 180, 541]) {
          const response = await clients.headA!.request(
            "GET",
            `/api/v1/calendar/busy?userIds=${people.map((person) => person.id).join(",")}&from=${from}&to=${to}&durationMinutes=${length}`,
          );
          expect(response.statusCode, response.body).toBe(200);
          const answer = response.json() as BusyTimes;
          union.length = 0;
          for (const [index, person] of people.entries()) {
            const mine = expected.get(person.id)!;
            const wanted = (["event", "activity"] as const)
              .flatMap((kind) =>
                runs(windowStart, bitmap(windowStart, minutes, mine[kind])).map((interval) => ({
                  start: new Date(interval.start).toISOString(),
                  end: new Date(interval.end).toISOString(),
                  kind,
                })),
              )
              .sort(
                (a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.kind.localeCompare(b.kind),
              );
            expect(answer.people[index]!.userId).toBe(person.id);
            expect(answer.people[index]!.busy, `round ${round}, person ${index}`).toEqual(wanted);
            union.push(...mine.event, ...mine.activity);
          }
          const slot = bruteForceSlot(
            windowStart,
            bitmap(windowStart, minutes, union),
            length,
            Date.now(),
            (day) => workingDays.get(day) ?? false,
          );
          expect(answer.firstCommonFree, `round ${round}, ${length} minutes`).toEqual(
            slot && { start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() },
          );
        }
      }
    });

    it("finds no slot when someone is away every working day, and starts no earlier than now", async () => {
      const from = dayFromToday(200);
      const to = addDays(from, 6);
      for (let offset = 0; offset <= 6; offset++) {
        await createEventAs(clients.managerA1!, { title: "Отпуск", allDay: true, startDate: addDays(from, offset) });
      }
      const away = await clients.headA!.request(
        "GET",
        `/api/v1/calendar/busy?userIds=${fixture.managerA1.id},${fixture.managerA2.id}&from=${from}&to=${to}`,
      );
      expect(away.json().firstCommonFree).toBeNull();
      // Today: the slot starts at a whole minute from now on, never in the past.
      const today = dayFromToday(0);
      const now = Date.now();
      const todayAnswer = await clients.headA!.request(
        "GET",
        `/api/v1/calendar/busy?userIds=${fixture.managerA2.id}&from=${today}&to=${addDays(today, 13)}&durationMinutes=5`,
      );
      const slot = todayAnswer.json().firstCommonFree;
      expect(slot).not.toBeNull();
      expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(Math.floor(now / MINUTE) * MINUTE);
      expect(Date.parse(slot.start) % MINUTE).toBe(0);
      expect(new Date(Date.parse(slot.start) + ALMATY_OFFSET).getUTCHours()).toBeGreaterThanOrEqual(9);
    });
  });
});
