import { describe, expect, it } from "vitest";
import { baseUrl, screenshot, useBrowserSessions } from "./browser";

/** «Книга продаж»: a head writes an article, a manager on a phone finds it by a word form and marks it useful. */
describe("the sales book in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const title = `Плазменная резка ${marker}`;

  it("a head reads the demo section, adds a section and writes and edits an article in it", async () => {
    const page = await session("d.kozlov");
    await page.goto(`${baseUrl()}/training?tab=book`);
    const sections = page.getByRole("navigation", { name: "Разделы" });
    await sections.getByText("Сварочное оборудование").waitFor();
    const list = page.getByRole("region", { name: "Статьи раздела «Сварочное оборудование»" });
    await screenshot(page, "sales-book-01-section");
    await list.getByRole("link", { name: /ПВ \(продолжительность включения\)/ }).click();
    await page.getByRole("heading", { name: /ПВ \(продолжительность включения\)/ }).waitFor();
    await page.getByText("из каждых 10 минут аппарат варит током 200 А", { exact: false }).waitFor();
    await screenshot(page, "sales-book-01-demo-article");
    await page.getByRole("link", { name: "← К книге продаж" }).click();
    await list.waitFor();

    // A section of its own, then the article in it.
    await page.getByRole("button", { name: "Новый раздел" }).click();
    const sectionDialog = page.getByRole("dialog", { name: "Новый раздел" });
    await sectionDialog.getByRole("textbox", { name: "Название раздела" }).fill(`Резка ${marker}`);
    await sectionDialog.getByRole("button", { name: "Сохранить" }).click();
    await sectionDialog.waitFor({ state: "detached" });
    await page.getByRole("heading", { name: `Резка ${marker}` }).waitFor();
    await page.getByText("В этом разделе пока нет статей").waitFor();

    await page.getByRole("button", { name: "Новая статья" }).click();
    const dialog = page.getByRole("dialog", { name: "Новая статья" });
    await dialog.getByRole("textbox", { name: "Заголовок" }).fill(`Черновик ${marker}`);
    const editor = dialog.getByRole("textbox", { name: "Текст статьи" });
    await editor.click();
    await page.keyboard.type("Плазморезы режут сталь, нержавейку и алюминий до 20 мм без газового баллона.");
    await dialog.getByRole("button", { name: "Опубликовать" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.waitForURL(/\/training\/book\//);
    await page.getByRole("heading", { name: `Черновик ${marker}` }).waitFor();
    await page.getByText(`Резка ${marker}`).waitFor();

    // Edited: the title as the manager will search for it.
    await page.getByRole("button", { name: "Изменить" }).click();
    const edit = page.getByRole("dialog", { name: "Изменить статью" });
    await edit.getByRole("textbox", { name: "Текст статьи" }).getByText("Плазморезы").waitFor();
    await edit.getByRole("textbox", { name: "Заголовок" }).fill(title);
    await edit.getByRole("button", { name: "Сохранить" }).click();
    await edit.waitFor({ state: "detached" });
    await page.getByRole("heading", { name: title }).waitFor();
    await screenshot(page, "sales-book-02-article");
  });

  it("a manager on a phone finds it by another word form, opens it and marks it useful", async () => {
    const page = await session("a.ismailova", { viewport: { width: 375, height: 812 } });
    await page.goto(`${baseUrl()}/training?tab=book`);
    // On a phone the sections are a picker; a manager has nothing to write with.
    await page.getByRole("combobox", { name: "Раздел" }).waitFor();
    expect(await page.getByRole("button", { name: "Новая статья" }).count()).toBe(0);

    await page.getByRole("searchbox", { name: "Поиск по книге продаж" }).fill("плазморезом");
    const results = page.getByRole("region", { name: "Результаты поиска" });
    const card = results.getByTestId("sales-book-article").filter({ hasText: title });
    await card.locator("mark").first().waitFor();
    expect((await card.locator("mark").first().textContent())?.toLowerCase()).toContain("плазморез");
    await screenshot(page, "sales-book-03-search-phone");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await card.getByRole("link", { name: title }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    expect(await page.getByRole("button", { name: "Изменить" }).count()).toBe(0);
    await page.getByRole("button", { name: "Да, полезно: 0" }).click();
    const yes = page.getByRole("button", { name: "Да, полезно: 1" });
    await yes.waitFor();
    expect(await yes.getAttribute("aria-pressed")).toBe("true");
    await screenshot(page, "sales-book-04-useful-phone");
  });
});
