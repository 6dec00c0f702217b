import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type Coverage, recordUrl, routeCoverage } from "../../testing/access-matrix/route-coverage";
import { marker, type Person, World } from "../../testing/access-matrix/world";
import { useTestApp } from "../../testing/test-app";
import { rows } from "../db/database";

interface Operation {
  key: string;
  method: string;
  path: string;
}

/** People outside A1's scope: the fellow manager, the sibling department's head and its manager. */
const outsiders: readonly Person[] = ["managerA2", "headB", "managerB1"];
const nonAdmins: readonly Person[] = ["managerA1", "headA", "top"];

/**
 * The access-leak matrix (DESIGN.md section 1, "the rule that never bends"), built from the OpenAPI
 * document: every route is classified in `crm-coverage.ts` or `portal-coverage.ts`, and each class is checked for the
 * people around manager A1 — their fellow manager, their head and the region's head above, the
 * sibling department's head, a top and an admin.
 */
describe("access-leak matrix over every route", () => {
  const context = useTestApp({ workflowWorker: false });
  let world: World;
  let operations: Operation[];

  /** Every table's content, hashed: a refused request must leave all of them as they were. */
  const databaseState = async () => {
    const tables = await rows<{ name: string }>(
      context.handle.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%drizzle%'
            and table_name not in ('sessions', 'login_attempts', 'user_presence')
          order by table_name`,
    );
    const state: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await rows<{ digest: string | null }>(
        context.handle.db,
        sql`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.identifier(name)} t`,
      );
      state[name] = row!.digest ?? "empty";
    }
    return state;
  };

  const entries = <K extends Coverage["kind"]>(kind: K) =>
    operations.flatMap((operation) =>
      [routeCoverage[operation.key] ?? []]
        .flat()
        .filter((coverage) => coverage.kind === kind)
        .map((coverage) => ({ ...operation, coverage: coverage as Extract<Coverage, { kind: K }> })),
    );

  const leaked = (body: string) => world.secrets().filter((secret) => body.includes(secret));

  beforeAll(async () => {
    world = new World(context.app, context.handle.db);
    await world.build();
    const document = (await context.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
      })),
    );
  }, 120_000);

  it("classifies every route of the API, and no route that is gone", () => {
    const keys = new Set(operations.map((operation) => operation.key));
    const unclassified = [...keys].filter((key) => !routeCoverage[key]);
    const stale = Object.keys(routeCoverage).filter((key) => !keys.has(key));
    expect(
      unclassified,
      "add these routes to server/src/testing/access-matrix/crm-coverage.ts or portal-coverage.ts",
    ).toEqual([]);
    expect(stale).toEqual([]);
    expect(operations.length).toBeGreaterThan(180);
  });

  it("refuses outsiders on every record, reference, directory and admin route, and changes nothing", {
    timeout: 300_000,
  }, async () => {
    const before = await databaseState();
    const failures: string[] = [];
    for (const { key, method, path, coverage } of entries("record")) {
      const url = coverage.url?.(world) ?? recordUrl(path, world);
      for (const person of outsiders) {
        const response = await world.send(person, method, url, await coverage.body?.(world));
        if (response.statusCode !== 404)
          failures.push(`${key} as ${person}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        else if (leaked(response.body).length)
          failures.push(`${key} as ${person}: the 404 names ${leaked(response.body)}`);
      }
    }
    for (const { key, method, path, coverage } of entries("reference")) {
      const url = coverage.url?.(world) ?? path;
      for (const [person, check] of outsiders.flatMap((person) =>
        coverage.cases.map((check) => [person, check] as const),
      )) {
        const foreign = await world.send(person, method, url, await check.body(world));
        const missing = await world.send(person, method, url, await check.missing(world));
        // Indistinguishable from naming nothing: the same status and the same answer.
        if (foreign.statusCode !== missing.statusCode || foreign.statusCode >= 500 || foreign.body !== missing.body)
          failures.push(
            `${key} as ${person}: ${foreign.statusCode} ${foreign.body.slice(0, 120)} for A1's record, ${missing.statusCode} ${missing.body.slice(0, 120)} for none`,
          );
        if (leaked(foreign.body).length) failures.push(`${key} as ${person}: the answer names ${leaked(foreign.body)}`);
      }
    }
    for (const { key, method, path, coverage } of entries("directory")) {
      const url = coverage.url?.(world) ?? recordUrl(path, world);
      for (const person of outsiders) {
        const response = await world.send(person, method, url, await coverage.body?.(world));
        if (!(coverage.refusals ?? [403]).includes(response.statusCode))
          failures.push(`${key} as ${person}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    for (const { key, method, path, coverage } of entries("admin")) {
      const url = coverage.url?.(world) ?? path.replace(/\{\w+\}/g, "00000000-0000-4000-8000-000000000000");
      for (const person of nonAdmins) {
        const response = await world.send(
          person,
          method,
          url,
          method === "GET" || method === "DELETE" ? undefined : {},
        );
        if (response.statusCode !== 403) failures.push(`${key} as ${person}: ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseState()).toEqual(before);
  });

  it("gives outsiders nothing of A1's in any list, search, count, aggregate, export or sync", {
    timeout: 120_000,
  }, async () => {
    const failures: string[] = [];
    for (const { key, path, coverage } of entries("listing")) {
      const url = coverage.url?.(world) ?? (path.includes("{") ? recordUrl(path, world) : path);
      for (const person of outsiders) {
        const response = await world.send(person, "GET", url);
        if (response.statusCode !== 200)
          failures.push(`${key} as ${person}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        const secrets = leaked(response.body);
        if (secrets.length) failures.push(`${key} as ${person} holds ${secrets.join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("shows A1's things to A1 and to those above, so the refusals above are about scope", {
    timeout: 120_000,
  }, async () => {
    const failures: string[] = [];
    for (const { key, method, path, coverage } of entries("record")) {
      if (method !== "GET") continue;
      const url = coverage.url?.(world) ?? recordUrl(path, world);
      expect(coverage.readers?.length, `${key} names its readers`).toBeGreaterThan(0);
      for (const person of coverage.readers ?? []) {
        const response = await world.send(person, method, url);
        if (response.statusCode !== 200)
          failures.push(`${key} as ${person}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    for (const { key, path, coverage } of entries("listing")) {
      const url = coverage.url?.(world) ?? (path.includes("{") ? recordUrl(path, world) : path);
      for (const person of coverage.readers ?? []) {
        const response = await world.send(person, "GET", url);
        if (!response.body.includes(marker) && !world.secrets().some((secret) => response.body.includes(secret)))
          failures.push(`${key} as ${person}: nothing of A1's (${response.statusCode} ${response.body.slice(0, 200)})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("lets the one allowed perform every write the outsiders were refused", { timeout: 300_000 }, async () => {
    const writes = entries("record").filter(({ method }) => method !== "GET");
    const order = ({ method, path, coverage }: (typeof writes)[number]) =>
      method === "DELETE" ? 1_000 - path.length : (coverage.phase ?? 0);
    writes.sort((a, b) => order(a) - order(b));
    const failures: string[] = [];
    for (const { key, method, path, coverage } of writes) {
      if (coverage.actor === null) {
        expect(coverage.noActorBecause, `${key} says why nobody performs it`).toBeTruthy();
        continue;
      }
      const actor = coverage.actor ?? "managerA1";
      const url = coverage.url?.(world) ?? recordUrl(path, world);
      const response = await world.send(actor, method, url, await coverage.body?.(world));
      if (response.statusCode >= 300)
        failures.push(`${key} as ${actor}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
