import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launchBrowser, logIn } from "./browser";

/**
 * The cabinet's code is split from the rest of the portal: opening /cabinet downloads the shell
 * (the entry chunk and what it imports) and the cabinet page's chunks, nothing of another page.
 * Chunks are told apart by Vite's manifest of the build the server serves (web/dist, as
 * `npm run build` leaves it; with E2E_BASE_URL, that server must serve this checkout's build).
 */

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const webDir = path.resolve(import.meta.dirname, "../web");
const readManifest = (): Record<string, ManifestChunk> =>
  JSON.parse(readFileSync(path.join(webDir, "dist/.vite/manifest.json"), "utf8"));

/** Every page of the portal: the modules the routes load with `lazyRouteComponent`. */
function pageModules(): string[] {
  const features = path.join(webDir, "src/features");
  return readdirSync(features, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith("-page.tsx"))
    .map((file) => `src/features/${file.split(path.sep).join("/")}`)
    .sort();
}

/** The files a chunk loads before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, key: string, files = new Set<string>()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, files);
  return files;
}

const cabinetPage = "src/features/cabinet/cabinet-page.tsx";
const cabinetCharts = "src/features/cabinet/cabinet-charts.tsx";
/** Each interface language's texts: a chunk of their own, loaded when the language is used. */
const texts = { ru: "src/i18n/ru.ts", en: "src/i18n/en.ts", kk: "src/i18n/kk.ts" } as const;

/** Runs in the page before its scripts: room for every request's timing (the default keeps 250). */
const timingBuffer = "performance.setResourceTimingBufferSize(1000);";

