import { describe, expect, it } from "vitest";
import { apiPost, baseUrl, screenshot, useBrowserSessions } from "./browser";

interface Authoring {
  id: string;
}

/** A course in the browser: a head publishes one (through the API), a manager on a phone learns it and passes its test. */
describe("a course in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const title = `Инверторы MIG ${marker}`;

  it("a manager opens a published course, marks its lesson done and passes its test", async () => {
    const head = await session("d.kozlov");
    const course = await apiPost<Authoring>(head, "/courses", {
      title,
      description: "Как продавать сварочные инверторы",
      passPercent: 100,
      timeLimitMinutes: 15,
    });
    await apiPost(head, `/courses/${course.id}/lessons`, {
      title: "Что такое MIG",
      body: "<p>Полуавтомат варит проволокой в защитном газе.</p>",
    });
    await apiPost(head, `/courses/${course.id}/questions`, {
      kind: "single",
      text: "Чем варит полуавтомат?",
      points: 2,
      options: [
        { text: "Проволокой", correct: true },
        { text: "Электродом", correct: false },
      ],
    });
    await apiPost(head, `/courses/${course.id}/questions`, {
      kind: "multiple",
      text: "Что нужно для MIG?",
      points: 3,
      options: [
        { text: "Газ", correct: true },
        { text: "Проволока", correct: true },
        { text: "Вольфрам", correct: false },
      ],
    });
    await apiPost(head, `/courses/${course.id}/publish`, {});

    const page = await session("a.ismailova", { viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl()}/training`);
    const catalogue = page.getByRole("region", { name: "Каталог курсов" });
    const card = catalogue.getByTestId("course-card").filter({ hasText: title });
    await card.getByText("Не начат").waitFor();
    await card.getByRole("link", { name: title }).click();
    await page.getByRole("heading", { name: title }).waitFor();

    // The lesson: read it, mark it done.
    await page.getByRole("navigation", { name: "Уроки" }).getByText("1. Что такое MIG").click();
    await page.getByText("Полуавтомат варит проволокой в защитном газе.").waitFor();
    await page.getByRole("button", { name: "Урок пройден" }).click();
    await page.getByText("Пройден", { exact: true }).waitFor();
    await page.getByText("Уроков пройдено: 1 из 1").waitFor();
    await screenshot(page, "course-01-lesson-phone");

    // The test's rules, then the test.
    await page.getByRole("button", { name: "К тесту" }).click();
    const test = page.getByRole("region", { name: "Тест" });
    await test.getByText("2 вопроса").waitFor();
    await test.getByText("Проходной балл: 100 %").waitFor();
    await test.getByText("На тест 15 минут").waitFor();
    await test.getByRole("button", { name: "Начать тест" }).click();
    await page.waitForURL(/\/training\/attempts\//);
    await page.getByRole("timer").waitFor();
    expect(await page.getByRole("timer").textContent()).toMatch(/^1[45]:\d\d$/);
    await page.getByRole("radio", { name: "Проволокой" }).check();
    await page.getByRole("checkbox", { name: "Газ" }).check();
    await page.getByRole("checkbox", { name: "Проволока", exact: true }).check();
    await page.getByText("Отвечено: 2 из 2").waitFor();
    await screenshot(page, "course-02-attempt-phone");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByRole("button", { name: "Завершить тест" }).first().click();
    const confirm = page.getByRole("dialog", { name: "Завершить тест?" });
    await confirm.getByText("Все вопросы отвечены").waitFor();
    await confirm.getByRole("button", { name: "Завершить", exact: true }).click();
    const result = page.getByTestId("attempt-result");
    await result.getByRole("heading", { name: "Тест сдан" }).waitFor();
    await result.getByText("Набрано 5 из 5").waitFor();
    // Each question's mark, never which option was the right one.
    const marks = page.getByTestId("attempt-result-question");
    expect(await marks.count()).toBe(2);
    expect(await marks.filter({ hasText: "Верно" }).count()).toBe(2);
    await screenshot(page, "course-03-result-phone");

    // Back in «Моё обучение» the course is passed.
    await page.goto(`${baseUrl()}/training`);
    await catalogue
      .getByTestId("course-card")
      .filter({ hasText: title })
      .getByText("Пройден", { exact: true })
      .waitFor();
  });

  it("a head writes a course in the editor: settings, a lesson, a question with its answer key, publishing", async () => {
    const page = await session("d.kozlov");
    await page.goto(`${baseUrl()}/training?tab=courses`);
    await page.getByRole("button", { name: "Новый курс" }).click();
    const create = page.getByRole("dialog", { name: "Новый курс" });
    await create.getByRole("textbox", { name: "Название" }).fill(`Редактор ${marker}`);
    await create.getByRole("button", { name: "Создать и заполнить" }).click();
    await page.waitForURL(/\/training\/courses\/[^/]+\/edit$/);
    await page.getByRole("heading", { name: `Редактор ${marker}` }).waitFor();

    // Settings: the pass mark (the field keeps it within 0–100; the server refuses anything else).
    await page.getByRole("textbox", { name: "Проходной балл" }).fill("50");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Настройки сохранены").waitFor();

    await page.getByRole("tab", { name: /урок/ }).click();
    await page.getByRole("button", { name: "Добавить урок" }).click();
    const lesson = page.getByRole("dialog", { name: "Добавить урок" });
    await lesson.getByRole("textbox", { name: "Название урока" }).fill("Аргон и углекислота");
    await lesson.getByRole("textbox", { name: "Текст урока" }).click();
    await page.keyboard.type("Для стали берут смесь аргона и углекислоты.");
    await lesson.getByRole("textbox", { name: "Ссылка на видео" }).fill("javascript:alert(1)");
    await lesson.getByRole("button", { name: "Сохранить" }).click();
    await lesson.getByText("A video link starts with http:// or https://").waitFor();
    await lesson.getByRole("textbox", { name: "Ссылка на видео" }).fill("https://video.example.kz/argon");
    await lesson.getByRole("button", { name: "Сохранить" }).click();
    await lesson.waitFor({ state: "detached" });
    await page.getByTestId("editor-lesson").getByText("1. Аргон и углекислота").waitFor();

    await page.getByRole("tab", { name: /Тест/ }).click();
    await page.getByRole("button", { name: "Добавить вопрос" }).click();
    const question = page.getByRole("dialog", { name: "Добавить вопрос" });
    await question.getByRole("textbox", { name: "Вопрос" }).fill("Какой газ для стали?");
    await question.getByRole("textbox", { name: "Вариант 1" }).fill("Смесь аргона и углекислоты");
    await question.getByRole("textbox", { name: "Вариант 2" }).fill("Кислород");
    await question.getByRole("radio", { name: "Вариант 1 верный" }).check();
    await question.getByRole("button", { name: "Сохранить" }).click();
    await question.waitFor({ state: "detached" });
    const saved = page.getByTestId("editor-question");
    await saved.getByText("1. Какой газ для стали?").waitFor();
    await saved.getByLabel("Верный").waitFor();

    await page.getByRole("button", { name: "Опубликовать" }).click();
    await page.getByText("Курс опубликован").waitFor();
    await page.getByRole("button", { name: "Снять с публикации" }).waitFor();
    await screenshot(page, "course-04-editor");
    await page.getByRole("link", { name: "Как видит сотрудник" }).click();
    await page.getByRole("heading", { name: `Редактор ${marker}` }).waitFor();
    await page.getByRole("region", { name: "Тест" }).getByText("Проходной балл: 50 %").waitFor();
  });
});
