import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

describe("head cabinet in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a head sees the roll-up of their office and an employee's open deals", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    await logIn(page, "d.kozlov", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/head`);
    const table = page.getByRole("table", { name: "По подразделениям" });
    await table.waitFor();
    const me = await apiGet<{ headedUnitIds: string[] }>(page, "/me");
    const rollup = await apiGet<{ users: { user: { name: string }; dealsInWork: { count: number } }[] }>(
      page,
      `/cabinet/units/${me.headedUnitIds[0]}`,
    );
    const person = rollup.users.find((entry) => entry.dealsInWork.count > 0)!;
    const button = table.getByRole("button", { name: `Открытые сделки: ${person.user.name}` });
    await expect.poll(async () => (await button.innerText()).replace(/\D/g, "")).toBe(String(person.dealsInWork.count));
    await screenshot(page, "30-head-cabinet");
    // The month's deals and activities as a workbook, within the head's scope.
    const href = (await page.getByRole("link", { name: "Excel: сделки и дела за месяц" }).getAttribute("href"))!;
    const download = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        size: (await response.arrayBuffer()).byteLength,
      };
    }, href);
    expect(download.status).toBe(200);
    expect(download.type).toContain("spreadsheetml");
    expect(download.size).toBeGreaterThan(1000);
    await button.click();
    const dialog = page.getByRole("dialog", { name: `Открытые сделки — ${person.user.name}` });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole("row").count()).toBeGreaterThan(1);
    await screenshot(page, "31-head-open-deals");
    await context.close();
  });

  it("a manager has no head cabinet", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "ru-RU",
      isMobile: true,
    });
    const page = await context.newPage();
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: "Меню разделов" }).waitFor();
    const me = await apiGet<{ unitId: string }>(page, "/me");
    expect(await page.evaluate(async (url) => (await fetch(url)).status, `/api/v1/cabinet/units/${me.unitId}`)).toBe(
      404,
    );
    await page.getByRole("button", { name: "Меню разделов" }).click();
    expect(await page.getByRole("navigation").getByRole("link", { name: "Кабинет руководителя" }).count()).toBe(0);
    await context.close();
  });
});
