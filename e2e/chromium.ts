import { type Browser, chromium } from "playwright-core";

/**
 * Debian's Chromium, never a downloaded one; flags keep it off the (closed) network.
 * Free of vitest, so the benchmark (bench/browser-cabinet.ts) launches it the same way. `extraArgs`
 * add to the flags (the meeting room's test: a fake camera and microphone).
 */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}
