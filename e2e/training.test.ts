import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiGet, baseUrl, screenshot, useBrowserSessions } from "./browser";

interface CourseItem {
  id: string;
  title: string;
}
interface Authoring {
  questions: { text: string; kind: "single" | "multiple" | "text"; options: { text: string; correct: boolean }[] }[];
}

/** Answers every question on the attempt page: all the correct options, or (`right` false) one wrong one. */
async function answerAll(page: Page, key: Authoring, right: boolean) {
  for (const question of key.questions) {
    const options = right
      ? question.options.filter((option) => option.correct)
      : question.options.filter((option) => !option.correct).slice(0, 1);
    const role = question.kind === "single" ? "radio" : "checkbox";
    // The demo's option texts differ across its questions, so the exact name finds each one.
    for (const option of options) await page.getByRole(role, { name: option.text, exact: true }).check();
  }
}

/**
 * The demo's training in the browser: an Almaty manager passes the starter course every manager is
 * given, their head sees it in the progress; the Almaty attestation is failed, and the head repeats it.
 */
describe("training in the browser", () => {
  const session = useBrowserSessions();

  it("a manager passes the starter course's test and the head sees it in the people's progress", async () => {
    const top = await session("p.sokolov");
    const courses = await apiGet<{ items: CourseItem[] }>(top, "/courses");
    const starter = courses.items.find((course) => course.title === "Как работать в Планёрке")!;
    const key = await apiGet<Authoring>(top, `/courses/${starter.id}/authoring`);

    const page = await session("a.ismailova");
    const me = await apiGet<{ id: string; name: string }>(page, "/me");
    await page.goto(`${baseUrl()}/training`);
    const assigned = page.getByRole("region", { name: "Назначено мне" });
    const card = assigned.getByTestId("course-card").filter({ hasText: "Как работать в Планёрке" });
    await card.getByText("Не начат").waitFor();
    await screenshot(page, "training-01-my-learning");
    await card.getByRole("link", { name: "Как работать в Планёрке" }).click();
    await page.getByRole("heading", { name: "Как работать в Планёрке" }).waitFor();
    // The four lessons one after another, each marked done, then the test.
    await page.getByRole("navigation", { name: "Уроки" }).getByText("1. Мой кабинет: где мы по плану").click();
    for (const next of ["Следующий урок", "Следующий урок", "Следующий урок", "К тесту"]) {
      await page.getByRole("button", { name: "Урок пройден" }).click();
      await page.getByRole("button", { name: "Урок пройден" }).waitFor({ state: "detached" });
      await page.getByRole("button", { name: next }).click();
    }
    await page.getByText("Уроков пройдено: 4 из 4").waitFor();
    await page.getByRole("region", { name: "Тест" }).getByRole("button", { name: "Начать тест" }).click();
    await page.waitForURL(/\/training\/attempts\//);
    await page.getByRole("timer").waitFor();
    await answerAll(page, key, true);
    await page.getByText(`Отвечено: ${key.questions.length} из ${key.questions.length}`).waitFor();
    await page.getByRole("button", { name: "Завершить тест" }).first().click();
    await page
      .getByRole("dialog", { name: "Завершить тест?" })
      .getByRole("button", { name: "Завершить", exact: true })
      .click();
    const result = page.getByTestId("attempt-result");
    await result.getByRole("heading", { name: "Тест сдан" }).waitFor();
    await result.getByText(`Набрано ${key.questions.length} из ${key.questions.length}`).waitFor();

    // The Almaty head's «Прогресс сотрудников»: the manager passed, 100 %, with the XLSX to download.
    const head = await session("d.kozlov");
    await head.goto(`${baseUrl()}/training?tab=progress`);
    const table = head.getByTestId("training-progress-table");
    const row = table.getByRole("row").filter({ hasText: me.name }).filter({ hasText: "Как работать в Планёрке" });
    await row.getByText("Пройден").waitFor();
    await row.getByText("100%").waitFor();
    await head
      .getByRole("button", { name: "Скачать XLSX" })
      .or(head.getByRole("link", { name: "Скачать XLSX" }))
      .waitFor();
    await screenshot(head, "training-02-progress");
    const progress = await apiGet<{ rows: { user: { id: string }; course: { id: string }; status: string }[] }>(
      head,
      `/training/progress?courseId=${starter.id}`,
    );
    expect(progress.rows.find((line) => line.user.id === me.id)?.status).toBe("passed");
  });

  it("a manager fails the Almaty attestation; the head sees the result and repeats it for them alone", async () => {
    const top = await session("p.sokolov");
    const courses = await apiGet<{ items: CourseItem[] }>(top, "/courses");
    const welding = courses.items.find((course) => course.title === "Сварочное оборудование: проверка знаний")!;
    const key = await apiGet<Authoring>(top, `/courses/${welding.id}/authoring`);

    const page = await session("a.ismailova");
    const me = await apiGet<{ id: string; name: string }>(page, "/me");
    await page.goto(`${baseUrl()}/training?tab=attestations`);
    await page.getByRole("link", { name: "Аттестация Алматы: сварочное оборудование" }).click();
    await page.getByRole("button", { name: "Пройти тест" }).click();
    await page.waitForURL(/\/training\/attempts\//);
    await answerAll(page, key, false);
    await page.getByRole("button", { name: "Завершить тест" }).first().click();
    await page
      .getByRole("dialog", { name: "Завершить тест?" })
      .getByRole("button", { name: "Завершить", exact: true })
      .click();
    await page.getByTestId("attempt-result").getByRole("heading", { name: "Тест не сдан" }).waitFor();

    const head = await session("d.kozlov");
    await head.goto(`${baseUrl()}/training?tab=attestations`);
    await head.getByRole("link", { name: "Аттестация Алматы: сварочное оборудование" }).click();
    const results = head.getByTestId("attestation-results");
    const mine = results.getByRole("row").filter({ hasText: me.name });
    await mine.getByText("Не сдан").waitFor();
    await mine.getByText("0%").waitFor();
    await screenshot(head, "training-03-attestation-results");
    await head.getByRole("button", { name: "Назначить пересдачу не сдавшим" }).click();
    await head.getByText("Аттестация Алматы: сварочное оборудование (пересдача)").waitFor();
    const repeat = head.getByTestId("attestation-results");
    await repeat.getByRole("row").filter({ hasText: me.name }).getByText("Не начат").waitFor();
    // Only the one who failed is in the repeat: a header row and theirs.
    expect(await repeat.getByRole("row").count()).toBe(2);
  });
});
