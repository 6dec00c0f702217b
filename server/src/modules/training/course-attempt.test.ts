import type { Attempt, CourseAuthoring } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";
import { answer, answerKey, courseDetail, publishedCourse, startAttempt, submit, yesNo } from "./course-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Taking a course's test: the draw, scoring, the pass mark, attempts, the time limit, who sees what. */
describe("course attempts", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;

  const db = () => context.handle.db;
  /** Chooses options by their text, as a learner reading the screen would. */
  const choose = (attempt: Attempt, questionId: string, texts: string[]) => {
    const question = attempt.questions.find((entry) => entry.id === questionId)!;
    return question.options.filter((option) => texts.includes(option.text)).map((option) => option.id);
  };
  /** The deadline passes (moved back rather than waited for): what was saved so far was saved in time. */
  const expire = async (attemptId: string) => {
    await db().execute(
      sql`update course_attempt_answers set answered_at = answered_at - interval '1 hour' where attempt_id = ${attemptId}`,
    );
    await db().execute(
      sql`update course_attempts set started_at = started_at - interval '1 hour', deadline_at = now() - interval '1 minute'
          where id = ${attemptId}`,
    );
  };
  const textOf = (course: CourseAuthoring, questionId: string) =>
    course.questions.find((question) => question.id === questionId)!.text;

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [headA, headB, regionHead, managerA1, managerA2, managerB1] = await loginEach(context.app, [
      "head-a",
      "head-b",
      "region-head",
      "manager-a1",
      "manager-a2",
      "manager-b1",
    ]);
  });

  it("scores choice answers exactly, checked against a computation of its own", async () => {
    const course = await publishedCourse(headA, [
      yesNo("Аппарат MIG варит алюминий?", 3),
      {
        kind: "multiple",
        text: "Что входит в комплект?",
        points: 5,
        options: [
          { text: "Горелка", correct: true },
          { text: "Кабель", correct: true },
          { text: "Баллон", correct: false },
        ],
      },
      {
        kind: "multiple",
        text: "Какие режимы есть?",
        points: 2,
        options: [
          { text: "MMA", correct: true },
          { text: "TIG", correct: false },
        ],
      },
      {
        kind: "single",
        text: "Гарантия?",
        points: 4,
        options: [
          { text: "1 год", correct: false },
          { text: "2 года", correct: true },
          { text: "5 лет", correct: false },
        ],
      },
    ]);
    const key = answerKey(course);
    // Each learner answers differently: all right, partly right (a multiple choice with one of two
    // correct options earns nothing), some left blank, one too many options.
    const plans: Record<string, string[]>[] = [
      {
        "Аппарат MIG варит алюминий?": ["Да"],
        "Что входит в комплект?": ["Горелка", "Кабель"],
        "Какие режимы есть?": ["MMA"],
        "Гарантия?": ["2 года"],
      },
      { "Аппарат MIG варит алюминий?": ["Нет"], "Что входит в комплект?": ["Горелка"], "Гарантия?": ["2 года"] },
      { "Что входит в комплект?": ["Горелка", "Кабель", "Баллон"], "Какие режимы есть?": ["MMA"] },
    ];
    for (const [index, plan] of plans.entries()) {
      const learner = [managerA1, managerA2, managerB1][index]!;
      const attempt = await startAttempt(learner, course.id);
      const chosen = new Map<string, string[]>();
      for (const question of attempt.questions) {
        const texts = plan[textOf(course, question.id)];
        if (!texts) continue;
        const optionIds = choose(attempt, question.id, texts);
        chosen.set(question.id, optionIds);
        await ok(answer(learner, attempt.id, question.id, { optionIds }));
      }
      const result = await submit(learner, attempt.id);
      // The test's own computation: exact set equality with the key.
      let expected = 0;
      for (const [questionId, { points, correct }] of key) {
        const picked = [...(chosen.get(questionId) ?? [])].sort();
        if (picked.length > 0 && JSON.stringify(picked) === JSON.stringify([...correct].sort())) expected += points;
      }
      expect(result.maxScore).toBe(14);
      expect(result.score).toBe(expected);
      expect(result.percent).toBe(Math.floor((expected * 100) / 14));
      expect(result.status).toBe(expected * 100 >= course.passPercent * 14 ? "passed" : "failed");
      for (const question of result.questions) {
        const picked = [...(chosen.get(question.id) ?? [])].sort();
        const right = JSON.stringify(picked) === JSON.stringify([...key.get(question.id)!.correct].sort());
        expect(question.earned).toBe(right ? question.points : 0);
      }
    }
  });

  it("passes exactly at the pass mark and fails one point below", async () => {
    // 1 + 2 + 3 + 4 = 10 points, 60 % to pass: 6 points pass, 5 fail.
    const course = await publishedCourse(
      headA,
      [yesNo("Один балл?", 1), yesNo("Два балла?", 2), yesNo("Три балла?", 3), yesNo("Четыре балла?", 4)],
      { passPercent: 60 },
    );
    const take = async (learner: Client, right: string[]) => {
      const attempt = await startAttempt(learner, course.id);
      for (const question of attempt.questions) {
        const texts = right.includes(textOf(course, question.id)) ? ["Да"] : ["Нет"];
        await ok(answer(learner, attempt.id, question.id, { optionIds: choose(attempt, question.id, texts) }));
      }
      return submit(learner, attempt.id);
    };
    expect(await take(managerA1, ["Два балла?", "Четыре балла?"])).toMatchObject({ score: 6, status: "passed" });
    expect(await take(managerA2, ["Один балл?", "Четыре балла?"])).toMatchObject({ score: 5, status: "failed" });
    expect(await take(managerB1, ["Один балл?", "Два балла?", "Три балла?"])).toMatchObject({
      score: 6,
      percent: 60,
      status: "passed",
    });
    // Passing for the first time is announced in the learner's unit feed, once.
    const posts = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from feed_posts where kind = 'course_completed' and course_id = ${course.id}
            and subject_user_id = ${fixture.managerA1.id}`,
    );
    expect(posts[0]!.n).toBe(1);
    const summary = (await courseDetail(managerA2, course.id)).my;
    expect(summary).toMatchObject({ status: "failed", bestPercent: 50, attemptsUsed: 1, attemptsLeft: null });
  });

  it("limits the attempts, continues an open one, and counts them per learner", async () => {
    const course = await publishedCourse(headA, [yesNo("Да?")], { attemptsAllowed: 2 });
    const first = await startAttempt(managerA1, course.id);
    // «Начать тест» again continues the same attempt.
    const again = await startAttempt(managerA1, course.id, {}, 200);
    expect(again.id).toBe(first.id);
    await submit(managerA1, first.id);
    // Submitting twice changes nothing.
    expect((await submit(managerA1, first.id)).status).toBe("failed");
    const second = await startAttempt(managerA1, course.id);
    await submit(managerA1, second.id);
    const refused = await managerA1.request("POST", `/api/v1/courses/${course.id}/attempts`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain("No attempts left");
    const mine = await courseDetail(managerA1, course.id);
    expect(mine.my).toMatchObject({ attemptsUsed: 2, attemptsLeft: 0, status: "failed" });
    expect(mine.attempts.map((attempt) => attempt.id)).toEqual([second.id, first.id]);
    // Another learner has their own two.
    expect((await courseDetail(managerA2, course.id)).my.attemptsLeft).toBe(2);
  });

  it("draws N distinct questions of the course's pool and shuffles each one's options", async () => {
    const course = await publishedCourse(
      headA,
      Array.from({ length: 6 }, (_, index) => ({
        kind: "single" as const,
        text: `Вопрос ${index + 1}?`,
        options: ["А", "Б", "В", "Г"].map((text, option) => ({ text, correct: option === 0 })),
      })),
      { questionsPerAttempt: 3 },
    );
    const other = await publishedCourse(headA, [yesNo("Вопрос другого курса?")]);
    const pool = new Map(course.questions.map((question) => [question.id, question]));
    const seen = new Set<string>();
    for (const learner of [managerA1, managerA2, managerB1, headB, regionHead]) {
      const attempt = await startAttempt(learner, course.id);
      expect(attempt.questions).toHaveLength(3);
      const ids = attempt.questions.map((question) => question.id);
      expect(new Set(ids).size).toBe(3);
      for (const question of attempt.questions) {
        expect(pool.has(question.id)).toBe(true);
        expect(question.id).not.toBe(other.questions[0]!.id);
        const options = pool.get(question.id)!.options.map((option) => option.id);
        expect([...question.options.map((option) => option.id)].sort()).toEqual([...options].sort());
        seen.add(question.id);
      }
      expect(attempt.maxScore).toBe(3);
    }
    // Five draws of 3 out of 6 reach more than 3 questions (all five alike: 1 in 20⁴).
    expect(seen.size).toBeGreaterThan(3);
  });

  it("enforces the time limit on the server: late answers are refused and never counted", async () => {
    const course = await publishedCourse(headA, [yesNo("Первый?", 1), yesNo("Второй?", 1)], {
      timeLimitMinutes: 30,
      passPercent: 100,
    });
    const attempt = await startAttempt(managerA1, course.id);
    expect(attempt.secondsLeft).toBeGreaterThan(29 * 60);
    expect(attempt.secondsLeft).toBeLessThanOrEqual(30 * 60);
    const [first, second] = attempt.questions;
    await ok(answer(managerA1, attempt.id, first!.id, { optionIds: choose(attempt, first!.id, ["Да"]) }));
    await expire(attempt.id);
    const late = await answer(managerA1, attempt.id, second!.id, { optionIds: choose(attempt, second!.id, ["Да"]) });
    expect(late.statusCode).toBe(409);
    expect(late.json().errors[0]).toMatchObject({ path: "deadlineAt", code: "time_up" });
    // The refusal closed the attempt with what was saved in time: one point of two.
    const closed = await ok<Attempt>(managerA1.request("GET", `/api/v1/attempts/${attempt.id}`));
    expect(closed).toMatchObject({ status: "failed", score: 1, maxScore: 2, secondsLeft: null });
    expect(closed.questions.find((question) => question.id === second!.id)!.answer).toBeNull();

    // An answer that got in after the deadline (written behind the service's back) is not counted.
    const next = await startAttempt(managerA2, course.id);
    for (const question of next.questions)
      await ok(answer(managerA2, next.id, question.id, { optionIds: choose(next, question.id, ["Да"]) }));
    await expire(next.id);
    await db().execute(
      sql`update course_attempt_answers set answered_at = now() where attempt_id = ${next.id}
            and question_id = ${next.questions[1]!.id}`,
    );
    // Closed on reading, by whoever reads it (here the head).
    const scored = await ok<Attempt>(headA.request("GET", `/api/v1/attempts/${next.id}`));
    expect(scored).toMatchObject({ status: "failed", score: 1 });
    expect(scored.questions[1]).toMatchObject({ earned: 0, answer: { late: true } });

    // An expired attempt nobody read is closed when its learner starts another.
    const third = await startAttempt(managerB1, course.id);
    await ok(
      answer(managerB1, third.id, third.questions[0]!.id, { optionIds: choose(third, third.questions[0]!.id, ["Да"]) }),
    );
    await expire(third.id);
    const fourth = await startAttempt(managerB1, course.id);
    expect(fourth.id).not.toBe(third.id);
    const [old] = await rows<{ status: string; score: number }>(
      db(),
      sql`select status, score from course_attempts where id = ${third.id}`,
    );
    expect(old).toEqual({ status: "failed", score: 1 });
  });

  it("refuses an answer to a question the attempt did not draw, or options it does not offer", async () => {
    const course = await publishedCourse(headA, [yesNo("Свой?"), { kind: "text", text: "Расскажите", points: 2 }]);
    const foreign = await publishedCourse(headA, [yesNo("Чужой?")]);
    const attempt = await startAttempt(managerA1, course.id);
    const choice = attempt.questions.find((question) => question.kind === "single")!;
    const free = attempt.questions.find((question) => question.kind === "text")!;
    const expectField = async (body: Record<string, unknown>, questionId: string, field: string) => {
      const response = await answer(managerA1, attempt.id, questionId, body);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().errors[0].path).toBe(field);
    };
    await expectField({ optionIds: [] }, foreign.questions[0]!.id, "questionId");
    await expectField({ optionIds: [foreign.questions[0]!.options[0]!.id] }, choice.id, "optionIds");
    await expectField({ optionIds: choice.options.map((option) => option.id) }, choice.id, "optionIds");
    await expectField({ text: "Текст" }, choice.id, "text");
    await expectField({ text: "я".repeat(5_001) }, free.id, "text");
    await expectField({ optionIds: [choice.options[0]!.id] }, free.id, "optionIds");
    const saved = await ok<Attempt>(answer(managerA1, attempt.id, free.id, { text: "Про сварку" }));
    expect(saved.questions.find((question) => question.id === free.id)!.answer).toMatchObject({ text: "Про сварку" });
  });

  it("shows an attempt to its learner and their heads only: 404 on every attempt route for others", async () => {
    const course = await publishedCourse(headA, [yesNo("Да?"), { kind: "text", text: "Почему?", points: 1 }]);
    const attempt = await startAttempt(managerA1, course.id);
    const [choice] = attempt.questions;
    const routes = [
      ["GET", `/api/v1/attempts/${attempt.id}`, undefined],
      ["PUT", `/api/v1/attempts/${attempt.id}/answers/${choice!.id}`, { optionIds: [] }],
      ["POST", `/api/v1/attempts/${attempt.id}/submit`, undefined],
      ["PUT", `/api/v1/attempts/${attempt.id}/answers/${choice!.id}/grade`, { points: 1 }],
    ] as const;
    for (const outsider of [managerA2, managerB1, headB]) {
      for (const [method, url, body] of routes) {
        const response = await outsider.request(method, url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    // The heads above see it, read only: the learner alone answers and submits.
    for (const head of [headA, regionHead]) {
      const seen = await ok<Attempt>(head.request("GET", `/api/v1/attempts/${attempt.id}`));
      expect(seen).toMatchObject({ learner: { id: fixture.managerA1.id }, abilities: { answer: false } });
      expect((await head.request(routes[1][0], routes[1][1], routes[1][2])).statusCode).toBe(403);
      expect((await head.request("POST", routes[2][1])).statusCode).toBe(403);
    }
    expect((await managerA1.request("GET", routes[0][1])).json().abilities.answer).toBe(true);
  });
});
