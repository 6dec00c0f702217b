import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launchBrowser, logIn, screenshot } from "./browser";

// Kazakh month names as Intl (not the app's dayjs locale) writes them: the check is independent.
const zone = "Asia/Almaty";
const now = new Date();
const dayMonth = new Intl.DateTimeFormat("kk-KZ", { day: "numeric", month: "long", timeZone: zone }).format(now);
const monthName = dayMonth.replace(/^\d+\s+/, "");
const year = new Intl.DateTimeFormat("en", { year: "numeric", timeZone: zone }).format(now);
const weekday = new Intl.DateTimeFormat("kk-KZ", { weekday: "long", timeZone: zone }).format(now);
/** A date with a Kazakh month, as the lists show it: «4 желтоқсан 2026» or «4 жел 2026». */
const kazakhDate = /\b\d{1,2} (қаң|ақп|нау|сәу|мам|мау|шіл|там|қыр|қаз|қар|жел)[а-яәғқңөұүһі]*\.? \d{4}/;

async function heading(page: Page, name: string | RegExp) {
  await page.getByRole("heading", { name }).first().waitFor();
}

describe("the interface in Kazakh", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a manager switches to Қазақша and sees the cabinet, deals and tasks in Kazakh with Kazakh dates", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: "Меню пользователя" }).waitFor();
    await page.getByRole("button", { name: "Язык" }).click();
    await page.getByRole("menuitem", { name: "Қазақша" }).click();
    await page.getByRole("button", { name: "Пайдаланушы мәзірі" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("kk");

    // The choice survives a reload, like the Russian/English one.
    await page.goto(`${baseUrl()}/`);
    await page.getByText(`Бүгін ${weekday}, ${dayMonth} ${year}`).waitFor();
    await page.getByRole("link", { name: "Басты бет" }).first().waitFor();
    await screenshot(page, "90-kk-home");

    await page.goto(`${baseUrl()}/cabinet`);
    const figures = page.getByRole("region", { name: "Көрсеткіштер" });
    await figures.getByRole("group", { name: "Айлық жоспар", exact: true }).waitFor();
    await page.getByText(`${monthName} ${year}`, { exact: true }).first().waitFor();
    // Numbers as Kazakhstan writes them (1 234,5), even where the browser's ICU lacks Kazakh data.
    const completion = await figures.getByRole("group", { name: "Орындалу пайызы", exact: true }).innerText();
    expect(completion).toMatch(/\d %/);
    expect(completion).not.toMatch(/\d\.\d/);
    await page.getByRole("table", { name: "Ағымдағы белсенділік" }).waitFor();
    await screenshot(page, "91-kk-cabinet");

    await page.goto(`${baseUrl()}/crm/deals`);
    await heading(page, "Мәмілелер");
    await page.getByRole("button", { name: "Мәміле құру" }).first().waitFor();
    const table = page.getByRole("table").first();
    await table.getByRole("row").nth(1).waitFor();
    await expect.poll(async () => kazakhDate.test(await table.innerText())).toBe(true);
    await screenshot(page, "92-kk-deals");

    await page.goto(`${baseUrl()}/tasks`);
    await heading(page, "Тапсырмалар");
    await page.getByRole("tab", { name: "Орындаймын" }).waitFor();
    await screenshot(page, "93-kk-tasks");
    await context.close();
  });

  it("an administrator picks Қазақша in the profile and reads the settings in Kazakh", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "admin", "demo");
    await page.getByRole("button", { name: "Меню пользователя" }).waitFor();
    await page.goto(`${baseUrl()}/profile`);
    await page.getByText("Қазақша", { exact: true }).click();
    await heading(page, "Менің профилім");

    await page.goto(`${baseUrl()}/settings/company`);
    await page.getByLabel("Уақыт белдеуі").first().waitFor();
    await page.getByText("Әдепкі тіл").waitFor();
    await screenshot(page, "94-kk-settings");

    await page.goto(`${baseUrl()}/settings/calendar`);
    await heading(page, "Өндірістік күнтізбе");
    await page.getByText(/Жылдағы жұмыс күндері: \d+/).waitFor();
    await context.close();
  });
});
