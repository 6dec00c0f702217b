import type { Attempt, GradingItem } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";
import { answer, publishedCourse, startAttempt, submit, yesNo } from "./course-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Free-text answers: they wait for a grade from the learner's heads, then the attempt passes or fails. */
describe("grading free-text answers", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let admin: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let managerA1: Client;
  let managerA2: Client;

  const queue = (client: Client) =>
    ok<{ items: GradingItem[] }>(client.request("GET", "/api/v1/courses/grading")).then((page) => page.items);
  const grade = (client: Client, attemptId: string, questionId: string, points: number) =>
    client.request("PUT", `/api/v1/attempts/${attemptId}/answers/${questionId}/grade`, { points });

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, headA, headB, regionHead, managerA1, managerA2] = await loginEach(context.app, [
      "admin-user",
      "head-a",
      "head-b",
      "region-head",
      "manager-a1",
      "manager-a2",
    ]);
  });

  it("waits for the learner's head to grade, then passes or fails on the whole score", async () => {
    // 2 points of choice + 8 of free text, 70 % to pass.
    const course = await publishedCourse(
      regionHead,
      [
        yesNo("Сварочный инвертор легче трансформатора?", 2),
        { kind: "text", text: "Как вы представите аппарат клиенту?", points: 5 },
        { kind: "text", text: "Что ответите на «дорого»?", points: 3 },
      ],
      { passPercent: 70 },
    );
    const attempt = await startAttempt(managerA1, course.id);
    const choice = attempt.questions.find((question) => question.kind === "single")!;
    const texts = attempt.questions.filter((question) => question.kind === "text");
    const yes = choice.options.find((option) => option.text === "Да")!.id;
    await ok(answer(managerA1, attempt.id, choice.id, { optionIds: [yes] }));
    for (const question of texts)
      await ok(answer(managerA1, attempt.id, question.id, { text: `Ответ на «${question.text}»` }));
    const submitted = await submit(managerA1, attempt.id);
    expect(submitted).toMatchObject({ status: "grading", score: 2, percent: null });
    expect(submitted.questions.filter((question) => question.earned === null)).toHaveLength(2);

    // The learner's heads are told; the queue is theirs (and the top's and admin's), not head B's.
    const told = await rows<{ userId: string }>(
      context.handle.db,
      sql`select user_id as "userId" from notifications where kind = 'course_grading' and link = ${`/training/attempts/${attempt.id}`}`,
    );
    expect(new Set(told.map((row) => row.userId))).toEqual(new Set([fixture.headA.id, fixture.regionHead.id]));
    for (const grader of [headA, regionHead, admin]) {
      const items = await queue(grader);
      expect(items.map((item) => item.attemptId)).toContain(attempt.id);
    }
    const item = (await queue(headA)).find((entry) => entry.attemptId === attempt.id)!;
    expect(item).toMatchObject({ learner: { id: fixture.managerA1.id }, course: { id: course.id } });
    expect(item.answers.map((entry) => entry.maxPoints).sort()).toEqual([3, 5]);
    expect(await queue(headB)).toEqual([]);
    expect(await queue(managerA1)).toEqual([]);
    expect(await queue(managerA2)).toEqual([]);

    // Outsiders get 404; the learner cannot grade themself; points within the question's.
    const [first, second] = texts;
    expect((await grade(headB, attempt.id, first!.id, 1)).statusCode).toBe(404);
    expect((await grade(managerA2, attempt.id, first!.id, 1)).statusCode).toBe(404);
    expect((await grade(managerA1, attempt.id, first!.id, 1)).statusCode).toBe(403);
    const tooMany = await grade(headA, attempt.id, first!.id, first!.points + 1);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors[0].path).toBe("points");
    expect((await grade(headA, attempt.id, first!.id, -1)).json().errors[0].path).toBe("points");
    const notText = await grade(headA, attempt.id, choice.id, 1);
    expect(notText.statusCode).toBe(422);
    expect(notText.json().errors[0].path).toBe("questionId");

    // One graded: still waiting. Both: 2 + 5 + 0 = 7 of 10 = exactly 70 %: passed.
    const half = await ok<Attempt>(grade(headA, attempt.id, first!.id, first!.points));
    expect(half).toMatchObject({ status: "grading", score: 2 + first!.points });
    const graded = await ok<Attempt>(grade(regionHead, attempt.id, second!.id, 0));
    const expected = 2 + first!.points;
    expect(graded).toMatchObject({
      status: expected * 100 >= 70 * 10 ? "passed" : "failed",
      score: expected,
      maxScore: 10,
    });
    expect(graded.questions.find((question) => question.id === first!.id)).toMatchObject({
      earned: first!.points,
      gradedBy: { id: fixture.headA.id },
    });
    // The learner hears the result; a finished attempt keeps it.
    const result = await rows<{ title: string }>(
      context.handle.db,
      sql`select title from notifications where kind = 'course_graded' and user_id = ${fixture.managerA1.id}`,
    );
    expect(result).toHaveLength(1);
    expect((await grade(headA, attempt.id, second!.id, 3)).statusCode).toBe(409);
    expect(await queue(headA)).toEqual([]);
  });

  it("fails when the graded points stay below the mark, and an empty answer needs no grade", async () => {
    const course = await publishedCourse(headA, [{ kind: "text", text: "Опишите гарантию", points: 10 }], {
      passPercent: 50,
    });
    const attempt = await startAttempt(managerA2, course.id);
    const [question] = attempt.questions;
    await ok(answer(managerA2, attempt.id, question!.id, { text: "Два года" }));
    await submit(managerA2, attempt.id);
    expect((await ok<Attempt>(grade(headA, attempt.id, question!.id, 4))).status).toBe("failed");

    // An empty answer scores nothing at once: no grading needed.
    const empty = await startAttempt(managerA2, course.id);
    await ok(answer(managerA2, empty.id, empty.questions[0]!.id, { text: "   " }));
    expect(await submit(managerA2, empty.id)).toMatchObject({ status: "failed", score: 0 });
  });
});
