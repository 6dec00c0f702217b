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
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { launchBrowser } from "../e2e/chromium";

export interface BrowserFigure {
  name: string;
  p50: number;
  p95: number;
  max: number;
  note?: string;
}

const warmUp = 2;
/** How long a step may take: under the load part's 200 clients a login or a visit takes seconds. */
const patience = 120_000;

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
  const deadline = Date.now() + patience;
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

/**
 * Where the time to usable went, on the page's clock: when the last script and the last API answer
 * (the figures' and the week's reads) that arrived before "usable" were in.
 */
const timingsProbe = `(() => {
  const usableAt = window.__cabinetProbe.usableAt;
  const before = performance.getEntriesByType("resource").filter((entry) => entry.responseEnd <= usableAt);
  const lastEnd = (test) => Math.max(0, ...before.filter((entry) => test(new URL(entry.name).pathname)).map((entry) => entry.responseEnd));
  return { scriptsAt: lastEnd((path) => path.endsWith(".js")), apiAt: lastEnd((path) => path.startsWith("/api/")) };
})()`;

async function openCabinet(context: BrowserContext, baseUrl: string) {
  const page = await context.newPage();
  const scripts = recordScripts(page);
  await page.goto(`${baseUrl}/cabinet`, { waitUntil: "commit", timeout: patience });
  const { usableAt: at } = await waitUntilUsable(page);
  const { scriptsAt, apiAt } = (await page.evaluate(timingsProbe)) as { scriptsAt: number; apiAt: number };
  const downloads = await scripts();
  await page.close();
  return { at, scriptsAt, apiAt, downloads };
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const contextOptions = { viewport: { width: 1366, height: 900 }, locale: "ru-RU" };

/** Logs in over the API and returns the session (its cookie) for fresh contexts to carry. */
async function logInOrThrow(browser: Browser, baseUrl: string, login: string, password: string) {
  const session = await browser.newContext(contextOptions);
  await session.addInitScript(probe);
  const answer = await session.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login, password },
    headers: { origin: baseUrl },
    timeout: patience,
  });
  if (!answer.ok()) throw new Error(`login as ${login}: ${answer.status()} ${await answer.text()}`);
  return { session, storageState: await session.storageState() };
}

/**
 * Full loads of /cabinet with an empty cache: a fresh context per visit, carrying only the session
 * cookie, so every script is downloaded. Returns the times to usable after warm-up, the scripts of
 * the last visit, and a note of where the time went (p50 of the last script's and API answer's end).
 */
async function coldVisits(browser: Browser, baseUrl: string, storageState: StorageState, iterations: number) {
  const times: number[] = [];
  const scriptsDone: number[] = [];
  const apiDone: number[] = [];
  let downloads: Download[] = [];
  for (let index = 0; index < iterations + warmUp; index++) {
    const context = await browser.newContext({ ...contextOptions, storageState });
    await context.addInitScript(probe);
    const visit = await openCabinet(context, baseUrl);
    await context.close();
    if (index >= warmUp) {
      times.push(visit.at);
      scriptsDone.push(visit.scriptsAt);
      apiDone.push(visit.apiAt);
    }
    downloads = visit.downloads;
  }
  const breakdown =
    `p50 of the last script in at ${percentile(scriptsDone, 0.5).toFixed(0)} ms, ` +
    `of the last API answer at ${percentile(apiDone, 0.5).toFixed(0)} ms`;
  return { times, downloads, breakdown };
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
    const { session, storageState } = await logInOrThrow(browser, baseUrl, login, password);
    const freshProfile = async () => {
      const context = await browser.newContext({ ...contextOptions, storageState });
      await context.addInitScript(probe);
      return context;
    };

    // (a) Full load with an empty cache: a fresh context per visit, carrying only the session cookie.
    const {
      times: cold,
      downloads: fullLoad,
      breakdown,
    } = await coldVisits(browser, baseUrl, storageState, iterations);

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
      // The sidebar's link: the start page may link to the cabinet too.
      const link = page.getByRole("navigation", { name: "Разделы портала" }).getByRole("link", { name: "Мой кабинет" });
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
      (rest.length ? ` and ${rest.length} more (${kib(totalOf(rest))})` : "") +
      `; ${breakdown}`;
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

/**
 * (a) alone, while something else loads the server (bench/load.ts runs it beside its clients): the
 * cabinet's first load on a cold cache, navigation to usable, `iterations` visits after warm-up.
 */
export async function measureCabinetColdInBrowser(
  baseUrl: string,
  login: string,
  password: string,
  iterations: number,
  name: string,
): Promise<BrowserFigure> {
  const browser = await launchBrowser();
  try {
    const { session, storageState } = await logInOrThrow(browser, baseUrl, login, password);
    await session.close();
    const { times, downloads, breakdown } = await coldVisits(browser, baseUrl, storageState, iterations);
    return figure(name, times, `${downloads.length} JS files, ${kib(totalOf(downloads))}; ${breakdown}`);
  } finally {
    await browser.close();
  }
}
