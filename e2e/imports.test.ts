import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launchBrowser, logIn, screenshot } from "./browser";

describe("imports in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("tells what is wrong with a file and its rows in the reader's language, fields by their names", async () => {
    const run = String(Date.now() % 1_000_000);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/imports`);
    const chooseFile = (name: string, text: string) =>
      page.locator('input[type="file"]').setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

    // A file the server refuses is explained in Russian next to the file.
    await chooseFile("wide.csv", `${Array.from({ length: 16_000 }, () => "a").join(",")}\n1\n`);
    await page.getByRole("button", { name: "Загрузить и продолжить" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("В файле 16000 столбцов, а можно не больше 500");

    // Rows that cannot be imported are named with the field's Russian label and a Russian reason.
    const csv = [
      "Наименование;БИН;Ответственный",
      `ТОО «Импорт ${run}»;123456789012;`,
      `ТОО «Второй ${run}»;;nobody-here`,
    ].join("\n");
    await chooseFile("clients.csv", csv);
    await page.getByRole("button", { name: "Загрузить и продолжить" }).click();
    await page.getByRole("button", { name: "Начать импорт" }).click();
    await page.getByText("Строки с ошибками").waitFor();
    const errors = page.getByRole("table").filter({ hasText: "Строка" });
    await expect
      .poll(() => errors.textContent())
      .toContain("БИН/ИИН: «123456789012» — не БИН/ИИН: нужно 12 цифр с верной контрольной цифрой");
    const text = await errors.textContent();
    expect(text).toContain("Ответственный (логин): нет сотрудника «nobody-here», чьими записями вы можете управлять");
    expect(text).not.toMatch(/BIN|ownerLogin|bin:/);
    await screenshot(page, "imports-01-row-errors-ru");

    // The same job in English.
    const jobUrl = page.url();
    await page.evaluate(() => localStorage.setItem("planerka.language", "en"));
    await page.goto(jobUrl);
    await page.getByText("Rows with errors").waitFor();
    const english = await page.getByRole("table").filter({ hasText: "Row" }).first().textContent();
    expect(english).toContain("BIN/IIN: “123456789012” is not a BIN/IIN: 12 digits with a valid check digit");
    expect(english).toContain("Owner (login): no employee “nobody-here” whose records you may manage");
    await context.close();
  });
});
