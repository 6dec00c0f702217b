/**
 * The manager cabinet in a real browser (Debian's Chromium through playwright-core): how long from
 * navigation until the page is usable, and which JavaScript the navigation downloads.
 *
 * "Usable" means: the header band shows all its figures with the loaded values (not the empty
 * band of the loading state) and the weekly table «Текущая активность» has its weekday rows from
 * the API (not the skeleton). It is detected inside the page by a MutationObserver and stamped on
 * the next animation frame (when the browser paints it), on the page's own clock, whose zero is
 * the navigation start.
 */
import type { BrowserContext, Page, Response } from "playwright-core";
import { launchBrowser } from "../e2e/chromium";

export interface BrowserFigure {
  name: string;
  p50: number;
  p95: number;
  max: number;
  note?: string;
}

const warmUp = 2;

/**
 * Runs in every page before its own scripts. Page code is kept as text: the benchmark is compiled
 * without the DOM library. The labels are the Russian ones (the contexts use the ru-RU locale and
 * the demo company speaks Russian), as in e2e/cabinet.test.ts.
 */
const probe = `(() => {
  const state = { usableAt: null, clickAt: null };
  window.__cabinetProbe = state;
  const usable = () => {
    const figures = document.querySelectorAll('section[aria-label="Показатели"] [role="group"][aria-labelledby]');
    if (figures.length < 6 || !/\\d/.test(figures[0].textContent || "")) return false;
    const days = document.querySelectorAll('table[aria-label="Текущая активность"] tbody th[scope="row"]');
    return days.length >= 5;
  };
  const observer = new MutationObserver(() => {
    if (!usable()) return;
    observer.disconnect();
    requestAnimationFrame(() => { state.usableAt = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href="/cabinet"]') : null;
    if (link) state.clickAt = performance.now();
  }, true);
})();`;

interface ProbeState {
  usableAt: number | null;
  clickAt: number | null;
}

/**
 * Polls the probe from here: the portal's CSP forbids the eval that `waitForFunction` needs. The
 * time is stamped inside the page, so the polling interval does not enter the figure.
 */
