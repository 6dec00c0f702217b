import type { CourseAuthoring, CourseDetail, CourseSummary } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok, roots, uploadFile } from "../drive/drive-test-kit";
import { addLesson, addQuestion, createCourse, publish, startAttempt, yesNo } from "./course-test-kit";

/** Writing courses: settings, lessons with drive files, the question pool; who may do it; drafts. */
describe("course authoring", () => {
  const context = useTestApp();
  let top: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;

  const counts = async () =>
    (
      await rows<{ courses: number; lessons: number; questions: number; options: number; files: number }>(
        context.handle.db,
        sql`select (select count(*)::int from courses) as courses, (select count(*)::int from course_lessons) as lessons,
              (select count(*)::int from course_questions) as questions,
              (select count(*)::int from course_question_options) as options,
              (select count(*)::int from course_lesson_files) as files`,
      )
    )[0]!;

  /** A 422 naming `field`, and nothing stored. */
  async function refused(request: Promise<{ statusCode: number; json: () => unknown }>, field: string) {
    const before = await counts();
    const response = await request;
    expect(response.statusCode, JSON.stringify(response.json())).toBe(422);
    const problem = response.json() as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((error) => error.path)).toEqual([field]);
    expect(problem.errors[0]!.message.length).toBeGreaterThan(5);
    expect(await counts()).toEqual(before);
  }

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [top, headA, headB, managerA1] = await loginEach(context.app, ["top-user", "head-a", "head-b", "manager-a1"]);
  });

  it("refuses settings out of range, each naming its field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ passPercent: 101 }, "passPercent"],
      [{ passPercent: -1 }, "passPercent"],
      [{ attemptsAllowed: 0 }, "attemptsAllowed"],
      [{ attemptsAllowed: 21 }, "attemptsAllowed"],
      [{ timeLimitMinutes: 0 }, "timeLimitMinutes"],
      [{ timeLimitMinutes: 601 }, "timeLimitMinutes"],
      [{ questionsPerAttempt: 0 }, "questionsPerAttempt"],
      [{ onboardingDueDays: 0 }, "onboardingDueDays"],
    ];
    for (const [settings, field] of cases)
      await refused(headA.request("POST", "/api/v1/courses", { title: "Курс", ...settings }), field);
    // The edges themselves are accepted.
    const course = await createCourse(headA, {
      passPercent: 100,
      attemptsAllowed: 20,
      timeLimitMinutes: 600,
      questionsPerAttempt: 1,
    });
    expect(course).toMatchObject({ passPercent: 100, attemptsAllowed: 20, timeLimitMinutes: 600, published: false });
    const patched = await ok<CourseAuthoring>(
      headA.request("PATCH", `/api/v1/courses/${course.id}`, {
        passPercent: 0,
        attemptsAllowed: null,
        timeLimitMinutes: null,
        version: course.version,
      }),
    );
    expect(patched).toMatchObject({ passPercent: 0, attemptsAllowed: null, timeLimitMinutes: null });
    await refused(
      headA.request("PATCH", `/api/v1/courses/${course.id}`, { attemptsAllowed: 21, version: patched.version }),
      "attemptsAllowed",
    );
    // A stale version is a conflict, and changes nothing.
    const stale = await headA.request("PATCH", `/api/v1/courses/${course.id}`, { title: "Другой", version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe("urn:planerka:problem:stale-version");
  });

  it("refuses questions that do not make sense for their kind, each naming its field", async () => {
    const course = await createCourse(headA);
    const url = `/api/v1/courses/${course.id}/questions`;
    const two = (first: boolean, second: boolean) => [
      { text: "А", correct: first },
      { text: "Б", correct: second },
    ];
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: "single", text: "?", points: 0, options: two(true, false) }, "points"],
      [{ kind: "single", text: "?", points: 101, options: two(true, false) }, "points"],
      [{ kind: "single", text: "?", options: two(true, true) }, "options"],
      [{ kind: "single", text: "?", options: two(false, false) }, "options"],
      [{ kind: "multiple", text: "?", options: two(false, false) }, "options"],
      [{ kind: "single", text: "?", options: [{ text: "А", correct: true }] }, "options"],
      [
        {
          kind: "multiple",
          text: "?",
          options: Array.from({ length: 11 }, (_, index) => ({ text: `В${index}`, correct: index === 0 })),
        },
        "options",
      ],
      [{ kind: "text", text: "?", options: two(true, false) }, "options"],
      [{ kind: "single", text: "?", options: [...two(true, false), { text: "а", correct: false }] }, "options"],
    ];
    for (const [question, field] of cases) await refused(headA.request("POST", url, question), field);
    const withQuestions = await addQuestion(headA, course.id, {
      kind: "multiple",
      text: "Что продаём?",
      points: 100,
      options: [
        { text: "Сварку", correct: true },
        { text: "Резку", correct: true },
        { text: "Воздух", correct: false },
      ],
    });
    const question = withQuestions.questions[0]!;
    expect(question.options.map((option) => option.correct)).toEqual([true, true, false]);
    // A change keeps the options' ids that are sent and drops the others.
    const [first, , third] = question.options;
    const changed = await ok<CourseAuthoring>(
      headA.request("PUT", `${url}/${question.id}`, {
        kind: "single",
        text: "Что продаём в первую очередь?",
        points: 5,
        options: [
          { id: third!.id, text: "Воздух", correct: false },
          { id: first!.id, text: "Сварку", correct: true },
        ],
      }),
    );
    expect(changed.questions[0]!.options).toEqual([
      { id: third!.id, text: "Воздух", correct: false },
      { id: first!.id, text: "Сварку", correct: true },
    ]);
    await refused(
      headA.request("PUT", `${url}/${question.id}`, { kind: "single", text: "?", options: two(true, true) }),
      "options",
    );
  });

  it("keeps lessons' text safe, their video links web addresses, and carries drive files", async () => {
    const course = await createCourse(headA);
    const url = `/api/v1/courses/${course.id}/lessons`;
    for (const videoUrl of ["javascript:alert(1)", "ftp://files.example.kz/video.mp4", "не ссылка"])
      await refused(headA.request("POST", url, { title: "Видео", videoUrl }), "videoUrl");
    // Someone else's drive file is as unknown as a missing one.
    const otherDrive = await roots(headB);
    const foreign = await uploadFile(headB, otherDrive.personal.id, "чужое.pdf", Buffer.from("%PDF-1.4 чужое"));
    await refused(headA.request("POST", url, { title: "Файл", driveFileIds: [foreign.id] }), "driveFileIds");

    const drive = await roots(headA);
    const file = await uploadFile(headA, drive.personal.id, "прайс.txt", Buffer.from("Цены на сварочные аппараты"));
    const withLesson = await addLesson(headA, course.id, {
      title: "Прайс",
      body: '<p>Смотрите <strong>прайс</strong></p><script>alert("x")</script><img src=x onerror=alert(1)>',
      videoUrl: "https://video.example.kz/lesson-1",
      driveFileIds: [file.id],
    });
    const lesson = withLesson.lessons[0]!;
    expect(lesson.body).toBe("<p>Смотрите <strong>прайс</strong></p>");
    expect(lesson.videoUrl).toBe("https://video.example.kz/lesson-1");
    expect(lesson.files.map((entry) => entry.name)).toEqual(["прайс.txt"]);
    await refused(headA.request("PATCH", `${url}/${lesson.id}`, { videoUrl: "data:text/html,x" }), "videoUrl");
    await publish(headA, course.id);
    // A learner downloads the lesson's file; the drive file may go, the lesson keeps it.
    const fileUrl = `${url}/${lesson.id}/files/${lesson.files[0]!.id}`;
    const download = await managerA1.request("GET", fileUrl);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe("Цены на сварочные аппараты");
    expect(download.headers["content-disposition"]).toContain("attachment");
    // Files are dropped by id; the lesson's text and link change.
    const second = await addLesson(headA, course.id, { title: "Второй" });
    const secondId = second.lessons[1]!.id;
    const patched = await ok<CourseAuthoring>(
      headA.request("PATCH", `${url}/${lesson.id}`, { removeFileIds: [lesson.files[0]!.id], videoUrl: null }),
    );
    expect(patched.lessons[0]).toMatchObject({ files: [], videoUrl: null, title: "Прайс" });
    expect((await managerA1.request("GET", fileUrl)).statusCode).toBe(404);
    // Reordering lists every lesson once.
    await refused(headA.request("PUT", `${url}/order`, { ids: [secondId] }), "ids");
    const reordered = await ok<CourseAuthoring>(headA.request("PUT", `${url}/order`, { ids: [secondId, lesson.id] }));
    expect(reordered.lessons.map((entry) => entry.title)).toEqual(["Второй", "Прайс"]);
  });

  it("publishes only a course with something to learn, and an attempt within its pool", async () => {
    const course = await createCourse(headA, { questionsPerAttempt: 2 });
    await refused(headA.request("POST", `/api/v1/courses/${course.id}/publish`), "lessons");
    await addQuestion(headA, course.id, yesNo("Один?"));
    await refused(headA.request("POST", `/api/v1/courses/${course.id}/publish`), "questionsPerAttempt");
    await addQuestion(headA, course.id, yesNo("Два?"));
    const published = await publish(headA, course.id);
    expect(published).toMatchObject({ published: true, poolSize: 2, questionCount: 2 });
    // A published course keeps its attempts within the pool.
    await refused(
      headA.request("PATCH", `/api/v1/courses/${course.id}`, { questionsPerAttempt: 3, version: published.version }),
      "questionsPerAttempt",
    );
    const hidden = await ok<CourseAuthoring>(headA.request("POST", `/api/v1/courses/${course.id}/unpublish`));
    expect(hidden.published).toBe(false);
  });

  it("lets the author, tops and admins change a course; other heads read it as learners; managers not at all", async () => {
    const course = await createCourse(headA, { title: "Курс отдела A" });
    await addLesson(headA, course.id);
    await addQuestion(headA, course.id, yesNo("Секретный вопрос?"));
    // Another head sees the draft in the catalogue, but neither edits it nor reads its answers.
    for (const [method, url, body] of [
      ["GET", `/api/v1/courses/${course.id}/authoring`, undefined],
      ["PATCH", `/api/v1/courses/${course.id}`, { title: "Захват", version: course.version }],
      ["POST", `/api/v1/courses/${course.id}/publish`, undefined],
      ["POST", `/api/v1/courses/${course.id}/lessons`, { title: "Чужой урок" }],
      ["POST", `/api/v1/courses/${course.id}/questions`, yesNo("Чужой вопрос?")],
      ["DELETE", `/api/v1/courses/${course.id}`, undefined],
    ] as const) {
      const response = await headB.request(method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.body).not.toContain("Секретный");
    }
    const catalogue = await ok<{ items: CourseSummary[] }>(headB.request("GET", "/api/v1/courses"));
    expect(catalogue.items.find((item) => item.id === course.id)).toMatchObject({
      published: false,
      abilities: { edit: false },
    });
    // A manager: no authoring at all, and a draft does not exist for them.
    expect((await managerA1.request("POST", "/api/v1/courses", { title: "Мой курс" })).statusCode).toBe(403);
    expect((await managerA1.request("GET", `/api/v1/courses/${course.id}/authoring`)).statusCode).toBe(403);
    const mine = await ok<{ items: CourseSummary[] }>(managerA1.request("GET", "/api/v1/courses"));
    expect(mine.items.some((item) => item.id === course.id)).toBe(false);
    const lessonId = (await ok<CourseAuthoring>(headA.request("GET", `/api/v1/courses/${course.id}/authoring`)))
      .lessons[0]!.id;
    for (const [method, url] of [
      ["GET", `/api/v1/courses/${course.id}`],
      ["POST", `/api/v1/courses/${course.id}/lessons/${lessonId}/complete`],
      ["POST", `/api/v1/courses/${course.id}/attempts`],
    ] as const) {
      const response = await managerA1.request(method, url, method === "POST" ? {} : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.body).not.toContain("Курс отдела A");
    }
    // The top edits anyone's course.
    // The top edits anyone's course (lessons and questions leave the settings' version as it was).
    const renamed = await ok<CourseAuthoring>(
      top.request("PATCH", `/api/v1/courses/${course.id}`, { title: "Курс компании", version: course.version }),
    );
    expect(renamed.title).toBe("Курс компании");
    // Deleted: gone from the catalogue and 404 everywhere.
    await ok(headA.request("DELETE", `/api/v1/courses/${course.id}`), 204);
    expect((await headA.request("GET", `/api/v1/courses/${course.id}`)).statusCode).toBe(404);
    expect((await headA.request("GET", `/api/v1/courses/${course.id}/authoring`)).statusCode).toBe(404);
  });

  it("never shows a learner the answer key or the pool", async () => {
    const course = await createCourse(headA, { questionsPerAttempt: 1 });
    await addLesson(headA, course.id);
    await addQuestion(headA, course.id, yesNo("Вопрос пула один?"));
    await addQuestion(headA, course.id, yesNo("Вопрос пула два?"));
    await publish(headA, course.id);
    const detail = await ok<CourseDetail>(managerA1.request("GET", `/api/v1/courses/${course.id}`));
    expect(detail).toMatchObject({ poolSize: 2, questionCount: 1 });
    const list = await managerA1.request("GET", "/api/v1/courses");
    for (const body of [JSON.stringify(detail), list.body]) {
      expect(body).not.toContain("Вопрос пула");
      expect(body).not.toContain('"correct"');
    }
    const attempt = await startAttempt(managerA1, course.id);
    expect(attempt.questions).toHaveLength(1);
    const opened = await managerA1.request("GET", `/api/v1/attempts/${attempt.id}`);
    expect(opened.body).not.toContain('"correct"');
    const submitted = await managerA1.request("POST", `/api/v1/attempts/${attempt.id}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.body).not.toContain('"correct"');
  });
});
