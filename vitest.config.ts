import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "common", include: ["common/src/**/*.test.ts"], environment: "node" } },
      // The web app's pure modules (texts, formatting); no DOM, so they run with the unit tests.
      { test: { name: "web", include: ["web/src/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "server",
          include: ["server/src/**/*.test.ts"],
          environment: "node",
          globalSetup: ["server/src/testing/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          // Pages load over a real server and browser: give polled expectations time.
          expect: { poll: { timeout: 15_000, interval: 200 } },
          environment: "node",
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