/** Each request's timing on the page's clock (resource timing), by path without the leading slash. */
async function requestTimes(page: Page): Promise<Map<string, { startTime: number; responseEnd: number }>> {
  const entries = (await page.evaluate(
    "performance.getEntriesByType('resource').map((entry) => [entry.name, entry.startTime, entry.responseEnd])",
  )) as [string, number, number][];
  return new Map(
    entries.map(([url, startTime, responseEnd]) => [
      new URL(url).pathname.replace(/^\//, ""),
      { startTime, responseEnd },
    ]),
  );
}

describe("the cabinet's code split", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("builds every page as a chunk of its own, loaded on demand", () => {
    const manifest = readManifest();
    const pages = pageModules();
    expect(pages).toContain(cabinetPage);
    // A page imported eagerly anywhere would be folded into another chunk and lose its own.
    const notSplit = pages.filter((page) => !manifest[page]?.isDynamicEntry);
    expect(notSplit).toEqual([]);
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
    const shell = staticClosure(manifest, entry[0]);
    const pagesInShell = pages.filter((page) => shell.has(manifest[page]!.file));
    expect(pagesInShell).toEqual([]);
  });

  it("builds each language's texts and the charts as chunks of their own, outside the first load's code", () => {
    const manifest = readManifest();
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
    const firstLoad = staticClosure(manifest, cabinetPage, staticClosure(manifest, entry[0]));
    for (const file of Object.values(texts)) {
      expect(manifest[file]?.isDynamicEntry).toBe(true);
      expect(firstLoad.has(manifest[file]!.file)).toBe(false);
    }
    expect(manifest[cabinetCharts]?.isDynamicEntry).toBe(true);
    expect(firstLoad.has(manifest[cabinetCharts]!.file)).toBe(false);
  });

  let storageState: Awaited<ReturnType<BrowserContext["storageState"]>>;
  const options = { viewport: { width: 1366, height: 900 }, locale: "ru-RU" };
  /** A fresh context: the session cookie (and a stored language, if any), an empty cache, so every script is fetched. */
  async function coldCabinet(language?: "en") {
    if (!storageState) {
      const login = await browser.newContext(options);
      const loginPage = await login.newPage();
      await logIn(loginPage, "a.ismailova", "demo");
      await loginPage.getByRole("button", { name: /Меню пользователя/ }).waitFor();
      storageState = await login.storageState();
      await login.close();
    }
    const origin = new URL(baseUrl()).origin;
    const context = await browser.newContext({
      ...options,
      storageState: language
        ? { ...storageState, origins: [{ origin, localStorage: [{ name: "planerka.language", value: language }] }] }
        : storageState,
    });
    await context.addInitScript(timingBuffer);
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on("response", (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.endsWith(".js")) fetched.push(pathname.replace(/^\//, ""));
    });
    await page.goto(`${baseUrl()}/cabinet`);
    return { context, page, fetched };
  }

  it("opens /cabinet without fetching another page's code, and the cabinet becomes usable", async () => {
    const manifest = readManifest();
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
    // The shell, the cabinet page and the Russian texts (the language this visit reads).
    const allowed = staticClosure(
      manifest,
      texts.ru,
      staticClosure(manifest, cabinetPage, staticClosure(manifest, entry[0])),
    );
    const firstLoad = new Set(allowed);
    // The cabinet's own parts that load after it (its charts), never another feature's.
    for (const part of manifest[cabinetPage]!.dynamicImports ?? []) {
      if (part.startsWith("src/features/cabinet/")) staticClosure(manifest, part, allowed);
    }
    const otherPages = new Map(
      pageModules()
        .filter((page) => page !== cabinetPage)
        .map((page) => [manifest[page]!.file, page] as const),
    );

    const { context, page, fetched } = await coldCabinet();

    // Usable: the header band's figures hold the loaded values and the weekly table has its days.
    const figures = page.getByRole("region", { name: "Показатели" });
    await expect.poll(async () => /\d/.test(await figures.getByRole("group").first().innerText())).toBe(true);
    expect(await figures.getByRole("group").count()).toBeGreaterThanOrEqual(6);
    const week = page.getByRole("table", { name: "Текущая активность" });
    await expect.poll(() => week.getByRole("rowheader").count()).toBeGreaterThanOrEqual(5);
    await page.waitForLoadState("networkidle");

    expect(fetched).toContain(entry[1].file);
    expect(fetched).toContain(manifest[cabinetPage]!.file);
    const otherPagesFetched = fetched.filter((file) => otherPages.has(file)).map((file) => otherPages.get(file));
    expect(otherPagesFetched).toEqual([]);
    // Nothing beyond the shell and the cabinet page's own imports (a shared chunk of other pages, say).
    expect(fetched.filter((file) => !allowed.has(file))).toEqual([]);

    // Only the texts of the language shown: Russian here, never English or Kazakh.
    expect(fetched).toContain(manifest[texts.ru]!.file);
    expect(fetched).not.toContain(manifest[texts.en]!.file);
    expect(fetched).not.toContain(manifest[texts.kk]!.file);

    // The charts are drawn, from scripts of their own that were asked for only after the figures were in.
    await page.locator("figure .recharts-surface").first().waitFor();
    const chartScripts = [...staticClosure(manifest, cabinetCharts)].filter((file) => !firstLoad.has(file));
    expect(chartScripts).toContain(manifest[cabinetCharts]!.file);
    // «After the figures»: after the figures' data had arrived (the end of their API answer), so
    // the charts' download never competes with it. (The page asks for them from an effect of the
    // commit that put the figures in; a DOM observer's stamp can lag that effect by a few ms.)
    const requested = await requestTimes(page);
    const figuresRead = [...requested].find(([path]) => /^api\/v1\/cabinet\/manager\/[^/]+$/.test(path));
    expect(figuresRead, "the figures' API request").toBeDefined();
    for (const file of chartScripts) {
      expect(requested.get(file)?.startTime, file).toBeGreaterThanOrEqual(figuresRead![1].responseEnd);
    }
    await context.close();
  });

  it("reads the English texts alone for someone who chose English", async () => {
    const manifest = readManifest();
    const { context, page, fetched } = await coldCabinet("en");
    const figures = page.getByRole("region", { name: "Figures" });
    await expect.poll(async () => /\d/.test(await figures.getByRole("group").first().innerText())).toBe(true);
    await page.getByRole("table", { name: "Current activity" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(fetched).toContain(manifest[texts.en]!.file);
    expect(fetched).not.toContain(manifest[texts.ru]!.file);
    expect(fetched).not.toContain(manifest[texts.kk]!.file);
    await context.close();
  });
});
