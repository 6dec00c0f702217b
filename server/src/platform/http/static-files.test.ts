import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { useTestApp } from "../../testing/test-app";

describe("the web app beside the API", () => {
  const context = useTestApp();
  const dist = mkdtempSync(path.join(tmpdir(), "planerka-dist-"));
  mkdirSync(path.join(dist, "assets"));
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Planerka</title>");
  // The build's manifest (source paths of every chunk) is for the build check, not for visitors.
  mkdirSync(path.join(dist, ".vite"));
  writeFileSync(path.join(dist, ".vite", "manifest.json"), '{"src/main.tsx":{}}');
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it("serves the page for app paths, files that appear after start, and problems for unknown API paths", async () => {
    const app = await buildApp({ db: context.handle.db, webDist: dist });
    const home = await app.inject({ method: "GET", url: "/" });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("<title>Planerka</title>");
    const page = await app.inject({ method: "GET", url: "/crm/deals/123" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    // A rebuilt web app adds files with new hashes; they are served without a restart.
    writeFileSync(path.join(dist, "assets", "index-new.js"), "console.log(1)");
    expect((await app.inject({ method: "GET", url: "/assets/index-new.js" })).statusCode).toBe(200);
    const manifest = await app.inject({ method: "GET", url: "/.vite/manifest.json" });
    expect(manifest.body).not.toContain("src/main.tsx");
    for (const method of ["GET", "POST"] as const) {
      const api = await app.inject({ method, url: "/api/v1/no-such-thing" });
      expect(api.statusCode).toBe(404);
      expect(api.headers["content-type"]).toContain("application/problem+json");
    }
    await app.close();
  });
});
