import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import {
  dateOfYear,
  type Field,
  type Operation,
  operationsOf,
  pathOf,
  requestWith,
} from "../../testing/openapi-fields";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { rows } from "../db/database";

/**
 * Routes whose effect is the session itself, or a socket: not for a fuzzer holding one session; and
 * the PBX's webhook, which checks its signature before it reads the body (an unsigned body is a 401;
 * telephony.test.ts sends signed malformed events and gets 400 naming the fields).
 */
const skipped = new Set([
  "POST /api/v1/auth/logout",
  "GET /api/v1/realtime",
  "POST /api/v1/auth/login",
  "POST /api/v1/integrations/telephony/events",
]);

function deepNesting(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = { nested: value };
  return value;
}

/** Bodies no route accepts: each must be refused with a 4xx and change nothing. */
const invalidBodies: { name: string; payload: string; contentType: string }[] = [
  { name: "broken JSON", payload: '{"title": "x",', contentType: "application/json" },
  { name: "a JSON string", payload: JSON.stringify("just text"), contentType: "application/json" },
  { name: "a JSON array", payload: JSON.stringify([1, 2, 3]), contentType: "application/json" },
  { name: "form encoding", payload: "title=x&amount=1", contentType: "application/x-www-form-urlencoded" },
  { name: "plain text", payload: "DROP TABLE deals;", contentType: "text/plain" },
  {
    name: "wrong types everywhere",
    payload: JSON.stringify({ title: 12, name: [], amount: "many", version: "x", ids: "all", body: {} }),
    contentType: "application/json",
  },
  { name: "deep nesting", payload: JSON.stringify(deepNesting(2000)), contentType: "application/json" },
  {
    name: "a huge string",
    payload: JSON.stringify({ title: "x".repeat(1_100_000), name: "y" }),
    contentType: "application/json",
  },
  { name: "prototype pollution", payload: '{"__proto__": {"admin": true}}', contentType: "application/json" },
];

/** Query strings with wrong types, SQL and script: never a 5xx. */
const hostileQueries = [
  "limit=-1&offset=abc",
  "limit=999999",
  "sort=password_hash&q=%27%3B%20drop%20table%20deals%3B--",
  "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&month=2026-13&week=2026-W99&date=2026-02-30",
  "ownerId=not-a-uuid&unitId=%00&userId[]=x&since=-5&before=abc&from=yesterday&to=tomorrow",
];

/** Integer fields that address a bigint sequence (chat and real-time cursors), bounded by JavaScript's safe integers. */
const bigintCursors = new Set([
  "POST /api/v1/chats/{id}/read body.seq",
  "GET /api/v1/realtime/sync query.since",
  "GET /api/v1/chats/{id}/messages query.before",
  // Byte counts: files and quotas pass 2 GiB (bigint columns).
  "POST /api/v1/drive/uploads body.size",
  "PUT /api/v1/drive/settings body.maxFileBytes",
  "PUT /api/v1/drive/settings body.userQuotaBytes",
  "PUT /api/v1/drive/settings body.companyQuotaBytes",
]);

/**
 * A value just outside what the database and the calendar hold: integers beyond int4 (bigint cursors
 * beyond safe integers), numbers beyond any amount, years before 2000 or after 2100.
 */
function outOfRange(operation: Operation, field: Field, side: "low" | "high"): unknown {
  const { type } = field.schema;
  if (type === "integer") {
    if (bigintCursors.has(`${operation.method} ${operation.path} ${pathOf(field)}`))
      return side === "high" ? 2 ** 53 : -1;
    return side === "high" ? 2 ** 31 : -(2 ** 31) - 1;
  }
  if (type === "number") return side === "high" ? 1e300 : -1e300;
  return dateOfYear(field.schema, side === "high" ? 2101 : 1999);
}

/**
 * A fuzz pass over every route of the OpenAPI document: broken, mistyped, oversized and polluted
 * bodies, and hostile query strings, as an administrator (who passes every permission check, so
 * the validation itself is what answers). Never a 5xx, and nothing stored by a refused request.
 */
