import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { launchBrowser } from "./chromium";

export { launchBrowser } from "./chromium";

export const artifactsDir = path.resolve(import.meta.dirname, "../artifacts/e2e");

export const baseUrl = () => inject("baseUrl");

export async function screenshot(page: Page, name: string, options: { fromTop?: boolean } = {}) {
  mkdirSync(artifactsDir, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the fixed header in the middle. Only
  // when asked, since scrolling closes what is open (a mention list, a menu).
  if (options.fromTop) await page.evaluate(() => window.scrollTo(0, 0));
  const file = path.join(artifactsDir, `${name}.png`);
  // A picture for people to look at, not an assertion: a starved headless compositor sometimes never
  // delivers a full-page frame, so the visible part is taken instead and the test goes on.
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 20_000 });
  } catch (error) {
    console.warn(
      `screenshot ${name}: full page failed (${(error as Error).message.split("\n")[0]}); taking the viewport`,
    );
    await page.screenshot({ path: file, timeout: 20_000 }).catch(() => console.warn(`screenshot ${name}: skipped`));
  }
}

export async function logIn(page: Page, login: string, password: string) {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Логин").fill(login);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
}

/** Calls the API from inside the page, with the page's session, as the web app itself would. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1${path}`) as Promise<T>;
}

/** Calls the API from inside the page with the page's session, as the web app does; a refusal throws with its answer. */
export async function apiPost<T>(page: Page, path: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ({ url, json }) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(json),
      });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      return response.json();
    },
    { url: `/api/v1${path}`, json: body },
  ) as Promise<T>;
}

/** Text as a literal inside a RegExp (names of types, subjects). */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One browser for a test file and a `session(login)` that opens a logged-in page of the demo
 * company in a context of its own (a laptop screen, Russian, unless told otherwise).
 */
export function useBrowserSessions(defaults: Parameters<Browser["newContext"]>[0] = {}) {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });
  return async (login: string, options: Parameters<Browser["newContext"]>[0] = {}) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "ru-RU",
      ...defaults,
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return page;
  };
}

/** Drops `files` onto the element as a person dragging them from the desktop would: dragenter, dragover, drop. */
export async function dropFiles(page: Page, testId: string, files: { name: string; type: string; base64: string }[]) {
  await page.evaluate(
    ({ testId, files }) => {
      const data = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        data.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const zone = document.querySelector(`[data-testid="${testId}"]`);
      if (!zone) throw new Error(`no ${testId}`);
      for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      }
    },
    { testId, files },
  );
}
