import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { inject } from "vitest";

export { launchBrowser } from "./chromium";

export const artifactsDir = path.resolve(import.meta.dirname, "../artifacts/e2e");

export const baseUrl = () => inject("baseUrl");

export async function screenshot(page: Page, name: string) {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
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

/** Text as a literal inside a RegExp (names of types, subjects). */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