describe("every route from the OpenAPI document refuses hostile input", () => {
  const context = useTestApp();
  let admin: Client;
  let top: Client;
  let operations: Operation[];

  const tableCounts = async () => {
    const tables = await rows<{ name: string }>(
      context.handle.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%drizzle%'
            and table_name not in ('sessions', 'login_attempts', 'user_presence')`,
    );
    const counts = sql.join(
      tables.map((table) => sql`(select count(*) from ${sql.identifier(table.name)})::text`),
      sql` || ',' || `,
    );
    const [row] = await rows<{ counts: string }>(context.handle.db, sql`select ${counts} as counts`);
    return row!.counts;
  };

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
    top = await login(context.app, "top-user");
    operations = operationsOf((await context.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json());
  });

  const urlOf = (path: string) => path.replace(/\{\w+\}/g, () => randomUUID());

  it("covers the whole API", () => {
    expect(operations.length).toBeGreaterThan(150);
  });

  it("refuses every invalid body with a 4xx problem and stores nothing", { timeout: 300_000 }, async () => {
    const before = await tableCounts();
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      if (!["POST", "PUT", "PATCH"].includes(operation.method) || !operation.hasBody) continue;
      if (skipped.has(`${operation.method} ${operation.path}`)) continue;
      for (const body of invalidBodies) {
        const response = await context.app.inject({
          method: operation.method as "POST",
          url: urlOf(operation.path),
          payload: body.payload,
          headers: { cookie: admin.cookie, "content-type": body.contentType },
        });
        sent += 1;
        const label = `${operation.method} ${operation.path} with ${body.name}: ${response.statusCode}`;
        if (response.statusCode < 400 || response.statusCode >= 500) failures.push(label);
        else if (!String(response.headers["content-type"]).startsWith("application/problem+json"))
          failures.push(`${label} (not a problem document)`);
      }
    }
    expect(sent).toBeGreaterThan(400);
    expect(failures).toEqual([]);
    expect(await tableCounts()).toBe(before);
    // The server is still up and answering.
    expect((await admin.request("GET", "/api/v1/me")).statusCode).toBe(200);
  });

  it("never answers a hostile query string with a 5xx", { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      if (operation.method !== "GET" || skipped.has(`GET ${operation.path}`)) continue;
      for (const query of hostileQueries) {
        const response = await admin.request("GET", `${urlOf(operation.path)}?${query}`);
        sent += 1;
        if (response.statusCode >= 500) failures.push(`GET ${operation.path}?${query}: ${response.statusCode}`);
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });
  /** Sends `values` to `operation`; a failure unless the answer is a 400 problem naming every field. */
  async function expectRefusedNaming(operation: Operation, values: Map<Field, unknown>, failures: string[]) {
    const { url, body } = requestWith(operation, values, randomUUID);
    const send = (client: Client) =>
      context.app.inject({
        method: operation.method as "POST",
        url,
        headers: { cookie: client.cookie },
        ...(body === undefined ? {} : { payload: body }),
      });
    let response = await send(admin);
    // A few routes are not the administrator's (approving a bonus sheet is for heads and tops).
    if (response.statusCode === 403 && response.body.includes("Your role may not do this")) response = await send(top);
    const label = `${operation.method} ${url} ${body ? JSON.stringify(body) : ""}: ${response.statusCode}`;
    if (response.statusCode !== 400) return failures.push(`${label} ${response.body.slice(0, 200)}`);
    if (!String(response.headers["content-type"]).startsWith("application/problem+json"))
      return failures.push(`${label} (not a problem document)`);
    const named = new Set((response.json().errors ?? []).map((error: { path: string }) => error.path));
    const unnamed = [...values.keys()].map(pathOf).filter((path) => !named.has(path));
    if (unnamed.length > 0) failures.push(`${label} does not name ${unnamed.join(", ")}`);
  }

  it("refuses a NUL in every parameter and body text with a 400 naming each field, and stores nothing", {
    timeout: 300_000,
  }, async () => {
    const before = await tableCounts();
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      if (skipped.has(`${operation.method} ${operation.path}`)) continue;
      // PostgreSQL text cannot hold U+0000: every string that reaches it must be refused first.
      const texts = operation.fields.filter((field) => field.location !== "body" || field.schema.type === "string");
      if (texts.length === 0) continue;
      await expectRefusedNaming(operation, new Map(texts.map((field) => [field, "a\u0000b"])), failures);
      sent += 1;
    }
    expect(sent).toBeGreaterThan(150);
    expect(failures).toEqual([]);
    expect(await tableCounts()).toBe(before);
  });

  it("refuses integers beyond int4, unbounded numbers and years outside 2000–2100 in every field", {
    timeout: 300_000,
  }, async () => {
    const before = await tableCounts();
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      if (skipped.has(`${operation.method} ${operation.path}`)) continue;
      // Fastify validates the path, then the body, then the query, and answers the first that fails.
      for (const location of ["params", "body", "query"] as const) {
        for (const side of ["low", "high"] as const) {
          const values = new Map<Field, unknown>();
          for (const field of operation.fields) {
            const value = field.location === location ? outOfRange(operation, field, side) : undefined;
            if (value !== undefined) values.set(field, value);
          }
          if (values.size === 0) continue;
          await expectRefusedNaming(operation, values, failures);
          sent += 1;
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    expect(await tableCounts()).toBe(before);
  });
});
