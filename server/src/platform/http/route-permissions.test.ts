import { describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { useTestApp } from "../../testing/test-app";
import { permissions } from "./permissions";

/**
 * Twenty-style permission snapshot: every API route with the permission it declares. A new route
 * without a permission fails here, and a changed permission shows up in review as a snapshot diff.
 */
describe("route permissions", () => {
  const context = useTestApp();

  it("every API route declares a known permission", async () => {
    const routes: { method: string; url: string; permission: string | undefined }[] = [];
    const collector = await buildAppCollectingRoutes(context.handle.db, routes);
    await collector.close();
    const api = routes.filter((route) => route.url.startsWith("/api/") && route.method !== "HEAD");
    expect(api.length).toBeGreaterThan(20);
    for (const route of api) {
      expect(route.permission, `${route.method} ${route.url}`).toBeDefined();
      expect(Object.keys(permissions)).toContain(route.permission);
    }
    const table = api
      .map((route) => `${route.method.padEnd(6)} ${route.url.padEnd(40)} ${route.permission}`)
      .sort()
      .join("\n");
    await expect(`${table}\n`).toMatchFileSnapshot("./__snapshots__/route-permissions.txt");
  });

  it("describes every API route in the OpenAPI document", async () => {
    const routes: { method: string; url: string; permission: string | undefined }[] = [];
    const collector = await buildAppCollectingRoutes(context.handle.db, routes);
    const document = (await collector.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    await collector.close();
    const described = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths as Record<string, object>)) {
      for (const method of Object.keys(operations))
        described.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
    }
    const missing = routes
      .filter(
        (route) => route.url.startsWith("/api/") && route.method !== "HEAD" && route.url !== "/api/v1/openapi.json",
      )
      .map((route) => `${route.method} ${route.url}`)
      .filter((route) => !described.has(route));
    expect(missing).toEqual([]);
  });
});

async function buildAppCollectingRoutes(
  db: Parameters<typeof buildApp>[0]["db"],
  routes: { method: string; url: string; permission: string | undefined }[],
) {
  const app = await buildApp({
    db,
    webDist: null,
    onRoute: (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        routes.push({
          method,
          url: route.url,
          permission: (route.config as { permission?: string } | undefined)?.permission,
        });
      }
    },
  });
  await app.ready();
  return app;
}
