import type { CourseSummary } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";
import {
  addLesson,
  courseDetail,
  createCourse,
  publish,
  publishedCourse,
  startAttempt,
  submit,
  yesNo,
} from "./course-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Learning a course: attestations' attempts, a course without a test, the catalogue's order. */
describe("learning a course", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let headA: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;

  const db = () => context.handle.db;

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [headA, managerA1, managerA2, managerB1] = await loginEach(context.app, [
      "head-a",
      "manager-a1",
      "manager-a2",
      "manager-b1",
    ]);
  });

  it("takes an attestation's test once per person, apart from the attempt limit", async () => {
    const course = await publishedCourse(headA, [yesNo("Да?")], { attemptsAllowed: 1 });
    const attestation = async (cancelled = false, courseId = course.id) => {
      const [row] = await rows<{ id: string }>(
        db(),
        sql`insert into attestations (course_id, unit_id, title, held_on, created_by, cancelled_at)
            values (${courseId}, ${fixture.departmentA}, 'Аттестация', current_date, ${fixture.headA.id},
              ${cancelled ? sql`now()` : sql`null`})
            returning id`,
      );
      for (const user of [fixture.managerA1, fixture.managerA2])
        await db().execute(
          sql`insert into attestation_people (attestation_id, user_id) values (${row!.id}, ${user.id})`,
        );
      return row!.id;
    };
    const held = await attestation();
    // Use up the ordinary attempt first: the attestation's is apart from the limit.
    await submit(managerA1, (await startAttempt(managerA1, course.id)).id);
    const attempt = await startAttempt(managerA1, course.id, { attestationId: held });
    expect(attempt.attestationId).toBe(held);
    await submit(managerA1, attempt.id);
    const twice = await managerA1.request("POST", `/api/v1/courses/${course.id}/attempts`, { attestationId: held });
    expect(twice.statusCode).toBe(409);
    expect((await courseDetail(managerA1, course.id)).my).toMatchObject({ attemptsUsed: 1, attemptsLeft: 0 });
    // Not one of its people, a cancelled one, another course's: as if it did not exist.
    const otherCourse = await publishedCourse(headA, [yesNo("Другой?")]);
    const cases: [Client, string][] = [
      [managerB1, held],
      [managerA2, await attestation(true)],
      [managerA2, await attestation(false, otherCourse.id)],
      [managerA2, "00000000-0000-4000-8000-000000000000"],
    ];
    for (const [learner, attestationId] of cases) {
      const response = await learner.request("POST", `/api/v1/courses/${course.id}/attempts`, { attestationId });
      expect(response.statusCode).toBe(404);
    }
    expect(
      (
        await rows(
          db(),
          sql`select 1 from course_attempts where user_id = ${fixture.managerA2.id} and course_id = ${course.id}`,
        )
      ).length,
    ).toBe(0);
  });

  it("passes a course without a test when every lesson is done, and lists assigned courses first", async () => {
    const course = await createCourse(headA, { title: "Без теста" });
    await addLesson(headA, course.id, { title: "Первый" });
    const published = await publish(headA, course.id);
    await addLesson(headA, course.id, { title: "Второй" });
    const lessons = (await courseDetail(managerA2, course.id)).lessons;
    const complete = (lessonId: string) =>
      ok(managerA2.request("POST", `/api/v1/courses/${course.id}/lessons/${lessonId}/complete`));
    expect((await complete(lessons[0]!.id)).my).toMatchObject({ status: "in_progress", lessonsDone: 1 });
    await complete(lessons[0]!.id);
    const done = await complete(lessons[1]!.id);
    expect(done.my).toMatchObject({ status: "passed", lessonsDone: 2, lessonsTotal: 2 });
    expect(done.lessons.every((lesson: { done: boolean }) => lesson.done)).toBe(true);
    const posts = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from feed_posts where kind = 'course_completed' and course_id = ${published.id}`,
    );
    expect(posts[0]!.n).toBe(1);
    // A test start on a course without questions is refused.
    expect((await managerA2.request("POST", `/api/v1/courses/${course.id}/attempts`, {})).statusCode).toBe(409);

    // Assigned (with a past deadline): first in the catalogue, overdue.
    await db().execute(
      sql`insert into course_assignments (course_id, subject_type, subject_id, due_on)
          values (${course.id}, 'user', ${fixture.managerA1.id}, '2020-01-10')`,
    );
    const catalogue = await ok<{ items: CourseSummary[] }>(managerA1.request("GET", "/api/v1/courses"));
    expect(catalogue.items[0]).toMatchObject({
      id: course.id,
      my: { assigned: true, dueOn: "2020-01-10", overdue: true, status: "not_started" },
    });
    expect(catalogue.items.slice(1).every((item) => !item.my.assigned)).toBe(true);
  });
});