async function waitUntilUsable(page: Page): Promise<ProbeState & { usableAt: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = (await page.evaluate("window.__cabinetProbe")) as ProbeState | undefined;
    if (state?.usableAt != null) return { ...state, usableAt: state.usableAt };
    if (Date.now() > deadline) throw new Error(`the cabinet did not become usable at ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(values: number[], fraction: number) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function figure(name: string, times: number[], note?: string): BrowserFigure {
  return { name, p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times), note };
}

interface Download {
  file: string;
  bytes: number;
}

/** The JavaScript files a page fetched, with their body size as sent over the wire. */
function recordScripts(page: Page): () => Promise<Download[]> {
  const pending: Promise<Download>[] = [];
  let collected = false;
  page.on("response", (response: Response) => {
    const url = new URL(response.url());
    // Scripts that arrive after "usable" (the charts, loaded lazily) are not the page's start-up.
    if (collected || !url.pathname.endsWith(".js")) return;
    const file = url.pathname.replace(/^\/assets\//, "");
    pending.push(
      response
        .request()
        .sizes()
        .then((sizes) => ({ file, bytes: sizes.responseBodySize }))
        .catch(() => ({ file, bytes: 0 })),
    );
  });
  return () => {
    collected = true;
    return Promise.all(pending);
  };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
// Vite names a chunk after its first module and adds a content hash; the hash is noise here.
const chunkName = (file: string) => file.replace(/-[\w-]{8}\.js$/, "");
const totalOf = (downloads: Download[]) => downloads.reduce((sum, download) => sum + download.bytes, 0);
const largestFirst = (downloads: Download[]) => [...downloads].sort((left, right) => right.bytes - left.bytes);

async function openCabinet(context: BrowserContext, baseUrl: string) {
  const page = await context.newPage();
  const scripts = recordScripts(page);
  await page.goto(`${baseUrl}/cabinet`, { waitUntil: "commit" });
  const { usableAt: at } = await waitUntilUsable(page);
  const downloads = await scripts();
  await page.close();
  return { at, downloads };
}

/**
 * Logs in as `login`, then measures, after warm-up, `iterations` times each:
 * (a) a full load of /cabinet in a fresh browser profile (empty HTTP cache: every script is
 * downloaded), from the navigation's start to usable; (a') the same with the browser cache warm;
 * (b) the in-app navigation from the home page by the sidebar link «Мой кабинет», from the click
 * to usable, in a fresh profile too, so the cabinet's own code is downloaded on the click.
 * The notes name the scripts each downloaded, with their sizes as sent (the server does not
 * compress them).
 */
export async function measureCabinetInBrowser(
  baseUrl: string,
  login: string,
  password: string,
  iterations = 20,
): Promise<BrowserFigure[]> {
  const browser = await launchBrowser();
  try {
    const options = { viewport: { width: 1366, height: 900 }, locale: "ru-RU" };
    const session = await browser.newContext(options);
    await session.addInitScript(probe);
    const answer = await session.request.post(`${baseUrl}/api/v1/auth/login`, {
      data: { login, password },
      headers: { origin: baseUrl },
    });
    if (!answer.ok()) throw new Error(`login as ${login}: ${answer.status()} ${await answer.text()}`);
    const storageState = await session.storageState();
    const freshProfile = async () => {
      const context = await browser.newContext({ ...options, storageState });
      await context.addInitScript(probe);
      return context;
    };

    // (a) Full load with an empty cache: a fresh context per visit, carrying only the session cookie.
    const cold: number[] = [];
    let fullLoad: Download[] = [];
    for (let index = 0; index < iterations + warmUp; index++) {
      const context = await freshProfile();
      const { at, downloads } = await openCabinet(context, baseUrl);
      await context.close();
      if (index >= warmUp) cold.push(at);
      fullLoad = downloads;
    }

    // (a') Full load with the browser cache warm (scripts revalidated, not downloaded again).
    const warm: number[] = [];
    for (let index = 0; index < iterations + warmUp; index++) {
      const { at } = await openCabinet(session, baseUrl);
      if (index >= warmUp) warm.push(at);
    }
    await session.close();

    // (b) In-app: the home page is loaded and idle, then the sidebar link is clicked.
    const inApp: number[] = [];
    let onClick: Download[] = [];
    for (let index = 0; index < iterations + warmUp; index++) {
      const context = await freshProfile();
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`, { waitUntil: "networkidle" });
      const link = page.getByRole("link", { name: "Мой кабинет" });
      await link.waitFor();
      const scripts = recordScripts(page);
      await link.click();
      const state = await waitUntilUsable(page);
      if (state.clickAt === null) throw new Error("the click on «Мой кабинет» was not seen");
      if (index >= warmUp) inApp.push(state.usableAt - state.clickAt);
      onClick = await scripts();
      await context.close();
    }

    const largest = largestFirst(fullLoad);
    const shown = largest.slice(0, 8).map((download) => `${chunkName(download.file)} ${kib(download.bytes)}`);
    const rest = largest.slice(8);
    const fullNote =
      `${fullLoad.length} JS files, ${kib(totalOf(fullLoad))}: ${shown.join(", ")}` +
      (rest.length ? ` and ${rest.length} more (${kib(totalOf(rest))})` : "");
    const clickNote =
      `the cabinet's own code, fetched on the click: ${onClick.length} JS files, ${kib(totalOf(onClick))}: ` +
      largestFirst(onClick)
        .map((download) => `${chunkName(download.file)} ${kib(download.bytes)}`)
        .join(", ");
    return [
      figure("cabinet in Chromium: full load, empty cache (navigation to usable)", cold, fullNote),
      figure("cabinet in Chromium: full load, warm cache", warm),
      figure("cabinet in Chromium: in-app from the home page (click to usable)", inApp, clickNote),
    ];
  } finally {
    await browser.close();
  }
}
