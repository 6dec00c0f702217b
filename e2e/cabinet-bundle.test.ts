import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
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

  it("opens /cabinet without fetching another page's code, and the cabinet becomes usable", async () => {
    const manifest = readManifest();
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
    const allowed = staticClosure(manifest, cabinetPage, staticClosure(manifest, entry[0]));
    // The cabinet's own parts that load after it (its charts), never another feature's.
    for (const part of manifest[cabinetPage]!.dynamicImports ?? []) {
      if (part.startsWith("src/features/cabinet/")) staticClosure(manifest, part, allowed);
    }
    const otherPages = new Map(
      pageModules()
        .filter((page) => page !== cabinetPage)
        .map((page) => [manifest[page]!.file, page] as const),
    );

    const options = { viewport: { width: 1366, height: 900 }, locale: "ru-RU" };
    const login = await browser.newContext(options);
    const loginPage = await login.newPage();
    await logIn(loginPage, "a.ismailova", "demo");
    await loginPage.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const storageState = await login.storageState();
    await login.close();

    // A fresh context: the session cookie only, an empty cache, so every script is fetched.
    const context = await browser.newContext({ ...options, storageState });
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on("response", (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.endsWith(".js")) fetched.push(pathname.replace(/^\//, ""));
    });
    await page.goto(`${baseUrl()}/cabinet`);

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
    await context.close();
  });
});
