import { type CourseAssignment, dayInTimeZone, type Progress } from "@planerka/common";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";
import { runCourseReminderPass } from "./course-reminder.service";
import { insertAttempt, insertCourse } from "./training-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Assignments of courses, the onboarding path, deadline reminders and people's progress. */
describe("course assignments and progress", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let admin: Client;
  let top: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;
  let managerB1: Client;
  let today: string;

  const addDays = (day: string, days: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const assignmentCount = async () =>
    (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from course_assignments`))[0]!.n;
  const noticesOf = (userId: string, kind: string) =>
    rows<{ title: string; link: string }>(
      context.handle.db,
      sql`select title, link from notifications where user_id = ${userId} and kind = ${kind} order by created_at`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, top, headA, headB, managerA1, managerB1] = (await loginEach(context.app, [
      "admin-user",
      "top-user",
      "head-a",
      "head-b",
      "manager-a1",
      "manager-b1",
    ])) as [Client, Client, Client, Client, Client, Client];
    today = dayInTimeZone(new Date(), "Asia/Almaty");
  });

  it("assigns a published course to a head's unit: its people are told, others not; refusals change nothing", async () => {
    const course = await insertCourse(context.handle.db, { authorId: fixture.headA.id, title: "Продукты" });
    const draft = await insertCourse(context.handle.db, { authorId: fixture.headA.id, published: false });
    const dueOn = addDays(today, 10);
    const assignment = await ok<CourseAssignment>(
      headA.request("POST", "/api/v1/training/assignments", {
        courseId: course.id,
        subject: { type: "unit", id: fixture.departmentA },
        dueOn,
      }),
      201,
    );
    expect(assignment).toMatchObject({
      subject: { type: "unit", name: "Department A" },
      dueOn,
      learners: 3,
      passed: 0,
    });
    for (const person of [fixture.managerA1, fixture.managerA2])
      expect(await noticesOf(person.id, "course_assigned")).toEqual([
        { title: "Вам назначен курс «Продукты»", link: `/training/courses/${course.id}` },
      ]);
    expect(await noticesOf(fixture.managerB1.id, "course_assigned")).toEqual([]);

    const before = await assignmentCount();
    const refusals: [Client, Record<string, unknown>, string, number?][] = [
      [headA, { courseId: course.id, subject: { type: "user", id: fixture.managerB1.id } }, "subject.id"],
      [headA, { courseId: course.id, subject: { type: "unit", id: fixture.departmentB } }, "subject.id"],
      [headA, { courseId: course.id, subject: { type: "role", role: "manager" } }, "subject.role"],
      [headA, { courseId: draft.id, subject: { type: "user", id: fixture.managerA1.id } }, "courseId"],
      [
        headA,
        { courseId: course.id, subject: { type: "user", id: fixture.managerA1.id }, dueOn: addDays(today, -1) },
        "dueOn",
      ],
      [
        headA,
        { courseId: course.id, subject: { type: "user", id: fixture.managerA1.id }, dueOn: "2026-13-45" },
        "dueOn",
        400,
      ],
    ];
    for (const [client, body, field, status = 422] of refusals) {
      const response = await client.request("POST", "/api/v1/training/assignments", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.body).toContain(field);
    }
    expect(await assignmentCount()).toBe(before);
    // Managers do not assign; a head of another unit neither sees nor cancels this one.
    expect(await ok(managerA1.request("GET", "/api/v1/training/assignments"))).toEqual([]); // a unit's: not a learner's to handle
    expect((await managerA1.request("DELETE", `/api/v1/training/assignments/${assignment.id}`)).statusCode).toBe(404);
    const seenByB = await ok<CourseAssignment[]>(headB.request("GET", "/api/v1/training/assignments"));
    expect(seenByB.map((item) => item.id)).not.toContain(assignment.id);
    expect((await headB.request("DELETE", `/api/v1/training/assignments/${assignment.id}`)).statusCode).toBe(404);
    // A top assigns to a whole role.
    const toRole = await ok<CourseAssignment>(
      top.request("POST", "/api/v1/training/assignments", {
        courseId: course.id,
        subject: { type: "role", role: "head" },
      }),
      201,
    );
    expect(toRole.learners).toBe(3); // region head, head A, head B
    expect((await top.request("DELETE", `/api/v1/training/assignments/${toRole.id}`)).statusCode).toBe(204);
    expect((await headA.request("DELETE", `/api/v1/training/assignments/${assignment.id}`)).statusCode).toBe(204);
    expect((await headA.request("GET", "/api/v1/training/assignments")).json()).toEqual([]);
  });

  it("shows each head their people's progress, computed from attempts and lessons, and the same in XLSX", async () => {
    const course = await insertCourse(context.handle.db, { authorId: fixture.admin.id, title: "Сварка", lessons: 3 });
    await ok(
      admin.request("POST", "/api/v1/training/assignments", {
        courseId: course.id,
        subject: { type: "unit", id: fixture.regionId },
        dueOn: addDays(today, 5),
      }),
      201,
    );
    const db = context.handle.db;
    // A1: one failed attempt (4/10), then passed (9/10), 12 + 8 minutes; two lessons done.
    await insertAttempt(db, {
      courseId: course.id,
      userId: fixture.managerA1.id,
      status: "failed",
      score: 4,
      minutes: 12,
      minutesAgo: 120,
    });
    await insertAttempt(db, {
      courseId: course.id,
      userId: fixture.managerA1.id,
      status: "passed",
      score: 9,
      minutes: 8,
    });
    for (const lessonId of course.lessonIds.slice(0, 2))
      await db.execute(
        sql`insert into course_lesson_completions (lesson_id, user_id) values (${lessonId}, ${fixture.managerA1.id})`,
      );
    // A2: failed once (7/10 is below 80 %). B1: nothing yet.
    await insertAttempt(db, {
      courseId: course.id,
      userId: fixture.managerA2.id,
      status: "failed",
      score: 7,
      minutes: 5,
    });

    const line = (progress: Progress, userId: string) =>
      progress.rows.find((row) => row.user.id === userId && row.course.id === course.id);
    const ofHeadA = await ok<Progress>(headA.request("GET", `/api/v1/training/progress?courseId=${course.id}`));
    expect(ofHeadA.rows.map((row) => row.user.id).sort()).toEqual(
      [fixture.headA.id, fixture.managerA1.id, fixture.managerA2.id].sort(),
    );
    expect(line(ofHeadA, fixture.managerA1.id)).toMatchObject({
      assigned: true,
      status: "passed",
      attempts: 2,
      bestPercent: 90,
      minutesSpent: 20,
      lessonsDone: 2,
      lessonsTotal: 3,
      overdue: false,
    });
    expect(line(ofHeadA, fixture.managerA2.id)).toMatchObject({ status: "failed", bestPercent: 70, minutesSpent: 5 });
    expect(line(ofHeadA, fixture.headA.id)).toMatchObject({ status: "not_started", attempts: 0, bestPercent: null });

    // A manager sees their own line only; another head none of department A's; a unit out of reach is 404.
    const own = await ok<Progress>(managerA1.request("GET", "/api/v1/training/progress"));
    expect(new Set(own.rows.map((row) => row.user.id))).toEqual(new Set([fixture.managerA1.id]));
    const ofHeadB = await ok<Progress>(headB.request("GET", `/api/v1/training/progress?courseId=${course.id}`));
    expect(ofHeadB.rows.map((row) => row.user.id).sort()).toEqual([fixture.headB.id, fixture.managerB1.id].sort());
    expect((await headB.request("GET", `/api/v1/training/progress?unitId=${fixture.departmentA}`)).statusCode).toBe(
      404,
    );
    expect(
      (await managerB1.request("GET", `/api/v1/training/progress.xlsx?unitId=${fixture.departmentA}`)).statusCode,
    ).toBe(404);

    const exported = await headA.request("GET", `/api/v1/training/progress.xlsx?courseId=${course.id}`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Обучение")!;
    const lines: unknown[][] = [];
    sheet.eachRow((row, index) => {
      if (index > 2) lines.push((row.values as unknown[]).slice(1));
    });
    expect(lines.map((cells) => [cells[0], cells[6], cells[9], cells[10]]).sort()).toEqual(
      ofHeadA.rows
        .map((row) => [
          row.user.name,
          { passed: "пройден", failed: "не сдан", not_started: "не начат" }[row.status as "passed"],
          row.bestPercent ?? undefined,
          row.minutesSpent,
        ])
        .sort(),
    );
  });

  it("gives a new employee the onboarding courses, due the course's number of days from today", async () => {
    const onboarding = await insertCourse(context.handle.db, {
      authorId: fixture.admin.id,
      title: "Как работать в Планёрке",
      onboarding: true,
      onboardingDueDays: 7,
    });
    await insertCourse(context.handle.db, { authorId: fixture.admin.id, onboarding: true, published: false });
    const created = await ok<{ id: string }>(
      admin.request("POST", "/api/v1/users", {
        login: "newcomer",
        name: "Новый Сотрудник",
        role: "manager",
        unitId: fixture.departmentB,
        password: "newcomer-password-1",
      }),
      201,
    );
    const assigned = await rows<{ courseId: string; dueOn: string }>(
      context.handle.db,
      sql`select course_id as "courseId", due_on::text as "dueOn" from course_assignments where subject_id = ${created.id}`,
    );
    expect(assigned).toEqual([{ courseId: onboarding.id, dueOn: addDays(today, 7) }]);
    expect((await noticesOf(created.id, "course_assigned")).map((notice) => notice.link)).toEqual([
      `/training/courses/${onboarding.id}`,
    ]);
  });

  it("reminds learners who have not passed before the deadline and when it passes, once each", async () => {
    const course = await insertCourse(context.handle.db, { authorId: fixture.admin.id, title: "Сроки" });
    const dueOn = addDays(today, 2);
    await ok(
      headB.request("POST", "/api/v1/training/assignments", {
        courseId: course.id,
        subject: { type: "unit", id: fixture.departmentB },
        dueOn,
      }),
      201,
    );
    await insertAttempt(context.handle.db, {
      courseId: course.id,
      userId: fixture.headB.id,
      status: "passed",
      score: 10,
    });
    const remindedOf = async (kind: string) =>
      (
        await rows<{ userId: string }>(
          context.handle.db,
          sql`select user_id as "userId" from notifications where kind = ${kind} and link = ${`/training/courses/${course.id}`}`,
        )
      ).map((row) => row.userId);

    await runCourseReminderPass(context.handle.db, { today: addDays(today, -5) });
    expect(await remindedOf("course_due")).toEqual([]); // a week away: not yet
    await runCourseReminderPass(context.handle.db, { today });
    await runCourseReminderPass(context.handle.db, { today });
    // Everyone in department B who has not passed (the head passed), once; the newcomer too.
    const newcomer = await rows<{ id: string }>(context.handle.db, sql`select id from users where login = 'newcomer'`);
    expect((await remindedOf("course_due")).sort()).toEqual([fixture.managerB1.id, newcomer[0]!.id].sort());
    await runCourseReminderPass(context.handle.db, { today: addDays(dueOn, 1) });
    await runCourseReminderPass(context.handle.db, { today: addDays(dueOn, 2) });
    expect((await remindedOf("course_overdue")).sort()).toEqual([fixture.managerB1.id, newcomer[0]!.id].sort());
    const overdue = await ok<Progress>(managerB1.request("GET", `/api/v1/training/progress?courseId=${course.id}`));
    expect(overdue.rows).toHaveLength(1);
    expect(overdue.totals).toMatchObject({ assigned: 1, overdue: 0 }); // not overdue yet today
  });
});
